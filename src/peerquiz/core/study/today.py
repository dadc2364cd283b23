"""What a learner's day looks like: per-deck counts, progress so far and streak.

The home screen and `peerquiz decks` show these; docs/stats.md says what each count means.
They follow the same study day, sibling rule and daily limits (shared and per deck) as a
study session.
"""

from __future__ import annotations

from collections.abc import Container, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from peerquiz.core.clock import (
    current_streak,
    day_end,
    study_day,
    study_day_start,
)
from peerquiz.core.decks.library import Library
from peerquiz.core.store import DeckCount, Store
from peerquiz.core.store.records import Profile
from peerquiz.core.store.study_days import day_of, study_day_seconds
from peerquiz.core.study.session import StudySession
from peerquiz.core.study.settings import SchedulerSettings


@dataclass(frozen=True, slots=True)
class Today:
    decks: dict[str, DeckCount]  # per deck: new = one card per note, at most what the deck's limit leaves today
    new_left: int  # new cards today's shared limit still allows (decks with their own limit aside)
    reviews_left: int  # review cards today's limit still allows
    reviewed: int  # answers given since the study day began, in any mode
    to_study: int  # cards a study session over all decks would show now
    streak: int  # consecutive study days with an answer, up to today (or yesterday)
    next_due: datetime | None  # when the next studied card falls due, if not now
    own_limit: frozenset[str] = frozenset()  # decks whose new cards count against their own daily limit

    def count(self, deck_ids: Iterable[str] | None = None) -> DeckCount:
        """The counts a study session of these decks (all if None) would show today."""
        # Looked up by id rather than filtered from every deck: home asks once per deck, 200 decks at 200k cards.
        wanted = self.decks.keys() if deck_ids is None else set(deck_ids) & self.decks.keys()
        chosen = [(deck_id, self.decks[deck_id]) for deck_id in wanted]
        own = sum(c.new for deck_id, c in chosen if deck_id in self.own_limit)
        shared = sum(c.new for deck_id, c in chosen if deck_id not in self.own_limit)
        return DeckCount(
            total=sum(c.total for _, c in chosen),
            new=own + min(shared, self.new_left),
            learning=sum(c.learning for _, c in chosen),
            review=min(sum(c.review for _, c in chosen), self.reviews_left),
        )


def today(store: Store, library: Library, profile: Profile, now: datetime, zone: tzinfo | None = None) -> Today:
    with store.snapshot():  # some fifteen reads: one transaction, and counts that agree with each other
        return _today(store, library, profile, now, zone)


def _today(store: Store, library: Library, profile: Profile, now: datetime, zone: tzinfo | None) -> Today:
    # The study session reads the settings and what today's limits have used: its figures serve here too
    # (it counts in the local zone, which is the zone here unless a test names another).
    session = StudySession(store, library, profile, clock=lambda: now)
    settings, introduced, offered = session.scheduler.settings, session.introduced, session.new_offered
    ends = day_end(now, settings, zone)
    own = settings.deck_new_limits
    counts = store.summaries.due_counts(profile.id, now, ends)
    new_left = session.new_limit - sum(n for deck_id, n in introduced.items() if deck_id not in own)
    return Today(
        decks={
            deck_id: DeckCount(count.total, min(offered[deck_id], max(own.get(deck_id, count.total) - introduced[deck_id], 0)),
                               count.learning, count.review)
            for deck_id, count in counts.items() if deck_id in session.card_filter.deck_ids
        },
        new_left=max(new_left, 0),
        reviews_left=max(settings.reviews_per_day - session.reviews_done, 0),
        reviewed=session.answered_today,
        to_study=session.remaining,
        streak=_streak(store, profile, now, settings, zone),
        next_due=session.next_due(),
        own_limit=frozenset(own),
    )


class _DaysWithAnswers(Container[date]):
    """The study days with an answer, asked of the store in growing batches of days.

    A streak walks back one day at a time until a day has no answer. Asking for each day
    on its own cost a round trip per day (0.13 s for two years of daily study); here the
    first miss asks for the next 8 days back in one statement, then 16, 32, ... up to MAX_BATCH.
    """

    FIRST_BATCH, MAX_BATCH = 8, 256

    def __init__(self, store: Store, user_id: int, settings: SchedulerSettings, zone: tzinfo | None):
        self._store, self._user_id, self._settings, self._zone = store, user_id, settings, zone
        self._known: dict[date, bool] = {}
        self._batch = self.FIRST_BATCH

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, date):
            return False
        if day not in self._known:
            self._fetch_back_from(day)
        return self._known.get(day, False)  # a day a zone skipped has no instant, so no answer

    def _fetch_back_from(self, newest: date) -> None:
        oldest = newest - timedelta(days=self._batch - 1)
        # The days' starts are worked out from the zone's offsets, checked once a day: converting each
        # day's start through the zone took three conversions a day, most of the streak's time.
        spans = study_day_seconds(self._start(oldest), self._start(newest + timedelta(days=1)), self._settings, self._zone)
        bounds = [start for _, start, _ in spans] + [spans[-1][2]]  # a day ends as the next begins
        answered = self._store.summaries.answered_between(self._user_id, bounds)
        self._known.update((day_of(number), i in answered) for i, (number, _, _) in enumerate(spans))
        self._batch = min(self._batch * 2, self.MAX_BATCH)

    def _start(self, day: date) -> datetime:
        return study_day_start(day, self._settings, self._zone)


def _streak(store: Store, profile: Profile, now: datetime, settings: SchedulerSettings, zone: tzinfo | None) -> int:
    return current_streak(_DaysWithAnswers(store, profile.id, settings, zone), study_day(now, settings, zone))
