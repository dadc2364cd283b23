"""A class on one PostgreSQL server: many students answering at once, and the instructor's reports at scale.

1. Concurrent answers: STUDENTS simulated students (threads spread over PROCESSES processes, each
   student with its own connection) answer ANSWERS cards each through StudySession at once.
   Prints answers per second, p50/p99 answer latency (commit included), and checks that no
   review was lost or duplicated: the log has exactly the answers given, and every card's
   memory counts each of its answers once. Reference: a bare psycopg INSERT + COMMIT.
2. Reports at scale: 500 students x 600 cards x 20 mock exams of 25 questions each (250,000
   exam answers), 200 study answers per student. Prints the time and peak RSS of
   `class report` and `class items` (each run in a fresh child process), and of `class report`
   again once every student has an exam date EXAM_IN_DAYS ahead (the exam-day prediction plays
   each student's plan forward). Reference: a bare SELECT of every exam answer.

Usage: python bench/classes.py postgresql+psycopg://postgres@127.0.0.1:5432/postgres
Creates two databases named peerquiz_bench_* on that server and drops them at the end.
"""

from __future__ import annotations

import json
import multiprocessing
import random
import resource
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
from sqlalchemy import create_engine, insert, text, update
from sqlalchemy.engine import URL, make_url

from peerquiz.core.decks.library import Library
from peerquiz.core.store import Store
from peerquiz.core.store.records import Rating
from peerquiz.core.store.tables import answers, attempts, log, states, users
from peerquiz.core.study.session import StudySession

STUDENTS = 100
PROCESSES = 4
ANSWERS = 20
REPORT_STUDENTS, REPORT_CARDS, EXAMS, QUESTIONS, STUDY_ANSWERS = 500, 600, 20, 25, 200
EXAM_IN_DAYS = 60
DOMAINS = ("Advocacy", "Mentoring and Education", "Recovery/Wellness Support", "Ethical Responsibility")
BLUEPRINT = Path(__file__).resolve().parents[1] / "decks" / "exam-blueprint.toml"


@contextmanager
def scratch_database(server: URL) -> Iterator[str]:
    name = f"peerquiz_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))
        admin.dispose()


def write_deck(folder: Path, cards: int) -> Path:
    lines = ["id: bench", "title: Bench pool", "cards:"]
    for n in range(cards):
        lines += [f"  - id: q{n}", "    kind: mcq", f"    domain: {DOMAINS[n % 4]}", f"    prompt: Question {n}",
                  f"    choices: [Right {n}, Wrong A {n}, Wrong B {n}, Wrong C {n}]", f"    answer: Right {n}",
                  f"    explanation: Because {n}.", f"    source: Bench source {n}"]  # fmt: skip
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "bench.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


# -- 1. concurrent answers ------------------------------------------------------


def _students_in_process(url: str, decks: str, names: list[str], start: float, out: multiprocessing.Queue) -> None:
    library = Library.load([Path(decks)])
    # One engine per process, as one app server would hold: its pool (15 connections at most)
    # is shared by the process's students, keeping 100 students within the server's connection limit.
    store = Store.open(url)
    library.sync(store.cards)  # unchanged since the parent synced: only maps the cards to their ids
    latencies: list[float] = []
    lock = threading.Lock()

    def student(name: str) -> None:
        session = StudySession(store, library, store.profiles.named(name))
        mine = []
        while time.time() < start:
            time.sleep(0.001)
        for _ in range(ANSWERS):
            if session.next() is None:
                break
            began = time.perf_counter()
            session.answer(Rating.GOOD)
            mine.append(time.perf_counter() - began)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=student, args=(n,)) for n in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    store.close()
    out.put(latencies)


def concurrent_answers(url: str, decks: Path) -> dict[str, float]:
    store = Store.open(url)
    Library.load([decks]).sync(store.cards)
    names = [f"student{n:03}" for n in range(STUDENTS)]
    for name in names:
        store.profiles.add(name)
    start = time.time() + 3  # every process loaded and every student connected before the first answer
    queue: multiprocessing.Queue = multiprocessing.Queue()
    workers = [multiprocessing.Process(target=_students_in_process, args=(url, str(decks), names[i::PROCESSES], start, queue))
               for i in range(PROCESSES)]  # fmt: skip
    for worker in workers:
        worker.start()
    latencies = [x for _ in workers for x in queue.get()]
    for worker in workers:
        worker.join()
    elapsed = time.time() - start  # from the common start to the last student done
    with store.engine.connect() as conn:
        logged = conn.execute(text("SELECT count(*), count(DISTINCT (user_id, card_id, reviewed_at)) FROM review_log")).one()
        reps = conn.execute(text("SELECT coalesce(sum(reps), 0) FROM card_state")).scalar()
    store.close()
    latencies.sort()
    return {
        "answers": len(latencies), "logged": logged[0], "distinct": logged[1], "reps": reps,
        "per_second": len(latencies) / elapsed, "p50_ms": 1000 * statistics.median(latencies),
        "p99_ms": 1000 * latencies[int(0.99 * (len(latencies) - 1))],
    }  # fmt: skip


def bare_insert_ms(url: str) -> float:
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn) as conn:
        conn.execute("CREATE TEMP TABLE t (id serial primary key, n int)")
        conn.commit()
        times = []
        for n in range(500):
            began = time.perf_counter()
            conn.execute("INSERT INTO t (n) VALUES (%s)", (n,))
            conn.commit()
            times.append(time.perf_counter() - began)
    return 1000 * statistics.median(times)


# -- 2. reports at scale -----------------------------------------------------------


