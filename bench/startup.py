"""Time to first card and peak memory of the real app, in a pseudo-terminal.

Reference, measured in the same run: a bare Textual app that paints one
label. Each program runs in a fresh pty (100x30); the clock stops when the
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
from collection import build  # noqa: E402

BARE_APP = """
from textual.app import App
from textual.widgets import Label

class Bare(App):
    def compose(self):
        yield Label("bare app ready")

Bare().run()
"""
TIMEOUT_S = 60
SETTLE_S = 3.0
# The review screen's status line ("Deck · kind · new · 20 left · ? help") shows on every card kind.
REVIEW_MARKER = b" left"


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

    samples: dict[str, tuple[list[float], list[int]]] = {name: ([], []) for name in ("bare", *collections)}
    for _ in range(runs):  # interleaved, so drift on the machine hits all alike
        for name, command in (("bare", [sys.executable, "-c", BARE_APP]), *collections.items()):
            elapsed, rss = time_to_marker(command, b"bare app ready" if name == "bare" else REVIEW_MARKER, env)
            samples[name][0].append(elapsed)
            samples[name][1].append(rss)
    large_db.unlink()
    small_db.unlink()

    bare_t, bare_m = statistics.median(samples["bare"][0]), max(samples["bare"][1]) / 1024
    print(f"{'measure (median of ' + str(runs) + ' runs)':40} {'peerquiz':>10} {'bare app':>10} {'ratio':>7}  goal")
    for name in collections:
        ours_t, ours_m = statistics.median(samples[name][0]), max(samples[name][1]) / 1024
        print(f"{'time to first card, ' + name:40} {ours_t:>8.2f} s {bare_t:>8.2f} s {ours_t / bare_t:>6.2f}x  <= 1.3x")
        print(f"{'peak RSS, ' + name:40} {ours_m:>7.0f} MB {bare_m:>7.0f} MB {ours_m / bare_m:>6.2f}x  <= 120 MB")


if __name__ == "__main__":
    main()
