"""Plain values the store hands out and takes in: no SQL, no FSRS objects."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import IntEnum
from typing import Any, NamedTuple


class Rating(IntEnum):
    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


class Phase(IntEnum):
    """A card's learning phase, numbered as FSRS numbers its states."""

    LEARNING = 1
    REVIEW = 2
    RELEARNING = 3


@dataclass(frozen=True, slots=True)
class Profile:
    id: int
    name: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Memory:
    """A user's memory of one card. ``reps == 0`` means the card was never studied."""

    card_id: int
    phase: Phase = Phase.LEARNING
    step: int | None = 0
    stability: float | None = None
    difficulty: float | None = None
    due: datetime | None = None
    last_review: datetime | None = None
    reps: int = 0
    lapses: int = 0
    suspended: bool = False
    buried_until: datetime | None = None
    flag: int = 0
    leech: bool = False

    @property
    def is_new(self) -> bool:
        return self.reps == 0

    def but(self, **changes: Any) -> Memory:
        return replace(self, **changes)


@dataclass(frozen=True, slots=True)
class Review:
    """One answer as the review log records it."""

    id: int
    user_id: int
    card_id: int
    rating: Rating
    reviewed_at: datetime
    duration_ms: int | None
    mode: str
    phase_before: Phase | None


class CardSpec(NamedTuple):
    """What the deck files say about one study item, for syncing.

    A named tuple: a first import makes one a card, and a frozen dataclass took twice as long to make
    (0.5 ms more a thousand cards) and to pickle back from the parse pool's workers.
    """

    deck_id: str
    item_id: str
    kind: str
    domain: str | None
    tags: tuple[str, ...]
    content_hash: str


class StoredCard(NamedTuple):
    """A live (not retired) study item as the store knows it: what its deck said, and its id."""

    spec: CardSpec
    id: int


@dataclass(frozen=True, slots=True)
class SyncReport:
    """How many cards a sync added, changed, retired and left as they were (ids: CardStore.ids, when needed)."""

    added: int
    changed: int
    retired: int
    unchanged: int


def note_of(item_id: str) -> str:
    """The card an item comes from: siblings (a card and its reverse, the gaps of one cloze) share it."""
    return item_id.partition("/")[0]


class DueReview(NamedTuple):
    """A review card due today, as the study queue holds it until its turn: its memory is read then
    (another window may have answered it meanwhile, which a higher ``reps`` shows: each answer adds one).

    Not a whole Memory: a queue reads up to the day's review limit of them, and parsing every
    time a memory holds, then building each, cost twice the query itself; a count of answers, unlike
    the time of the last, needs no parsing either.
    """

    card_id: int
    reps: int


class NewCard(NamedTuple):
    """A card never studied that may be introduced now, with what ordering it needs.

    A named tuple: a session build makes one per new card (tens of thousands), and a frozen
    dataclass costs several times more to create.
    """

    card_id: int
    deck_id: str
    item_id: str
    domain: str | None

    @property
    def note(self) -> tuple[str, str]:
        return (self.deck_id, note_of(self.item_id))
