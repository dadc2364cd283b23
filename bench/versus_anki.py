"""peerquiz against Anki's own backend: the same work on the same collection, in the same run.

For each size, bench/collection.py builds a peerquiz collection and bench/anki_side.py builds
the same cards, memory states and review log in an Anki collection (FSRS on). Each measure
then runs on both, alternately, and the table gives the ratio peerquiz / Anki (below 1 means
peerquiz is faster; for rates, above 1 means peerquiz is faster).

Anki's package is never a peerquiz dependency; it lives in its own environment:
    python3 -m venv /tmp/anki-venv && /tmp/anki-venv/bin/pip install anki
    python bench/versus_anki.py [WORKDIR] [SIZES]      # SIZES like 1000,10000,50000
ANKI_PYTHON names another interpreter with Anki installed.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
from collection import build, compile_bytecode, peak_rss_kb

ANKI_PYTHON = os.environ.get("ANKI_PYTHON", "/tmp/anki-venv/bin/python")
ANSWERS = 1000
RUNS = 7
FIRST_CARD_RUNS = 5
IMPORT_RUNS = 3
# In the order the app takes: the store's modules load as it opens the workspace, the collector paused
# (tui/app.py), and the study session's module after.
FIRST_CARD = """
import sys
from pathlib import Path
from peerquiz.core.decks.gc_pause import collector_paused
with collector_paused(freeze=True):
    from peerquiz.core.workspace import Workspace
    workspace = Workspace.open(sys.argv[1], [Path(sys.argv[2])], Path(sys.argv[3]) if len(sys.argv) > 3 else None)
from peerquiz.core.study.session import StudySession
profile = workspace.store.profiles.named("bench")
StudySession(workspace.store, workspace.library, profile).next()
"""


# -- peerquiz's side: each runs in a fresh process, as Anki's side does ------------------------


def _open(folder: Path, cache_dir: Path | None = None):  # type: ignore[no-untyped-def]
    """Open as the app does (it passes its parse cache; None parses every deck file)."""
    from peerquiz.core.workspace import Workspace

    workspace = Workspace.open(f"sqlite:///{folder / 'bench.db'}", [folder / "decks"], cache_dir)
    return workspace.store, workspace.library, workspace.store.profiles.named("bench")


def _parse_cache(folder: Path) -> Path:
    """The parse cache the app keeps (Workspace.open), here beside the collection: its entries name the deck files' paths."""
    return folder / "parse-cache"


def peerquiz_answer(folder: Path, count: int, cache_dir: Path | None = None) -> dict[str, object]:
    from peerquiz.core.store.records import Rating
    from peerquiz.core.study.session import StudySession

    store, library, profile = _open(folder, cache_dir)
    store.profiles.save_study_settings(profile.id, {"new_per_day": count, "reviews_per_day": count})
    session = StudySession(store, library, profile)
    times = []
    shown = session.next()
    for i in range(count):
        if shown is None:
            break
        start = time.perf_counter()
        session.answer(Rating.GOOD if i % 5 else Rating.AGAIN)
        shown = session.next()
        times.append(time.perf_counter() - start)
    store.close()
    return {"times": times, "max_rss_kb": peak_rss_kb()}


def peerquiz_timed(folder: Path, runs: int, work: str) -> dict[str, object]:
    from peerquiz.core.stats.statistics import compute_stats
    from peerquiz.core.study.session import StudySession
    from peerquiz.core.study.today import today

    store, library, profile = _open(folder)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        if work == "queue":
            StudySession(store, library, profile)
        elif work == "tree":
            today(store, library, profile, datetime.now(UTC))
        else:
            compute_stats(store, profile)
        times.append(time.perf_counter() - start)
    store.close()
    return {"times": times}


def peerquiz_import(folder: Path) -> dict[str, float]:
    """Cards/s to read the deck files (parse cache empty) and add them to a new database."""
    from peerquiz.core.decks.library import Library
    from peerquiz.core.store import Store

    scratch = folder / "import"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir()
    store = Store.open(f"sqlite:///{scratch / 'import.db'}")
    start = time.perf_counter()
    library = Library.load([folder / "decks"], scratch / "cache")
    library.sync(store.cards)
    elapsed = time.perf_counter() - start
    rate = sum(len(d.cards) for d in library.decks) / elapsed  # counted after: reading every deck back is not the import
    store.close()
    shutil.rmtree(scratch)
    return {"cards_per_s": rate}


# -- the orchestra ----------------------------------------------------------------------------


def _run(argv: list[str]) -> dict[str, object]:
    out = subprocess.run(argv, check=True, capture_output=True, text=True).stdout
    return json.loads(out.splitlines()[-1])


def _peerquiz(command: str, folder: Path, number: int = 0) -> dict[str, object]:
    return _run([sys.executable, __file__, f"_{command}", str(folder), str(number)])


def _anki(command: str, folder: Path, number: int = 0) -> dict[str, object]:
    return _run([ANKI_PYTHON, str(BENCH / "anki_side.py"), command, str(folder), str(number)])


def _wall(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True)
    return time.perf_counter() - start


