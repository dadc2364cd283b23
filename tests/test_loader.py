"""The loader accepts good decks and reports every error with file:line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from peerquiz.core.decks.cache import load_decks
from peerquiz.core.decks.library import Library
from peerquiz.core.decks.loader import DeckLoadError, parse_deck
from peerquiz.core.decks.model import BasicCard, ChoiceCard
from peerquiz.core.terminal_text import unsafe_character_problem

from .conftest import FIXTURES

GOOD_CARD = """\
  - id: c1
    kind: mcq
    prompt: Which?
    choices: [a, b, c, d]
    answer: b
    explanation: Because b.
    source: A document
"""


def errors_of(text: str) -> list[str]:
    with pytest.raises(DeckLoadError) as caught:
        parse_deck(text, "deck.yaml")
    return [str(e) for e in caught.value.errors]


def test_fixture_deck_loads_every_kind():
    result = load_decks([FIXTURES])
    assert result.errors == []
    (mixed,) = result.decks
    assert {c.kind for c in mixed.cards} == {"basic", "cloze", "mcq", "multi", "typed", "ordering", "truefalse"}
    # reverse adds an item, each cloze gap is its own item
    ids = [i.item_id for i in mixed.items()]
    assert "basic-1/reverse" in ids and "cloze-1/c1" in ids and "cloze-1/c2" in ids
    assert len(ids) == len(mixed.cards) + 2


def test_card_inherits_deck_domain_and_keeps_its_own():
    (mixed,) = load_decks([FIXTURES]).decks
    by_id = {c.id: c for c in mixed.cards}
    assert by_id["basic-1"].domain == "Ethical Responsibility"
    assert by_id["typed-1"].domain == "Advocacy"


def test_card_line_numbers_point_at_the_card():
    text = "id: d\ntitle: D\ncards:\n" + GOOD_CARD
    parsed = parse_deck(text)
    assert parsed.cards[0].line == 4


def test_yaml_words_stay_strings_unless_the_field_is_boolean():
    text = """\
id: d
title: D
cards:
  - id: yes
    kind: basic
    prompt: no
    answer: on
    explanation: x
    source: y
  - id: t
    kind: truefalse
    prompt: Norway?
    answer: "false"
    explanation: x
    source: y
