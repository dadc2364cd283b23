"""A SQLite file's WAL checkpoints, run on a thread of their own instead of inside whichever commit crosses SQLite's mark."""

from __future__ import annotations

import sqlite3
import threading

THREAD_NAME = "peerquiz-checkpoint"
PAUSE_S = 0.5  # at least this long between two checkpoints: a burst of answers costs one
STOP_WAIT_S = 5.0  # how long closing waits for the last checkpoint; the thread is a daemon after that


class Checkpointer:
    """Copies the write-ahead log into the database file after writes, on a daemon thread with its own connection.

    SQLite checkpoints by itself inside the commit that takes the WAL past 1000 pages: that answer then
    copies the log into the file and syncs it, 10-16 ms instead of 0.2, and those answers set the p99.
    The store's connections turn that off (wal_autocheckpoint=0) and this thread checkpoints instead.
    A PASSIVE checkpoint neither waits for nor blocks readers and writers, and the sqlite3 module lets go
    of the GIL while SQLite works, so the thread that answered is not held.
    """

    def __init__(self, path: str, busy_timeout_s: float):
        self._path = path
        self._busy_timeout_s = busy_timeout_s
        self._written = threading.Event()
        self._stopping = threading.Event()
        self._starting = threading.Lock()
        self._thread: threading.Thread | None = None

    def wrote(self) -> None:
        """A write committed: checkpoint soon. The first starts the thread, so a process that only reads has none."""
        if self._thread is None:
            self._start()
        self._written.set()

    def stop(self) -> None:
        """Have the thread run a last checkpoint and close its connection; wait for it, a while at most."""
        with self._starting:
            self._stopping.set()
            thread = self._thread
        if thread is not None:
            self._written.set()
            thread.join(STOP_WAIT_S)

    def _start(self) -> None:
        with self._starting:  # two threads' first writes start one thread; none starts once stopped
            if self._thread is None and not self._stopping.is_set():
                self._thread = threading.Thread(target=self._run, name=THREAD_NAME, daemon=True)
                self._thread.start()

    def _run(self) -> None:
        connection: sqlite3.Connection | None = None
        try:
            while True:
                self._written.wait()
                if self._stopping.is_set():
                    break
                self._written.clear()  # before the checkpoint: a write committed during it asks for the next one
                connection = self._checkpoint(connection, "PASSIVE")
                self._stopping.wait(PAUSE_S)
            # TRUNCATE also empties the -wal file, which another process's open connection keeps on disk.
            connection = self._checkpoint(connection, "TRUNCATE")
        finally:
            if connection is not None:
                connection.close()

    def _checkpoint(self, connection: sqlite3.Connection | None, mode: str) -> sqlite3.Connection | None:
        """One checkpoint, on the thread's connection (opened at the first); the connection for the next."""
        try:
            if connection is None:
                connection = sqlite3.connect(self._path, timeout=self._busy_timeout_s, isolation_level=None)
            connection.execute(f"PRAGMA wal_checkpoint({mode})").fetchall()
        except sqlite3.Error:
            pass  # locked, or the file gone: the WAL stays longer, nothing is lost, and SQLite recovers it on the next open
        return connection
