"""`peerquiz exam` refuses what it cannot run in one line, before the app opens."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.exam_helpers import BUNDLED_BLUEPRINT


@pytest.fixture
def run(cli):
    assert cli("users", "add", "sam").returncode == 0
    return lambda *args: cli("--user", "sam", *args)


def test_a_broken_blueprint_is_reported_with_its_file_and_field(tmp_path: Path, run):
    bad = tmp_path / "mine.toml"
    bad.write_text('name = "Mine"\nquestions = 10\nminutes = 5\npass_percent = 170\n[[domains]]\nname = "A"\nweight = 1\n')
    result = run("exam", "--blueprint", bad)
    assert result.returncode == 2
    assert result.stderr.strip() == f"peerquiz: {bad}:4: pass_percent: Input should be less than or equal to 100"


def test_an_unknown_practice_domain_lists_the_blueprint_domains(run):
    result = run("exam", "--practice", "--domain", "Cooking")
    assert result.returncode == 2
    assert "no domain 'Cooking'" in result.stderr and "Advocacy; Mentoring and Education" in result.stderr


def test_domain_without_practice_is_refused(run):
    result = run("exam", "--domain", "advocacy")
    assert result.returncode == 2 and "use it with --practice" in result.stderr


def test_decks_without_exam_questions_say_so_before_opening_the_app(tmp_path: Path, run):
    deck = tmp_path / "deck.yaml"
    deck.write_text(
        "id: d\ntitle: D\ncards:\n  - id: b\n    kind: basic\n    domain: Advocacy\n    prompt: P\n"
        "    answer: A\n    explanation: E\n    source: S\n"
    )
    result = run("--decks", deck, "exam", "--blueprint", BUNDLED_BLUEPRINT)
    assert result.returncode == 2
    assert "no four-option multiple-choice cards" in result.stderr
