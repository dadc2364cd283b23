"""The study settings as ``peerquiz settings`` and the settings screen name them: KEY VALUE text.

Each key knows its field, how its value is written and what it allows; ranges come from
SchedulerSettings, so a refusal names the same bounds the model enforces.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date
from typing import Any

from annotated_types import Ge, Le

from peerquiz.core.store import Store
from peerquiz.core.store.records import Profile
from peerquiz.core.study.new_order import NewCardOrder
from peerquiz.core.study.settings import (
    FIRST_EXAM_DATE,
    LAST_EXAM_DATE,
    SchedulerSettings,
    save_scheduler_settings,
    scheduler_settings,
)

DECK_LIMIT = "deck-new-limit"  # deck-new-limit.DECK: that deck's own daily new-card limit
RESET = "default"  # as a value: forget the saved one
AUTO = "auto"  # new-per-day auto: the exam plan sets it
_STEP = re.compile(r"^([0-9]+)([mhd])$")
_STEP_MINUTES = {"m": 1, "h": 60, "d": 60 * 24}
MAX_STEP_MINUTES = 60 * 24 * 7


class SettingError(ValueError):
    """A key or value the settings refuse; its text is the one line to show."""


def _bounds(field: str) -> tuple[float, float]:
    metadata = SchedulerSettings.model_fields[field].metadata
    low = next(m.ge for m in metadata if isinstance(m, Ge))
    high = next(m.le for m in metadata if isinstance(m, Le))
    return float(low), float(high)  # type: ignore[arg-type]


def _whole(field: str) -> Callable[[str], int]:
    low, high = _bounds(field)
    allowed = f"a whole number from {low:g} to {high:g}"

    def parse(text: str) -> int:
        if not re.fullmatch(r"[0-9]+", text) or not low <= int(text) <= high:  # ASCII digits: int() takes any script's
            raise ValueError(allowed)
        return int(text)

    return parse


# Above this the daily reviews grow steeply for little more recall; a profile saved higher before
# (or fitted by `optimize`) still loads, up to the model's own limit.
MAX_CHOSEN_RETENTION = 0.97


def _retention(text: str) -> float:
    low, high = _bounds("desired_retention")
    high = min(high, MAX_CHOSEN_RETENTION)
    try:
        value = float(text[:-1]) / 100 if text.endswith("%") else float(text)
    except ValueError:
        value = -1.0
    if not low <= value <= high:
        raise ValueError(f"a number from {low:.2f} to {high:.2f} (or {low:.0%} to {high:.0%})")
    return value


def _steps(text: str) -> tuple[int, ...]:
    allowed = f"steps such as '1m 10m' (each from 1m to {MAX_STEP_MINUTES // (60 * 24)}d; m, h or d)"
    found = [_STEP.match(part) for part in text.split()]
    if not found or any(m is None for m in found):
        raise ValueError(allowed)
    minutes = tuple(int(m.group(1)) * _STEP_MINUTES[m.group(2)] for m in found if m)
    if not all(1 <= step <= MAX_STEP_MINUTES for step in minutes):
        raise ValueError(allowed)
    return minutes


def _new_per_day(text: str) -> dict[str, Any]:
    """A number, or ``auto``: the exam plan sets the limit."""
    if text == AUTO:
        return {"new_per_day_auto": True}
    try:
        return {"new_per_day": _whole("new_per_day")(text), "new_per_day_auto": False}
    except ValueError as exc:
        raise ValueError(f"{exc}, or '{AUTO}' to follow the exam plan") from None


def _exam_date(text: str) -> str:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        day = None
    if day is None or not FIRST_EXAM_DATE <= day <= LAST_EXAM_DATE:
        raise ValueError(f"a date written YYYY-MM-DD from {FIRST_EXAM_DATE} to {LAST_EXAM_DATE}, such as 2027-03-15")
    return day.isoformat()


def _choice(*choices: str) -> Callable[[str], str]:
    def parse(text: str) -> str:
        if text not in choices:
            raise ValueError(f"one of {', '.join(choices)}")
        return text

    return parse


def format_steps(minutes: tuple[int, ...]) -> str:
    def one(step: int) -> str:
        for unit, size in (("d", 60 * 24), ("h", 60)):
            if step % size == 0:
                return f"{step // size}{unit}"
        return f"{step}m"

    return " ".join(one(step) for step in minutes)


@dataclass(frozen=True, slots=True)
class SettingKey:
    name: str
    field: str
    parse: Callable[[str], Any]
    describe: str  # what it does, for `settings show` and the screen
    fields: tuple[str, ...] = ()  # when parse returns several fields at once (a dict of them)

    def shown(self, settings: SchedulerSettings) -> str:
        if self.field == "new_per_day" and settings.new_per_day_auto:
            return AUTO
        value = getattr(settings, self.field)
        if value is None:
            return "none"
        if isinstance(value, tuple):
            return format_steps(value)
        if isinstance(value, NewCardOrder):
            return value.value
        return f"{value:.2f}" if isinstance(value, float) else str(value)


KEYS: dict[str, SettingKey] = {
    key.name: key
    for key in (
        SettingKey("new-per-day", "new_per_day", _new_per_day, "New cards a day, shared (a number, or auto)",
                   fields=("new_per_day", "new_per_day_auto")),
        SettingKey("reviews-per-day", "reviews_per_day", _whole("reviews_per_day"), "Reviews a day"),
        SettingKey("desired-retention", "desired_retention", _retention, "Chance of recall FSRS aims for"),
        SettingKey("learning-steps", "learning_steps_minutes", _steps, "Learning steps of a new card"),
        SettingKey("relearning-steps", "relearning_steps_minutes", _steps, "Relearning steps after a lapse"),
        SettingKey("day-start-hour", "day_starts_at_hour", _whole("day_starts_at_hour"), "Hour a study day starts (local)"),
        SettingKey("new-card-order", "new_card_order", _choice(*(o.value for o in NewCardOrder)), "Order of new cards"),
        SettingKey("leech-threshold", "leech_threshold", _whole("leech_threshold"), "Lapses that make a card a leech"),
        SettingKey("leech-action", "leech_action", _choice("suspend", "tag"), "What a leech gets: suspend or tag"),
        SettingKey("maximum-interval", "maximum_interval_days", _whole("maximum_interval_days"), "Longest interval, in days"),
        SettingKey("exam-date", "exam_date", _exam_date, "Exam date, YYYY-MM-DD (plan on home)"),
        SettingKey("plan-margin-days", "plan_margin_days", _whole("plan_margin_days"), "Days before the exam to know all"),
    )
}
_DECK_LIMIT_PARSE = _whole("new_per_day")


def setting_lines(settings: SchedulerSettings) -> list[tuple[str, str, str]]:
    """(key, value, what it does) for every setting, the per-deck limits last."""
    lines = [(key.name, key.shown(settings), key.describe) for key in KEYS.values()]
    lines += [(f"{DECK_LIMIT}.{deck}", str(limit), "This deck's own new cards a day")
              for deck, limit in sorted(settings.deck_new_limits.items())]  # fmt: skip
    return lines


def setting_values(settings: SchedulerSettings) -> dict[str, Any]:
    """The settings keyed as the command names them, as JSON values."""
    values: dict[str, Any] = {key.name: key.shown(settings) for key in KEYS.values()}
    for key in KEYS.values():
        raw = getattr(settings, key.field)
        if isinstance(raw, int | float) and not isinstance(raw, bool) and values[key.name] != AUTO:
            values[key.name] = raw
    values["exam-date"] = settings.exam_date.isoformat() if settings.exam_date else None
    values[DECK_LIMIT] = dict(sorted(settings.deck_new_limits.items()))
    return values


def change_setting(
    store: Store, profile: Profile, key: str, text: str, deck_ids: Collection[str]
) -> SchedulerSettings:
    """Save one setting given as text (``default`` forgets it); SettingError says what is wrong, in one line."""
    text = text.strip()
    saved = scheduler_settings(store, profile)
    if key.startswith(f"{DECK_LIMIT}."):
        deck = key.removeprefix(f"{DECK_LIMIT}.")
        if deck not in deck_ids:
            raise SettingError(f"{key}: no deck {deck!r} in use (decks: {', '.join(sorted(deck_ids))})")
        limits = dict(saved.deck_new_limits)
        if text == RESET:
            limits.pop(deck, None)
        else:
            limits[deck] = _parsed(key, _DECK_LIMIT_PARSE, text, suffix=f", or '{RESET}' for the shared limit")
        return save_scheduler_settings(store, profile, {"deck_new_limits": limits})
    setting = KEYS.get(key)
    if setting is None:
        raise SettingError(f"unknown setting {key!r}: one of {', '.join(KEYS)}, {DECK_LIMIT}.DECK")
    if text == RESET:
        return save_scheduler_settings(store, profile, {}, forget=setting.fields or (setting.field,))
    value = _parsed(key, setting.parse, text, suffix=f", or '{RESET}'")
    return save_scheduler_settings(store, profile, value if setting.fields else {setting.field: value})


def _parsed(key: str, parse: Callable[[str], Any], text: str, suffix: str) -> Any:
    try:
        return parse(text)
    except ValueError as exc:
        raise SettingError(f"{key}: {text!r} is not allowed: {exc}{suffix}") from None
