from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import insert, inspect, text

from peerquiz.core.decks.library import Library, card_specs
from peerquiz.core.decks.loader import parse_deck
from peerquiz.core.exams.session import ExamSession
from peerquiz.core.store import Store
from peerquiz.core.store.migrate import HEAD_REVISION
from peerquiz.core.store.records import Rating
from peerquiz.core.store.tables import log
from peerquiz.core.study.scheduling import Scheduler
from tests.exam_helpers import DOMAINS, blueprint, exam_deck_text
from tests.store_helpers import engine_at, save_memories_before_0008, sync_cards_before_0009


def test_upgrading_from_0001_keeps_profiles_cards_memories_and_reviews_and_makes_a_backup(db_url: str, tmp_path: Path, clock):
    url = db_url
    old = Store(engine_at(url, "0001"))
    user = old.profiles.add("sam", clock.now)
    library = Library([parse_deck(exam_deck_text(dict.fromkeys(DOMAINS, 2), 0), "pool.yaml")])
    ids = sync_cards_before_0009(old.engine, card_specs(library.decks))  # what a 0001 store wrote: no deck fingerprints yet
    card_id = next(iter(ids.values()))
    before = old.memory.get(user.id, card_id)
    after = Scheduler().review(before, Rating.GOOD, clock.now)
    save_memories_before_0008(old.engine, user.id, [after], clock.now)
    with old.engine.begin() as conn:  # as a 0001 store logged an answer: the review log had no stability_before
        conn.execute(insert(log).values(user_id=user.id, card_id=card_id, rating=int(Rating.GOOD),
                                        reviewed_at=clock.now, duration_ms=1500, mode="study"))  # fmt: skip
    old.close()

    store = Store.open(url)
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD_REVISION
    assert {"exam_attempt", "exam_answer"} <= set(inspect(store.engine).get_table_names())
    assert [p.name for p in store.profiles.all()] == ["sam"]
    assert store.memory.get(user.id, card_id) == after
    (review,) = store.answers.log(user.id)
    assert (review.card_id, review.rating, review.duration_ms, review.mode) == (card_id, Rating.GOOD, 1500, "study")
    library.sync(store.cards)
    assert library.card_ids() == ids
    assert len(store.cards.stored()) == len(library.items)
    if url.startswith("sqlite"):
        assert list(tmp_path.glob("progress.db.before-0001-*.bak"))  # the old file was copied aside first

    # The upgraded database takes exams at once.
    session = ExamSession.start(store, library, user, blueprint(questions=4), clock, random.Random(1))
    session.choose(0, session.questions[0].answer)
    assert session.submit().score.correct == 1
    store.close()


def test_a_new_database_is_created_with_the_exam_tables(db_url: str):
    store = Store.open(db_url)
    assert {"exam_attempt", "exam_answer"} <= set(inspect(store.engine).get_table_names())
    store.profiles.add("ana", datetime(2026, 1, 1, tzinfo=UTC))
    store.close()
