"""Deck files written by peerquiz load back to the same cards; output is never half-written."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peerquiz.core.decks.cache import load_deck
from peerquiz.core.decks.lint import lint_decks
from peerquiz.core.decks.loader import parse_deck
from peerquiz.core.decks.model import MAX_FIELD_CHARS, BasicCard, Deck
from peerquiz.core.formats.deck_writer import deck_id_for, deck_template, render_deck
from peerquiz.core.formats.output import FormatError, publish
from peerquiz.core.terminal_text import UNSAFE_CHARACTERS

MIXED = Path(__file__).parent / "fixtures" / "mixed.yaml"


def dumped(deck: Deck) -> list[dict]:
    return [card.model_dump(by_alias=True, exclude={"line", "digest"}) for card in deck.cards]


def test_every_kind_round_trips_and_the_deck_domain_stays_on_the_deck():
    deck = load_deck(MIXED)
    text = render_deck(deck, "Written by a test\nsecond line")
    again = parse_deck(text, "again.yaml")
    assert dumped(again) == dumped(deck)
    assert (again.id, again.title, again.description, again.domain) == (
        deck.id,
        deck.title,
        deck.description,
        deck.domain,
    )
    assert text.startswith("# Written by a test\n# second line\nid: mixed\n")
    assert text.count("domain: Ethical Responsibility") == 1


# Text a card field can hold: stripped, non-empty, anything the terminal-text rule lets through
# (it refuses control characters other than tab and newline, and the bidi overrides).
field_text = (
    st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=200)
    .map(lambda text: UNSAFE_CHARACTERS.sub("", text).strip())
    .filter(bool)
)


@settings(max_examples=300, deadline=None)
@given(prompt=field_text, answer=field_text, explanation=field_text)
def test_any_text_round_trips(prompt: str, answer: str, explanation: str):
    card = BasicCard(id="c1", kind="basic", prompt=prompt, answer=answer, explanation=explanation, source="s")
    deck = Deck(id="d", title="T", cards=(card,))
    assert dumped(parse_deck(render_deck(deck))) == dumped(deck)


def test_multi_line_text_is_written_as_a_block():
    card = BasicCard(id="c1", kind="basic", prompt="Line one\nline two", answer="a", explanation="e", source="s")
    text = render_deck(Deck(id="d", title="T", cards=(card,)))
    assert "prompt: |-\n      Line one\n      line two\n" in text


def test_template_loads_has_every_kind_and_warns_only_of_its_placeholder_sources():
    deck = parse_deck(deck_template("my-deck", 'Ethics: "hard" cases'), "new.yaml")
    assert (deck.id, deck.title) == ("my-deck", 'Ethics: "hard" cases')
    assert {card.kind for card in deck.cards} == {"basic", "cloze", "mcq", "multi", "typed", "ordering", "truefalse"}
    warnings = lint_decks([deck])
    assert len(warnings) == 4 and all("W108: source still has a TODO placeholder" in str(w) for w in warnings)


@pytest.mark.parametrize(
    ("name", "deck_id"),
    [("Ethics 101", "ethics-101"), ("--Wellness!!", "wellness"), ("***", "deck"), ("x" * 80, "x" * 64)],
)
def test_deck_ids_from_names(name: str, deck_id: str):
    assert deck_id_for(name) == deck_id


def test_publish_writes_only_on_success_and_never_replaces_without_overwrite(tmp_path: Path):
    target = tmp_path / "out" / "deck.yaml"
    with pytest.raises(RuntimeError), publish(target) as temporary:
        temporary.write_text("half")
        raise RuntimeError("failed midway")
    assert list((tmp_path / "out").iterdir()) == []

    with publish(target) as temporary:
        temporary.write_text("first")
    with pytest.raises(FormatError, match="already exists"), publish(target) as temporary:
        temporary.write_text("second")
    with publish(target, overwrite=True) as temporary:
        temporary.write_text("third")
    assert target.read_text() == "third"
    assert [p.name for p in target.parent.iterdir()] == ["deck.yaml"]


def test_long_fields_stay_within_the_loader_limit():
    card = BasicCard(id="c1", kind="basic", prompt="p" * MAX_FIELD_CHARS, answer="a", explanation="e", source="s")
    assert dumped(parse_deck(render_deck(Deck(id="d", title="T", cards=(card,))))) == dumped(
        Deck(id="d", title="T", cards=(card,))
    )
