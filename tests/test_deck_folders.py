"""A decks folder's subfolders and links: what cannot be read is named, never skipped in silence."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from peerquiz.core.workspace import Workspace
from peerquiz.tui.screens.home import HomeScreen

from .conftest import FIXTURES, make_app, settle, shown_text


@pytest.fixture
def decks(tmp_path: Path):
    """A decks folder with one good deck in a subfolder, a locked subfolder, a link loop and a link back up."""
    folder = tmp_path / "decks"
    (folder / "good").mkdir(parents=True)
    shutil.copy(FIXTURES / "mixed.yaml", folder / "good" / "mixed.yaml")
    (folder / "locked").mkdir()
    (folder / "locked" / "hidden.yaml").write_text("id: hidden\n", encoding="utf-8")
    (folder / "loop-a.yaml").symlink_to("loop-b.yaml")
    (folder / "loop-b.yaml").symlink_to("loop-a.yaml")
    (folder / "good" / "up").symlink_to("..")
    (folder / ".#mixed.yaml").symlink_to("ana@host.123")  # an editor's lock file: a dangling link, not a deck
    (folder / "locked").chmod(0)
    yield folder
    (folder / "locked").chmod(0o755)


def _refusals(folder: Path) -> list[str]:
    return [
        f"{folder / 'locked'}: cannot read folder: Permission denied",
        f"{folder / 'loop-a.yaml'}: cannot read: Too many levels of symbolic links",
        f"{folder / 'loop-b.yaml'}: cannot read: Too many levels of symbolic links",
        f"{folder / 'good' / 'up'}: symbolic link loop: it leads back to a folder above it",
    ]


def test_check_names_each_unreadable_folder_and_looping_link(cli, decks: Path):
    result = cli("check", decks)
    assert result.returncode == 1
    assert result.stdout == f"ok {decks / 'good' / 'mixed.yaml'}: mixed: 7 cards, 9 items\n"
    assert sorted(result.stderr.splitlines()) == sorted([*_refusals(decks), "4 error(s)"])


def test_decks_lists_what_loaded_and_names_what_was_skipped(cli, decks: Path):
    cli("users", "add", "Ana")
    result = cli("decks", "--user", "Ana", "--decks", decks)
    assert result.returncode == 0
    assert result.stdout.splitlines()[1].split()[0] == "mixed"
    assert sorted(result.stderr.splitlines()) == sorted(f"skipped: {line}" for line in _refusals(decks))


def test_a_linked_folder_elsewhere_is_read(cli, tmp_path: Path):
    shared = tmp_path / "shared"
    shared.mkdir()
    shutil.copy(FIXTURES / "mixed.yaml", shared / "mixed.yaml")
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "course").symlink_to(shared)
    result = cli("check", tmp_path / "decks")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith(f"ok {tmp_path / 'decks' / 'course' / 'mixed.yaml'}: mixed:")


async def test_home_names_the_only_deck_file_and_why_it_was_refused(tmp_path: Path, clock):
    (tmp_path / "[@click=app.quit]broken.yaml").write_text("id: broken\ntitle: Broken\ncards: []\n", encoding="utf-8")
    workspace = Workspace.open("sqlite://", [tmp_path])
    workspace.store.profiles.add("Ana", clock())
    async with make_app(workspace, clock).run_test() as pilot:
        await settle(pilot)
        assert isinstance(pilot.app.screen, HomeScreen)
        text = shown_text(pilot.app.screen)
        assert "No decks found" not in text
        assert "No decks loaded: 1 refused (run `peerquiz check`):" in text
        # the file name is shown as written: markup in it is text, not styling
        assert f"{tmp_path / '[@click=app.quit]broken.yaml'}:3: cards: must be a non-empty list of cards" in text.splitlines()
    workspace.close()


async def test_home_shows_an_unreadable_subfolder_as_refused(decks: Path, clock):
    shutil.rmtree(decks / "good")
    workspace = Workspace.open("sqlite://", [decks])
    workspace.store.profiles.add("Ana", clock())
    async with make_app(workspace, clock).run_test() as pilot:
        await settle(pilot)
        lines = shown_text(pilot.app.screen).splitlines()
        assert "No decks loaded: 3 refused (run `peerquiz check`):" in lines
        assert f"{decks / 'locked'}: cannot read folder: Permission denied" in lines
    workspace.close()
