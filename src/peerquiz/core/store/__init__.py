"""Progress store: SQLModel tables behind a small API of plain values."""

from peerquiz.core.store.history import Bucket, Leech, RetentionCount, StateCounts
from peerquiz.core.store.migrate import StoreError
from peerquiz.core.store.store import CardFilter, CardSpec, Store, SyncReport
from peerquiz.core.store.summaries import DeckCount

__all__ = [
    "Bucket", "CardFilter", "CardSpec", "DeckCount", "Leech", "RetentionCount", "StateCounts", "Store",
    "StoreError", "SyncReport",
]  # fmt: skip
