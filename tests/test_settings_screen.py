"""The settings screen: opened from home and the palette, saving on enter, refusing in one line."""

from __future__ import annotations

from textual.widgets import DataTable, Input

from peerquiz.core.study.settings import scheduler_settings
from peerquiz.tui.screens.home import HomeScreen
from peerquiz.tui.screens.settings import SettingsScreen

from .conftest import make_app, many_decks, settle, shown_text, wait_until


async def open_settings(pilot) -> SettingsScreen:
    await settle(pilot)
    await pilot.press("o")
    await settle(pilot)
    assert isinstance(pilot.app.screen, SettingsScreen)
    return pilot.app.screen


async def enter_value(pilot, screen: SettingsScreen, name: str, value: str) -> None:
    """Pick the setting (or the deck, for its own limit) in its list, bring it to the edit line, type the value."""
    deck = name.removeprefix("deck-new-limit.")
    table = screen.query_one("#deck-limits" if deck != name else "#setting-values", DataTable)
    table.focus()
    table.move_cursor(row=table.get_row_index(deck))
    await pilot.press("enter")
    await settle(pilot)
    field = screen.query_one("#edit-value", Input)
    assert field.has_focus
    field.value = value
    await pilot.press("enter")
    await settle(pilot)


async def test_a_saved_value_takes_effect_at_once_and_home_counts_follow(workspace, profile, clock):
    async with make_app(workspace, clock).run_test() as pilot:
        screen = await open_settings(pilot)
        await enter_value(pilot, screen, "new-per-day", "3")
        assert "✓ Saved new-per-day = 3" in shown_text(screen)
        assert scheduler_settings(workspace.store, profile).new_per_day == 3
        await enter_value(pilot, screen, "learning-steps", "2m   30m")
        assert str(screen.query_one("#setting-values", DataTable).get_cell("learning-steps", "value")) == "2m 30m"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HomeScreen)
        assert "3 to study" in shown_text(pilot.app.screen)
        saved = workspace.store.profiles.study_settings(profile.id)
        assert saved["new_card_order"] == "deck"  # what the screen did not change is kept
        assert saved["learning_steps_minutes"] == [2, 30]


async def test_a_bad_value_is_refused_in_one_line_and_nothing_is_saved(workspace, profile, clock):
    async with make_app(workspace, clock).run_test() as pilot:
        screen = await open_settings(pilot)
        await enter_value(pilot, screen, "desired-retention", "0.5")
        assert "✗ desired-retention: '0.5' is not allowed: a number from 0.70 to 0.97" in shown_text(screen)
        await enter_value(pilot, screen, "deck-new-limit.mixed", "lots")
        assert "✗ deck-new-limit.mixed: 'lots' is not allowed: a whole number from 0 to 9999" in shown_text(screen)
        assert workspace.store.profiles.study_settings(profile.id) == {"new_card_order": "deck"}


async def test_a_deck_limit_left_empty_shares_the_profile_limit_again(workspace, profile, clock):
    async with make_app(workspace, clock).run_test() as pilot:
        screen = await open_settings(pilot)
        await enter_value(pilot, screen, "deck-new-limit.mixed", "2")
        assert scheduler_settings(workspace.store, profile).deck_new_limits == {"mixed": 2}
        table = screen.query_one("#deck-limits", DataTable)
        assert str(table.get_cell("mixed", "limit")) == "2"  # the list of decks shows the deck's own limit
        await enter_value(pilot, screen, "deck-new-limit.mixed", "")
        assert scheduler_settings(workspace.store, profile).deck_new_limits == {}
        assert "✓ Saved deck-new-limit.mixed = shared" in shown_text(screen)


async def test_the_command_palette_opens_the_settings(workspace, profile, clock):
    async with make_app(workspace, clock).run_test() as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Study settings")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, SettingsScreen)


async def test_an_exam_date_set_on_the_screen_puts_the_plan_on_home(workspace, profile, clock):
    async with make_app(workspace, clock).run_test() as pilot:
        screen = await open_settings(pilot)
        await enter_value(pilot, screen, "exam-date", "2025-04-09")
        await enter_value(pilot, screen, "new-per-day", "auto")
        assert "✓ Saved new-per-day = auto" in shown_text(screen)
        await enter_value(pilot, screen, "exam-date", "next spring")
        assert "✗ exam-date: 'next spring' is not allowed: a date written YYYY-MM-DD" in shown_text(screen)
        await pilot.press("escape")
        await settle(pilot)
        home = pilot.app.screen
        assert "Exam plan: Wed 09 Apr 2025 · 30 days left · 9 cards not learned" in shown_text(home)
        assert "1 new a day (auto) learns all by 02 Apr" in shown_text(home)


