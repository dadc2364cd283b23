"""A SQLite file's WAL is copied into the database by the store's own thread, never inside an answer's commit."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from contextlib import closing
from pathlib import Path

from sqlalchemy import text

from peerquiz.core.store import CardSpec, Store
from peerquiz.core.store.checkpoint import THREAD_NAME, Checkpointer
from peerquiz.core.store.records import Memory, Rating

from .conftest import synced_ids

ANSWERS = 400  # a few pages each: past the 1000 pages at which SQLite would checkpoint inside a commit


def _autocheckpoint(store: Store) -> int:
    with store.engine.connect() as conn:
        return conn.execute(text("PRAGMA wal_autocheckpoint")).scalar_one()


def _new_checkpoint_threads(before: set[threading.Thread]) -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if thread.name == THREAD_NAME and thread not in before]


def test_a_files_connections_leave_checkpoints_to_the_store_and_memory_is_as_it_was(tmp_path: Path):
    on_file = Store.open(f"sqlite:///{tmp_path / 'progress.db'}")
    in_memory = Store.open("sqlite://")
    try:
        assert _autocheckpoint(on_file) == 0
        assert _autocheckpoint(in_memory) == 1000  # SQLite's default: an in-memory database has no WAL
    finally:
        on_file.close()
        in_memory.close()


def test_closing_the_store_copies_every_answer_into_the_file_while_another_connection_keeps_the_wal(tmp_path: Path, clock):
    path = tmp_path / "progress.db"
    store = Store.open(f"sqlite:///{path}")
    user_id = store.profiles.add("Ana").id
    specs = [CardSpec("d", f"c{n}", "basic", "Advocacy", ("t",), "h") for n in range(ANSWERS)]
    card_ids = list(synced_ids(store, specs).values())
    # Another process with the database open: the store's last connection to close no longer checkpoints it.
    with closing(sqlite3.connect(path)) as other:
        other.execute("SELECT count(*) FROM review_log").fetchone()
        for card_id in card_ids:
            store.answers.record(user_id, Memory(card_id), Memory(card_id), Rating.GOOD, clock.now, 1000, "study")
        store.close()

        assert Path(f"{path}-wal").stat().st_size == 0
        alone = tmp_path / "alone.db"  # the database file without its WAL: what a checkpoint copied
        shutil.copyfile(path, alone)
        with closing(sqlite3.connect(alone)) as copy:
            assert copy.execute("SELECT count(*) FROM review_log").fetchone() == (ANSWERS,)


def test_a_store_starts_its_checkpoint_thread_at_its_first_write_and_closing_ends_it(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'progress.db'}"
    Store.open(url).close()
    before = set(threading.enumerate())
    store = Store.open(url)
    assert store.profiles.all() == [] and _new_checkpoint_threads(before) == []  # reading alone starts none
    store.profiles.add("Ana")
    (thread,) = _new_checkpoint_threads(before)
    store.close()
    assert not thread.is_alive()


def test_a_checkpointer_that_cannot_open_its_file_skips_its_rounds_and_still_stops(tmp_path: Path, monkeypatch):
    failures: list[threading.ExceptHookArgs] = []
    monkeypatch.setattr(threading, "excepthook", failures.append)
    before = set(threading.enumerate())
    checkpointer = Checkpointer(str(tmp_path / "no such folder" / "progress.db"), busy_timeout_s=1)
    checkpointer.wrote()
    (thread,) = _new_checkpoint_threads(before)
    checkpointer.stop()
    assert not thread.is_alive() and failures == []
