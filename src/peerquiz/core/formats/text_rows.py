"""Split a text export into rows of fields, with the line (or row) each starts on, without loading them all.

One-character separators with the usual line ends go through the csv module:
fields may be quoted, with separators and line breaks inside the quotes.
Any other separator, and any custom row separator (Quizlet lets one choose
both), splits the text as it is, since such exports are never quoted. In an
unquoted tab or custom export a line without any separator continues the
field above it: that is how Quizlet writes a definition of several lines.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

SEPARATORS = {"comma": ",", "semicolon": ";", "tab": "\t", "space": " ", "pipe": "|", "colon": ":"}
MAX_FIELD_CHARS = 1024 * 1024  # larger than any card may hold; stops a runaway field early


@dataclass(frozen=True, slots=True)
class Row:
    where: str  # "line 12" or, with a custom row separator, "row 12"
    cells: list[str]


def separator_named(name: str) -> str:
    """A separator given by name (tab, comma, ...) or as itself; '\\t' written out counts as a tab."""
    return SEPARATORS.get(name.casefold(), name.replace("\\t", "\t").replace("\\n", "\n"))


def split_rows(body: str, first_line: int, separator: str, row_separator: str | None) -> Iterator[Row]:
    if row_separator is None and len(separator) == 1:
        yield from _joined(_csv_rows(body, first_line, separator), quoted=separator != "\t")
    else:
        yield from _joined(_plain_rows(body, first_line, separator, row_separator), quoted=False)


class RowError(ValueError):
    """A row that cannot be split; the message names it."""


def _csv_rows(body: str, first_line: int, separator: str) -> Iterator[Row]:
    # strict: a quote left open swallows the rest of the file, so it must be an error, not a long field.
    csv.field_size_limit(MAX_FIELD_CHARS)
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=separator, strict=True)
    line = first_line
    try:
        for cells in reader:
            yield Row(f"line {line}", cells)
            line = first_line + reader.line_num
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise RowError(f"line {line}: a field is longer than {MAX_FIELD_CHARS:,} characters") from None
        raise RowError(f"line {line}: badly quoted field ({exc})") from None


def _plain_rows(body: str, first_line: int, separator: str, row_separator: str | None) -> Iterator[Row]:
    if row_separator is None:
        for number, line in enumerate(body.splitlines(), start=first_line):
            yield Row(f"line {number}", line.split(separator))
        return
    start, number = 0, 1
    while start <= len(body):
        end = body.find(row_separator, start)
        end = len(body) if end < 0 else end
        yield Row(f"row {number}", body[start:end].strip("\r\n").split(separator))
        start, number = end + len(row_separator), number + 1


def _joined(rows: Iterator[Row], quoted: bool) -> Iterator[Row]:
    """Blank and comment rows dropped; in unquoted text a row of one field continues the last field of the row above."""
    held: Row | None = None
    for row in rows:
        if not any(cell.strip() for cell in row.cells) or row.cells[0].startswith("#"):
            continue  # "#" starts a comment line, as Anki allows
        if not quoted and held is not None and len(row.cells) == 1 and len(held.cells) > 1:
            held.cells[-1] += "\n" + row.cells[0]
            continue
        if held is not None:
            yield held
        held = row
    if held is not None:
        yield held
