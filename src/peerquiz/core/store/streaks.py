"""A learner's study streak, kept in study_streak up to the start of today.

Counting a streak walks back a day at a time, one index lookup a day: 730 of them for two years
of daily study, most of home's counts at 1,000 cards. The days before today change only when an
answer older than today is added, changed or removed, which a trigger on review_log (migration
0011) sees: it deletes the kept streak. So a streak is counted once a study day, and then only
over the days since it was last kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from sqlalchemy import Connection, bindparam, select

from peerquiz.core.clock import DayBoundary, day_rule, study_day, study_day_start
from peerquiz.core.store.engine import Database, serialize
from peerquiz.core.store.errors import StoreError
from peerquiz.core.store.prepared import Prepared, text_rows
from peerquiz.core.store.study_days import study_day_runs
from peerquiz.core.store.tables import log, study_streak

# The walk back goes in batches: the first of eight days, then each eight times the last, up to 512. Most
# streaks end within the first; two years of daily study take four.
FIRST_BATCH, MAX_BATCH = 8, 512
_KEPT = Prepared(
    select(study_streak.c.day_rule, study_streak.c.through, study_streak.c.days).where(study_streak.c.user_id == bindparam("user_id"))
)


def _days_back(days: str, user_id: str, newest_start: str, day_length: str, instant: str) -> str:
    """The walk back over study days of ``answered_days_back``, in a dialect's parameter marks and its way of
    making a time of seconds since 1970 (``instant``); ``k`` counts the days found answered so far."""
    start = f"{newest_start} - k * {day_length}"
    return (
        f"WITH RECURSIVE back(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM back WHERE k < {days} AND EXISTS ("
        f"SELECT 1 FROM {log.name} WHERE user_id = {user_id} AND reviewed_at >= {instant.format(start)} "
        f"AND reviewed_at < {instant.format(f'{start} + {day_length}')})) SELECT max(k) FROM back"
    )


# SQLite's text 'YYYY-MM-DD HH:MM:SS' sorts before any stored time of that second ('...SS.ffffff'), as that
# second's instant does. Its marks are numbered: some values are used twice.
_DAYS_BACK_SQLITE = _days_back("?1", "?2", "?3", "?4", "datetime({}, 'unixepoch')")
_DAYS_BACK_POSTGRESQL = _days_back(
    "%(days)s", "%(user_id)s", "CAST(%(newest_start)s AS bigint)", "CAST(%(day_length)s AS bigint)", "to_timestamp({})"
)


@dataclass(frozen=True, slots=True)
class KeptStreak:
    day_rule: str
    through: datetime  # the start of the study day after the last one counted
    days: int


class StreakStore:
    def __init__(self, db: Database):
        self._db = db

    def kept(self, user_id: int, today: date, boundary: DayBoundary, zone: tzinfo | None) -> int | None:
        """The streak up to yesterday as kept, or None when it must be counted (a new study day, or an older answer changed)."""
        with self._db.read() as conn:
            found = _kept(conn, user_id)
        return _up_to(found, day_rule(boundary, zone), study_day_start(today, boundary, zone))

    def count(self, user_id: int, today: date, boundary: DayBoundary, zone: tzinfo | None) -> int:
        """Consecutive study days with an answer up to yesterday, counted and kept.

        Counted back to where the kept streak ends, when it was kept in the same days; else as far back as it
        goes. A login that may not write it (an instructor's) counts it without keeping it. Not within a
        snapshot: this writes.
        """
        rule, through = day_rule(boundary, zone), study_day_start(today, boundary, zone)
        days = None
        try:
            with self._db.write() as conn:
                # Under the lock the trigger takes on PostgreSQL, so no older answer lands between this count and its keeping.
                serialize(conn, f"peerquiz streak {user_id}")
                found = _kept(conn, user_id)
                days = _up_to(found, rule, through)
                if days is not None:
                    return days  # another process counted it meanwhile
                usable = found is not None and found.day_rule == rule and found.through < through
                days = _count_back(conn, user_id, today, boundary, zone, found if usable else None)
                conn.execute(study_streak.delete().where(study_streak.c.user_id == user_id))
                conn.execute(study_streak.insert().values(user_id=user_id, day_rule=rule, through=through, days=days))
        except StoreError:  # refused the keeping: the days counted stand, else they are counted now
            if days is None:
                with self._db.read() as conn:
                    days = _count_back(conn, user_id, today, boundary, zone, None)
        return days


def _kept(conn: Connection, user_id: int) -> KeptStreak | None:
    rows = _KEPT.rows(conn, {"user_id": user_id})
    return KeptStreak(*rows[0]) if rows else None


def _up_to(found: KeptStreak | None, rule: str, through: datetime) -> int | None:
    """The kept streak's days if it was kept up to ``through``, in the days ``rule`` names."""
    return found.days if found is not None and found.day_rule == rule and found.through == through else None


def _count_back(conn: Connection, user_id: int, today: date, boundary: DayBoundary, zone: tzinfo | None, kept: KeptStreak | None) -> int:
    """The study days with an answer from yesterday back to the first without one, or to ``kept``'s days.

    The database walks back over each run of days of one length (a daylight-saving change makes a day of
    23 or 25 hours) and stops at the first day without an answer. A day a zone skipped has no span: it
    cannot break a streak.
    """
    newest, batch, counted = today - timedelta(days=1), FIRST_BATCH, 0
    stop = study_day(kept.through, boundary, zone) if kept is not None else None  # the first day the kept streak did not count
    while stop is None or newest >= stop:
        oldest = newest - timedelta(days=batch - 1)
        if stop is not None:
            oldest = max(oldest, stop)
        runs = study_day_runs(study_day_start(oldest, boundary, zone),
                              study_day_start(newest + timedelta(days=1), boundary, zone), boundary, zone)  # fmt: skip
        for _, start, length, days in reversed(runs):
            answered = answered_days_back(conn, user_id, start + (days - 1) * length, length, days)
            counted += answered
            if answered < days:
                return counted
        newest, batch = oldest - timedelta(days=1), min(batch * 8, MAX_BATCH)
    return counted + (kept.days if kept is not None else 0)


def answered_days_back(conn: Connection, user_id: int, newest_start: int, day_length: int, days: int) -> int:
    """Of ``days`` days of ``day_length`` seconds, the newest starting at ``newest_start`` (whole seconds since
    1970) and each older one ending where the next begins: how many hold an answer, counted back from the
    newest to the first that holds none.

    The database walks back a day at a time, one index lookup each, and stops at the first day without an
    answer, in a statement whose text never changes: a table of the days written out in Python, a row per
    day, cost as much again as the lookups, and its statement was compiled anew on every count.
    """
    if days <= 0:
        return 0
    if conn.dialect.name == "postgresql":
        values = {"days": days, "user_id": user_id, "newest_start": newest_start, "day_length": day_length}
        ((answered,),) = text_rows(conn, _DAYS_BACK_POSTGRESQL, values)
    else:
        ((answered,),) = text_rows(conn, _DAYS_BACK_SQLITE, (days, user_id, newest_start, day_length))
    return int(answered)
