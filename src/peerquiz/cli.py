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
