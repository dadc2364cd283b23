"""A learner whose memory follows known FSRS parameters, studying on the default ones.

The app schedules with the profile's parameters (defaults at first); whether an
answer is recalled is drawn from a second, "true" memory that follows TRUE. A
fit of the log should move towards TRUE and predict the answers better.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from peerquiz.core.store import CardSpec, Store
from peerquiz.core.store.records import Memory, Profile, Rating
from peerquiz.core.study.scheduling import Scheduler
from peerquiz.core.study.settings import SchedulerSettings

from .conftest import synced_ids

DEFAULT = Scheduler().parameters
# This learner forgets new cards much faster than FSRS assumes.
TRUE = (0.1, 0.4, 0.8, 2.5) + DEFAULT[4:20] + (0.5,)
START = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)


def simulate_learner(store: Store, profile: Profile, cards: int = 150, days: int = 150, seed: int = 7) -> None:
    rng = random.Random(seed)
    random.seed(seed)  # py-fsrs draws its interval fuzz from the global generator
    app = Scheduler(SchedulerSettings.model_validate(store.profiles.study_settings(profile.id)))
    truth = Scheduler(SchedulerSettings(parameters=TRUE, fuzz=False))
    ids = synced_ids(store, [CardSpec("synthetic", f"c{n}", "basic", "Advocacy", (), "h") for n in range(cards)])
    end = START + timedelta(days=days)
    for card_id in ids.values():
        when = START + timedelta(days=rng.randrange(days // 3), hours=rng.random() * 6)
        memory = true_memory = Memory(card_id=card_id)
        while when < end:
            if memory.is_new:
                rating = Rating(rng.choices((1, 2, 3, 4), (0.2, 0.1, 0.55, 0.15))[0])
            elif rng.random() > truth.retrievability(true_memory, when):
                rating = Rating.AGAIN
            else:
                rating = Rating(rng.choices((2, 3, 4), (0.15, 0.7, 0.15))[0])
            after = app.review(memory, rating, when)
            store.answers.record(profile.id, memory, after, rating, when, 8000, "study")
            true_memory = truth.review(true_memory, rating, when)
            memory = after
            if memory.suspended:
                break
            when = max(memory.due, when + timedelta(minutes=1))
