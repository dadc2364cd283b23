"""`peerquiz preview DECK`: the instructor's live preview of one deck file, with no profile and no database."""

from __future__ import annotations

from pathlib import Path

from textual.screen import Screen

from peerquiz.core.decks.watch import DeckWatch
from peerquiz.tui.base import PeerquizBase
from peerquiz.tui.screens.preview import PreviewScreen

POLL_SECONDS = 0.5  # a save shows within half a second; a stat call this often costs nothing


class PreviewApp(PeerquizBase):
    TITLE = "peerquiz preview"

    def __init__(self, path: Path, poll_seconds: float | None = POLL_SECONDS):
        """``poll_seconds=None`` turns watching off, for tests that reload by hand."""
        super().__init__()
        self.path = path
        self.poll_seconds = poll_seconds

    def get_default_screen(self) -> Screen:
        return PreviewScreen(DeckWatch(self.path), self.poll_seconds)
