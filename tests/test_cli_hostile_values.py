"""Odd and hostile option values of this round's verbs: one clear line and exit 2, or the text taken literally."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import FIXTURES


@pytest.fixture
def cards_file(tmp_path: Path) -> Path:
    path = tmp_path / "in.tsv"
    path.write_text("front\tback\nQ1\tA1\nQ2\tA2\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--separator", "", "in.tsv: --separator is empty: name one (tab, comma, semicolon) or leave the option out"),
        ("--row-separator", "", "in.tsv: --row-separator is empty: name one (tab, comma, semicolon) or leave the option out"),
        ("--separator", "\n", "in.tsv: the separator '\\n' holds a line break, which ends each card; choose another"),
        ("--separator", "\\n", "in.tsv: the separator '\\n' holds a line break, which ends each card; choose another"),
        ("--separator", "\r\n", "in.tsv: the separator '\\r\\n' holds a line break, which ends each card; choose another"),
        ("--separator", "\x1b[2J", "in.tsv: no cards could be imported: line 1: has 1 column(s), no back in column 2"),
    ],
)
def test_import_refuses_a_separator_that_cannot_split_in_one_line(cli, cards_file: Path, option, value, message):
    result = cli("import", cards_file.name, "--out", "out.yaml", option, value)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"peerquiz: {message}\n"
    assert not (cards_file.parent / "out.yaml").exists()


@pytest.mark.parametrize("form", ["0", "6", "-1", "9" * 30, "1.5", "NaN", "", "\x1b[2J", "[/]"])
def test_exam_refuses_a_form_that_is_not_one_to_five(cli, form):
    result = cli("exam", "--form", form, "--decks", FIXTURES)
    assert (result.returncode, result.stdout) == (2, "")
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("peerquiz exam: error: argument --form: ")
    assert "\x1b" not in result.stderr  # an escape in the value is shown escaped, never sent to the terminal


@pytest.mark.parametrize("query", ["[/]", "[@click=app.quit]x", "\x1b]52;c;UFdORUQ=\x07", '"unclosed', "tag:[/]", "%", "\\"])
def test_cards_search_takes_markup_and_escapes_as_text(cli, query):
    assert cli("users", "add", "Ana").returncode == 0
    result = cli("cards", "--user", "Ana", "--decks", FIXTURES, "--search", query)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines()[-1].split()[1] in ("card", "cards") and "\x1b" not in result.stdout


def test_cards_search_finds_markup_written_in_a_card(cli):
    assert cli("users", "add", "Ana").returncode == 0
    result = cli("cards", "--user", "Ana", "--decks", FIXTURES, "--search", "[bold]best[/]")
    assert result.returncode == 0
    rows = result.stdout.splitlines()[1:-1]
    assert [row.split()[1] for row in rows] == ["mcq-1"]  # the one card whose prompt holds "[bold]best[/]"