"""
    parsed = parse_deck(text)
    basic = parsed.cards[0]
    assert isinstance(basic, BasicCard) and (basic.id, basic.prompt, basic.answer) == ("yes", "no", "on")
    assert parsed.cards[1].answer is False


@pytest.mark.parametrize(
    ("card", "expected"),
    [
        ("  - id: a\n    kind: flashcard\n", "deck.yaml:5: kind: unknown kind 'flashcard'"),
        ("  - id: a\n    prompt: p\n", "deck.yaml:4: kind: is required"),
        (GOOD_CARD.replace("answer: b", "answer: z"), "deck.yaml:8: answer: answer must be one of the choices"),
        (GOOD_CARD.replace("prompt: Which?", 'prompt: ""'), "deck.yaml:6: prompt: String should have at least 1"),
        (GOOD_CARD.replace("    explanation: Because b.\n", ""), "deck.yaml:4: explanation: is required"),
        (GOOD_CARD.replace("    source: A document\n", ""), "deck.yaml:4: source: is required"),
        (GOOD_CARD.replace("[a, b, c, d]", "[a, b, b, d]"), "deck.yaml:7: choices: choices must be different"),
        (GOOD_CARD + "    colour: red\n", "deck.yaml:11: colour: is not a known field"),
        (
            "  - id: z\n    kind: cloze\n    text: no gap here\n    explanation: x\n    source: y\n",
            "deck.yaml:6: text: cloze text needs at least one gap",
        ),
        (
            (
                "  - id: m\n    kind: multi\n    prompt: p\n    choices: [a, b]\n    answers: [c]\n"
                "    explanation: x\n    source: y\n"
            ),
            "deck.yaml:8: answers: answers not among the choices: c",
        ),
        ("  - id: 'bad id'\n    kind: basic\n", "deck.yaml:4: id: String should match pattern"),
        # A tag is one word: any Unicode space splits it (here a no-break space), and it has 40 characters at most.
        (GOOD_CARD + "    tags: [two\u00a0words]\n", "deck.yaml:11: tags.0: a tag is one word: no spaces"),
        (GOOD_CARD + f"    tags: [{'t' * 41}]\n", "deck.yaml:11: tags.0: String should have at most 40 characters"),
        (GOOD_CARD + '    tags: ["a\\x1bb"]\n', "deck.yaml:11: tags.0: control character U+001B"),
        # A lint code's digits are ASCII: Arabic-Indic digits are digits to Unicode, but no warning's code.
        (GOOD_CARD + "    lint-ignore: [W\u0661\u0660\u0663]\n", "deck.yaml:11: lint-ignore.0: String should match pattern"),
        ("  - just text\n", "deck.yaml:4: a card must be a mapping of fields"),
    ],
)
def test_each_error_names_line_and_field(card, expected):
    text = "id: d\ntitle: D\ncards:\n" + card
    assert any(e.startswith(expected) for e in errors_of(text)), errors_of(text)


def test_a_tag_with_any_space_within_it_is_refused_as_more_than_one_word():
    # Every character Python counts as a space (str.isspace), written as a YAML escape; the controls among them are
    # refused by name, as in any text.
    for space in (chr(code) for code in range(0x110000) if chr(code).isspace()):
        text = "id: d\ntitle: D\ncards:\n" + GOOD_CARD + f'    tags: ["two\\u{ord(space):04X}words"]\n'
        expected = unsafe_character_problem(space) or "a tag is one word: no spaces"
        assert errors_of(text) == [f"deck.yaml:11: tags.0: {expected}"], (hex(ord(space)), errors_of(text))


def test_every_error_is_reported_at_once_and_duplicates_name_the_first_line():
    text = "id: d\ntitle: D\ncards:\n" + GOOD_CARD + GOOD_CARD + "  - id: x\n    kind: nope\n"
    errors = errors_of(text)
    assert errors == [
        "deck.yaml:11: id: duplicate id 'c1' (first used on line 4)",
        "deck.yaml:19: kind: unknown kind 'nope' (known: basic, cloze, mcq, multi, typed, ordering, truefalse)",
    ]


def test_ids_that_are_the_same_once_trimmed_are_duplicates():
    text = "id: d\ntitle: D\ncards:\n" + GOOD_CARD + GOOD_CARD.replace("id: c1", "id: ' c1 '")
    assert errors_of(text) == ["deck.yaml:11: id: duplicate id 'c1' (first used on line 4)"]


def test_a_header_error_is_reported_even_when_every_card_is_good():
    text = "id: d\ntitle: ''\ndomain: Advocacy\ncards:\n" + GOOD_CARD
    assert errors_of(text) == ["deck.yaml:2: title: String should have at least 1 character"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("cards: [\n", "deck.yaml:2: not valid YAML"),
        ("- a\n- b\n", "deck.yaml:1: a deck file must be a mapping"),
        ("id: d\ntitle: D\n", "deck.yaml:1: cards: must be a non-empty list"),
        ("id: d\ntitle: D\ntitle: E\ncards: []\n", "deck.yaml:3: 'title' is given twice"),
        ("id: d\ntitle: &t D\ndescription: *t\ncards: []\n", "deck.yaml:2: anchors and aliases are not allowed"),
        ("id: d\ntitle: !!python/object:os.system D\ncards: []\n", "deck.yaml:"),
        ("title: D\ncards:\n" + GOOD_CARD, "deck.yaml:1: id: is required"),
    ],
)
def test_file_level_errors(text, expected):
    assert any(e.startswith(expected) for e in errors_of(text)), errors_of(text)


def test_a_field_written_with_no_value_says_so_and_one_that_may_be_left_out_takes_it():
    text = "id: d\ntitle: D\ndescription: ~\ncards:\n" + GOOD_CARD.replace("prompt: Which?", "prompt:")
    assert errors_of(text) == ["deck.yaml:7: prompt: has no value"]
    text = "id: d\ntitle: D\ndescription: ~\ncards:\n" + GOOD_CARD
    assert parse_deck(text, "deck.yaml").description is None


def test_an_alias_of_a_whole_card_is_refused_where_its_anchor_is_set():
    text = "id: d\ntitle: D\ncards:\n" + GOOD_CARD.replace("- id: c1", "- &first\n    id: c1") + "  - *first\n"
    assert errors_of(text) == ["deck.yaml:4: anchors and aliases are not allowed (anchor set here)"]


def test_an_ampersand_in_text_is_just_text():
    text = "id: d\ntitle: Rights & responsibilities\ncards:\n" + GOOD_CARD.replace("Because b.", "Because b & c.")
    deck = parse_deck(text, "deck.yaml")
    assert deck.title == "Rights & responsibilities" and deck.cards[0].explanation == "Because b & c."


def test_the_cycle_collector_is_back_on_after_a_file_with_errors():
    import gc

    errors_of("id: d\ntitle: D\ntitle: E\ncards: []\n")
    assert gc.isenabled()


def test_python_tags_never_construct_objects():
    # The tag is ignored: the value stays plain text, nothing is executed.
    text = "id: d\ntitle: !!python/object/apply:os.system ['echo hacked']\ncards:\n" + GOOD_CARD
    with pytest.raises(DeckLoadError):
        parse_deck(text, "deck.yaml")


def test_oversized_field_is_rejected():
    long_prompt = "x" * 5000
    text = "id: d\ntitle: D\ncards:\n" + GOOD_CARD.replace("Which?", long_prompt)
    assert any("at most 4000 characters" in e for e in errors_of(text))


def test_a_file_with_errors_is_skipped_whole_and_duplicate_deck_ids_are_refused(tmp_path: Path):
    (tmp_path / "a.yaml").write_text("id: d\ntitle: A\ncards:\n" + GOOD_CARD)
    (tmp_path / "b.yaml").write_text("id: d\ntitle: B\ncards:\n" + GOOD_CARD)
    (tmp_path / "c.yaml").write_text("id: c\ntitle: C\ncards:\n" + GOOD_CARD + "  - id: bad\n    kind: nope\n")
    (tmp_path / "notes.txt").write_text("not a deck")
    result = load_decks([tmp_path])
    assert [d.id for d in result.decks] == ["d"]
    messages = [str(e) for e in result.errors]
    assert any(m.startswith(f"{tmp_path / 'b.yaml'}:1: id: deck id 'd' is already used") for m in messages)
    assert any(m.startswith(f"{tmp_path / 'c.yaml'}:12: kind:") for m in messages)


def test_unreadable_bytes_give_a_clear_error(tmp_path: Path):
    path = tmp_path / "bin.yaml"
    path.write_bytes(b"\xff\xfe\x00garbage")
    (error,) = load_decks([path]).errors
    assert str(error) == f"{path}:1: file is not UTF-8 text"


@pytest.mark.parametrize("ending", ["\r\n", "\r"])
def test_windows_and_old_mac_line_endings_read_as_newlines_through_the_cache_too(tmp_path: Path, ending: str):
    text = "id: d\ntitle: D\ncards:\n" + GOOD_CARD
    deck_file, cache = tmp_path / "d.yaml", tmp_path / "cache"
    deck_file.write_bytes(text.replace("\n", ending).encode())
    expected = parse_deck(text, str(deck_file))
    assert load_decks([deck_file]).decks == [expected]
    assert load_decks([deck_file], cache).decks == [expected]  # parsed, then cached
    assert load_decks([deck_file], cache).decks == [expected]  # read back from the cache
    # Only the line endings changed: the deck's fingerprint is its text's, so its cards need no sync.
    unix_file = tmp_path / "unix" / "d.yaml"
    unix_file.parent.mkdir()
    unix_file.write_bytes(text.encode())
    fingerprints = [Library.load([folder], cache).headers[0].fingerprint for folder in (tmp_path / "unix", deck_file)]
    assert fingerprints[0] == fingerprints[1]
    deck_file.write_bytes((text + "  - id: bad\n    kind: nope\n").replace("\n", ending).encode())
    (error,) = load_decks([deck_file], cache).errors
    assert str(error).startswith(f"{deck_file}:12: kind:")


def test_digest_changes_with_text_but_not_with_line():
    parsed = parse_deck("id: d\ntitle: D\ncards:\n" + GOOD_CARD)
    moved = parse_deck("id: d\ntitle: D\n\n\ncards:\n" + GOOD_CARD)
    edited = parse_deck("id: d\ntitle: D\ncards:\n" + GOOD_CARD.replace("Because b.", "Because b!"))
    card = parsed.cards[0]
    assert isinstance(card, ChoiceCard)
    assert card.digest == moved.cards[0].digest
    assert card.digest != edited.cards[0].digest


def test_the_parse_cache_is_used_for_unchanged_files_only(tmp_path: Path, monkeypatch):
    from peerquiz.core.decks import loader

    deck_file = tmp_path / "d.yaml"
    deck_file.write_text("id: d\ntitle: D\ncards:\n" + GOOD_CARD)
    cache = tmp_path / "cache"
    first = load_decks([deck_file], cache).decks
    calls = []
    monkeypatch.setattr(loader, "parse_deck", lambda *a: calls.append(a) or parse_deck(*a))
    assert load_decks([deck_file], cache).decks == first and calls == []
    deck_file.write_text(deck_file.read_text().replace("Which?", "Which one?"))
    (edited,) = load_decks([deck_file], cache).decks
    assert edited.cards[0].prompt == "Which one?" and len(calls) == 1


def cached_once(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A one-card deck file, loaded once through a cache: the file, the cache and its one entry."""
    deck_file = tmp_path / "d.yaml"
    deck_file.write_text("id: d\ntitle: D\ncards:\n" + GOOD_CARD)
    cache = tmp_path / "cache"
    load_decks([deck_file], cache)
    (entry,) = cache.iterdir()
    return deck_file, cache, entry


