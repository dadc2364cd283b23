"""A profile's study settings: daily limits, steps, retention and the day's reset hour."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from peerquiz.core.store import Store
from peerquiz.core.store.records import Profile

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


def scheduler_settings(store: Store, profile: Profile) -> SchedulerSettings:
    """The profile's saved settings, validated (a value out of range is refused, not used)."""
    return SchedulerSettings.model_validate(store.profiles.study_settings(profile.id))
