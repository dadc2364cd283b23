"""A long DataTable filled a frame at a time, so that no frame waits for every row.

Textual measures every cell of the rows added (for the column widths) before the table is drawn
again: 200 rows at once held the UI thread for 20-30 ms, on top of the first frame of the screen
that showed them (home's decks, the settings' deck limits).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from textual.widgets import DataTable

Cell = TypeVar("Cell")

ROWS_A_FRAME = 50  # more than a screenful on most terminals


class RowFeed(Generic[Cell]):
    """Adds rows at the end of a table, ROWS_A_FRAME now and as many after each time the screen is drawn."""

    def __init__(self, table: DataTable[Cell], done: Callable[[], None] | None = None) -> None:
        self._table = table
        self._done = done  # called once the last row given is in
        self._rows: list[tuple[str, Sequence[Cell]]] = []

    def feed(self, rows: Sequence[tuple[str, Sequence[Cell]]]) -> None:
        """Add these rows (key, cells), in order; they replace rows given before that are not in the table yet."""
        adding = bool(self._rows)
        self._rows = list(rows)
        if not adding:
            self._add()

    def _add(self) -> None:
        for key, cells in self._rows[:ROWS_A_FRAME]:
            self._table.add_row(*cells, key=key)
        del self._rows[:ROWS_A_FRAME]
        if self._rows:
            self._table.call_after_refresh(self._add)
        elif self._done is not None:
            self._done()
