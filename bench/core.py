"""Core benchmarks on the synthetic 50k-card collection.

Each figure is printed next to a reference measured in the same run on the
same machine, since absolute times on shared machines drift:

- answer -> next card (StudySession.answer + next, durable commit included)
  against a bare sqlite3 INSERT + COMMIT with the same pragmas;
- building today's queue for 50k cards against a bare sqlite3 query that
  only lists the due card ids;
- loading and syncing 20,000 cards from deck files, the first time and with
  the parse cache warm, against yaml.load of the same files with libyaml
  (just reading the YAML, nothing checked).

Usage: python bench/core.py [WORKDIR]   (builds the collection if missing)
"""

from __future__ import annotations

import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))
from collection import build, write_decks
from peerquiz.core.decks.library import Library
from peerquiz.core.store import Store
from peerquiz.core.store.records import Rating
from peerquiz.core.study.session import StudySession


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def bare_insert_times(db: Path, count: int) -> list[float]:
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("CREATE TABLE IF NOT EXISTS bench_ref (id INTEGER PRIMARY KEY, card INTEGER, at TEXT)")
    times = []
    for i in range(count):
        start = time.perf_counter()
        conn.execute("BEGIN")
        conn.execute("INSERT INTO bench_ref (card, at) VALUES (?, ?)", (i, datetime.now(UTC).isoformat()))
        conn.execute("COMMIT")
        times.append(time.perf_counter() - start)
    conn.execute("DROP TABLE bench_ref")
    conn.close()
    return times


def answer_times(store: Store, library: Library, count: int) -> list[float]:
    profile = store.profiles.named("bench")
    store.profiles.save_study_settings(profile.id, {"new_per_day": count, "reviews_per_day": count})
    session = StudySession(store, library, profile)
    session.next()
    times = []
    for i in range(count):
        start = time.perf_counter()
        session.answer(Rating.GOOD if i % 5 else Rating.AGAIN)
        shown = session.next()
        times.append(time.perf_counter() - start)
        if shown is None:
            break
    return times


def queue_times(store: Store, library: Library, db: Path, runs: int) -> tuple[list[float], list[float]]:
    profile = store.profiles.named("bench")
    ours, bare = [], []
    conn = sqlite3.connect(db)
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")
    for _ in range(runs):
        start = time.perf_counter()
        StudySession(store, library, profile)
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        conn.execute("SELECT card_id FROM card_state WHERE user_id = ? AND due <= ?", (profile.id, now)).fetchall()
        bare.append(time.perf_counter() - start)
    conn.close()
    return ours, bare


def sync_rates(workdir: Path) -> tuple[float, float, float]:
    """Cards/s for a first import, for a start with the parse cache warm, and for bare yaml.load."""
    decks = workdir / "sync-decks"
    if not decks.exists():
        write_decks(decks, decks=20, cards_per_deck=1000)
    start = time.perf_counter()
    for path in sorted(decks.glob("*.yaml")):
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    bare = time.perf_counter() - start
    cache = workdir / "sync-cache"
    shutil.rmtree(cache, ignore_errors=True)
    rates, cards = [], 0
    for _ in ("cold", "warm"):
        db = workdir / "sync.db"
        store = Store.open(f"sqlite:///{db}")
        start = time.perf_counter()
        library = Library.load([decks], cache)
        library.sync(store.cards)
        cards = sum(len(d.cards) for d in library.decks)
        rates.append(cards / (time.perf_counter() - start))
        store.close()
        for leftover in workdir.glob("sync.db*"):
            leftover.unlink()
    return rates[0], rates[1], cards / bare


def main() -> None:
    workdir = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.gettempdir()) / "peerquiz-bench"
    if not (workdir / "bench.db").exists():
        print(f"building the synthetic collection in {workdir} ...", flush=True)
        build(workdir)
    # Work on a copy so every run starts from the same history.
    db = workdir / "run.db"
    shutil.copy(workdir / "bench.db", db)
    store = Store.open(f"sqlite:///{db}")
    library = Library.load([workdir / "decks"])
    library.sync(store.cards)

    queue, queue_ref = queue_times(store, library, db, runs=20)
    answers = answer_times(store, library, count=1000)
    reference = bare_insert_times(db, count=1000)
    store.close()
    cold, warm, bare_yaml = sync_rates(workdir)

    ms = 1000
    rows = [
        ("answer -> next card, median", statistics.median(answers) * ms, statistics.median(reference) * ms, "ms", "<= 1 ms"),
        ("answer -> next card, p99", percentile(answers, 0.99) * ms, percentile(reference, 0.99) * ms, "ms", ""),
        ("today's queue, 50k cards, median", statistics.median(queue) * ms, statistics.median(queue_ref) * ms, "ms",
         "<= 50 ms"),
        ("first import + sync, 20k cards", cold, bare_yaml, "cards/s", ">= 20,000/s"),
        ("start-up load + sync, 20k cards", warm, bare_yaml, "cards/s", ">= 20,000/s"),
    ]  # fmt: skip
    print(f"{'measure':36} {'peerquiz':>12} {'reference':>12} {'ratio':>7}  goal")
    for name, ours, ref, unit, goal in rows:
        print(f"{name:36} {ours:>9.2f} {unit:<2} {ref:>9.2f} {unit:<2} {ours / ref:>6.2f}x  {goal}")
    db.unlink()


if __name__ == "__main__":
    main()