def test_a_damaged_cache_entry_is_ignored(tmp_path: Path):
    deck_file, cache, entry = cached_once(tmp_path)
    entry.write_text('{"id": "d", "title": "Tampered", "cards": []')
    (deck,) = load_decks([deck_file], cache).decks
    assert deck.title == "D" and len(deck.cards) == 1


def test_errors_are_never_cached(tmp_path: Path):
    deck_file = tmp_path / "d.yaml"
    deck_file.write_text("id: d\ntitle: D\ncards:\n  - id: x\n    kind: nope\n")
    cache = tmp_path / "cache"
    assert load_decks([deck_file], cache).errors and load_decks([deck_file], cache).errors
    assert not cache.exists() or not any(cache.iterdir())


def test_the_parse_cache_keeps_lint_ignore(tmp_path: Path):
    deck_file = tmp_path / "d.yaml"
    deck_file.write_text("id: d\ntitle: D\ncards:\n" + GOOD_CARD + "    lint-ignore: [W103]\n")
    cache = tmp_path / "cache"
    first = load_decks([deck_file], cache).decks
    again = load_decks([deck_file], cache).decks
    assert again == first and again[0].cards[0].lint_ignore == ("W103",)


def test_control_characters_in_deck_text_are_refused_with_their_line():
    text = "id: d\ntitle: D\ncards:\n" + GOOD_CARD.replace("Which?", '"Which\\e[31m one?"')
    assert errors_of(text) == ["deck.yaml:6: prompt: control character U+001B is not allowed"]


