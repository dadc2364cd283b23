"""The few SQL functions SQLite and PostgreSQL spell differently, compiled for each."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import BigInteger, Float, Integer
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


def utc_literal(moment: datetime, dialect_name: str) -> str:
    """An instant as SQL text that compares with stored datetimes: SQLite keeps them as UTC text."""
    utc = moment.astimezone(UTC)
    if dialect_name == "postgresql":
        return f"TIMESTAMPTZ '{utc.isoformat(' ')}'"
    return f"'{utc.replace(tzinfo=None).isoformat(' ', 'microseconds')}'"  # as strftime's %Y-%m-%d %H:%M:%S.%f, faster
