"""`peerquiz class`: an instructor's verbs for a class sharing one PostgreSQL database."""

from __future__ import annotations

import argparse
import json
import shlex
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from peerquiz.cli.common import UsageError, open_store, open_workspace
from peerquiz.config import Settings

if TYPE_CHECKING:
    from peerquiz.core.exams.blueprint import Blueprint
    from peerquiz.core.store.classroom import ClassStore

T = TypeVar("T")


def _classroom(settings: Settings, act: Callable[[ClassStore], T]) -> T:
    """Run one classroom action on the store; its refusal is one line."""
    from peerquiz.core.store import StoreError

    store = open_store(settings)
    try:
        return act(store.classroom)
    except StoreError as exc:
        raise UsageError(str(exc)) from None
    finally:
        store.close()


def _cmd_init(args: argparse.Namespace, settings: Settings) -> int:
    roles = _classroom(settings, lambda classroom: classroom.init())
    print(f"class ready: students log in as members of {roles.student}, instructors as members of {roles.instructor}")
    print("add each student with `peerquiz class add-student NAME`, each instructor with `peerquiz class add-instructor NAME`")
    return 0


def _cmd_add_student(args: argparse.Namespace, settings: Settings) -> int:
    login = _classroom(settings, lambda classroom: classroom.add_student(args.name))
    print(f"added {login.profile.name}: login role {login.role}, password {login.password}")
    print("the password is shown only this once; the student studies with:")
    # Quoted for a shell: the teacher pastes this line, and a name may hold a quote.
    print(f"  peerquiz --db {shlex.quote(login.url)} --user {shlex.quote(login.profile.name)}")
    return 0


def _cmd_add_instructor(args: argparse.Namespace, settings: Settings) -> int:
    login = _classroom(settings, lambda classroom: classroom.add_instructor(args.name))
    print(f"added instructor login role {login.role}, password {login.password}: reads every student, changes nothing")
    print("the password is shown only this once; the instructor follows the class with:")
    print(f"  peerquiz --db {shlex.quote(login.url)} class show")
    return 0


def _blueprint(args: argparse.Namespace, settings: Settings) -> Blueprint:
    from peerquiz.config import bundled_decks_dir
    from peerquiz.core.exams.blueprint import BlueprintError, find_blueprint, load_blueprint

    path = Path(args.blueprint) if args.blueprint else find_blueprint(settings.deck_paths, bundled_decks_dir())
    try:
        return load_blueprint(path)
    except BlueprintError as exc:
        raise UsageError(str(exc)) from None


def _print(args: argparse.Namespace, as_json: object, as_csv: str, as_text: str) -> None:
    if args.json:
        print(json.dumps(as_json, indent=2, ensure_ascii=False))
    else:
        print(as_csv if args.csv else as_text, end="" if args.csv else "\n")


def _cmd_report(args: argparse.Namespace, settings: Settings) -> int:
    from peerquiz.core.clock import utc_now
    from peerquiz.core.exams.class_output import report_csv, report_json, report_text
    from peerquiz.core.exams.class_report import class_report

    blueprint = _blueprint(args, settings)
    workspace = open_workspace(settings)
    try:
        report = class_report(workspace.store, workspace.library, blueprint, utc_now())
    finally:
        workspace.close()
    _print(args, report_json(report), report_csv(report), report_text(report))
    return 0


def _cmd_items(args: argparse.Namespace, settings: Settings) -> int:
    from peerquiz.core.exams.class_output import items_csv, items_json, items_text
    from peerquiz.core.exams.class_report import card_location
    from peerquiz.core.exams.item_analysis import analyse_items

    workspace = open_workspace(settings)
    try:
        classwide = workspace.store.classwide
        items = analyse_items(classwide.exam_responses(), classwide.exam_scores(), card_location(workspace.library))
    finally:
        workspace.close()
    _print(args, items_json(items), items_csv(items), items_text(items))
    return 0


def _cmd_show(args: argparse.Namespace, settings: Settings) -> int:
    from peerquiz.tui.class_app import ClassApp

    blueprint = _blueprint(args, settings)
    workspace = open_workspace(settings)
    try:
        ClassApp(workspace.store, workspace.library, blueprint).run()
    finally:
        workspace.close()
    return 0


def register(verbs: argparse._SubParsersAction, shared: argparse.ArgumentParser) -> None:
    group = verbs.add_parser("class", parents=[shared], help="a class on one PostgreSQL database: set up, add students and instructors, reports")
    actions = group.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser(
        "init", parents=[shared], help="create the class's roles and the row-level security that keeps students' rows private"
    ).set_defaults(run=_cmd_init)
    add = actions.add_parser("add-student", parents=[shared], help="create a student's profile and login role (password shown once)")
    add.add_argument("name", help="profile name")
    add.set_defaults(run=_cmd_add_student)
    instructor = actions.add_parser(
        "add-instructor", parents=[shared], help="create an instructor's login role: reads every student, changes nothing (password shown once)"
    )
    instructor.add_argument("name", help="the instructor's name, for the role's name")
    instructor.set_defaults(run=_cmd_add_instructor)

    report = actions.add_parser(
        "report", parents=[shared], help="per student: activity, streak, readiness, mock exams; the class's hardest cards"
    )
    report.set_defaults(run=_cmd_report)
    items = actions.add_parser(
        "items", parents=[shared], help="item analysis of mock-exam answers: difficulty, discrimination, distractors, flags"
    )
    items.set_defaults(run=_cmd_items)
    show = actions.add_parser("show", parents=[shared], help="the class screen: students, hardest cards and items as tabs")
    show.set_defaults(run=_cmd_show)
    for verb in (report, show):
        verb.add_argument("--blueprint", metavar="FILE", help="exam blueprint for readiness (default: the decks' or the bundled one)")
    for verb in (report, items):
        output = verb.add_mutually_exclusive_group()
        output.add_argument("--json", action="store_true", help="print JSON for scripts")
        output.add_argument("--csv", action="store_true", help="print CSV for a spreadsheet")