def test_a_cached_deck_is_the_deck_the_file_parses_to(tmp_path: Path):
    cache = tmp_path / "cache"
    (parsed,) = load_decks([FIXTURES / "mixed.yaml"], cache).decks
    (cached,) = load_decks([FIXTURES / "mixed.yaml"], cache).decks
    assert {card.kind for card in cached.cards} == {"basic", "cloze", "mcq", "multi", "typed", "ordering", "truefalse"}
    assert cached == parsed and hash(cached) == hash(parsed)
    assert [item.key for item in cached.items()] == [item.key for item in parsed.items()]
    assert all(isinstance(value, tuple) for card in cached.cards for value in (card.tags, card.lint_ignore))


@pytest.mark.parametrize("damage", ["missing field", "unknown field", "unknown kind", "old format"])
def test_a_cache_entry_without_a_decks_exact_fields_is_parsed_again(tmp_path: Path, damage: str):
    import json

    deck_file, cache, entry = cached_once(tmp_path)
    deck_line, ids_line, card_line = entry.read_text().split("\n")  # the deck's fields, its card ids, a card a line
    card = json.loads(card_line)
    card["prompt"] = "Tampered?"
    if damage == "missing field":
        del card["source"]
    elif damage == "unknown field":
        card["hint"] = "x"
    elif damage == "unknown kind":
        card["kind"] = "essay"
    else:  # the format before entries held field names: aliases such as lint-ignore
        card["lint-ignore"] = card.pop("lint_ignore")
    entry.write_text("\n".join([deck_line, ids_line, json.dumps(card)]))
    (deck,) = load_decks([deck_file], cache).decks
    assert deck.cards[0].prompt == "Which?" and deck.cards[0].source == "A document"


