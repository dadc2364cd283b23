"""A profile's study settings: daily limits, steps, retention, the day's reset hour, new-card order, leeches.

They live in the profile's settings JSON beside keys other parts own (the UI's under "ui"), so
saving merges into what is stored instead of replacing it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from peerquiz.core.store import Store
from peerquiz.core.store.records import Profile
from peerquiz.core.study.new_order import NewCardOrder

Minutes = Annotated[int, Field(ge=1, le=60 * 24 * 7)]
NewLimit = Annotated[int, Field(ge=0, le=9999)]
# Any real exam falls between these; dates near year 1 or 9999 overflow the plan's date arithmetic.
FIRST_EXAM_DATE, LAST_EXAM_DATE = date(2000, 1, 1), date(2999, 12, 31)


class SchedulerSettings(BaseModel):
    """A user's scheduling settings, validated whenever they are loaded or changed."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    desired_retention: float = Field(0.90, ge=0.70, le=0.99)
    new_per_day: NewLimit = 20
    reviews_per_day: int = Field(200, ge=0, le=99999)
    day_starts_at_hour: int = Field(4, ge=0, le=23)
    learning_steps_minutes: tuple[Minutes, ...] = (1, 10)
    relearning_steps_minutes: tuple[Minutes, ...] = (10,)
    maximum_interval_days: int = Field(36500, ge=1, le=36500)
    new_card_order: NewCardOrder = NewCardOrder.INTERLEAVED
    deck_new_limits: dict[str, NewLimit] = Field(default_factory=dict)  # deck id -> its own daily new limit
    leech_threshold: int = Field(8, ge=1, le=99)  # lapses that make a card a leech
    leech_action: Literal["suspend", "tag"] = "suspend"
    exam_date: date | None = Field(None, ge=FIRST_EXAM_DATE, le=LAST_EXAM_DATE)  # the exam day, for the plan (study/plan.py)
    plan_margin_days: int = Field(7, ge=0, le=365)  # have every card learned this many days before it
    new_per_day_auto: bool = False  # new cards a day follow the plan instead of new_per_day
    fuzz: bool = True
    parameters: tuple[float, ...] | None = None  # fitted by the optimizer; None = FSRS defaults


def scheduler_settings(store: Store, profile: Profile) -> SchedulerSettings:
    """The profile's saved settings, validated (a value out of range is refused, not used)."""
    return _usable(store.profiles.study_settings(profile.id))[1]


def _usable(saved: dict[str, Any]) -> tuple[dict[str, Any], SchedulerSettings]:
    """The saved settings less any the model refuses, which fall back to their defaults; and those validated.

    A value saved by hand or before its bound existed must not stop every verb, nor the
    `settings set KEY default` that would put it right. Settings that pass are validated once: every
    study queue and home's counts read them.
    """
    try:
        return saved, SchedulerSettings.model_validate(saved)
    except ValidationError as exc:
        refused = {error["loc"][0] for error in exc.errors() if error["loc"]}
        kept = {key: value for key, value in saved.items() if key not in refused}
        return kept, SchedulerSettings.model_validate(kept)


def save_scheduler_settings(
    store: Store, profile: Profile, changes: dict[str, Any], forget: Iterable[str] = ()
) -> SchedulerSettings:
    """Validate the saved settings with ``changes`` applied (and ``forget`` back to defaults) and store them.

    Keys owned elsewhere (the UI's) are kept. A refused value raises pydantic's ValidationError
    and nothing is written.
    """
    saved, _ = _usable(store.profiles.study_settings(profile.id))
    merged = {key: value for key, value in {**saved, **changes}.items() if key not in set(forget)}
    settings = SchedulerSettings.model_validate(merged)
    store.profiles.save_study_settings(profile.id, merged)
    return settings
