"""The hot paths' statements (answers, a first import's card rows), compiled once and run on SQLite's own cursor.

SQLAlchemy's execute took 50-60 us around the 10 us SQLite needs for each of them, three an
answer: most of what kept an answer slower than Anki's. Values still pass through the column
types' own bind and result processors (UTC datetimes, booleans), and driver errors become
SQLAlchemy's, as on any other path. On PostgreSQL they run as any statement does: a network
round trip dwarfs that overhead there.

An IN list (an expanding parameter) is written out here as one "?" per value, as SQLAlchemy
does on each run (SQLite takes an empty list, "IN ()", as a condition no row meets).

An INSERT of many rows is run as a few statements of many rows each ("VALUES (...), (...)"):
SQLite opens its cursors on the table and each index once a statement, which once a row was a
third of a first import's inserts (1,000 cards in 2.2 ms against 3.3, in plain SQLite).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping, Sequence
from itertools import chain
from operator import itemgetter
from typing import Any, NamedTuple

from sqlalchemy import Connection, Insert, Select, TextClause, Update
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.sqltypes import TupleType

from peerquiz.core.store.engine import inserted_id

_Processor = Callable[[Any], Any] | None


_REQUIRED = object()  # a parameter the caller names, as opposed to a value written in the statement


class _Compiled(NamedTuple):
    sql: str
    # Each parameter's name, in the statement's order, its type's processor, and its value when the statement fixes it
    # (a constant compared with or multiplied by a column) or else _REQUIRED.
    binds: list[tuple[str, _Processor, Any]]
    results: list[_Processor]  # each selected column's type's processor
    expanding: frozenset[str]  # the parameters that are IN lists, written out on each run
    # The values of a run: the fixed ones as the driver takes them, worked out once; the required ones filled in
    # (their place, name and processor): a third less time than working out every value on each run.
    fixed_values: list[Any]
    required: list[tuple[int, str, _Processor]]
    # An INSERT of one row of values: the SQL before them and the row, "(?, ?, ...)"; None for any other statement.
    values_row: tuple[str, str] | None


# SQLite before 3.32 takes at most 999 parameters a statement: an INSERT of many rows stays under that.
_MAX_PARAMETERS = 999


def _one_row_of_values(sql: str, parameters: int) -> tuple[str, str] | None:
    """An INSERT's SQL split before its one row of values, when every parameter is in that row and nothing follows it."""
    head, found, row = sql.rpartition(" VALUES ")
    if not found or not head.startswith("INSERT ") or "?" in head or not (row.startswith("(") and row.endswith(")")):
        return None
    return (head + found, row) if parameters and row.count("?") == parameters else None


def _bound(compiled: _Compiled, params: Mapping[str, Any]) -> list[Any]:
    """The statement's parameter values, in its order, as the driver takes them."""
    values = compiled.fixed_values.copy()
    for index, name, process in compiled.required:
        value = params[name]
        values[index] = value if process is None else process(value)
    return values


def _written_out(compiled: _Compiled, params: Mapping[str, Any]) -> tuple[str, tuple[Any, ...]]:
    """The statement with each IN list written out as one "?" per value, and its values in order."""
    sql, values = compiled.sql, []
    for name, process, fixed in compiled.binds:
        value = params[name] if fixed is _REQUIRED else fixed
        if name not in compiled.expanding:
            values.append(value if process is None else process(value))
            continue
        sql = sql.replace(f"__[POSTCOMPILE_{name}]", ", ".join("?" * len(value)), 1)
        values += value if process is None else map(process, value)
    return sql, tuple(values)


def _on_driver(conn: Connection, sql: str, values: Any, many: bool = False) -> sqlite3.Cursor:
    """Run ``sql`` on the connection's own SQLite cursor (once per row of ``values`` if ``many``)."""
    driver = conn.connection.dbapi_connection
    assert driver is not None  # a connection in a transaction is open
    try:
        return driver.executemany(sql, values) if many else driver.execute(sql, values)
    except sqlite3.Error as error:  # as SQLAlchemy raises the driver's errors
        raise DBAPIError.instance(sql, values, error, sqlite3.Error) from error


