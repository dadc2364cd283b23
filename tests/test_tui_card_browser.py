"""Pilot tests of the card browser: search as you type, filters, actions on selected cards, undo, cram these."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Select

from peerquiz.config import bundled_decks_dir
from peerquiz.core.store.card_query import CardState
from peerquiz.core.store.records import Memory, Phase
from peerquiz.core.workspace import Workspace
from peerquiz.tui.screens.card_browser import CardBrowserScreen
from peerquiz.tui.screens.dialog import Dialog
from peerquiz.tui.screens.home import HomeScreen
from peerquiz.tui.screens.review import ReviewScreen

from .conftest import make_app, settle, text_of


def column(screen, index: int) -> list[str]:
    table = screen.query_one(DataTable)
    return [str(table.get_row_at(row)[index]) for row in range(table.row_count)]


def listed(screen) -> list[str]:
    return column(screen, 1)


async def open_browser(pilot) -> CardBrowserScreen:
    await settle(pilot)
    await pilot.press("b")
    await settle(pilot)
    assert isinstance(pilot.app.screen, CardBrowserScreen)
    return pilot.app.screen


async def test_typing_narrows_the_list_and_the_pane_shows_the_card(workspace, profile, clock):
    async with make_app(workspace, clock).run_test(size=(80, 24)) as pilot:
        screen = await open_browser(pilot)
        assert len(listed(screen)) == len(workspace.library.items)
        await pilot.press(*"tip 35")  # the source of two cards
        await settle(pilot)
        assert listed(screen) == ["multi-1", "order-1"]
        assert "2 found" in text_of(screen, "#browser-status")
        await pilot.press("enter")  # to the list
        await settle(pilot)
        pane = text_of(screen, "#card-details")
        assert "Which are parts of OARS?" in pane and "Never studied." in pane


async def test_selected_cards_are_suspended_together_and_u_takes_it_back(workspace, profile, clock):
    async with make_app(workspace, clock).run_test(size=(80, 24)) as pilot:
        screen = await open_browser(pilot)
        await pilot.press("enter", "space", "space", "s")  # the first two cards
        await settle(pilot)
        first, second = sorted(workspace.library.items)[:2]
        memories = workspace.store.memory.all(profile.id)
        assert memories[first].suspended and memories[second].suspended and len(memories) == 2
        assert column(screen, 5)[:3] == ["susp", "susp", ""]
        await pilot.press("u")
        await settle(pilot)
        assert workspace.store.memory.all(profile.id) == {}
        assert any("Undid the suspend of 2 cards" in n.message for n in pilot.app._notifications)


async def test_the_leech_filter_and_cram_these_study_suspended_leeches(workspace, profile, clock):
    leech_id = sorted(workspace.library.items)[3]
    leech = Memory(card_id=leech_id, phase=Phase.REVIEW, step=None, stability=1.0, difficulty=9.0, due=clock.now,
                   last_review=clock.now, reps=12, lapses=8, suspended=True, leech=True)  # fmt: skip
    workspace.store.memory.save(profile.id, leech, clock.now)
    async with make_app(workspace, clock).run_test(size=(80, 24)) as pilot:
        screen = await open_browser(pilot)
        screen.query_one("#state", Select).value = CardState.LEECH
        await settle(pilot)
        assert listed(screen) == [workspace.library.items[leech_id].item_id]
        await pilot.press("enter", "c")
        await settle(pilot)
        review = pilot.app.screen
        assert isinstance(review, ReviewScreen) and review.session.current.card_id == leech_id
        assert workspace.store.memory.get(profile.id, leech_id) == leech  # cram keeps the schedule
        assert "suspended (s unsuspends)" in text_of(review, "#status")
        await pilot.press("s")
        await settle(pilot)
        assert not workspace.store.memory.get(profile.id, leech_id).suspended
        assert review.session.current.card_id == leech_id and "suspended" not in text_of(review, "#status")


async def test_reset_asks_first_and_escape_goes_home(workspace, profile, clock):
    workspace.store.memory.save(profile.id, Memory(card_id=min(workspace.library.items), phase=Phase.REVIEW, step=None,
                                                   stability=4.0, difficulty=5.0, due=clock.now, reps=3), clock.now)  # fmt: skip
    async with make_app(workspace, clock).run_test(size=(80, 24)) as pilot:
        await open_browser(pilot)
        await pilot.press("enter", "r")
        await settle(pilot)
        assert isinstance(pilot.app.screen, Dialog)
        await pilot.press("enter")  # Reset to new
        await settle(pilot)
        assert workspace.store.memory.get(profile.id, min(workspace.library.items)).is_new
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HomeScreen)


async def test_e_opens_the_highlighted_card_at_its_line(clock, tmp_path, monkeypatch):
    import shutil
    from contextlib import closing, nullcontext

    from peerquiz.core.workspace import Workspace

    from .conftest import FIXTURES, fake_editor

    folder = tmp_path / "decks"
    folder.mkdir()
    deck = shutil.copy(FIXTURES / "mixed.yaml", folder / "mixed.yaml")
    record = fake_editor(tmp_path, monkeypatch, then='sed -i "s/Which are parts of OARS/Which belong to OARS/" "$2"')
    with closing(Workspace.open("sqlite://", [folder])) as workspace:
        workspace.store.profiles.add("Ana", clock())
        app = make_app(workspace, clock)
        monkeypatch.setattr(app, "suspend", nullcontext)  # a headless test has no terminal to hand over
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_browser(pilot)
            await pilot.press(*"OARS", "enter", "e")
            await settle(pilot)
            assert record.read_text().split() == ["+32", str(deck)]
            assert "Which belong to OARS?" in text_of(screen, "#card-details")


async def test_rows_are_read_a_page_at_a_time_as_the_cursor_moves_on(workspace, profile, clock, monkeypatch):
    from peerquiz.core.study.card_search import CardSearch

    monkeypatch.setattr("peerquiz.tui.screens.card_browser.PAGE", 4)
    pages: list[int] = []
    read_rows = CardSearch.rows
    monkeypatch.setattr(CardSearch, "rows", lambda search, card_ids: pages.append(len(card_ids)) or read_rows(search, card_ids))
    async with make_app(workspace, clock).run_test(size=(80, 24)) as pilot:
        screen = await open_browser(pilot)
        assert "9 found" in text_of(screen, "#browser-status")
        await pilot.press("enter", *["down"] * 8)
        await settle(pilot)
        assert listed(screen) == [workspace.library.items[i].item_id for i in sorted(workspace.library.items)]
        # Never all 9 at once: a page of 4 at a time, then the last one. (How many times the first page is
        # read depends on when the filters' mount-time events arrive, so the count is not asserted.)
        assert max(pages) == 4 and 1 in pages


async def test_the_command_palette_opens_the_card_browser(workspace, profile, clock):
    async with make_app(workspace, clock).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"Browse cards")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, CardBrowserScreen)


async def test_a_narrow_terminal_leaves_out_due_and_lapses_instead_of_scrolling_sideways(workspace, profile, clock):
    async with make_app(workspace, clock).run_test(size=(60, 20)) as pilot:
        screen = await open_browser(pilot)
        table = screen.query_one(DataTable)
        headers = [str(c.label) for c in table.columns.values()]
        assert headers == ["", "Card", "State", "Marks", "Prompt"]
        assert table.virtual_size.width <= table.size.width  # no horizontal scrollbar
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert [str(c.label) for c in table.columns.values()] == ["", "Card", "State", "Due", "Lapses", "Marks", "Prompt"]
        assert len(listed(screen)) == len(workspace.library.items)  # the rows laid out again, none lost


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (120, 30)])
async def test_prompts_fill_the_width_the_other_columns_leave_and_no_more(clock, size):
    workspace = Workspace.open("sqlite://", [bundled_decks_dir()])  # prompts long enough to be cut at any width
    workspace.store.profiles.add("Ana", clock())
    async with make_app(workspace, clock).run_test(size=(100, 30)) as pilot:
        screen = await open_browser(pilot)
        await pilot.resize_terminal(*size)  # from wider and narrower columns alike
        await settle(pilot)
        table = screen.query_one(DataTable)
        prompts = column(screen, len(table.columns) - 1)
        assert table.max_scroll_x == 0  # nothing hidden to the right
        cut = [prompt for prompt in prompts if prompt.endswith("…")]
        assert cut and max(len(prompt) for prompt in prompts) == len(cut[0])  # cut ones use all the room there is
        used = sum(column.get_render_width(table) for column in table.columns.values())
        assert used == table.scrollable_content_region.width
    workspace.close()
