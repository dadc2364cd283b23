"""Read-only queries behind the home screen: per-deck counts and whether a day had study."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, and_, bindparam, exists, func, literal_column, or_, select

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

    def answered_in(self, user_id: int, spans: Sequence[tuple[datetime, datetime]]) -> set[int]:
        """Which spans (by position) hold an answer, each ``[begin, end)``: one index lookup per span.

        A streak asks this of every day it reaches back over: 730 lookups for two years of
        daily study. Each went through SQLAlchemy's execution (about 0.12 ms apiece, 83 % of the
        home screen's counts), so the statement is compiled once here and run on the driver's
        cursor, with SQLAlchemy's own conversion of the datetimes.
        """
        with self._db.read() as conn:
            compiled = _ANSWER_IN_SPAN.compile(dialect=conn.dialect)
            to_stored = log.c.reviewed_at.type.bind_processor(conn.dialect) or (lambda value: value)
            cursor = conn.connection.cursor()
            found = set()
            for index, (begin, end) in enumerate(spans):
                values = {"user": user_id, "begin": to_stored(begin), "end": to_stored(end)}
                if compiled.positiontup is not None:  # qmark or numeric drivers (SQLite)
                    cursor.execute(compiled.string, [values[name] for name in compiled.positiontup])
                else:  # named or pyformat drivers (psycopg)
                    cursor.execute(compiled.string, values)
                if cursor.fetchone() is not None:
                    found.add(index)
            cursor.close()
            return found


_ANSWER_IN_SPAN: Select[tuple[int]] = select(literal_column("1")).where(
    exists().where(log.c.user_id == bindparam("user"), log.c.reviewed_at >= bindparam("begin"),
                   log.c.reviewed_at < bindparam("end"))
)  # fmt: skip
