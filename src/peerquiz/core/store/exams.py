"""Mock-exam attempts and their answers: the SQL behind exams, as plain values.

Every answer and mark is committed as it is given, so an exam survives a
crash and can be resumed from the database alone.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Row, func, insert, select, update

from peerquiz.core.store.engine import Database, inserted_id
from peerquiz.core.store.exam_records import (
    AnswerRecord,
    AttemptRecord,
    AttemptSummary,
    QuestionLike,
)
from peerquiz.core.store.tables import answers, attempts


def _answer(row: Row[Any]) -> AnswerRecord:
    return AnswerRecord(
        row.position, row.card_id, row.domain, tuple(json.loads(row.options_json)), row.answer,
        row.chosen, row.marked, row.answered_at, row.review_id,
    )  # fmt: skip


class ExamStore:
    """Attempts and their answers; ``store.exams``."""

    def __init__(self, db: Database):
        self._db = db

    def create(
        self,
        user_id: int,
        questions: Sequence[QuestionLike],
        *,
        blueprint: str,
        pass_percent: float,
        duration: timedelta,
        started_at: datetime,
        note: str = "",
        retake_of: int | None = None,
    ) -> int:
        """Store a new attempt with its questions in the order shown; returns its id."""
        with self._db.write() as conn:
            attempt_id = inserted_id(conn.execute(
                insert(attempts).values(
                    user_id=user_id, retake_of=retake_of, blueprint=blueprint, pass_percent=pass_percent,
                    duration_seconds=round(duration.total_seconds()), started_at=started_at, note=note,
                )
            ))  # fmt: skip
            rows = [
                {"attempt_id": attempt_id, "position": i, "card_id": q.card_id, "domain": q.domain,
                 "options_json": json.dumps(list(q.options)), "answer": q.answer, "chosen": None, "marked": False}
                for i, q in enumerate(questions)
            ]  # fmt: skip
            if rows:
                conn.execute(insert(answers), rows)
            return attempt_id

    def save_answer(self, attempt_id: int, position: int, chosen: str | None, marked: bool, at: datetime) -> None:
        with self._db.write() as conn:
            conn.execute(
                update(answers)
                .where(answers.c.attempt_id == attempt_id, answers.c.position == position)
                .values(chosen=chosen, marked=marked, answered_at=at if chosen is not None else None)
            )

    def link_review(self, attempt_id: int, position: int, review_id: int) -> None:
        with self._db.write() as conn:
            conn.execute(
                update(answers)
                .where(answers.c.attempt_id == attempt_id, answers.c.position == position)
                .values(review_id=review_id)
            )

    def finish(self, attempt_id: int, submitted_at: datetime, timed_out: bool) -> None:
        with self._db.write() as conn:
            conn.execute(
                update(attempts).where(attempts.c.id == attempt_id).values(submitted_at=submitted_at, timed_out=timed_out)
            )

    def attempt(self, attempt_id: int) -> AttemptRecord | None:
        with self._db.read() as conn:
            row = conn.execute(select(attempts).where(attempts.c.id == attempt_id)).first()
            if row is None:
                return None
            found = conn.execute(
                select(answers).where(answers.c.attempt_id == attempt_id).order_by(answers.c.position)
            )
            return AttemptRecord(
                row.id, row.user_id, row.retake_of, row.blueprint, row.pass_percent,
                timedelta(seconds=row.duration_seconds), row.started_at, row.submitted_at, row.timed_out, row.note,
                [_answer(a) for a in found],
            )  # fmt: skip

    def open_attempt(self, user_id: int) -> AttemptRecord | None:
        """The user's latest attempt not yet submitted, if any."""
        query = (
            select(attempts.c.id)
            .where(attempts.c.user_id == user_id, attempts.c.submitted_at.is_(None))
            .order_by(attempts.c.id.desc())
            .limit(1)
        )
        with self._db.read() as conn:
            found = conn.execute(query).scalar()
        return self.attempt(found) if found is not None else None

    def history(self, user_id: int, limit: int = 50) -> list[AttemptSummary]:
        """Submitted attempts, newest first, with their scores."""
        right = func.count().filter(answers.c.chosen == answers.c.answer)
        query = (
            select(attempts, right.label("correct"), func.count(answers.c.position).label("total"))
            .select_from(attempts.outerjoin(answers, answers.c.attempt_id == attempts.c.id))
            .where(attempts.c.user_id == user_id, attempts.c.submitted_at.is_not(None))
            .group_by(attempts.c.id)
            .order_by(attempts.c.id.desc())
            .limit(limit)
        )
        with self._db.read() as conn:
            return [
                AttemptSummary(r.correct, r.total, r.pass_percent, id=r.id, blueprint=r.blueprint, retake_of=r.retake_of,
                               started_at=r.started_at, submitted_at=r.submitted_at, timed_out=r.timed_out)
                for r in conn.execute(query)
            ]  # fmt: skip