async def test_a_saved_retention_shows_the_workload_it_brings(workspace, profile, clock):
    async with make_app(workspace, clock).run_test() as pilot:
        screen = await open_settings(pilot)
        await enter_value(pilot, screen, "desired-retention", "85%")
        await wait_until(pilot, lambda: "reviews and" in shown_text(screen))
        assert "at 85%: " in shown_text(screen) and "min a day (a year of 9 cards, simulated)" in shown_text(screen)


async def test_hostile_values_are_refused_and_shown_as_typed(workspace, profile, clock):
    async with make_app(workspace, clock).run_test() as pilot:
        screen = await open_settings(pilot)
        await enter_value(pilot, screen, "exam-date", "0001-01-01")  # once crashed the plan: a day before year 1
        assert "✗ exam-date: '0001-01-01' is not allowed: a date written YYYY-MM-DD from 2000-01-01" in shown_text(screen)
        await enter_value(pilot, screen, "leech-action", "[@click=app.quit]tag[/]")
        assert "✗ leech-action: '[@click=app.quit]tag[/]' is not allowed: one of suspend, tag" in shown_text(screen)
        await enter_value(pilot, screen, "day-start-hour", "1e308")
        assert "✗ day-start-hour: '1e308' is not allowed: a whole number from 0 to 23" in shown_text(screen)
        assert isinstance(pilot.app.screen, SettingsScreen)
        assert scheduler_settings(workspace.store, profile).exam_date is None


async def test_the_edit_line_follows_the_list_and_a_save_goes_back_to_it(workspace, profile, clock):
    async with make_app(workspace, clock).run_test() as pilot:
        screen = await open_settings(pilot)
        values = screen.query_one("#setting-values", DataTable)
        assert values.has_focus
        await pilot.press("down", "down", "enter")  # the third setting: the desired retention
        await settle(pilot)
        assert "Chance of recall FSRS aims for" in shown_text(screen)
        assert screen.query_one("#edit-value", Input).has_focus
        await pilot.press("ctrl+u", *"0.88", "enter")
        await settle(pilot)
        assert str(values.get_cell("desired-retention", "value")) == "0.88"
        assert values.has_focus  # the next line is picked with the arrows again
        await pilot.press("tab")  # into the decks: the line edits the highlighted deck's limit
        await settle(pilot)
        assert "New a day: " in shown_text(screen)
        assert screen.query_one("#edit-value", Input).value == ""


async def test_back_in_the_list_a_refused_value_gives_way_to_the_saved_one(workspace, profile, clock):
    async with make_app(workspace, clock).run_test() as pilot:
        screen = await open_settings(pilot)
        await enter_value(pilot, screen, "desired-retention", "0.5")
        field = screen.query_one("#edit-value", Input)
        assert field.has_focus and field.value == "0.5" and field.has_class("refused")
        await pilot.press("tab")  # back to the list, on the same line
        await settle(pilot)
        assert screen.focused is screen.query_one("#setting-values", DataTable), screen.focused
        await pilot.press("enter")
        await settle(pilot)
        assert field.has_focus
        assert field.value == "0.90" and not field.has_class("refused")
        await pilot.press("enter")  # saving what the line now shows saves the value already saved
        await settle(pilot)
        assert "✓ Saved desired-retention = 0.90" in shown_text(screen)


async def test_every_deck_of_a_large_library_has_its_line_and_its_own_limit(tmp_path, clock):
    """More decks than the list takes at a time: each comes once, in order, and the last one's limit can be set."""
    from peerquiz.core.workspace import Workspace
    from peerquiz.tui.table_rows import ROWS_A_FRAME

    decks = many_decks(tmp_path, ROWS_A_FRAME + 20)
    workspace = Workspace.open("sqlite://", [tmp_path])
    profile = workspace.store.profiles.add("Ana", clock())
    async with make_app(workspace, clock).run_test() as pilot:
        screen = await open_settings(pilot)
        table = screen.query_one("#deck-limits", DataTable)
        await wait_until(pilot, lambda: table.row_count == len(decks))
        assert [row.key.value for row in table.ordered_rows] == decks
        await enter_value(pilot, screen, f"deck-new-limit.{decks[-1]}", "4")
        assert scheduler_settings(workspace.store, profile).deck_new_limits == {decks[-1]: 4}
        assert str(table.get_cell(decks[-1], "limit")) == "4"
    workspace.close()
