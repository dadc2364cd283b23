"""UI choices persist per profile, beside the study settings and without touching them."""

from __future__ import annotations

from peerquiz.core.store import Store

from .conftest import make_app, settle


def test_ui_choices_merge_under_their_own_key_and_leave_study_settings_alone(store: Store):
    ana = store.profiles.add("Ana")
    store.profiles.save_study_settings(ana.id, {"new_per_day": 5})
    store.profiles.save_ui_settings(ana.id, {"theme": "nord"})
    store.profiles.save_ui_settings(ana.id, {"compact": True})
    assert store.profiles.ui_settings(ana.id) == {"theme": "nord", "compact": True}
    assert store.profiles.study_settings(ana.id)["new_per_day"] == 5
    assert store.profiles.ui_settings(store.profiles.add("Bo").id) == {}


async def test_the_theme_comes_back_on_the_next_start_for_that_profile_only(tmp_path, clock):
    url = f"sqlite:///{tmp_path / 'progress.db'}"
    opened = Store.open(url)
    opened.profiles.add("Ana")
    opened.profiles.add("Bo")
    opened.close()
    async with make_app(None, clock, user="Ana", db_url=url).run_test() as pilot:
        await settle(pilot)
        pilot.app.theme = "textual-light"
        await settle(pilot)
    async with make_app(None, clock, user="Ana", db_url=url).run_test() as pilot:
        await settle(pilot)
        assert pilot.app.theme == "textual-light"
    async with make_app(None, clock, user="Bo", db_url=url).run_test() as pilot:
        await settle(pilot)
        assert pilot.app.theme != "textual-light"


async def test_the_cram_order_chosen_is_offered_again(tmp_path, clock):
    from textual.widgets import Select

    from peerquiz.core.study.session import CramOrder
    from peerquiz.tui.screens.cram import CramScreen

    url = f"sqlite:///{tmp_path / 'progress.db'}"
    opened = Store.open(url)
    ana = opened.profiles.add("Ana")
    opened.close()
    async with make_app(None, clock, db_url=url).run_test() as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        pilot.app.screen.query_one("#order", Select).value = CramOrder.HARDEST
        await pilot.press("ctrl+s")
        await settle(pilot)
    async with make_app(None, clock, db_url=url).run_test() as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(pilot.app.screen, CramScreen)
        assert pilot.app.screen.query_one("#order", Select).value is CramOrder.HARDEST
    reopened = Store.open(url)
    assert reopened.profiles.ui_settings(ana.id) == {"cram_order": "hardest"}
    reopened.close()
