"""Schema 0004: answers logged before it keep their young/mature split in the statistics."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import insert

from peerquiz.core.decks.library import Library, card_specs
from peerquiz.core.decks.loader import parse_deck
from peerquiz.core.stats.statistics import compute_stats
from peerquiz.core.store import Store
from peerquiz.core.store.records import Phase, Rating
from peerquiz.core.store.tables import log
from tests.exam_helpers import DOMAINS, exam_deck_text
from tests.store_helpers import engine_at, sync_cards_before_0009


def test_upgrading_from_0003_keeps_the_reviews_and_their_young_mature_split(db_url: str, clock):
    old = Store(engine_at(db_url, "0003"))
    user = old.profiles.add("sam", clock.now)
    library = Library([parse_deck(exam_deck_text(dict.fromkeys(DOMAINS, 2), 0), "pool.yaml")])
    card_ids = list(sync_cards_before_0009(old.engine, card_specs(library.decks)).values())
    answers = [  # (stability before, rating): as a 0003 store logged them, the stability only inside prior_json
        (30.0, Rating.GOOD), (30.0, Rating.AGAIN), (5.0, Rating.GOOD), (None, Rating.HARD),
    ]
    with old.engine.begin() as conn:
        for i, (stability, rating) in enumerate(answers):
            conn.execute(insert(log).values(
                user_id=user.id, card_id=card_ids[i], rating=int(rating), mode="study",
                reviewed_at=clock.now - timedelta(days=1, hours=i), duration_ms=1000, state_before=int(Phase.REVIEW),
                prior_json=json.dumps({"card_id": card_ids[i], "stability": stability}),
            ))  # fmt: skip
    old.close()

    store = Store.open(db_url)
    assert [r.rating for r in store.answers.log(user.id)] == [rating for _, rating in answers]
    week = compute_stats(store, user, now=clock.now).retention[0]
    assert (week.mature.answered, week.mature.recalled) == (2, 1)
    assert (week.young.answered, week.young.recalled) == (2, 2)
    store.close()
