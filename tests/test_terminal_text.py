"""Text that reaches the terminal: escapes and bidi overrides are refused at load, naming file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from peerquiz.core.decks.loader import DeckLoadError, parse_deck
from peerquiz.core.decks.model import BasicCard, problem
from peerquiz.core.exams.blueprint import BlueprintError, parse_blueprint
from peerquiz.core.store.errors import StoreError
from peerquiz.core.terminal_text import UNSAFE_CHARACTERS

HOSTILE = {
    "OSC 52 clipboard": "\x1b]52;c;UFdORUQ=\x1b\\",
    "window title": "x\x1b]0;HACKED\x07",
    "clear screen": "\x1b[2J",
    "CSI U+009B": "a\x9b2J",
    "bidi override": "abc\u202edef",
    "bidi isolate": "abc\u2066def",
    "bell": "ding\x07",
}

CARDS = {
    "basic": {"prompt": "P", "answer": "A"},
    "cloze": {"text": "The {{c1::gap}} here"},
    "mcq": {"prompt": "P", "choices": ["A", "B"], "answer": "A"},
    "multi": {"prompt": "P", "choices": ["A", "B"], "answers": ["A"]},
    "typed": {"prompt": "P", "answer": "A", "accept": ["a2"]},
    "ordering": {"prompt": "P", "items": ["one", "two"]},
    "truefalse": {"prompt": "P", "answer": True},
}


def _deck(kind: str) -> dict:
    card = {"id": "c1", "kind": kind, "domain": "D", "tags": ["t"], **CARDS[kind], "explanation": "E", "source": "S"}
    return {"id": "deck", "title": "T", "description": "Desc", "domain": "D", "cards": [card]}


def _places() -> list[tuple[str, tuple]]:
    """Every text field of every card kind, and the deck header: (kind, path to the field)."""
    places = [("basic", (key,)) for key in ("title", "description", "domain")]
    for kind, fields in CARDS.items():
        for key in ("domain", "explanation", "source"):
            places.append((kind, ("cards", 0, key)))
        places.append((kind, ("cards", 0, "tags", 0)))
        for key, value in fields.items():
            if isinstance(value, str):
                places.append((kind, ("cards", 0, key)))
            elif isinstance(value, list):
                places.append((kind, ("cards", 0, key, 0)))
    return places


def _put(data: dict, where: tuple, text: str) -> None:
    *parents, last = where
    for part in parents:
        data = data[part]
    data[last] = text


def _field(where: tuple) -> str:
    return ".".join(str(part) for part in (where[2:] if where[0] == "cards" else where))


@pytest.mark.parametrize("hostile", list(HOSTILE.values()), ids=list(HOSTILE))
@pytest.mark.parametrize(("kind", "where"), _places(), ids=lambda v: v if isinstance(v, str) else ".".join(map(str, v)))
def test_every_deck_field_refuses_escapes_and_bidi_overrides_with_file_line_and_field(kind, where, hostile):
    data = _deck(kind)
    _put(data, where, hostile)
    text = yaml.safe_dump(data, sort_keys=False)  # escapes the characters, as an author would write "\e"
    with pytest.raises(DeckLoadError) as caught:
        parse_deck(text, "decks/evil.yaml")
    refusal = next(e for e in caught.value.errors if e.field == _field(where))
    assert refusal.path == "decks/evil.yaml"
    assert refusal.message.startswith("control character U+") and refusal.message.endswith(" is not allowed")
    named = refusal.message.split()[2].removeprefix("U+")
    assert chr(int(named, 16)) in hostile
    shown = text.splitlines()[refusal.line - 1].strip()
    assert shown.startswith((f"{where[-1]}:", "-"))
    assert "\n" not in str(refusal)


def test_deck_text_refuses_exactly_the_characters_the_terminal_rule_names():
    # Deck text is checked by a pattern matched in pydantic's Rust core, the rule's other users by the rule itself:
    # each character of the first 0x3000 (every unsafe one among them) is refused by both or by neither, and named.
    # (Every field refusing them in a deck file, with its line: the test above.)
    for code in range(0x3000):
        card = {"id": "c1", "kind": "basic", "prompt": "P", "answer": "A", "explanation": f"a{chr(code)}b", "source": "S"}
        try:
            BasicCard.model_validate(card)
            refused = None
        except ValidationError as exc:
            refused = [problem(error) for error in exc.errors()]
        unsafe = UNSAFE_CHARACTERS.search(chr(code)) is not None
        assert refused == ([f"control character U+{code:04X} is not allowed"] if unsafe else None), code


def test_a_raw_control_character_in_a_deck_file_is_one_line_naming_its_line():
    with pytest.raises(DeckLoadError) as caught:
        parse_deck("id: d\ntitle: T\n\ndescription: a\x1b[2Jb\n", "decks/raw.yaml")
    assert str(caught.value) == "decks/raw.yaml:4: character U+001B is not allowed"


BLUEPRINT = """name = "{name}"
note = "{note}"
questions = 10
minutes = 5
pass_percent = 70

[[domains]]
name = "A"
weight = 1

[[domains]]
name = "{domain}"
weight = 1
"""


@pytest.mark.parametrize("hostile", ["\\u001b]52;c;UFdORUQ=\\u001b\\\\", "\\u009b2J", "\\u202eabc"])
@pytest.mark.parametrize(("field", "line"), [("name", 1), ("note", 2), ("domain", 12)])
def test_every_blueprint_field_refuses_escapes_in_one_line_with_file_and_line(field, line, hostile):
    values = {"name": "N", "note": "", "domain": "B", field: hostile}
    with pytest.raises(BlueprintError) as caught:
        parse_blueprint(BLUEPRINT.format(**values), Path("esc.toml"))
    shown_field = "domains.1.name" if field == "domain" else field
    message = str(caught.value)
    assert message.startswith(f"esc.toml:{line}: {shown_field}: control character U+")
    assert "\n" not in message


@pytest.mark.parametrize("name", ["Ana\x9b2J", "Ana\u202eX", "\x1b]0;T\x07", "Ana\u2067"])
def test_profile_names_refuse_c1_controls_and_bidi_overrides(store, name):
    with pytest.raises(StoreError) as caught:
        store.profiles.add(name)
    message = str(caught.value)
    assert "1 to 40 printable characters" in message
    assert not UNSAFE_CHARACTERS.search(message)  # the refusal itself shows the name escaped
    assert store.profiles.all() == []


def test_a_profile_name_in_another_script_is_still_welcome(store):
    assert store.profiles.add("Zoë Ωμέγα").name == "Zoë Ωμέγα"


def test_a_deck_file_whose_name_holds_an_escape_is_refused_and_named_escaped(tmp_path: Path):
    from peerquiz.core.decks.cache import load_decks

    (tmp_path / "evil\x1b]0;T\x07.yaml").write_text("id: d\ntitle: T\ncards: []\n", encoding="utf-8")
    result = load_decks([tmp_path])
    assert result.decks == []
    [error] = result.errors
    assert not UNSAFE_CHARACTERS.search(str(error))
    assert str(error).endswith("evil\\x1b]0;T\\x07.yaml':1: file name: control character U+001B is not allowed")
