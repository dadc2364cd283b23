"""What today's daily limits have used and still allow: read once by a study queue, and by home's counts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo

from peerquiz.core.clock import day_start
from peerquiz.core.decks.library import Library
from peerquiz.core.store import Store
from peerquiz.core.store.records import Profile
from peerquiz.core.study.plan import daily_new_limit
from peerquiz.core.study.settings import SchedulerSettings


@dataclass(frozen=True, slots=True)
class DayLimits:
    settings: SchedulerSettings
    reviews_done: int  # review cards answered in study today, which the review limit counts
    answered_today: int  # answers given today in any mode
    introduced: Counter[str]  # per deck: new cards introduced today
    new_limit: int  # the shared new-card limit of today (the plan's figure with new-per-day auto)

    @property
    def reviews_left(self) -> int:
        return max(self.settings.reviews_per_day - self.reviews_done, 0)

    @property
    def shared_new_left(self) -> int:
        """New cards the shared limit still allows today (may be below zero when the limit was lowered)."""
        own = self.settings.deck_new_limits
        return self.new_limit - sum(n for deck_id, n in self.introduced.items() if deck_id not in own)

    def new_caps(self, deck_ids: Sequence[str]) -> dict[str, int]:
        """Per deck, the most new cards it can give today: what its own limit leaves, or else the shared one."""
        own, shared_left = self.settings.deck_new_limits, self.shared_new_left
        return {deck_id: own[deck_id] - self.introduced[deck_id] if deck_id in own else shared_left for deck_id in deck_ids}

    def own_caps(self, caps: dict[str, int]) -> dict[str, int]:
        """Of ``new_caps``, those of the decks with a limit of their own."""
        return {deck_id: caps[deck_id] for deck_id in self.settings.deck_new_limits if deck_id in caps}


def read_day_limits(
    store: Store, library: Library, profile: Profile, settings: SchedulerSettings, now: datetime, zone: tzinfo | None = None
) -> DayLimits:
    began = day_start(now, settings, zone)
    reviews_done, answered_today = store.answers.answered_since(profile.id, began)
    # A day without an answer yet has introduced no card: its first queue and home's counts skip that query.
    introduced = store.siblings.introduced_since(profile.id, began) if answered_today else Counter[str]()
    return DayLimits(settings, reviews_done, answered_today, introduced, daily_new_limit(store, library, profile, settings, now))
