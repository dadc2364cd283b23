"""Read-only queries behind the home screen: per-deck counts and whether a day had study."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise

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

    def answered_between(self, user_id: int, bounds: Sequence[datetime]) -> set[int]:
        """Which spans ``[bounds[i], bounds[i + 1])`` (by position) hold an answer: one index lookup per span,
        all in one statement.

        A streak asks this of every day it reaches back over: 730 spans for two years of daily
        study. A statement per span, or the spans built as SQLAlchemy values, cost most of the
        home screen's counts; here they go to the driver as plain bound parameters, converted as
        SQLAlchemy stores datetimes.
        """
        if len(bounds) < 2:
            return set()
        with self._db.read() as conn:
            to_stored = log.c.reviewed_at.type.bind_processor(conn.dialect) or (lambda value: value)
            stored = [to_stored(moment) for moment in bounds]
            mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
            moment = mark if conn.dialect.name == "sqlite" else f"CAST({mark} AS TIMESTAMPTZ)"
            spans = ", ".join([f"({index}, {moment}, {moment})" for index in range(len(bounds) - 1)])
            statement = (
                f"SELECT spans.column1 FROM (VALUES {spans}) AS spans WHERE EXISTS (SELECT 1 FROM {log.name} "
                f"WHERE user_id = {mark} AND reviewed_at >= spans.column2 AND reviewed_at < spans.column3)"
            )
            values = [value for span in pairwise(stored) for value in span]
            return set(conn.exec_driver_sql(statement, (*values, user_id)).scalars())
