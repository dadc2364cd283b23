"""Read-only queries behind the statistics: counts the database can add up itself.

Answers and due dates are counted per study day (see study_days.py).
All history queries use the review log's index by (user_id, reviewed_at), which holds every
column they count by, so they read no row of the log itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Any

from sqlalchemy import ColumnElement, Join, ScalarSelect, Select, and_, func, literal, or_, select, union_all

from peerquiz.core.clock import DayBoundary
from peerquiz.core.store.card_filter import CardFilter
from peerquiz.core.store.cards import card_clause
from peerquiz.core.store.dialect import least
from peerquiz.core.store.engine import Database
from peerquiz.core.store.records import Phase
from peerquiz.core.store.study_days import day_of, study_days_table
from peerquiz.core.store.tables import cards, log, states

# An answer left on screen while the learner walked away is not study time.
MAX_ANSWER_MS = 5 * 60 * 1000


@dataclass(frozen=True, slots=True)
class DayTotal:
    """What happened on one study day."""

    day: date
    count: int
    seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class RetentionCount:
    """Review-phase study answers since ``since``, for young or mature cards."""

    since: datetime
    mature: bool
    answered: int
    recalled: int


@dataclass(frozen=True, slots=True)
class StateCounts:
    new: int
    learning: int
    review: int
    relearning: int
    suspended: int

    @property
    def total(self) -> int:
        return self.new + self.learning + self.review + self.relearning + self.suspended

    def __add__(self, other: StateCounts) -> StateCounts:
        return StateCounts(self.new + other.new, self.learning + other.learning, self.review + other.review,
                           self.relearning + other.relearning, self.suspended + other.suspended)  # fmt: skip


@dataclass(frozen=True, slots=True)
class DomainCounts:
    """Cards of one domain by learning phase, and how many are mastered (see domain_counts)."""

    domain: str | None
    cards: int
    counts: StateCounts
    mastered: int


@dataclass(frozen=True, slots=True)
class Leech:
    card_id: int
    deck_id: str
    item_id: str
    domain: str | None
    lapses: int
    suspended: bool


class HistoryQueries:
    """Statistics queries returning plain values."""

    def __init__(self, db: Database):
        self._db = db

    def _log_query(self, columns: Sequence[ColumnElement[Any]], user_id: int, card_filter: CardFilter) -> Select[Any]:
        """A select on the user's review log, joined to cards only when a filter needs it."""
        query = select(*columns).where(log.c.user_id == user_id)
        if not card_filter.is_everything:
            query = query.join(cards, cards.c.id == log.c.card_id).where(card_clause(card_filter, include_retired=True))
        return query

    def answer_days(
        self, user_id: int, card_filter: CardFilter, until: datetime, boundary: DayBoundary, zone: tzinfo | None
    ) -> list[DayTotal]:
        """Answers of every mode before ``until``, with the time spent on them, per study day."""
        with self._db.read() as conn:
            since = conn.execute(select(func.min(log.c.reviewed_at)).where(log.c.user_id == user_id)).scalar()
            if since is None or since >= until:
                return []
            days = study_days_table(since, until, boundary, zone, conn.dialect.name)
            capped_ms = least(func.coalesce(log.c.duration_ms, 0), MAX_ANSWER_MS)

            def on_the_day(total: ColumnElement[Any]) -> ScalarSelect[Any]:
                in_day = and_(log.c.reviewed_at >= days.c.start, log.c.reviewed_at < days.c.finish)
                return self._log_query((total,), user_id, card_filter).where(in_day).scalar_subquery()

            # Each day counts its own range of the time index: a GROUP BY day would sort every answer first.
            query = select(days.c.day, on_the_day(func.count()), on_the_day(func.sum(capped_ms)))
            return [DayTotal(day_of(d), n, (ms or 0) / 1000) for d, n, ms in conn.execute(query) if n]

    def retention_counts(
        self, user_id: int, card_filter: CardFilter, sinces: Sequence[datetime], until: datetime, mature_days: float
    ) -> list[RetentionCount]:
        """Study answers given in the review phase since each time, split young/mature.

        A card is mature when its stability before the answer was at least
        ``mature_days``.
        The windows nest, so each answer is counted once, in the stretch between
        consecutive times it falls in, and a window adds up its stretches; no
        GROUP BY, whose sort cost more than the counting.
        """
        bounds = sorted(set(sinces))
        mature = func.coalesce(log.c.stability_before, 0) >= mature_days
        recalled = log.c.rating > 1
        stretches = [
            self._log_query((literal(i), func.count(), func.count().filter(recalled), func.count().filter(mature),
                             func.count().filter(and_(mature, recalled))), user_id, card_filter)
            .where(log.c.mode == "study", log.c.state_before == int(Phase.REVIEW),
                   log.c.reviewed_at >= start, log.c.reviewed_at < end)
            for i, (start, end) in enumerate(zip(bounds, [*bounds[1:], until]))
        ]  # fmt: skip
        with self._db.read() as conn:
            counted = {row[0]: row[1:] for row in conn.execute(union_all(*stretches))}
        totals, windows = (0, 0, 0, 0), {}
        for i in reversed(range(len(bounds))):  # latest first: a longer window is a shorter one plus its own stretch
            totals = tuple(a + b for a, b in zip(totals, counted[i]))
            windows[bounds[i]] = totals
        result = []
        for since in sinces:
            answered, recalled_n, mature_n, mature_recalled = windows[since]
            result += [RetentionCount(since, False, answered - mature_n, recalled_n - mature_recalled),
                       RetentionCount(since, True, mature_n, mature_recalled)]  # fmt: skip
        return result

    def rating_counts(self, user_id: int) -> dict[tuple[bool, int], int]:
        """Study answers per (card was new, rating): how this learner tends to grade."""
        first = log.c.state_before.is_(None)
        query = (
            select(first, log.c.rating, func.count())
            .where(log.c.user_id == user_id, log.c.mode == "study")
            .group_by(first, log.c.rating)
        )
        with self._db.read() as conn:
            return {(bool(is_new), rating): n for is_new, rating, n in conn.execute(query)}

    def due_days(
        self, user_id: int, card_filter: CardFilter, since: datetime, until: datetime, boundary: DayBoundary,
        zone: tzinfo | None,
    ) -> list[DayTotal]:
        """Studied, unsuspended cards falling due before ``until``, per study day from the one ``since``
        begins; cards due before it (overdue) count on that first day."""
        with self._db.read() as conn:
            earliest = conn.execute(select(func.min(states.c.due)).where(states.c.user_id == user_id)).scalar()
            if earliest is None or since >= until:
                return []
            days = study_days_table(since, until, boundary, zone, conn.dialect.name, first_from=earliest)
            # The selected cards as a list the database builds once: cheaper than joining each memory to its card.
            selected = select(cards.c.id).where(card_clause(card_filter))
            due_that_day = (
                select(func.count())
                .where(states.c.user_id == user_id, states.c.card_id.in_(selected), states.c.reps > 0,
                       states.c.suspended.is_(False), states.c.due >= days.c.start, states.c.due < days.c.finish)
                .scalar_subquery()
            )  # fmt: skip
            return [DayTotal(day_of(d), n) for d, n in conn.execute(select(days.c.day, due_that_day)) if n]

    def domain_counts(self, user_id: int, card_filter: CardFilter, mature_days: float) -> list[DomainCounts]:
        """Cards per domain by learning phase, and those mastered: in review, not suspended, stability of
        ``mature_days`` or more.

        A card answered Again relearns, and its stability, cut by the lapse, must grow back first.
        """
        mastered = and_(states.c.state == int(Phase.REVIEW), states.c.suspended.is_(False), states.c.stability >= mature_days)
        query = (
            select(cards.c.domain, func.count(), func.count().filter(mastered), *_phase_counts())
            .select_from(_cards_with_memory(user_id))
            .where(card_clause(card_filter))
            .group_by(cards.c.domain)
        )
        with self._db.read() as conn:
            return [DomainCounts(domain, total, StateCounts(*counts), done)
                    for domain, total, done, *counts in conn.execute(query)]  # fmt: skip

    def state_counts(self, user_id: int, card_filter: CardFilter) -> StateCounts:
        """Cards by learning phase; suspended cards are counted only as suspended."""
        query = select(*_phase_counts()).select_from(_cards_with_memory(user_id)).where(card_clause(card_filter))
        with self._db.read() as conn:
            return StateCounts(*tuple(conn.execute(query).one()))

    def leeches(self, user_id: int, card_filter: CardFilter, limit: int = 50) -> list[Leech]:
        """Cards marked as leeches, most lapses first."""
        query = (
            select(cards.c.id, cards.c.deck_id, cards.c.item_id, cards.c.domain, states.c.lapses, states.c.suspended)
            .join(cards, cards.c.id == states.c.card_id)
            .where(states.c.user_id == user_id, states.c.leech.is_(True), card_clause(card_filter))
            .order_by(states.c.lapses.desc(), cards.c.deck_id, cards.c.item_id)
            .limit(limit)
        )
        with self._db.read() as conn:
            return [Leech(*row) for row in conn.execute(query)]


def _cards_with_memory(user_id: int) -> Join:
    """Every card, with the user's memory of it where there is one."""
    return cards.outerjoin(states, and_(states.c.card_id == cards.c.id, states.c.user_id == user_id))


def _phase_counts() -> list[ColumnElement[int]]:
    """StateCounts' figures over _cards_with_memory; suspended cards are counted only as suspended."""
    unsuspended = or_(states.c.suspended.is_(None), states.c.suspended.is_(False))
    studied = and_(states.c.reps > 0, unsuspended)
    return [
        func.count().filter(and_(unsuspended, func.coalesce(states.c.reps, 0) == 0)),
        *(func.count().filter(and_(studied, states.c.state == int(phase))) for phase in Phase),
        func.count().filter(states.c.suspended.is_(True)),
    ]