def build_class(url: str, decks: Path) -> None:
    store = Store.open(url)
    library = Library.load([decks])
    library.sync(store.cards)
    deck_of = {card_id: deck_id for (deck_id, _), card_id in library.card_ids().items()}
    ids = list(deck_of)
    rng = random.Random(7)
    now = datetime.now(UTC)
    for s in range(REPORT_STUDENTS):
        profile = store.profiles.add(f"learner{s:03}", now)
        ability = rng.random()
        studied = rng.sample(ids, STUDY_ANSWERS)
        state_rows = [{"user_id": profile.id, "card_id": c, "state": 2, "step": None, "stability": 10.0, "difficulty": 5.0,
                       "due": now + timedelta(days=3), "last_review": now - timedelta(days=1), "reps": 1,
                       "lapses": rng.randrange(3), "suspended": False, "buried_until": None, "flag": 0, "leech": False, "deck_id": deck_of[c]}
                      for c in studied]  # fmt: skip
        log_rows = [{"user_id": profile.id, "card_id": c, "rating": 3 if rng.random() < 0.5 + ability / 2 else 1,
                     "reviewed_at": now - timedelta(hours=rng.randrange(24 * 30)), "duration_ms": 5000, "mode": "study",
                     "state_before": 2, "prior_json": '{"stability": 10}'} for c in studied]  # fmt: skip
        with store.engine.begin() as conn:
            conn.execute(insert(states), state_rows)
            conn.execute(insert(log), log_rows)
            for e in range(EXAMS):
                started = now - timedelta(days=EXAMS - e)
                attempt = conn.execute(insert(attempts).values(
                    user_id=profile.id, blueprint="bench", pass_percent=70, duration_seconds=3600, started_at=started,
                    submitted_at=started + timedelta(minutes=40), timed_out=False, note="",
                ).returning(attempts.c.id)).scalar_one()  # fmt: skip
                rows = []
                for position, card in enumerate(rng.sample(ids, QUESTIONS)):
                    options = [f"Right {card}", f"Wrong A {card}", f"Wrong B {card}", f"Wrong C {card}"]
                    chosen = options[0] if rng.random() < 0.4 + 0.5 * ability else rng.choice(options[1:3])
                    rows.append({"attempt_id": attempt, "position": position, "card_id": card, "domain": DOMAINS[card % 4],
                                 "options_json": json.dumps(options), "answer": options[0], "chosen": chosen, "marked": False,
                                 "answered_at": started, "review_id": None})  # fmt: skip
                conn.execute(insert(answers), rows)
    store.close()


def set_exam_dates(url: str) -> None:
    store = Store.open(url)
    exam_date = (datetime.now(UTC) + timedelta(days=EXAM_IN_DAYS)).date().isoformat()
    with store.engine.begin() as conn:
        conn.execute(update(users).values(settings_json=json.dumps({"exam_date": exam_date})))
    store.close()


def _run_verb(argv: list[str], out: multiprocessing.Queue) -> None:
    import contextlib
    import io

    from peerquiz.cli import main

    began = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        code = main(argv)
    out.put((code, time.perf_counter() - began, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))


def timed_verb(argv: list[str]) -> tuple[float, float]:
    queue: multiprocessing.Queue = multiprocessing.Queue()
    child = multiprocessing.Process(target=_run_verb, args=(argv, queue))
    child.start()
    code, seconds, peak_mb = queue.get()
    child.join()
    assert code == 0, argv
    return seconds, peak_mb


def bare_select_seconds(url: str) -> float:
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    began = time.perf_counter()
    with psycopg.connect(dsn) as conn:
        conn.execute("SELECT attempt_id, card_id, options_json, answer, chosen FROM exam_answer").fetchall()
    return time.perf_counter() - began


def main() -> None:
    server = make_url(sys.argv[1] if len(sys.argv) > 1 else "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    with tempfile.TemporaryDirectory() as folder:
        decks = write_deck(Path(folder) / "decks", REPORT_CARDS)
        with scratch_database(server) as url:
            found = concurrent_answers(url, decks)
            bare = bare_insert_ms(url)
        print(f"{STUDENTS} students x {ANSWERS} answers at once ({PROCESSES} processes x {STUDENTS // PROCESSES} threads)")
        print(f"  answers/s {found['per_second']:.0f}   p50 {found['p50_ms']:.1f} ms   p99 {found['p99_ms']:.1f} ms"
              f"   (bare psycopg INSERT+COMMIT p50 {bare:.2f} ms)")
        lost = found["answers"] - found["logged"]
        duplicated = found["logged"] - found["distinct"]
        print(f"  answers given {found['answers']}, logged {found['logged']}, lost {lost}, duplicated {duplicated}, "
              f"reps in memory {found['reps']}")  # fmt: skip
        with scratch_database(server) as url:
            began = time.perf_counter()
            build_class(url, decks)
            print(f"built {REPORT_STUDENTS} students x {REPORT_CARDS} cards x {EXAMS} exams of {QUESTIONS} questions "
                  f"in {time.perf_counter() - began:.0f} s")  # fmt: skip
            common = ["--db", url, "--decks", str(decks)]
            report_s, report_mb = timed_verb(["class", "report", "--json", "--blueprint", str(BLUEPRINT), *common])
            items_s, items_mb = timed_verb(["class", "items", "--json", *common])
            bare_s = bare_select_seconds(url)
            set_exam_dates(url)
            dated_s, dated_mb = timed_verb(["class", "report", "--json", "--blueprint", str(BLUEPRINT), *common])
        print(f"  class report: {report_s:.1f} s, peak RSS {report_mb:.0f} MB")
        print(f"  class report, every student with an exam date: {dated_s:.1f} s, peak RSS {dated_mb:.0f} MB")
        print(f"  class items:  {items_s:.1f} s, peak RSS {items_mb:.0f} MB   (bare SELECT of every exam answer {bare_s:.2f} s)")


if __name__ == "__main__":
    main()
