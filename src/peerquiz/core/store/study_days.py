"""Study days counted by the database, as a table of the UTC instants each day begins and ends.

A study day depends on the user's zone, which SQLite and PostgreSQL do not know, so the days
over the span queried are worked out here, with the offset in force at each instant, and joined
to the rows by time. The comparison uses the time index and parses no timestamp.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta, tzinfo

from sqlalchemy import CTE, DateTime, Integer, column, text

from peerquiz.core.clock import DAY_SECONDS, DayBoundary, utc_offset_changes
from peerquiz.core.store.dialect import utc_literal

FIRST_DAY = date(1970, 1, 1)
UTC_TIME = DateTime(timezone=True)


def study_day_spans(
    since: datetime, until: datetime, boundary: DayBoundary, zone: tzinfo | None
) -> list[tuple[int, datetime, datetime]]:
    """(days since 1970-01-01, start, end) of each study day from ``since`` to ``until``, in UTC.

    The last day ends at ``until`` itself, so the spans alone bound a query (a separate bound
    on the time lets SQLite scan the rows first and the days for each).
    """
    spans = study_day_seconds(since, until, boundary, zone)
    moments = [(day, datetime.fromtimestamp(start, UTC), datetime.fromtimestamp(end, UTC)) for day, start, end in spans]
    if moments:
        moments[-1] = (moments[-1][0], moments[-1][1], until)
    return moments


def study_day_seconds(since: datetime, until: datetime, boundary: DayBoundary, zone: tzinfo | None) -> list[tuple[int, int, int]]:
    """As study_day_spans, in whole seconds since 1970 (the last day ending at ``until`` rounded up)."""
    reset = boundary.day_starts_at_hour * 3600
    changes = [(start, offset - reset) for start, offset in utc_offset_changes(since, until, zone)]
    ends = [start for start, _ in changes[1:]] + [math.ceil(until.timestamp())]
    spans: list[tuple[int, int, int]] = []
    for (start, shift), end in zip(changes, ends):
        if start >= end:
            continue
        # Under one offset the days follow each other a whole day apart: only the first and the last are cut short.
        first, last = (start + shift) // DAY_SECONDS, (end - 1 + shift) // DAY_SECONDS
        days = [(day, day * DAY_SECONDS - shift, (day + 1) * DAY_SECONDS - shift) for day in range(first, last + 1)]
        days[0] = (first, start, days[0][2])
        days[-1] = (last, days[-1][1], end)
        if spans and spans[-1][0] == first and spans[-1][2] == start:  # an offset change within the day
            spans[-1] = (first, spans[-1][1], days.pop(0)[2])
        spans += days
    return spans


def study_days_table(
    since: datetime,
    until: datetime,
    boundary: DayBoundary,
    zone: tzinfo | None,
    dialect_name: str,
    first_from: datetime | None = None,
) -> CTE:
    """The study days as a table ``days`` of (day, start, finish), start included and finish excluded.

    With ``first_from``, the first day starts there instead, taking in whatever came before it.
    Written out as text: a VALUES of bound parameters cost SQLAlchemy 20 to 40 ms for a few years of days.
    """
    spans = study_day_spans(since, until, boundary, zone)
    if first_from is not None and spans:
        day, start, end = spans[0]
        spans[0] = (day, min(first_from, start), end)
    rows = ", ".join(f"({day}, {utc_literal(start, dialect_name)}, {utc_literal(end, dialect_name)})"
                     for day, start, end in spans)  # fmt: skip
    # SQLite and PostgreSQL both name the columns of a bare VALUES column1, column2, ...
    values = f"SELECT column1 AS day, column2 AS start, column3 AS finish FROM (VALUES {rows}) AS spans"
    return text(values).columns(column("day", Integer), column("start", UTC_TIME), column("finish", UTC_TIME)).cte("days")


def day_of(number: int) -> date:
    return FIRST_DAY + timedelta(days=number)
