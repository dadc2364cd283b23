"""Build the synthetic collection the benchmarks run on.

``cards`` cards in decks of 1,000 (half multiple choice, half basic) as deck files, and a
database with one user who has a memory state for 80 % of them and ten review rows per card,
spread over the two years before today. About one studied card in six is overdue, and
nothing has been answered today, so today's limits are all unused: a realistic morning.

The history comes from ``synthetic_history``, a pure function of the card count, so the Anki
side of bench/versus_anki.py builds exactly the same collection without importing peerquiz.
Review rows and memory states are written with plain sqlite3: they only need to look like real
history for the queries to do real work, and py-fsrs would take minutes to make them.
"""

from __future__ import annotations

import json
import random
import sqlite3
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

DOMAINS = ("Advocacy", "Mentoring and Education", "Recovery/Wellness Support", "Ethical Responsibility")
CARDS_PER_DECK = 1000
REVIEWS_PER_CARD = 10
STUDIED_SHARE = 0.8


@dataclass(frozen=True, slots=True)
class StudiedCard:
    index: int  # position in deck order: deck * CARDS_PER_DECK + card
    stability: float
    difficulty: float
    last_review: datetime
    due: datetime
    reps: int
    lapses: int


@dataclass(frozen=True, slots=True)
class PastReview:
    index: int
    rating: int  # 1-4
    at: datetime
    duration_ms: int


def card_text(index: int) -> tuple[str, str]:
    """Front and back of card ``index``, as both apps show it."""
    deck, card = divmod(index, CARDS_PER_DECK)
    if card % 2:
        return f"Question {card} of deck {deck}, about a situation a peer supporter meets?", f"Second option {card}"
    return f"Term {card} in deck {deck}?", f"Definition of term {card}, written in a full sentence."


def synthetic_history(cards: int, now: datetime) -> tuple[list[StudiedCard], list[PastReview]]:
    rng = random.Random(7)
    studied = []
    for index in range(int(cards * STUDIED_SHARE)):
        stability = rng.uniform(0.5, 200)
        # Up to 1.2 stabilities ago: about a sixth of the cards are due by now.
        last = now - timedelta(days=rng.uniform(0, stability * 1.2)) - timedelta(days=1)
        studied.append(StudiedCard(index, stability, rng.uniform(1, 10), last, last + timedelta(days=stability),
                                   rng.randint(1, 20), rng.randint(0, 3)))  # fmt: skip
    reviews = cards * REVIEWS_PER_CARD
    start, span = now - timedelta(days=731), 730 * 86400  # ends a day before now: nothing answered today
    history = [
        PastReview(rng.randrange(len(studied)), rng.choice((1, 3, 3, 3, 4)),
                   start + timedelta(seconds=i * span / reviews), rng.randint(2000, 20000))
        for i in range(reviews)
    ]  # fmt: skip
    return studied, history


def peak_rss_kb() -> int:
    """This process's peak resident memory. Not ru_maxrss: it keeps the parent's peak across exec,
    so a child of a big orchestrator reported the orchestrator's figure."""
    status = Path("/proc/self/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")))


def compile_bytecode() -> None:
    """Write peerquiz's bytecode, as installing a package does: pip compiles every module it installs.

    An editable checkout's modules are compiled on its first start, unless PYTHONDONTWRITEBYTECODE
    is set, as it is on the machines these benchmarks ran on: then every start compiled each module
    again (25 ms of a first card), which Anki's package, installed by pip, never does.
    """
    import compileall

    import peerquiz

    compileall.compile_dir(str(Path(peerquiz.__file__).parent), quiet=1)


def write_decks(folder: Path, decks: int = 50, cards_per_deck: int = CARDS_PER_DECK) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for d in range(decks):
        lines = [f"id: bench-{d:02d}", f"title: Bench deck {d}", f"domain: {DOMAINS[d % 4]}", "cards:"]
        for c in range(cards_per_deck):
            front, back = card_text(d * CARDS_PER_DECK + c)
            if c % 2:
                lines += [
                    f"  - id: c{c:04d}",
                    "    kind: mcq",
                    f"    prompt: {front}",
                    f"    choices: [First option {c}, Second option {c}, Third option {c}, Fourth option {c}]",
                    f"    answer: {back}",
                    "    tags: [scenario, bench]",
                    "    explanation: The second option keeps the focus on the person's own recovery.",
                    "    source: Synthetic benchmark deck",
                ]
            else:
                lines += [
                    f"  - id: c{c:04d}",
                    "    kind: basic",
                    f"    prompt: {front}",
                    f"    answer: {back}",
                    "    explanation: A definition to remember.",
                    "    source: Synthetic benchmark deck",
                ]
        (folder / f"bench-{d:02d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def fill_history(db_path: Path, user_name: str, cards: int, now: datetime) -> None:
    """Give ``user_name`` the synthetic memory states and review rows."""
    studied, history = synthetic_history(cards, now)
    conn = sqlite3.connect(db_path)
    user_id = conn.execute("SELECT id FROM user WHERE name = ?", (user_name,)).fetchone()[0]
    # Card rows were synced deck by deck in file order, so their ids follow the card index.
    card_rows = conn.execute("SELECT id, deck_id FROM card ORDER BY deck_id, id").fetchall()
    card_ids = [card_id for card_id, _ in card_rows]
    fmt = "%Y-%m-%d %H:%M:%S.%f"
    conn.executemany(
        "INSERT INTO card_state VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [(user_id, card_ids[s.index], 2, None, s.stability, s.difficulty, s.due.strftime(fmt),
          s.last_review.strftime(fmt), s.reps, s.lapses, 0, None, 0, 0, card_rows[s.index][1]) for s in studied],
    )  # fmt: skip
    conn.executemany(
        "INSERT INTO review_log (user_id, card_id, rating, reviewed_at, duration_ms, mode, state_before, prior_json)"
        " VALUES (?,?,?,?,?,?,?,?)",
        [(user_id, card_ids[studied[r.index].index], r.rating, r.at.strftime(fmt), r.duration_ms, "study", 2,
          json.dumps({})) for r in history],
    )  # fmt: skip
    conn.commit()
    conn.close()


def build(folder: Path, cards: int = 50_000, now: datetime | None = None) -> tuple[Path, Path]:
    """Deck folder and database path of a synthetic collection of ``cards`` cards under ``folder``."""
    from peerquiz.core.workspace import Workspace

    decks, db = folder / "decks", folder / "bench.db"
    write_decks(decks, decks=max(1, cards // CARDS_PER_DECK), cards_per_deck=min(cards, CARDS_PER_DECK))
    workspace = Workspace.open(f"sqlite:///{db}", [decks])
    workspace.store.profiles.add("bench")
    workspace.close()
    fill_history(db, "bench", cards, now or datetime.now(UTC))
    return decks, db


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/peerquiz-bench")
    print(build(target, int(sys.argv[2]) if len(sys.argv) > 2 else 50_000))