@pytest.mark.parametrize("ids", ['["other"]', '["c1", "c1"]', "[]", '{"c1": 1}'])
def test_a_cache_entry_whose_card_ids_do_not_match_its_cards_is_parsed_again(tmp_path: Path, ids: str):
    deck_file, cache, entry = cached_once(tmp_path)
    deck_line, _, card_line = entry.read_text().split("\n")
    entry.write_text("\n".join([deck_line, ids, card_line.replace("Which?", "Tampered?")]))
    (deck,) = load_decks([deck_file], cache).decks
    assert [card.prompt for card in deck.cards] == ["Which?"]


@pytest.mark.parametrize(("character", "over"), [("a", True), ("é", False), ("😀", True)])
def test_deck_text_over_the_size_limit_in_utf8_bytes_is_refused(character: str, over: bool):
    from peerquiz.core.decks.loader import MAX_FILE_BYTES

    # Just over the limit in bytes for "a" and "😀"; "é" takes two bytes, so as many characters stay under it.
    count = MAX_FILE_BYTES // len(character.encode()) + 1 if over else MAX_FILE_BYTES // 4
    text = "# " + character * count + "\nid: d\ntitle: D\ncards:\n" + GOOD_CARD
    if over:
        assert errors_of(text) == [f"deck.yaml:1: file is larger than {MAX_FILE_BYTES // 1024 // 1024} MB"]
    else:
        assert parse_deck(text, "deck.yaml").id == "d"


def test_the_first_decks_a_process_parses_report_their_errors_and_validate_with_the_models_built_meanwhile():
    """A fresh process builds the deck models while libyaml parses its first deck on a thread of its own: a broken
    first deck still reports its line, the next deck is validated as any, and no thread is left behind (the
    parse pool forks its workers only from a process with none). In a fresh process: this one built them."""
    import json
    import subprocess
    import sys

    script = f"""
import json
import threading
from peerquiz.core.decks.loader import DeckLoadError, parse_deck
from peerquiz.core.decks.model import Deck

built_at_first = Deck.__pydantic_complete__
try:
    parse_deck("id: d\\ntitle: D\\ncards: [\\n", "broken.yaml")
except DeckLoadError as exc:
    broken = str(exc)
try:
    parse_deck("id: d\\ntitle: D\\ncards:\\n" + {GOOD_CARD.replace("answer: b", "answer: e")!r}, "wrong.yaml")
except DeckLoadError as exc:
    wrong = str(exc)
good = parse_deck("id: d\\ntitle: D\\ncards:\\n" + {GOOD_CARD!r}, "good.yaml")
print(json.dumps([built_at_first, broken, wrong, [card.answer for card in good.cards], threading.active_count()]))
"""
    done = subprocess.run([sys.executable, "-c", script], check=False, capture_output=True, text=True, timeout=60)
    built_at_first, broken, wrong, answers, threads = json.loads(done.stdout or "null") or (None,) * 5
    assert built_at_first is False, done.stderr
    assert broken.startswith("broken.yaml:4: not valid YAML")
    assert wrong == "wrong.yaml:8: answer: answer must be one of the choices, written exactly the same"
    assert answers == ["b"] and threads == 1
