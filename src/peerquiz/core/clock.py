"""Time as the app sees it: the clock, and the study day that begins at a set local hour.

Everything is stored in UTC; a study day is a local date counted from the
profile's reset hour (``day_starts_at_hour``), as Anki counts it.
"""

from __future__ import annotations

import math
import os
import time as system_time
from collections.abc import Callable, Container
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from time import localtime
from typing import Protocol

Clock = Callable[[], datetime]
DAY_SECONDS = 86400
CHECK_SECONDS = 6 * DAY_SECONDS  # how often utc_offset_changes looks at the offset in force


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


def utc_offset_changes(since: datetime, until: datetime, zone: tzinfo | None = None) -> list[tuple[int, int]]:
    """The offsets in force from ``since`` to ``until``, in whole seconds: (second since 1970 it takes effect,
    offset from UTC), the first at ``since``.

    Checked every six days, then each change pinned to its whole second by bisection: zones change their
    offset at whole seconds, a few times a year at most. In the tz database since 1990 no zone changed
    it twice within a week (the closest, seven days apart: parts of Brazil, October 2000), and a pair of
    changes between two checks would go unseen. Checked daily, two years of days cost a streak a third of
    its time on home's every refresh.
    """

    def offset_at(second: int) -> int:
        if zone is None:  # the local rules, as astimezone() reads them, without building a datetime
            return localtime(second).tm_gmtoff
        return int((datetime.fromtimestamp(second, UTC).astimezone(zone).utcoffset() or timedelta(0)).total_seconds())

    first, last = math.floor(since.timestamp()), math.ceil(until.timestamp())
    checks = [*range(first, last, CHECK_SECONDS), last]
    offsets = [offset_at(second) for second in checks]
    changes = [(first, offsets[0])]
    for before, after, offset, new_offset in zip(checks, checks[1:], offsets, offsets[1:]):
        if new_offset != offset:  # the old offset holds at ``before``, the new one at ``after``
            while after - before > 1:
                middle = (before + after) // 2
                before, after = (middle, after) if offset_at(middle) == offset else (before, middle)
            changes.append((after, new_offset))
    return changes


def study_day_start(day: date, settings: DayBoundary, zone: tzinfo | None = None) -> datetime:
    """The UTC instant a study day begins: its reset hour, in ``zone`` or else the local rules of that date."""
    local = datetime.combine(day, time(hour=settings.day_starts_at_hour))
    return (local.replace(tzinfo=zone) if zone else local.astimezone()).astimezone(UTC)


def day_rule(settings: DayBoundary, zone: tzinfo | None = None) -> str:
    """Names the study days of these settings and zone: days counted under one name are the same days under it.

    A zone goes by its name; the local rules by the TZ variable and the names and offsets they give (a system
    zone file is not read on each call: its path took 40 us to resolve).
    """
    if zone is None:
        zone_name = f"local {os.environ.get('TZ', '')} {'/'.join(system_time.tzname)} {system_time.timezone} {system_time.altzone}"
    else:
        zone_name = getattr(zone, "key", None) or repr(zone)
    return f"{settings.day_starts_at_hour} {zone_name}"


def current_streak(days: Container[date], today: date) -> int:
    """Consecutive study days up to today; until today has an answer, up to yesterday."""
    current, day = 0, today if today in days else today - timedelta(days=1)
    while day in days:
        current, day = current + 1, day - timedelta(days=1)
    return current
