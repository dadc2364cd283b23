"""Bar charts drawn with block characters: no plotting library, nothing to load at start-up."""

from __future__ import annotations

import math
from collections.abc import Sequence

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

EIGHTHS = " ▁▂▃▄▅▆▇█"


def squeeze(values: Sequence[float], width: int) -> tuple[list[float], int]:
    """Sum neighbouring values so they fit ``width`` columns; also how many went into each."""
    per_column = max(1, math.ceil(len(values) / max(width, 1)))
    return [sum(values[i : i + per_column]) for i in range(0, len(values), per_column)], per_column


def bar_rows(values: Sequence[float], height: int) -> list[str]:
    """Rows of a bar chart, top first; any value above zero shows at least a sliver."""
    top = max(values, default=0)
    eighths = [max(1, round(v / top * height * 8)) if v > 0 else 0 for v in values] if top else [0] * len(values)
    return [
        "".join(EIGHTHS[min(8, max(0, e - (row - 1) * 8))] for e in eighths)
        for row in range(height, 0, -1)
    ]  # fmt: skip


class BarChart(Widget):
    """Vertical bars for a series, with the first and last labels under them."""

    DEFAULT_CSS = """
    BarChart { height: 8; color: $success; text-wrap: nowrap; text-overflow: clip; }
    """

    values: reactive[tuple[float, ...]] = reactive(tuple, layout=False)

    def __init__(self, *, unit: str = "day", id: str | None = None, classes: str | None = None):
        super().__init__(id=id, classes=classes)
        self.unit = unit
        self.labels = ("", "")

    def plot(self, values: Sequence[float], first: str, last: str) -> None:
        self.labels = (first, last)
        self.values = tuple(values)

    def render(self) -> Content:
        columns, per_column = squeeze(self.values, self.size.width)
        rows = bar_rows(columns, max(self.size.height - 1, 1))
        scale = f"highest {max(columns, default=0):g}" + (f" per {per_column} {self.unit}s" if per_column > 1 else "")
        first, last = self.labels
        axis = f"{first} … {last}   {scale}" if first else scale
        return Content("\n".join([*rows, axis]))
