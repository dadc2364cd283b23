"""Import Anki packages (.apkg): a zip holding the collection's SQLite database.

We read collection.anki21 or collection.anki2 (the "legacy" package Anki
writes when "Support older Anki versions" is ticked, and what genanki writes).
Anki 2.1.50+ otherwise writes collection.anki21b, compressed with zstd, beside
a stub collection.anki2 that only says to update Anki: that stub must not be
imported as if it were the deck, so such packages are refused with a hint.

Notes map by note type: Cloze -> cloze; a type-in-the-answer template ->
typed; Basic and its reversed variants -> basic (reverse when the type has a
second card template); peerquiz's own Multiple choice, known by its Question,
Choices and Answer fields whatever it is called -> mcq when the Answer names
one choice, multi when it names several. Other note types are skipped, each
with its reason.

So a deck exported by peerquiz comes back whole, except what the export does
not keep: true/false, typed and ordering cards were written as Basic notes
and come back as basic cards, a multi card with a single right answer comes
back as mcq, and lint-ignore is not exported.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from peerquiz.core.formats.card_sides import right_choices, unlettered
from peerquiz.core.formats.html_text import html_to_text
from peerquiz.core.formats.notes import ImportResult, Note, NoteCollector, Progress
from peerquiz.core.formats.output import FormatError

MAX_PACKAGE_BYTES = 200 * 1024 * 1024
MAX_COLLECTION_BYTES = 1024 * 1024 * 1024  # unpacked: refuses zip bombs
FIELD_SEPARATOR = "\x1f"
READABLE = ("collection.anki21", "collection.anki2")
ZSTD_ONLY = "collection.anki21b"
CHOICE_FIELDS = frozenset({"question", "choices", "answer"})  # peerquiz's Multiple choice, casefolded


@dataclass(frozen=True, slots=True)
class NoteType:
    name: str
    fields: list[str]
    templates: list[str]  # question and answer formats, joined
    is_cloze: bool

    @property
    def is_typed(self) -> bool:
        return any("{{type:" in template for template in self.templates)


def read_apkg(path: Path, source: str | None = None, progress: Progress | None = None) -> ImportResult:
    with tempfile.TemporaryDirectory(prefix="peerquiz-apkg-") as scratch:
        database = _extract_collection(path, Path(scratch))
        try:
            connection = sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)
        except sqlite3.Error as exc:
            raise FormatError(f"cannot open the collection database: {exc}") from None
        try:
            return _read_collection(connection, path.name, source, progress)
        except sqlite3.DatabaseError as exc:
            raise FormatError(f"the collection database is damaged or truncated ({exc})") from None
        except json.JSONDecodeError:
            raise FormatError("the collection's note types or decks are not readable JSON") from None
        finally:
            connection.close()


def _extract_collection(path: Path, scratch: Path) -> Path:
    try:
        if path.stat().st_size > MAX_PACKAGE_BYTES:
            raise FormatError(f"file is larger than {MAX_PACKAGE_BYTES // 1024 // 1024} MB")
        with zipfile.ZipFile(path) as package:
            names = set(package.namelist())
            member = next((name for name in READABLE if name in names), None)
            if ZSTD_ONLY in names and member != "collection.anki21":
                raise FormatError(
                    "this package uses Anki's newer compressed format (collection.anki21b), which is not "
                    "supported: in Anki, export again with 'Support older Anki versions' ticked"
                )
            if member is None:
                raise FormatError("no Anki collection inside (expected collection.anki2 or collection.anki21)")
            if package.getinfo(member).file_size > MAX_COLLECTION_BYTES:
                raise FormatError(f"the collection is larger than {MAX_COLLECTION_BYTES // 1024 // 1024} MB unpacked")
            target = scratch / "collection.sqlite"
            with package.open(member) as packed, target.open("wb") as unpacked:
                shutil.copyfileobj(packed, unpacked)
            return target
    except (zipfile.BadZipFile, zlib.error, EOFError):
        raise FormatError("not an Anki package: not a valid zip file (damaged or cut short?)") from None
    except OSError as exc:
        raise FormatError(f"cannot read file: {exc.strerror or exc}") from None


def _read_collection(
    connection: sqlite3.Connection, file_name: str, source: str | None, progress: Progress | None
) -> ImportResult:
    (check,) = connection.execute("PRAGMA quick_check").fetchone()
    if check != "ok":
        raise FormatError(f"the collection database is damaged or truncated ({check})")
    note_types = _note_types(connection)
    collector = NoteCollector(file_name, source)
    (total,) = connection.execute("SELECT count(*) FROM notes").fetchone()
    rows = connection.execute("SELECT guid, mid, tags, flds FROM notes ORDER BY id")
    for number, (guid, model_id, tags, fields) in enumerate(rows, start=1):
        note_type = note_types.get(str(model_id))
        where = f"note {number}"
        if note_type is None:
            collector.skip(where, "its note type is missing from the collection")
        else:
            _add_note(collector, note_type, where, guid, tags, fields.split(FIELD_SEPARATOR))
        if progress:
            progress(number, total)
    result = collector.finish()
    result.title = _main_deck_name(connection)
    return result


def _add_note(
    collector: NoteCollector, note_type: NoteType, where: str, guid: str, tags: str, values: list[str]
) -> None:
    texts: dict[str, str] = {}
    for name, value in zip(note_type.fields, values):
        text, media = html_to_text(value)
        collector.add_media(media)
        texts[name.casefold()] = text
    first_two = [texts.get(name.casefold(), "") for name in note_type.fields[:2]] + ["", ""]
    choices: tuple[str, ...] = ()
    answers: tuple[str, ...] = ()
    if note_type.is_cloze:
        kind, front, back = "cloze", texts.get("text", first_two[0]), ""
    elif CHOICE_FIELDS <= texts.keys():
        try:
            choices, answers = _choices_and_answers(texts)
        except ValueError as exc:
            return collector.skip(where, str(exc))
        kind, front, back = "multi" if len(answers) > 1 else "mcq", texts["question"], ""
    elif {"front", "back"} <= texts.keys() or len(note_type.fields) == 2:
        kind = "typed" if note_type.is_typed else "basic"
        front, back = texts.get("front", first_two[0]), texts.get("back", first_two[1])
    else:
        fields = ", ".join(note_type.fields)
        kinds = "Basic, Cloze or Multiple choice"
        return collector.skip(where, f"note type '{note_type.name}' ({fields}) is not {kinds}")
    # "Basic (optional reversed card)" asks back to front only when "Add Reverse" is filled in.
    reverse = len(note_type.templates) > 1 and texts.get("add reverse", "x") != ""
    collector.add(
        Note(
            where=where,
            kind=kind,
            front=front,
            back=back,
            choices=choices,
            answers=answers,
            reverse=kind == "basic" and reverse,
            explanation=texts.get("explanation") or texts.get("back extra") or texts.get("extra", ""),
            source=texts.get("source", ""),
            domain=texts.get("domain", ""),
            tags=tuple(tags.split()),
            guid=guid,
            card_id=texts.get("id", ""),
        )
    )


def _choices_and_answers(texts: dict[str, str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A Multiple choice note's choices and right ones; ValueError names the field that does not read back."""
    try:
        choices = unlettered(texts["choices"])
    except ValueError as exc:
        raise ValueError(f"Choices: {exc}") from None
    try:
        return choices, right_choices(texts["answer"], choices)
    except ValueError as exc:
        raise ValueError(f"Answer: {exc}") from None


