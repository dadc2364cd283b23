"""What a learner's day looks like: per-deck counts, progress so far and streak.

The home screen shows these. They follow the same study day, learn-ahead and
daily limits as a study session, so the counts match what a session will show.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from peerquiz.core.library import Library
from peerquiz.core.progress import Profile
from peerquiz.core.scheduling import SchedulerSettings, day_end, day_start, local_zone, study_day
from peerquiz.core.stats import current_streak
from peerquiz.core.store import DeckCount, Store
from peerquiz.core.study import LEARN_AHEAD, StudySession, scheduler_settings


@dataclass(frozen=True, slots=True)
class Today:
    decks: dict[str, DeckCount]  # per deck, before the daily limits
    new_left: int  # new cards today's limit still allows
    reviews_left: int  # review cards today's limit still allows
    reviewed: int  # answers given since the study day began (study and cram)
    to_study: int  # cards a study session over all decks would show now
    streak: int  # consecutive study days with an answer, up to today (or yesterday)
    next_due: datetime | None  # when the next studied card falls due, if not now

    def count(self, deck_ids: Iterable[str] | None = None) -> DeckCount:
        """The counts a study session of these decks (all if None) would show today."""
        wanted = None if deck_ids is None else set(deck_ids)
        chosen = [c for deck_id, c in self.decks.items() if wanted is None or deck_id in wanted]
        return DeckCount(
            total=sum(c.total for c in chosen),
            new=min(sum(c.new for c in chosen), self.new_left),
            learning=sum(c.learning for c in chosen),
            review=min(sum(c.review for c in chosen), self.reviews_left),
        )


STREAK_WINDOW = timedelta(days=60)


def today(store: Store, library: Library, profile: Profile, now: datetime, zone: tzinfo | None = None) -> Today:
    settings = scheduler_settings(store, profile)
    began = day_start(now, settings, zone)
    new_done, reviews_done = store.answered_since(profile.id, began)
    session = StudySession(store, library, profile, clock=lambda: now)
    in_use = {header.id for header in library.headers}
    counts = store.deck_counts(profile.id, now, day_end(now, settings, zone), learning_until=now + LEARN_AHEAD)
    return Today(
        decks={deck_id: count for deck_id, count in counts.items() if deck_id in in_use},
        new_left=max(settings.new_per_day - new_done, 0),
        reviews_left=max(settings.reviews_per_day - reviews_done, 0),
        reviewed=len(store.reviews(profile.id, since=began)),
        to_study=session.remaining,
        streak=_streak(store, profile, now, settings, zone),
        next_due=session.next_due(),
    )


def _streak(store: Store, profile: Profile, now: datetime, settings: SchedulerSettings, zone: tzinfo | None) -> int:
    # Shift times in SQL so that a study day (which starts at the reset hour) falls on one date.
    shift = now.astimezone(zone or local_zone()).utcoffset() - timedelta(hours=settings.day_starts_at_hour)
    this_day = study_day(now, settings, zone)
    # Read only recent days (years of answers took 0.16 s to group), further back while the streak fills them.
    answered: set[date] = set()
    window = STREAK_WINDOW
    read_from: datetime | None = None  # where the previous, more recent read began
    while True:
        older = store.activity_days(profile.id, int(shift.total_seconds() // 60), since=now - window, before=read_from)
        answered.update(date.fromisoformat(d) for d in older)
        streak = current_streak(answered, this_day)
        if streak < window.days - 1:  # the day that broke it lies inside the window
            return streak
        window, read_from = window * 4, now - window
