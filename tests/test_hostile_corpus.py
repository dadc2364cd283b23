"""The hostile-input corpus (tests/hostile/, written by make_corpus.py): each input fails with exactly its one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from peerquiz.core.decks.loader import DeckLoadError, parse_deck, read_deck_file
from peerquiz.core.exams.blueprint import BlueprintError, load_blueprint
from peerquiz.core.store.errors import StoreError

CORPUS = Path(__file__).parent / "hostile"


def _expected(folder: str) -> list[tuple[Path, str]]:
    table = json.loads((CORPUS / folder / "expected.json").read_text(encoding="utf-8"))
    return [(CORPUS / folder / name, line) for name, line in table.items()]


def test_every_corpus_file_has_an_expected_line():
    for folder in ("decks", "blueprints"):
        inputs = {p.name for p in (CORPUS / folder).iterdir() if p.name != "expected.json"}
        assert inputs == {path.name for path, _ in _expected(folder)}


@pytest.mark.parametrize(("path", "line"), _expected("decks"), ids=lambda v: v.name if isinstance(v, Path) else "")
def test_each_hostile_deck_fails_with_its_one_line(path: Path, line: str):
    with pytest.raises(DeckLoadError) as caught:
        parse_deck(read_deck_file(path).text(), str(path))
    assert str(caught.value) == line.replace("{file}", str(path))


@pytest.mark.parametrize(("path", "line"), _expected("blueprints"), ids=lambda v: v.name if isinstance(v, Path) else "")
def test_each_hostile_blueprint_fails_with_its_one_line(path: Path, line: str):
    with pytest.raises(BlueprintError) as caught:
        load_blueprint(path)
    assert str(caught.value) == line.replace("{file}", str(path))


@pytest.mark.parametrize("case", json.loads((CORPUS / "profiles.json").read_text(encoding="utf-8")), ids=repr)
def test_each_hostile_profile_name_fails_with_its_one_line(store, case: dict[str, str]):
    with pytest.raises(StoreError) as caught:
        store.profiles.add(case["name"])
    assert str(caught.value) == case["error"]


def test_check_reports_every_hostile_deck_and_accepts_none(cli):
    result = cli("check", CORPUS / "decks")
    assert result.returncode == 1 and result.stdout == ""
    for path, line in _expected("decks"):
        assert line.replace("{file}", str(path)) in result.stderr.splitlines()
