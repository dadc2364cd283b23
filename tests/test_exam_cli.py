from __future__ import annotations

from pathlib import Path

import pytest

from peerquiz.cli import main
from tests.exam_helpers import BUNDLED_BLUEPRINT


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "progress.db")
    assert main(["--db", path, "users", "add", "sam"]) == 0
    return path


def test_a_broken_blueprint_is_reported_with_its_file_and_field(tmp_path: Path, db: str, capsys):
    bad = tmp_path / "mine.toml"
    bad.write_text('name = "Mine"\nquestions = 10\nminutes = 5\npass_percent = 170\n[[domains]]\nname = "A"\nweight = 1\n')
    assert main(["--db", db, "--user", "sam", "exam", "--blueprint", str(bad)]) == 2
    assert f"{bad}: pass_percent: Input should be less than or equal to 100" in capsys.readouterr().err


def test_an_unknown_practice_domain_lists_the_blueprint_domains(db: str, capsys):
    assert main(["--db", db, "--user", "sam", "exam", "--practice", "--domain", "Cooking"]) == 2
    err = capsys.readouterr().err
    assert "no domain 'Cooking'" in err and "Advocacy; Mentoring and Education" in err


def test_domain_without_practice_is_refused(db: str, capsys):
    assert main(["--db", db, "--user", "sam", "exam", "--domain", "advocacy"]) == 2
    assert "use it with --practice" in capsys.readouterr().err


def test_decks_without_exam_questions_say_so_before_opening_the_app(tmp_path: Path, db: str, capsys):
    deck = tmp_path / "deck.yaml"
    deck.write_text(
        "id: d\ntitle: D\ncards:\n  - id: b\n    kind: basic\n    domain: Advocacy\n    prompt: P\n"
        "    answer: A\n    explanation: E\n    source: S\n"
    )
    code = main(["--db", db, "--decks", str(deck), "--user", "sam", "exam", "--blueprint", str(BUNDLED_BLUEPRINT)])
    assert code == 2
    assert "no multiple-choice or true/false cards" in capsys.readouterr().err
