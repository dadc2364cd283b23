"""Import Anki packages (.apkg, .colpkg): a zip holding the collection's SQLite database.

We read collection.anki21b (what Anki 23.10+ writes by default: zstd, note
types in tables), else collection.anki21 or collection.anki2 (the legacy
package, written when "Support older Anki versions" is ticked, and by
genanki). When a package holds collection.anki21b, its collection.anki2 is
only a stub saying to update Anki and is never read.

Notes map by note type, known by its fields whatever it is called: Cloze ->
cloze; a type-in-the-answer template -> typed (with peerquiz's "Also
accepted" field, if any); peerquiz's True or false, Ordering, Multiple
choice and Multiple answers -> truefalse, ordering, mcq and multi; Basic
and its reversed variants -> basic (reverse when the type has a second
template). Other note types are skipped, each with its reason. A package
peerquiz wrote comes back whole: see anki_meta for what it carries. Media
files are listed as left out: decks hold text only.
"""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

from peerquiz.core.formats import anki_collection as collection
from peerquiz.core.formats.anki_collection import NoteType, RawNote
from peerquiz.core.formats.anki_meta import (
    ACCEPT_FIELD,
    ANSWERS_FIELD,
    ITEMS_FIELD,
    LINT_IGNORE_TAG,
    TRUEFALSE_FIELD,
    split_description,
)
from peerquiz.core.formats.archive import check_member_count, scratch_folder, unpack_member
from peerquiz.core.formats.card_sides import right_choices, unlettered
from peerquiz.core.formats.html_text import html_to_text
from peerquiz.core.formats.notes import ImportResult, Note, NoteCollector, Progress
from peerquiz.core.formats.output import FormatError

MAX_PACKAGE_BYTES = 200 * 1024 * 1024
MAX_COLLECTION_BYTES = 512 * 1024 * 1024  # unpacked: refuses zip bombs before they fill the disk
MEMBERS = ("collection.anki21b", "collection.anki21", "collection.anki2")  # newest first
NO_TEXTS: tuple[str, ...] = ()
CHOICE_FIELDS = frozenset({"question", "choices"})  # peerquiz's Multiple choice and Multiple answers


def read_apkg(path: Path, source: str | None = None, progress: Progress | None = None) -> ImportResult:
    with scratch_folder("peerquiz-apkg-") as scratch:
        database = _extract_collection(path, scratch)
        connection = collection.open_collection(database.as_uri())
        try:
            return _read_collection(connection, path.name, source, progress)
        except sqlite3.Error as exc:
            raise FormatError(f"the collection database is damaged or truncated, or not an Anki collection ({exc})") from None
        finally:
            connection.close()


def _extract_collection(path: Path, scratch: Path) -> Path:
    try:
        if path.stat().st_size > MAX_PACKAGE_BYTES:
            raise FormatError(f"file is larger than {MAX_PACKAGE_BYTES // 1024 // 1024} MB")
        check_member_count(path)
        with zipfile.ZipFile(path) as package:
            names = set(package.namelist())
            member = next((name for name in MEMBERS if name in names), None)
            if member is None:
                raise FormatError("no Anki collection inside (expected collection.anki21b, .anki21 or .anki2)")
            target = scratch / "collection.sqlite"
            unpack_member(package, member, target, MAX_COLLECTION_BYTES)
            return target
    except zipfile.BadZipFile:
        raise FormatError("not an Anki package: not a valid zip file (damaged or cut short?)") from None
    except (OSError, EOFError) as exc:
        raise FormatError(f"cannot read file: {getattr(exc, 'strerror', None) or exc}") from None