def _note_types(connection: sqlite3.Connection) -> dict[str, NoteType]:
    """Note types by id: JSON in col.models (schema 11), or the notetypes tables (schema 18)."""
    (models,) = connection.execute("SELECT models FROM col").fetchone()
    if models and models.strip() not in ("", "{}"):
        return {
            model_id: NoteType(
                name=model.get("name", "?"),
                fields=[f["name"] for f in sorted(model.get("flds", []), key=lambda f: f.get("ord", 0))],
                templates=[t.get("qfmt", "") + t.get("afmt", "") for t in model.get("tmpls", [])],
                is_cloze=model.get("type") == 1,
            )
            for model_id, model in json.loads(models).items()
        }
    return dict(_note_types_from_tables(connection))


def _note_types_from_tables(connection: sqlite3.Connection) -> Iterator[tuple[str, NoteType]]:
    for model_id, name in connection.execute("SELECT id, name FROM notetypes"):
        fields = [
            row[0] for row in connection.execute("SELECT name FROM fields WHERE ntid = ? ORDER BY ord", (model_id,))
        ]
        # Template formats sit in a protobuf blob; the markers we look for are plain text inside it.
        templates = [
            bytes(row[0]).decode("utf-8", "replace")
            for row in connection.execute("SELECT config FROM templates WHERE ntid = ? ORDER BY ord", (model_id,))
        ]
        yield str(model_id), NoteType(name, fields, templates, any("{{cloze:" in t for t in templates))


def _main_deck_name(connection: sqlite3.Connection) -> str:
    """The name of the deck holding most cards; Anki's subdeck separator shown as '::'."""
    row = connection.execute("SELECT did FROM cards GROUP BY did ORDER BY count(*) DESC LIMIT 1").fetchone()
    if row is None:
        return ""
    (decks,) = connection.execute("SELECT decks FROM col").fetchone()
    if decks and decks.strip() not in ("", "{}"):
        return json.loads(decks).get(str(row[0]), {}).get("name", "")
    named = connection.execute("SELECT name FROM decks WHERE id = ?", row).fetchone()
    return named[0].replace("\x1f", "::") if named else ""
