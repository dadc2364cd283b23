"""The `settings` verb: show a profile's study settings, or change one (KEY VALUE)."""

from __future__ import annotations

import argparse
import json

from peerquiz.cli.common import UsageError, chosen_profile, open_workspace
from peerquiz.config import Settings


def _cmd_show(args: argparse.Namespace, settings: Settings) -> int:
    from peerquiz.core.study.setting_keys import setting_lines, setting_values
    from peerquiz.core.study.settings import scheduler_settings

    workspace = open_workspace(settings)
    try:
        study = scheduler_settings(workspace.store, chosen_profile(workspace, settings))
    finally:
        workspace.close()
    if args.json:
        print(json.dumps(setting_values(study), indent=2, ensure_ascii=False))
        return 0
    lines = setting_lines(study)
    width = max(len(key) for key, _, _ in lines)
    value_width = max(len(value) for _, value, _ in lines)
    for key, value, meaning in lines:
        print(f"{key:<{width}}  {value:<{value_width}}  {meaning}")
    return 0


def _cmd_set(args: argparse.Namespace, settings: Settings) -> int:
    from peerquiz.core.study.setting_keys import SettingError, change_setting

    workspace = open_workspace(settings)
    try:
        profile = chosen_profile(workspace, settings)
        deck_ids = [header.id for header in workspace.library.headers]
        try:
            change_setting(workspace.store, profile, args.key, args.value, deck_ids)
        except SettingError as exc:
            raise UsageError(str(exc)) from None
    finally:
        workspace.close()
    print(f"{args.key} = {args.value.strip()} for {profile.name}")
    return 0


def register(verbs: argparse._SubParsersAction, shared: argparse.ArgumentParser) -> None:
    group = verbs.add_parser(
        "settings",
        parents=[shared],
        help="show or change the profile's study settings",
        description="Study settings of a profile: daily limits, retention, steps, new-card order, "
        "leeches. They take effect at the next card.",
    )
    actions = group.add_subparsers(dest="action", metavar="ACTION", required=True)
    show = actions.add_parser("show", parents=[shared], help="print every setting")
    show.add_argument("--json", action="store_true", help="print JSON for scripts")
    show.set_defaults(run=_cmd_show)
    change = actions.add_parser(
        "set",
        parents=[shared],
        help="change one setting",
        description="Change one setting; the value 'default' forgets a saved one. "
        "deck-new-limit.DECK sets one deck's own daily new-card limit.",
    )
    change.add_argument("key", metavar="KEY", help="a key as `settings show` prints it")
    change.add_argument("value", metavar="VALUE", help="the new value (steps as one argument: '1m 10m')")
    change.set_defaults(run=_cmd_set)
