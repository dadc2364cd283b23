"""Build the synthetic collection the benchmarks run on.

50 decks x 1,000 cards as deck files, and a database with one user whose
500,000 review rows are spread over two years. Review rows and memory states
are written with plain sqlite3: they only need to look like real history for
the queries to do real work, and py-fsrs would take minutes to make them.
"""

from __future__ import annotations

import json
import random
import sqlite3
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

DOMAINS = ("Advocacy", "Mentoring and Education", "Recovery/Wellness Support", "Ethical Responsibility")


def write_decks(folder: Path, decks: int = 50, cards_per_deck: int = 1000) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for d in range(decks):
        lines = [f"id: bench-{d:02d}", f"title: Bench deck {d}", f"domain: {DOMAINS[d % 4]}", "cards:"]
        for c in range(cards_per_deck):
            if c % 2:
                lines += [
                    f"  - id: c{c:04d}",
                    "    kind: mcq",
                    f"    prompt: Question {c} of deck {d}, about a situation a peer supporter meets?",
                    f"    choices: [First option {c}, Second option {c}, Third option {c}, Fourth option {c}]",
                    f"    answer: Second option {c}",
                    "    tags: [scenario, bench]",
                    "    explanation: The second option keeps the focus on the person's own recovery.",
                    "    source: Synthetic benchmark deck",
                ]
            else:
                lines += [
                    f"  - id: c{c:04d}",
                    "    kind: basic",
                    f"    prompt: Term {c} in deck {d}?",
                    f"    answer: Definition of term {c}, written in a full sentence.",
                    "    explanation: A definition to remember.",
                    "    source: Synthetic benchmark deck",
                ]
        (folder / f"bench-{d:02d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def fill_history(db_path: Path, user_name: str, reviews: int = 500_000, now: datetime | None = None) -> None:
    """Give ``user_name`` a memory state for 80% of the cards and ``reviews`` log rows."""
    now = now or datetime.now(UTC)
    rng = random.Random(7)
    conn = sqlite3.connect(db_path)
    user_id = conn.execute("SELECT id FROM user WHERE name = ?", (user_name,)).fetchone()[0]
    card_ids = [row[0] for row in conn.execute("SELECT id FROM card ORDER BY id")]
    studied = card_ids[: int(len(card_ids) * 0.8)]
    fmt = "%Y-%m-%d %H:%M:%S.%f"
    states = []
    for card_id in studied:
        stability = rng.uniform(0.5, 200)
        last = now - timedelta(days=rng.uniform(0, stability))
        due = last + timedelta(days=stability)
        states.append((user_id, card_id, 2, None, stability, rng.uniform(1, 10), due.strftime(fmt), last.strftime(fmt),
                       rng.randint(1, 20), rng.randint(0, 3), 0, None, 0, 0))  # fmt: skip
    conn.executemany("INSERT INTO card_state VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", states)
    start = now - timedelta(days=730)
    rows = []
    for i in range(reviews):
        at = start + timedelta(seconds=i * (730 * 86400 / reviews))
        rows.append((user_id, rng.choice(studied), rng.choice((1, 3, 3, 3, 4)), at.strftime(fmt),
                     rng.randint(2000, 20000), "study", 2, json.dumps({})))  # fmt: skip
    conn.executemany(
        "INSERT INTO review_log (user_id, card_id, rating, reviewed_at, duration_ms, mode, state_before, prior_json)"
        " VALUES (?,?,?,?,?,?,?,?)",
        rows,
    )
    conn.commit()
    conn.close()


def build(folder: Path) -> tuple[Path, Path]:
    """Deck folder and database path of a full synthetic collection under ``folder``."""
    from peerquiz.core.workspace import Workspace

    decks, db = folder / "decks", folder / "bench.db"
    write_decks(decks)
    workspace = Workspace.open(f"sqlite:///{db}", [decks])
    workspace.store.profiles.add("bench")
    workspace.close()
    fill_history(db, "bench")
    return decks, db


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/peerquiz-bench")
    print(build(target))
