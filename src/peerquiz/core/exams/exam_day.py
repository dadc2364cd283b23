"""Readiness predicted for the exam day, under the plan (core/study/plan.py).

Each exam-style card's recall chance R on the exam day comes from playing its future forward
with FSRS (the profile's parameters, no fuzz), every answer rated Good:

- a card already studied is reviewed each time it falls due before the exam day;
- a card not yet studied is introduced on its day of the plan: the cards not yet studied in
  deck order, the plan's new cards a day from today. That day it is answered through its learning
  steps; after that it is reviewed whenever due before the exam;
- a card the plan reaches only on or after the exam day keeps R = 0.

R is taken at the start of the exam's study day. From R the chance of a right answer and the
weighing over domains are those of today's readiness (readiness.py). docs/exams.md has the method.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from peerquiz.core.clock import study_day_start
from peerquiz.core.decks.library import Library
from peerquiz.core.exams.blueprint import Blueprint
from peerquiz.core.exams.readiness import Readiness, readiness
from peerquiz.core.store import Store
from peerquiz.core.store.card_filter import CardFilter
from peerquiz.core.store.records import Memory, Profile, Rating
from peerquiz.core.study.plan import ExamPlan, daily_new_limit
from peerquiz.core.study.scheduling import Scheduler
from peerquiz.core.study.settings import scheduler_settings

MAX_REVIEWS = 200  # per card: far more than any schedule reaches before an exam; a guard against loops


def recall_on(scheduler: Scheduler, memory: Memory, first_study: datetime | None, exam_at: datetime, now: datetime) -> float:
    """R at ``exam_at`` if every answer is Good: a new card is first studied at ``first_study`` (None: never)."""
    if memory.is_new:
        if first_study is None or first_study >= exam_at:
            return 0.0
        memory = scheduler.review(memory, Rating.GOOD, first_study)
    for _ in range(MAX_REVIEWS):
        due = max(memory.due or now, now)
        if due >= exam_at:
            break
        memory = scheduler.review(memory, Rating.GOOD, due)
    return scheduler.retrievability(memory, exam_at)


def exam_day_readiness(store: Store, library: Library, profile: Profile, blueprint: Blueprint, now: datetime) -> Readiness | None:
    """The readiness expected on the exam day if the plan is followed; None without an exam date."""
    settings = scheduler_settings(store, profile)
    if settings.exam_date is None:
        return None
    scheduler = Scheduler(settings.model_copy(update={"fuzz": False}))
    exam_at = study_day_start(settings.exam_date, settings)
    per_day = max(daily_new_limit(store, library, profile, settings, now), 0)
    in_use = CardFilter(deck_ids=tuple(header.id for header in library.headers))
    memories = store.memory.all(profile.id)
    not_studied = [c.id for c in store.cards.stored(in_use) if c.id not in memories or memories[c.id].is_new]
    first_study = {
        card_id: (now + timedelta(days=position // per_day) if per_day else None)
        for position, card_id in enumerate(not_studied)
    }

    played: dict[tuple[Any, ...], float] = {}

    def recall(card_id: int) -> float:
        memory = memories.get(card_id) or Memory(card_id)
        # Cards alike are played forward once: without fuzz the future depends only on the FSRS state.
        key = (first_study.get(card_id), memory.is_new, memory.phase, memory.step, memory.stability, memory.difficulty,
               memory.due, memory.last_review)  # fmt: skip
        if key not in played:
            played[key] = recall_on(scheduler, memory, key[0], exam_at, now)
        return played[key]

    def studied(card_id: int) -> bool:
        return card_id in memories and not memories[card_id].is_new

    return readiness(blueprint, library.exam_cards(), recall, studied)


def plan_json(plan: ExamPlan | None, predicted: Readiness | None) -> dict[str, Any] | None:
    """The plan as `stats --json` gives it (docs/stats.md); None without an exam date."""
    if plan is None:
        return None

    def share(value: float | None) -> float | None:
        return None if value is None else round(value, 4)

    return {
        "exam_date": plan.exam_date.isoformat(),
        "days_left": plan.days_left,
        "margin_days": plan.margin_days,
        "learned_by": plan.learned_by.isoformat(),
        "not_learned": plan.not_learned,
        "new_per_day_needed": plan.new_per_day,
        "exam_day_readiness": None if predicted is None else {
            "overall": share(predicted.expected),
            "domains": [{"domain": d.domain, "expected": share(d.expected)} for d in predicted.domains],
        },
    }  # fmt: skip
