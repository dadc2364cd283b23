"""Reading the store off the UI thread, so that a large collection never freezes a screen.

A screen shows a placeholder ("…") at once, the read runs in a thread worker, and the figures
replace the placeholder when it is done; a read still going after PROGRESS_AFTER says what it is doing.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

from textual.screen import Screen
from textual.worker import get_current_worker

from peerquiz.core.decks.gc_pause import collector_paused

if TYPE_CHECKING:
    from peerquiz.core.store import Store

Result = TypeVar("Result")

PROGRESS_AFTER = 0.3  # seconds: quicker than this, a progress line would only flicker
FRAME_WAIT_LIMIT = 1.0  # seconds a read waits at most for the screen's next frame (after_next_frame)


@contextmanager
def collector_quiet() -> Iterator[None]:
    """For a read in a worker thread: no cycle collection while it runs, and none over what it leaves after.

    A read makes many objects and no cycles. The collector's full passes over every live object (0.5-2.5 s
    each at 200k cards) hold the interpreter lock, and with it the UI thread, however the read is threaded.
    So the collector is held off during the read, then (once no other pause goes on) every object alive is
    frozen (``gc.freeze``): what the read kept (the loaded decks, the card ids, a session's queue) is still
    freed by reference counting when let go, but never walked again. The price: a cycle already garbage
    then is never collected.
    """
    with collector_paused(freeze=True):
        yield


def after_next_frame(screen: Screen[Any]) -> threading.Event:
    """An event set once ``screen`` has drawn its next frame, for a worker to wait on before its long work.

    A read started as a screen opens shared the interpreter (and, on a busy machine, the processor) with
    the UI thread while it styled, laid out and drew that screen, the longest step of its opening, which
    then took up to twice as long. Waiting costs the read one frame.
    """
    drawn = threading.Event()
    if not screen.call_after_refresh(drawn.set):  # a screen closing draws no more frames
        drawn.set()
    return drawn


def waited_for_frame(drawn: threading.Event) -> bool:
    """In a worker: wait for the frame ``drawn`` stands for (after_next_frame), at most FRAME_WAIT_LIMIT;
    False when the worker was cancelled meanwhile (a newer one of its group came), and should stop.
    """
    drawn.wait(FRAME_WAIT_LIMIT)
    return not get_current_worker().is_cancelled


def read_off_ui_thread(
    screen: Screen[Any], store: Store, read: Callable[[], Result], show: Callable[[Result], None], group: str
) -> None:
    """Run ``read`` in a thread worker, once the screen's next frame is drawn, and hand its result to ``show``.

    A newer read of the same ``group`` cancels an older one, whose result is dropped. An in-memory
    store has one shared connection, which the UI thread may be using: there ``read`` runs at once,
    on the UI thread (such a store is small: tests and trials).
    """
    if not store.readable_from_any_thread:
        show(read())
        return

    drawn = after_next_frame(screen)

    def in_thread() -> None:
        if not waited_for_frame(drawn):
            return
        with collector_quiet():
            result = read()
        if not get_current_worker().is_cancelled:
            screen.app.call_from_thread(show, result)

    screen.run_worker(in_thread, thread=True, exclusive=True, group=group)


def import_off_ui_thread(screen: Screen[Any], modules: tuple[str, ...]) -> None:
    """Import these modules in a thread worker, before a screen needs them.

    A screen module imported when the screen first opens (so that the app starts without it) took the UI
    thread 12-40 ms at that first opening, on top of the screen's own first frame. An import that fails
    here fails again, and says so, where the module is needed.
    """

    def in_thread() -> None:
        with collector_quiet():  # modules live as long as the app
            for name in modules:
                importlib.import_module(name)

    screen.run_worker(in_thread, thread=True, group="imports", exit_on_error=False)
