"""Bulk work with Python's cycle collector held off.

Loading decks allocates hundreds of thousands of small objects (YAML nodes,
dicts, cards) and makes no reference cycles. The collector runs every few
hundred allocations and, now and then, walks every live object, including
the cards already loaded: on a first import of 20,000 cards that walking cost
about a third of the time. Reference counting still frees everything here.

Reads in worker threads pause it too, so one thread's pause may overlap
another's: the collector comes back when the last pause ends. A pause may
also ask that every object alive then be frozen (``gc.freeze``: see
tui/background.py); the freezing waits for the last pause too, or what the
others made would be left for the collector to walk.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_pauses = 0  # pauses going on, over every thread
_resume = False  # the collector was on when the first of them began
_freeze = False  # one of them asked for a freeze at the end


@contextmanager
def collector_paused(freeze: bool = False) -> Iterator[None]:
    """Disable the cycle collector for the block; nested uses, in one thread or several, are fine.

    With ``freeze``, every object alive when the last pause ends is frozen, unless this block raised.
    """
    global _pauses, _resume, _freeze
    with _lock:
        if _pauses == 0:
            _resume = gc.isenabled()
            gc.disable()
        _pauses += 1
    finished = False
    try:
        yield
        finished = True
    finally:
        with _lock:
            _pauses -= 1
            _freeze = _freeze or (freeze and finished)
            if _pauses == 0:
                if _freeze:
                    gc.freeze()
                    _freeze = False
                if _resume:
                    gc.enable()
