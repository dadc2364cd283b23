"""FSRS scheduling: the only module that knows py-fsrs.

Turns a Memory and a Rating into the next Memory and previews the interval
each rating would give. The study day itself is in peerquiz.core.clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from functools import cached_property

from fsrs import Card as FsrsCard
from fsrs import Rating as FsrsRating
from fsrs import Scheduler as FsrsScheduler
from fsrs import State as FsrsState

from peerquiz.core.store.records import Memory, Phase, Rating
from peerquiz.core.study.settings import SchedulerSettings

# Built once: converting per answer showed in its profile.
_FSRS_RATINGS = {rating: FsrsRating(int(rating)) for rating in Rating}
_FSRS_STATES = {phase: FsrsState(int(phase)) for phase in Phase}


def validate_parameters(parameters: Sequence[float]) -> tuple[float, ...]:
    """The parameters if py-fsrs accepts them (count and bounds), else ValueError saying why."""
    FsrsScheduler(parameters=tuple(parameters))
    return tuple(float(p) for p in parameters)


class Scheduler:
    def __init__(self, settings: SchedulerSettings = SchedulerSettings()):
        self.settings = settings
        self._fsrs = self._make_fsrs(settings, fuzz=settings.fuzz)
        # FSRS's forgetting curve, R = (1 + factor * days / stability) ** decay, as py-fsrs computes it.
        self._decay = -self._fsrs.parameters[20]
        self._factor = 0.9 ** (1 / self._decay) - 1

    @cached_property
    def _exact(self) -> FsrsScheduler:
        """FSRS without fuzz, for previews, so that they do not jitter; built when first needed: building a queue
        previews nothing, nor do readiness and the optimizer (it was half of each scheduler's 10 us)."""
        return self._make_fsrs(self.settings, fuzz=False) if self.settings.fuzz else self._fsrs

    @staticmethod
    def _make_fsrs(settings: SchedulerSettings, fuzz: bool) -> FsrsScheduler:
        kwargs = {"parameters": settings.parameters} if settings.parameters else {}
        return FsrsScheduler(
            desired_retention=settings.desired_retention,
            learning_steps=tuple(timedelta(minutes=m) for m in settings.learning_steps_minutes),
            relearning_steps=tuple(timedelta(minutes=m) for m in settings.relearning_steps_minutes),
            maximum_interval=settings.maximum_interval_days,
            enable_fuzzing=fuzz,
            **kwargs,
        )

    @staticmethod
    def _to_fsrs(memory: Memory, now: datetime) -> FsrsCard:
        return FsrsCard(
            card_id=memory.card_id,
            state=_FSRS_STATES[memory.phase],
            step=memory.step,
            stability=memory.stability,
            difficulty=memory.difficulty,
            due=memory.due or now,
            last_review=memory.last_review,
        )

    def review(self, memory: Memory, rating: Rating, now: datetime) -> Memory:
        """The memory after answering ``rating`` at ``now``; a new leech is suspended unless the action is "tag"."""
        card, _ = self._fsrs.review_card(self._to_fsrs(memory, now), _FSRS_RATINGS[rating], now)
        lapsed = memory.phase == Phase.REVIEW and rating == Rating.AGAIN
        lapses = memory.lapses + (1 if lapsed else 0)
        leech = memory.leech or lapses >= self.settings.leech_threshold
        suspend = leech and not memory.leech and self.settings.leech_action == "suspend"
        return memory.but(
            phase=Phase(int(card.state)),
            step=card.step,
            stability=card.stability,
            difficulty=card.difficulty,
            due=card.due,
            last_review=card.last_review,
            reps=memory.reps + 1,
            lapses=lapses,
            leech=leech,
            suspended=memory.suspended or suspend,
            buried_until=None,
        )

    @property
    def parameters(self) -> tuple[float, ...]:
        """The FSRS parameters in use: the fitted ones, or py-fsrs's defaults."""
        return tuple(self._fsrs.parameters)

    def preview(self, memory: Memory, now: datetime) -> dict[Rating, timedelta]:
        """How long until the card is due again, for each possible rating (without fuzz)."""
        card = self._to_fsrs(memory, now)  # one card for all four: py-fsrs reviews a copy
        return {rating: self._exact.review_card(card, fsrs_rating, now)[0].due - now for rating, fsrs_rating in _FSRS_RATINGS.items()}

    def retrievability(self, memory: Memory, now: datetime) -> float:
        """Chance of recalling the card now; 0 for a card never studied.

        The forgetting curve itself, not py-fsrs's get_card_retrievability: that builds an FSRS
        card first, which made the statistics' mastery 40,000 card conversions on 50k cards.
        Whole days elapsed, as py-fsrs counts them.
        """
        return 0.0 if memory.is_new else self.recall(memory.stability, memory.last_review, now)

    def recall(self, stability: float | None, last_review: datetime | None, now: datetime) -> float:
        """Chance of recalling a studied card now, from its stability and last review alone (0 without them)."""
        if last_review is None or not stability:
            return 0.0
        elapsed_days = max(0, (now - last_review).days)
        return float((1 + self._factor * elapsed_days / stability) ** self._decay)


def format_interval(delta: timedelta) -> str:
    """Anki-style short interval: 1m, 10m, 3h, 4d, 2.1mo, 1.3y."""
    seconds = max(delta.total_seconds(), 0)
    if seconds < 3600:
        return f"{max(round(seconds / 60), 1)}m"
    if seconds < 86400:
        return f"{round(seconds / 3600)}h"
    days = seconds / 86400
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30:.1f}mo"
    return f"{days / 365:.1f}y"
