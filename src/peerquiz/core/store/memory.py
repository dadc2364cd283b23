"""Each profile's memory of each card, and the queries that build a study queue: ``store.memory``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import fields
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    and_,
    bindparam,
    func,
    insert,
    or_,
    select,
    update,
)

from peerquiz.core.store.card_filter import CardFilter
from peerquiz.core.store.cards import bound_card_clause, card_clause, filter_params, filter_shape
from peerquiz.core.store.engine import Database
from peerquiz.core.store.prepared import Prepared
from peerquiz.core.store.records import DueReview, Memory, Phase
from peerquiz.core.store.tables import cards, states, users

# Memory's fields in order, as card_state columns (``phase`` is stored as ``state``): the one list of them.
MEMORY_COLUMNS = tuple(states.c["state" if field.name == "phase" else field.name] for field in fields(Memory))
_PHASES = {int(phase): phase for phase in Phase}
ID_BATCH = 1000  # card ids per IN list when many are asked for (MemoryStore.all)

# Built once: the answer path runs these on every card, and a statement built anew each time costs
# more in SQLAlchemy than SQLite takes to run it.
_ONE_MEMORY = select(*MEMORY_COLUMNS).where(states.c.user_id == bindparam("user_id"), states.c.card_id == bindparam("card_id"))
# The answered card's row and the next card's, read together (one statement less per answer).
_LOCKED_MEMORIES = Prepared(
    select(*MEMORY_COLUMNS)
    .where(states.c.user_id == bindparam("user_id"), states.c.card_id.in_([bindparam("card_id"), bindparam("ahead_id")]))
    .with_for_update()
)
_LOCK_PROFILE = select(users.c.id).where(users.c.id == bindparam("user_id")).with_for_update(key_share=True)
_UPDATE_MEMORY = Prepared(
    update(states)
    .where(states.c.user_id == bindparam("key_user_id"), states.c.card_id == bindparam("key_card_id"))
    .values({column: bindparam(column.name) for column in MEMORY_COLUMNS[1:]})
)
# A new memory row takes its card's deck from the card's row (bound as ``card_id``, as the row's own key is).
_DECK_OF_CARD = select(cards.c.deck_id).where(cards.c.id == bindparam("card_id")).scalar_subquery()
INSERT_MEMORY = Prepared(
    insert(states).values({column: _DECK_OF_CARD if column is states.c.deck_id else bindparam(column.name) for column in states.c})
)


def memory_of(row: Sequence[Any]) -> Memory:
    """A Memory from a row of MEMORY_COLUMNS, unpacked by position: named access costs more on 50k rows."""
    card_id, state, *rest = row
    return Memory(card_id, _PHASES[state], *rest)


# (card_state column, Memory field) of all but the key: every answer writes them.
_STATE_FIELDS = tuple((column.name, field.name) for column, field in zip(MEMORY_COLUMNS, fields(Memory)) if field.name != "card_id")


def state_values(memory: Memory, now: datetime) -> dict[str, Any]:
    """The card_state values of a memory (all but the keys); a memory never studied is due now."""
    values = {column: getattr(memory, name) for column, name in _STATE_FIELDS}
    values["state"] = int(memory.phase)
    values["due"] = memory.due or now
    return values


def upsert_memory(conn: Connection, user_id: int, memory: Memory, now: datetime, stored: bool | None = None) -> None:
    """Write a card's memory row; ``stored`` says whether the row exists, when the caller knows (one statement less)."""
    values = state_values(memory, now)
    keys = {"key_user_id": user_id, "key_card_id": memory.card_id}
    if stored is not False and _UPDATE_MEMORY.rowcount(conn, {**keys, **values}):
        return
    INSERT_MEMORY.rowcount(conn, {"user_id": user_id, "card_id": memory.card_id, **values})


