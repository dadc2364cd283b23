"""The hot paths' statements (answers, a first import's card rows), compiled once and run on SQLite's own cursor.

SQLAlchemy's execute took 50-60 us around the 10 us SQLite needs for each of them, three an
answer: most of what kept an answer slower than Anki's. Values still pass through the column
types' own bind and result processors (UTC datetimes, booleans), and driver errors become
SQLAlchemy's, as on any other path. On PostgreSQL they run as any statement does: a network
round trip dwarfs that overhead there.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping, Sequence
from operator import itemgetter
from typing import Any, NamedTuple

from sqlalchemy import Connection, Insert, Select, Update
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError

from peerquiz.core.store.engine import inserted_id

_Processor = Callable[[Any], Any] | None


_REQUIRED = object()  # a parameter the caller names, as opposed to a value written in the statement


class _Compiled(NamedTuple):
    sql: str
    # Each parameter's name, in the statement's order, its type's processor, and its value when the statement fixes it
    # (a constant compared with or multiplied by a column) or else _REQUIRED.
    binds: list[tuple[str, _Processor, Any]]
    results: list[_Processor]  # each selected column's type's processor
    expanding: bool  # an IN list, whose parameters SQLAlchemy writes out on each run: left to SQLAlchemy


def _bound(binds: list[tuple[str, _Processor, Any]], params: Mapping[str, Any]) -> tuple[Any, ...]:
    """The statement's parameter values, in its order, as the driver takes them."""
    given = (params[name] if fixed is _REQUIRED else fixed for name, _, fixed in binds)
    return tuple(value if process is None else process(value) for value, (_, process, _) in zip(given, binds))


def _on_driver(conn: Connection, sql: str, values: Any, many: bool = False) -> sqlite3.Cursor:
    """Run ``sql`` on the connection's own SQLite cursor (once per row of ``values`` if ``many``)."""
    driver = conn.connection.dbapi_connection
    assert driver is not None  # a connection in a transaction is open
    try:
        return driver.executemany(sql, values) if many else driver.execute(sql, values)
    except sqlite3.Error as error:  # as SQLAlchemy raises the driver's errors
        raise DBAPIError.instance(sql, values, error, sqlite3.Error) from error


def text_rows(conn: Connection, sql: str, values: tuple[Any, ...]) -> list[tuple[Any, ...]]:
    """The rows of SQL text written in the driver's own parameter style, values as the driver reads them:
    on SQLite's own cursor, as Prepared runs its statements."""
    if conn.dialect.name != "sqlite":
        return [tuple(row) for row in conn.exec_driver_sql(sql, values).all()]
    return _on_driver(conn, sql, values).fetchall()


class Prepared:
    """One statement run often (the answer path, a deck's new cards): its rows, the rows it changed, or the id it inserted."""

    def __init__(self, statement: Select[*tuple[Any, ...]] | Insert | Update):
        self.statement = statement
        self._sqlite: _Compiled | None = None

    def _compiled(self, dialect: Dialect) -> _Compiled:
        if self._sqlite is None:
            compiled = self.statement.compile(dialect=dialect)
            binds: list[tuple[str, _Processor, Any]] = [
                (name, bind.type.dialect_impl(dialect).bind_processor(dialect), _REQUIRED if bind.required else bind.effective_value)
                for name, bind in ((name, compiled.binds[name]) for name in compiled.positiontup or ())
            ]
            columns = self.statement.selected_columns if isinstance(self.statement, Select) else ()
            results: list[_Processor] = [column.type.dialect_impl(dialect).result_processor(dialect, None) for column in columns]
            expanding = any(compiled.binds[name].expanding for name, _, _ in binds)
            self._sqlite = _Compiled(compiled.string, binds, results, expanding)
        return self._sqlite

    def _run(self, conn: Connection, params: Mapping[str, Any]) -> tuple[sqlite3.Cursor, list[_Processor]]:
        sql, binds, results, _ = self._compiled(conn.dialect)
        return _on_driver(conn, sql, _bound(binds, params)), results

    def many(self, conn: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
        """Run an INSERT or UPDATE once for each of ``rows``, in one call to the driver."""
        if conn.dialect.name != "sqlite":
            conn.execute(self.statement, rows)
            return
        sql, binds, _, _ = self._compiled(conn.dialect)
        if len(binds) > 1 and all(process is None and fixed is _REQUIRED for _, process, fixed in binds):
            # Nothing to convert: itemgetter builds each row's tuple in C, a third of the time of the general way.
            values: list[tuple[Any, ...]] = list(map(itemgetter(*(name for name, _, _ in binds)), rows))
        else:
            values = [_bound(binds, row) for row in rows]
        _on_driver(conn, sql, values, many=True)

    def rows(self, conn: Connection, params: Mapping[str, Any]) -> Sequence[Sequence[Any]]:
        """The rows a SELECT finds, each value as its column's type reads it."""
        if conn.dialect.name != "sqlite" or self._compiled(conn.dialect).expanding:
            return conn.execute(self.statement, params).all()
        cursor, results = self._run(conn, params)
        return [
            tuple(value if process is None or value is None else process(value) for value, process in zip(row, results))
            for row in cursor.fetchall()
        ]

    def rowcount(self, conn: Connection, params: Mapping[str, Any]) -> int:
        """How many rows an INSERT or UPDATE changed."""
        if conn.dialect.name != "sqlite":
            return conn.execute(self.statement, params).rowcount
        return self._run(conn, params)[0].rowcount

    def inserted_id(self, conn: Connection, params: Mapping[str, Any]) -> int:
        """The primary key of the one row an INSERT added."""
        if conn.dialect.name != "sqlite":
            return inserted_id(conn.execute(self.statement, params))
        row_id = self._run(conn, params)[0].lastrowid
        if row_id is None:
            raise RuntimeError("the statement inserted no row")
        return row_id
