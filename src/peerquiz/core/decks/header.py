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


@dataclass(frozen=True, slots=True)
class DeckHeader:
    """What the home screen and the scheduler need of a deck, without its cards."""

    id: str
    title: str
    description: str | None
    domain: str | None
    domains: tuple[str, ...]
    path: str
    fingerprint: str  # changes with any change to the file's text
    exam_cards: tuple[tuple[str, str | None, int], ...]  # (item id, domain, options) of exam-style cards

    def as_json(self) -> dict[str, Any]:
        # Not dataclasses.asdict: it deep-copies every exam card tuple, a tenth of a first import.
        return {name: getattr(self, name) for name in self.__slots__}

    @classmethod
    def of(cls, deck: Deck, fingerprint: str) -> DeckHeader:
        exam = tuple((c.id, c.domain, option_count(c)) for c in deck.cards if c.is_exam_style)
        return cls(deck.id, deck.title, deck.description, deck.domain, tuple(deck.domains), deck.path, fingerprint, exam)


def text_fingerprint(text: str | bytes) -> str:
    """A deck text's fingerprint, from the text or its UTF-8 bytes."""
    return hashlib.sha1(text.encode() if isinstance(text, str) else text).hexdigest()
