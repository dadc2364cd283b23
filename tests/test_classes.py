"""A class on PostgreSQL: each student's login reads and writes only its own rows, the database enforcing it."""

from __future__ import annotations

import json
import os
import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.exc import ProgrammingError

from peerquiz.core.clock import study_day
from peerquiz.core.decks.library import Library, card_specs
from peerquiz.core.store import Store, StoreError, classroom
from peerquiz.core.store.records import Rating
from peerquiz.core.study.session import StudySession
from peerquiz.core.study.settings import scheduler_settings
from peerquiz.core.study.today import today
from peerquiz.core.workspace import Workspace

from .conftest import FIXTURES, PG_URL_ENV, fresh_pg_schema
from .store_helpers import engine_at, sync_cards_before_0009

pytestmark = pytest.mark.skipif(not os.environ.get(PG_URL_ENV), reason=f"needs a PostgreSQL server ({PG_URL_ENV})")

OWN_TABLES = ("card_state", "review_log", "exam_attempt")


@dataclass
class ClassDatabase:
    url: str  # the instructor's (the database owner's)
    logins: dict[str, str]  # student name -> the URL printed for them


def _study(url: str, name: str, answers: int) -> None:
    workspace = Workspace.open(url, [FIXTURES])
    profile = workspace.store.profiles.named(name)
    session = StudySession(workspace.store, workspace.library, profile)
    for _ in range(answers):
        session.next()
        session.answer(Rating.GOOD)
    workspace.close()


@pytest.fixture
def class_db() -> Iterator[ClassDatabase]:
    with fresh_pg_schema() as url:
        instructor = Workspace.open(url, [FIXTURES])  # the instructor syncs the decks first
        instructor.store.classroom.init()
        logins = {name: instructor.store.classroom.add_student(name).url for name in ("Ana", "Bo")}
        instructor.close()
        _study(logins["Ana"], "Ana", 3)
        _study(logins["Bo"], "Bo", 2)
        yield ClassDatabase(url, logins)


def test_a_student_sees_only_their_own_profile_and_progress(class_db: ClassDatabase):
    ana = Store.open(class_db.logins["Ana"])
    assert [p.name for p in ana.profiles.all()] == ["Ana"]
    assert ana.profiles.named("Bo") is None
    with ana.engine.connect() as conn:
        for table in OWN_TABLES[:2]:
            users = set(conn.execute(text(f"SELECT DISTINCT user_id FROM {table}")).scalars())
            assert users == {ana.profiles.named("Ana").id}, table
        assert conn.execute(text("SELECT count(*) FROM card")).scalar() > 0  # the shared cards are readable
    ana.close()


def test_a_student_cannot_change_delete_or_forge_another_students_rows(class_db: ClassDatabase):
    owner = Store.open(class_db.url)
    bo_id = owner.profiles.named("Bo").id
    bo_reviews = len(owner.answers.log(bo_id))
    ana = Store.open(class_db.logins["Ana"])
    with ana.engine.begin() as conn:
        assert conn.execute(text("UPDATE card_state SET reps = 99 WHERE user_id = :u"), {"u": bo_id}).rowcount == 0
        assert conn.execute(text("DELETE FROM review_log WHERE user_id = :u"), {"u": bo_id}).rowcount == 0
        assert conn.execute(text('UPDATE "user" SET name = \'x\' WHERE id = :u'), {"u": bo_id}).rowcount == 0
    with pytest.raises(ProgrammingError, match="row-level security"), ana.engine.begin() as conn:
        conn.execute(
            text("INSERT INTO review_log (user_id, card_id, rating, reviewed_at, mode) "
                 "SELECT :u, min(id), 1, now(), 'study' FROM card"), {"u": bo_id}
        )  # fmt: skip
    with pytest.raises(ProgrammingError, match="permission denied"), ana.engine.begin() as conn:
        conn.execute(text('DELETE FROM "user" WHERE id = :u'), {"u": bo_id})
    ana.close()
    assert len(owner.answers.log(bo_id)) == bo_reviews
    assert all(m.reps < 99 for m in owner.memory.all(bo_id).values())
    owner.close()