def text_rows(conn: Connection, sql: str, values: Sequence[Any] | Mapping[str, Any]) -> list[tuple[Any, ...]]:
    """The rows of SQL text written in the driver's own parameter style (positional or named), values as the
    driver reads them: on SQLite's own cursor, as Prepared runs its statements."""
    if conn.dialect.name != "sqlite":
        return [tuple(row) for row in conn.exec_driver_sql(sql, values).all()]
    return _on_driver(conn, sql, values).fetchall()


class Prepared:
    """One statement run often (the answer path, a deck's new cards): its rows, the rows it changed, or the id it inserted.

    SQL text is taken too, its rows given as the driver reads them (no column types to read them through).
    """

    def __init__(self, statement: Select[*tuple[Any, ...]] | Insert | Update | TextClause):
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
            expanding = frozenset(name for name, _, _ in binds if compiled.binds[name].expanding)
            if any(isinstance(compiled.binds[name].type, TupleType) for name in expanding):
                raise TypeError("an IN list of tuples is not written out here")
            fixed_values = [None if fixed is _REQUIRED else fixed if process is None else process(fixed) for _, process, fixed in binds]
            required = [(index, name, process) for index, (name, process, fixed) in enumerate(binds) if fixed is _REQUIRED]
            values_row = None if expanding else _one_row_of_values(compiled.string, len(binds))
            self._sqlite = _Compiled(compiled.string, binds, results, expanding, fixed_values, required, values_row)
        return self._sqlite

    def _on_sqlite(self, conn: Connection, params: Mapping[str, Any]) -> sqlite3.Cursor | None:
        """The statement run on SQLite's own cursor; None on another database."""
        if conn.dialect.name != "sqlite":
            return None
        compiled = self._compiled(conn.dialect)
        if compiled.expanding:
            return _on_driver(conn, *_written_out(compiled, params))
        return _on_driver(conn, compiled.sql, _bound(compiled, params))

    def many(self, conn: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
        """Run an INSERT or UPDATE once for each of ``rows``: an INSERT of one row of values as statements of many rows
        (see above), any other in one call to the driver."""
        if conn.dialect.name != "sqlite" or self._compiled(conn.dialect).expanding:
            conn.execute(self.statement, rows)
            return
        compiled = self._compiled(conn.dialect)
        sql, binds = compiled.sql, compiled.binds
        if len(binds) > 1 and all(process is None and fixed is _REQUIRED for _, process, fixed in binds):
            # Nothing to convert: itemgetter builds each row's tuple in C, a third of the time of the general way.
            values: list[Sequence[Any]] = list(map(itemgetter(*(name for name, _, _ in binds)), rows))
        else:
            values = [_bound(compiled, row) for row in rows]
        if compiled.values_row is None or len(values) < 2:
            _on_driver(conn, sql, values, many=True)
            return
        head, row = compiled.values_row
        per_statement = max(1, _MAX_PARAMETERS // len(binds))
        for start in range(0, len(values), per_statement):
            chunk = values[start : start + per_statement]  # every full chunk is the same SQL: SQLite's cursor caches it
            _on_driver(conn, head + ", ".join([row] * len(chunk)), list(chain.from_iterable(chunk)))

    def rows(self, conn: Connection, params: Mapping[str, Any]) -> Sequence[Sequence[Any]]:
        """The rows a SELECT finds, each value as its column's type reads it."""
        cursor = self._on_sqlite(conn, params)
        if cursor is None:
            return conn.execute(self.statement, params).all()
        results = self._compiled(conn.dialect).results
        if not any(results):
            return cursor.fetchall()
        return [
            tuple(value if process is None or value is None else process(value) for value, process in zip(row, results))
            for row in cursor.fetchall()
        ]

    def rowcount(self, conn: Connection, params: Mapping[str, Any]) -> int:
        """How many rows an INSERT or UPDATE changed."""
        cursor = self._on_sqlite(conn, params)
        return conn.execute(self.statement, params).rowcount if cursor is None else cursor.rowcount

    def inserted_id(self, conn: Connection, params: Mapping[str, Any]) -> int:
        """The primary key of the one row an INSERT added."""
        cursor = self._on_sqlite(conn, params)
        if cursor is None:
            return inserted_id(conn.execute(self.statement, params))
        if cursor.lastrowid is None:
            raise RuntimeError("the statement inserted no row")
        return cursor.lastrowid
