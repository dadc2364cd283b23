"""Pilot tests of the instructor's preview: stepping through a deck file, reloading it on save, showing its errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from peerquiz.tui.preview_app import PreviewApp
from peerquiz.tui.screens.preview import PreviewScreen

from .conftest import FIXTURES, fake_editor, settle, shown_text, wait_until

FIRST_PROMPT = "What is a dual relationship?"
NEW_CARD = """  - id: new-1
    kind: basic
    prompt: A card added at the top
    answer: It moves every other card down
    explanation: Added while previewing.
    source: The test
"""


@pytest.fixture
def deck_file(tmp_path: Path) -> Path:
    return Path(shutil.copy(FIXTURES / "mixed.yaml", tmp_path / "mixed.yaml"))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


async def opened(pilot) -> PreviewScreen:
    await settle(pilot)
    assert isinstance(pilot.app.screen, PreviewScreen)
    return pilot.app.screen


def errors_shown(screen: PreviewScreen) -> str:
    panel = screen.query_one("#deck-errors")
    return str(screen.query_one("#error-list").visual) if panel.display else ""


async def test_the_first_card_shows_front_first_and_space_reveals_answer_explanation_and_source(deck_file):
    async with PreviewApp(deck_file, poll_seconds=None).run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        text = shown_text(screen)
        assert FIRST_PROMPT in text and "Mixed kinds · 1/9 · Basic · basic-1 · line 7" in text
        assert "More than one kind of relationship" not in text
        await pilot.press("space")
        text = shown_text(screen)
        assert "More than one kind of relationship" in text
        assert "Friendship or business ties" in text and "Source: State peer specialist codes of ethics" in text
        await pilot.press("space")  # once the answer shows, space moves on
        await settle(pilot)
        assert "2/9 · Basic (reversed) · basic-1/reverse" in shown_text(screen)


async def test_stepping_shows_the_reverse_each_cloze_gap_and_jumps_to_the_ends(deck_file):
    async with PreviewApp(deck_file, poll_seconds=None).run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        await pilot.press("n")
        await settle(pilot)
        text = shown_text(screen)
        assert "Basic (reversed)" in text and "More than one kind of relationship" in text
        await pilot.press("right")
        await settle(pilot)
        assert "four dimensions: [...], home, purpose" in shown_text(screen)
        await pilot.press("n")
        await settle(pilot)
        assert "four dimensions: health, [...], purpose" in shown_text(screen)
        await pilot.press("space")
        assert "four dimensions: health, [home], purpose" in shown_text(screen)
        await pilot.press("p")
        await settle(pilot)
        assert "3/9 · Cloze · cloze-1/c1" in shown_text(screen)
        await pilot.press("G")
        await settle(pilot)
        assert "9/9 · True or false · tf-1" in shown_text(screen)
        await pilot.press("n")  # past the end: stays
        await settle(pilot)
        assert "9/9" in shown_text(screen)
        await pilot.press("g")
        await settle(pilot)
        assert "1/9" in shown_text(screen)
        await pilot.press("end", "left")
        await settle(pilot)
        assert "8/9 · Ordering" in shown_text(screen)
        await pilot.press("home")
        await settle(pilot)
        assert "1/9" in shown_text(screen)


async def test_space_shows_the_answer_of_every_kind_without_a_response(deck_file):
    expected = {
        5: "Answer: Explain kindly that you keep contact within the peer role",
        6: "Answer: Open questions; Affirmations; Summarizing",
        7: "✗ Not quite. Answer: self-advocacy",  # an empty typed answer, as a candidate would see it
        8: "Precontemplation → Contemplation → Preparation → Action → Maintenance",
    }
    async with PreviewApp(deck_file, poll_seconds=None).run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        for number, answer in expected.items():
            await screen.action_jump(number - 1)
            await settle(pilot)
            await pilot.press("space")
            text = shown_text(screen)
            assert answer in text, number
            assert "Source: " in text
        await pilot.press("space")  # on to the true/false card: its keys answer it
        await settle(pilot)
        await pilot.press("t")
        text = shown_text(screen)
        assert "✗ Not quite. Answer: False" in text and "Keeping boundaries is the supporter's job." in text


async def test_deck_text_is_shown_literally_never_as_markup(deck_file):
    async with PreviewApp(deck_file, poll_seconds=None).run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        await screen.action_jump(4)
        await settle(pilot)
        assert "What is the [bold]best[/] reply?" in shown_text(screen)


async def test_a_saved_change_shows_after_a_reload_on_the_same_card(deck_file):
    async with PreviewApp(deck_file, poll_seconds=None).run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        await screen.action_jump(4)  # mcq-1
        await settle(pilot)
        await screen.check_file()
        assert "reloaded" not in shown_text(screen)  # nothing changed, nothing reloaded
        await pilot.press("space")  # the answer shows, and stays shown through the reload
        edit(deck_file, "What is the [bold]best[/] reply?", "What is the wisest reply?")
        edit(deck_file, "ignoring it damages trust.", "ignoring it hurts trust.")
        edit(deck_file, "cards:\n", "cards:\n" + NEW_CARD)  # every card moves down one
        await screen.check_file()
        await settle(pilot)
        text = shown_text(screen)
        assert "What is the wisest reply?" in text
        assert "ignoring it hurts trust." in text and "Answer: Explain kindly" in text
        assert "✓ reloaded  Mixed kinds · 6/10 · Multiple choice · mcq-1" in text


async def test_e_opens_the_card_in_the_editor_and_the_saved_change_shows_on_return(deck_file, tmp_path, monkeypatch):
    from contextlib import nullcontext

    record = fake_editor(tmp_path, monkeypatch, then='sed -i "s/dual relationship/double role/" "$2"')
    app = PreviewApp(deck_file, poll_seconds=None)
    monkeypatch.setattr(app, "suspend", nullcontext)  # a headless test has no terminal to hand over
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert record.read_text().split() == ["+7", str(deck_file)]
        assert "What is a double role?" in shown_text(screen)


async def test_the_poll_notices_a_save_by_itself(deck_file):
    async with PreviewApp(deck_file, poll_seconds=0.05).run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        edit(deck_file, FIRST_PROMPT, "What is a double relationship?")
        await wait_until(pilot, lambda: "What is a double relationship?" in shown_text(screen))


async def test_errors_are_listed_with_their_lines_over_the_last_good_version_until_fixed(deck_file):
    good = deck_file.read_text(encoding="utf-8")
    async with PreviewApp(deck_file, poll_seconds=None).run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        assert errors_shown(screen) == ""
        edit(deck_file, FIRST_PROMPT, "")  # the prompt left empty
        edit(deck_file, "kind: truefalse", 'kind: "[red]yesno"')  # deck text that looks like markup
        await screen.check_file()
        await settle(pilot)
        errors = errors_shown(screen)
        assert errors.splitlines() == [
            f"{deck_file}:9: prompt: has no value",
            f"{deck_file}:56: kind: unknown kind '[red]yesno' (known: basic, cloze, mcq, multi, typed, ordering, truefalse)",
        ]
        assert "2 error(s) in mixed.yaml: showing the last good version below" in str(
            screen.query_one("#deck-errors").border_title
        )
        assert FIRST_PROMPT in shown_text(screen)  # the last good card stays
        deck_file.write_text(good.replace(FIRST_PROMPT, "Fixed prompt?"), encoding="utf-8")
        await screen.check_file()
        await settle(pilot)
        assert errors_shown(screen) == ""
        assert "Fixed prompt?" in shown_text(screen)


async def test_a_file_broken_from_the_start_shows_its_errors_then_the_deck_once_fixed(deck_file):
    good = deck_file.read_text(encoding="utf-8")
    deck_file.write_text("id: mixed\ntitle: [unclosed\n", encoding="utf-8")
    async with PreviewApp(deck_file, poll_seconds=None).run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        assert f"{deck_file}:" in errors_shown(screen)
        assert "Nothing to show yet: fix the errors above and save the file." in shown_text(screen)
        await pilot.press("n", "space")  # nothing to step through or reveal
        deck_file.write_text(good, encoding="utf-8")
        await screen.check_file()
        await settle(pilot)
        assert errors_shown(screen) == ""
        assert FIRST_PROMPT in shown_text(screen)


async def test_nothing_is_written_outside_the_deck_folder(deck_file, tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    for name, value in (("HOME", home), ("XDG_DATA_HOME", home / "data"), ("XDG_CACHE_HOME", home / "cache"),
                        ("XDG_STATE_HOME", home / "state"), ("XDG_CONFIG_HOME", home / "config")):  # fmt: skip
        monkeypatch.setenv(name, str(value))
    monkeypatch.chdir(tmp_path)
    async with PreviewApp(deck_file, poll_seconds=None).run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        await pilot.press("space", "space", "n", "G")
        edit(deck_file, FIRST_PROMPT, "Changed?")
        await screen.check_file()
        await settle(pilot)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == ["home", "mixed.yaml"]
