"""Read-only queries behind the home screen: per-deck counts and whether a day had study."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, or_, select

from peerquiz.core.store.engine import Database
from peerquiz.core.store.records import Phase
from peerquiz.core.store.tables import cards, log, states


@dataclass(frozen=True, slots=True)
class DeckCount:
    total: int
    new: int
    learning: int
    review: int


class SummaryQueries:
    """Today's counts returning plain values."""

    def __init__(self, db: Database):
        self._db = db

    def deck_counts(
        self, user_id: int, now: datetime, until: datetime, learning_until: datetime | None = None
    ) -> dict[str, DeckCount]:
        """Per deck: cards in all, new, learning due by ``learning_until`` (default now), reviews due before ``until``."""
        active = and_(states.c.suspended.is_(False), or_(states.c.buried_until.is_(None), states.c.buried_until <= now))
        is_new = or_(states.c.card_id.is_(None), and_(states.c.reps == 0, active))
        learning_due = states.c.due <= (learning_until or now)
        learning = and_(states.c.reps > 0, states.c.state != int(Phase.REVIEW), learning_due, active)
        review = and_(states.c.state == int(Phase.REVIEW), states.c.due <= until, active)
        joined = cards.outerjoin(states, and_(states.c.card_id == cards.c.id, states.c.user_id == user_id))
        query = (
            select(
                cards.c.deck_id,
                func.count(),
                func.count().filter(is_new),
                func.count().filter(learning),
                func.count().filter(review),
            )
            .select_from(joined)
            .where(cards.c.retired_at.is_(None))
            .group_by(cards.c.deck_id)
        )
        with self._db.read() as conn:
            return {row[0]: DeckCount(*row[1:]) for row in conn.execute(query)}

    def answered_between(self, user_id: int, begin: datetime, end: datetime) -> bool:
        """Whether the user gave any answer from ``begin`` until before ``end`` (one index lookup)."""
        query = select(log.c.id).where(log.c.user_id == user_id, log.c.reviewed_at >= begin, log.c.reviewed_at < end)
        with self._db.read() as conn:
            return conn.execute(query.limit(1)).first() is not None
