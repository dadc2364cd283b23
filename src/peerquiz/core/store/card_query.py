"""Which cards the card browser lists: a plain value the screens and ``peerquiz cards`` build."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum

from peerquiz.core.store.card_filter import CardFilter


class CardState(str, Enum):
    NEW = "new"
    LEARNING = "learning"
    REVIEW = "review"
    DUE = "due"  # due by the end of the study day
    SUSPENDED = "suspended"
    BURIED = "buried"
    LEECH = "leech"
    FLAGGED = "flagged"


@dataclass(frozen=True, slots=True)
class CardQuery:
    """The decks, domains and tag of ``cards``, narrowed by kind, state and lapses; empty fields narrow nothing."""

    cards: CardFilter = field(default_factory=CardFilter)
    kinds: tuple[str, ...] = ()
    state: CardState | None = None
    min_lapses: int = 0
    now: datetime | None = None  # what "buried" and "due" are measured against
    day_end: datetime | None = None  # the end of the study day, for "due"
