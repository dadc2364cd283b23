"""The optional per-card `lint-ignore` field: parsed, validated with file:line, kept out of the hash."""

from __future__ import annotations

from pathlib import Path

import pytest

from peerquiz.core.decks.loader import DeckLoadError, parse_deck

MIXED = (Path(__file__).parent / "fixtures" / "mixed.yaml").read_text()
TYPED_CARD = "  - id: typed-1\n"


def with_ignore(value: str) -> str:
    return MIXED.replace(TYPED_CARD, f"{TYPED_CARD}    lint-ignore: {value}\n")


def typed_card(deck):
    return next(c for c in deck.cards if c.id == "typed-1")


def test_lint_ignore_is_parsed_as_codes():
    deck = parse_deck(with_ignore("[W103, W105]"), "mixed.yaml")
    assert typed_card(deck).lint_ignore == ("W103", "W105")
    assert all(c.lint_ignore == () for c in deck.cards if c.id != "typed-1")


def test_a_bad_code_is_reported_with_file_line_and_field():
    text = with_ignore("[W103, nonsense]")
    line = text.splitlines().index("    lint-ignore: [W103, nonsense]") + 1
    with pytest.raises(DeckLoadError) as caught:
        parse_deck(text, "mixed.yaml")
    (error,) = caught.value.errors
    assert (error.path, error.line, error.field) == ("mixed.yaml", line, "lint-ignore.1")


def test_lint_ignore_does_not_change_the_digest():
    plain = typed_card(parse_deck(MIXED))
    silenced = typed_card(parse_deck(with_ignore("[W106]")))
    assert plain.digest == silenced.digest
