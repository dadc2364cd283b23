"""`peerquiz class`: an instructor's verbs for a class sharing one PostgreSQL database."""

from __future__ import annotations

import argparse

from peerquiz.cli.common import UsageError, open_store
from peerquiz.config import Settings


def _cmd_init(args: argparse.Namespace, settings: Settings) -> int:
    from peerquiz.core.store import StoreError

    store = open_store(settings)
    try:
        roles = store.classroom.init()
    except StoreError as exc:
        raise UsageError(str(exc)) from None
    finally:
        store.close()
    print(f"class ready: students log in as members of {roles.student}; grant {roles.instructor} to an instructor's login")
    print("add each student with `peerquiz class add-student NAME`")
    return 0


def _cmd_add_student(args: argparse.Namespace, settings: Settings) -> int:
    from peerquiz.core.store import StoreError

    store = open_store(settings)
    try:
        login = store.classroom.add_student(args.name)
    except StoreError as exc:
        raise UsageError(str(exc)) from None
    finally:
        store.close()
    print(f"added {login.profile.name}: login role {login.role}, password {login.password}")
    print("the password is shown only this once; the student studies with:")
    print(f"  peerquiz --db '{login.url}' --user '{login.profile.name}'")
    return 0


def register(verbs: argparse._SubParsersAction, shared: argparse.ArgumentParser) -> None:
    group = verbs.add_parser("class", parents=[shared], help="a class on one PostgreSQL database: set up, add students")
    actions = group.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser(
        "init", parents=[shared], help="create the class's roles and the row-level security that keeps students' rows private"
    ).set_defaults(run=_cmd_init)
    add = actions.add_parser("add-student", parents=[shared], help="create a student's profile and login role (password shown once)")
    add.add_argument("name", help="profile name")
    add.set_defaults(run=_cmd_add_student)
