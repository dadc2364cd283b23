"""A plan to the exam date: days left, cards not yet learned, and the new cards a day that learn
them all ``plan_margin_days`` before the exam. With ``new-per-day auto`` the plan sets the daily
new-card limit. docs/exams.md describes it, and the exam-day readiness built on it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from peerquiz.core.clock import day_start, study_day
from peerquiz.core.decks.library import Library
from peerquiz.core.store import Store
from peerquiz.core.store.card_filter import CardFilter
from peerquiz.core.store.records import Profile
from peerquiz.core.study.settings import SchedulerSettings


@dataclass(frozen=True, slots=True)
class ExamPlan:
    exam_date: date
    today: date  # the current study day
    margin_days: int
    not_learned: int  # cards of the decks in use never studied (suspended ones left out)
    introduced_today: int  # new cards first answered today, which the day's quota already spent

    @property
    def days_left(self) -> int:
        return (self.exam_date - self.today).days

    @property
    def learned_by(self) -> date:
        return self.exam_date - timedelta(days=self.margin_days)

    @property
    def days_to_learn(self) -> int:
        """Study days from today (included) before ``learned_by``."""
        return max((self.learned_by - self.today).days, 0)

    @property
    def new_per_day(self) -> int:
        """New cards a day that learn every card by ``learned_by``, counted from this day's start; all at once when late."""
        left = self.not_learned + self.introduced_today
        return math.ceil(left / self.days_to_learn) if self.days_to_learn else left


def exam_plan(store: Store, library: Library, profile: Profile, settings: SchedulerSettings, now: datetime) -> ExamPlan | None:
    """The plan, or None when no exam date is set."""
    if settings.exam_date is None:
        return None
    in_use = CardFilter(deck_ids=tuple(header.id for header in library.headers))
    not_learned = store.history.state_counts(profile.id, in_use).new if in_use.deck_ids else 0
    introduced = store.siblings.introduced_since(profile.id, day_start(now, settings))
    return ExamPlan(
        exam_date=settings.exam_date,
        today=study_day(now, settings),
        margin_days=settings.plan_margin_days,
        not_learned=not_learned,
        introduced_today=sum(n for deck_id, n in introduced.items() if deck_id in in_use.deck_ids),
    )


def daily_new_limit(store: Store, library: Library, profile: Profile, settings: SchedulerSettings, now: datetime) -> int:
    """The shared new-card limit of this day: ``new_per_day``, or the plan's figure with ``new-per-day auto``."""
    if settings.new_per_day_auto:
        plan = exam_plan(store, library, profile, settings, now)
        if plan is not None:
            return plan.new_per_day
    return settings.new_per_day
