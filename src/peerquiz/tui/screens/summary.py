"""The end of a session: how it went and when the next card is due."""

from __future__ import annotations

from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.content import Content
from textual.widgets import Button, Static

from peerquiz.core.clock import local_zone
from peerquiz.core.study.scheduling import format_interval
from peerquiz.core.study.session import StudySession
from peerquiz.tui.screens.base import PeerquizScreen
from peerquiz.tui.widgets.key_footer import KeyFooter


def describe_due(due: datetime | None, now: datetime) -> str:
    if due is None:
        return "no studied card scheduled"
    local = due.astimezone(local_zone())
    return f"in {format_interval(due - now)} ({local:%a %H:%M})"


def describe_duration(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes}m {rest:02d}s" if minutes else f"{rest}s"


class SummaryScreen(PeerquizScreen[None]):
    BINDINGS = [Binding("enter,space,escape,q", "home", "Back to decks", key_display="enter")]
    HELP_TITLE = "Session summary"

    def __init__(self, session: StudySession, title: str):
        super().__init__()
        self.session = session
        self.title_text = title

    def compose(self) -> ComposeResult:
        summary = self.session.summary
        accuracy = f"{summary.accuracy:.0%}  ({summary.recalled} of {summary.reviewed} not Again)" if summary.accuracy is not None else "–"
        rows = [
            ("Cards reviewed", str(summary.reviewed)),
            ("Accuracy", accuracy),
            ("Time spent", describe_duration(summary.seconds)),
            ("Next due", self._next_due()),
        ]
        with Vertical(id="summary"):
            yield Static(Content.assemble(("Session done: ", "bold"), self.title_text), classes="title")
            for label, value in rows:
                yield Static(Content.assemble((f"{label:<16}", "bold"), value), classes="summary-row")
            with Center():
                yield Button("Back to decks", id="home", variant="primary")
        yield KeyFooter(compact=True)

    def _next_due(self) -> str:
        ready = self.session.ready_now()
        if ready:
            return f"now: {ready} card{'s' if ready != 1 else ''} to study"
        return describe_due(self.session.next_due(), self.session.clock())

    @on(Button.Pressed, "#home")
    def action_home(self) -> None:
        self.dismiss()
