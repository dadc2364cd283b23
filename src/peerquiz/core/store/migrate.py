"""Open a database at the current schema: create, upgrade, or refuse clearly.

Alembic is imported only when the schema is not already current, so a normal
start pays nothing for it. A database is never overwritten: an older one is
copied aside before it is upgraded, a newer or damaged one is left untouched.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.exc import ArgumentError, DatabaseError, NoSuchModuleError

from peerquiz.core.store.engine import Database, make_engine, serialize, shown_url, sqlite_file
from peerquiz.core.store.errors import StoreError
from peerquiz.core.terminal_text import shown

# The newest revision in migrations/versions; a test checks they agree.
HEAD_REVISION = "0013"
MIGRATIONS = Path(__file__).parent / "migrations"
SQLITE_MAGIC = b"SQLite format 3\x00"


def sqlite_path(url: str) -> Path | None:
    file = sqlite_file(url)
    return Path(file) if file else None


def _check_file(path: Path) -> None:
    """Refuse, before SQLite touches it, a file we could not use without harm (it would leave -wal/-shm files)."""
    if path.is_dir():
        raise StoreError(f"{shown(path)} is a directory, not a database file")
    if not path.exists():
        return
    if not path.stat().st_mode & 0o222 or not os.access(path, os.W_OK):
        raise StoreError(f"{shown(path)} is read-only: peerquiz writes your progress there; it was left untouched")
    if path.stat().st_size == 0:
        return
    with path.open("rb") as handle:
        if handle.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            raise StoreError(f"{shown(path)} is not a SQLite database (damaged or another file); it was left untouched")


def _engine_for(url: str) -> Engine:
    """The engine, or StoreError naming the URL when it is not one we can open."""
    try:
        return make_engine(url)
    except NoSuchModuleError:  # before ArgumentError, its base class
        scheme = url.partition("://")[0]
        raise StoreError(
            f"{shown_url(url)}: unknown kind of database {scheme!r} (give a SQLite file or a postgresql:// URL)"
        ) from None
    except ArgumentError:
        raise StoreError(f"{shown_url(url)}: not a database URL or file path") from None
    except ImportError as exc:
        raise StoreError(f"{shown_url(url)}: the database driver is not installed ({exc})") from None


def _revision_of(conn: Connection) -> tuple[str | None, bool]:
    """The schema revision, and whether the database (its default schema) holds any tables at all."""
    names = set(inspect(conn).get_table_names())
    if "alembic_version" not in names:
        return None, bool(names)
    row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
    return (row[0] if row else None), True


def _current_revision(engine: Engine) -> tuple[str | None, bool]:
    with engine.connect() as conn:
        return _revision_of(conn)


def _backup(path: Path, revision: str | None) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.before-{revision or 'none'}-{stamp}.bak")
    # sqlite3's backup API copies a consistent snapshot, WAL contents included.
    # Closed here, not by the collector: an open connection keeps the -wal and -shm files on disk.
    with closing(sqlite3.connect(path)) as source, closing(sqlite3.connect(target)) as dest:
        source.backup(dest)
    return target


def _upgrade(engine: Engine) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    # Under the write lock, and asking again: another process may have migrated meanwhile. The new schema stays in the
    # WAL for the store's checkpointer, as any write does: checkpointed here, a first start waited for three syncs of
    # the disk, and the store's first write began a new WAL with two more (about 1.5 ms of a first import of 1,000 cards).
    with closing(Database(engine, checkpoints=False)) as database, database.write() as conn:
        serialize(conn, "peerquiz migrations")
        if _revision_of(conn)[0] == HEAD_REVISION:
            return
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


def _known_revisions() -> set[str]:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return {rev.revision for rev in ScriptDirectory.from_config(config).walk_revisions()}


def open_engine(url: str) -> Engine:
    """An engine on a database at HEAD_REVISION, creating or upgrading it as needed."""
    try:
        path = sqlite_path(url)
    except ArgumentError:
        raise StoreError(f"{shown_url(url)}: not a database URL or file path") from None
    if path is not None:
        try:
            _check_file(path)
            path.parent.mkdir(parents=True, exist_ok=True)
        except (FileExistsError, NotADirectoryError):
            raise StoreError(f"cannot use database {shown(path)}: a file stands where a folder of its path should be") from None
        except OSError as exc:
            raise StoreError(f"cannot use database {shown(path)}: {exc.strerror or exc}") from None
    engine = _engine_for(url)
    try:
        return _at_head(engine, path)
    except BaseException:
        engine.dispose()
        raise


def _at_head(engine: Engine, path: Path | None) -> Engine:
    where = shown(path) if path else shown_url(str(engine.url))
    try:
        revision, has_tables = _current_revision(engine)
    except DatabaseError as exc:
        raise StoreError(f"cannot read database {where}: {exc.orig}; it was left untouched") from None
    if revision == HEAD_REVISION:
        return engine
    if revision is None and has_tables:
        raise StoreError(f"{where} is not a peerquiz database; it was left untouched")
    if revision is not None and revision not in _known_revisions():
        raise StoreError(
            f"{where} was written by a newer peerquiz (schema {revision}); "
            "upgrade peerquiz to open it. The file was left untouched"
        )
    backup = _backup(path, revision) if revision is not None and path is not None else None
    try:
        _upgrade(engine)
    except DatabaseError as exc:
        # The upgrade ran in one transaction, now rolled back: the database is as it was, the copy is not needed.
        if backup is not None:
            backup.unlink(missing_ok=True)
        raise StoreError(
            f"cannot upgrade {where} from schema {revision or 'none'}: {exc.orig}; it was left untouched"
        ) from None
    return engine
