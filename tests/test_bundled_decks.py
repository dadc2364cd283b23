"""The bundled decks meet the content blueprint (see README, "Bundled decks")."""

from __future__ import annotations

import re
import tomllib
from collections import Counter

import pytest

from peerquiz.config import bundled_decks_dir
from peerquiz.core.decks.cache import load_decks
from peerquiz.core.decks.library import Library
from peerquiz.core.decks.lint import lint_decks
from peerquiz.core.decks.model import ChoiceCard, TrueFalseCard
from peerquiz.core.exams.assembly import allocate
from peerquiz.core.exams.blueprint import load_blueprint
from peerquiz.core.exams.forms import FORM_COUNT, form_paper

DOMAINS = ("Advocacy", "Mentoring and Education", "Recovery/Wellness Support", "Ethical Responsibility")
# The topics a review found thin or missing; decks/README.md lists their cards.
TOPICS = (
    "self-care", "peer-own-recovery", "documentation", "satisfaction-with-progress", "signs-of-distress",
    "suicide-warning-signs", "group-facilitation", "outreach", "harm-reduction", "moud", "co-occurring",
    "mutual-help", "pad", "ending-relationship", "families", "lgbtq", "veterans", "justice-involved", "youth",
    "older-adults", "rights", "stigma",
)  # fmt: skip
GIVEAWAY_CHOICES = re.compile(r"\b(all|none|both|neither) of the above\b|\bboth [a-d] and [a-d]\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def decks():
    result = load_decks([bundled_decks_dir()])
    assert result.errors == []
    return result.decks


@pytest.fixture(scope="module")
def cards(decks):
    return [card for deck in decks for card in deck.cards]


def test_at_least_600_cards_over_at_least_12_decks(decks, cards):
    assert len(decks) >= 12
    assert len(cards) >= 600


def test_every_domain_has_at_least_120_cards_and_no_card_is_outside_them(cards):
    per_domain = Counter(card.domain for card in cards)
    assert set(per_domain) <= set(DOMAINS), set(per_domain) - set(DOMAINS)
    for domain in DOMAINS:
        assert per_domain[domain] >= 120, (domain, per_domain[domain])


def test_at_least_420_four_option_single_answer_questions_and_250_scenarios(cards):
    exam_items = [c for c in cards if c.is_exam_item]
    assert len(exam_items) >= 420
    assert len([c for c in exam_items if "scenario" in c.tags]) >= 250


def test_scenarios_are_multiple_choice(cards):
    assert all(isinstance(c, ChoiceCard) for c in cards if "scenario" in c.tags)


@pytest.mark.parametrize("topic", TOPICS)
def test_every_listed_topic_has_at_least_5_cards(cards, topic):
    assert sum(topic in card.tags for card in cards) >= 5


def test_true_false_cards_are_40_to_60_percent_true(cards):
    answers = [card.answer for card in cards if isinstance(card, TrueFalseCard)]
    assert 0.4 <= sum(answers) / len(answers) <= 0.6


def test_at_most_2_percent_of_cards_name_no_source_document_and_each_says_why(cards):
    undocumented = [card for card in cards if "no single source document" in card.source]
    assert len(undocumented) <= 0.02 * len(cards)
    assert all(len(card.source.split("no single source document", 1)[1].split()) >= 3 for card in undocumented)


def test_the_bundled_decks_pass_check_strict(decks):
    assert [str(w) for w in lint_decks(decks)] == []


def test_five_practice_forms_of_75_follow_the_blueprint_and_share_no_question(store):
    library = Library(load_decks([bundled_decks_dir()]).decks)
    library.sync(store.cards)
    blueprint = load_blueprint(bundled_decks_dir() / "exam-blueprint.toml")
    wanted = allocate(blueprint.questions, blueprint.weights)
    seen: set[int] = set()
    for form in range(1, FORM_COUNT + 1):
        paper = form_paper(blueprint, library.items, form)
        assert paper.shortfalls == []
        assert Counter(q.domain for q in paper.questions) == Counter(wanted)
        ids = {q.card_id for q in paper.questions}
        assert len(ids) == blueprint.questions and not ids & seen
        seen |= ids


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


def test_the_right_answer_is_the_longest_choice_in_at_most_a_quarter_of_questions(cards):
    questions = [c for c in cards if isinstance(c, ChoiceCard)]
    longest = [c for c in questions if all(len(c.answer) > len(choice) for choice in c.choices if choice != c.answer)]
    assert len(longest) <= 0.25 * len(questions)


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
    # The real exam's scoring, beside the practice pass mark (shown on the start page and the results).
    assert "scaled score (200 to 800, 500 passes)" in blueprint["note"] and "practice threshold" in blueprint["note"]
    assert {d["name"] for d in blueprint["domains"]} == set(DOMAINS)


def topic_table(cards) -> str:
    """decks/README.md's table of the listed topics and their cards."""
    rows = ["| topic | cards |", "| --- | --- |"]
    for topic in TOPICS:
        ids = sorted(card.id for card in cards if topic in card.tags)
        rows.append(f"| {topic} | {', '.join(ids)} |")
    return "\n".join(rows)


def test_the_decks_readme_lists_each_topic_with_its_cards(cards):
    table = topic_table(cards)
    readme = (bundled_decks_dir() / "README.md").read_text(encoding="utf-8")
    assert table in readme, f"decks/README.md should hold this table:\n{table}"
