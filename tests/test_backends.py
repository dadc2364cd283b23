"""Every verb and the app run on either backend: the default SQLite file or a PostgreSQL server."""

from __future__ import annotations

import json

from peerquiz.tui.screens.home import HomeScreen
from peerquiz.tui.screens.summary import SummaryScreen

from .conftest import FIXTURES, make_app, settle, shown_text


def test_the_verbs_work_on_each_backend(cli, db_url: str):
    options = ("--db", db_url, "--decks", FIXTURES)
    assert cli("users", "add", "Ana", *options).returncode == 0
    assert cli("users", "add", "Ana", *options).stderr.strip().endswith("a profile named 'Ana' already exists")
    assert "Ana" in cli("users", *options).stdout
    decks = cli("decks", "--user", "Ana", *options)
    assert decks.returncode == 0 and "\nmixed " in decks.stdout
    stats = cli("stats", "--json", "--user", "Ana", *options)
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout)["profile"] == "Ana"
    assert cli("optimize", "--retention", "0.85", "--user", "Ana", *options).returncode == 0
    assert cli("users", "remove", "Ana", "--yes", *options).returncode == 0
    assert "Ana" not in cli("users", *options).stdout


async def test_the_app_studies_and_keeps_the_answers_on_each_backend(db_url: str, clock):
    async with make_app(None, clock, user=None, db_url=db_url).run_test() as pilot:
        await settle(pilot)
        await pilot.press(*"Sam", "enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HomeScreen)
        context = pilot.app.context
        # The first card in file order is a basic card, answered with space then a grade.
        context.store.profiles.save_study_settings(context.profile.id, {"new_card_order": "deck"})
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("space", "4")
        await settle(pilot)
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(pilot.app.screen, SummaryScreen)
    async with make_app(None, clock, user="Sam", db_url=db_url).run_test() as pilot:
        await settle(pilot)
        assert "1 reviewed" in shown_text(pilot.app.screen)
