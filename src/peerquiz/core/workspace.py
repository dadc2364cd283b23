"""Open what a session works with: the store and the decks, synced together."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from peerquiz.core.decks.gc_pause import collector_paused
from peerquiz.core.decks.library import Library
from peerquiz.core.store import Store


@dataclass
class Workspace:
    store: Store
    library: Library

    @classmethod
    def open(cls, db_url: str, deck_paths: Iterable[Path], cache_dir: Path | None = None) -> Workspace:
        """Open (creating or upgrading) the database and sync the decks into it.

        Deck files with errors are left out; their errors are in ``library.errors``.
        """
        # What opening makes (the store, the decks' headers, the modules loaded for them) lives as long as the
        # process and holds no garbage: frozen, the cycle collector never walks it again, during the session or
        # at exit. That was a sixth of a first card. The price: a cycle already garbage now is never collected.
        with collector_paused(freeze=True):
            store = Store.open(db_url)
            library = Library.load(deck_paths, cache_dir, store.cards.fingerprints())
            library.sync(store.cards)
        return cls(store, library)

    def close(self) -> None:
        self.store.close()
