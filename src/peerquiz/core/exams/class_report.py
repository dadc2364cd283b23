"""The instructor's class report: each student's activity, readiness and mock exams, and the cards the class finds hardest.

It reads every profile the login may read (row-level security decides on a class database), so
the same report on one learner's SQLite file shows that learner. A student with an exam date also
gets the readiness predicted on that date if the plan is followed (core/exams/exam_day.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from peerquiz.core.clock import current_streak, study_day
from peerquiz.core.decks.library import Library
from peerquiz.core.exams.blueprint import Blueprint
from peerquiz.core.exams.exam_day import exam_day_readiness
from peerquiz.core.exams.session import memory_readiness
from peerquiz.core.store import Store
from peerquiz.core.store.records import Profile
from peerquiz.core.study.scheduling import Scheduler
from peerquiz.core.study.settings import SchedulerSettings

HARDEST = 20
WEEK = timedelta(days=7)
STREAK_WINDOW = timedelta(days=400)  # answers older than this cannot extend a streak worth showing


@dataclass(frozen=True, slots=True)
class StudentRow:
    name: str
    last_active: datetime | None
    reviews_7d: int
    streak: int
    readiness: dict[str, float | None]  # domain -> expected share right now, 0..1
    exam_scores: list[float]  # percent right, oldest first
    exam_date: date | None = None  # the student's exam date setting
    exam_day: dict[str, float | None] = field(default_factory=dict)  # domain -> expected share right on the exam date


@dataclass(frozen=True, slots=True)
class CardRow:
    where: str
    deck_id: str
    item_id: str
    reviews: int
    retention: float | None  # share of review answers recalled
    lapses: int


@dataclass(frozen=True, slots=True)
class ClassReport:
    generated_at: datetime
    students: list[StudentRow]
    cards: list[CardRow]
    hardest: list[CardRow] = field(default_factory=list)


def card_location(library: Library) -> Callable[[int], str]:
    """card id -> file:line of its card in the decks in use, else deck/item as stored."""

    def where(card_id: int) -> str:
        if card_id in library.items:
            item = library.items[card_id]
            deck = library.header(item.deck_id)
            return f"{deck.path if deck else item.deck_id}:{item.card.line}"
        return f"card {card_id} (not in the decks in use)"

    return where


def _exam_day(store: Store, library: Library, profile: Profile, blueprint: Blueprint, now: datetime) -> dict[str, float | None]:
    predicted = exam_day_readiness(store, library, profile, blueprint, now)
    return {} if predicted is None else {d.domain: d.expected for d in predicted.domains}


def class_report(store: Store, library: Library, blueprint: Blueprint, now: datetime) -> ClassReport:
    """One query per figure for the whole class; only a student with an exam date costs a look of its own (the plan)."""
    profiles = store.classwide.profiles()
    last_active = store.classwide.last_active()
    answer_times = store.classwide.answer_times(now - STREAK_WINDOW)
    exam_cards = library.exam_cards()
    studied = store.classwide.recall_inputs(exam_cards)
    percents = store.classwide.first_attempt_percents()
    students = []
    for p in profiles:
        settings = SchedulerSettings.model_validate(p.settings)
        times = answer_times.get(p.user_id, [])
        days = {study_day(t, settings) for t in times}
        readiness = memory_readiness(blueprint, exam_cards, Scheduler(settings), studied.get(p.user_id, {}), now)
        predicted = _exam_day(store, library, Profile(p.user_id, p.name, now), blueprint, now) if settings.exam_date else {}
        students.append(StudentRow(
            p.name, last_active.get(p.user_id), sum(t >= now - WEEK for t in times),
            current_streak(days, study_day(now, settings)), {d.domain: d.expected for d in readiness.domains},
            percents.get(p.user_id, []), settings.exam_date, predicted,
        ))  # fmt: skip
    where = card_location(library)
    cards = [
        CardRow(where(t.card_id), t.deck_id, t.item_id, t.reviews, t.recalled / t.reviews if t.reviews else None, t.lapses)
        for t in store.classwide.card_tallies()
    ]
    answered = [c for c in cards if c.retention is not None]
    hardest = sorted(answered, key=lambda c: (c.retention, -c.lapses, -c.reviews))[:HARDEST]
    return ClassReport(now, students, cards, hardest)
