"""The store keeps progress safe: round trips, syncing, migrations, refusals."""

from __future__ import annotations

import sqlite3
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic.config import Config
from sqlalchemy import inspect, text
from sqlalchemy.exc import OperationalError

from peerquiz.core.decks.library import Library
from peerquiz.core.store import CardSpec, Store, StoreError
from peerquiz.core.store.card_filter import CardFilter
from peerquiz.core.store.cards import CardStore
from peerquiz.core.store.engine import PAGE_CACHE_KIB, make_engine
from peerquiz.core.store.migrate import HEAD_REVISION, MIGRATIONS
from peerquiz.core.store.records import Memory, Phase, Rating, SyncReport
from peerquiz.core.store.streaks import answered_days_back
from peerquiz.core.store.summaries import DueCount
from tests.store_helpers import engine_at, save_memories_before_0008, sync_cards_before_0009

from .conftest import FIXTURES, synced_ids


def spec(item_id: str, text_hash: str = "h1", deck: str = "d") -> CardSpec:
    return CardSpec(deck, item_id, "basic", "Advocacy", ("t",), text_hash)


def test_profiles_round_trip_and_names_are_validated(store: Store):
    store.profiles.add("  Ana  ")
    store.profiles.add("Bo")
    assert [p.name for p in store.profiles.all()] == ["Ana", "Bo"]
    with pytest.raises(StoreError, match="already exists"):
        store.profiles.add("Ana")
    with pytest.raises(StoreError, match="1 to 40 printable"):
        store.profiles.add("")
    assert store.profiles.remove("Bo") and not store.profiles.remove("Bo")
    assert [p.name for p in store.profiles.all()] == ["Ana"]


def test_memory_and_review_round_trip_in_utc(store: Store, clock):
    profile = store.profiles.add("Ana")
    ids = synced_ids(store, [spec("a")])
    card_id = ids[("d", "a")]
    before = Memory(card_id=card_id)
    after = before.but(phase=Phase.REVIEW, step=None, stability=3.5, difficulty=5.0, due=clock.now + timedelta(days=3),
                       last_review=clock.now, reps=1)  # fmt: skip
    store.answers.record(profile.id, before, after, Rating.GOOD, clock.now, 2500, "study")
    assert store.memory.get(profile.id, card_id) == after
    (review,) = store.answers.log(profile.id)
    assert (review.rating, review.duration_ms, review.mode, review.phase_before) == (Rating.GOOD, 2500, "study", None)
    assert review.reviewed_at == clock.now and review.reviewed_at.tzinfo is not None


def test_on_each_backend_the_streak_counts_days_back_to_the_first_without_an_answer_each_day_from_its_first_instant(
    store: Store, clock
):
    profile = store.profiles.add("Ana")
    card_id = synced_ids(store, [spec("a")])[("d", "a")]
    newest = int(clock.now.timestamp())
    day = 90000  # 25 hours, as a day across the end of daylight saving time
    starts = [datetime.fromtimestamp(newest - n * day, UTC) for n in range(6)]  # newest first
    # Days 0 and 1 hold an answer at their first instant and their last microsecond, day 2 none, day 3 one.
    for moment in (starts[0], starts[1], starts[1] + timedelta(seconds=day, microseconds=-1), starts[3] + timedelta(hours=5)):
        store.answers.record(profile.id, Memory(card_id), None, Rating.GOOD, moment, None, "cram")
    with store.engine.connect() as conn:
        assert answered_days_back(conn, profile.id, newest, day, 6) == 2
        assert answered_days_back(conn, profile.id, newest, day, 1) == 1  # no further than asked
        assert answered_days_back(conn, profile.id, newest - 3 * day, day, 2) == 1  # day 3, then day 4 has none
        assert answered_days_back(conn, profile.id, newest - 2 * day, day, 6) == 0
        assert answered_days_back(conn, profile.id, newest + day, day, 6) == 0  # the day after: none yet
        assert answered_days_back(conn, profile.id, newest, day, 0) == 0


