"""Read an Anki collection database as untrusted input: note types, the main deck, and notes.

Anki keeps note types and decks as JSON in the ``col`` row (schema 11, the
legacy packages) or in tables of their own (schema 18, what Anki 2.1.28+
uses inside ``collection.anki21b``); those tables sort names with Anki's
``unicase`` collation, which SQLite must know before it reads them. Every
shape is checked by a pydantic model, so a package with a missing, NULL or
wrongly typed value is refused with one line naming it, not a traceback.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, StrictInt, StrictStr, TypeAdapter, ValidationError

from peerquiz.core.formats.output import FormatError

MAX_JSON_CHARS = 10 * 1024 * 1024  # note types and decks of a real collection take kilobytes
MAX_FIELDS_CHARS = 256 * 1024  # one note's fields, HTML included
MAX_TAGS_CHARS = 4_000
FIELD_SEPARATOR = "\x1f"


class _Lenient(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class _Field(_Lenient):
    name: StrictStr
    ord: StrictInt = 0


class _Template(_Lenient):
    qfmt: StrictStr = ""
    afmt: StrictStr = ""


class _Model(_Lenient):
    name: StrictStr
    flds: list[_Field]
    tmpls: list[_Template] = []
    type: StrictInt = 0


class _Deck(_Lenient):
    name: StrictStr
    desc: StrictStr = ""


_MODELS = TypeAdapter(dict[str, _Model])
_DECKS = TypeAdapter(dict[str, _Deck])


@dataclass(frozen=True, slots=True)
class NoteType:
    name: str
    fields: list[str]
    templates: list[str]  # question and answer formats, joined
    is_cloze: bool

    @property
    def is_typed(self) -> bool:
        return any("{{type:" in template for template in self.templates)


@dataclass(frozen=True, slots=True)
class RawNote:
    number: int
    guid: str
    model_id: str
    tags: str
    fields: list[str]
    problem: str = ""  # why the note cannot be read, if it cannot


@dataclass(frozen=True, slots=True)
class DeckInfo:
    name: str = ""
    description: str = ""  # HTML, as Anki keeps it


def _unicase(left: str, right: str) -> int:
    """Anki's case-insensitive name order; only needed so SQLite can use the tables at all."""
    a, b = left.casefold(), right.casefold()
    return (a > b) - (a < b)


