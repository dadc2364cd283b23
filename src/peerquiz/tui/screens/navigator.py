"""Jump to any question of an exam; shows which are answered, unanswered or marked."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.widgets import Button, Static

from peerquiz.tui.screens.base import PeerquizModal
from peerquiz.tui.widgets.key_footer import KeyFooter


def _list(indices: list[int]) -> str:
    return ", ".join(str(i + 1) for i in indices) if indices else "none"


def button_label(number: int, answered: bool, marked: bool) -> str:
    """The question's number with a sign for each state, so the grid does not rely on its colours."""
    return f"{number}{'●' if answered else ''}{'⚑' if marked else ''}"


class QuestionButton(Button):
    def __init__(self, index: int, label: str, classes: str):
        super().__init__(label, id=f"q{index}", classes=classes, compact=True)
        self.index = index


class QuestionScroll(VerticalScroll, inherit_bindings=False):
    """Scrolls on a short screen; its arrow keys would scroll instead of moving between questions."""


class NavigatorScreen(PeerquizModal[int | None]):
    """Dismisses with the chosen question's index, or None on Escape."""

    BINDINGS = [
        Binding("right", "step(1)", "Move", key_display="←↑↓→"),
        Binding("left", "step(-1)", "Move", show=False),
        Binding("down", "step_row(1)", "Move", show=False),
        Binding("up", "step_row(-1)", "Move", show=False),
        Binding("enter", "go", "Go to", priority=True),  # before the focused button's own, so the footer shows it
        Binding("escape,g", "dismiss(None)", "Back", key_display="esc"),
    ]

    def __init__(self, chosen: list[str | None], marked: list[bool], current: int):
        super().__init__()
        self.chosen = chosen
        self.marked = marked
        self.current = current

    def compose(self) -> ComposeResult:
        unanswered = [i for i, c in enumerate(self.chosen) if c is None]
        marked = [i for i, m in enumerate(self.marked) if m]
        with QuestionScroll():  # the focused button stays in view
            yield Static("Go to question — ● answered (green), ⚑ marked for review (yellow), plain: unanswered")
            with Grid():
                for i, chosen in enumerate(self.chosen):
                    classes = ["answered" if chosen is not None else "unanswered"]
                    if self.marked[i]:
                        classes.append("marked")
                    if i == self.current:
                        classes.append("current")
                    label = button_label(i + 1, chosen is not None, self.marked[i])
                    yield QuestionButton(i, label, " ".join(classes))
            yield Static(f"Unanswered ({len(unanswered)}): {_list(unanswered)}", classes="summary", id="unanswered")
            yield Static(f"Marked ({len(marked)}): {_list(marked)}", id="marked")
        # Its own footer: the exam's below would list keys that do nothing while this is open.
        yield KeyFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one(f"#q{self.current}", Button).focus()

    def action_step(self, step: int) -> None:
        focused = self.focused
        at = focused.index if isinstance(focused, QuestionButton) else self.current
        self.query_one(f"#q{max(0, min(len(self.chosen) - 1, at + step))}", Button).focus()

    def action_step_row(self, rows: int) -> None:
        # app.tcss sets ten buttons a row, seven on narrow screens
        self.action_step(rows * (self.query_one(Grid).styles.grid_size_columns or 1))

    def action_go(self) -> None:
        if isinstance(self.focused, Button):
            self.focused.press()

    @on(Button.Pressed)
    def _chosen(self, event: Button.Pressed) -> None:
        event.stop()
        if isinstance(event.button, QuestionButton):
            self.dismiss(event.button.index)