def test_on_each_backend_reads_in_a_snapshot_see_one_picture_though_another_window_answers_meanwhile(
    store: Store, db_url: str, clock
):
    # The home screen's counts are read in one snapshot: an answer given in another window half-way
    # through must not show in some counts and not in others.
    profile = store.profiles.add("Ana")
    card_id = synced_ids(store, [spec("a")])[("d", "a")]
    other_window = Store.open(db_url)
    try:
        with store.snapshot():
            assert store.answers.log(profile.id) == []
            other_window.answers.record(profile.id, Memory(card_id), None, Rating.GOOD, clock.now, None, "cram")
            assert store.answers.answered_since(profile.id, clock.now - timedelta(hours=1)) == (0, 0)
            assert store.answers.log(profile.id) == []
        assert len(store.answers.log(profile.id)) == 1
        # The same when the snapshot's first read is one of the statements run on SQLite's own cursor (a queue's).
        with store.snapshot():
            assert store.answers.answered_since(profile.id, clock.now - timedelta(hours=1)) == (0, 1)
            other_window.answers.record(profile.id, Memory(card_id), None, Rating.GOOD, clock.now, None, "cram")
            assert store.answers.answered_since(profile.id, clock.now - timedelta(hours=1)) == (0, 1)
        assert store.answers.answered_since(profile.id, clock.now - timedelta(hours=1)) == (0, 2)
    finally:
        other_window.close()


def test_on_each_backend_each_read_outside_a_snapshot_sees_the_answers_another_window_gave_before_it(
    store: Store, db_url: str, clock
):
    profile = store.profiles.add("Ana")
    card_id = synced_ids(store, [spec("a")])[("d", "a")]
    since = clock.now - timedelta(hours=1)
    other_window = Store.open(db_url)
    try:
        for answers in (1, 2, 3):
            other_window.answers.record(profile.id, Memory(card_id), None, Rating.GOOD, clock.now, None, "cram")
            assert len(store.answers.log(profile.id)) == answers
            assert store.answers.answered_since(profile.id, since) == (0, answers)  # on SQLite's own cursor
    finally:
        other_window.close()


def test_the_tags_in_use_are_those_of_the_live_cards_the_filter_selects(store: Store):
    def tagged(item_id: str, tags: tuple[str, ...], deck: str = "d") -> CardSpec:
        return CardSpec(deck, item_id, "basic", "Advocacy", tags, "h1")

    store.cards.sync([tagged("a", ("ethics", "law")), tagged("b", ("law",)), tagged("c", ()), tagged("x", ("gone",))])
    store.cards.sync([tagged("z", ("other",), deck="e")])
    store.cards.sync([tagged("a", ("ethics", "law")), tagged("b", ("law",)), tagged("c", ())])  # x is retired
    assert store.cards.tags(CardFilter(deck_ids=("d",))) == {"ethics", "law"}
    assert store.cards.tags() == {"ethics", "law", "other"}


def test_memory_of_many_cards_and_of_the_cards_a_filter_selects(store: Store, clock):
    from peerquiz.core.store.memory import ID_BATCH

    profile = store.profiles.add("Ana")
    ids = synced_ids(store, [spec(f"c{n:05}") for n in range(2 * ID_BATCH + 5)] + [spec("other", deck="e")])
    card_ids = [ids[("d", f"c{n:05}")] for n in range(2 * ID_BATCH + 5)]
    studied = card_ids[::7]  # in every batch of ids asked for, and in the last, short one
    store.memory.save_many(profile.id, [Memory(card_id, reps=1, due=clock.now, suspended=card_id == studied[1])
                                        for card_id in studied], clock.now)  # fmt: skip
    assert sorted(store.memory.all(profile.id, card_ids)) == studied
    assert list(store.memory.all(profile.id, studied[:3])) == studied[:3]
    memories = store.memory.of_cards(profile.id, CardFilter(deck_ids=("d",)))
    assert [m.card_id for m in memories] == sorted(card_ids)  # every live card of the deck, never studied ones too
    assert [m.card_id for m in memories if m.reps] == studied and [m.card_id for m in memories if m.suspended] == [studied[1]]
    assert memories[1] == Memory(card_ids[1])


