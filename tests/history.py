"""A hand-built review history whose statistics are worked out by hand below.

Times are UTC and the tests pin the local zone to UTC; the study day starts at
4 am, so an answer at 02:00 belongs to the day before.

Answers (study mode unless said otherwise):
  Mar 10 10:00  basic-1          Good   mature (stability 30)  20 s
  Mar 10 11:00  mcq-1            Again  cram                    5 s
  Mar 10 02:00  basic-1/reverse  Again  young (stability 5)    10 s   -> study day Mar 9
  Mar  9 15:00  cloze-1/c1       Good   new card               30 s
  Mar  8 12:00  basic-1          Again  mature (stability 25)  600 s  -> counted as 300 s
  Mar  5 09:00  typed-1          Hard   young (stability 3)    15 s
  Feb 1-4 12:00 other/o1         Good   mature (stability 40)  60 s each
  2025 Jan 15   multi-1          Good   young (stability 10)    1 s   (older than a year)
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from peerquiz.core.decks.library import Library
from peerquiz.core.store import Store
from peerquiz.core.store.records import Memory, Phase, Profile, Rating

from .conftest import FIXTURES

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
OTHER_DOMAIN = "Wellness [Plan]"  # brackets: must reach Rich markup escaped
OTHER_DECK = f"""\
id: other
title: Other deck
domain: "{OTHER_DOMAIN}"
cards:
  - id: o1
    kind: basic
    prompt: First
    answer: One
    explanation: Because.
    source: Test
  - id: o2
    kind: basic
    prompt: Second
    answer: Two
    explanation: Because.
    source: Test
"""


def at(month: int, day: int, hour: int, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


def deck_paths(folder: Path) -> list[Path]:
    """The fixture deck plus a second deck written into ``folder``."""
    (folder / "other.yaml").write_text(OTHER_DECK)
    return [FIXTURES / "mixed.yaml", folder / "other.yaml"]


class History:
    def __init__(self, store: Store, profile: Profile, library: Library):
        self.store = store
        self.profile = profile
        # Fixture items by their own id, the second deck's as "other/ID".
        self.ids = {item.item_id if item.deck_id == "mixed" else f"{item.deck_id}/{item.item_id}": card_id
                    for card_id, item in library.items.items()}  # fmt: skip

    def answer(self, item: str, when: datetime, rating: Rating, stability: float | None = None,
               seconds: float = 10, mode: str = "study") -> None:  # fmt: skip
        card_id = self.ids[item]
        if stability is None:
            before = Memory(card_id=card_id)
        else:
            before = Memory(card_id=card_id, phase=Phase.REVIEW, step=None, stability=stability, difficulty=5.0,
                            due=when, last_review=when - timedelta(days=stability), reps=3)  # fmt: skip
        after = None if mode == "cram" else before.but(reps=before.reps + 1, last_review=when, due=when)
        self.store.answers.record(self.profile.id, before, after, rating, when, int(seconds * 1000), mode)

    def state(self, item: str, phase: Phase, stability: float, last_review: datetime, due: datetime,
              **flags) -> None:  # fmt: skip
        memory = Memory(card_id=self.ids[item], phase=phase, step=None if phase == Phase.REVIEW else 0,
                        stability=stability, difficulty=5.0, due=due, last_review=last_review, reps=4, **flags)  # fmt: skip
        self.store.memory.save(self.profile.id, memory, NOW)


def build(store: Store, folder: Path, name: str = "Ana") -> History:
    """The history described above, on the fixture deck and a second deck."""
    library = Library.load(deck_paths(folder))
    library.sync(store.cards)
    history = History(store, store.profiles.add(name), library)
    h = history
    h.answer("basic-1", at(3, 10, 10), Rating.GOOD, stability=30, seconds=20)
    h.answer("mcq-1", at(3, 10, 11), Rating.AGAIN, seconds=5, mode="cram")
    h.answer("basic-1/reverse", at(3, 10, 2), Rating.AGAIN, stability=5, seconds=10)
    h.answer("cloze-1/c1", at(3, 9, 15), Rating.GOOD, seconds=30)
    h.answer("basic-1", at(3, 8, 12), Rating.AGAIN, stability=25, seconds=600)
    h.answer("typed-1", at(3, 5, 9), Rating.HARD, stability=3, seconds=15)
    for day in (1, 2, 3, 4):
        h.answer("other/o1", at(2, day, 12), Rating.GOOD, stability=40, seconds=60)
    h.answer("multi-1", at(1, 15, 12, year=2025), Rating.GOOD, stability=10, seconds=1)

    # Where each card stands now. A card is at or above 90 % recall while no more
    # whole days than its stability have passed since its last review (py-fsrs
    # counts whole days, so a card answered today is at 100 %).
    h.state("basic-1", Phase.REVIEW, 100, at(3, 10, 10), at(4, 20, 12))  # mastered, due after 30 days
    h.state("basic-1/reverse", Phase.RELEARNING, 0.2, at(3, 10, 2), at(3, 10, 2) + timedelta(minutes=10))  # overdue; mastered
    h.state("cloze-1/c1", Phase.LEARNING, 2, at(3, 9, 15), at(3, 11, 2))  # mastered; 02:00 is still today
    h.state("typed-1", Phase.REVIEW, 3, at(3, 5, 9), at(3, 11, 12))  # due tomorrow
    h.state("multi-1", Phase.REVIEW, 300, at(1, 15, 12, year=2025), at(3, 12, 8))  # due in 2 days
    h.state("order-1", Phase.REVIEW, 10, at(3, 1, 0), at(3, 13, 12), leech=True, lapses=9)  # mastered leech
    h.state("other/o1", Phase.REVIEW, 60, at(2, 4, 12), at(4, 20, 12))  # mastered, due after 30 days
    h.state("other/o2", Phase.REVIEW, 1, at(2, 4, 12), at(3, 11, 12), leech=True, lapses=8, suspended=True)
    return history