def lock_profile(conn: Connection, user_id: int) -> None:
    """Hold the profile's row until the write transaction ends: its writers take turns.

    Two answers to a card never studied (no memory row to lock yet), or to two siblings (an
    answer buries the others), then wait for each other. SQLite needs no statement: its
    writers already hold the one write lock (BEGIN IMMEDIATE).
    """
    if conn.dialect.name == "postgresql":
        conn.execute(_LOCK_PROFILE, {"user_id": user_id})


def locked_memories(conn: Connection, user_id: int, card_id: int, ahead_id: int | None = None) -> dict[int, Memory]:
    """The memory rows, as they are now, of a card and of the card ``ahead_id`` (when given), locked with the
    profile until the write transaction ends; a card without a row yet is left out.
    """
    lock_profile(conn, user_id)
    rows = _LOCKED_MEMORIES.rows(conn, {"user_id": user_id, "card_id": card_id, "ahead_id": card_id if ahead_id is None else ahead_id})
    return {row[0]: memory_of(row) for row in rows}


def _active() -> ColumnElement[bool]:
    """The profile's cards neither suspended nor buried at ``now`` (bound parameters ``user_id`` and ``now``)."""
    return and_(
        states.c.user_id == bindparam("user_id"),
        states.c.suspended.is_(False),
        or_(states.c.buried_until.is_(None), states.c.buried_until <= bindparam("now")),
    )


# The queue's statements, built once per shape of filter (see bound_card_clause) rather than on every queue.
@lru_cache(maxsize=16)
def _learning_due(shape: CardFilter) -> Prepared:
    return Prepared(
        select(*MEMORY_COLUMNS)
        .join(cards, cards.c.id == states.c.card_id)
        .where(_active(), bound_card_clause(shape), states.c.reps > 0,
               states.c.state.in_((int(Phase.LEARNING), int(Phase.RELEARNING))), states.c.due <= bindparam("until"))
    )  # fmt: skip


@lru_cache(maxsize=16)
def _reviews_due(shape: CardFilter) -> Prepared:
    return Prepared(
        select(states.c.card_id, states.c.reps)
        .join(cards, cards.c.id == states.c.card_id)
        .where(_active(), bound_card_clause(shape), states.c.state == int(Phase.REVIEW), states.c.due <= bindparam("until"))
        .order_by(states.c.due)
        .limit(bindparam("limit"))
    )


@lru_cache(maxsize=16)
def _next_due(shape: CardFilter) -> Prepared:
    return Prepared(
        select(func.min(states.c.due, type_=states.c.due.type))
        .join(cards, cards.c.id == states.c.card_id)
        .where(_active(), bound_card_clause(shape), states.c.reps > 0, states.c.due > bindparam("now"))
    )


@lru_cache(maxsize=4)
def _recall_inputs(kinds: tuple[str, ...]) -> Prepared:
    return Prepared(
        select(states.c.card_id, states.c.stability, states.c.last_review)
        .join(cards, cards.c.id == states.c.card_id)
        .where(states.c.user_id == bindparam("user_id"), states.c.reps > 0, or_(*(cards.c.kind == kind for kind in kinds)))
    )


