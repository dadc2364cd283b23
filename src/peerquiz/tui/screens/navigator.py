"""Jump to any question of an exam; shows which are answered, unanswered or marked."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static

COLUMNS = 10


def _list(indices: list[int]) -> str:
    return ", ".join(str(i + 1) for i in indices) if indices else "none"


class NavigatorScreen(ModalScreen[int | None]):
    """Dismisses with the chosen question's index, or None on Escape."""

    DEFAULT_CSS = f"""
    NavigatorScreen {{ align: center middle; }}
    NavigatorScreen > Vertical {{ width: {COLUMNS * 7 + 6}; height: auto; max-height: 90%;
        border: thick $primary; background: $surface; padding: 0 1; }}
    NavigatorScreen Grid {{ grid-size: {COLUMNS}; grid-gutter: 0 1; height: auto; }}
    NavigatorScreen Button {{ width: 6; min-width: 6; }}
    NavigatorScreen Button.unanswered {{ text-style: dim; }}
    NavigatorScreen Button.answered {{ background: $success-darken-2; }}
    NavigatorScreen Button.marked {{ background: $warning-darken-2; }}
    NavigatorScreen Button.current {{ text-style: bold reverse; }}
    NavigatorScreen .summary {{ margin: 1 0 0 0; }}
    """
    BINDINGS = [
        Binding("right", "step(1)", "Move", key_display="←↑↓→"),
        Binding("left", "step(-1)", "Move", show=False),
        Binding("down", f"step({COLUMNS})", "Move", show=False),
        Binding("up", f"step(-{COLUMNS})", "Move", show=False),
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
        with Vertical():
            yield Static("Go to question — green: answered, dim: unanswered, ⚑ yellow: marked for review")
            with Grid():
                for i, chosen in enumerate(self.chosen):
                    classes = ["answered" if chosen is not None else "unanswered"]
                    if self.marked[i]:
                        classes.append("marked")
                    if i == self.current:
                        classes.append("current")
                    label = f"{i + 1}⚑" if self.marked[i] else str(i + 1)
                    yield Button(label, id=f"q{i}", classes=" ".join(classes), compact=True)
            yield Static(f"Unanswered ({len(unanswered)}): {_list(unanswered)}", classes="summary", id="unanswered")
            yield Static(f"Marked ({len(marked)}): {_list(marked)}", id="marked")
        # Its own footer: the exam's below would list keys that do nothing while this is open.
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one(f"#q{self.current}", Button).focus()

    def action_step(self, step: int) -> None:
        focused = self.focused
        at = int(focused.id.removeprefix("q")) if isinstance(focused, Button) else self.current
        self.query_one(f"#q{max(0, min(len(self.chosen) - 1, at + step))}", Button).focus()

    def action_go(self) -> None:
        if isinstance(self.focused, Button):
            self.focused.press()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(int(event.button.id.removeprefix("q")))
