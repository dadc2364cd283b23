"""Does any screen freeze the UI? A heartbeat timer on the event loop, per screen, against a bare Textual app.

The real app runs headless under Textual's pilot on a copy of the bench collection (a SQLite file;
the exam drawn here stays open in the copy only), with a timer ticking every 10 ms on its event loop.
"start" is the loading screen while the workspace opens; the past exam is drawn and submitted in the
copy before the app starts. Each screen is opened the way a key would
open it (home, study "All decks", cram over all decks, the card browser, cram over every card the
browser finds, statistics, the settings, the exam start, practice over every domain, a past exam's
results and a mock exam from the exam start), left until its
workers finish and then 0.3 s more, and closed again; the longest gap between two ticks while it was
on top is that screen's block. "study verb" is a second start, as `peerquiz study all` opens it:
from the loading screen to the first card. The same steps on a bare Textual app (a screen with a
label) give the reference gaps of the same run: the ratio is how much longer than Textual's own
floor the loop stood still. A gap over 100 ms is a freeze a user can feel.

Usage: python bench/heartbeat.py [WORKDIR] [CARDS]   (builds the collection if missing)
"""

from __future__ import annotations

import asyncio
import shutil
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Label

sys.path.insert(0, str(Path(__file__).parent))
from collection import build

TICK = 0.01
AFTER = 0.3  # seconds left on a screen after its workers finish: what they hand back is drawn then
SIZE = (100, 30)


class Heartbeat:
    """Tick times of a 10 ms timer; the longest gap between ticks since the last ``start``."""

    def __init__(self) -> None:
        self.ticks: list[float] = []

    def tick(self) -> None:
        self.ticks.append(time.perf_counter())

    def start(self) -> None:
        self.ticks = [time.perf_counter()]

    def longest_gap(self) -> float:
        self.tick()  # a block still going on counts up to now
        return max(b - a for a, b in zip(self.ticks, self.ticks[1:]))


async def settle(pilot: Pilot[Any]) -> None:
    app = pilot.app
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    await asyncio.sleep(AFTER)
    await app.workers.wait_for_complete()
    await pilot.pause()


async def wait_for(pilot: Pilot[Any], condition: Callable[[], bool], timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the app did not get there")
        await pilot.pause(0.01)


class Blank(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Label("blank screen")


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Label("bare app ready")


async def bare_gaps(screens: list[str]) -> dict[str, float]:
    """The bare app's longest gap for the same steps: start, then open, settle and close a blank screen per screen."""
    beat, gaps = Heartbeat(), {}
    app = Bare()
    async with app.run_test(size=SIZE) as pilot:
        app.set_interval(TICK, beat.tick)
        beat.start()
        await settle(pilot)
        gaps[screens[0]] = beat.longest_gap()
        for name in screens[1:]:
            beat.start()
            await app.push_screen(Blank())
            await settle(pilot)
            gaps[name] = beat.longest_gap()
            app.pop_screen()
            await settle(pilot)
    return gaps


def tolerate_synthetic_history() -> None:
    """The card browser reads each answer's prior state; the synthetic history (collection.py) stores none."""
    from peerquiz.core.store.browse import BrowseQueries

    answers = BrowseQueries.answers

    def without_prior(self: BrowseQueries, user_id: int, card_id: int) -> list[object]:
        try:
            return list(answers(self, user_id, card_id))
        except KeyError:
            return []

    BrowseQueries.answers = without_prior  # type: ignore[assignment,method-assign]


def make_app(decks: Path, db: Path, study_now: str | None = None) -> App[None]:
    from peerquiz.config import Settings
    from peerquiz.core.workspace import Workspace
    from peerquiz.tui.app import PeerquizApp

    url = f"sqlite:///{db}"
    settings = Settings(db_url=url, deck_paths=(decks,), user="bench")
    return PeerquizApp(settings, open_workspace=lambda: Workspace.open(url, settings.deck_paths), study_now=study_now)


def submit_a_past_exam(decks: Path, db: Path) -> None:
    """A graded mock exam in the history, for the exam start to open: its questions come from decks all over."""
    from peerquiz.config import bundled_decks_dir
    from peerquiz.core.exams.blueprint import find_blueprint, load_blueprint
    from peerquiz.core.exams.session import ExamSession
    from peerquiz.core.workspace import Workspace

    workspace = Workspace.open(f"sqlite:///{db}", (decks,))
    try:
        (profile,) = workspace.store.profiles.all()
        blueprint = load_blueprint(find_blueprint((decks,), bundled_decks_dir()))
        ExamSession.start(workspace.store, workspace.library, profile, blueprint).submit()
    finally:
        workspace.close()


async def study_verb_gap(decks: Path, db: Path) -> float:
    """`peerquiz study all`: the longest gap from the loading screen to the first card, settled."""
    from peerquiz.tui.screens.review import ReviewScreen

    app = make_app(decks, db, study_now="all")
    beat = Heartbeat()
    async with app.run_test(size=SIZE) as pilot:
        app.set_interval(TICK, beat.tick)
        beat.start()
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))
        await settle(pilot)
        return beat.longest_gap()


