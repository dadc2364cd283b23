from __future__ import annotations

from pathlib import Path

import pytest

from peerquiz.core.exams.blueprint import BlueprintError, load_blueprint
from tests.exam_helpers import BUNDLED_BLUEPRINT, DOMAINS


def test_bundled_blueprint_is_the_documented_practice_default():
    blueprint = load_blueprint(BUNDLED_BLUEPRINT)
    assert [d.name for d in blueprint.domains] == list(DOMAINS)
    assert len({d.weight for d in blueprint.domains}) == 1  # equal weights
    assert (blueprint.questions, blueprint.minutes, blueprint.pass_percent) == (75, 120, 70)
    assert "practice default" in blueprint.note.lower()
    assert "not the official" in blueprint.note.lower()


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "bp.toml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD_HEAD = 'name = "x"\nquestions = 10\nminutes = 5\npass_percent = 70\n'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name = ", "not valid TOML"),
        (GOOD_HEAD, "domains: is required"),
        (GOOD_HEAD + '[[domains]]\nname = "A"\nweight = -1\n', "domains.0.weight: Input should be greater than 0"),
        (GOOD_HEAD + '[[domains]]\nname = "A"\nweight = 1\n[[domains]]\nname = " a "\nweight = 1\n',
         "domains: domain names must be different"),
        (GOOD_HEAD + 'colour = "red"\n[[domains]]\nname = "A"\nweight = 1\n', "colour: is not a known field"),
        (GOOD_HEAD.replace("10", "0") + '[[domains]]\nname = "A"\nweight = 1\n', "questions: Input should be greater"),
    ],
)
def test_blueprint_errors_name_the_file_and_the_field(tmp_path: Path, text: str, expected: str):
    path = _write(tmp_path, text)
    with pytest.raises(BlueprintError) as caught:
        load_blueprint(path)
    message = str(caught.value)
    assert message.startswith(f"{path}:")
    assert "\n" not in message
    assert expected in message


def test_a_missing_blueprint_file_is_a_clear_error(tmp_path: Path):
    with pytest.raises(BlueprintError, match="cannot read file"):
        load_blueprint(tmp_path / "nope.toml")


def test_practice_may_limit_the_blueprint_to_chosen_domains():
    blueprint = load_blueprint(BUNDLED_BLUEPRINT)
    assert [d.name for d in blueprint.only(["advocacy", "Ethical  Responsibility"]).domains] == [
        "Advocacy", "Ethical Responsibility"]  # fmt: skip
    assert blueprint.find_domain("mentoring and education") == "Mentoring and Education"
    assert blueprint.find_domain("Cooking") is None
