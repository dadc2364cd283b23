"""The card browser's queries: which cards match, their memory, their answers: ``store.browse``."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import ColumnElement, and_, false, or_, select, true

from peerquiz.core.store.card_query import CardQuery, CardState
from peerquiz.core.store.cards import card_clause
from peerquiz.core.store.engine import Database
from peerquiz.core.store.memory import MEMORY_COLUMNS, memory_of
from peerquiz.core.store.records import Memory, Phase, Rating
from peerquiz.core.store.tables import cards, log, states


@dataclass(frozen=True, slots=True)
class PastAnswer:
    """One answer in a card's history, with the interval it scheduled (None in cram, which schedules nothing)."""

    reviewed_at: datetime
    rating: Rating
    mode: str
    due_after: datetime | None


def _state_clause(query: CardQuery) -> ColumnElement[bool]:
    studied = states.c.reps > 0
    now = query.now or datetime.now(UTC)
    match query.state:
        case None:
            return true()
        case CardState.NEW:
            return or_(states.c.card_id.is_(None), states.c.reps == 0)
        case CardState.LEARNING:
            return and_(studied, states.c.state != int(Phase.REVIEW))
        case CardState.REVIEW:
            return and_(studied, states.c.state == int(Phase.REVIEW))
        case CardState.DUE:
            free = and_(states.c.suspended.is_(False), or_(states.c.buried_until.is_(None), states.c.buried_until <= now))
            return and_(studied, states.c.due <= (query.day_end or now), free)
        case CardState.SUSPENDED:
            return states.c.suspended.is_(True)
        case CardState.BURIED:
            return states.c.buried_until > now
        case CardState.LEECH:
            return states.c.leech.is_(True)
        case CardState.FLAGGED:
            return states.c.flag != 0
    return false()


class BrowseQueries:
    def __init__(self, db: Database):
        self._db = db

    def card_ids(self, user_id: int, query: CardQuery) -> list[int]:
        """The live cards matching the query, in deck order (as the decks were synced)."""
        joined = cards.outerjoin(states, and_(states.c.card_id == cards.c.id, states.c.user_id == user_id))
        clauses = [card_clause(query.cards), _state_clause(query)]
        if query.kinds:
            clauses.append(cards.c.kind.in_(query.kinds))
        if query.min_lapses > 0:
            clauses.append(states.c.lapses >= query.min_lapses)
        statement = select(cards.c.id).select_from(joined).where(*clauses).order_by(cards.c.id)
        with self._db.read() as conn:
            return list(conn.execute(statement).scalars())

    def memories(self, user_id: int, card_ids: Sequence[int]) -> dict[int, Memory]:
        """The stored memory of one page of cards; a card never touched has none."""
        statement = select(*MEMORY_COLUMNS).where(states.c.user_id == user_id, states.c.card_id.in_(list(card_ids)))
        with self._db.read() as conn:
            return {row[0]: memory_of(row) for row in conn.execute(statement)}

    def answers(self, user_id: int, card_id: int) -> list[PastAnswer]:
        """A card's answers, oldest first, each with the due date it set."""
        statement = (
            select(log.c.reviewed_at, log.c.rating, log.c.mode, log.c.prior_json)
            .where(log.c.user_id == user_id, log.c.card_id == card_id)
            .order_by(log.c.id)
        )
        with self._db.read() as conn:
            rows = list(conn.execute(statement))
            current = conn.execute(
                select(states.c.due).where(states.c.user_id == user_id, states.c.card_id == card_id)
            ).scalar()
        # The memory before each scheduling answer is the memory the previous one left: its due date.
        scheduled = [i for i, row in enumerate(rows) if row.prior_json is not None]
        due_after: dict[int, datetime | None] = {}
        for this, following in zip(scheduled, [*scheduled[1:], None]):
            if following is None:
                due_after[this] = current
            else:
                # .get: a log written by another tool (or a benchmark) may keep less of the prior memory
                due = json.loads(rows[following].prior_json).get("due")
                due_after[this] = datetime.fromisoformat(due) if due else None
        return [PastAnswer(row.reviewed_at, Rating(row.rating), row.mode, due_after.get(i)) for i, row in enumerate(rows)]
