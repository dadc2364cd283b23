"""`check --strict` warnings: each rule fires on its fixture card and a card can silence it."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from peerquiz.core.decks.cache import load_decks
from peerquiz.core.decks.lint import CODES, lint_decks
from peerquiz.core.decks.loader import parse_deck

LINT_FIXTURES = Path(__file__).parent / "lint_fixtures"
DECK_HABITS = Path(__file__).parent / "lint_fixtures_deck" / "habits.yaml"
DECK_CODES = {"W110", "W111"}  # about a whole deck: reported at its first line
CARD_CODES = sorted(set(CODES) - DECK_CODES)
MIXED = Path(__file__).parent / "fixtures" / "mixed.yaml"
CARD_NAMED_FOR_CODE = re.compile(r"^(  - id: (w\d{3})-.*)$", re.MULTILINE)


def lint(paths: list[Path]):
    result = load_decks(paths)
    assert result.errors == []
    return lint_decks(result.decks)


def silenced_copy(tmp_path: Path) -> Path:
    """The lint fixtures with every card ignoring the code its id names."""
    for source in LINT_FIXTURES.glob("*.yaml"):
        text = CARD_NAMED_FOR_CODE.sub(lambda m: f"{m[1]}\n    lint-ignore: [{m[2].upper()}]", source.read_text())
        (tmp_path / source.name).write_text(text)
    return tmp_path


def test_every_code_fires_once_on_the_card_named_for_it():
    warnings = lint([LINT_FIXTURES])
    assert sorted(w.code for w in warnings) == CARD_CODES
    for warning in warnings:
        card_line = Path(warning.path).read_text().splitlines()[warning.line - 1]
        assert card_line.startswith(f"  - id: {warning.code.lower()}-"), (warning, card_line)


def test_duplicates_name_the_earlier_card_across_decks():
    by_code = {w.code: w for w in lint([LINT_FIXTURES])}
    assert "other.yaml:6 (original)" in by_code["W101"].message
    assert by_code["W101"].path.endswith("weak.yaml")
    assert "weak.yaml:13 (near-original)" in by_code["W102"].message


def test_lint_ignore_silences_each_code(tmp_path: Path):
    assert lint([silenced_copy(tmp_path)]) == []


def test_ignoring_one_code_keeps_the_others():
    text = (
        (LINT_FIXTURES / "weak.yaml")
        .read_text()
        .replace("  - id: w103-unequal-choices\n", "  - id: w103-unequal-choices\n    lint-ignore: [W104]\n")
    )
    assert "W103" in {w.code for w in lint_decks([parse_deck(text, "weak.yaml")])}


@pytest.mark.parametrize(
    ("prompt", "answer", "warns"),
    [
        ("Name the skill: reflective listening.", "reflective listening", True),
        ("Name the skill of repeating back feelings.", "reflective listening", False),
        ("Is this a yes or no question?", "no", False),  # too short to count
    ],
)
def test_answer_in_prompt_matches_whole_words_only(prompt, answer, warns):
    deck = parse_deck(
        f"id: d\ntitle: T\ndomain: D\ncards:\n  - id: c\n    kind: basic\n    prompt: {json.dumps(prompt)}\n"
        f"    answer: {answer}\n    explanation: A full sentence of explanation here.\n    source: S\n"
    )
    assert ("W105" in {w.code for w in lint_decks([deck])}) is warns


@pytest.mark.parametrize(
    ("source", "warns"),
    [
        ("SAMHSA, TIP 35: Enhancing Motivation for Change", True),
        ("SAMHSA, TIP 35: Enhancing Motivation for Change (2019)", False),
        ("988 Suicide & Crisis Lifeline, Know the Signs (988lifeline.org, n.d.)", False),
        ("TODO: name the document", False),  # W108 already asks for the whole source
    ],
)
def test_a_source_gives_its_documents_year_or_says_it_has_none(source, warns):
    deck = parse_deck(
        "id: d\ntitle: T\ndomain: D\ncards:\n  - id: c\n    kind: basic\n    prompt: Who leads?\n"
        f"    answer: The person\n    explanation: A full sentence of explanation here.\n    source: {json.dumps(source)}\n"
    )
    messages = [w.message for w in lint_decks([deck]) if w.code == "W112"]
    assert messages == (["give the document's year, or n.d. when it has none"] if warns else [])


def test_cli_strict_prints_file_line_code_and_exits_1(cli):
    result = cli("check", "--strict", str(LINT_FIXTURES))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert f"{LINT_FIXTURES / 'weak.yaml'}:48: W107: explanation has 2 word(s)" in lines[6]
    assert lines[-1] == f"{len(CARD_CODES)} warning(s)"


def test_cli_strict_passes_when_warnings_are_silenced(cli, tmp_path: Path):
    result = cli("check", "--strict", str(silenced_copy(tmp_path)))
    assert (result.returncode, result.stderr) == (0, "")


def test_cli_without_strict_ignores_warnings(cli, tmp_path: Path):
    shutil.copy(MIXED, tmp_path / "mixed.yaml")
    assert cli("check", str(tmp_path)).returncode == 0
    assert cli("check", "--strict", str(tmp_path)).returncode == 1  # mixed.yaml's mcq has a long right answer


def test_a_deck_that_gives_answers_away_as_a_set_is_warned_at_its_first_line():
    warnings = lint([DECK_HABITS])
    assert {(w.code, w.line) for w in warnings} == {("W110", 1), ("W111", 1)}
    by_code = {w.code: w.message for w in warnings}
    assert "longest choice in 4 of 4" in by_code["W110"]
    assert "0 of 5 true/false cards are true" in by_code["W111"]


def test_an_absolute_word_in_the_right_answer_too_is_no_cue():
    text = (LINT_FIXTURES / "weak.yaml").read_text()
    fair = text.replace("Check in and ask how they are doing", "Check in, and never assume why they missed it")
    assert "W109" not in {w.code for w in lint_decks([parse_deck(fair, "weak.yaml")])}