def test_sync_keeps_progress_when_text_changes_and_retires_removed_cards(store: Store, clock):
    profile = store.profiles.add("Ana")
    card_id = synced_ids(store, [spec("a"), spec("b")])[("d", "a")]
    store.answers.record(profile.id, Memory(card_id=card_id), Memory(card_id=card_id, reps=1, due=clock.now), Rating.GOOD,
                        clock.now, None, "study")  # fmt: skip
    second = store.cards.sync([spec("a", text_hash="h2")])
    assert (second.added, second.changed, second.retired) == (0, 1, 1)
    assert store.cards.ids(["d"]) == {("d", "a"): card_id}
    assert store.memory.get(profile.id, card_id).reps == 1
    assert [c.spec.item_id for c in store.cards.stored(CardFilter(deck_ids=("d",)))] == ["a"]
    assert len(store.answers.log(profile.id)) == 1  # history of a retired card is never deleted
    back = store.cards.sync([spec("a", text_hash="h2"), spec("b")])
    assert (back.added, back.changed, back.unchanged) == (0, 1, 1)


def test_on_each_backend_a_first_sync_of_many_cards_stores_each_card_in_order(store: Store):
    # More cards than SQLite takes in one statement of many rows, and not a multiple of it: the last is shorter.
    specs = [CardSpec(f"d{n % 2}", f"c{n:03d}", "mcq" if n % 3 else "basic", None if n % 5 == 0 else f"domain {n % 4}",
                      tuple(f"t{n % 7}" for _ in range(n % 2)), f"h{n}") for n in range(400)]  # fmt: skip
    report = store.cards.sync(specs)
    assert report.added == 400
    stored = store.cards.stored()
    assert [card.spec for card in stored] == specs  # by id: the order they were given
    assert len({card.id for card in stored}) == 400


def test_a_card_text_edit_in_the_deck_file_keeps_progress(store: Store, tmp_path: Path, clock):
    deck_file = tmp_path / "mixed.yaml"
    deck_file.write_text((FIXTURES / "mixed.yaml").read_text())
    library = Library.load([tmp_path])
    library.sync(store.cards)
    ids = library.card_ids()
    profile = store.profiles.add("Ana")
    card_id = ids[("mixed", "tf-1")]
    store.answers.record(profile.id, Memory(card_id=card_id), Memory(card_id=card_id, reps=1, due=clock.now), Rating.GOOD,
                        clock.now, None, "study")  # fmt: skip
    deck_file.write_text(deck_file.read_text().replace("Keeping boundaries is", "Holding boundaries is"))
    edited = Library.load([tmp_path])
    report = edited.sync(store.cards)
    assert report.changed == 1 and edited.card_ids()[("mixed", "tf-1")] == card_id
    assert store.memory.get(profile.id, card_id).reps == 1
    assert "Holding" in edited.items[card_id].card.explanation


def test_file_database_is_created_with_wal_and_reopened(tmp_path: Path):
    path = tmp_path / "sub" / "progress.db"
    store = Store.open(f"sqlite:///{path}")
    store.profiles.add("Ana")
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == -PAGE_CACHE_KIB  # room for the indexes a streak reads
    store.close()
    again = Store.open(f"sqlite:///{path}")
    assert [p.name for p in again.profiles.all()] == ["Ana"]
    again.close()


# SQLAlchemy reads back no SQLite index on an expression (ix_card_deck_live_shuffle) and says so as it lists a table's.
reads_back_no_expression_index = pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")


def test_upgrading_from_0004_keeps_memories_and_adds_the_index_that_finds_learning_cards(db_url: str, clock):
    old = Store(engine_at(db_url, "0004"))
    profile = old.profiles.add("Ana")
    card_id = sync_cards_before_0009(old.engine, [spec("a")])[("d", "a")]
    learning = Memory(card_id, Phase.LEARNING, step=0, stability=1.0, difficulty=5.0, due=clock.now, last_review=clock.now, reps=1)
    save_memories_before_0008(old.engine, profile.id, [learning], clock.now)
    old.close()

    store = Store.open(db_url)
    assert "ix_card_state_user_state_due" in {index["name"] for index in inspect(store.engine).get_indexes("card_state")}
    assert store.memory.learning_due(profile.id, CardFilter(), clock.now, clock.now) == [learning]
    store.close()


