"""Deck files parsed on the machine's other cores, when a start has many to parse (a first start, or new decks).

Parsing YAML and validating the cards is most of a first start: 5.8 s at 200,000 cards on one
core. When enough text must be parsed, worker processes on the other cores parse files into the
parse cache alongside this process, each sending back the deck's header and its cards as the
store takes them; the library takes the results in its own order, so the decks load exactly
as they would one by one.

A process with one thread (a command, a script) forks its workers: they start at once, with its
modules already loaded. The app opens its decks on a thread, and forking a process with threads
can leave a lock held forever in the child, so its workers come from a fork server (a fresh,
single-threaded process), which takes a fifth of a second to start and load what parsing needs.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from contextlib import AbstractContextManager, nullcontext, redirect_stderr
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Self

from peerquiz.core.decks.cache import parse_with_header
from peerquiz.core.decks.header import DeckHeader
from peerquiz.core.decks.loader import DeckError, DeckLoadError, read_deck_file
from peerquiz.core.decks.specs import card_specs
from peerquiz.core.store.records import CardSpec

if TYPE_CHECKING:  # multiprocessing loads only when a start has enough to parse (5 ms of every first card)
    from concurrent.futures import Future, ProcessPoolExecutor

# Below this much text, this process can end up waiting for the last files while a worker that holds them in
# its queue is still starting: half a second of parsing on one core for a fork server's worker (a fifth of a
# second to start); a tenth for a forked one, whose own first parse loads PyYAML and builds the card models
# (the bundled decks' 670 KB took as long either way, 1.15 MB a seventh less time with a forked worker).
WORTH_BYTES = {"fork": 1024 * 1024, "forkserver": 4 * 1024 * 1024, "spawn": 4 * 1024 * 1024}

Parsed = tuple[DeckHeader, list[CardSpec]]


def parse_into_cache(path: Path, cache_dir: Path) -> Parsed | list[DeckError]:
    """Parse one deck file into the parse cache: its header and its cards as the store takes them, or its errors."""
    try:
        header, deck = parse_with_header(read_deck_file(path), cache_dir)
    except DeckLoadError as exc:
        return exc.errors
    return header, card_specs([deck])


def _from_worker(pending: Future[Parsed | list[DeckError]], path: Path, cache_dir: Path) -> Parsed | list[DeckError]:
    from concurrent.futures.process import BrokenProcessPool

    try:
        return pending.result()
    except BrokenProcessPool:  # a worker died (out of memory, killed): the file is parsed here
        return parse_into_cache(path, cache_dir)


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the cores this process may run on, not the machine's
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _start_method() -> str:
    """How workers start: forked from this process when it has no other thread (on Linux: elsewhere a fork can
    break system libraries), else from a fork server, or as fresh interpreters where there is none."""
    import threading

    if sys.platform == "linux" and threading.active_count() == 1:
        return "fork"
    return "forkserver" if sys.platform != "win32" else "spawn"


def _stderr_with_a_descriptor() -> AbstractContextManager[object]:
    """The real stderr while processes start, if sys.stderr has no file descriptor.

    Textual puts a capture with none (its fileno is -1) in sys.stderr while the app runs, and
    multiprocessing hands stderr's descriptor to the process that tracks its resources: -1 fails.
    Nothing prints in the moment the workers take to start.
    """
    try:
        usable = sys.stderr.fileno() >= 0
    except (AttributeError, OSError, ValueError):  # no fileno at all: multiprocessing passes none
        usable = True
    return nullcontext() if usable or sys.__stderr__ is None else redirect_stderr(sys.__stderr__)


class ParsePool:
    """The files given, in order: this process parses them from the first, and workers on the other cores, when
    they are worth starting, from the last; ``parsed`` takes a file a worker has not started, or waits for it.

    Meeting in the middle, this process parses while the workers start instead of waiting for them, and takes
    over whatever they have not reached.
    """

    def __init__(self, files: Iterable[tuple[Path, int]], cache_dir: Path):
        """``files``: each file to parse, in the order they will be asked for, with its size in bytes."""
        files = list(files)
        self._cache_dir = cache_dir
        self._pending: dict[Path, Future[Parsed | list[DeckError]]] = {}
        self._pool: ProcessPoolExecutor | None = None
        workers = min(_cores() - 1, len(files) - 1)  # this process parses too
        if workers < 1:
            return
        method = _start_method()
        if sum(size for _, size in files) < WORTH_BYTES[method]:
            return
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        with _stderr_with_a_descriptor():  # the workers start with the first task
            self._pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method))
            self._pending = {path: self._pool.submit(parse_into_cache, path, cache_dir) for path, _ in reversed(files)}

    def parsed(self, path: Path) -> Parsed:
        """The file's header and cards, from a worker when one has it; DeckLoadError with its errors if it has any."""
        pending = self._pending.pop(path, None)
        if pending is None or pending.cancel():  # no worker has started it: parsed here
            result = parse_into_cache(path, self._cache_dir)
        else:
            result = _from_worker(pending, path, self._cache_dir)
        if isinstance(result, list):
            raise DeckLoadError(result)
        return result

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