async def app_gaps(decks: Path, db: Path) -> dict[str, float]:
    from peerquiz.tui.screens.card_browser import CardBrowserScreen
    from peerquiz.tui.screens.cram import CramScreen
    from peerquiz.tui.screens.exam_start import ExamStartScreen
    from peerquiz.tui.screens.home import HomeScreen
    from peerquiz.tui.screens.review import ReviewScreen
    from peerquiz.tui.widgets.exam_history import ExamHistory

    tolerate_synthetic_history()
    app = make_app(decks, db)
    beat, gaps = Heartbeat(), {}
    async with app.run_test(size=SIZE) as pilot:
        app.set_interval(TICK, beat.tick)
        beat.start()
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        gaps["start"] = beat.longest_gap()  # "Loading decks…" while a worker opens the workspace
        beat.start()
        home = app.screen
        assert isinstance(home, HomeScreen)
        await settle(pilot)
        gaps["home"] = beat.longest_gap()

        async def cram() -> None:
            home.action_cram()
            await wait_for(pilot, lambda: isinstance(app.screen, CramScreen))
            screen = app.screen
            assert isinstance(screen, CramScreen)
            await settle(pilot)
            screen.action_start()  # the first choice: all decks

        async def browser_cram() -> None:
            """Open the card browser, let its search settle, then measure cramming every card it found."""
            await app.run_action("browse_cards")
            await wait_for(pilot, lambda: isinstance(app.screen, CardBrowserScreen))
            screen = app.screen
            assert isinstance(screen, CardBrowserScreen)
            await settle(pilot)
            beat.start()
            screen.action_cram()
            await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))

        async def from_exam_start(press: Callable[[ExamStartScreen], None]) -> None:
            """Open the exam start, let it settle, then measure what ``press`` opens from there."""
            home.action_exam()
            await wait_for(pilot, lambda: isinstance(app.screen, ExamStartScreen))
            screen = app.screen
            assert isinstance(screen, ExamStartScreen)
            await settle(pilot)
            beat.start()
            press(screen)
            await wait_for(pilot, lambda: not isinstance(app.screen, ExamStartScreen))

        steps: list[tuple[str, Callable[[], Awaitable[object] | None]]] = [
            ("study", home.action_study),  # the first row: all decks
            ("cram", cram),
            ("card browser", lambda: app.run_action("browse_cards")),
            ("browser cram", browser_cram),
            ("stats", home.action_stats),
            ("settings", lambda: app.run_action("open_settings")),
            ("exam start", home.action_exam),
            ("practice", lambda: from_exam_start(ExamStartScreen.action_practice)),  # every domain chosen
            ("past results", lambda: from_exam_start(lambda screen: screen.query_one(ExamHistory).action_select_cursor())),
            ("exam", lambda: from_exam_start(ExamStartScreen.action_start)),  # last: it stays open in the copy
        ]
        for name, open_screen in steps:
            beat.start()
            opened = open_screen()
            if opened is not None:
                await opened
            await settle(pilot)
            gaps[name] = beat.longest_gap()
            if app.screen is home:  # a gap measured on home would pass for this screen's
                raise RuntimeError(f"{name} did not open: {[n.message for n in app._notifications]}")
            beat.start()
            while app.screen is not home:
                app.pop_screen()
            await settle(pilot)
            gaps["home (back)"] = max(gaps.get("home (back)", 0.0), beat.longest_gap())
    return gaps


def main() -> None:
    workdir = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/peerquiz-bench")
    cards = int(sys.argv[2]) if len(sys.argv) > 2 else 50_000
    decks, db = workdir / "decks", workdir / "bench.db"
    if not db.exists():
        decks, db = build(workdir, cards)
    with tempfile.TemporaryDirectory(prefix="heartbeat-") as scratch:
        copy = Path(shutil.copy(db, Path(scratch) / db.name))
        submit_a_past_exam(decks, copy)
        ours = asyncio.run(app_gaps(decks, copy))
        ours["study verb"] = asyncio.run(study_verb_gap(decks, copy))
    screens = ["home", "study", "cram", "card browser", "browser cram", "stats", "settings", "exam start", "practice",
               "past results", "exam"]  # fmt: skip
    bare = asyncio.run(bare_gaps(screens))
    bare["start"] = bare["home (back)"] = bare["study verb"] = bare["home"]
    print(f"longest event-loop gap per screen, {cards:,} cards (10 ms heartbeat; goal: none over 100 ms)")
    print(f"{'screen':<14} {'peerquiz':>10} {'bare app':>10} {'ratio':>8}")
    for name, gap in ours.items():
        print(f"{name:<14} {gap * 1000:>8.0f} ms {bare[name] * 1000:>7.0f} ms {gap / bare[name]:>7.1f}×")


if __name__ == "__main__":
    main()
