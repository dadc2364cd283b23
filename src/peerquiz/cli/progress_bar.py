"""A progress bar for long imports and exports, drawn on stderr only when a person watches it."""

from __future__ import annotations

import sys
from typing import Self, TextIO

BAR_WIDTH = 30


class ProgressBar:
    """Called with (done, total); draws only on a terminal and only for jobs of ``minimum`` steps or more."""

    def __init__(self, label: str, stream: TextIO | None = None, minimum: int = 500) -> None:
        self.label = label
        self.stream = stream or sys.stderr
        self.minimum = minimum
        self._shown_percent = -1

    def __call__(self, done: int, total: int) -> None:
        if total < self.minimum or not self.stream.isatty():
            return
        percent = done * 100 // total
        if percent == self._shown_percent:
            return  # redraw once per percent, not once per card
        self._shown_percent = percent
        filled = BAR_WIDTH * done // total
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        self.stream.write(f"\r{self.label} [{bar}] {percent:3d}% {done}/{total}")
        self.stream.flush()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._shown_percent >= 0:
            self.stream.write("\r\033[K")  # clear the bar so the summary starts on a clean line
            self.stream.flush()
