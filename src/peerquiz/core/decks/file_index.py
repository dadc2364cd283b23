"""Which parse-cache entry each deck file names, remembered by the file's status: no need to read it again.

The parse cache finds a deck by a hash of the file's bytes, so a start whose decks all come from the
cache still read and hashed every deck file: 58 MB and 55 ms at 200,000 cards, before the first card.
Here a file whose status (size, modification and change times, inode, device) is exactly as recorded
is taken to hold the bytes it held then, as git trusts its index. Writing a file sets its change time
to the moment of writing, and no tool can set it back; only a second write within the same tick of
the clock could go unseen, so a file is recorded only once a second has passed since its last change.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from peerquiz import __version__
from peerquiz.core.decks.cache import CACHE_FORMAT, write_atomically

INDEX_NAME = "files.json"
SETTLED_NS = 1_000_000_000  # a file changed more recently than this is hashed again next time


def _status(stat: os.stat_result) -> list[int]:
    return [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, stat.st_dev]


class FileIndex:
    """Deck file path -> (its status when recorded, the name of the cache entry its bytes hash to)."""

    def __init__(self, cache_dir: Path):
        self._path = cache_dir / INDEX_NAME
        self._stamp = f"{CACHE_FORMAT} {__version__}"  # entry names depend on both
        self._files: dict[str, tuple[list[int], str]] = {}
        self._changed = False
        try:
            saved = json.loads(self._path.read_bytes())
            if saved["stamp"] == self._stamp:
                self._files = {path: (status, name) for path, (status, name) in saved["files"].items()}
        except (OSError, ValueError, KeyError, TypeError):  # none yet, or unreadable: every file is hashed
            pass

    def entry(self, path: Path, stat: os.stat_result) -> Path | None:
        """The cache entry of the file's bytes, if the file's status is the one recorded with it."""
        known = self._files.get(str(path))
        return self._path.parent / known[1] if known is not None and known[0] == _status(stat) else None

    def remember(self, path: Path, stat: os.stat_result, entry: Path) -> None:
        """Record the entry of the bytes read after ``stat`` was taken, unless the file changed too recently to trust."""
        status = _status(stat)
        if time.time_ns() - stat.st_ctime_ns < SETTLED_NS or self._files.get(str(path)) == (status, entry.name):
            return
        self._files[str(path)] = (status, entry.name)
        self._changed = True

    def save(self) -> None:
        if self._changed:
            files = {path: [status, name] for path, (status, name) in self._files.items()}
            write_atomically(self._path, json.dumps({"stamp": self._stamp, "files": files}).encode())
            self._changed = False
