"""A small modal question with a few answers, each a button with a key."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Static

from peerquiz.tui.screens.base import PeerquizModal


class Dialog(PeerquizModal[str | None]):
    """Dismisses with the id of the answer chosen, or None on Escape."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Back")]

    def __init__(self, message: str | Content, answers: list[tuple[str, str]]):
        """``answers`` are (id, label) pairs; the first one is focused. A str message is shown as plain text."""
        super().__init__()
        self.message = Content(message) if isinstance(message, str) else message
        self.answers = answers

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.message, id="message")
            with Horizontal():
                for i, (answer_id, label) in enumerate(self.answers):
                    yield Button(label, id=answer_id, variant="primary" if i == 0 else "default")

    @on(Button.Pressed)
    def _answered(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id)
