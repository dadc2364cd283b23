"""Screens that read the whole collection do it off the UI thread: a placeholder first, the right figures after.

On a database file the reads run in thread workers (an in-memory one keeps them on the UI thread; the
other screen tests cover that). A read held back here shows what the learner sees while it runs.
"""

from __future__ import annotations

import threading
from contextlib import closing

import pytest
from textual.widgets import DataTable

from peerquiz.core.workspace import Workspace
from peerquiz.tui.screens.cram import CramScreen
from peerquiz.tui.screens.exam_start import ExamStartScreen
from peerquiz.tui.screens.home import HomeScreen
from peerquiz.tui.screens.review import ReviewScreen

from .conftest import FIXTURES, make_app, settle, shown_text, text_of, wait_until


@pytest.fixture
def db(tmp_path, clock) -> str:
    url = f"sqlite:///{tmp_path / 'progress.db'}"
    with closing(Workspace.open(url, [FIXTURES])) as workspace:
        workspace.store.profiles.add("Ana", clock())
    return url


def held_back(monkeypatch, owner, name: str) -> threading.Event:
    """Make ``owner.name`` wait until the returned event is set, as a slow read on a large collection would."""
    release = threading.Event()
    original = getattr(owner, name)

    def slow(*args, **kwargs):
        release.wait(10)
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, slow)
    return release


def all_decks_counts(screen) -> list[str]:
    return [str(cell) for cell in screen.query_one(DataTable).get_row("all")][1:]


async def test_home_shows_placeholders_then_progress_then_the_counts_and_readiness(db, clock, monkeypatch):
    import peerquiz.tui.screens.home as home_module

    release = held_back(monkeypatch, home_module, "today")
    async with make_app(None, clock, db_url=db).run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, HomeScreen) and "Today:" in shown_text(pilot.app.screen))
        home = pilot.app.screen
        assert all_decks_counts(home) == ["…", "…", "…"]  # the decks are listed before their counts are known
        await wait_until(pilot, lambda: "Today: counting today's cards…" in shown_text(home))
        release.set()
        await wait_until(pilot, lambda: all_decks_counts(home) == ["7", "0", "0"])
        text = shown_text(home)
        assert "Today: 0 reviewed · 7 to study" in text
        assert "Exam readiness:" in text and "guessing alone" in text


async def test_cram_over_all_decks_on_a_database_file_offers_the_tags_and_starts(db, clock):
    async with make_app(None, clock, db_url=db).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        cram = pilot.app.screen
        assert isinstance(cram, CramScreen)
        assert [label for label, _ in cram.choices] == ["All decks", "Deck: Mixed kinds", *cram_domains(cram), "Tag: scenario"]
        await pilot.press("ctrl+s")  # the first choice: all decks
        await settle(pilot)
        review = pilot.app.screen
        assert isinstance(review, ReviewScreen)
        assert "cram (schedule kept)" in shown_text(review) and "9 left" in shown_text(review)


def cram_domains(cram: CramScreen) -> list[str]:
    return [f"Domain: {name}" for name in cram.context.library.domains]


async def test_exam_start_on_a_database_file_fills_in_the_readiness(db, clock):
    async with make_app(None, clock, db_url=db).run_test(size=(120, 60)) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ExamStartScreen)
        assert "Whole exam" in text_of(screen, "#readiness")


async def test_a_past_exams_results_show_placeholders_then_progress_then_the_questions(db, clock, monkeypatch):
    from peerquiz.config import bundled_decks_dir
    from peerquiz.core.decks.library import LazyItems
    from peerquiz.core.exams.blueprint import find_blueprint, load_blueprint
    from peerquiz.core.exams.session import ExamSession
    from peerquiz.tui.screens.results import ResultsScreen
    from peerquiz.tui.widgets.exam_history import ExamHistory

    with closing(Workspace.open(db, [FIXTURES])) as workspace:
        (ana,) = workspace.store.profiles.all()
        blueprint = load_blueprint(find_blueprint([FIXTURES], bundled_decks_dir()))
        ExamSession.start(workspace.store, workspace.library, ana, blueprint, clock).submit()
    release, holding = threading.Event(), threading.Event()
    item_of = LazyItems.__getitem__

    def slow_item(self, card_id):
        if holding.is_set():
            release.wait(10)
        return item_of(self, card_id)

    monkeypatch.setattr(LazyItems, "__getitem__", slow_item)
    async with make_app(None, clock, db_url=db).run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        holding.set()
        pilot.app.screen.query_one(ExamHistory).focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ResultsScreen))
        results = pilot.app.screen
        await wait_until(pilot, lambda: results.query("#review-0"))  # what the attempt stored shows at once
        assert "Your answer: (none)" in text_of(results, "#review-0")
        assert text_of(results, "#review-0").splitlines()[1] == "…"  # the question's text is still being read
        await wait_until(pilot, lambda: "reading the questions from the decks…" in shown_text(results))
        release.set()
        await wait_until(pilot, lambda: "Why: " in text_of(results, "#review-0"))
        assert "…" not in text_of(results, "#review-0").splitlines()[1]
        assert "reading the questions" not in shown_text(results)


async def test_cram_from_the_card_browser_gathers_its_cards_in_a_worker_and_says_so(db, clock, monkeypatch):
    import peerquiz.tui.screens.card_browser as browser_module

    release = held_back(monkeypatch, browser_module, "StudySession")
    async with make_app(None, clock, db_url=db).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        browser = pilot.app.screen
        browser.action_cram()
        await wait_until(pilot, lambda: any("Gathering 9 cards to cram…" in n.message for n in pilot.app._notifications))
        assert pilot.app.screen is browser  # the keys still work while the cards are gathered
        release.set()
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ReviewScreen))
        await settle(pilot)
        assert "cram (schedule kept)" in shown_text(pilot.app.screen) and "9 left" in shown_text(pilot.app.screen)
