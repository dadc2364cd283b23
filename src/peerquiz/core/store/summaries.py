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


@dataclass(frozen=True, slots=True)
class DueCount:
    """A deck's cards, and those due today; DeckCount adds the new cards a study session would offer."""

    total: int
    learning: int
    review: int


class SummaryQueries:
    """Today's counts returning plain values."""

    def __init__(self, db: Database):
        self._db = db

    def due_counts(self, user_id: int, now: datetime, until: datetime) -> dict[str, DueCount]:
        """Per deck: live cards in all, and learning and review cards due by ``until`` (neither buried nor suspended).

        Two statements, neither of which reads every card's memory: the totals come from the deck index and
        the due cards from the memory index by due time (at 50k cards, reading every memory to count
        the new cards too cost 30 ms; the new cards a deck offers are the study queue's to say anyway).
        """
        active = and_(states.c.suspended.is_(False), or_(states.c.buried_until.is_(None), states.c.buried_until <= now))
        learning = and_(states.c.reps > 0, states.c.state != int(Phase.REVIEW))
        totals = select(cards.c.deck_id, func.count()).where(cards.c.retired_at.is_(None)).group_by(cards.c.deck_id)
        due = (
            select(cards.c.deck_id, func.count().filter(learning), func.count().filter(states.c.state == int(Phase.REVIEW)))
            .select_from(states.join(cards, cards.c.id == states.c.card_id))
            .where(states.c.user_id == user_id, states.c.due <= until, active, cards.c.retired_at.is_(None))
            .group_by(cards.c.deck_id)
        )
        with self._db.read() as conn:
            total: dict[str, int] = dict(conn.execute(totals).all())
            due_by_deck = {deck_id: (learning, review) for deck_id, learning, review in conn.execute(due).all()}
        return {deck_id: DueCount(n, *due_by_deck.get(deck_id, (0, 0))) for deck_id, n in total.items()}

    def answered_between(self, user_id: int, bounds: Sequence[int]) -> set[int]:
        """Which spans ``[bounds[i], bounds[i + 1])`` (by position; whole seconds since 1970) hold an answer:
        one index lookup per span, all in one statement.

        A streak asks this of every day it reaches back over: 730 spans for two years of daily
        study. A statement per span, or the spans built as SQLAlchemy values, cost most of the
        home screen's counts; bound parameters converted one by one cost half the streak's time,
        and each bound written as a timestamp in Python still cost as much as the lookups. Here each
        bound is a number in the SQL text, made a timestamp by the database, as the times are stored.
        """
        if len(bounds) < 2:
            return set()
        with self._db.read() as conn:
            spans = ", ".join([f"({index}, {start}, {end})" for index, (start, end) in enumerate(pairwise(bounds))])
            postgresql = conn.dialect.name == "postgresql"
            mark = "%s" if postgresql else "?"
            start, end = (("to_timestamp(spans.column2)", "to_timestamp(spans.column3)") if postgresql
                          else ("datetime(spans.column2, 'unixepoch')", "datetime(spans.column3, 'unixepoch')"))  # fmt: skip
            # SQLite's text 'YYYY-MM-DD HH:MM:SS' sorts before any stored time of that second ('...SS.ffffff'),
            # as that second's instant does.
            statement = (
                f"SELECT spans.column1 FROM (VALUES {spans}) AS spans WHERE EXISTS (SELECT 1 FROM {log.name} "
                f"WHERE user_id = {mark} AND reviewed_at >= {start} AND reviewed_at < {end})"
            )
            return set(conn.exec_driver_sql(statement, (user_id,)).scalars().all())