def open_collection(path: str) -> sqlite3.Connection:
    try:
        connection = sqlite3.connect(f"{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise FormatError(f"cannot open the collection database: {exc}") from None
    connection.create_collation("unicase", _unicase)
    return connection


def check_integrity(connection: sqlite3.Connection) -> None:
    (check,) = connection.execute("PRAGMA quick_check").fetchone()
    if check != "ok":
        raise FormatError(f"the collection database is damaged or truncated ({check})")


def _col_value(connection: sqlite3.Connection, column: str) -> str:
    """``col.models`` or ``col.decks``: JSON text, or '' when the tables hold them instead."""
    row = connection.execute(f"SELECT typeof({column}), length({column}) FROM col LIMIT 1").fetchone()
    if row is None:
        raise FormatError("the collection has no 'col' row: not a complete Anki collection")
    kind, length = row
    if kind == "null":
        return ""
    if kind != "text":
        raise FormatError(f"col.{column} is {kind}, not JSON text")
    if length > MAX_JSON_CHARS:
        raise FormatError(f"col.{column} is larger than {MAX_JSON_CHARS // 1024 // 1024} MB")
    (value,) = connection.execute(f"SELECT {column} FROM col LIMIT 1").fetchone()
    return str(value).strip()


def _validated(adapter: TypeAdapter[Any], data: Any, what: str) -> Any:
    try:
        return adapter.validate_python(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"])
        raise FormatError(f"{what}: {where or 'top level'}: {error['msg']}") from None


def _json(text: str, what: str) -> Any:
    try:
        return json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        raise FormatError(f"{what} is not readable JSON") from None


def note_types(connection: sqlite3.Connection) -> dict[str, NoteType]:
    """Note types by id: JSON in col.models (schema 11), or the notetypes tables (schema 18)."""
    text = _col_value(connection, "models")
    if text not in ("", "{}"):
        models = _validated(_MODELS, _json(text, "col.models"), "note types (col.models)")
    else:
        models = _validated(_MODELS, dict(_models_from_tables(connection)), "note types (notetypes table)")
    return {
        model_id: NoteType(
            name=model.name,
            fields=[field.name for field in sorted(model.flds, key=lambda field: field.ord)],
            templates=[template.qfmt + template.afmt for template in model.tmpls],
            is_cloze=model.type == 1 or any("{{cloze:" in t.qfmt for t in model.tmpls),
        )
        for model_id, model in models.items()
    }


def _models_from_tables(connection: sqlite3.Connection) -> Iterator[tuple[str, dict[str, Any]]]:
    for model_id, name in connection.execute("SELECT id, name FROM notetypes"):
        fields = [
            {"name": field_name, "ord": order}
            for order, field_name in connection.execute(
                "SELECT ord, name FROM fields WHERE ntid = ? ORDER BY ord", (model_id,)
            )
        ]
        # Template formats sit in a protobuf blob; the markers we look for are plain text inside it.
        templates = [
            {"qfmt": bytes(config or b"").decode("utf-8", "replace")}
            for (config,) in connection.execute("SELECT config FROM templates WHERE ntid = ? ORDER BY ord", (model_id,))
        ]
        yield str(model_id), {"name": name, "flds": fields, "tmpls": templates}


def main_deck(connection: sqlite3.Connection) -> DeckInfo:
    """The deck holding most cards; Anki's subdeck separator shown as '::'."""
    row = connection.execute("SELECT did FROM cards GROUP BY did ORDER BY count(*) DESC LIMIT 1").fetchone()
    if row is None:
        return DeckInfo()
    text = _col_value(connection, "decks")
    if text not in ("", "{}"):
        deck = _validated(_DECKS, _json(text, "col.decks"), "decks (col.decks)").get(str(row[0]))
        return DeckInfo(deck.name, deck.desc) if deck else DeckInfo()
    named = connection.execute("SELECT name, kind FROM decks WHERE id = ?", row).fetchone()
    if named is None or not isinstance(named[0], str):
        return DeckInfo()
    # The description sits in the protobuf blob `kind`: KindContainer.normal (1), then Normal.description (4).
    normal = _proto_field(named[1] if isinstance(named[1], bytes) else b"", 1)
    description = _proto_field(normal or b"", 4) or b""
    return DeckInfo(named[0].replace(FIELD_SEPARATOR, "::"), description.decode("utf-8", "replace"))


def _proto_field(blob: bytes, number: int) -> bytes | None:
    """The first length-delimited field ``number`` of a protobuf message, or None (also when malformed)."""
    position = 0
    while position < len(blob):
        key, position = _varint(blob, position)
        wire_type = key & 7
        if wire_type == 0:
            _, position = _varint(blob, position)
        elif wire_type == 2:
            length, position = _varint(blob, position)
            if key >> 3 == number:
                return blob[position : position + length]
            position += length
        elif wire_type in (1, 5):
            position += 8 if wire_type == 1 else 4
        else:
            return None
    return None


def _varint(blob: bytes, position: int) -> tuple[int, int]:
    value = shift = 0
    while position < len(blob):
        byte = blob[position]
        position += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, position
        shift += 7
    return value, len(blob) + 1  # cut short: ends the caller's loop


def count_notes(connection: sqlite3.Connection) -> int:
    (total,) = connection.execute("SELECT count(*) FROM notes").fetchone()
    return int(total)


def raw_notes(connection: sqlite3.Connection) -> Iterator[RawNote]:
    """Every note in order; one with NULL, oversized or non-text values says so in ``problem``."""
    rows = connection.execute(
        "SELECT guid, mid, typeof(tags), length(tags), typeof(flds), length(flds),"
        " CASE WHEN length(tags) <= :tags THEN tags END, CASE WHEN length(flds) <= :flds THEN flds END"
        " FROM notes ORDER BY id",
        {"tags": MAX_TAGS_CHARS, "flds": MAX_FIELDS_CHARS},
    )
    for number, (guid, model_id, tags_type, tags_length, fields_type, fields_length, tags, fields) in enumerate(
        rows, start=1
    ):
        problem = ""
        if fields_type != "text":
            problem = f"its fields are {fields_type}, not text"
        elif tags_type not in ("text", "null"):
            problem = f"its tags are {tags_type}, not text"
        elif fields_length > MAX_FIELDS_CHARS:
            problem = f"its fields hold more than {MAX_FIELDS_CHARS:,} characters"
        elif tags_type == "text" and tags_length > MAX_TAGS_CHARS:
            problem = f"its tags hold more than {MAX_TAGS_CHARS:,} characters"
        yield RawNote(
            number=number,
            guid=guid if isinstance(guid, str) else "",
            model_id=str(model_id),
            tags=tags or "",
            fields=fields.split(FIELD_SEPARATOR) if fields and not problem else [],
            problem=problem,
        )
