"""What every peerquiz app shares: one stylesheet, and ? for help on the screen in front."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.binding import Binding

from peerquiz.tui.screens.base import PeerquizScreen
from peerquiz.tui.screens.help import HelpScreen


class PeerquizBase(App[None]):
    CSS_PATH = Path(__file__).parent / "app.tcss"  # not relative: Textual would look beside each subclass
    BINDINGS = [Binding("question_mark", "help", "Help", key_display="?")]
    # Screens narrower than 70 columns get the class -narrow; app.tcss tightens their layout with it.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (70, "-wide")]

    def action_help(self) -> None:
        screen = self.screen
        if isinstance(screen, PeerquizScreen) and not isinstance(screen, HelpScreen):
            self.push_screen(HelpScreen(screen))
