"""Statistics for one profile and card selection: plain values for the screen, CLI and JSON.

Days are study days: local dates that begin at SchedulerSettings.day_starts_at_hour.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from peerquiz.core.clock import current_streak, day_start, study_day, utc_now
from peerquiz.core.store import DayTotal, Leech, StateCounts, Store
from peerquiz.core.store.card_filter import CardFilter
from peerquiz.core.store.records import Profile
from peerquiz.core.study.settings import SchedulerSettings, scheduler_settings

MATURE_DAYS = 21  # a card is mature once its stability reaches this, as Anki counts it
ACTIVITY_DAYS = 90
HEATMAP_DAYS = 365
FORECAST_DAYS = 30
RETENTION_WINDOWS = (7, 30, 365)
HEAT_LEVELS = 4


@dataclass(frozen=True, slots=True)
class DayCount:
    day: date
    count: int
    minutes: float = 0.0


@dataclass(frozen=True, slots=True)
class Retention:
    answered: int = 0
    recalled: int = 0

    @property
    def rate(self) -> float | None:
        return self.recalled / self.answered if self.answered else None

    def __add__(self, other: Retention) -> Retention:
        return Retention(self.answered + other.answered, self.recalled + other.recalled)


@dataclass(frozen=True, slots=True)
class RetentionWindow:
    """True retention over the last ``days`` study days (today included)."""

    days: int
    young: Retention
    mature: Retention

    @property
    def all(self) -> Retention:
        return self.young + self.mature


@dataclass(frozen=True, slots=True)
class DomainMastery:
    domain: str | None
    cards: int
    mastered: int  # cards in review (not relearning after a lapse) whose stability reached MATURE_DAYS

    @property
    def share(self) -> float:
        return self.mastered / self.cards if self.cards else 0.0


@dataclass(frozen=True, slots=True)
class Streak:
    current: int  # consecutive study days up to today, or up to yesterday if today is not done yet
    longest: int
    studied_today: bool


@dataclass(frozen=True, slots=True)
class StudyTime:
    """Minutes spent answering."""

    today: float
    last_7_days: float
    last_30_days: float
    total: float


@dataclass(frozen=True, slots=True)
class Stats:
    profile: str
    today: date
    generated_at: datetime
    desired_retention: float
    counts: StateCounts
    reviews_per_day: list[DayCount]  # the last ACTIVITY_DAYS days, oldest first
    heatmap: list[DayCount]  # the last HEATMAP_DAYS days, oldest first
    forecast: list[DayCount]  # cards due on each of the next FORECAST_DAYS days; overdue ones today
    retention: list[RetentionWindow]
    mastery: list[DomainMastery]
    leeches: list[Leech]
    streak: Streak
    time: StudyTime
    heat_max: int = field(init=False)  # the busiest day shown, found once rather than for each day's level

    def __post_init__(self) -> None:
        object.__setattr__(self, "heat_max", max((d.count for d in self.heatmap), default=0))

    def heat_level(self, count: int) -> int:
        """0 for no answers, else 1..HEAT_LEVELS relative to the busiest day shown."""
        return math.ceil(HEAT_LEVELS * count / self.heat_max) if count and self.heat_max else 0


def compute_stats(
    store: Store,
    profile: Profile,
    card_filter: CardFilter = CardFilter(),
    now: datetime | None = None,
    zone: tzinfo | None = None,
) -> Stats:
    """Every figure of the stats screen, from a few aggregate queries."""
    now = now or utc_now()
    settings = scheduler_settings(store, profile)
    today = study_day(now, settings, zone)

    answered = _per_day(store.history.answer_days(profile.id, card_filter, now, settings, zone))
    # One pass over the cards gives both the counts by phase and the mastery per domain.
    domains = sorted(store.history.domain_counts(profile.id, card_filter, MATURE_DAYS),
                     key=lambda d: (d.domain is None, d.domain or ""))  # fmt: skip
    daily = [answered.get(today - timedelta(days=n), DayCount(today - timedelta(days=n), 0))
             for n in range(HEATMAP_DAYS - 1, -1, -1)]  # fmt: skip
    return Stats(
        profile=profile.name,
        today=today,
        generated_at=now,
        desired_retention=settings.desired_retention,
        counts=sum((d.counts for d in domains), StateCounts(0, 0, 0, 0, 0)),
        reviews_per_day=daily[-ACTIVITY_DAYS:],
        heatmap=daily,
        forecast=_forecast(store, profile, card_filter, settings, now, today, zone),
        retention=_retention(store, profile, card_filter, settings, now, zone),
        mastery=[DomainMastery(d.domain, d.cards, d.mastered) for d in domains],
        leeches=store.history.leeches(profile.id, card_filter),
        streak=_streak(set(answered), today),
        time=_time(answered, today),
    )


def _per_day(totals: Iterable[DayTotal]) -> dict[date, DayCount]:
    return {t.day: DayCount(t.day, t.count, t.seconds / 60) for t in totals}


def _forecast(store: Store, profile: Profile, card_filter: CardFilter, settings: SchedulerSettings, now: datetime,
              today: date, zone: tzinfo | None) -> list[DayCount]:  # fmt: skip
    start = day_start(now, settings, zone)
    totals = store.history.due_days(profile.id, card_filter, start, start + timedelta(days=FORECAST_DAYS), settings, zone)
    due = {total.day: total.count for total in totals}  # overdue cards are due today
    return [DayCount(today + timedelta(days=n), due.get(today + timedelta(days=n), 0)) for n in range(FORECAST_DAYS)]


def _retention(store: Store, profile: Profile, card_filter: CardFilter, settings: SchedulerSettings, now: datetime,
               zone: tzinfo | None) -> list[RetentionWindow]:  # fmt: skip
    start = day_start(now, settings, zone)
    sinces = [start - timedelta(days=days - 1) for days in RETENTION_WINDOWS]
    found = {(c.since, c.mature): Retention(c.answered, c.recalled)
             for c in store.history.retention_counts(profile.id, card_filter, sinces, now, MATURE_DAYS)}  # fmt: skip
    return [
        RetentionWindow(days, found.get((since, False), Retention()), found.get((since, True), Retention()))
        for days, since in zip(RETENTION_WINDOWS, sinces)
    ]


def _streak(days: set[date], today: date) -> Streak:
    longest = run = 0
    previous = None
    for day in sorted(days):
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
        longest, previous = max(longest, run), day
    return Streak(current_streak(days, today), longest, today in days)


def _time(per_day: dict[date, DayCount], today: date) -> StudyTime:
    def since(days: int) -> float:
        first = today - timedelta(days=days - 1)
        return sum(d.minutes for d in per_day.values() if first <= d.day <= today)

    return StudyTime(since(1), since(7), since(30), sum(d.minutes for d in per_day.values()))
