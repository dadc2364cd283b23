"""What a desired retention costs: a year of study simulated with fsrs-rs-python.

The simulation starts from the cards in use as if none were studied yet, with
the profile's parameters, daily limits and steps, so two retentions can be
compared before one is saved. Once the learner has enough answers, the chance
of each grade comes from their own log.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from fsrs_rs_python import SimulatorConfig, default_simulator_config, simulate

from peerquiz.core.store import Store
from peerquiz.core.store.records import Profile, Rating
from peerquiz.core.study.scheduling import Scheduler
from peerquiz.core.study.settings import SchedulerSettings, scheduler_settings

DAYS = 365
SEED = 42  # the same seed for every retention, so differences come from the retention alone
MIN_RATINGS = 100  # fewer answers than this give grade shares too noisy to use


@dataclass(frozen=True, slots=True)
class Workload:
    desired_retention: float
    reviews_per_day: list[int]  # answers to cards already learned, one entry per day
    new_per_day: list[int]
    minutes_per_day: list[float]
    remembered: float  # cards expected to be recalled at the end

    @property
    def average_reviews(self) -> float:
        return sum(self.reviews_per_day) / len(self.reviews_per_day)

    @property
    def peak_reviews(self) -> int:
        return max(self.reviews_per_day)

    @property
    def average_minutes(self) -> float:
        return sum(self.minutes_per_day) / len(self.minutes_per_day)

    def monthly_reviews(self) -> list[float]:
        """Average reviews per day in each twelfth of the simulated year."""
        days = self.reviews_per_day
        bounds = [len(days) * month // 12 for month in range(13)]
        return [sum(days[a:b]) / (b - a) for a, b in pairwise(bounds)]


def _shares(counts: dict[int, int], ratings: tuple[Rating, ...]) -> list[float] | None:
    total = sum(counts.get(int(r), 0) for r in ratings)
    if total < MIN_RATINGS:
        return None
    return [counts.get(int(r), 0) / total for r in ratings]


def _config(settings: SchedulerSettings, deck_size: int, rating_counts: dict[tuple[bool, int], int]) -> SimulatorConfig:
    config = default_simulator_config()
    config.deck_size = deck_size
    config.learn_span = DAYS
    config.learn_limit = settings.new_per_day
    config.review_limit = settings.reviews_per_day
    config.max_ivl = float(settings.maximum_interval_days)
    config.max_cost_perday = float(24 * 3600)  # the app limits counts, not minutes
    config.learning_step_count = len(settings.learning_steps_minutes)
    config.relearning_step_count = len(settings.relearning_steps_minutes)
    config.suspend_after_lapses = settings.leech_threshold if settings.leech_action == "suspend" else None
    first = _shares({r: n for (new, r), n in rating_counts.items() if new}, tuple(Rating))
    if first is not None:
        config.first_rating_prob = first
    recalled = _shares({r: n for (new, r), n in rating_counts.items() if not new}, (Rating.HARD, Rating.GOOD, Rating.EASY))
    if recalled is not None:
        config.review_rating_prob = recalled
    return config


def simulate_workload(store: Store, profile: Profile, desired_retention: float, deck_size: int) -> Workload:
    """A year of study of ``deck_size`` cards at ``desired_retention`` (ValueError if out of range)."""
    current = scheduler_settings(store, profile)
    settings = SchedulerSettings.model_validate({**current.model_dump(), "desired_retention": desired_retention})
    config = _config(settings, deck_size, store.history.rating_counts(profile.id))
    result = simulate(list(Scheduler(settings).parameters), desired_retention, config, SEED)
    return Workload(
        desired_retention=desired_retention,
        reviews_per_day=list(result.review_cnt_per_day),
        new_per_day=list(result.learn_cnt_per_day),
        minutes_per_day=[seconds / 60 for seconds in result.cost_per_day],
        remembered=result.memorized_cnt_per_day[-1] if result.memorized_cnt_per_day else 0.0,
    )