@reads_back_no_expression_index
def test_upgrading_from_0005_keeps_memories_and_counts_the_due_and_live_cards_from_the_new_indexes(db_url: str, clock):
    old = Store(engine_at(db_url, "0005"))
    profile = old.profiles.add("Ana")
    ids = sync_cards_before_0009(old.engine, [spec("due"), spec("held"), spec("later"), spec("gone")])
    review = Memory(ids[("d", "due")], Phase.REVIEW, stability=3.0, difficulty=5.0, due=clock.now, last_review=clock.now, reps=2)
    save_memories_before_0008(old.engine, profile.id, [
        review,
        replace(review, card_id=ids[("d", "held")], suspended=True),
        replace(review, card_id=ids[("d", "later")], due=clock.now + timedelta(days=3)),
        replace(review, card_id=ids[("d", "gone")]),
    ], clock.now)  # fmt: skip
    sync_cards_before_0009(old.engine, [spec("due"), spec("held"), spec("later")])  # "gone" retires
    old.close()

    store = Store.open(db_url)
    indexes = {table: {index["name"] for index in inspect(store.engine).get_indexes(table)} for table in ("card", "card_state")}
    # 0006 replaced ix_card_deck_id with ix_card_deck_live, which 0013 folded into ix_card_deck_live_shuffle.
    assert not {"ix_card_deck_id", "ix_card_deck_live"} & indexes["card"]
    assert "ix_card_state_user_due_counts" in indexes["card_state"] and "ix_card_state_user_due" not in indexes["card_state"]
    assert store.memory.get(profile.id, ids[("d", "due")]) == review
    assert store.summaries.due_counts(profile.id, clock.now, clock.now + timedelta(days=1)) == {"d": DueCount(3, 0, 1)}
    store.close()


def test_upgrading_from_0006_keeps_memories_and_indexes_only_the_rows_of_cards_never_answered(db_url: str, clock):
    old = Store(engine_at(db_url, "0006"))
    profile = old.profiles.add("Ana")
    ids = sync_cards_before_0009(old.engine, [spec("studied"), spec("buried"), spec("new")])
    studied = Memory(ids[("d", "studied")], Phase.REVIEW, stability=3.0, difficulty=5.0, due=clock.now, last_review=clock.now, reps=2)
    buried = Memory(ids[("d", "buried")], buried_until=clock.now - timedelta(hours=1))  # buried while new, now free again
    save_memories_before_0008(old.engine, profile.id, [studied, buried], clock.now)
    old.close()

    store = Store.open(db_url)
    assert "ix_card_state_user_unstudied" in {index["name"] for index in inspect(store.engine).get_indexes("card_state")}
    kept = store.memory.all(profile.id)
    assert kept[studied.card_id] == studied and (kept[buried.card_id].reps, kept[buried.card_id].buried_until) == (0, buried.buried_until)
    found = store.siblings.new_cards(profile.id, {"d": 5}, clock.now, clock.now + timedelta(hours=1))
    assert [card.item_id for card in found] == ["buried", "new"]
    store.close()


