"""The few SQL functions SQLite and PostgreSQL spell differently, compiled for each."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import BigInteger, Float, Integer, String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement


class epoch_seconds(FunctionElement[int]):
    """Whole seconds since 1970 of a UTC timestamp column."""

    type = BigInteger()
    inherit_cache = True


class least(FunctionElement[int]):
    """The smaller of two numbers (SQLite's two-argument min)."""

    type = Integer()
    inherit_cache = True


class json_number(FunctionElement[float]):
    """A number stored at a top-level key of a JSON text column; NULL when absent."""

    type = Float()
    inherit_cache = True


class of_note(FunctionElement[bool]):
    """Whether an item id column holds a note's items: the note itself, or ``note/...`` (see records.note_of)."""

    inherit_cache = True


class note_of_item(FunctionElement[str]):
    """The note of an item id column, as records.note_of finds it: the text before the first "/"."""

    type = String()
    inherit_cache = True


@compiles(epoch_seconds, "sqlite")
def _epoch_sqlite(element: epoch_seconds, compiler: SQLCompiler, **kw: Any) -> str:
    return f"CAST(strftime('%s', {compiler.process(element.clauses, **kw)}) AS INTEGER)"


@compiles(epoch_seconds, "postgresql")
def _epoch_postgresql(element: epoch_seconds, compiler: SQLCompiler, **kw: Any) -> str:
    return f"CAST(floor(extract(epoch FROM {compiler.process(element.clauses, **kw)})) AS BIGINT)"


@compiles(least, "sqlite")
def _least_sqlite(element: least, compiler: SQLCompiler, **kw: Any) -> str:
    return f"min({compiler.process(element.clauses, **kw)})"


@compiles(least, "postgresql")
def _least_postgresql(element: least, compiler: SQLCompiler, **kw: Any) -> str:
    return f"LEAST({compiler.process(element.clauses, **kw)})"


@compiles(json_number, "sqlite")
def _json_sqlite(element: json_number, compiler: SQLCompiler, **kw: Any) -> str:
    column, key = list(element.clauses)
    return f"json_extract({compiler.process(column, **kw)}, '$.' || {compiler.process(key, **kw)})"


@compiles(json_number, "postgresql")
def _json_postgresql(element: json_number, compiler: SQLCompiler, **kw: Any) -> str:
    column, key = list(element.clauses)
    return f"CAST(CAST({compiler.process(column, **kw)} AS json) ->> {compiler.process(key, **kw)} AS double precision)"


@compiles(note_of_item, "sqlite")
def _note_of_item_sqlite(element: note_of_item, compiler: SQLCompiler, **kw: Any) -> str:
    item = compiler.process(element.clauses, **kw)
    return f"substr({item}, 1, instr({item} || '/', '/') - 1)"


@compiles(note_of_item, "postgresql")
def _note_of_item_postgresql(element: note_of_item, compiler: SQLCompiler, **kw: Any) -> str:
    return f"split_part({compiler.process(element.clauses, **kw)}, '/', 1)"


@compiles(of_note, "sqlite")
def _of_note_sqlite(element: of_note, compiler: SQLCompiler, **kw: Any) -> str:
    item, note = (compiler.process(clause, **kw) for clause in element.clauses)
    # A range the (deck_id, item_id) index serves ('0' follows '/'); SQLite's LIKE ignores case and scans the deck.
    return f"({item} = {note} OR ({item} >= {note} || '/' AND {item} < {note} || '0'))"


@compiles(of_note, "postgresql")
def _of_note_postgresql(element: of_note, compiler: SQLCompiler, **kw: Any) -> str:
    item, note = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"({item} = {note} OR starts_with({item}, {note} || '/'))"


def utc_literal(moment: datetime, dialect_name: str) -> str:
    """An instant as SQL text that compares with stored datetimes: SQLite keeps them as UTC text."""
    utc = moment.astimezone(UTC)
    if dialect_name == "postgresql":
        return f"TIMESTAMPTZ '{utc.isoformat(' ')}'"
    # As strftime's %Y-%m-%d %H:%M:%S.%f, faster; cut before "+00:00" rather than dropping the zone first (slower).
    return f"'{utc.isoformat(' ', 'microseconds')[:-6]}'"
