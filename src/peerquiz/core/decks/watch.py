"""One deck file watched while an instructor edits it: its last good version and its current errors.

Kept apart from the UI so the preview screen only asks "did the file change?",
"reload it" and "where do I stand now?". Nothing here writes anywhere: the parse
cache is not used, so a preview leaves no trace on disk.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from peerquiz.core.decks.cache import load_deck
from peerquiz.core.decks.loader import DeckError, DeckLoadError
from peerquiz.core.decks.model import Deck, Item

# What tells a changed file apart without reading it: inode (editors that save by
# renaming a new file over the old), modification time in nanoseconds, and size.
Stamp = tuple[int, int, int]


def file_stamp(path: Path) -> Stamp | None:
    """The file's stamp, or None when it cannot be seen (mid-save, deleted, unreadable)."""
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_ino, info.st_mtime_ns, info.st_size)


class DeckWatch:
    """A deck file and what its last reading gave: a good deck is kept while later readings have errors."""

    def __init__(self, path: Path):
        self.path = path
        self.deck: Deck | None = None  # the last version without errors
        self.errors: list[DeckError] = []  # the errors of the latest reading; empty when it was good
        self._stamp: Stamp | None = None
        self._read = False

    def changed(self) -> bool:
        """True when the file is not what was last read (always true before the first reading)."""
        return not self._read or file_stamp(self.path) != self._stamp

    def reload(self) -> bool:
        """Read the file again; True when it gave a good deck, which then replaces the last one."""
        # Stamp first: a write landing while we read changes the stamp again, so the next poll rereads.
        self._stamp = file_stamp(self.path)
        self._read = True
        try:
            self.deck = load_deck(self.path)
        except DeckLoadError as exc:
            self.errors = exc.errors
            return False
        self.errors = []
        return True


def follow(items: Sequence[Item], previous: Item | None, index: int) -> int:
    """Where to stand after a reload: on the same item, else on the same card, else at the same place."""
    if not items:
        return 0
    if previous is not None:
        item_ids = [item.item_id for item in items]
        if previous.item_id in item_ids:
            return item_ids.index(previous.item_id)
        card_ids = [item.card.id for item in items]
        if previous.card.id in card_ids:  # e.g. its reverse or a cloze gap was removed
            return card_ids.index(previous.card.id)
    return min(index, len(items) - 1)
