"""Progress store: SQLModel tables behind a small API of plain values."""

from peerquiz.core.store.migrate import StoreError
from peerquiz.core.store.store import CardFilter, CardSpec, DeckCount, Store, SyncReport

__all__ = ["CardFilter", "CardSpec", "DeckCount", "Store", "StoreError", "SyncReport"]