class MemoryStore:
    def __init__(self, db: Database):
        self._db = db

    def recall_inputs(self, user_id: int, kinds: tuple[str, ...]) -> dict[int, tuple[float | None, datetime | None]]:
        """Card id -> (stability, last review) of each studied card of these kinds: all its chance of recall needs.

        The readiness asks this of every exam-style card: a Memory per studied card took 2 s at 200,000
        cards, holding the interpreter while home was being drawn.
        """
        with self._db.read() as conn:
            rows = _recall_inputs(kinds).rows(conn, {"user_id": user_id})
        return {card_id: (stability, last_review) for card_id, stability, last_review in rows}

    def all(self, user_id: int, card_ids: Iterable[int] | None = None) -> dict[int, Memory]:
        """Memory rows of a user, for the given cards or all of them.

        Many cards are asked for ID_BATCH at a time: binding 200,000 values to one statement held the interpreter
        in C (SQLAlchemy's and sqlite3's loops over them) for 0.1 s at a stretch, and with it the UI thread.
        """
        query = select(*MEMORY_COLUMNS).where(states.c.user_id == user_id)
        wanted = None if card_ids is None else list(card_ids)
        with self._db.read() as conn:
            if wanted is None:
                return {r.card_id: memory_of(r) for r in conn.execute(query).all()}  # .all(): one fetch, not one per row
            return {r.card_id: memory_of(r)
                    for start in range(0, len(wanted), ID_BATCH)
                    for r in conn.execute(query.where(states.c.card_id.in_(wanted[start : start + ID_BATCH]))).all()}  # fmt: skip

    def of_cards(self, user_id: int, card_filter: CardFilter) -> list[Memory]:
        """Each live card the filter selects, by card id, with the user's memory of it (a new one if never studied).

        One query joining the cards: listing them first and then asking for their memory by id built a
        StoredCard per card and an IN list of every id (2 s of the interpreter at 200,000 cards).
        """
        joined = cards.outerjoin(states, and_(states.c.card_id == cards.c.id, states.c.user_id == user_id))
        query = select(cards.c.id, *MEMORY_COLUMNS[1:]).select_from(joined).where(card_clause(card_filter)).order_by(cards.c.id)
        with self._db.read() as conn:
            return [memory_of(row) if row[1] is not None else Memory(row[0]) for row in conn.execute(query).all()]

    def get(self, user_id: int, card_id: int) -> Memory:
        with self._db.read() as conn:
            row = conn.execute(_ONE_MEMORY, {"user_id": user_id, "card_id": card_id}).first()
        return memory_of(row) if row else Memory(card_id=card_id)

    def learning_due(self, user_id: int, card_filter: CardFilter, until: datetime, now: datetime) -> list[Memory]:
        """Studied cards in learning or relearning due by ``until``, soonest first."""
        params = {"user_id": user_id, "now": now, "until": until, **filter_params(card_filter)}
        with self._db.read() as conn:
            found = [memory_of(r) for r in _learning_due(filter_shape(card_filter)).rows(conn, params)]
        # Sorted here: ordered by due, SQLite walks every card due today instead of seeking each phase.
        return sorted(found, key=lambda memory: memory.due or until)

    def reviews_due(self, user_id: int, card_filter: CardFilter, until: datetime, now: datetime, limit: int) -> list[DueReview]:
        """Review cards due by ``until``, neither buried nor suspended, oldest due first, at most ``limit``."""
        params = {"user_id": user_id, "now": now, "until": until, "limit": max(limit, 0), **filter_params(card_filter)}
        with self._db.read() as conn:
            return list(map(DueReview._make, _reviews_due(filter_shape(card_filter)).rows(conn, params)))

    def next_due(self, user_id: int, card_filter: CardFilter, now: datetime) -> datetime | None:
        params = {"user_id": user_id, "now": now, **filter_params(card_filter)}
        with self._db.read() as conn:
            due: datetime | None = _next_due(filter_shape(card_filter)).rows(conn, params)[0][0]  # min() of no row: NULL
            return due

    def save(self, user_id: int, memory: Memory, now: datetime) -> None:
        """Set a card's flags or state without logging an answer (bury, suspend, flag)."""
        self.save_many(user_id, [memory], now)

    def save_many(self, user_id: int, memories: Sequence[Memory], now: datetime) -> None:
        """Set several cards' flags or state in one transaction."""
        with self._db.write() as conn:
            for memory in memories:
                upsert_memory(conn, user_id, memory, now)

    def restore(self, user_id: int, card_filter: CardFilter) -> int:
        """Unsuspend and unbury the user's cards in the filter; how many came back."""
        chosen = select(cards.c.id).where(card_clause(card_filter))
        held = or_(states.c.suspended.is_(True), states.c.buried_until.is_not(None))
        with self._db.write() as conn:
            done = conn.execute(
                update(states)
                .where(states.c.user_id == user_id, states.c.card_id.in_(chosen), held)
                .values(suspended=False, buried_until=None)
            )
            return done.rowcount