def test_an_instructor_login_reads_every_student_and_changes_nothing(class_db: ClassDatabase, cli):
    added = cli("class", "add-instructor", "Dana Lee", "--db", class_db.url)
    assert added.returncode == 0, added.stderr
    assert "shown only this once" in added.stdout
    url = re.search(r"--db '([^']+)' class show", added.stdout).group(1)
    reader = Store.open(url)
    assert sorted(p.name for p in reader.profiles.all()) == ["Ana", "Bo"]
    assert len(reader.answers.log(reader.profiles.named("Ana").id)) == 3
    assert len(reader.answers.log(reader.profiles.named("Bo").id)) == 2
    for statement in ("DELETE FROM review_log", "UPDATE card_state SET reps = 99", 'UPDATE "user" SET name = \'x\'',
                      "DELETE FROM card"):  # fmt: skip
        with pytest.raises(ProgrammingError, match="permission denied"), reader.engine.begin() as conn:
            conn.execute(text(statement))
    reader.close()
    # Ana's home as this login reads it: her streak is counted, though this login may not keep it for her.
    instructor = Workspace.open(url, [FIXTURES])
    ana, now = instructor.store.profiles.named("Ana"), datetime.now(UTC)
    assert today(instructor.store, instructor.library, ana, now).streak == 1
    settings = scheduler_settings(instructor.store, ana)
    assert instructor.store.streaks.kept(ana.id, study_day(now, settings), settings, None) is None
    instructor.close()
    report = cli("class", "report", "--json", "--db", url, "--decks", FIXTURES)
    assert report.returncode == 0, report.stderr
    assert {s["name"]: s["reviews_7d"] for s in json.loads(report.stdout)["students"]} == {"Ana": 3, "Bo": 2}
    refused = cli("users", "add", "Mallory", "--db", url)
    assert refused.returncode == 2 and refused.stderr.count("\n") == 1 and "permission denied" in refused.stderr
    again = cli("class", "add-instructor", "Dana Lee", "--db", class_db.url)
    assert again.returncode == 2 and again.stderr.strip().endswith("already exists")


def test_a_student_whose_decks_differ_from_the_class_gets_one_clear_line(class_db: ClassDatabase, tmp_path):
    (tmp_path / "extra.yaml").write_text((FIXTURES / "mixed.yaml").read_text().replace("id: mixed", "id: extra", 1))
    with pytest.raises(StoreError, match="may not change the class's cards"):
        Workspace.open(class_db.logins["Ana"], [tmp_path])


def test_class_verbs_need_postgresql_and_print_the_password_once(cli, db_url: str):
    if db_url.startswith("sqlite"):
        result = cli("class", "init", "--db", db_url)
        assert result.returncode == 2 and "a class needs a PostgreSQL database" in result.stderr
        return
    for verb in ("add-student", "add-instructor"):
        early = cli("class", verb, "Cy", "--db", db_url)
        assert early.returncode == 2 and "run `peerquiz class init` first" in early.stderr
    assert cli("class", "init", "--db", db_url).returncode == 0
    added = cli("class", "add-student", "Cy", "--db", db_url)
    assert added.returncode == 0, added.stderr
    assert "password" in added.stdout and "shown only this once" in added.stdout
    assert cli("class", "add-student", "Cy", "--db", db_url).stderr.strip().endswith("a profile named 'Cy' already exists")


def test_the_login_line_printed_for_a_student_is_safe_to_paste_into_a_shell(cli, db_url: str):
    if db_url.startswith("sqlite"):
        pytest.skip("a class lives on PostgreSQL")
    assert cli("class", "init", "--db", db_url).returncode == 0
    name = "Zed'; touch pwned #"
    added = cli("class", "add-student", name, "--db", db_url)
    assert added.returncode == 0, added.stderr
    line = next(text.strip() for text in added.stdout.splitlines() if text.strip().startswith("peerquiz --db"))
    words = shlex.split(line)  # as the shell would read the pasted line: one command, the name one word
    assert words[:2] == ["peerquiz", "--db"] and words[3:] == ["--user", name]


def test_a_student_adding_or_removing_a_profile_gets_one_line_not_a_traceback(class_db: ClassDatabase, cli):
    added = cli("users", "add", "Mallory", "--db", class_db.logins["Ana"])
    assert added.returncode == 2
    assert added.stderr.strip() == "peerquiz: the database refused this login: permission denied for table user"
    removed = cli("users", "remove", "Bo", "--db", class_db.logins["Ana"])
    assert (removed.returncode, removed.stderr.strip()) == (2, "peerquiz: no profile named 'Bo'")


def test_a_class_set_up_before_the_deck_card_counts_and_the_kept_streak_may_use_them_once_upgraded(monkeypatch):
    with fresh_pg_schema() as url:
        old = Store(engine_at(url, "0008"))
        sync_cards_before_0009(old.engine, card_specs(Library.load([FIXTURES]).decks))
        with monkeypatch.context() as before_0009:  # the tables a class was granted then
            before_0009.setattr(classroom, "SHARED", ("card", "deck_sync", "alembic_version"))
            before_0009.setattr(classroom, "OWN_ROWS", {t: c for t, c in classroom.OWN_ROWS.items() if t != "study_streak"})
            old.classroom.init()
        login = old.classroom.add_student("Ana").url
        old.close()
        Workspace.open(url, [FIXTURES]).close()  # the instructor opens the new version first, which upgrades
        _study(login, "Ana", 2)  # home and the queue read each deck's card counts
        ana = Workspace.open(login, [FIXTURES])
        profile = ana.store.profiles.named("Ana")
        assert len(ana.store.answers.log(profile.id)) == 2
        now = datetime.now(UTC)
        assert today(ana.store, ana.library, profile, now).streak == 1
        # Her login may keep her streak: the upgrade gave the class its rights on the new table.
        settings = scheduler_settings(ana.store, profile)
        assert ana.store.streaks.kept(profile.id, study_day(now, settings), settings, None) == 0
        ana.close()
