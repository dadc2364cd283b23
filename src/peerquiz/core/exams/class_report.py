"""The instructor's class report: each student's activity, readiness and mock exams, and the cards the class finds hardest.

It reads every profile the login may read (row-level security decides on a class database), so
the same report on one learner's SQLite file shows that learner.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from peerquiz.core.clock import current_streak, study_day
from peerquiz.core.decks.library import Library
from peerquiz.core.exams.blueprint import Blueprint
from peerquiz.core.exams.session import current_readiness
from peerquiz.core.store import Store
from peerquiz.core.store.records import Profile
from peerquiz.core.study.settings import scheduler_settings

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
            deck = library.deck(item.deck_id)
            return f"{deck.path if deck else item.deck_id}:{item.card.line}"
        return f"card {card_id} (not in the decks in use)"

    return where


def class_report(store: Store, library: Library, blueprint: Blueprint, now: datetime) -> ClassReport:
    names = store.classwide.profile_ids()
    last_active = store.classwide.last_active()
    answer_times = store.classwide.answer_times(now - STREAK_WINDOW)
    students = []
    for user_id, name in names.items():
        profile = Profile(user_id, name, now)
        settings = scheduler_settings(store, profile)
        times = answer_times.get(user_id, [])
        days = {study_day(t, settings) for t in times}
        readiness = current_readiness(store, library, profile, blueprint, now)
        scores = [a.percent for a in reversed(store.exams.history(user_id)) if a.retake_of is None]
        students.append(StudentRow(
            name, last_active.get(user_id), sum(t >= now - WEEK for t in times), current_streak(days, study_day(now, settings)),
            {d.domain: d.expected for d in readiness.domains}, scores,
        ))  # fmt: skip
    where = card_location(library)
    cards = [
        CardRow(where(t.card_id), t.deck_id, t.item_id, t.reviews, t.recalled / t.reviews if t.reviews else None, t.lapses)
        for t in store.classwide.card_tallies()
    ]
    answered = [c for c in cards if c.retention is not None]
    hardest = sorted(answered, key=lambda c: (c.retention, -c.lapses, -c.reviews))[:HARDEST]
    return ClassReport(now, students, cards, hardest)
