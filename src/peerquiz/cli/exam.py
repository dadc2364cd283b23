"""The `exam` verb: a timed mock exam or untimed practice. Textual loads only when the app opens."""

from __future__ import annotations

import argparse
from pathlib import Path

from peerquiz.cli.common import UsageError, chosen_profile, open_workspace
from peerquiz.config import Settings
from peerquiz.core.exams import FORM_COUNT


def _cmd_exam(args: argparse.Namespace, settings: Settings) -> int:
    from peerquiz.config import bundled_decks_dir
    from peerquiz.core.exams.assembly import NO_EXAM_ITEMS, exam_pool
    from peerquiz.core.exams.blueprint import (
        BlueprintError,
        find_blueprint,
        load_blueprint,
    )

    path = Path(args.blueprint) if args.blueprint else find_blueprint(settings.deck_paths, bundled_decks_dir())
    try:
        blueprint = load_blueprint(path)
    except BlueprintError as exc:
        raise UsageError(str(exc)) from None
    domains = []
    for name in args.domain or []:
        found = blueprint.find_domain(name)
        if found is None:
            known = "; ".join(d.name for d in blueprint.domains)
            raise UsageError(f"no domain {name!r} in {path} (its domains: {known})")
        domains.append(found)
    if domains and not args.practice:
        raise UsageError("--domain chooses domains to practise: use it with --practice")
    if args.form is not None and args.practice:
        raise UsageError("--form chooses a timed practice exam: use it without --practice")
    workspace = open_workspace(settings)
    try:
        profile = chosen_profile(workspace, settings)
        if not any(exam_pool(workspace.library.items, blueprint).values()):
            raise UsageError(NO_EXAM_ITEMS)
        from peerquiz.tui.exam_app import ExamApp

        ExamApp(workspace.store, workspace.library, profile, blueprint, args.practice, domains, form=args.form).run()
    finally:
        workspace.close()
    return 0


def register(verbs: argparse._SubParsersAction, shared: argparse.ArgumentParser) -> None:
    exam = verbs.add_parser("exam", parents=[shared], help="take a timed mock exam, or practise exam questions untimed")
    exam.add_argument(
        "--blueprint",
        metavar="FILE",
        help="exam blueprint (TOML; default: exam-blueprint.toml in the deck folder, else the bundled practice default)",
    )
    exam.add_argument("--practice", action="store_true", help="untimed, with the explanation after each answer")
    exam.add_argument("--domain", metavar="D", action="append", help="practise only this domain (repeatable)")
    exam.add_argument(
        "--form",
        type=int,
        choices=range(1, FORM_COUNT + 1),
        metavar="N",
        help=f"preselect fixed practice exam N (1-{FORM_COUNT}): the same questions each time, none shared between forms",
    )
    exam.set_defaults(run=_cmd_exam)