def test_upgrading_from_0007_gives_each_memory_its_cards_deck_and_counts_due_cards_by_it(db_url: str, clock):
    old = Store(engine_at(db_url, "0007"))
    profile = old.profiles.add("Ana")
    ids = sync_cards_before_0009(old.engine, [spec("a1"), spec("a2"), spec("b1", deck="b"), spec("b2", deck="b")])
    review = Memory(ids[("d", "a1")], Phase.REVIEW, stability=3.0, difficulty=5.0, due=clock.now, last_review=clock.now, reps=2)
    learning = Memory(ids[("b", "b1")], Phase.LEARNING, step=0, stability=1.0, difficulty=5.0, due=clock.now, last_review=clock.now, reps=1)
    save_memories_before_0008(old.engine, profile.id, [review, replace(review, card_id=ids[("d", "a2")]), learning,
                                                         replace(review, card_id=ids[("b", "b2")])], clock.now)  # fmt: skip
    sync_cards_before_0009(old.engine, [spec("a1"), spec("a2"), spec("b1", deck="b")])  # b2 retires, its memory kept
    old.close()

    store = Store.open(db_url)
    with store.engine.connect() as conn:
        decks = dict(conn.execute(text("SELECT card_id, deck_id FROM card_state")).all())
    assert decks == {card_id: deck_id for (deck_id, _), card_id in ids.items()}
    assert store.memory.get(profile.id, review.card_id) == review
    until = clock.now + timedelta(days=1)
    assert store.summaries.due_counts(profile.id, clock.now, until) == {"d": DueCount(2, 0, 2), "b": DueCount(1, 1, 0)}
    store.close()


DECK_CARDS_FROM_CARDS = (
    "SELECT deck_id, sum(CASE WHEN retired_at IS NULL THEN 1 ELSE 0 END), sum(CASE WHEN retired_at IS NULL THEN 0 ELSE 1 END), "
    "min(CASE WHEN retired_at IS NULL THEN id END), max(CASE WHEN retired_at IS NULL THEN id END), "
    "sum(CASE WHEN retired_at IS NULL AND replace(item_id, '/', '') <> item_id THEN 1 ELSE 0 END) FROM card GROUP BY deck_id"
)


def deck_cards_kept_and_counted(engine) -> tuple[set[tuple], set[tuple]]:
    """Each deck's card counts as stored, and as counted from the cards themselves."""
    with engine.connect() as conn:
        kept = {tuple(row) for row in conn.execute(text("SELECT deck_id, live, retired, lowest, highest, note_cards FROM deck_cards"))}
        return kept, {tuple(row) for row in conn.execute(text(DECK_CARDS_FROM_CARDS))}


def test_on_each_backend_each_decks_card_counts_follow_every_sync(store: Store):
    # Home and the study queue read a deck's size and ids from these counts: they must never drift from the cards.
    steps = [
        [spec("a"), spec("b"), spec("c"), spec("x", deck="e")],
        [spec("a"), spec("c")],  # b retires: c's deck keeps a gap between its ids
        [spec("a"), spec("b"), spec("c"), spec("d")],  # b comes back, d is added after e's card: ids not consecutive
        [spec("a", text_hash="h2"), spec("b"), spec("c"), spec("d")],  # a text changes, nothing else
        [spec("a"), spec("a/r"), spec("b"), spec("c"), spec("d"), spec("y", deck="e")],  # a's reverse comes; x retires
        [spec("a"), spec("b"), spec("c"), spec("d"), spec("y", deck="e")],  # a's reverse retires
        [spec("a"), spec("b/1"), spec("b/2"), spec("c"), spec("d"), spec("y", deck="e")],  # b's note has two cards
    ]
    for specs in steps:
        store.cards.sync(specs)
        kept, counted = deck_cards_kept_and_counted(store.engine)
        assert kept == counted
    assert {row[0]: (row[1], row[2], row[5]) for row in kept} == {"d": (5, 2, 2), "e": (1, 1, 0)}


def test_upgrading_from_0008_counts_each_decks_cards_as_they_are(db_url: str, clock):
    old = Store(engine_at(db_url, "0008"))
    profile = old.profiles.add("Ana")
    sync_cards_before_0009(old.engine, [spec("a1"), spec("a2"), spec("a3"), spec("b1", deck="b"), spec("b2", deck="b")])
    sync_cards_before_0009(old.engine, [spec("a1"), spec("a3")])  # a2 retires: the deck's ids are not consecutive
    old.close()

    store = Store.open(db_url)
    kept, counted = deck_cards_kept_and_counted(store.engine)
    assert kept == counted and {row[0]: row[1:3] for row in kept} == {"d": (2, 1), "b": (2, 0)}
    until = clock.now + timedelta(days=1)
    assert store.summaries.due_counts(profile.id, clock.now, until) == {"d": DueCount(2, 0, 0), "b": DueCount(2, 0, 0)}
    found = store.siblings.new_cards(profile.id, {"d": 5, "b": 5}, clock.now, until)
    assert sorted(card.item_id for card in found) == ["a1", "a3", "b1", "b2"]
    store.close()


