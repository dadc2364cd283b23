"""Markup and escape strings in every field a learner sees: shown literally, or refused at load; never interpreted.

Deck text, blueprint text, profile names and deck ids go to the screen as plain text (Content), so
"[/]" cannot crash the app and "[@click=app.quit]" cannot become a live link; escapes and bidi
overrides are refused when the deck, blueprint or profile is read, so none reaches the terminal.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from textual.widgets import Select
from textual.widgets._toast import Toast

from peerquiz.config import Settings
from peerquiz.core.store import StoreError
from peerquiz.core.terminal_text import UNSAFE_CHARACTERS
from peerquiz.core.workspace import Workspace
from peerquiz.tui.app import PeerquizApp
from peerquiz.tui.screens.cram import CramScreen
from peerquiz.tui.screens.exam_start import ExamStartScreen
from peerquiz.tui.screens.home import HomeScreen
from peerquiz.tui.screens.review import ReviewScreen

from .conftest import FakeClock, settle

MARKUP = ["[/]", "[b]", "[/b]", "[@click=app.quit]", "[link=x]", "[red]", "\\[", "]", "[", "$x", "{{c1::", "}}", "Zoë", "ab"]
ESCAPES = ["\x1b]52;c;UFdORUQ=\x07", "\x1b]0;HACKED\x1b\\", "\x1b[2J", "\x9b2J", "\u202e", "\x07"]

# No spaces, at most a few fragments: each value fits on one line wherever it is shown, so "shown literally" is exact.
markup_text = st.lists(st.sampled_from(MARKUP), min_size=1, max_size=3).map("".join)

FIELDS = ("title", "domain", "tag", "prompt", "answer", "explanation", "source", "blueprint", "note", "profile")


def _write_decks(folder: Path, text: dict[str, str]) -> None:
    card = {"id": "c1", "kind": "basic", "prompt": text["prompt"], "answer": text["answer"], "tags": [text["tag"]],
            "explanation": text["explanation"], "source": text["source"]}  # fmt: skip
    exam_card = {"id": "c2", "kind": "mcq", "prompt": "Which?", "choices": ["A", "B"], "answer": "A",
                 "explanation": "E", "source": "S"}  # fmt: skip
    deck = {"id": text.get("id", "evil"), "title": text["title"], "domain": text["domain"], "cards": [card, exam_card]}
    (folder / "evil.yaml").write_text(yaml.safe_dump(deck, sort_keys=False), encoding="utf-8")
    blueprint = (f"name = {_toml(text['blueprint'])}\nnote = {_toml(text['note'])}\nquestions = 1\nminutes = 5\n"
                 f"pass_percent = 50\n\n[[domains]]\nname = {_toml(text['domain'])}\nweight = 1\n")  # fmt: skip
    (folder / "exam-blueprint.toml").write_text(blueprint, encoding="utf-8")


def _toml(text: str) -> str:
    """A TOML basic string: every character outside printable ASCII written as a \\u escape, as a hostile author would."""
    escaped = "".join(c if " " <= c <= "~" and c not in '"\\' else f"\\u{ord(c):04x}" for c in text)
    return f'"{escaped}"'


def _on_screen(app: PeerquizApp) -> str:
    """Every character the screen sends to the terminal as text (styles aside), toasts included."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def _toasts(app: PeerquizApp) -> list[str]:
    return [toast.render().plain for toast in app.screen.query(Toast)]


def _assert_clean(app: PeerquizApp) -> None:
    shown = _on_screen(app)
    assert not UNSAFE_CHARACTERS.search(shown), "a control character reached the screen"


