"""Statistics and fitting on a profile with 500,000 answers.

Each figure is printed next to a reference measured in the same run: a bare
sqlite3 scan that sums the user's review log (the least any statistic over the
whole history must read).

Usage: python bench/stats.py [WORKDIR]   (builds the database there if missing)
"""

from __future__ import annotations

import json
import random
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from peerquiz.core.stats.statistics import compute_stats
from peerquiz.core.store import CardSpec, Store
from peerquiz.core.store.card_filter import CardFilter
from peerquiz.core.store.records import Memory, Phase

ANSWERS = 500_000
CARDS = 5_000
DAYS = 3 * 365
NOW = datetime(2026, 3, 10, 12, tzinfo=UTC)
DOMAINS = ("Advocacy", "Mentoring and Education", "Recovery/Wellness Support", "Ethical Responsibility")


def build(db: Path) -> None:
    store = Store.open(f"sqlite:///{db}")
    profile = store.profiles.add("Bench")
    specs = [CardSpec(f"deck{n % 10}", f"c{n}", "basic", DOMAINS[n % 4], (), "h") for n in range(CARDS)]
    store.cards.sync(specs)
    ids = list(store.cards.ids({spec.deck_id for spec in specs}).values())
    rng = random.Random(1)
    start = NOW - timedelta(days=DAYS)
    seen: set[int] = set()
    rows = []
    for n in range(ANSWERS):
        card = rng.choice(ids)
        when = start + timedelta(seconds=DAYS * 86400 * n / ANSWERS)
        stability = rng.uniform(0.5, 200)
        prior = {"stability": stability} if card in seen else {"stability": None}
        phase = None if card not in seen else int(Phase.REVIEW)
        seen.add(card)
        rows.append((profile.id, card, rng.choice((1, 3, 3, 3, 4)), when.strftime("%Y-%m-%d %H:%M:%S.%f"),
                     rng.randint(2000, 20000), "study", phase, json.dumps(prior), prior["stability"]))  # fmt: skip
    store.close()
    with sqlite3.connect(db) as conn:
        conn.executemany(
            "INSERT INTO review_log (user_id, card_id, rating, reviewed_at, duration_ms, mode, state_before, prior_json,"
            " stability_before) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    store = Store.open(f"sqlite:///{db}")
    for card in ids:
        last = NOW - timedelta(days=rng.uniform(0, 60))
        stability = rng.uniform(1, 100)
        store.memory.save(profile.id, Memory(card, Phase.REVIEW, None, stability, 5.0, last + timedelta(days=stability),
                                             last, reps=5), NOW)  # fmt: skip
    store.close()


def timed(action, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    work = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.gettempdir()) / "peerquiz-bench-stats"
    work.mkdir(parents=True, exist_ok=True)
    db = work / "stats.db"
    if not db.exists():
        build(db)
    store = Store.open(f"sqlite:///{db}")
    profile = store.profiles.named("Bench")

    def bare_scan() -> None:
        with sqlite3.connect(db) as conn:
            conn.execute("SELECT count(*), sum(duration_ms) FROM review_log WHERE user_id = ?", (profile.id,)).fetchone()

    reference = timed(bare_scan)
    figures = {
        "compute_stats, all decks": lambda: compute_stats(store, profile, now=NOW),
        "compute_stats, one deck": lambda: compute_stats(store, profile, CardFilter(deck_ids=("deck3",)), now=NOW),
    }
    print(f"reference: bare sqlite3 scan of {ANSWERS:,} answers: {reference * 1000:.0f} ms")
    for name, action in figures.items():
        seconds = timed(action)
        print(f"{name}: {seconds * 1000:.0f} ms ({seconds / reference:.1f}x the reference)")

    from peerquiz.core.stats.optimizer import fit_parameters, training_items
    from peerquiz.core.study.settings import scheduler_settings

    reviews_time = timed(lambda: store.answers.log(profile.id, modes=("study",)), repeat=1)
    reviews = store.answers.log(profile.id, modes=("study",))
    items_time = timed(lambda: training_items(reviews, scheduler_settings(store, profile)), repeat=1)
    fit_time = timed(lambda: fit_parameters(store, profile), repeat=1)
    print(f"optimizer: reading the log {reviews_time:.1f} s, building items {items_time:.1f} s, "
          f"whole fit {fit_time:.1f} s ({fit_time / reference:.0f}x the reference)")  # fmt: skip
    store.close()


if __name__ == "__main__":
    main()
