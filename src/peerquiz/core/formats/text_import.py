"""Import Anki and Quizlet text exports (.csv, .tsv, .txt).

Anki's exports may start with ``#key:value`` header lines: ``#separator:``
(a name such as tab or comma, or the character), ``#html:``, ``#tags:``,
``#columns:`` (column names), ``#deck:``, ``#notetype:`` and ``#deck column:``,
``#notetype column:``, ``#tags column:``, ``#guid column:`` (1-based).
Quizlet writes term and definition separated by a tab, one card per line.
Fields may be quoted, with separators and line breaks inside the quotes.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from peerquiz.core.decks.model import CLOZE_GAP
from peerquiz.core.formats.html_text import html_to_text, looks_like_html, plain_text
from peerquiz.core.formats.notes import ImportResult, Note, NoteCollector, Progress
from peerquiz.core.formats.output import FormatError

MAX_TEXT_BYTES = 20 * 1024 * 1024
SEPARATORS = {"comma": ",", "semicolon": ";", "tab": "\t", "space": " ", "pipe": "|", "colon": ":"}
# Column names, as Anki, Quizlet and peerquiz's own CSV export write them, and the part each plays.
COLUMN_ROLES = {
    "front": "front", "question": "front", "term": "front", "prompt": "front", "text": "front",
    "back": "back", "answer": "back", "definition": "back",
    "explanation": "explanation", "extra": "explanation", "back extra": "explanation",
    "source": "source", "domain": "domain", "id": "id",
    "tags": "tags", "guid": "guid", "deck": "deck", "notetype": "notetype", "note type": "notetype",
}  # fmt: skip
META_COLUMNS = {"deck column": "deck", "notetype column": "notetype", "tags column": "tags", "guid column": "guid"}


@dataclass
class _Header:
    separator: str | None = None
    html: bool | None = None  # None: decide per field
    tags: tuple[str, ...] = ()
    columns: str = ""  # the "#columns:" value, split once the separator is known
    deck: str = ""
    notetype: str = ""
    meta: dict[str, int] = field(default_factory=dict)  # role -> 0-based column, from "#... column:"


def read_text_export(path: Path, source: str | None = None, progress: Progress | None = None) -> ImportResult:
    lines = _read_lines(path)
    header, first_row_line = _parse_header(lines)
    body = "".join(lines[first_row_line:])
    separator = header.separator or _guess_separator(path.suffix.lower(), body)
    rows = _rows(body, separator, first_row_line)
    roles = _column_roles(header, next(csv.reader([header.columns], delimiter=separator), []))
    collector = NoteCollector(path.name, source)
    for index, (line, row) in enumerate(rows):
        if row and row[0].startswith("#"):
            continue  # a comment line, as Anki allows
        _add_row(collector, header, roles, line, row)
        if progress:
            progress(index + 1, len(rows))
    result = collector.finish()
    result.title = header.deck or next((row[roles["deck"]] for _, row in rows if _has(row, roles, "deck")), "")
    unnamed = [i + 1 for i in range(max((len(row) for _, row in rows), default=0)) if i not in roles.values()]
    if unnamed:
        result.notices.append(
            f"column(s) {', '.join(map(str, unnamed))} ignored: name them with a header such as "
            "#columns:Front,Back,Explanation,Source,Tags"
        )
    return result


def _read_lines(path: Path) -> list[str]:
    try:
        if path.stat().st_size > MAX_TEXT_BYTES:
            raise FormatError(f"file is larger than {MAX_TEXT_BYTES // 1024 // 1024} MB")
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FormatError("not UTF-8 text (save it as UTF-8, or export again from Anki or Quizlet)") from None
    except OSError as exc:
        raise FormatError(f"cannot read file: {exc.strerror or exc}") from None
    return text.splitlines(keepends=True)


def _parse_header(lines: list[str]) -> tuple[_Header, int]:
    """The "#key:value" lines at the top, and the index of the first line after them."""
    header = _Header()
    count = 0
    while count < len(lines) and lines[count].startswith("#") and ":" in lines[count]:
        key, raw_value = lines[count][1:].split(":", 1)
        count += 1
        key, raw_value = key.strip().casefold(), raw_value.rstrip("\r\n")
        value = raw_value.strip()
        if key == "separator":
            # A name, or the character itself, which may be a tab or a space.
            header.separator = SEPARATORS.get(value.casefold(), raw_value if len(raw_value) == 1 else None)
        elif key == "html":
            header.html = value.casefold() == "true"
        elif key == "tags":
            header.tags = tuple(value.split())
        elif key in ("columns", "deck", "notetype"):
            setattr(header, key, value)
        elif key in META_COLUMNS and value.isdigit() and int(value) > 0:
            header.meta[META_COLUMNS[key]] = int(value) - 1
    return header, count


def _guess_separator(suffix: str, body: str) -> str:
    """Tab for .tsv and whenever the first row has one (Anki's and Quizlet's default), else by content."""
    first_line = body.split("\n", 1)[0]
    if suffix == ".tsv" or "\t" in first_line:
        return "\t"
    if suffix == ".csv":
        return ","
    return next((s for s in (",", ";", "|") if s in first_line), "\t")


def _rows(body: str, separator: str, first_row_line: int) -> list[tuple[int, list[str]]]:
    """Every record with the file line it starts on; quoted fields may span lines."""
    # strict: a quote left open swallows the rest of the file, so it must be an error, not a long field.
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=separator, strict=True)
    rows = []
    line = first_row_line + 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append((line, row))
            line = first_row_line + reader.line_num + 1
    except csv.Error as exc:
        raise FormatError(f"line {line}: badly quoted field ({exc})") from None
    return rows


def _column_roles(header: _Header, names: list[str]) -> dict[str, int]:
    """Which column plays which part: "#... column:" headers, named columns, else front then back."""
    roles = dict(header.meta)
    for index, name in enumerate(names):
        role = COLUMN_ROLES.get(name.strip().casefold())
        if role and role not in roles and index not in roles.values():
            roles[role] = index
    free = (i for i in range(1_000) if i not in roles.values())
    for role in ("front", "back"):
        if role not in roles:
            roles[role] = next(free)
    return roles


def _has(row: list[str], roles: dict[str, int], role: str) -> bool:
    return role in roles and roles[role] < len(row) and bool(row[roles[role]].strip())


def _add_row(collector: NoteCollector, header: _Header, roles: dict[str, int], line: int, row: list[str]) -> None:
    def text(role: str) -> str:
        if not _has(row, roles, role):
            return ""
        value = row[roles[role]]
        as_html = header.html if header.html is not None else looks_like_html(value)
        value, media = html_to_text(value) if as_html else plain_text(value)
        collector.add_media(media)
        return value

    if roles["front"] >= len(row):
        return collector.skip(f"line {line}", f"has {len(row)} column(s), no front in column {roles['front'] + 1}")
    notetype = (row[roles["notetype"]] if _has(row, roles, "notetype") else header.notetype).casefold()
    front, back = text("front"), text("back")
    is_cloze = "cloze" in notetype or bool(CLOZE_GAP.search(front))
    if not is_cloze and roles["back"] >= len(row):
        return collector.skip(f"line {line}", f"has {len(row)} column(s), no back in column {roles['back'] + 1}")
    row_tags = tuple(row[roles["tags"]].split()) if _has(row, roles, "tags") else ()
    collector.add(
        Note(
            where=f"line {line}",
            kind="cloze" if is_cloze else "typed" if "type in" in notetype else "basic",
            front=front,
            back="" if is_cloze else back,
            reverse="reverse" in notetype and "optional" not in notetype,
            # Anki's Cloze keeps its extra text in the field after the text.
            explanation=text("explanation") or (back if is_cloze else ""),
            source=text("source"),
            domain=text("domain"),
            tags=header.tags + row_tags,
            guid=row[roles["guid"]].strip() if _has(row, roles, "guid") else "",
            card_id=row[roles["id"]].strip() if _has(row, roles, "id") else "",
        )
    )
