"""The class screen: students, hardest cards and item analysis as tabs, at 80x24."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import DataTable, TabbedContent

from peerquiz.core.decks.library import Library
from peerquiz.core.exams.blueprint import load_blueprint
from peerquiz.core.store import Store
from peerquiz.core.study.settings import save_scheduler_settings
from peerquiz.tui.class_app import ClassApp
from tests.exam_helpers import BUNDLED_BLUEPRINT
from tests.test_class_report import RIGHT, _class_with_exams

from .conftest import settle, text_of

SIZE = (80, 24)
EXAM_DATE = date(2025, 4, 14)  # five weeks after the fake clock's today


def _app(tmp_path: Path, monkeypatch, clock) -> ClassApp:
    monkeypatch.chdir(tmp_path)  # deck paths relative to here: the screen does not depend on the temp path
    url = f"sqlite:///{tmp_path / 'class.db'}"
    _class_with_exams(url, Path("decks"), clock)
    store = Store.open(url)
    library = Library.load([Path("decks")])
    library.sync(store.cards)
    save_scheduler_settings(store, store.profiles.named("ana"), {"exam_date": EXAM_DATE.isoformat()})
    return ClassApp(store, library, load_blueprint(BUNDLED_BLUEPRINT), clock)


def _cells(table: DataTable) -> list[list[str]]:
    return [[str(cell) for cell in table.get_row_at(row)] for row in range(table.row_count)]


async def test_the_class_screen_lists_students_and_flags_items(tmp_path: Path, monkeypatch, clock):
    app = _app(tmp_path, monkeypatch, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert text_of(screen, "#class-title").startswith("Class · 3 students · ")
        students = _cells(screen.query_one("#students", DataTable))
        assert [row[0] for row in students] == list(RIGHT)
        assert students[0][6] == "100 75"  # ana's two mock exams
        assert students[0][5].startswith("2025-04-14 ") and students[0][5].endswith("%")  # her predicted readiness
        assert students[1][5] == "-"  # bo set no exam date
        screen.query_one(TabbedContent).active = "items-tab"
        await pilot.pause()
        items = _cells(screen.query_one("#items", DataTable))
        assert all(row[0].startswith("decks/pool.yaml:") for row in items)
        assert any("nobody chose" in row[4] for row in items)
        await pilot.press("escape")
        await settle(pilot)
    assert app.return_code == 0


def test_the_class_screen_at_80x24(snap_compare, tmp_path: Path, monkeypatch, clock):
    app = _app(tmp_path, monkeypatch, clock)

    async def loaded(pilot) -> None:
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=loaded)


async def test_l_on_home_opens_the_class_screen_and_escape_comes_back(tmp_path: Path, clock):
    from peerquiz.tui.screens.class_view import ClassScreen
    from peerquiz.tui.screens.home import HomeScreen

    from .conftest import make_app

    url = f"sqlite:///{tmp_path / 'progress.db'}"  # a file: the screen reads in a thread, which one shared in-memory connection forbids
    store = Store.open(url)
    store.profiles.add("Ana", clock())
    store.close()
    async with make_app(None, clock, db_url=url).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ClassScreen)
        assert [str(row[0]) for row in _cells(pilot.app.screen.query_one("#students", DataTable))] == ["Ana"]
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HomeScreen)
