"""Time to first card and peak memory of the real app, in a pseudo-terminal.

References, measured in the same run: a bare Textual app that paints one
label (the goal's reference), and a skeleton of the review screen: the same
widgets, ids and stylesheet as the real one, holding a fixed question, with no
deck, store or scheduler behind it. The skeleton is the floor for this screen
on this Textual version: whatever peerquiz does to pick and load the card comes
on top of it. Three more references show the skeleton after reading data: after
the least a first card needs (its row and its deck's cached parse, read with
sqlite3 and json alone); the same after importing peerquiz's pydantic deck
models, which the architecture makes the card values; and after importing
SQLModel (with SQLAlchemy and pydantic), the floor for any first card read
through peerquiz's store.
The app's own first frame ("Loading decks…", painted before the store loads) is
timed too. Each program runs in a fresh pty (100x30); the clock stops when the
marker text first appears in what the program wrote to the terminal. Peak
RSS is read from /proc (VmHWM) three seconds later, while the program is still running.

Usage: python bench/startup.py [WORKDIR] [RUNS]   (builds the collection if missing)
"""

from __future__ import annotations

import os
import pty
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from collection import build, compile_bytecode

BARE_APP = """
from textual.app import App
from textual.widgets import Label

class Bare(App):
    def compose(self):
        yield Label("bare app ready")

Bare().run()
"""
# The review screen's layout (see ReviewScreen.compose) and the app's stylesheet, with no data.
REVIEW_SKELETON = """
import sys
from textual.app import App
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

class Review(Screen):
    def compose(self):
        yield Static("Deck · multiple choice · new · 20 left · ? help", id="status")
        with VerticalScroll(id="card-area"):
            with Vertical(id="card-slot"):
                yield Static("Which response keeps the focus on the person's own goals?")
                for letter in "abcd":
                    yield Static(f"{letter}  A choice of about this length for the question")
            yield Static(id="verdict", classes="after")
            yield Static(id="explanation", classes="after")
        with Horizontal(id="actions"):
            yield Button("Check", id="submit", variant="primary")
            for grade in range(1, 5):
                yield Button(str(grade), id=f"grade-{grade}", classes="grade")
        yield Footer(compact=True)

class Skeleton(App):
    CSS_PATH = sys.argv[1]

    def on_mount(self):
        self.push_screen(Review())

Skeleton().run()
"""
# The store's stack, which the first card needs (progress lives in SQLModel tables).
STORE_SKELETON = "import sqlmodel\n" + REVIEW_SKELETON
# The least any first card needs, read with the standard library only (no SQLAlchemy, SQLModel,
# pydantic or py-fsrs): the earliest due card's row, and its deck's parse from the cache.
MINIMAL_DATA_SKELETON = """
import glob, json, sqlite3, sys
store = sqlite3.connect(sys.argv[2])
deck_id, item_id = store.execute(
    "SELECT c.deck_id, c.item_id FROM card_state s JOIN card c ON c.id = s.card_id"
    " WHERE s.user_id = 1 ORDER BY s.due LIMIT 1").fetchone()
for head in glob.glob(sys.argv[3] + "/*.head.json"):
    with open(head) as header:
        if json.load(header)["id"] == deck_id:
            with open(head.removesuffix(".head.json") + ".json") as parsed:  # the deck, its card ids, a card a line
                _, ids, *cards = parsed.read().split("\\n")
                card = json.loads(cards[json.loads(ids).index(item_id)])
            break
""" + REVIEW_SKELETON
# The same, with peerquiz's deck models imported first: the architecture makes card values pydantic models.
MODELS_SKELETON = "import peerquiz.core.decks.model\n" + MINIMAL_DATA_SKELETON
STYLESHEET = Path(__file__).resolve().parents[1] / "src" / "peerquiz" / "tui" / "app.tcss"
TIMEOUT_S = 60
SETTLE_S = 3.0
# The review screen's status line ("Deck · kind · new · 20 left · ? help") shows on every card kind.
REVIEW_MARKER = b" left"
LOADING_MARKER = b"Loading decks"


