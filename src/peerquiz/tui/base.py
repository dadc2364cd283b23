"""What every peerquiz app shares: one stylesheet, and ? for help on the screen in front."""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding


class PeerquizBase(App[None]):
    CSS_PATH = "app.tcss"
    BINDINGS = [Binding("question_mark", "help", "Help", key_display="?")]

    def action_help(self) -> None:
        from peerquiz.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))
