"""The help overlay: every key of the screen below it, grouped, with notes."""

from __future__ import annotations

from typing import Any

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from peerquiz.tui.screens.base import PeerquizModal, PeerquizScreen

EVERYWHERE = [
    ("?", "Show this help"),
    ("ctrl+p", "Command palette: study settings, change theme (light or dark), quit"),
    ("ctrl+q", "Quit the app"),
]


def key_rows(app: App[Any], bindings: list[Binding]) -> list[tuple[str, str]]:
    """One row per description, keys joined: 'a–e, 1, 2, …  Pick'.

    A binding's tooltip, where it has one, is its longer description: the footer shows the short one.
    """
    rows: dict[str, list[str]] = {}
    for binding in bindings:
        if not binding.description:
            continue
        keys = rows.setdefault(binding.tooltip or binding.description, [])
        shown = binding.key_display or app.get_key_display(binding)
        if shown not in keys:
            keys.append(shown)
    return [(", ".join(keys), description) for description, keys in rows.items()]


class HelpScreen(PeerquizModal[None]):
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close help", key_display="esc")]

    def __init__(self, below: PeerquizScreen[object]):
        super().__init__()
        self.below = below

    def compose(self) -> ComposeResult:
        lines: list[Content] = []
        for heading, bindings in [*self.below.help_sections(), ("Everywhere", [])]:
            rows = key_rows(self.app, bindings) if bindings else EVERYWHERE
            width = max(14, *(len(keys) + 1 for keys, _ in rows))  # long key lists still keep a gap
            lines.append(Content.styled(heading, "bold underline"))
            lines.extend(Content.assemble((f"  {keys:<{width}}", "bold $text-accent"), description) for keys, description in rows)
            lines.append(Content(""))
        for note in self.below.HELP_NOTES:
            lines.append(Content(note))
            lines.append(Content(""))
        lines.append(Content.styled("esc, q or ? closes this help.", "italic"))
        with VerticalScroll(id="help"):
            yield Static(Content("\n").join(lines))

    def on_click(self) -> None:
        self.dismiss()
