"""Reading the store off the UI thread, so that a large collection never freezes a screen.

A screen shows a placeholder ("…") at once, the read runs in a thread worker, and the figures
replace the placeholder when it is done; a read still going after PROGRESS_AFTER says what it is doing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from textual.screen import Screen
from textual.worker import get_current_worker

from peerquiz.core.decks.gc_pause import collector_paused

if TYPE_CHECKING:
    from peerquiz.core.store import Store

Result = TypeVar("Result")

PROGRESS_AFTER = 0.3  # seconds: quicker than this, a progress line would only flicker


def read_off_ui_thread(
    screen: Screen[Any], store: Store, read: Callable[[], Result], show: Callable[[Result], None], group: str
) -> None:
    """Run ``read`` in a thread worker and hand its result to ``show`` on the UI thread.

    A newer read of the same ``group`` cancels an older one, whose result is dropped. An in-memory
    store has one shared connection, which the UI thread may be using: there ``read`` runs at once,
    on the UI thread (such a store is small: tests and trials).
    """
    if not store.readable_from_any_thread:
        show(read())
        return

    def in_thread() -> None:
        # A read makes many objects and no cycles. The collector's passes over every live object (seconds on a
        # large collection) hold the interpreter lock, and so the UI thread, however the read is threaded.
        with collector_paused():
            result = read()
        if not get_current_worker().is_cancelled:
            screen.app.call_from_thread(show, result)

    screen.run_worker(in_thread, thread=True, exclusive=True, group=group)
