"""Time as the app sees it: the clock, and the study day that begins at a set local hour.

Everything is stored in UTC; a study day is a local date counted from the
profile's reset hour (``day_starts_at_hour``), as Anki counts it.
"""

from __future__ import annotations

from collections.abc import Callable, Container
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Protocol

Clock = Callable[[], datetime]


class DayBoundary(Protocol):
    """Anything that says when a study day starts (the study settings do)."""

    @property
    def day_starts_at_hour(self) -> int: ...


def utc_now() -> datetime:
    return datetime.now(UTC)


def local_zone() -> tzinfo:
    return datetime.now().astimezone().tzinfo or UTC


def day_start(now: datetime, settings: DayBoundary, zone: tzinfo | None = None) -> datetime:
    """The UTC instant the current study day began (the last reset hour, local time)."""
    local = now.astimezone(zone or local_zone())
    start = local.replace(hour=settings.day_starts_at_hour, minute=0, second=0, microsecond=0)
    if local < start:
        start -= timedelta(days=1)
    return start.astimezone(UTC)


def day_end(now: datetime, settings: DayBoundary, zone: tzinfo | None = None) -> datetime:
    return day_start(now, settings, zone) + timedelta(days=1)


def study_day(moment: datetime, settings: DayBoundary, zone: tzinfo | None = None) -> date:
    """The study day an instant belongs to: its local date, counted from the reset hour.

    Without a zone the local rules in force at that instant apply, so days long
    past keep their own daylight-saving offset.
    """
    local = moment.astimezone(zone) if zone else moment.astimezone()
    return (local - timedelta(hours=settings.day_starts_at_hour)).date()


def study_day_start(day: date, settings: DayBoundary, zone: tzinfo | None = None) -> datetime:
    """The UTC instant a study day begins: its reset hour, in ``zone`` or else the local rules of that date."""
    local = datetime.combine(day, time(hour=settings.day_starts_at_hour))
    return (local.replace(tzinfo=zone) if zone else local.astimezone()).astimezone(UTC)


def current_streak(days: Container[date], today: date) -> int:
    """Consecutive study days up to today; until today has an answer, up to yesterday."""
    current, day = 0, today if today in days else today - timedelta(days=1)
    while day in days:
        current, day = current + 1, day - timedelta(days=1)
    return current
