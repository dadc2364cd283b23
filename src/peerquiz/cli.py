"""The `peerquiz` command. With no verb it opens the study app.

Every failure the user can cause ends as one line on stderr and exit status 2;
`check` exits 1 when decks have errors, as linters do.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from peerquiz import __version__
from peerquiz.config import Settings


class UsageError(Exception):
    """A problem the user can fix; printed as one line, exit status 2."""


def _cmd_check(args: argparse.Namespace, settings: Settings) -> int:
    from peerquiz.core.loader import load_decks

    paths = [Path(p) for p in args.paths] if args.paths else list(settings.deck_paths)
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise UsageError(f"no such file or directory: {', '.join(missing)}")
    result = load_decks(paths)
    for error in result.errors:
        print(error, file=sys.stderr)
    for deck in result.decks:
        items = len(deck.items())
        print(f"ok {deck.path}: {deck.id}: {len(deck.cards)} cards, {items} items")
    if not result.decks and not result.errors:
        raise UsageError(f"no deck files (*.yaml) found in {', '.join(map(str, paths))}")
    if result.errors:
        print(f"{len(result.errors)} error(s)", file=sys.stderr)
        return 1
    return 0


def _open(settings: Settings):
    from peerquiz.core.store import StoreError
    from peerquiz.core.workspace import Workspace

    try:
        return Workspace.open(settings.db_url, settings.deck_paths)
    except StoreError as exc:
        raise UsageError(str(exc)) from None


def _profile(workspace, settings: Settings):
    from peerquiz.config import last_profile

    name = settings.user or last_profile(settings.state_file)
    if not name:
        raise UsageError("no profile chosen: pass --user NAME (see `peerquiz users`)")
    profile = workspace.store.profile(name)
    if profile is None:
        raise UsageError(f"no profile named {name!r} (create it with `peerquiz users add {name}`)")
    return profile


def _cmd_users(args: argparse.Namespace, settings: Settings) -> int:
    from peerquiz.core.store import Store, StoreError

    try:
        store = Store.open(settings.db_url)
    except StoreError as exc:
        raise UsageError(str(exc)) from None
    try:
        if args.action == "add":
            profile = store.add_profile(args.name)
            print(f"added profile {profile.name}")
        elif args.action == "remove":
            if not store.remove_profile(args.name):
                raise UsageError(f"no profile named {args.name!r}")
            print(f"removed profile {args.name} and all its progress")
        else:
            for profile in store.profiles():
                print(profile.name)
    except StoreError as exc:
        raise UsageError(str(exc)) from None
    finally:
        store.close()
    return 0


def _cmd_decks(args: argparse.Namespace, settings: Settings) -> int:
    from peerquiz.core.scheduling import day_end
    from peerquiz.core.study import scheduler_settings, utc_now

    workspace = _open(settings)
    try:
        profile = _profile(workspace, settings)
        now = utc_now()
        until = day_end(now, scheduler_settings(workspace.store, profile))
        counts = workspace.store.deck_counts(profile.id, now, until)
        rows = [("deck", "cards", "new", "learning", "due")]
        for deck in workspace.library.decks:
            count = counts[deck.id]
            rows.append((deck.id, str(count.total), str(count.new), str(count.learning), str(count.review)))
        widths = [max(len(row[i]) for row in rows) for i in range(5)]
        for row in rows:
            print("  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths))))
        for error in workspace.library.errors:
            print(f"skipped: {error}", file=sys.stderr)
    finally:
        workspace.close()
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="peerquiz",
        description="Study peer support certification decks with spaced repetition and mock exams.",
    )
    parser.add_argument("--version", action="version", version=f"peerquiz {__version__}")
    parser.add_argument("--db", metavar="URL", help="database URL or SQLite file (env PEERQUIZ_DB)")
    parser.add_argument(
        "--decks", metavar="PATH", action="append", help="deck file or folder to use instead of the bundled decks"
    )
    parser.add_argument("--user", metavar="NAME", help="profile to use (skips the profile screen)")
    verbs = parser.add_subparsers(dest="verb", metavar="VERB")

    check = verbs.add_parser("check", help="validate deck files; errors are printed as file:line")
    check.add_argument("paths", nargs="*", help="deck files or folders (default: the decks in use)")
    check.set_defaults(run=_cmd_check)

    users = verbs.add_parser("users", help="list, add or remove profiles")
    user_actions = users.add_subparsers(dest="action", metavar="ACTION")
    user_actions.add_parser("list", help="list profiles (the default)")
    for action, text in (("add", "create a profile"), ("remove", "delete a profile and all its progress")):
        user_actions.add_parser(action, help=text).add_argument("name", help="profile name")
    users.set_defaults(run=_cmd_users)

    decks = verbs.add_parser("decks", help="list decks with card, new, learning and due counts for a profile")
    decks.set_defaults(run=_cmd_decks)

    from peerquiz import cli_exam

    cli_exam.register(verbs)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    settings = Settings.resolve(db=args.db, decks=args.decks, user=args.user)
    run = getattr(args, "run", None)
    if run is None:
        parser.print_help()
        return 0
    try:
        return run(args, settings)
    except UsageError as exc:
        print(f"peerquiz: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
