"""The `peerquiz` command: the parser and `main`. With no verb it opens the study app.

Every failure the user can cause ends as one line on stderr and exit status 2;
`check` exits 1 when decks have errors (or, with --strict, warnings), as linters do.
Each verb lives in the module of its group and imports the core only when it runs.
"""

from __future__ import annotations

import argparse
import os
import sys

from peerquiz import __version__
from peerquiz.cli.authoring import register as authoring_verbs
from peerquiz.cli.cards import register as card_verbs
from peerquiz.cli.classes import register as class_verbs
from peerquiz.cli.common import UsageError
from peerquiz.cli.exam import register as exam_verbs
from peerquiz.cli.settings import register as settings_verbs
from peerquiz.cli.stats import register as stats_verbs
from peerquiz.cli.study import register as study_verbs
from peerquiz.cli.study import run_app
from peerquiz.config import Settings, SettingsError
from peerquiz.core.formats.output import FormatError

SIGPIPE_EXIT = 141  # what a shell reports for a writer stopped by a closed pipe (128 + SIGPIPE)
# `--decks` after the verb lands here and is added to any `--decks` given before it.
DECKS_AFTER_VERB = "decks_after_verb"


def shared_options(after_verb: bool) -> argparse.ArgumentParser:
    """--db, --decks and --user, so that every verb takes them before or after its name.

    The copies after the verb default to SUPPRESS: argparse parses a verb's options into
    a fresh namespace and copies it over the top one, so a default there would erase a
    value given before the verb.
    """
    default = argparse.SUPPRESS if after_verb else None
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument("--db", metavar="URL", default=default, help="database URL or SQLite file (env PEERQUIZ_DB)")
    options.add_argument(
        "--decks",
        metavar="PATH",
        action="append",
        default=default,
        dest=DECKS_AFTER_VERB if after_verb else "decks",
        help="deck file or folder to use instead of the bundled decks (repeatable)",
    )
    options.add_argument("--user", metavar="NAME", default=default, help="profile to use (skips the profile screen)")
    return options


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="peerquiz",
        description="Study peer support certification decks with spaced repetition and mock exams.",
        parents=[shared_options(after_verb=False)],
    )
    parser.add_argument("--version", action="version", version=f"peerquiz {__version__}")
    verbs = parser.add_subparsers(dest="verb", metavar="VERB")
    after_verb = shared_options(after_verb=True)
    for register in (study_verbs, card_verbs, authoring_verbs, stats_verbs, exam_verbs, settings_verbs, class_verbs):
        register(verbs, after_verb)
    return parser


def _discard_stdout() -> None:
    """Point stdout at /dev/null, so that flushing what is left at exit cannot fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (AttributeError, OSError, ValueError):  # stdout replaced by something without a file descriptor
        pass
    finally:
        os.close(devnull)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    decks = [*(args.decks or []), *getattr(args, DECKS_AFTER_VERB, [])]
    try:
        settings = Settings.resolve(db=args.db, decks=decks, user=args.user)
        code = args.run(args, settings) if "run" in args else run_app(settings)
        sys.stdout.flush()  # here, so a reader that has gone away is noticed below
        return code
    except (UsageError, FormatError, SettingsError) as exc:
        print(f"peerquiz: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader left (`peerquiz stats --json | head`): stop quietly, as a pipeline's writer does.
        _discard_stdout()
        return SIGPIPE_EXIT
    except KeyboardInterrupt:
        return 130
