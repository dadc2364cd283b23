"""A small modal question with a few answers, each a button with a key."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class Dialog(ModalScreen[str | None]):
    """Dismisses with the id of the answer chosen, or None on Escape."""

    DEFAULT_CSS = """
    Dialog { align: center middle; }
    Dialog > Vertical { width: 64; height: auto; border: thick $primary; background: $surface; padding: 1 2; }
    Dialog #message { margin-bottom: 1; }
    Dialog Horizontal { height: auto; align-horizontal: right; }
    Dialog Button { margin-left: 1; }
    """
    BINDINGS = [Binding("escape", "dismiss(None)", "Back")]

    def __init__(self, message: str | Text, answers: list[tuple[str, str]]):
        """``answers`` are (id, label) pairs; the first one is focused."""
        super().__init__()
        self.message = message
        self.answers = answers

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.message) if isinstance(self.message, str) else self.message, id="message")
            with Horizontal():
                for i, (answer_id, label) in enumerate(self.answers):
                    yield Button(label, id=answer_id, variant="primary" if i == 0 else "default")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id)