async def _drive(folder: Path, text: dict[str, str], deck_id: str) -> None:
    """Open the app on the decks in ``folder`` as ``text['profile']``; visit home, cram, the exam and a card."""
    workspace = Workspace.open("sqlite://", [folder])
    name = workspace.store.profiles.add(text["profile"]).name
    app_settings = Settings(db_url="sqlite://", deck_paths=(folder,), user=name)
    app = PeerquizApp(app_settings, open_workspace=lambda: workspace, clock=FakeClock(), shuffle_seed=7, study_now=deck_id)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert f"There is no deck with id {deck_id!r}." in _toasts(app)
        shown = _on_screen(app)
        for field in ("title", "domain", "profile"):
            assert text[field] in shown, field
        _assert_clean(app)

        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, CramScreen)
        app.screen.query_one("#scope", Select).value = 1  # the deck, by its title
        await pilot.press("ctrl+u")
        await settle(pilot)
        assert f"Nothing suspended or buried in Deck: {text['title']}." in _toasts(app)
        _assert_clean(app)
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ExamStartScreen)
        shown = _on_screen(app)
        for field in ("blueprint", "note", "domain"):
            assert text[field] in shown, field
        _assert_clean(app)
        await pilot.press("escape")
        await settle(pilot)

        assert app.screen is home
        await pilot.press("enter")  # study all decks: the basic card comes first
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert text["prompt"] in _on_screen(app)
        await pilot.press("space")
        await settle(pilot)
        shown = _on_screen(app)
        for field in ("answer", "explanation", "source"):
            assert text[field] in shown, field
        _assert_clean(app)
        assert app.is_running  # no markup error, no [@click=app.quit] link followed
    workspace.close()


# Each example runs the app: a few examples, no shrinking (a failure prints its example as it is).
HYPOTHESIS = settings(max_examples=6, deadline=None, derandomize=True, phases=[Phase.explicit, Phase.generate],
                      suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip


@HYPOTHESIS
@given(text=st.fixed_dictionaries({field: markup_text for field in FIELDS}), deck_id=markup_text)
@example(text={**dict.fromkeys(FIELDS, "ab"), "title": "[@click=app.quit]CLICK-TO-QUIT[/]", "domain": "Evil[/]"},
         deck_id="[/]")  # fmt: skip
def test_markup_in_every_field_is_shown_literally(tmp_path_factory, text, deck_id):
    folder = tmp_path_factory.mktemp("decks")
    _write_decks(folder, text)
    asyncio.run(_drive(folder, text, deck_id))


@HYPOTHESIS
@given(field=st.sampled_from((*FIELDS, "id")), before=markup_text, escape=st.sampled_from(ESCAPES), after=markup_text)
@example(field="id", before="[/]", escape="\x1b[2J", after="ab")
@example(field="tag", before="x", escape="\x1b]52;c;UFdORUQ=\x07", after="")
@example(field="blueprint", before="", escape="\x1b]0;HACKED\x1b\\", after="")
def test_an_escape_in_any_field_is_refused_at_load_and_never_reaches_the_screen(
    tmp_path_factory, field, before, escape, after
):
    folder = tmp_path_factory.mktemp("decks")
    text = {**dict.fromkeys(FIELDS, "ab"), "id": "evil", field: before + escape + after}
    _write_decks(folder, text)
    workspace = Workspace.open("sqlite://", [folder])
    try:
        if field == "profile":
            with pytest.raises(StoreError):
                workspace.store.profiles.add(text["profile"])
            return
        if field in ("blueprint", "note"):
            from peerquiz.core.exams.blueprint import BlueprintError, load_blueprint

            with pytest.raises(BlueprintError, match=r"exam-blueprint.toml:\d+: .*control character U\+"):
                load_blueprint(folder / "exam-blueprint.toml")
            return
        errors = [str(e) for e in workspace.library.errors]
        assert errors and all("evil.yaml:" in e for e in errors)
        refusal = "id: String should match pattern" if field == "id" else "control character U+"
        assert any(refusal in e for e in errors)
        assert workspace.library.headers == []
    finally:
        workspace.close()
    asyncio.run(_home_names_the_refused_file(folder))


async def _home_names_the_refused_file(folder: Path) -> None:
    workspace = Workspace.open("sqlite://", [folder])
    name = workspace.store.profiles.add("Ana").name
    app = PeerquizApp(Settings(db_url="sqlite://", deck_paths=(folder,), user=name), open_workspace=lambda: workspace,
                      clock=FakeClock(), shuffle_seed=7)  # fmt: skip
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        # the only deck was refused: home names it and its first error (whole in the notice; a long path wraps on screen)
        assert "No decks loaded: 1 refused (run `peerquiz check`):" in _on_screen(app)
        assert "evil.yaml:" in str(app.screen.query_one("#notice").visual)
        _assert_clean(app)
    workspace.close()
