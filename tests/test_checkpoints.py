"""A SQLite file's WAL is copied into the database by the store's own thread, never inside an answer's commit."""

from __future__ import annotations

import threading
from pathlib import Path

from peerquiz.core.store.checkpoint import THREAD_NAME, Checkpointer


def _new_checkpoint_threads(before: set[threading.Thread]) -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if thread.name == THREAD_NAME and thread not in before]


def test_a_checkpointer_that_cannot_open_its_file_skips_its_rounds_and_still_stops(tmp_path: Path, monkeypatch):
    failures: list[threading.ExceptHookArgs] = []
    monkeypatch.setattr(threading, "excepthook", failures.append)
    before = set(threading.enumerate())
    checkpointer = Checkpointer(str(tmp_path / "no such folder" / "progress.db"), busy_timeout_s=1)
    checkpointer.wrote()
    (thread,) = _new_checkpoint_threads(before)
    checkpointer.stop()
    assert not thread.is_alive() and failures == []
