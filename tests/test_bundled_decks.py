"""The bundled decks meet the content blueprint (see README, "Bundled decks")."""

from __future__ import annotations

import re
import tomllib
from collections import Counter

import pytest

from peerquiz.config import bundled_decks_dir
from peerquiz.core.decks.cache import load_decks
from peerquiz.core.decks.model import ChoiceCard

DOMAINS = ("Advocacy", "Mentoring and Education", "Recovery/Wellness Support", "Ethical Responsibility")
GIVEAWAY_CHOICES = re.compile(r"\b(all|none|both|neither) of the above\b|\bboth [a-d] and [a-d]\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def decks():
    result = load_decks([bundled_decks_dir()])
    assert result.errors == []
    return result.decks


@pytest.fixture(scope="module")
def cards(decks):
    return [card for deck in decks for card in deck.cards]


def test_at_least_300_cards_over_at_least_8_decks(decks, cards):
    assert len(decks) >= 8
    assert len(cards) >= 300


def test_every_domain_has_at_least_50_cards_and_no_card_is_outside_them(cards):
    per_domain = Counter(card.domain for card in cards)
    assert set(per_domain) <= set(DOMAINS), set(per_domain) - set(DOMAINS)
    for domain in DOMAINS:
        assert per_domain[domain] >= 50, (domain, per_domain[domain])


def test_forty_percent_are_four_option_single_answer_questions(cards):
    exam_style = [c for c in cards if isinstance(c, ChoiceCard) and len(c.choices) == 4]
    assert len(exam_style) >= 0.4 * len(cards)


def test_at_least_60_scenario_questions(cards):
    scenarios = [c for c in cards if "scenario" in c.tags]
    assert len(scenarios) >= 60
    assert all(isinstance(c, ChoiceCard) for c in scenarios)


def test_other_kinds_are_used_where_they_teach_better(cards):
    kinds = Counter(card.kind for card in cards)
    assert {"cloze", "ordering", "typed", "truefalse", "basic", "multi"} <= set(kinds)


def test_every_card_has_an_explanation_and_a_source(cards):
    for card in cards:
        assert len(card.explanation.split()) >= 5, card.id
        assert len(card.source.split()) >= 2, card.id


def test_no_giveaway_choices(cards):
    for card in cards:
        if isinstance(card, ChoiceCard):
            assert not any(GIVEAWAY_CHOICES.search(choice) for choice in card.choices), card.id


def test_the_right_answer_is_spread_over_positions(cards):
    positions = Counter(c.choices.index(c.answer) for c in cards if isinstance(c, ChoiceCard) and len(c.choices) == 4)
    total = sum(positions.values())
    for position in range(4):
        assert positions[position] >= 0.15 * total, positions


def test_the_right_answer_is_not_usually_the_longest_choice(cards):
    questions = [c for c in cards if isinstance(c, ChoiceCard)]
    longest = [c for c in questions if len(c.answer) == max(len(choice) for choice in c.choices)]
    assert len(longest) <= 0.4 * len(questions)


def _prompt_key(card) -> str:
    text = getattr(card, "prompt", None) or getattr(card, "text", "")
    return " ".join(re.sub(r"[^\w\s]", "", text.casefold()).split())


def test_no_prompt_appears_twice_across_decks(cards):
    counts = Counter(_prompt_key(card) for card in cards)
    assert [prompt for prompt, n in counts.items() if n > 1] == []


def test_the_exam_blueprint_is_labelled_a_practice_default():
    blueprint = tomllib.loads((bundled_decks_dir() / "exam-blueprint.toml").read_text(encoding="utf-8"))
    text = str(blueprint).casefold()
    assert "practice default" in text and "not the official" in text
    assert {d["name"] for d in blueprint["domains"]} == set(DOMAINS)
