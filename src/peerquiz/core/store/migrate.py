"""Open a database at the current schema: create, upgrade, or refuse clearly.

Alembic is imported only when the schema is not already current, so a normal
start pays nothing for it. A database is never overwritten: an older one is
copied aside before it is upgraded, a newer or damaged one is left untouched.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DatabaseError

from peerquiz.core.store.engine import Database, is_memory_url, make_engine, serialize, shown_url
from peerquiz.core.store.errors import StoreError

# The newest revision in migrations/versions; a test checks they agree.
HEAD_REVISION = "0003"
MIGRATIONS = Path(__file__).parent / "migrations"
SQLITE_MAGIC = b"SQLite format 3\x00"


def sqlite_path(url: str) -> Path | None:
    if not url.startswith("sqlite") or is_memory_url(url):
        return None
    database = make_url(url).database
    return Path(database) if database else None


def _check_file(path: Path) -> None:
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb") as handle:
        if handle.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            raise StoreError(f"{path} is not a SQLite database (damaged or another file); it was left untouched")


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
    with sqlite3.connect(path) as source, sqlite3.connect(target) as dest:
        source.backup(dest)
    return target


def _upgrade(engine: Engine) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    # Under the write lock, and asking again: another process may have migrated meanwhile.
    with Database(engine).write() as conn:
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
    path = sqlite_path(url)
    if path is not None:
        _check_file(path)
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(url)
    where = str(path) if path is not None else shown_url(url)
    try:
        revision, has_tables = _current_revision(engine)
    except DatabaseError as exc:
        engine.dispose()
        raise StoreError(f"cannot read database {where}: {exc.orig}; it was left untouched") from None
    if revision == HEAD_REVISION:
        return engine
    if revision is None and has_tables:
        engine.dispose()
        raise StoreError(f"{where} is not a peerquiz database; it was left untouched")
    if revision is not None and revision not in _known_revisions():
        engine.dispose()
        raise StoreError(
            f"{where} was written by a newer peerquiz (schema {revision}); "
            "upgrade peerquiz to open it. The file was left untouched"
        )
    if revision is not None and path is not None:
        _backup(path, revision)
    _upgrade(engine)
    return engine
