"""Queries across every profile the login may read: ``store.classwide``.

On a class database the row-level security policies decide what that is (an instructor: every
student; a student: themself); on one learner's SQLite file it is that file's profiles.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, select

from peerquiz.core.store.engine import Database
from peerquiz.core.store.exam_records import percent_right
from peerquiz.core.store.records import Phase
from peerquiz.core.store.tables import answers, attempts, cards, log, states, users

STREAM_ROWS = 5000
# Retakes ask only the questions missed, so item figures and scores count first attempts alone.
_FIRST_SUBMITTED = (attempts.c.submitted_at.is_not(None), attempts.c.retake_of.is_(None))
# Each submitted first attempt, oldest first: its profile, questions asked and answered right.
_FIRST_ATTEMPT_TALLIES = (
    select(attempts.c.id.label("attempt_id"), attempts.c.user_id,
           func.count().filter(answers.c.chosen == answers.c.answer).label("right"),
           func.count(answers.c.position).label("asked"))
    .select_from(attempts.outerjoin(answers, answers.c.attempt_id == attempts.c.id))
    .where(*_FIRST_SUBMITTED)
    .group_by(attempts.c.id, attempts.c.user_id)
    .order_by(attempts.c.id)
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class ExamResponse:
    """One question of a submitted first attempt (retakes ask only missed questions, so they are left out)."""

    attempt_id: int
    user_id: int
    card_id: int
    options: tuple[str, ...]
    answer: str
    chosen: str | None


@dataclass(frozen=True, slots=True)
class CardTally:
    """One card over every readable profile."""

    card_id: int
    deck_id: str
    item_id: str
    reviews: int  # review-phase study answers
    recalled: int  # of which not Again
    lapses: int  # summed over the profiles' memories


@dataclass(frozen=True, slots=True)
class ClassProfile:
    user_id: int
    name: str
    settings: dict[str, Any]  # the study settings as saved; peerquiz.core.study.settings validates them


@functools.lru_cache(maxsize=4096)
def _options(options_json: str) -> tuple[str, ...]:
    """A question's options as stored; the same list recurs in every attempt that asked it."""
    return tuple(json.loads(options_json))


class ClassQueries:
    def __init__(self, db: Database):
        self._db = db

    def exam_responses(self) -> Iterator[ExamResponse]:
        """Every answer of every submitted first attempt, by attempt and position, streamed: they need not fit in memory."""
        query = (
            select(answers.c.attempt_id, attempts.c.user_id, answers.c.card_id, answers.c.options_json,
                   answers.c.answer, answers.c.chosen)
            .join(attempts, attempts.c.id == answers.c.attempt_id)
            .where(*_FIRST_SUBMITTED)
            .order_by(answers.c.attempt_id, answers.c.position)
        )  # fmt: skip
        with self._db.read() as conn:
            for r in conn.execution_options(yield_per=STREAM_ROWS).execute(query):
                yield ExamResponse(r.attempt_id, r.user_id, r.card_id, _options(r.options_json), r.answer, r.chosen)

    def exam_scores(self) -> dict[int, int]:
        """Questions answered right in each submitted first attempt: attempt id -> count."""
        with self._db.read() as conn:
            return {row.attempt_id: row.right for row in conn.execute(_FIRST_ATTEMPT_TALLIES)}

    def last_active(self) -> dict[int, datetime]:
        """Each profile's latest answer."""
        query = select(log.c.user_id, func.max(log.c.reviewed_at, type_=log.c.reviewed_at.type)).group_by(log.c.user_id)
        with self._db.read() as conn:
            return {user_id: when for user_id, when in conn.execute(query)}

    def answer_times(self, since: datetime) -> dict[int, list[datetime]]:
        """Each profile's answer times since a moment (for its reviews this week and its streak)."""
        query = select(log.c.user_id, log.c.reviewed_at).where(log.c.reviewed_at >= since).order_by(log.c.reviewed_at)
        found: dict[int, list[datetime]] = {}
        with self._db.read() as conn:
            for user_id, when in conn.execute(query):
                found.setdefault(user_id, []).append(when)
        return found

    def card_tallies(self) -> list[CardTally]:
        """Class-wide retention and lapses of every card anyone has studied."""
        review = and_(log.c.mode == "study", log.c.state_before == int(Phase.REVIEW))
        answered = (
            select(log.c.card_id, func.count().filter(review).label("reviews"),
                   func.count().filter(and_(review, log.c.rating > 1)).label("recalled"))
            .group_by(log.c.card_id).subquery()
        )  # fmt: skip
        lapsed = select(states.c.card_id, func.sum(states.c.lapses).label("lapses")).group_by(states.c.card_id).subquery()
        query = (
            select(cards.c.id, cards.c.deck_id, cards.c.item_id, func.coalesce(answered.c.reviews, 0),
                   func.coalesce(answered.c.recalled, 0), func.coalesce(lapsed.c.lapses, 0))
            .select_from(cards.outerjoin(answered, answered.c.card_id == cards.c.id)
                         .outerjoin(lapsed, lapsed.c.card_id == cards.c.id))
            .where((answered.c.card_id.is_not(None)) | (lapsed.c.card_id.is_not(None)))
            .order_by(cards.c.id)
        )  # fmt: skip
        with self._db.read() as conn:
            return [CardTally(*row) for row in conn.execute(query)]

    def profiles(self) -> list[ClassProfile]:
        """Every readable profile by name, with its saved study settings as stored."""
        query = select(users.c.id, users.c.name, users.c.settings_json).order_by(users.c.name)
        with self._db.read() as conn:
            return [ClassProfile(user_id, name, json.loads(saved or "{}")) for user_id, name, saved in conn.execute(query)]

    def recall_inputs(self, card_ids: Iterable[int]) -> dict[int, dict[int, tuple[float | None, datetime | None]]]:
        """Each profile's studied cards among these, in one query: user id -> card id -> (stability, last review)."""
        wanted = set(card_ids)
        query = select(states.c.user_id, states.c.card_id, states.c.stability, states.c.last_review).where(states.c.reps > 0)
        found: dict[int, dict[int, tuple[float | None, datetime | None]]] = {}
        with self._db.read() as conn:
            for user_id, card_id, stability, last_review in conn.execute(query):
                if card_id in wanted:  # filtered here: an IN list of every exam card can pass SQLite's limit on parameters
                    found.setdefault(user_id, {})[card_id] = (stability, last_review)
        return found

    def first_attempt_percents(self) -> dict[int, list[float]]:
        """Each profile's submitted first attempts (retakes left out), percent right, oldest first."""
        found: dict[int, list[float]] = {}
        with self._db.read() as conn:
            for row in conn.execute(_FIRST_ATTEMPT_TALLIES):
                found.setdefault(row.user_id, []).append(percent_right(row.right, row.asked))
        return found
