"""Fit a profile's FSRS parameters to its own review log (fsrs-rs-python).

The log is turned into FSRS training items: each card's study answers in time
order, from its first answer as a new card; every answer given on a later study
day than the one before it is one item to predict. New parameters are kept only
when they predict that history better (lower log loss) than the ones in use.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import tzinfo

from fsrs_rs_python import FSRS, FSRSItem, FSRSReview

from peerquiz.core.clock import study_day
from peerquiz.core.stats.fitting_minimum import MIN_REVIEWS, NEEDED_HISTORY
from peerquiz.core.store import Store
from peerquiz.core.store.records import Profile, Review
from peerquiz.core.study.scheduling import Scheduler, validate_parameters
from peerquiz.core.study.settings import SchedulerSettings, scheduler_settings

# FSRS-5 parameter lists lack these two FSRS-6 ones; these values make FSRS-6 behave as FSRS-5.
FSRS5_TO_FSRS6 = (0.0, 0.5)

Fit = Callable[[list[FSRSItem], SchedulerSettings], Sequence[float]]


class OptimizerError(Exception):
    """Parameters cannot be fitted; the message says why."""


@dataclass(frozen=True, slots=True)
class FitResult:
    old_parameters: tuple[float, ...]
    new_parameters: tuple[float, ...]
    old_log_loss: float
    new_log_loss: float
    reviews: int  # training items: reviews on a later day than the card's previous one

    @property
    def accepted(self) -> bool:
        return self.new_log_loss < self.old_log_loss

    @property
    def parameters(self) -> tuple[float, ...]:
        """What the profile should use: the new parameters only if they fit better."""
        return self.new_parameters if self.accepted else self.old_parameters


def training_items(reviews: Iterable[Review], settings: SchedulerSettings, zone: tzinfo | None = None) -> list[FSRSItem]:
    """FSRS items from study-mode answers, ordered by the time of the answer each one predicts."""
    by_card: dict[int, list[Review]] = defaultdict(list)
    for review in reviews:
        if review.mode == "study":
            by_card[review.card_id].append(review)
    dated: list[tuple] = []
    for history in by_card.values():
        history.sort(key=lambda r: r.reviewed_at)
        starts = [i for i, r in enumerate(history) if r.phase_before is None]
        if not starts:
            continue  # the card's first answers are missing, so its memory cannot be traced
        steps: list[FSRSReview] = []
        previous = None
        for review in history[starts[-1] :]:
            day = study_day(review.reviewed_at, settings, zone)
            elapsed = 0 if previous is None else (day - previous).days
            steps.append(FSRSReview(int(review.rating), elapsed))
            if elapsed > 0:
                dated.append((review.reviewed_at, FSRSItem(list(steps))))
            previous = day
    dated.sort(key=lambda pair: pair[0])
    return [item for _, item in dated]


def compute_parameters(items: list[FSRSItem], settings: SchedulerSettings) -> list[float]:
    return FSRS([]).compute_parameters(
        items, enable_short_term=True, num_relearning_steps=len(settings.relearning_steps_minutes)
    )


def as_fsrs6(parameters: Sequence[float], expected: int) -> tuple[float, ...]:
    """Parameters in py-fsrs 6's layout, converting FSRS-5's 19; anything else is refused."""
    values = tuple(float(p) for p in parameters)
    if len(values) == expected - len(FSRS5_TO_FSRS6):
        values += FSRS5_TO_FSRS6
    if len(values) != expected:
        raise OptimizerError(f"fsrs-rs-python returned {len(parameters)} parameters; py-fsrs needs {expected}")
    try:
        return validate_parameters(values)
    except ValueError as exc:
        raise OptimizerError(f"the fitted parameters are not usable: {exc}") from None


def log_loss(parameters: Sequence[float], items: list[FSRSItem]) -> float:
    return FSRS(list(parameters)).evaluate(items).log_loss


def fit_parameters(store: Store, profile: Profile, zone: tzinfo | None = None, fit: Fit = compute_parameters) -> FitResult:
    """Fit parameters to the profile's history and compare them with the ones in use. Saves nothing."""
    settings = scheduler_settings(store, profile)
    items = training_items(store.answers.log(profile.id, modes=("study",)), settings, zone)
    if len(items) < MIN_REVIEWS:
        raise OptimizerError(f"too little history: {len(items)} of {MIN_REVIEWS} reviews needed. {NEEDED_HISTORY}")
    old = Scheduler(settings).parameters
    new = as_fsrs6(fit(items, settings), len(old))
    return FitResult(old, new, log_loss(old, items), log_loss(new, items), len(items))


def save_parameters(store: Store, profile: Profile, parameters: Sequence[float]) -> None:
    """Store the parameters in the profile's settings, keeping every other setting."""
    settings = store.profiles.study_settings(profile.id)
    settings["parameters"] = list(validate_parameters(parameters))
    store.profiles.save_study_settings(profile.id, settings)
