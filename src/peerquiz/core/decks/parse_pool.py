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
from typing import TYPE_CHECKING, Any, NamedTuple, Self

from peerquiz.core.decks.cache import parse_with_header
from peerquiz.core.decks.header import DeckHeader
from peerquiz.core.decks.loader import DeckError, DeckLoadError, read_deck_file
from peerquiz.core.decks.specs import card_specs
from peerquiz.core.store.records import CardSpec

if TYPE_CHECKING:  # multiprocessing loads only when a start has enough to parse (5 ms of every first card)
    from concurrent.futures import Future, ProcessPoolExecutor

# Below this much text, workers cost more than they take off: a fork server's worker takes a fifth of a second to
# start and load what parsing needs; a forked one starts at once, but builds the card models on its first parse
# (the bundled decks' 670 KB took as long either way, 1.15 MB a seventh less time with a forked worker).
WORTH_BYTES = {"fork": 1024 * 1024, "forkserver": 4 * 1024 * 1024, "spawn": 4 * 1024 * 1024}

Parsed = tuple[DeckHeader, list[CardSpec]]
_Claimed = tuple[int, Parsed | list[DeckError]] | None  # a worker's task: the file it claimed and its parse, or none left


class _Files(NamedTuple):
    """What each worker is given as it starts: the files, where their parses go, and the bounds of those unclaimed."""

    paths: list[Path]
    cache_dir: Path
    bounds: Any  # a shared array: [the front, the back] (see ParsePool)


_files: _Files | None = None  # in a worker: set as it starts


def parse_into_cache(path: Path, cache_dir: Path) -> Parsed | list[DeckError]:
    """Parse one deck file into the parse cache: its header and its cards as the store takes them, or its errors."""
    try:
        header, deck = parse_with_header(read_deck_file(path), cache_dir)
    except DeckLoadError as exc:
        return exc.errors
    return header, card_specs([deck])


def _work_on(files: _Files) -> None:
    global _files
    _files = files
    _parse_aside(False)


def _parse_aside(aside: bool) -> None:
    """Whether libyaml parses on a thread of its own in this process: not while this and other processes parse on
    every core (see yaml_reading.parse_aside)."""
    from peerquiz.core.decks import yaml_reading

    yaml_reading.parse_aside = aside


def _claim_last() -> _Claimed:
    """A worker's task: claim the last file nobody has claimed, and parse it; None once every file is claimed."""
    assert _files is not None, "a worker's task runs in a worker"
    with _files.bounds.get_lock():
        front, back = _files.bounds
        if back <= front:
            return None
        _files.bounds[1] = back - 1
    return back - 1, parse_into_cache(_files.paths[back - 1], _files.cache_dir)


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
    they are worth starting, from the last; ``parsed`` claims a file nobody has, or waits for a worker's parse.

    Meeting in the middle, this process parses while the workers start instead of waiting for them, and takes
    over whatever they have not reached. A worker claims a file only as it starts on it, through one shared pair
    of bounds (the front: this process's next file; the back: the workers' last). A process pool hands a worker
    its next tasks ahead of time: when each task was a file, this process, done with its own, sat idle while the
    worker parsed the two it held (a first import of 10,000 cards took a tenth longer).
    """

    def __init__(self, files: Iterable[tuple[Path, int]], cache_dir: Path):
        """``files``: each file to parse, in the order they will be asked for, with its size in bytes."""
        files = list(files)
        self._cache_dir = cache_dir
        self._index = {path: index for index, (path, _) in enumerate(files)}
        self._done: dict[int, Parsed | list[DeckError]] = {}  # the workers' parses, by index
        self._pending: set[Future[_Claimed]] = set()
        self._pool: ProcessPoolExecutor | None = None
        workers = min(_cores() - 1, len(files) - 1)  # this process parses too
        if workers < 1:
            return
        method = _start_method()
        if sum(size for _, size in files) < WORTH_BYTES[method]:
            return
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        context = multiprocessing.get_context(method)
        try:
            with _stderr_with_a_descriptor():  # the bounds' lock starts the resource tracker, the workers start with the first task
                self._bounds = context.Array("l", [0, len(files)])
                given = _Files([path for path, _ in files], cache_dir, self._bounds)
                self._pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_work_on, initargs=(given,))
                self._pending = {self._pool.submit(_claim_last) for _ in files}
        except (ImportError, NotImplementedError, OSError, BrokenProcessPool):
            # No working semaphores (some containers, Termux), no process to spare, or a worker that died while the
            # tasks were handed out (the pool then refuses the rest): every file is parsed here, any a worker took too.
            if self._pool is not None:
                self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool, self._pending = None, set()
        if self._pool is not None:
            _parse_aside(False)

    def parsed(self, path: Path) -> Parsed:
        """The file's header and cards, from a worker when one has it; DeckLoadError with its errors if it has any."""
        index = self._index[path]
        if self._pool is not None and not self._claimed_here(index):
            self._wait_for(index)
        result = self._done.pop(index, None)
        if result is None:  # this process's own file, or one a worker held when it died
            result = parse_into_cache(path, self._cache_dir)
        if isinstance(result, list):
            raise DeckLoadError(result)
        return result

    def _claimed_here(self, index: int) -> bool:
        """Whether this process has the file: claimed now (with every file before it), unless a worker has."""
        with self._bounds.get_lock():
            if index >= self._bounds[1]:
                return False
            self._bounds[0] = max(self._bounds[0], index + 1)
            return True

    def _wait_for(self, index: int) -> None:
        """Take the workers' parses as they come, until this file's, or until none can come (a worker died)."""
        from concurrent.futures import FIRST_COMPLETED, wait
        from concurrent.futures.process import BrokenProcessPool

        while index not in self._done and self._pending:
            finished, self._pending = wait(self._pending, return_when=FIRST_COMPLETED)
            for task in finished:
                try:
                    claimed = task.result()
                except BrokenProcessPool:  # a worker died (out of memory, killed): what it held is parsed here
                    self._pending = set()
                    continue
                if claimed is not None:
                    self._done[claimed[0]] = claimed[1]

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            _parse_aside(True)
