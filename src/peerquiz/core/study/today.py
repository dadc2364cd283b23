"""What a learner's day looks like: per-deck counts, progress so far and streak.

The home screen and `peerquiz decks` show these; docs/stats.md says what each count means.
They follow the same study day, sibling rule and daily limits (shared and per deck) as a
study session.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, tzinfo

from peerquiz.core.clock import day_end, study_day
from peerquiz.core.decks.library import Library
from peerquiz.core.store import DeckCount, Store
from peerquiz.core.store.card_filter import CardFilter
from peerquiz.core.store.records import Profile
from peerquiz.core.study.day_limits import read_day_limits
from peerquiz.core.study.new_order import count_within_limits
from peerquiz.core.study.session import LEARN_AHEAD, in_use
from peerquiz.core.study.settings import SchedulerSettings, scheduler_settings


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
        settings = scheduler_settings(store, profile)
        day_of_study = study_day(now, settings, zone)
        day = _today(store, library, profile, settings, now, zone)
        kept_streak = store.streaks.kept(profile.id, day_of_study, settings, zone)
    if kept_streak is None:  # a new study day, or an older answer changed: counted and kept, a write, so not in the snapshot
        kept_streak = store.streaks.count(profile.id, day_of_study, settings, zone)
    return replace(day, streak=day.streak + kept_streak)


def _today(store: Store, library: Library, profile: Profile, settings: SchedulerSettings, now: datetime, zone: tzinfo | None) -> Today:
    """Today's counts, with a streak of today alone: 1 once it has an answer."""
    # The counts a study session would show, read as counts: the session's queue would rank every deck's
    # new cards and read each review it could show, only to be counted here.
    uid = profile.id
    card_filter = in_use(CardFilter(), library)
    limits = read_day_limits(store, library, profile, settings, now, zone)
    ends = day_end(now, settings, zone)
    own = settings.deck_new_limits
    caps = limits.new_caps(card_filter.deck_ids)
    offered = store.siblings.new_counts(uid, caps, now, ends, replace(card_filter, deck_ids=())) if card_filter.deck_ids else Counter()
    counts = {deck_id: count for deck_id, count in store.summaries.due_counts(uid, now, ends).items() if deck_id in caps}
    learning_now = len(store.memory.learning_due(uid, card_filter, now + LEARN_AHEAD, now)) if card_filter.deck_ids else 0
    reviews = min(sum(count.review for count in counts.values()), limits.reviews_left)
    return Today(
        decks={
            deck_id: DeckCount(count.total, min(offered[deck_id], max(own.get(deck_id, count.total) - limits.introduced[deck_id], 0)),
                               count.learning, count.review)
            for deck_id, count in counts.items()
        },
        new_left=max(limits.shared_new_left, 0),
        reviews_left=limits.reviews_left,
        reviewed=limits.answered_today,
        to_study=learning_now + reviews + count_within_limits(offered, limits.shared_new_left, limits.own_caps(caps)),
        streak=1 if limits.answered_today else 0,
        next_due=store.memory.next_due(uid, card_filter, now),
        own_limit=frozenset(own),
    )
