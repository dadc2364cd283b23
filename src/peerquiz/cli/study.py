"""The learner's verbs: the study app (the default), `study`, `users` and `decks`."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from peerquiz.cli.common import UsageError, chosen_profile, open_store, open_workspace, require_existing
from peerquiz.config import Settings

if TYPE_CHECKING:
    from peerquiz.core.workspace import Workspace


def run_app(settings: Settings, study_now: str | None = None) -> int:
    """The default verb: the study app. Textual loads only here, so the other verbs stay fast."""
    from peerquiz.core.decks.gc_pause import collector_paused

    # Textual's modules and the app's live as long as the process: loaded without the cycle collector walking
    # them (it ran some 160 times over the modules loaded before a first card, a tenth of that time), then frozen.
    with collector_paused(freeze=True):
        from peerquiz.tui.app import PeerquizApp

    require_existing(settings.deck_paths)

    def open_for_app() -> Workspace:
        # The app opens the workspace itself, after its first frame, and reports a store it cannot open.
        from peerquiz.core.workspace import Workspace

        return Workspace.open(settings.db_url, settings.deck_paths, settings.cache_dir)

    app = PeerquizApp(settings, open_for_app, study_now=study_now)
    app.run()
    if app.store_error:
        raise UsageError(app.store_error)
    return app.return_code or 0


def _cmd_study(args: argparse.Namespace, settings: Settings) -> int:
    return run_app(settings, study_now=args.deck)


def _cmd_users(args: argparse.Namespace, settings: Settings) -> int:
    from peerquiz.core.store import StoreError
    from peerquiz.core.terminal_text import shown

    store = open_store(settings)
    try:
        if args.action == "add":
            profile = store.profiles.add(args.name)
            print(f"added profile {profile.name}")
        elif args.action == "remove":
            if store.profiles.named(args.name) is None:
                raise UsageError(f"no profile named {args.name!r}")
            if not (args.yes or _confirmed(f"Remove profile {shown(args.name)} and all its progress and history? [y/N] ")):
                print(f"kept profile {shown(args.name)}")
                return 1
            store.profiles.remove(args.name)
            print(f"removed profile {shown(args.name)} and all its progress")
        else:
            for profile in store.profiles.all():
                print(shown(profile.name))  # a name stored before names were checked may hold an escape
    except StoreError as exc:
        raise UsageError(str(exc)) from None
    finally:
        store.close()
    return 0


def _confirmed(question: str) -> bool:
    """A yes from the person at the terminal; without a terminal to ask in, --yes is required."""
    if not sys.stdin.isatty():
        raise UsageError("users remove: pass --yes to delete a profile when not run in a terminal (nothing was deleted)")
    try:
        return input(question).strip().lower() in ("y", "yes")
    except EOFError:
        return False


def _cmd_decks(args: argparse.Namespace, settings: Settings) -> int:
    from peerquiz.core.clock import utc_now
    from peerquiz.core.study.today import today

    workspace = open_workspace(settings)
    try:
        profile = chosen_profile(workspace, settings)
        day = today(workspace.store, workspace.library, profile, utc_now())
        rows = [("deck", "cards", "new", "learning", "due")]
        for deck in workspace.library.headers:
            count = day.count([deck.id])  # what home shows: the same counts, within today's limits
            rows.append((deck.id, str(count.total), str(count.new), str(count.learning), str(count.review)))
        widths = [max(len(row[i]) for row in rows) for i in range(5)]
        for row in rows:
            print("  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths))))
        for error in workspace.library.errors:
            print(f"skipped: {error}", file=sys.stderr)
    finally:
        workspace.close()
    return 0


def register(verbs: argparse._SubParsersAction, shared: argparse.ArgumentParser) -> None:
    study = verbs.add_parser("study", parents=[shared], help="open the app and start studying today's cards at once")
    study.add_argument("--deck", default="all", metavar="ID", help="study only this deck (default: all decks)")
    study.set_defaults(run=_cmd_study)

    users = verbs.add_parser("users", parents=[shared], help="list, add or remove profiles")
    user_actions = users.add_subparsers(dest="action", metavar="ACTION")
    user_actions.add_parser("list", parents=[shared], help="list profiles (the default)")
    user_actions.add_parser("add", parents=[shared], help="create a profile").add_argument("name", help="profile name")
    remove = user_actions.add_parser("remove", parents=[shared], help="delete a profile and all its progress (asks first)")
    remove.add_argument("name", help="profile name")
    remove.add_argument("--yes", action="store_true", help="do not ask (needed when not run in a terminal)")
    users.set_defaults(run=_cmd_users)

    decks = verbs.add_parser("decks", parents=[shared], help="list decks with card, new, learning and due counts for a profile")
    decks.set_defaults(run=_cmd_decks)
