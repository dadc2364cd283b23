"""Today's queue, home counts and the import in alternating rounds: this checkout, Anki, and optionally another.

On a shared machine a burst of load can cover the few hundred milliseconds in which
versus_anki.py times one measure, and move its ratio by half. Here each round times every side
once (a fresh process each, the median of RUNS calls), the rounds alternate, and the table gives
the median of the rounds' medians with their range: load that comes and goes falls on all sides.

    python bench/alternate.py WORKDIR SIZES ROUNDS [OTHER_CHECKOUT OTHER_WORKDIR]

WORKDIR holds the collections versus_anki.py built (peerquiz-N, anki-N). OTHER_CHECKOUT is
another peerquiz checkout (say a worktree of an older commit) timed on OTHER_WORKDIR/peerquiz-N,
copies of the collections at that code's schema (a newer schema is refused by older code).
The import is timed as a time per 1,000 cards: versus_anki.py's import command (the deck files
parsed into an empty parse cache and a new database) against Anki adding the same notes to a new
collection, one of each per round.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
from versus_anki import _anki

RUNS = 15
WORKS = {"queue": "today's queue", "tree": "home counts vs deck tree", "import": "import, per 1,000 cards"}


def _peerquiz(checkout: Path, collection: Path, work: str) -> float:
    """This work's median over RUNS calls (the import: one) in a fresh process of ``checkout``'s code, in ms."""
    command = ["_import", str(collection), "0"] if work == "import" else [f"_timed-{work}", str(collection), str(RUNS)]
    argv = [sys.executable, str(checkout / "bench" / "versus_anki.py"), *command]
    env = {**os.environ, "PYTHONPATH": f"{checkout / 'src'}{os.pathsep}{checkout / 'bench'}"}
    result = json.loads(subprocess.run(argv, check=True, capture_output=True, text=True, env=env).stdout.splitlines()[-1])
    return 1e6 / result["cards_per_s"] if work == "import" else statistics.median(result["times"]) * 1000


def _anki_side(workdir: Path, size: int, work: str) -> float:
    """Anki's time for the same work, in ms."""
    if work == "import":
        return 1e6 / _anki("add", workdir / f"anki-add-{size}", size)["add_notes_cards_per_s"]  # type: ignore[operator]
    return statistics.median(_anki(work, workdir / f"anki-{size}", RUNS)["times"]) * 1000  # type: ignore[arg-type]


def main() -> None:
    if len(sys.argv) not in (4, 6):
        sys.exit(__doc__)
    workdir, sizes, rounds = Path(sys.argv[1]), [int(s) for s in sys.argv[2].split(",")], int(sys.argv[3])
    sides: dict[str, tuple[Path, Path]] = {"peerquiz": (BENCH.parent, workdir)}
    if len(sys.argv) == 6:
        sides["other checkout"] = (Path(sys.argv[4]).resolve(), Path(sys.argv[5]))
    print(f"| cards | measure | {' | '.join(sides)} | Anki | {' | '.join(f'{side} / Anki' for side in sides)} |")
    print("| --- " * (3 + 2 * len(sides)) + "|")
    for size in sizes:
        for work, label in WORKS.items():
            times: dict[str, list[float]] = {side: [] for side in [*sides, "Anki"]}
            for _ in range(rounds):
                for side, (checkout, folder) in sides.items():
                    times[side].append(_peerquiz(checkout, folder / f"peerquiz-{size}", work))
                times["Anki"].append(_anki_side(workdir, size, work))
            middle = {side: statistics.median(values) for side, values in times.items()}
            cells = [f"{middle[side]:.2f} ({min(values):.2f}-{max(values):.2f})" for side, values in times.items()]
            ratios = [f"{middle[side] / middle['Anki']:.2f}x" for side in sides]
            print(f"| {size:,} | {label} (ms) | {' | '.join(cells)} | {' | '.join(ratios)} |", flush=True)


if __name__ == "__main__":
    main()
