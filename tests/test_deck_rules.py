"""Cloze gaps and ordering items a learner could not answer are refused at load, naming the line."""

from __future__ import annotations

import pytest

from peerquiz.core.decks.loader import DeckLoadError, parse_deck

HEAD = "id: d\ntitle: D\ncards:\n"


def _errors(card: str) -> list[str]:
    with pytest.raises(DeckLoadError) as caught:
        parse_deck(HEAD + card + "    explanation: E\n    source: S\n", "deck.yaml")
    return [str(e) for e in caught.value.errors]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Zero {{c0::x}}", "gap {{c0::x}} must be numbered from c1"),
        ("Empty {{c1::}}", "gap {{c1::}} has no answer"),
        ("Blank {{c1::  }}", "gap {{c1::  }} has no answer"),
        ("Hint only {{c1::::hint}}", "gap {{c1::::hint}} has no answer"),
        ("Nested {{c1::a {{c2::b}} c}}", "gap {{c1::a {{c2::b}} holds another gap; gaps cannot be nested"),
    ],
)
def test_cloze_gaps_without_a_usable_answer_are_refused(text, problem):
    card = f"  - id: z\n    kind: cloze\n    text: \"{text}\"\n"
    assert _errors(card) == [f"deck.yaml:6: text: {problem}"]


def test_cloze_gaps_with_answers_and_hints_still_load():
    deck = parse_deck(HEAD + '  - id: z\n    kind: cloze\n    text: "A {{c1::b::hint}} and {{c2::c}}"\n'
                      "    explanation: E\n    source: S\n")  # fmt: skip
    assert deck.cards[0].gap_numbers() == [1, 2]


@pytest.mark.parametrize(
    "items",
    [
        ['"caf\\u00e9"', '"cafe\\u0301"'],  # one character, or e and a combining accent
        ['"\\ufb01le"', "file"],  # the fi ligature
        ["Step", "STEP"],
    ],
)
def test_ordering_items_that_look_the_same_are_refused(items):
    card = "  - id: z\n    kind: ordering\n    prompt: Order\n    items:\n" + "".join(f"      - {i}\n" for i in items)
    assert _errors(card) == ["deck.yaml:7: items: items must be different from each other"]
