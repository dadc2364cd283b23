"""Study days counted by the database: an instant's UTC time shifted by its zone offset and the reset hour.

A study day depends on the user's zone, which SQLite and PostgreSQL do not know, so the
offsets in force over the span queried are worked out first and given to the query as a CASE.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo

from sqlalchemy import ColumnElement, case, literal

from peerquiz.core.clock import DAY_SECONDS, DayBoundary, utc_offset_changes
from peerquiz.core.store.dialect import epoch_seconds

FIRST_DAY = date(1970, 1, 1)


def study_day_number(
    column: ColumnElement[datetime], since: datetime, until: datetime, boundary: DayBoundary, zone: tzinfo | None
) -> ColumnElement[int]:
    """Days from 1970-01-01 to the study day of each instant in ``column`` between ``since`` and ``until``."""
    reset = boundary.day_starts_at_hour * 3600
    changes = [(start, int(offset.total_seconds()) - reset) for start, offset in utc_offset_changes(since, until, zone)]
    shift: ColumnElement[int] = literal(changes[-1][1])
    if len(changes) > 1:
        # Each shift holds until the next change takes effect.
        shift = case(*((column < start, previous) for (start, _), (_, previous) in zip(changes[1:], changes)),
                     else_=changes[-1][1])  # fmt: skip
    return (epoch_seconds(column) + shift) // DAY_SECONDS


def day_of(number: int) -> date:
    return FIRST_DAY + timedelta(days=number)
