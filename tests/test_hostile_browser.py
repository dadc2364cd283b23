"""The card browser's search box with markup and escapes: searched as text, shown as typed, nothing runs."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from peerquiz.tui.screens.card_browser import CardBrowserScreen

from .conftest import make_app, settle, text_of
from .test_tui_card_browser import listed, open_browser


@pytest.mark.parametrize("query", ["[@click=app.quit]x[/]", "[/]", "\x1b]52;c;UFdORUQ=\x07", '"unclosed', "%_\\"])
async def test_a_hostile_search_is_text_and_the_browser_stays(workspace, profile, clock, query):
    async with make_app(workspace, clock).run_test(size=(80, 24)) as pilot:
        screen = await open_browser(pilot)
        screen.query_one("#card-search", Input).value = query
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert pilot.app.is_running and isinstance(pilot.app.screen, CardBrowserScreen)
        assert screen.query_one("#card-search", Input).value == query
        assert f"{len(listed(screen))} found" in text_of(screen, "#browser-status")


async def test_markup_in_a_card_is_found_and_shown_as_written(workspace, profile, clock):
    async with make_app(workspace, clock).run_test(size=(80, 24)) as pilot:
        screen = await open_browser(pilot)
        screen.query_one("#card-search", Input).value = "[bold]best[/]"
        await settle(pilot)
        assert listed(screen) == ["mcq-1"]
        await pilot.press("enter")
        await settle(pilot)
        assert "What is the [bold]best[/] reply?" in text_of(screen, "#card-details")
