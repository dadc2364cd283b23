"""Engine factory: SQLite tuned for one user's progress, or a shared PostgreSQL server; safe across processes."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, CursorResult, Engine, create_engine, event, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, ProgrammingError
from sqlalchemy.pool import StaticPool

from peerquiz.core.store.checkpoint import Checkpointer
from peerquiz.core.store.errors import StoreError
from peerquiz.core.terminal_text import shown

BUSY_TIMEOUT_MS = 10_000
# Each connection's page cache, at most (pages are taken as they are read). SQLite's default, 2 MB, holds
# less than the review log's time index at 10,000 cards: a streak's 730 day lookups then went to the file
# system for most pages, and took 1.7 times as long. 16 MB served home's counts at 200,000 cards as well
# as 32 MB did, for half the memory (Anki's backend keeps 40 MB).
PAGE_CACHE_KIB = 16 * 1024


def configure_sqlite(dbapi_connection: Any, _record: object) -> None:
    """Set up each new SQLite connection (SQLAlchemy's connect event)."""
    # We issue BEGIN ourselves (see _begin), so the driver must not.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    # WAL lets a reader and a writer work at once; NORMAL sync in WAL mode
    # keeps every commit across an application crash (kill -9), which is
    # the failure we must survive, without an fsync per answer.
    _enter_wal(cursor)
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute(f"PRAGMA cache_size=-{PAGE_CACHE_KIB}")
    cursor.close()


def _enter_wal(cursor: sqlite3.Cursor) -> None:
    """Switch to WAL mode, waiting while another connection switches the same new file.

    SQLite reports that race (and a last connection's cleanup as it closes) as
    "database is locked" at once, without calling the busy handler, so the
    busy timeout alone does not make a new connection wait its turn.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    pause = 0.001
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() >= deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.1)


def _leave_checkpoints_to_database(dbapi_connection: Any, _record: object) -> None:
    """A file's connections never checkpoint in a commit: Database's checkpointer does it on its own thread."""
    dbapi_connection.execute("PRAGMA wal_autocheckpoint=0")


def _begin(conn: Connection) -> None:
    """Writers take the write lock up front (BEGIN IMMEDIATE).

    A deferred transaction that reads and then writes cannot wait for another
    writer: SQLite fails it with "database is locked" at once, whatever the
    busy timeout. Taking the lock first makes it wait its turn instead.
    """
    statement = "BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITE_OPTION) else "BEGIN"
    driver = conn.connection.dbapi_connection
    assert driver is not None  # a connection that begins is open
    # Straight to the driver: every transaction (two an answer) runs this, and SQLAlchemy's execute costs more than SQLite's BEGIN.
    try:
        driver.cursor().execute(statement)
    except sqlite3.Error as error:  # raised as SQLAlchemy raises the driver's errors, "database is locked" say
        raise DBAPIError.instance(statement, None, error, sqlite3.Error) from error


WRITE_OPTION = "peerquiz_write"


def is_memory_url(url: str) -> bool:
    return url in ("sqlite://", "sqlite:///:memory:")


def sqlite_file(url: str) -> str | None:
    """The file of a SQLite database on disk; None for one in memory, on a server, or a URL naming no file."""
    if not url.startswith("sqlite") or is_memory_url(url):
        return None
    return make_url(url).database or None


def is_postgresql(url: str) -> bool:
    return make_url(url).get_backend_name() == "postgresql"


def shown_url(url: str) -> str:
    """The URL for a message: its password hidden, escaped if it holds anything unprintable."""
    try:
        return shown(make_url(url).render_as_string(hide_password=True))
    except ArgumentError:
        return shown(url)


def make_engine(url: str) -> Engine:
    if is_postgresql(url):
        # psycopg 3 whatever the URL names: plain postgresql:// would mean psycopg2, which is not installed.
        return create_engine(make_url(url).set(drivername="postgresql+psycopg"))
    if not url.startswith("sqlite"):
        return create_engine(url)
    if is_memory_url(url):
        # One shared connection, or every session would see its own empty database.
        engine = create_engine(url, poolclass=StaticPool, connect_args={"check_same_thread": False})
    else:
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000})
    event.listen(engine, "connect", configure_sqlite)
    if sqlite_file(url) is not None:
        event.listen(engine, "connect", _leave_checkpoints_to_database)
    event.listen(engine, "begin", _begin)
    return engine


class _KeptConnection:
    """A connection kept checked out between uses, or a new one from the pool while another thread uses it.

    Taking a connection from the pool and giving it back cost twice SQLite's own BEGIN and COMMIT: a
    tenth of an answer, a sixth of home's counts.
    """

    def __init__(self, connect: Callable[[], Connection]):
        self._connect = connect
        self._kept: Connection | None = None
        self._free = threading.Lock()

    @contextmanager
    def taken(self) -> Iterator[Connection]:
        if not self._free.acquire(blocking=False):
            with self._connect() as conn:
                yield conn
            return
        try:
            if self._kept is None:
                self._kept = self._connect()
            yield self._kept
        finally:
            self._free.release()

    def close(self) -> None:
        with self._free:
            if self._kept is not None:
                self._kept.close()
                self._kept = None


class Database:
    """An engine and the one way to write through it; every part of the store shares one. Close it when done.

    On a SQLite file it also checkpoints the WAL after writes, on a thread of its own (checkpoint.py), unless
    ``checkpoints`` is False: then its writes stay in the WAL for another Database on the file to checkpoint.
    """

    def __init__(self, engine: Engine, checkpoints: bool = True):
        self.engine = engine
        writer = engine.execution_options(**{WRITE_OPTION: True})
        self._writer = _KeptConnection(writer.connect)
        self._reader = _KeptConnection(self._read_connection)
        self._shared = threading.local()  # this thread's connection while a snapshot() is open
        file = sqlite_file(engine.url.render_as_string())
        self._checkpointer = Checkpointer(file, BUSY_TIMEOUT_MS / 1000) if file and checkpoints else None

    def close(self) -> None:
        """Give back the kept connections and stop checkpointing, after a last checkpoint.

        The engine stays open: it is its owner's to dispose.
        """
        self._writer.close()
        self._reader.close()
        if self._checkpointer is not None:
            self._checkpointer.stop()

    @contextmanager
    def write(self, refused: str | None = None) -> Iterator[Connection]:
        """A write transaction. Every write goes through here: BEGIN IMMEDIATE, so concurrent writers queue up.

        A class login the database does not allow this write becomes a StoreError saying so
        (``refused``, or the database's own reason).
        """
        with refused_as_store_error(refused), self._writer.taken() as conn, conn.begin():
            yield conn
        if self._checkpointer is not None:  # reached only once the transaction committed
            self._checkpointer.wrote()

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read transaction, or this thread's snapshot when one is open."""
        shared: Connection | None = getattr(self._shared, "conn", None)
        if shared is not None:
            yield shared
            return
        # Begun and ended here: a kept connection left in the transaction its first statement began would go on
        # seeing the database as it was then. And begun before the first statement: one run on SQLite's own cursor
        # (Prepared) begins nothing, so a snapshot's statements would each have seen the database at its own start.
        with self._reader.taken() as conn, conn.begin():
            yield conn

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Within it, this thread's reads share one connection and one read transaction: one picture of the database.

        The home screen's counts and a study queue make a dozen or more reads: each on its own cost a
        connection, a BEGIN and a ROLLBACK (about 0.1 ms in SQLAlchemy), and saw the database as it was
        at its own start. Writes go on their own transaction as ever; a snapshot does not see them.
        """
        if getattr(self._shared, "conn", None) is not None:  # within another snapshot: that one serves
            yield
            return
        with self.read() as conn:
            self._shared.conn = conn
            try:
                yield
            finally:
                self._shared.conn = None

    def _read_connection(self) -> Connection:
        conn = self.engine.connect()
        if conn.dialect.name == "postgresql":  # its default, READ COMMITTED, lets each statement see later commits
            conn.execution_options(isolation_level="REPEATABLE READ")
        return conn


def serialize(conn: Connection, name: str) -> None:
    """Let one writer at a time past this point, until the transaction ends.

    SQLite writers already queue behind BEGIN IMMEDIATE; PostgreSQL writers take
    a transaction-level advisory lock named after the work (migrating, syncing cards).
    """
    if conn.dialect.name == "postgresql":
        conn.execute(select(func.pg_advisory_xact_lock(func.hashtext(name))))


def inserted_id(result: CursorResult[Any]) -> int:
    """The primary key of the one row an INSERT statement added."""
    key = result.inserted_primary_key
    if key is None:
        raise RuntimeError("the statement inserted no row")
    return int(key[0])


PERMISSION_DENIED = "42501"  # PostgreSQL's SQLSTATE for a privilege or row-level security refusal


@contextmanager
def refused_as_store_error(message: str | None) -> Iterator[None]:
    """A class login refused by the database's privileges becomes one clear StoreError."""
    try:
        yield
    except ProgrammingError as exc:
        if getattr(exc.orig, "sqlstate", None) != PERMISSION_DENIED:
            raise
        reason = str(exc.orig).splitlines()[0]
        raise StoreError(message or f"the database refused this login: {reason}") from None
