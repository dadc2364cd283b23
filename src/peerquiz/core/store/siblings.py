"""Siblings (a card and its reverse, the gaps of one cloze) and the new cards a day may introduce: ``store.siblings``.

Siblings never share a study day: answering one buries its new and review siblings until the
day ends, and a note that already has a card on today's plan offers no new card.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping
from datetime import datetime
from enum import Enum
from functools import lru_cache
from typing import Any, NamedTuple

from sqlalchemy import (
    BigInteger,
    BindParameter,
    ColumnElement,
    Connection,
    Select,
    and_,
    bindparam,
    exists,
    func,
    or_,
    select,
    update,
)

from peerquiz.core.store.card_filter import CardFilter
from peerquiz.core.store.cards import card_clause
from peerquiz.core.store.dialect import note_of_item, of_note
from peerquiz.core.store.engine import Database
from peerquiz.core.store.memory import INSERT_MEMORY, MEMORY_COLUMNS, memory_of, state_values
from peerquiz.core.store.prepared import Prepared
from peerquiz.core.store.records import Memory, NewCard, Phase, note_of
from peerquiz.core.store.tables import SHUFFLE_MODULUS, SHUFFLE_PLACE, UNSTUDIED, cards, deck_cards, log, states


def _unheld(now: BindParameter[Any]) -> ColumnElement[bool]:
    return and_(states.c.suspended.is_(False), or_(states.c.buried_until.is_(None), states.c.buried_until <= now))


_BATCH = 3  # rows read per card wanted: siblings and busy notes are skipped, and more are read if needed


class DeckMemory(Enum):
    """What a profile's memory rows say of a deck's new cards, from counts alone."""

    NONE = "none"  # no card of the deck has a memory row: every card is new
    STUDIED = "studied"  # some cards have a row, each of them answered: a card is new when it has none
    ALL_STUDIED = "all studied"  # every card has been answered: none is new
    UNCOUNTED = "uncounted"  # anything else, or ids that are not consecutive: the deck's cards are checked one by one


@lru_cache(maxsize=32)
def _new_in_deck(card_filter: CardFilter, shuffled: bool, memory: DeckMemory) -> Prepared:
    """A deck's new cards in file order, or in its shuffled order from one place to another (``low`` to ``high``),
    a batch at a time: one statement for every deck and day, taking the profile, the time, the deck, the places,
    the batch size and the offset as bound parameters.
    What the deck's memory rows are (DeckMemory) says what to look for: an untouched deck has no row to look for,
    each of its cards is new; in a deck whose rows are all of studied cards, a card is new when it has none.

    Prepared: it runs once per deck (200 at 200k cards), and SQLAlchemy's execute cost a fifth of each run.
    """
    order = SHUFFLE_PLACE if shuffled else cards.c.id
    query = select(cards.c.id, cards.c.deck_id, cards.c.item_id, cards.c.domain).where(
        cards.c.deck_id == bindparam("deck_id"), card_clause(card_filter)
    )
    if shuffled:
        query = query.where(SHUFFLE_PLACE >= bindparam("low", type_=BigInteger), SHUFFLE_PLACE < bindparam("high", type_=BigInteger))
    if memory is not DeckMemory.NONE:
        joined = cards.outerjoin(states, and_(states.c.card_id == cards.c.id, states.c.user_id == bindparam("user_id")))
        # Only whether a row exists: SQLite reads that from the key's index; checking reps and burial reads each row
        # too (a sixth of the statement on a deck of 1,000 cards, a quarter with its studied cards spread through it).
        new: ColumnElement[bool] = states.c.card_id.is_(None)
        if memory is not DeckMemory.STUDIED:
            new = or_(new, and_(states.c.reps == 0, _unheld(bindparam("now"))))
        query = query.select_from(joined).where(new)
    return Prepared(query.order_by(order, cards.c.id).limit(bindparam("batch")).offset(bindparam("offset")))


def _deck_memory_statement() -> Select[Any]:
    in_span = and_(states.c.user_id == bindparam("user_id"), states.c.card_id.between(deck_cards.c.lowest, deck_cards.c.highest))
    remembered = select(func.count()).select_from(states).where(in_span).scalar_subquery()
    consecutive = deck_cards.c.highest - deck_cards.c.lowest + 1 == deck_cards.c.live
    return select(
        deck_cards.c.deck_id, consecutive, remembered, deck_cards.c.live, exists().where(in_span, UNSTUDIED), deck_cards.c.note_cards > 0
    ).where(deck_cards.c.deck_id.in_(bindparam("deck_ids", expanding=True)))


_DECK_MEMORY = Prepared(_deck_memory_statement())


class _DeckCounts(NamedTuple):
    """What a deck's card counts and the profile's memory rows in its ids tell of its new cards."""

    memory: DeckMemory
    new: int | None  # its cards never answered and not held, when the counts alone tell
    # A note of several cards: only then can a studied card keep a new one back (one card per note a day).
    siblings: bool = False


def _deck_memory(conn: Connection, user_id: int, deck_ids: Collection[str]) -> dict[str, _DeckCounts]:
    """What this profile's memory rows say of each deck, seen from counts and seeks alone: no card's memory is read.

    A deck's new cards are found by checking its cards for a memory row one by one: a deck studied
    through paid a look per card to find none (175 ms of a queue at 200,000 cards), and a deck never
    studied paid a look per card to find each new (a third of the time of its day's ranking). Here a
    deck whose live cards hold consecutive ids (as an import gives them) has as many new cards as it
    has cards without a memory row, when none of the rows in its ids is of a card never answered (a
    held or reset new card): it is studied through when that is none, and untouched when no row falls
    in its ids. A deck whose ids are not consecutive (a card added later) is left to the card-by-card query.
    A deck's size, ids and notes come from its card counts (deck_cards), one statement for all the decks.
    """
    found = dict.fromkeys(deck_ids, _DeckCounts(DeckMemory.NONE, 0))  # a deck the store has no card of
    params = {"user_id": user_id, "deck_ids": list(deck_ids)}
    for deck_id, consecutive, remembered, size, unstudied, siblings in _DECK_MEMORY.rows(conn, params):
        if not consecutive:
            found[deck_id] = _DeckCounts(DeckMemory.UNCOUNTED, None, siblings)
        elif not remembered:
            found[deck_id] = _DeckCounts(DeckMemory.NONE, size, siblings)
        elif unstudied:
            found[deck_id] = _DeckCounts(DeckMemory.UNCOUNTED, None, siblings)
        else:
            memory = DeckMemory.STUDIED if remembered < size else DeckMemory.ALL_STUDIED
            found[deck_id] = _DeckCounts(memory, size - remembered, siblings)
    return found


class _DeckNew(NamedTuple):
    """A deck that may have new cards today, as the queries for them need it."""

    deck_id: str
    cap: int  # the most it may offer
    memory: DeckMemory
    new: int | None  # its new cards, when its counts tell (_DeckCounts)
    busy: set[tuple[str, str]] | None  # notes with a card due today; None for a deck without a note of several cards


def _day_spans(rank_seed: int | None) -> list[dict[str, int]]:
    """The spans of a deck's order that make the day's order, to read in turn: the file order whole, or the
    shuffled order rotated by the day's seed. That ranks each card (place + seed) mod SHUFFLE_MODULUS: the places
    from the modulus less the seed come first, then the places below them, each span in the index's order.
    """
    if rank_seed is None:
        return [{}]
    turn = SHUFFLE_MODULUS - rank_seed
    return [{"low": turn, "high": SHUFFLE_MODULUS}, {"low": 0, "high": turn}]


def _first_per_note(
    conn: Connection, query: Prepared, params: dict[str, Any], deck: _DeckNew, spans: list[dict[str, int]]
) -> list[NewCard]:
    """Up to the deck's cap of cards of its query, the first of each note not busy, reading rows in batches
    through ``spans`` in turn.

    The deck's ``busy`` is None when it has no note of several cards: there each card is a note of its own,
    none busy, so the first rows up to the cap are the cards.
    """
    first: dict[tuple[str, str], NewCard] = {}
    deck_id, cap = deck.deck_id, deck.cap
    batch = cap if deck.busy is None else cap * _BATCH + 10
    busy = deck.busy or set()
    for span in spans:
        offset = 0
        while len(first) < cap:
            rows = query.rows(conn, {**params, **span, "deck_id": deck_id, "batch": batch, "offset": offset})
            for card_id, _, item_id, domain in rows:  # unpacked by position: many rows on a large deck
                note = (deck_id, note_of(item_id))
                if note not in busy and note not in first:
                    first[note] = NewCard(card_id, deck_id, item_id, domain)
                    if len(first) == cap:
                        break
            if len(rows) < batch:
                break
            offset += batch
    return list(first.values())


# Built once: each study queue and home's counts run these, and building one cost SQLAlchemy more than running it.
_INTRODUCED_SINCE = Prepared(
    select(cards.c.deck_id).join(log, log.c.card_id == cards.c.id)
    .where(log.c.user_id == bindparam("user_id"), log.c.mode == "study", log.c.state_before.is_(None),
           log.c.reviewed_at >= bindparam("since"))
)  # fmt: skip


class SiblingStore:
    def __init__(self, db: Database):
        self._db = db

    def new_cards(
        self, user_id: int, caps: Mapping[str, int], now: datetime, day_end: datetime, rank_seed: int | None = None,
        card_filter: CardFilter = CardFilter(),
    ) -> list[NewCard]:
        """Per deck (deck id -> at most that many), the new cards today may introduce: one per note whose cards
        are neither studied and due today nor buried or suspended.

        Each deck's cards come in file order, or with ``rank_seed`` in an order shuffled by it: the deck's
        shuffled order (SHUFFLE_PLACE) rotated by the seed, read from its index, so only what is needed is read.
        """
        params = {"user_id": user_id, "now": now}
        spans = _day_spans(rank_seed)
        chosen: list[NewCard] = []
        with self._db.read() as conn:
            for deck in self._decks_with_new(conn, user_id, caps, day_end):
                query = _new_in_deck(card_filter, rank_seed is not None, deck.memory)
                chosen += _first_per_note(conn, query, params, deck, spans)
        return chosen

    def new_counts(
        self, user_id: int, caps: Mapping[str, int], now: datetime, day_end: datetime, card_filter: CardFilter = CardFilter()
    ) -> Counter[str]:
        """Per deck, how many cards new_cards would give: what home's counts need, without choosing the cards.

        A deck whose counts tell its new cards (_deck_memory), with no note of several cards, offers them up to
        its cap: no card is read. At 50,000 cards, ranking untouched decks' cards only to count them was half
        of home's counts, and at 1,000 reading a partly studied deck's cards in file order was a fifth.
        """
        params = {"user_id": user_id, "now": now}
        counts: Counter[str] = Counter()
        with self._db.read() as conn:
            for deck in self._decks_with_new(conn, user_id, caps, day_end):
                if deck.new is not None and deck.busy is None and card_filter.is_everything:
                    counts[deck.deck_id] = min(deck.cap, deck.new)
                else:  # in file order: which cards come first does not change how many
                    query = _new_in_deck(card_filter, False, deck.memory)
                    counts[deck.deck_id] = len(_first_per_note(conn, query, params, deck, _day_spans(None)))
        return counts

    def _decks_with_new(self, conn: Connection, user_id: int, caps: Mapping[str, int], day_end: datetime) -> list[_DeckNew]:
        """The decks with a positive cap that are not studied through, with what their new cards' queries need."""
        memory = _deck_memory(conn, user_id, [deck_id for deck_id, cap in caps.items() if cap > 0])
        wanted = [deck_id for deck_id, counts in memory.items() if counts.memory is not DeckMemory.ALL_STUDIED]
        with_siblings = tuple(deck_id for deck_id in wanted if memory[deck_id].siblings)
        busy = self._notes_due(conn, user_id, CardFilter(deck_ids=with_siblings), day_end) if with_siblings else set()
        return [
            _DeckNew(deck_id, caps[deck_id], memory[deck_id].memory, memory[deck_id].new, busy if deck_id in with_siblings else None)
            for deck_id in wanted
        ]

    @staticmethod
    def _notes_due(conn: Connection, user_id: int, card_filter: CardFilter, day_end: datetime) -> set[tuple[str, str]]:
        """Notes with a studied card due before the day ends: they have today's turn already."""
        query = (
            select(cards.c.deck_id, cards.c.item_id)
            .join(states, states.c.card_id == cards.c.id)
            .where(states.c.user_id == user_id, card_clause(card_filter), states.c.reps > 0,
                   states.c.suspended.is_(False), states.c.due < day_end)
        )  # fmt: skip
        return {(deck_id, note_of(item_id)) for deck_id, item_id in conn.execute(query).all()}  # one fetch, not one per row

    def introduced_since(self, user_id: int, since: datetime) -> Counter[str]:
        """New cards first answered in study mode since a time, per deck."""
        with self._db.read() as conn:
            return Counter(deck_id for (deck_id,) in _INTRODUCED_SINCE.rows(conn, {"user_id": user_id, "since": since}))


# Built once, as an answer runs it on every card: the answered card's siblings, found from its id in one statement.
_answered, _sibling = cards.alias("answered"), cards.alias("sibling")
_SIBLINGS = (
    select(_sibling.c.id, *MEMORY_COLUMNS[1:])
    .select_from(
        _answered.join(_sibling, and_(_sibling.c.deck_id == _answered.c.deck_id, _sibling.c.id != _answered.c.id,
                                      _sibling.c.retired_at.is_(None),
                                      of_note(_sibling.c.item_id, note_of_item(_answered.c.item_id))))
        .outerjoin(states, and_(states.c.card_id == _sibling.c.id, states.c.user_id == bindparam("user_id")))
    )
    .where(_answered.c.id == bindparam("card_id"))
)  # fmt: skip


def bury_siblings(conn: Connection, user_id: int, card_id: int, until: datetime, now: datetime) -> dict[int, Memory | None]:
    """In the answer's write transaction, which holds the profile's lock (locked_memory), bury the new and
    review siblings of a card (its reverse, the other gaps of its cloze) until ``until``; their memory rows
    from before (None: no row), for undo.

    Siblings in (re)learning stay: their next step is already set for today.
    """
    rows = conn.execute(_SIBLINGS, {"user_id": user_id, "card_id": card_id}).all()
    stored = {row[0]: memory_of(row) if row[1] is not None else None for row in rows}
    buried = {i: prior for i, prior in stored.items() if prior is None or prior.is_new or prior.phase == Phase.REVIEW}
    known = [i for i, prior in buried.items() if prior is not None]
    if known:
        conn.execute(update(states).where(states.c.user_id == user_id, states.c.card_id.in_(known)).values(buried_until=until))
    unknown = [i for i, prior in buried.items() if prior is None]
    if unknown:
        INSERT_MEMORY.many(conn, [
            {"user_id": user_id, "card_id": i, **state_values(Memory(i, buried_until=until), now)} for i in unknown
        ])  # fmt: skip
    return buried