def test_upgrading_from_0009_counts_each_decks_cards_that_share_a_note_and_offers_one_card_per_note(db_url: str, clock):
    old = Store(engine_at(db_url, "0008"))
    profile = old.profiles.add("Ana")
    ids = sync_cards_before_0009(old.engine, [spec("a"), spec("a/r"), spec("b"), spec("x/1", deck="e"), spec("x/2", deck="e"),
                                              spec("y", deck="f")])  # fmt: skip
    sync_cards_before_0009(old.engine, [spec("x/1", deck="e"), spec("x/2", deck="e")])
    old.close()
    engine_at(db_url, "0009").dispose()  # 0009 counts the cards there are, without their notes

    store = Store.open(db_url)
    kept, counted = deck_cards_kept_and_counted(store.engine)
    assert kept == counted and {row[0]: row[5] for row in kept} == {"d": 1, "e": 2, "f": 0}
    # a is due today, so its reverse waits for another day; e's note offers one of its two cards.
    store.memory.save(profile.id, Memory(ids[("d", "a")], Phase.REVIEW, stability=3.0, difficulty=5.0, due=clock.now, reps=1), clock.now)
    found = store.siblings.new_cards(profile.id, {"d": 5, "e": 5, "f": 5}, clock.now, clock.now + timedelta(days=1))
    assert sorted(card.item_id for card in found) == ["b", "x/1", "y"]
    store.close()


def test_head_revision_matches_the_migration_scripts():
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_current_head() == HEAD_REVISION


@reads_back_no_expression_index
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based index")
def test_on_each_backend_the_tables_the_store_writes_are_the_schema_its_migrations_build(db_url: str):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import Column

    from peerquiz.core.store.tables import migration_metadata

    metadata = migration_metadata()
    # Alembic compares no index on an expression: SQLite's it cannot read back, and PostgreSQL's it reads back
    # with a modulo sign that it compares with its own "%%" (escaped for the driver). Their names are checked.
    on_expressions = {index.name for table in metadata.tables.values() for index in table.indexes
                      if not all(isinstance(part, Column) for part in index.expressions)}  # fmt: skip
    assert on_expressions

    def comparable(item, name, kind, reflected, compare_to) -> bool:
        return not (kind == "index" and name in on_expressions)

    listed = {"sqlite": "SELECT name FROM sqlite_master WHERE type = 'index'",
              "postgresql": "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"}  # fmt: skip
    store = Store.open(db_url)
    with store.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn, opts={"include_object": comparable}), metadata) == []
        assert on_expressions <= set(conn.execute(text(listed[conn.dialect.name])).scalars())
    store.close()


def test_a_newer_schema_is_refused_and_left_untouched(tmp_path: Path):
    path = tmp_path / "progress.db"
    Store.open(f"sqlite:///{path}").close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer peerquiz"):
        Store.open(f"sqlite:///{path}")
    assert path.read_bytes() == before


def test_on_each_backend_a_newer_schema_or_another_programs_tables_are_refused(db_url: str):
    Store.open(db_url).close()
    engine = make_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(StoreError, match="newer peerquiz"):
        Store.open(db_url)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE alembic_version"))
    with pytest.raises(StoreError, match="not a peerquiz database"):
        Store.open(db_url)
    engine.dispose()


def test_a_server_that_cannot_be_reached_is_one_clear_error_without_the_password():
    with pytest.raises(StoreError, match="cannot read database") as refused:
        Store.open("postgresql://ana:s3cret@127.0.0.1:1/class")
    assert "s3cret" not in str(refused.value)


