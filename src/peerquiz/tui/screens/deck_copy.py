"""Before a bundled deck is edited: offer to copy it into the learner's own decks folder."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from textual.app import App

from peerquiz.config import bundled_decks_dir, own_decks_dir
from peerquiz.core.decks.own_copy import copy_for_editing
from peerquiz.tui.screens.dialog import Dialog


def with_editable_file(app: App[Any], deck_file: Path, edit: Callable[[Path], Awaitable[None] | None]) -> None:
    """Call ``edit`` with the file to edit: the deck's own, or (once the learner agrees) a copy of a bundled deck.

    An upgrade replaces the bundled files, so edits made there would be lost.
    """
    if not deck_file.resolve().is_relative_to(bundled_decks_dir().resolve()):
        app.call_next(edit, deck_file)
        return
    own = own_decks_dir()

    def answered(choice: str | None) -> None:
        if choice != "copy":
            return
        try:
            copy = copy_for_editing(deck_file, own)
        except OSError as exc:
            app.notify(f"Could not copy the deck to {own}: {exc.strerror or exc}", severity="error", markup=False)
            return
        app.notify(f"Editing your copy, {copy}; it replaces the bundled deck and keeps your progress.", markup=False)
        app.call_next(edit, copy)

    question = (f"This deck comes with peerquiz, and an upgrade would overwrite edits to it. "
                f"Copy it to {own} and edit the copy? Your progress stays with it.")  # fmt: skip
    app.push_screen(Dialog(question, [("copy", "Copy and edit"), ("cancel", "Cancel")]), answered)
