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
    return [(day + n, start + n * length, start + (n + 1) * length)
            for day, start, length, count in study_day_runs(since, until, boundary, zone) for n in range(count)]  # fmt: skip


def study_day_runs(since: datetime, until: datetime, boundary: DayBoundary, zone: tzinfo | None) -> list[tuple[int, int, int, int]]:
    """The study days from ``since`` to ``until`` as runs of consecutive days of one length, oldest first: (the
    first day's number, the second it starts, the days' length in seconds, how many days).

    Under one UTC offset the days follow each other a whole day apart: only the first and the last of a stretch
    are cut short, and a day across an offset change is one day, of 23 or 25 hours. Two years of days are a few
    runs, worked out without a step per day (a streak reads them on every refresh of home).
    """
    reset = boundary.day_starts_at_hour * 3600
    changes = [(start, offset - reset) for start, offset in utc_offset_changes(since, until, zone)]
    ends = [start for start, _ in changes[1:]] + [math.ceil(until.timestamp())]
    runs: list[tuple[int, int, int, int]] = []
    for (start, shift), end in zip(changes, ends):
        if start >= end:
            continue
        first, last = (start + shift) // DAY_SECONDS, (end - 1 + shift) // DAY_SECONDS
        first_end = min((first + 1) * DAY_SECONDS - shift, end)
        first_start = start
        if runs and runs[-1][0] + runs[-1][3] - 1 == first:  # an offset change within the day: one day across it
            day, day_start, length, count = runs.pop()
            first_start = day_start + (count - 1) * length
            if count > 1:
                runs.append((day, day_start, length, count - 1))
        pieces = [(first, first_start, first_end - first_start, 1)]
        if last - first > 1:
            pieces.append((first + 1, first_end, DAY_SECONDS, last - first - 1))
        if last > first:
            pieces.append((last, last * DAY_SECONDS - shift, end - (last * DAY_SECONDS - shift), 1))
        for piece in pieces:
            _extend(runs, piece)
    return runs


def _extend(runs: list[tuple[int, int, int, int]], piece: tuple[int, int, int, int]) -> None:
    """Add a run of days to ``runs``: to its last run when these days continue it at the same length."""
    day, start, length, count = piece
    if runs:
        run_day, run_start, run_length, run_count = runs[-1]
        if run_length == length and run_day + run_count == day and run_start + run_length * run_count == start:
            runs[-1] = (run_day, run_start, length, run_count + count)
            return
    runs.append(piece)


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
