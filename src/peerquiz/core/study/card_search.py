"""The card browser's search: the store narrows by deck, state and lapses, the card text narrows by words.

The words are matched against what the learner reads (prompt, answer, explanation, source,
tags), which lives in the deck files, not the database: the library holds it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from peerquiz.core.clock import Clock, day_end, utc_now
from peerquiz.core.decks.library import Library
from peerquiz.core.decks.model import Item
from peerquiz.core.store import Store
from peerquiz.core.store.browse import PastAnswer
from peerquiz.core.store.card_query import CardQuery
from peerquiz.core.store.records import Memory, Profile
from peerquiz.core.study.grading import expected_answer, front
from peerquiz.core.study.scheduling import Scheduler
from peerquiz.core.study.session import in_use
from peerquiz.core.study.settings import scheduler_settings


@dataclass(frozen=True, slots=True)
class FoundCard:
    """One row of the result: the card and the learner's memory of it (None: never touched)."""

    card_id: int
    item: Item
    memory: Memory | None

    @property
    def state(self) -> str:
        memory = self.memory
        if memory is None or memory.is_new:
            return "new"
        return memory.phase.name.lower()

    def marks(self, now: datetime) -> list[str]:
        """What holds the card back or singles it out: suspended, buried (still), leech, flagged."""
        memory = self.memory
        if memory is None:
            return []
        buried = memory.buried_until is not None and memory.buried_until > now
        marks = (("suspended", memory.suspended), ("buried", buried), ("leech", memory.leech), ("flagged", bool(memory.flag)))
        return [name for name, on in marks if on]


@dataclass(frozen=True, slots=True)
class CardDetails:
    """What the card pane shows: the memory figures now and every answer."""

    found: FoundCard
    retrievability: float | None
    answers: list[PastAnswer]


def searchable_text(item: Item) -> str:
    card = item.card
    parts = [front(item), expected_answer(item), card.explanation, card.source, " ".join(card.tags), item.item_id]
    return "\n".join(parts).casefold()


class CardSearch:
    """Searches one profile's cards; keeps each card's text once read, so typing another letter is quick."""

    def __init__(self, store: Store, library: Library, profile: Profile, clock: Clock = utc_now):
        self.store = store
        self.library = library
        self.profile = profile
        self.clock = clock
        self.scheduler = Scheduler(scheduler_settings(store, profile))
        self._text: dict[int, str] = {}

    def query(self, query: CardQuery) -> CardQuery:
        """The query as of now, over the decks in use unless it names some."""
        now = self.clock()
        return replace(query, cards=in_use(query.cards, self.library), now=now,
                       day_end=day_end(now, self.scheduler.settings))  # fmt: skip

    def card_ids(self, query: CardQuery, words: str = "") -> list[int]:
        """The matching cards, in deck order; every word of ``words`` must appear in a card's text."""
        wanted = words.casefold().split()
        found = []
        for card_id in self.store.browse.card_ids(self.profile.id, self.query(query)):
            if card_id not in self.library.items:
                continue  # progress on a card whose deck file no longer has it
            if wanted:
                text = self._text.get(card_id)
                if text is None:
                    text = self._text[card_id] = searchable_text(self.library.items[card_id])
                if not all(word in text for word in wanted):
                    continue
            found.append(card_id)
        return found

    def rows(self, card_ids: list[int]) -> list[FoundCard]:
        """One page of the result, as the table shows it."""
        memories = self.store.browse.memories(self.profile.id, card_ids)
        return [FoundCard(i, self.library.items[i], memories.get(i)) for i in card_ids if i in self.library.items]

    def details(self, card_id: int) -> CardDetails:
        (found,) = self.rows([card_id])
        now: datetime = self.clock()
        memory = found.memory
        recall = None if memory is None or memory.is_new else self.scheduler.retrievability(memory, now)
        return CardDetails(found, recall, self.store.browse.answers(self.profile.id, card_id))
