"""e on a bundled deck's card edits a copy in the learner's own decks folder, which replaces the bundled deck."""

from __future__ import annotations

import shutil
from contextlib import closing, nullcontext

from peerquiz.config import default_deck_paths
from peerquiz.core.decks.library import Library
from peerquiz.core.workspace import Workspace
from peerquiz.tui.screens.dialog import Dialog

from .conftest import FIXTURES, fake_editor, make_app, settle, shown_text


def test_a_copy_replaces_the_bundled_file_of_its_name_and_own_decks_load_too(tmp_path):
    bundled, own = tmp_path / "bundled", tmp_path / "own"
    bundled.mkdir()
    for name in ("a.yaml", "b.yaml", "README.md", "exam-blueprint.toml"):
        (bundled / name).write_text("", encoding="utf-8")
    assert default_deck_paths(bundled, own) == (bundled,)  # nothing copied yet
    own.mkdir()
    (own / "b.yaml").write_text("", encoding="utf-8")
    assert default_deck_paths(bundled, own) == (bundled / "a.yaml", own)


async def test_e_on_a_bundled_deck_copies_it_and_edits_the_copy(clock, tmp_path, monkeypatch):
    bundled, own = tmp_path / "bundled", tmp_path / "own"
    bundled.mkdir()
    original = shutil.copy(FIXTURES / "mixed.yaml", bundled / "mixed.yaml")
    monkeypatch.setattr("peerquiz.tui.screens.deck_copy.bundled_decks_dir", lambda: bundled)
    monkeypatch.setattr("peerquiz.tui.screens.deck_copy.own_decks_dir", lambda: own)
    record = fake_editor(tmp_path, monkeypatch, then='sed -i "s/a dual relationship/a double role/" "$2"')
    with closing(Workspace.open("sqlite://", [bundled])) as workspace:
        ana = workspace.store.profiles.add("Ana", clock())
        workspace.store.profiles.save_study_settings(ana.id, {"new_card_order": "deck"})  # basic-1 first
        app = make_app(workspace, clock)
        monkeypatch.setattr(app, "suspend", nullcontext)  # a headless test has no terminal to hand over
        async with app.run_test() as pilot:
            await settle(pilot)
            await pilot.press("enter", "e")
            await settle(pilot)
            assert isinstance(pilot.app.screen, Dialog) and str(own) in shown_text(pilot.app.screen)
            await pilot.press("enter")  # Copy and edit
            await settle(pilot)
            copy = own / "mixed.yaml"
            assert record.read_text().split() == ["+7", str(copy)]
            assert "What is a double role?" in shown_text(pilot.app.screen)
            assert any("Editing your copy" in n.message for n in pilot.app._notifications)
        assert "a dual relationship" in original.read_text(encoding="utf-8")  # the bundled file is untouched
        # The next start loads the copy in place of the bundled deck, under the same deck id.
        library = Library.load(default_deck_paths(bundled, own))
        assert [h.path for h in library.headers] == [str(copy)] and not library.errors


async def test_cancel_leaves_the_bundled_deck_alone(clock, tmp_path, monkeypatch):
    bundled = tmp_path / "bundled"
    bundled.mkdir()
    shutil.copy(FIXTURES / "mixed.yaml", bundled / "mixed.yaml")
    monkeypatch.setattr("peerquiz.tui.screens.deck_copy.bundled_decks_dir", lambda: bundled)
    monkeypatch.setattr("peerquiz.tui.screens.deck_copy.own_decks_dir", lambda: tmp_path / "own")
    record = fake_editor(tmp_path, monkeypatch)
    with closing(Workspace.open("sqlite://", [bundled])) as workspace:
        ana = workspace.store.profiles.add("Ana", clock())
        workspace.store.profiles.save_study_settings(ana.id, {"new_card_order": "deck"})  # basic-1 first
        async with make_app(workspace, clock).run_test() as pilot:
            await settle(pilot)
            await pilot.press("enter", "e")
            await settle(pilot)
            await pilot.press("escape")
            await settle(pilot)
            assert not record.exists() and not (tmp_path / "own").exists()
