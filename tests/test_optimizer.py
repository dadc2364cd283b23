"""Parameter fitting and the workload preview."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from peerquiz.core.stats.optimizer import (
    MIN_REVIEWS,
    OptimizerError,
    as_fsrs6,
    fit_parameters,
    save_parameters,
    training_items,
)
from peerquiz.core.stats.workload import simulate_workload
from peerquiz.core.store import Store
from peerquiz.core.store.records import Phase, Rating, Review
from peerquiz.core.study.settings import SchedulerSettings

from .synthetic import DEFAULT, TRUE, simulate_learner


@pytest.fixture
def learner(store: Store):
    profile = store.profiles.add("Ana")
    store.profiles.save_study_settings(profile.id, {"new_per_day": 15, "fuzz": False})
    simulate_learner(store, profile)
    return profile


def test_fitting_a_history_from_known_parameters_lowers_log_loss_and_moves_towards_them(store, learner):
    result = fit_parameters(store, learner)
    assert result.reviews >= MIN_REVIEWS
    assert result.old_parameters == DEFAULT
    assert result.accepted and result.parameters == result.new_parameters
    assert result.new_log_loss < result.old_log_loss - 0.005
    # The learner forgets new cards fast: the fitted first-day stability after Good is far below the default.
    assert abs(result.new_parameters[2] - TRUE[2]) < abs(DEFAULT[2] - TRUE[2]) / 2


def test_saving_merges_the_parameters_into_the_other_settings(store, learner):
    result = fit_parameters(store, learner)
    save_parameters(store, learner, result.parameters)
    saved = store.profiles.study_settings(learner.id)
    assert saved["new_per_day"] == 15 and saved["fuzz"] is False
    assert SchedulerSettings.model_validate(saved).parameters == result.new_parameters
    # Fitting again starts from the saved parameters, which already fit.
    assert fit_parameters(store, learner).old_log_loss == pytest.approx(result.new_log_loss)


def test_a_worse_fit_is_refused_and_both_losses_reported(store, learner):
    store.profiles.save_study_settings(learner.id, {**store.profiles.study_settings(learner.id), "parameters": list(TRUE)})
    result = fit_parameters(store, learner, fit=lambda items, settings: DEFAULT)
    assert result.new_log_loss > result.old_log_loss
    assert not result.accepted and result.parameters == TRUE


def test_too_little_history_says_how_much_is_needed(store):
    profile = store.profiles.add("Bo")
    simulate_learner(store, profile, cards=5, days=20)
    with pytest.raises(OptimizerError, match=rf"too little history: \d+ of {MIN_REVIEWS} reviews needed"):
        fit_parameters(store, profile)


def test_parameter_lists_are_converted_from_fsrs5_or_refused():
    assert as_fsrs6(DEFAULT[:19], 21) == DEFAULT[:19] + (0.0, 0.5)
    with pytest.raises(OptimizerError, match="returned 17 parameters; py-fsrs needs 21"):
        as_fsrs6(DEFAULT[:17], 21)
    with pytest.raises(OptimizerError, match="not usable"):
        as_fsrs6((100.0,) * 21, 21)


def test_training_items_follow_each_card_from_its_first_answer_by_study_day():
    t0 = datetime(2026, 3, 1, 12, tzinfo=UTC)

    def review(n, card, rating, when, phase, mode="study"):
        return Review(n, 1, card, Rating(rating), when, None, mode, phase)

    reviews = [
        review(1, 7, 3, t0, None),
        review(2, 7, 3, t0 + timedelta(minutes=10), Phase.LEARNING),  # same day: context, not a target
        review(3, 7, 1, t0 + timedelta(days=2), Phase.REVIEW),
        review(4, 7, 3, t0 + timedelta(days=2, hours=15), Phase.RELEARNING),  # 03:00 next day: still day 3
        review(5, 7, 4, t0 + timedelta(days=9), Phase.REVIEW),
        review(6, 7, 1, t0 + timedelta(days=10), Phase.REVIEW, mode="cram"),  # cram leaves memory alone
        review(7, 8, 3, t0 + timedelta(days=3), Phase.REVIEW),  # history before its first answer is missing
    ]
    items = [repr(i) for i in training_items(reviews, SchedulerSettings())]
    steps = "FSRSReview { rating: 3, delta_t: 0 }, FSRSReview { rating: 3, delta_t: 0 }, FSRSReview { rating: 1, delta_t: 2 }"
    assert items == [
        f"FSRSItem {{ reviews: [{steps}] }}",
        f"FSRSItem {{ reviews: [{steps}, FSRSReview {{ rating: 3, delta_t: 0 }}, FSRSReview {{ rating: 4, delta_t: 7 }}] }}",
    ]


def test_a_lower_retention_simulates_fewer_reviews_a_day(store):
    profile = store.profiles.add("Cy")
    workloads = [simulate_workload(store, profile, r, deck_size=600) for r in (0.80, 0.90, 0.95)]
    averages = [w.average_reviews for w in workloads]
    assert averages[0] < averages[1] < averages[2]
    assert all(len(w.reviews_per_day) == 365 and len(w.monthly_reviews()) == 12 for w in workloads)
    assert simulate_workload(store, profile, 0.90, deck_size=600).reviews_per_day == workloads[1].reviews_per_day
    with pytest.raises(ValueError):
        simulate_workload(store, profile, 0.5, deck_size=600)
