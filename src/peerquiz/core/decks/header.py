"""A deck's header: what home and the scheduler need of a deck without its cards."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from peerquiz.core.decks.model import Deck, option_count


@dataclass(frozen=True, slots=True)
class ExamCard:
    """What readiness needs of an exam-style card: no text, so no deck has to be loaded for it."""

    domain: str | None
    options: int


# (item id, domain, options) of one exam-style card of a deck, as the parse cache keeps them beside its header.
ExamItem = tuple[str, str | None, int]


@dataclass(frozen=True, slots=True)
class DeckHeader:
    """What the home screen and the scheduler need of a deck, without its cards.

    Its exam-style cards are not part of it: every start reads each deck's header, and reading them with
    it took a start 55 ms at 200,000 cards, for the readiness and the exams, which ask for them later.
    """

    id: str
    title: str
    description: str | None
    domain: str | None
    domains: tuple[str, ...]
    path: str
    fingerprint: str  # changes with any change to the file's text

    def as_json(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__slots__}

    @classmethod
    def of(cls, deck: Deck, fingerprint: str) -> DeckHeader:
        return cls(deck.id, deck.title, deck.description, deck.domain, tuple(deck.domains), deck.path, fingerprint)


def exam_items(deck: Deck) -> list[ExamItem]:
    """The deck's exam-style cards, in file order."""
    return [(card.id, card.domain, option_count(card)) for card in deck.cards if card.is_exam_style]


def text_fingerprint(text: str | bytes) -> str:
    """A deck text's fingerprint, from the text or its UTF-8 bytes."""
    return hashlib.sha1(text.encode() if isinstance(text, str) else text).hexdigest()
