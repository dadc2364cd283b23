"""Time left in an exam, shown in the screen's header bar."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import Static

from peerquiz.core.exams.assembly import format_clock

WARN_AT = timedelta(minutes=5)


class Countdown(Static):
    DEFAULT_CSS = """
    Countdown { width: auto; padding: 0 1; text-style: bold; }
    Countdown.-low { background: $error; color: $text; }
    """

    def show(self, left: timedelta) -> None:
        self.update(f"⏱ {format_clock(left)} left")
        self.set_class(left <= WARN_AT, "-low")
