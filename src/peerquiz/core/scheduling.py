"""FSRS scheduling: the only module that knows py-fsrs.

Turns a Memory and a Rating into the next Memory, previews the interval each
rating would give, and defines the study day (limits reset at a set local hour).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Annotated

from fsrs import Card as FsrsCard
from fsrs import Rating as FsrsRating
from fsrs import Scheduler as FsrsScheduler
from fsrs import State as FsrsState
from pydantic import BaseModel, ConfigDict, Field

from peerquiz.core.progress import Memory, Phase, Rating

LEECH_LAPSES = 8
Minutes = Annotated[int, Field(ge=1, le=60 * 24 * 7)]


class SchedulerSettings(BaseModel):
    """A user's scheduling settings, validated whenever they are loaded or changed."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    desired_retention: float = Field(0.90, ge=0.70, le=0.99)
    new_per_day: int = Field(20, ge=0, le=9999)
    reviews_per_day: int = Field(200, ge=0, le=99999)
    day_starts_at_hour: int = Field(4, ge=0, le=23)
    learning_steps_minutes: tuple[Minutes, ...] = (1, 10)
    relearning_steps_minutes: tuple[Minutes, ...] = (10,)
    maximum_interval_days: int = Field(36500, ge=1, le=36500)
    fuzz: bool = True
    parameters: tuple[float, ...] | None = None  # fitted by the optimizer; None = FSRS defaults


def local_zone() -> tzinfo:
    return datetime.now().astimezone().tzinfo or UTC


def day_start(now: datetime, settings: SchedulerSettings, zone: tzinfo | None = None) -> datetime:
    """The UTC instant the current study day began (the last reset hour, local time)."""
    local = now.astimezone(zone or local_zone())
    start = local.replace(hour=settings.day_starts_at_hour, minute=0, second=0, microsecond=0)
    if local < start:
        start -= timedelta(days=1)
    return start.astimezone(UTC)


def day_end(now: datetime, settings: SchedulerSettings, zone: tzinfo | None = None) -> datetime:
    return day_start(now, settings, zone) + timedelta(days=1)


def study_day(moment: datetime, settings: SchedulerSettings, zone: tzinfo | None = None) -> date:
    """The study day an instant belongs to: its local date, counted from the reset hour.

    Without a zone the local rules in force at that instant apply, so days long
    past keep their own daylight-saving offset.
    """
    local = moment.astimezone(zone) if zone else moment.astimezone()
    return (local - timedelta(hours=settings.day_starts_at_hour)).date()


def study_day_start(day: date, settings: SchedulerSettings, zone: tzinfo | None = None) -> datetime:
    """The UTC instant a study day begins: its reset hour, in ``zone`` or else the local rules of that date."""
    local = datetime.combine(day, time(hour=settings.day_starts_at_hour))
    return (local.replace(tzinfo=zone) if zone else local.astimezone()).astimezone(UTC)


def validate_parameters(parameters: Sequence[float]) -> tuple[float, ...]:
    """The parameters if py-fsrs accepts them (count and bounds), else ValueError saying why."""
    FsrsScheduler(parameters=tuple(parameters))
    return tuple(float(p) for p in parameters)


class Scheduler:
    def __init__(self, settings: SchedulerSettings = SchedulerSettings()):
        self.settings = settings
        self._fsrs = self._make_fsrs(settings, fuzz=settings.fuzz)
        # Previews show the interval without fuzz, so they do not jitter.
        self._exact = self._make_fsrs(settings, fuzz=False) if settings.fuzz else self._fsrs

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
            state=FsrsState(int(memory.phase)),
            step=memory.step,
            stability=memory.stability,
            difficulty=memory.difficulty,
            due=memory.due or now,
            last_review=memory.last_review,
        )

    def review(self, memory: Memory, rating: Rating, now: datetime) -> Memory:
        """The memory after answering ``rating`` at ``now``; leeches get suspended."""
        return self._review(self._fsrs, memory, rating, now)

    def _review(self, fsrs: FsrsScheduler, memory: Memory, rating: Rating, now: datetime) -> Memory:
        card, _ = fsrs.review_card(self._to_fsrs(memory, now), FsrsRating(int(rating)), now)
        lapsed = memory.phase == Phase.REVIEW and rating == Rating.AGAIN
        lapses = memory.lapses + (1 if lapsed else 0)
        leech = memory.leech or lapses >= LEECH_LAPSES
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
            suspended=memory.suspended or (leech and not memory.leech),
            buried_until=None,
        )

    @property
    def parameters(self) -> tuple[float, ...]:
        """The FSRS parameters in use: the fitted ones, or py-fsrs's defaults."""
        return tuple(self._fsrs.parameters)

    def preview(self, memory: Memory, now: datetime) -> dict[Rating, timedelta]:
        """How long until the card is due again, for each possible rating (without fuzz)."""
        return {rating: self._review(self._exact, memory, rating, now).due - now for rating in Rating}

    def retrievability(self, memory: Memory, now: datetime) -> float:
        """Chance of recalling the card now; 0 for a card never studied."""
        if memory.is_new:
            return 0.0
        return self._fsrs.get_card_retrievability(self._to_fsrs(memory, now), now)


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