def _read_collection(
    connection: sqlite3.Connection, file_name: str, source: str | None, progress: Progress | None
) -> ImportResult:
    collection.check_integrity(connection)
    note_types = collection.note_types(connection)
    collector = NoteCollector(file_name, source)
    total = collection.count_notes(connection)
    for raw in collection.raw_notes(connection):
        note_type = note_types.get(raw.model_id)
        where = f"note {raw.number}"
        if raw.problem:
            collector.skip(where, raw.problem)
        elif note_type is None:
            collector.skip(where, "its note type is missing from the collection")
        else:
            _add_note(collector, note_type, raw)
        if progress:
            progress(raw.number, total)
    result = collector.finish()
    deck = collection.main_deck(connection)
    description, meta = split_description(deck.description)
    result.title = deck.name
    result.description = html_to_text(description)[0]
    if meta is not None:
        result.deck_id, result.domain = meta.id, meta.domain or ""
    return result


def _add_note(collector: NoteCollector, note_type: NoteType, raw: RawNote) -> None:
    where = f"note {raw.number}"
    texts: dict[str, str] = {}
    for name, value in zip(note_type.fields, raw.fields):
        text, media = html_to_text(value)
        collector.add_media(media)
        texts[name.casefold()] = text
    first_two = [texts.get(name.casefold(), "") for name in note_type.fields[:2]] + ["", ""]
    all_tags = raw.tags.split()
    lint_ignore = tuple(tag.removeprefix(LINT_IGNORE_TAG) for tag in all_tags if tag.startswith(LINT_IGNORE_TAG))
    back, choices, answers, items, accept = "", NO_TEXTS, NO_TEXTS, NO_TEXTS, NO_TEXTS
    if note_type.is_cloze:
        kind, front = "cloze", texts.get("text", first_two[0])
    elif CHOICE_FIELDS <= texts.keys() and ({"answer", ANSWERS_FIELD} & texts.keys()):
        try:
            choices, answers = _choices_and_answers(texts)
        except ValueError as exc:
            return collector.skip(where, str(exc))
        kind = "multi" if ANSWERS_FIELD in texts or len(answers) > 1 else "mcq"
        front = texts["question"]
    elif TRUEFALSE_FIELD in texts:
        kind, front = "truefalse", first_two[0]
        back = texts[TRUEFALSE_FIELD]
    elif ITEMS_FIELD in texts:
        kind, front = "ordering", first_two[0]
        items = _lines(texts[ITEMS_FIELD])
    elif {"front", "back"} <= texts.keys():
        kind, front = "typed" if note_type.is_typed else "basic", texts["front"]
        back, accept = texts["back"], _lines(texts.get(ACCEPT_FIELD, ""))
    elif len(note_type.fields) >= 2:
        # Another note type: its first field asks, the others answer, each further one under its name.
        kind, front = "basic", first_two[0]
        back = "\n\n".join([first_two[1], *(f"{name}: {texts[name.casefold()]}" for name in _further(note_type, texts))])
    else:
        return collector.skip(where, f"note type '{note_type.name}' has a single field ({', '.join(note_type.fields)})")
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
            items=items,
            accept=accept,
            reverse=kind == "basic" and reverse,
            explanation=texts.get("explanation") or texts.get("back extra") or texts.get("extra", ""),
            source=texts.get("source", ""),
            domain=texts.get("domain", ""),
            tags=tuple(tag for tag in all_tags if not tag.startswith(LINT_IGNORE_TAG)),
            lint_ignore=lint_ignore,
            guid=raw.guid,
            card_id=texts.get("id", ""),
        )
    )


def _further(note_type: NoteType, texts: dict[str, str]) -> list[str]:
    """Names of the fields after the first two that hold text (not peerquiz's own extras)."""
    extras = {"explanation", "source", "domain", "id", "extra", "back extra", "add reverse"}
    return [name for name in note_type.fields[2:] if texts.get(name.casefold()) and name.casefold() not in extras]


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line for line in text.splitlines() if line.strip())


def _choices_and_answers(texts: dict[str, str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A Multiple choice note's choices and right ones; ValueError names the field that does not read back."""
    try:
        choices = unlettered(texts["choices"])
    except ValueError as exc:
        raise ValueError(f"Choices: {exc}") from None
    field = ANSWERS_FIELD if ANSWERS_FIELD in texts else "answer"
    try:
        return choices, right_choices(texts[field], choices)
    except ValueError as exc:
        raise ValueError(f"{field.capitalize()}: {exc}") from None