def test_a_corrupt_file_is_refused_and_left_untouched(tmp_path: Path):
    path = tmp_path / "progress.db"
    path.write_bytes(b"this is not a database at all" * 100)
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not a SQLite database"):
        Store.open(f"sqlite:///{path}")
    assert path.read_bytes() == before


def test_a_damaged_sqlite_file_is_refused(tmp_path: Path):
    path = tmp_path / "progress.db"
    Store.open(f"sqlite:///{path}").close()
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # keep the magic header, wreck the schema page
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError):
        Store.open(f"sqlite:///{path}")


def test_another_programs_database_is_refused(tmp_path: Path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE notes (id INTEGER)")
    with pytest.raises(StoreError, match="not a peerquiz database"):
        Store.open(f"sqlite:///{path}")


def test_an_unchanged_deck_is_not_synced_again_but_a_changed_header_is(store: Store, tmp_path: Path, monkeypatch):
    deck_file = tmp_path / "mixed.yaml"
    deck_file.write_text((FIXTURES / "mixed.yaml").read_text())
    first = Library.load([tmp_path])
    first.sync(store.cards)
    ids = first.card_ids()
    synced = []
    original = CardStore.sync
    monkeypatch.setattr(CardStore, "sync", lambda self, specs, *a, **k: synced.append(len(specs)) or original(self, specs, *a, **k))
    again = Library.load([tmp_path])
    assert again.sync(store.cards) == SyncReport(0, 0, 0, 0) and synced == []
    assert again.card_ids() == ids
    assert again.items.keys() == first.items.keys()
    deck_file.write_text(deck_file.read_text().replace("domain: Ethical Responsibility", "domain: Advocacy", 1))
    changed = Library.load([tmp_path])
    changed.sync(store.cards)
    assert synced[-1] == len(ids)
    tf = next(c.spec for c in store.cards.stored() if c.spec.item_id == "tf-1")
    assert tf.domain == "Advocacy"


def test_an_answer_stores_its_memory_as_every_query_reads_it_and_reads_the_next_card_with_it(store: Store, clock):
    ids = synced_ids(store, [spec("a"), spec("b")])
    first, second = ids[("d", "a")], ids[("d", "b")]
    profile = store.profiles.add("Ana")
    now = clock.now.replace(microsecond=123456)
    held = Memory(second, Phase.REVIEW, None, 3.5, 5.0, now, now, 2, 1, True, now + timedelta(days=1), 3, True)
    store.memory.save(profile.id, held, now)
    after = Memory(first, Phase.RELEARNING, 0, 0.25, 9.75, now + timedelta(minutes=10), now, 1, 0, False, None, 2, False)
    answered = store.answers.schedule(profile.id, first, lambda before: (Rating.AGAIN, after), now, 1500, "study",
                                      read_ahead=second)  # fmt: skip
    assert answered.priors == {first: None} and answered.ahead == held
    assert store.memory.all(profile.id) == {first: after, second: held}
    (review,) = store.answers.log(profile.id)
    assert (review.card_id, review.rating, review.reviewed_at, review.duration_ms) == (first, Rating.AGAIN, now, 1500)


def _answer_good(store: Store, user_id: int, card_id: int, now: datetime) -> None:
    after = Memory(card_id, Phase.REVIEW, None, 3.5, 5.0, now + timedelta(days=3), now, 1, 0)
    store.answers.schedule(user_id, card_id, lambda before: (Rating.GOOD, after), now, 1000, "study")


def test_on_each_backend_an_answer_whose_write_failed_keeps_nothing_and_the_next_answer_is_saved(store: Store, clock):
    card_id = synced_ids(store, [spec("a")])[("d", "a")]
    profile = store.profiles.add("Ana")

    def scheduler_fails(before: Memory) -> tuple[Rating, Memory]:
        raise ValueError("the scheduler failed")

    with pytest.raises(ValueError, match="scheduler failed"):
        store.answers.schedule(profile.id, card_id, scheduler_fails, clock.now, 1000, "study")
    assert store.answers.log(profile.id) == [] and store.memory.get(profile.id, card_id).is_new
    _answer_good(store, profile.id, card_id, clock.now)
    assert [review.rating for review in store.answers.log(profile.id)] == [Rating.GOOD]
    assert store.memory.get(profile.id, card_id).reps == 1


def test_an_answer_refused_while_another_program_held_the_database_is_not_kept_and_the_next_is_saved(
    tmp_path: Path, monkeypatch, clock
):
    monkeypatch.setattr("peerquiz.core.store.engine.BUSY_TIMEOUT_MS", 50)
    path = tmp_path / "progress.db"
    store = Store.open(f"sqlite:///{path}")
    card_id = synced_ids(store, [spec("a")])[("d", "a")]
    profile = store.profiles.add("Ana")
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program writes, for longer than the store waits
    with pytest.raises(OperationalError, match="database is locked"):
        _answer_good(store, profile.id, card_id, clock.now)
    other.execute("COMMIT")
    other.close()
    _answer_good(store, profile.id, card_id, clock.now)
    assert [review.rating for review in store.answers.log(profile.id)] == [Rating.GOOD]
    store.close()


def test_on_each_backend_answers_given_on_two_threads_at_once_are_all_saved(store: Store, clock):
    ids = synced_ids(store, [spec(f"c{i}") for i in range(200)])
    profile = store.profiles.add("Ana")
    halves = [sorted(ids.values())[:100], sorted(ids.values())[100:]]

    def answer_all(card_ids: list[int]) -> None:
        for card_id in card_ids:
            _answer_good(store, profile.id, card_id, clock.now)

    with ThreadPoolExecutor(max_workers=2) as threads:
        list(threads.map(answer_all, halves))  # raises what either thread raised
    assert sorted(review.card_id for review in store.answers.log(profile.id)) == sorted(ids.values())
    assert all(memory.reps == 1 for memory in store.memory.all(profile.id).values())


def test_a_closed_store_leaves_its_file_to_other_programs(tmp_path: Path, clock):
    path = tmp_path / "progress.db"
    store = Store.open(f"sqlite:///{path}")
    card_id = synced_ids(store, [spec("a")])[("d", "a")]
    _answer_good(store, store.profiles.add("Ana").id, card_id, clock.now)
    store.close()
    other = sqlite3.connect(path, isolation_level=None)
    # Leaving WAL mode needs the only connection to the file: any the store left open keeps it in WAL.
    assert other.execute("PRAGMA journal_mode=DELETE").fetchone() == ("delete",)
    other.close()


@pytest.mark.parametrize("wanted", [0, 1, 3], ids=["no card", "one card", "three cards"])
def test_on_each_backend_a_statement_with_in_lists_finds_what_sqlalchemy_finds(store: Store, clock, wanted: int):
    from sqlalchemy import bindparam, select

    from peerquiz.core.store.prepared import Prepared
    from peerquiz.core.store.tables import states

    profile = store.profiles.add("Ana")
    ids = list(synced_ids(store, [spec(f"c{n}") for n in range(5)]).values())
    dues = [clock.now + timedelta(days=n, microseconds=n) for n in range(5)]
    store.memory.save_many(profile.id, [Memory(card_id, reps=1, due=due) for card_id, due in zip(ids, dues)], clock.now)
    statement = select(states.c.card_id, states.c.due).where(
        states.c.user_id == bindparam("user_id"), states.c.card_id.in_(bindparam("ids", expanding=True)),
        states.c.due.in_(bindparam("dues", expanding=True)),  # each time as the column stores it
    ).order_by(states.c.card_id)  # fmt: skip
    params = {"user_id": profile.id, "ids": ids[:wanted], "dues": dues[1 : wanted + 1]}
    with store._db.read() as conn:
        prepared = [tuple(row) for row in Prepared(statement).rows(conn, params)]
        assert prepared == [tuple(row) for row in conn.execute(statement, params).all()]
    assert prepared == [(card_id, due) for card_id, due in zip(ids[1:wanted], dues[1:wanted])]
