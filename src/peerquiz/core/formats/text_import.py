"""Import Anki and Quizlet text exports (.csv, .tsv, .txt).

Anki's exports may start with ``#key:value`` header lines: ``#separator:``
(a name such as tab or comma, or the character), ``#html:``, ``#tags:``,
``#columns:`` (column names), ``#deck:``, ``#notetype:`` and ``#deck column:``,
``#notetype column:``, ``#tags column:``, ``#guid column:`` (1-based).
Quizlet writes term and definition separated by a tab (or a comma, or any
string), one card per line (or per any row separator). A first row that only
names columns (``front,back``, ``Term,Definition``) is taken as a header.

Nothing is cut silently: a row with more fields than the columns name is an
error naming the row (a comma inside an unquoted definition looks just like
that), until ``--columns`` says what each is; a named column that is none of
peerquiz's goes into the answer under its name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from peerquiz.core.decks.model import CLOZE_GAP
from peerquiz.core.formats.html_text import html_to_text, looks_like_html, plain_text
from peerquiz.core.formats.notes import ImportResult, Note, NoteCollector, Progress
from peerquiz.core.formats.output import FormatError
from peerquiz.core.formats.text_rows import Row, RowError, separator_named, split_rows

MAX_TEXT_BYTES = 20 * 1024 * 1024
# Column names, as Anki, Quizlet and peerquiz's own CSV export write them, and the part each plays.
COLUMN_ROLES = {
    "front": "front", "question": "front", "term": "front", "prompt": "front", "text": "front",
    "back": "back", "answer": "back", "definition": "back",
    "explanation": "explanation", "extra": "explanation", "back extra": "explanation",
    "source": "source", "domain": "domain", "id": "id",
    "tags": "tags", "guid": "guid", "deck": "deck", "notetype": "notetype", "note type": "notetype",
    "ignore": "ignore",
}  # fmt: skip
META_COLUMNS = {"deck column": "deck", "notetype column": "notetype", "tags column": "tags", "guid column": "guid"}


@dataclass(frozen=True, slots=True)
class TextOptions:
    """What the user says about a text file; None leaves it to the file's header lines or a guess."""

    separator: str | None = None  # a name (tab, comma, semicolon, ...) or the string itself
    row_separator: str | None = None
    header: bool | None = None  # is the first row column names?
    columns: tuple[str, ...] = ()  # what each column is: a role above, or a name to show with the answer


@dataclass
class _Header:
    separator: str | None = None
    html: bool | None = None  # None: decide per field
    tags: tuple[str, ...] = ()
    columns: str = ""  # the "#columns:" value, split once the separator is known
    deck: str = ""
    notetype: str = ""
    meta: dict[str, int] = field(default_factory=dict)  # role -> 0-based column, from "#... column:"


@dataclass
class _Columns:
    roles: dict[str, int]  # role -> 0-based column
    named: dict[int, str]  # further columns shown with the answer, by their name
    ignored: set[int]

    def width(self) -> int:
        return max([*self.roles.values(), *self.named, *self.ignored], default=-1) + 1


def read_text_export(
    path: Path, source: str | None = None, progress: Progress | None = None, options: TextOptions | None = None
) -> ImportResult:
    options = options or TextOptions()
    header, body, first_line = _parse_header(_read_text(path))
    for option, given in (("--separator", options.separator), ("--row-separator", options.row_separator)):
        if given == "":  # not "use the default": an empty string given on purpose splits nothing
            raise FormatError(f"{option} is empty: name one (tab, comma, semicolon) or leave the option out")
    separator = separator_named(options.separator) if options.separator else header.separator
    separator = separator or _guess_separator(path.suffix.lower(), body)
    row_separator = separator_named(options.row_separator) if options.row_separator else None
    if row_separator == separator:
        raise FormatError(f"the row separator {row_separator!r} is also the field separator; choose two different ones")
    if row_separator is None and ("\n" in separator or "\r" in separator):
        raise FormatError(f"the separator {separator!r} holds a line break, which ends each card; choose another")
    total = body.count(row_separator or "\n") + 1  # rows at most: progress needs a total, not an exact one
    rows = split_rows(body, first_line, separator, row_separator)
    collector = NoteCollector(path.name, source)
    title = header.deck
    try:
        first = next(rows, None)
        columns, first_is_header = _columns(header, options, separator, first)
        if first is not None and not first_is_header:
            rows = chain([first], rows)
        for number, row in enumerate(rows, start=1):
            _check_width(row, columns)
            _add_row(collector, header, columns, row)
            if not title and _has(row.cells, columns.roles, "deck"):
                title = row.cells[columns.roles["deck"]].strip()
            if progress:
                progress(min(number, total), total)
    except RowError as exc:
        raise FormatError(str(exc)) from None
    result = collector.finish()
    result.title = title
    return result


def _read_text(path: Path) -> str:
    try:
        if path.stat().st_size > MAX_TEXT_BYTES:
            raise FormatError(f"file is larger than {MAX_TEXT_BYTES // 1024 // 1024} MB")
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FormatError("not UTF-8 text (save it as UTF-8, or export again from Anki or Quizlet)") from None
    except OSError as exc:
        raise FormatError(f"cannot read file: {exc.strerror or exc}") from None


