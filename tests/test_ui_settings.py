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
