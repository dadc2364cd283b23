"""The stats screen in a minimal app, at the smallest supported terminal (80x24)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from textual.widgets import Button, Input, Select, Sparkline, TabbedContent

from peerquiz.core.decks.library import Library
from peerquiz.core.store import Store
from peerquiz.tui.base import PeerquizBase
from peerquiz.tui.context import StudyContext
from peerquiz.tui.screens.stats import StatsScreen
from peerquiz.tui.widgets.charts import BarChart

from .conftest import settle, text_of
from .history import NOW, OTHER_DOMAIN, build, deck_paths
from .synthetic import simulate_learner

SIZE = (80, 24)


class StatsApp(PeerquizBase):
    """The stats screen alone, in an app with the stylesheet every peerquiz app has."""

    def __init__(self, store: Store, library: Library, profile):
        super().__init__()
        self.context = StudyContext(store, library, profile, lambda: NOW, random.Random())

    def on_mount(self) -> None:
        self.push_screen(StatsScreen(self.context))


@pytest.fixture
def app(store: Store, tmp_path: Path) -> StatsApp:
    history = build(store, tmp_path)
    library = Library.load(deck_paths(tmp_path))
    library.sync(store.cards)
    return StatsApp(store, library, history.profile)


async def show_tab(pilot, tab: str) -> None:
    """Open a tab as a click on it would; its widgets are made as it first opens."""
    pilot.app.screen.query_one(TabbedContent).active = tab
    await pilot.pause()
    await settle(pilot)


async def test_overview_shows_counts_streak_and_retention(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert "Ana · all decks · study day 2026-03-10" in text_of(screen, "#title")
        summary = text_of(screen, "#summary")
        assert summary.splitlines()[1].split() == ["3", "1", "5", "1", "1", "11"]
        assert "streak: 3 day(s), longest 4" in summary
        assert "last 365 days   50% (1/2)  83% (5/6)  75% (6/8)" in text_of(screen, "#retention")


async def test_charts_and_domains_with_brackets_shown_literally(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        await show_tab(pilot, "activity")
        chart = screen.query_one("#per-day", BarChart)
        assert sum(chart.values) == 10 and chart.values[-1] == 2
        rendered = str(chart.render())
        assert "per 2 days" in rendered  # 90 days squeezed into the 80 columns
        assert chart.region.right <= SIZE[0]
        assert text_of(screen, "#heatmap").count("█") == 2  # the two busiest days
        await show_tab(pilot, "domains")
        assert f"{OTHER_DOMAIN}                2         1    50%" in text_of(screen, "#mastery")
        assert "order-1  mixed       9         no" in text_of(screen, "#leeches")


async def test_choosing_a_deck_narrows_the_figures(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        screen.query_one("#deck", Select).value = "other"
        await pilot.pause()
        await settle(pilot)
        assert "deck other" in text_of(screen, "#title")
        assert text_of(screen, "#summary").splitlines()[1].split() == ["0", "0", "1", "0", "1", "2"]
        await show_tab(pilot, "forecast-tab")  # a tab opened after the figures came fills in with them
        assert screen.query_one("#forecast", BarChart).values == (0,) * 30


async def test_fit_button_explains_when_history_is_too_short(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        await show_tab(pilot, "optimize")
        await pilot.click("#fit")
        await settle(pilot)
        # Only one card of the hand-built history starts with its first answer.
        assert "too little history: 0 of 400 reviews needed" in text_of(screen, "#fit-result")


async def test_fit_and_workload_preview_before_saving_a_retention(store: Store):
    profile = store.profiles.add("Ana")
    store.profiles.save_study_settings(profile.id, {"fuzz": False, "new_per_day": 15})
    simulate_learner(store, profile)
    app = StatsApp(store, Library([]), profile)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        await show_tab(pilot, "optimize")
        await pilot.click("#fit")
        await settle(pilot)
        assert "saved: the fitted parameters predict your answers better" in text_of(screen, "#fit-result")
        assert len(store.profiles.study_settings(profile.id)["parameters"]) == 21

        save = screen.query_one("#save-retention", Button)
        assert save.disabled  # nothing to save before a preview
        field = screen.query_one("#retention-input", Input)
        field.value = "0.80"
        await pilot.click("#preview")
        await settle(pilot)
        result = text_of(screen, "#workload-result")
        now, new = (float(line.split(": ")[1].split()[0]) for line in result.splitlines()[1:3])
        assert new < now and "at 80%" in result
        assert len(screen.query_one("#workload", Sparkline).data) == 365
        assert "desired_retention" not in store.profiles.study_settings(profile.id)
        await pilot.click("#save-retention")
        await settle(pilot)
        assert store.profiles.study_settings(profile.id)["desired_retention"] == 0.80
        assert "desired retention 80%" in text_of(screen, "#title")


async def test_an_out_of_range_retention_is_not_simulated(app):
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        await show_tab(pilot, "optimize")
        screen.query_one("#retention-input", Input).value = "0.5"
        await pilot.click("#preview")
        await settle(pilot)
        assert text_of(screen, "#workload-result") == "desired retention must be 0.70 to 0.99"
        assert screen.query_one("#save-retention", Button).disabled


def test_bars_scale_to_the_tallest_and_keep_small_values_visible():
    from peerquiz.tui.widgets.charts import bar_rows, squeeze

    assert bar_rows([0, 1, 16], height=2) == ["  █", " ▁█"]
    assert squeeze([1, 2, 3, 4, 5], width=2) == ([6, 9], 3)


def test_the_screen_and_the_cli_load_no_optimizer_or_plotting_library_until_used():
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from peerquiz.cli import build_parser\n"
        "build_parser()\n"
        "assert not {'sqlalchemy', 'fsrs', 'fsrs_rs_python'} & set(sys.modules), 'parser'\n"
        "import peerquiz.tui.screens.stats\n"
        "assert not {'fsrs_rs_python', 'plotext', 'textual_plotext'} & set(sys.modules), 'screen'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