def _parse_header(text: str) -> tuple[_Header, str, int]:
    """The "#key:value" lines at the top, the text after them, and the file line that text starts on."""
    header = _Header()
    position, count = 0, 0
    while text.startswith("#", position):
        end = text.find("\n", position)
        end = len(text) if end < 0 else end + 1
        line = text[position:end]
        if ":" not in line:
            break
        key, raw_value = line[1:].split(":", 1)
        key, raw_value = key.strip().casefold(), raw_value.rstrip("\r\n")
        value = raw_value.strip()
        if key == "separator":
            # A name, or the character itself, which may be a tab or a space.
            header.separator = separator_named(value) if value else raw_value or None
        elif key == "html":
            header.html = value.casefold() == "true"
        elif key == "tags":
            header.tags = tuple(value.split())
        elif key in ("columns", "deck", "notetype"):
            setattr(header, key, value)
        elif key in META_COLUMNS and value.isdigit() and int(value) > 0:
            header.meta[META_COLUMNS[key]] = int(value) - 1
        position, count = end, count + 1
    return header, text[position:], count + 1


def _guess_separator(suffix: str, body: str) -> str:
    """Tab for .tsv and whenever the first row has one (Anki's and Quizlet's default), else by content."""
    first_line = body.split("\n", 1)[0]
    if suffix == ".tsv" or "\t" in first_line:
        return "\t"
    if suffix == ".csv":
        return ","
    return next((s for s in (",", ";", "|") if s in first_line), "\t")


def _columns(header: _Header, options: TextOptions, separator: str, first: Row | None) -> tuple[_Columns, bool]:
    """What each column is, and whether the first row only names the columns (and so is no card)."""
    first_cells = first.cells if first else []
    looks_like_names = bool(first_cells) and all(
        cell.strip().casefold() in COLUMN_ROLES for cell in first_cells if cell.strip()
    )
    first_is_header = options.header if options.header is not None else (looks_like_names and not header.columns)
    if options.columns:
        names = list(options.columns)
    elif header.columns:
        names = header.columns.split(separator)
    elif first_is_header:
        names = first_cells
    else:
        names = []
    return _mapped(header.meta, names), first_is_header


def _mapped(meta: dict[str, int], names: list[str]) -> _Columns:
    """Roles from "#... column:" headers and from names; other names are shown with the answer."""
    columns = _Columns(dict(meta), {}, set())
    for index, name in enumerate(names):
        role = COLUMN_ROLES.get(name.strip().casefold())
        if index in columns.roles.values():
            continue
        if role == "ignore" or not name.strip():
            columns.ignored.add(index)
        elif role and role not in columns.roles:
            columns.roles[role] = index
        else:
            columns.named[index] = name.strip()
    free = (i for i in range(10_000) if i not in columns.roles.values() and i not in columns.ignored)
    for role in ("front", "back"):
        if role not in columns.roles:
            index = next(free)
            columns.named.pop(index, None)
            columns.roles[role] = index
    return columns


def _check_width(row: Row, columns: _Columns) -> None:
    width = columns.width()
    extra = [i + 1 for i in range(width, len(row.cells)) if row.cells[i].strip()]
    if extra:
        raise RowError(
            f"{row.where}: {len(row.cells)} fields, but only {width} column(s) are named: is the separator "
            f"inside a field? Quote such fields, choose another --separator, or name every column with --columns"
        )


def _has(cells: list[str], roles: dict[str, int], role: str) -> bool:
    return role in roles and roles[role] < len(cells) and bool(cells[roles[role]].strip())


def _add_row(collector: NoteCollector, header: _Header, columns: _Columns, row: Row) -> None:
    cells, roles = row.cells, columns.roles

    def converted(value: str) -> str:
        as_html = header.html if header.html is not None else looks_like_html(value)
        value, media = html_to_text(value) if as_html else plain_text(value)
        collector.add_media(media)
        return value

    def text(role: str) -> str:
        return converted(cells[roles[role]]) if _has(cells, roles, role) else ""

    if roles["front"] >= len(cells):
        return collector.skip(row.where, f"has {len(cells)} column(s), no front in column {roles['front'] + 1}")
    notetype = (cells[roles["notetype"]] if _has(cells, roles, "notetype") else header.notetype).casefold()
    front, back = text("front"), text("back")
    is_cloze = "cloze" in notetype or bool(CLOZE_GAP.search(front))
    if not is_cloze and roles["back"] >= len(cells):
        return collector.skip(row.where, f"has {len(cells)} column(s), no back in column {roles['back'] + 1}")
    further = [f"{name}: {converted(cells[i])}" for i, name in columns.named.items() if i < len(cells) and cells[i].strip()]
    if further:
        back = "\n\n".join([back, *further]) if back else "\n\n".join(further)
    row_tags = tuple(cells[roles["tags"]].split()) if _has(cells, roles, "tags") else ()
    collector.add(
        Note(
            where=row.where,
            kind="cloze" if is_cloze else "typed" if "type in" in notetype else "basic",
            front=front,
            back="" if is_cloze else back,
            reverse="reverse" in notetype and "optional" not in notetype,
            # Anki's Cloze keeps its extra text in the field after the text.
            explanation=text("explanation") or (back if is_cloze else ""),
            source=text("source"),
            domain=text("domain"),
            tags=header.tags + row_tags,
            guid=cells[roles["guid"]].strip() if _has(cells, roles, "guid") else "",
            card_id=cells[roles["id"]].strip() if _has(cells, roles, "id") else "",
        )
    )
