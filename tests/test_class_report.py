"""`peerquiz class report` and `class items` on real mock exams and study, on each backend."""

from __future__ import annotations

import csv
import io
import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from peerquiz.core.decks.library import Library
from peerquiz.core.exams.session import ExamSession
from peerquiz.core.store import Store
from peerquiz.core.store.records import Rating
from peerquiz.core.study.session import StudySession
from tests.exam_helpers import BUNDLED_BLUEPRINT, DOMAINS, blueprint, exam_deck_text

# How many of each exam's 8 questions each student gets right, exam by exam.
RIGHT = {"ana": [8, 6], "bo": [4], "cy": [2, 5]}


def _class_with_exams(url: str, decks: Path, clock) -> None:
    decks.mkdir()
    (decks / "pool.yaml").write_text(exam_deck_text(dict.fromkeys(DOMAINS, 3)), encoding="utf-8")
    store = Store.open(url)
    library = Library.load([decks])
    library.sync(store.cards)
    for seed, (name, rights) in enumerate(RIGHT.items()):
        profile = store.profiles.add(name, clock())
        for exam, right in enumerate(rights):
            session = ExamSession.start(store, library, profile, blueprint(questions=8), clock, random.Random(seed * 10 + exam))
            for i, question in enumerate(session.questions):
                wrong = next(o for o in question.options if o != question.answer)
                session.choose(i, question.answer if i < right else wrong)
            session.submit()
        study = StudySession(store, library, profile, clock=clock)
        for _ in range(seed + 1):
            study.next()
            study.answer(Rating.GOOD)
    store.close()


def test_items_reports_each_question_with_its_file_line_and_figures(cli, db_url: str, tmp_path: Path, clock):
    clock.now = datetime.now(UTC)
    decks = tmp_path / "decks"
    _class_with_exams(db_url, decks, clock)
    result = cli("class", "items", "--json", "--db", db_url, "--decks", decks)
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)
    assert sum(item["answered"] for item in items) == 8 * sum(len(r) for r in RIGHT.values())
    right = sum(round(item["p_value"] * item["answered"]) for item in items)
    assert right == sum(sum(r) for r in RIGHT.values())
    assert all(item["where"].startswith(f"{decks / 'pool.yaml'}:") and int(item["where"].rsplit(":", 1)[1]) > 1 for item in items)
    assert all(len(item["choices"]) == 4 and sum(c["right"] for c in item["choices"]) == 1 for item in items)
    flagged = [item for item in items if item["flags"]]
    assert flagged and all("nobody chose" in " ".join(item["flags"]) or "too" in " ".join(item["flags"]) for item in flagged)
    text = cli("class", "items", "--db", db_url, "--decks", decks).stdout
    assert "FLAG " in text and f"{decks / 'pool.yaml'}:" in text
    csv_lines = cli("class", "items", "--csv", "--db", db_url, "--decks", decks).stdout.splitlines()
    assert csv_lines[0].startswith("where,card_id,answered,p_value,discrimination") and len(csv_lines) == len(items) + 1


def test_report_shows_each_students_activity_readiness_and_exam_scores(cli, db_url: str, tmp_path: Path, clock):
    clock.now = datetime.now(UTC)
    decks = tmp_path / "decks"
    _class_with_exams(db_url, decks, clock)
    result = cli("class", "report", "--json", "--db", db_url, "--decks", decks, "--blueprint", BUNDLED_BLUEPRINT)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    students = {s["name"]: s for s in report["students"]}
    assert {name: s["exam_scores"] for name, s in students.items()} == {
        name: [100 * r / 8 for r in rights] for name, rights in RIGHT.items()
    }
    # Study answers plus the exam answers logged for spaced repetition, all today.
    assert all(s["reviews_7d"] > 0 and s["streak"] == 1 and s["last_active"] for s in students.values())
    assert set(students["ana"]["readiness"]) == set(DOMAINS)
    assert report["hardest"] == sorted(report["hardest"], key=lambda c: c["retention"])
    text = cli("class", "report", "--db", db_url, "--decks", decks, "--blueprint", BUNDLED_BLUEPRINT).stdout
    assert text.splitlines()[0].split()[:2] == ["student", "last"] and "\nana " in text and "100 75" in text
    csv_text = cli("class", "report", "--csv", "--db", db_url, "--decks", decks, "--blueprint", BUNDLED_BLUEPRINT).stdout
    assert csv_text.splitlines()[0].startswith("student,last_active,reviews_7d,streak,") and len(csv_text.splitlines()) == 4


def test_items_on_one_learners_sqlite_file_show_their_own_history(cli, tmp_path: Path, clock):
    clock.now = datetime.now(UTC)
    decks = tmp_path / "decks"
    url = f"sqlite:///{tmp_path / 'mine.db'}"
    _class_with_exams(url, decks, clock)
    result = cli("class", "items", "--json", "--db", url, "--decks", decks)
    assert result.returncode == 0 and json.loads(result.stdout)


def test_report_predicts_exam_day_readiness_for_students_with_an_exam_date(cli, db_url: str, tmp_path: Path, clock):
    clock.now = datetime.now(UTC)
    decks = tmp_path / "decks"
    _class_with_exams(db_url, decks, clock)
    exam_date = (clock.now + timedelta(days=30)).date().isoformat()
    common = ("--db", db_url, "--decks", decks)
    assert cli("settings", "set", "exam-date", exam_date, "--user", "ana", *common).returncode == 0
    result = cli("class", "report", "--json", *common, "--blueprint", BUNDLED_BLUEPRINT)
    assert result.returncode == 0, result.stderr
    students = {s["name"]: s for s in json.loads(result.stdout)["students"]}
    assert (students["ana"]["exam_date"], students["bo"]["exam_date"], students["bo"]["exam_day"]) == (exam_date, None, {})
    # The instructor sees the prediction ana sees in her own stats.
    own = json.loads(cli("stats", "--json", "--user", "ana", *common).stdout)["plan"]["exam_day_readiness"]["domains"]
    assert students["ana"]["exam_day"] == pytest.approx({d["domain"]: d["expected"] for d in own}, abs=1e-4)
    assert students["ana"]["exam_day"] != students["ana"]["readiness"]
    text = cli("class", "report", *common, "--blueprint", BUNDLED_BLUEPRINT).stdout
    planned = text.split("predicted on the exam date if the plan is followed:\n")[1].split("\n\n")[0].splitlines()
    assert [row.split()[:2] for row in planned[1:]] == [["ana", exam_date]]
    rows = list(csv.DictReader(io.StringIO(cli("class", "report", "--csv", *common, "--blueprint", BUNDLED_BLUEPRINT).stdout)))
    assert [(r["student"], r["exam_date"]) for r in rows] == [("ana", exam_date), ("bo", ""), ("cy", "")]
    assert all(rows[0][f"exam_day {d}"].endswith("%") and rows[1][f"exam_day {d}"] == "" for d in DOMAINS)
