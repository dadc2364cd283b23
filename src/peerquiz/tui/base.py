"""What every peerquiz app shares: one stylesheet, ? for help on the screen in front, and the editor."""

from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path

from textual.app import App, SuspendNotSupported
from textual.binding import Binding


class PeerquizBase(App[None]):
    CSS_PATH = Path(__file__).parent / "app.tcss"  # not relative: Textual would look beside each subclass
    BINDINGS = [Binding("question_mark", "help", "Help", key_display="?")]

    def action_help(self) -> None:
        from peerquiz.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def edit_file(self, path: str, line: int) -> bool:
        """Open a deck file at a line in $VISUAL / $EDITOR (vi if unset), suspending the app meanwhile.

        Returns whether the editor ran; if it could not, the learner is told why.
        """
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        command = [*shlex.split(editor), f"+{line}", path]
        try:
            with self.suspend():
                subprocess.run(command, check=False)
        except (SuspendNotSupported, OSError) as exc:
            self.notify(f"Could not open the editor ({command[0]}): {exc}", severity="error")
            return False
        return True