def _peak_rss_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def time_to_marker(command: list[str], marker: bytes, env: dict[str, str]) -> tuple[float, int]:
    """Seconds from start until ``marker`` is on screen, and peak RSS (KiB) at that point."""
    leader, follower = pty.openpty()
    os.set_blocking(leader, False)
    env = {**env, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"}
    start = time.perf_counter()
    process = subprocess.Popen(command, stdin=follower, stdout=follower, stderr=follower, env=env, close_fds=True)
    os.close(follower)
    seen = b""
    try:
        while time.perf_counter() - start < TIMEOUT_S:
            ready, _, _ = select.select([leader], [], [], 0.05)
            if ready:
                try:
                    seen += os.read(leader, 65536)
                except OSError:
                    break
                if marker in seen:
                    elapsed = time.perf_counter() - start
                    # Peak RSS after the screen settled, so work done just after the first frame counts too.
                    time.sleep(SETTLE_S)
                    return elapsed, _peak_rss_kib(process.pid)
            if process.poll() is not None:
                break
        raise RuntimeError(f"{command[0]} never showed {marker!r}; last output: {seen[-400:]!r}")
    finally:
        process.kill()
        process.wait()
        os.close(leader)


def main() -> None:
    workdir = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.gettempdir()) / "peerquiz-bench"
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    if not (workdir / "bench.db").exists():
        print(f"building the synthetic collection in {workdir} ...", flush=True)
        build(workdir)
    compile_bytecode()  # as installed: Textual and the other packages run from compiled bytecode too
    env = {**os.environ, "XDG_CACHE_HOME": str(workdir / "cache")}
    large_db, small_db = workdir / "startup.db", workdir / "startup-bundled.db"
    shutil.copy(workdir / "bench.db", large_db)
    small_db.unlink(missing_ok=True)
    subprocess.run([sys.executable, "-m", "peerquiz", "--db", str(small_db), "users", "add", "bench"], check=True,
                   capture_output=True)  # fmt: skip
    collections = {
        "50k cards": [sys.executable, "-m", "peerquiz", "--db", str(large_db), "--decks", str(workdir / "decks"),
                      "--user", "bench", "study"],
        "bundled decks": [sys.executable, "-m", "peerquiz", "--db", str(small_db), "--user", "bench", "study"],
    }  # fmt: skip
    for command in collections.values():
        # One untimed start fills the parse cache and syncs, as any earlier start would have.
        time_to_marker(command, REVIEW_MARKER, env)

    card_source = [str(STYLESHEET), str(large_db), str(workdir / "cache" / "peerquiz")]
    references = {
        "bare": ([sys.executable, "-c", BARE_APP], b"bare app ready"),
        "skeleton": ([sys.executable, "-c", REVIEW_SKELETON, str(STYLESHEET)], REVIEW_MARKER),
        "store skeleton": ([sys.executable, "-c", STORE_SKELETON, str(STYLESHEET)], REVIEW_MARKER),
        "minimal skeleton": ([sys.executable, "-c", MINIMAL_DATA_SKELETON, *card_source], REVIEW_MARKER),
        "models skeleton": ([sys.executable, "-c", MODELS_SKELETON, *card_source], REVIEW_MARKER),
        "first frame": (collections["bundled decks"], LOADING_MARKER),
    }
    programs = {**references, **{name: (command, REVIEW_MARKER) for name, command in collections.items()}}
    samples: dict[str, tuple[list[float], list[int]]] = {name: ([], []) for name in programs}
    for _ in range(runs):  # interleaved, so drift on the machine hits all alike
        for name, (command, marker) in programs.items():
            elapsed, rss = time_to_marker(command, marker, env)
            samples[name][0].append(elapsed)
            samples[name][1].append(rss)
    large_db.unlink()
    small_db.unlink()

    def median_time(name: str) -> float:
        return statistics.median(samples[name][0])

    bare_t, skeleton_t = median_time("bare"), median_time("skeleton")
    bare_m = max(samples["bare"][1]) / 1024
    labels = {
        "first frame": "first frame ('Loading decks…')",
        "skeleton": "review-screen skeleton, no data",
        "minimal skeleton": "skeleton after one card read by stdlib",
        "models skeleton": "the same after importing the deck models",
        "store skeleton": "skeleton after importing SQLModel",
        **{name: f"time to first card, {name}" for name in collections},
    }
    print(f"{'measure (median of ' + str(runs) + ' runs)':40} {'time':>8} {'/ bare':>7} {'/ skeleton':>10}  goal")
    for name, label in labels.items():
        ours_t = median_time(name)
        goal = "<= 1.3x bare" if name in collections else ""
        print(f"{label:40} {ours_t:>6.2f} s {ours_t / bare_t:>6.2f}x {ours_t / skeleton_t:>9.2f}x  {goal}")
    print(f"{'bare Textual app':40} {bare_t:>6.2f} s")
    for name in collections:
        ours_m = max(samples[name][1]) / 1024
        print(f"{'peak RSS, ' + name:40} {ours_m:>5.0f} MB {ours_m / bare_m:>6.2f}x {'':>10}  <= 120 MB")


if __name__ == "__main__":
    main()
