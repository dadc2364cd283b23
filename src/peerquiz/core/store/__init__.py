"""Progress store: SQLModel tables behind one façade of plain values.

Lazy on purpose: the screens import plain values from here (``CardFilter``,
records) before the first frame, and SQLAlchemy loads only when a name that
needs it is asked for.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from peerquiz.core.store.card_filter import CardFilter
    from peerquiz.core.store.errors import StoreError
    from peerquiz.core.store.history import DayTotal, Leech, RetentionCount, StateCounts
    from peerquiz.core.store.records import CardSpec, SyncReport
    from peerquiz.core.store.store import Store
    from peerquiz.core.store.summaries import DeckCount

_HOMES = {
    "CardFilter": "card_filter", "CardSpec": "records", "DayTotal": "history", "DeckCount": "summaries",
    "Leech": "history", "RetentionCount": "history", "StateCounts": "history", "Store": "store",
    "StoreError": "errors", "SyncReport": "records",
}  # fmt: skip
__all__ = [
    "CardFilter", "CardSpec", "DayTotal", "DeckCount", "Leech", "RetentionCount", "StateCounts", "Store",
    "StoreError", "SyncReport",
]  # fmt: skip


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_HOMES[name]}"), name)