def _p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def measure(workdir: Path, size: int) -> list[tuple[str, float, float, str]]:
    pq, anki = workdir / f"peerquiz-{size}", workdir / f"anki-{size}"
    if not (pq / "bench.db").exists():
        build(pq, size, datetime.now(UTC))
    built = anki / "build.json"  # written once the collection is made
    if not built.exists():
        shutil.rmtree(anki, ignore_errors=True)
        built.parent.mkdir(parents=True)
        built.write_text(json.dumps(_anki("build", anki, size)))
    rows: list[tuple[str, float, float, str]] = []
    # Answers change the collection: each side answers on a copy. peerquiz's answers run as the app
    # does, with its parse cache: filled by an earlier start (untimed), or empty, as on a first start.
    results = {}
    for side, source, run, command in (("peerquiz", pq, _peerquiz, "answer-warm"), ("anki", anki, _anki, "answer"),
                                       ("peerquiz", pq, _peerquiz, "answer")):  # fmt: skip
        copy = workdir / f"copy-{side}"
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(source, copy)
        if command == "answer-warm":
            _peerquiz("warm", copy)
        results[command if side == "peerquiz" else "anki"] = run(command, copy, ANSWERS)
        shutil.rmtree(copy)
    ours, theirs, cold = results["answer-warm"], results["anki"], results["answer"]
    ours_t, theirs_t = ours["times"], theirs["times"]  # type: ignore[index]
    rows.append(("answer -> next card, median (ms)", statistics.median(ours_t) * 1000, statistics.median(theirs_t) * 1000, "x"))  # type: ignore[arg-type]
    rows.append(("answer -> next card, p99 (ms)", _p99(ours_t) * 1000, _p99(theirs_t) * 1000, "x"))  # type: ignore[arg-type]
    rows.append(("RSS after the answers (MB)", ours["max_rss_kb"] / 1024, theirs["max_rss_kb"] / 1024, "x"))  # type: ignore[index,operator]
    rows.append(("RSS after the answers, first start (MB)", cold["max_rss_kb"] / 1024, theirs["max_rss_kb"] / 1024, "x"))  # type: ignore[index,operator]
    for work, label in (("queue", "today's queue (ms)"), ("tree", "home counts vs deck tree (ms)"),
                        ("graphs", "statistics vs graphs (ms)")):  # fmt: skip
        ours_r = _peerquiz("timed-" + work, pq, RUNS)["times"]
        theirs_r = _anki(work, anki, RUNS)["times"]
        rows.append((label, statistics.median(ours_r) * 1000, statistics.median(theirs_r) * 1000, "x"))  # type: ignore[arg-type]
    # In turns with Anki adding the same notes to a new collection: until the tenth round Anki's rate was the one
    # measured when its collection was built, at another time, and on a shared machine that moved the ratio by half.
    rates: dict[str, list[float]] = {"peerquiz": [], "anki": []}
    for _ in range(IMPORT_RUNS):
        rates["peerquiz"].append(_peerquiz("import", pq)["cards_per_s"])  # type: ignore[arg-type]
        rates["anki"].append(_anki("add", workdir / f"anki-add-{size}", size)["add_notes_cards_per_s"])  # type: ignore[arg-type]
    rows.append(("import (cards/s)", statistics.median(rates["peerquiz"]), statistics.median(rates["anki"]), "rate"))
    # The app keeps a parse cache of the deck files: after the first start, a start reads it (warm).
    # On the very first start it is empty (cold): every deck file is parsed into it.
    first_card = [sys.executable, "-c", FIRST_CARD, f"sqlite:///{pq / 'bench.db'}", str(pq / "decks")]
    parse_cache, empty_cache = workdir / f"parse-cache-{size}", workdir / f"parse-cache-empty-{size}"
    shutil.rmtree(parse_cache, ignore_errors=True)
    _wall([*first_card, str(parse_cache)])  # fills the cache, untimed
    first_cold, first_warm, first_theirs = [], [], []
    for _ in range(FIRST_CARD_RUNS):
        shutil.rmtree(empty_cache, ignore_errors=True)
        first_cold.append(_wall([*first_card, str(empty_cache)]))
        first_warm.append(_wall([*first_card, str(parse_cache)]))
        first_theirs.append(_wall([ANKI_PYTHON, str(BENCH / "anki_side.py"), "first", str(anki)]))
    shutil.rmtree(empty_cache, ignore_errors=True)
    for label, ours_first in (("parse cache warm", first_warm), ("parse cache empty", first_cold)):
        rows.append((f"first card, whole process, {label} (ms)", statistics.median(ours_first) * 1000,
                     statistics.median(first_theirs) * 1000, "x"))  # fmt: skip
    return rows


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1].startswith("_"):
        command, folder, number = sys.argv[1][1:], Path(sys.argv[2]), int(sys.argv[3])
        if command == "answer":  # a first start: the parse cache empty
            shutil.rmtree(_parse_cache(folder), ignore_errors=True)
            result = peerquiz_answer(folder, number, _parse_cache(folder))
        elif command == "answer-warm":
            result = peerquiz_answer(folder, number, _parse_cache(folder))
        elif command == "warm":
            _open(folder, _parse_cache(folder))[0].close()
            result = {}
        elif command.startswith("timed-"):
            result = peerquiz_timed(folder, number, command.removeprefix("timed-"))
        else:
            result = peerquiz_import(folder)
        print(json.dumps(result))
        return
    if not Path(ANKI_PYTHON).exists():
        sys.exit(f"no Anki interpreter at {ANKI_PYTHON}: see this file's docstring")
    compile_bytecode()  # as installed: Anki's side runs from compiled bytecode too
    workdir = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/peerquiz-vs-anki")
    sizes = [int(s) for s in (sys.argv[2] if len(sys.argv) > 2 else "1000,10000,50000").split(",")]
    print("| cards | measure | peerquiz | Anki | ratio |\n| --- | --- | --- | --- | --- |")
    for size in sizes:
        for label, ours, theirs, kind in measure(workdir, size):
            ratio = ours / theirs if kind == "x" else theirs / ours  # a rate: Anki's time per card over ours
            print(f"| {size:,} | {label} | {ours:,.2f} | {theirs:,.2f} | {ratio:.2f}x |", flush=True)


if __name__ == "__main__":
    main()
