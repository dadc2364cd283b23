"""The plan to the exam date: days left, new cards a day (and `new-per-day auto`), exam-day readiness."""

from __future__ import annotations

from datetime import timedelta

from peerquiz.core.clock import study_day, study_day_start
from peerquiz.core.exams.exam_day import exam_day_readiness
from peerquiz.core.store.records import Memory, Phase, Rating
from peerquiz.core.study.plan import exam_plan
from peerquiz.core.study.scheduling import Scheduler
from peerquiz.core.study.session import StudySession
from peerquiz.core.study.settings import save_scheduler_settings, scheduler_settings

from .exam_helpers import DOMAINS, blueprint, library_for
from .exam_helpers import profile as exam_profile


def test_the_plan_spreads_the_cards_not_learned_over_the_days_before_the_margin(workspace, profile, clock):
    today = study_day(clock(), scheduler_settings(workspace.store, profile))
    save_scheduler_settings(workspace.store, profile, {"exam_date": (today + timedelta(days=10)).isoformat()})
    plan = exam_plan(workspace.store, workspace.library, profile, scheduler_settings(workspace.store, profile), clock())
    assert (plan.days_left, plan.not_learned, plan.days_to_learn, plan.new_per_day) == (10, 9, 3, 3)


def test_new_per_day_auto_follows_the_plan_and_holds_through_the_day(workspace, profile, clock):
    today = study_day(clock(), scheduler_settings(workspace.store, profile))
    save_scheduler_settings(workspace.store, profile, {
        "exam_date": (today + timedelta(days=12)).isoformat(), "plan_margin_days": 7, "new_per_day_auto": True,
    })  # fmt: skip
    session = StudySession(workspace.store, workspace.library, profile, clock=clock)
    assert len(session._queue.new) == 2  # 9 cards over 5 days
    assert session.next() is not None
    session.answer(Rating.EASY)
    assert len(StudySession(workspace.store, workspace.library, profile, clock=clock)._queue.new) == 1


def test_exam_day_readiness_equals_a_hand_calculation(store, clock):
    library = library_for(store, {DOMAINS[0]: 0}, true_false=1)
    learner = exam_profile(store)
    settings = save_scheduler_settings(store, learner, {"new_per_day": 0, "fuzz": False})
    exam_date = study_day(clock(), settings) + timedelta(days=20)
    save_scheduler_settings(store, learner, {"exam_date": exam_date.isoformat()})
    card_id = next(iter(library.exam_cards()))
    reviewed = clock() - timedelta(days=3)
    store.memory.save(learner.id, Memory(card_id, Phase.REVIEW, None, 50.0, 5.0, clock() + timedelta(days=60), reviewed, 3),
                      clock())  # fmt: skip
    exam = blueprint(questions=1, domains=DOMAINS[:1])
    predicted = exam_day_readiness(store, library, learner, exam, clock())

    # By hand: no review falls before the exam, so R = (1 + F·t/S)^D with t whole days since the last
    # review, D = −w20 and F = 0.9^(1/D) − 1; a true/false question is right with R + (1 − R)/2.
    decay = -Scheduler().parameters[20]
    factor = 0.9 ** (1 / decay) - 1
    days = (study_day_start(exam_date, settings) - reviewed).days
    recall = (1 + factor * days / 50.0) ** decay
    assert days == 22
    assert abs(predicted.expected - (recall + (1 - recall) / 2)) < 1e-9


def test_a_card_the_plan_never_reaches_counts_at_guessing_and_a_reached_one_above_it(store, clock):
    library = library_for(store, {DOMAINS[0]: 0}, true_false=1)
    learner = exam_profile(store)
    exam_date = study_day(clock(), scheduler_settings(store, learner)) + timedelta(days=30)
    save_scheduler_settings(store, learner, {"new_per_day": 0, "exam_date": exam_date.isoformat()})
    exam = blueprint(questions=1, domains=DOMAINS[:1])
    assert exam_day_readiness(store, library, learner, exam, clock()).expected == 0.5
    save_scheduler_settings(store, learner, {"new_per_day": 5})
    assert exam_day_readiness(store, library, learner, exam, clock()).expected > 0.9
    save_scheduler_settings(store, learner, {"exam_date": None})
    assert exam_day_readiness(store, library, learner, exam, clock()) is None
