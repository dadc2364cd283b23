"""Item analysis: difficulty, discrimination and distractors, checked by hand and against scipy."""

from __future__ import annotations

import math
import random

import pytest
from scipy import stats

from peerquiz.core.exams.item_analysis import ItemStats, analyse_items
from peerquiz.core.store.class_queries import ExamResponse

OPTIONS = ("A", "B", "C")  # A is right everywhere


def analysed(table: dict[int, list[str | None]], where=str) -> list[ItemStats]:
    """Item figures for attempt -> the option chosen for cards 1, 2, 3... in order."""
    responses = [
        ExamResponse(attempt, attempt, card, OPTIONS, "A", chosen)
        for attempt, chosen_row in table.items()
        for card, chosen in enumerate(chosen_row, start=1)
    ]
    scores = {attempt: chosen_row.count("A") for attempt, chosen_row in table.items()}
    return analyse_items(iter(responses), scores, where)


# Scores: attempt 1: 2, attempt 2: 2, attempt 3: 3, attempt 4: 0.
HAND_WORKED = {1: ["A", "A", "B"], 2: ["A", "B", "A"], 3: ["A", "A", "A"], 4: ["B", "B", None]}


def test_figures_match_the_hand_worked_example():
    items = {i.card_id: i for i in analysed(HAND_WORKED, lambda card: f"deck.yaml:{card * 10}")}
    # Card 1: right [1,1,1,0], rest [1,1,2,0]: cov 1.0, var 0.75 and 2 -> r = 1/sqrt(1.5).
    assert items[1].p_value == 0.75
    assert items[1].discrimination == pytest.approx(1 / math.sqrt(1.5))
    assert items[1].choices == {"A": 3, "B": 1, "C": 0}
    # Card 2: right [1,0,1,0], rest [1,2,2,0]: cov 0.5, var 1 and 2.75.
    assert items[2].p_value == 0.5
    assert items[2].discrimination == pytest.approx(0.5 / math.sqrt(2.75))
    # Card 3: one left unanswered counts as wrong, and is counted apart.
    assert (items[3].p_value, items[3].omitted, items[3].choices) == (0.5, 1, {"A": 2, "B": 1, "C": 0})
    assert items[3].discrimination == pytest.approx(0.5 / math.sqrt(2.75))
    assert items[1].flags == ("nobody chose 'C'",)
    assert items[1].where == "deck.yaml:10"


def test_flags_name_each_reason_at_its_threshold():
    easy_and_hard = {a: ["A", "B" if a % 4 else "A"] for a in range(1, 21)}  # card 1: all right; card 2: 5 of 20
    items = {i.card_id: i for i in analysed(easy_and_hard)}
    assert items[1].flags[0].startswith("too easy (p 1.00")
    assert items[1].discrimination is None  # everyone got it right: nothing to correlate
    assert items[2].flags[0] == "too hard (p 0.25 < 0.3)"
    # Right only for those who did worse on the rest: a question that does not discriminate.
    reversed_ = {1: ["A", "A", "B"], 2: ["A", "A", "C"], 3: ["B", "B", "A"], 4: ["B", "C", "A"]}
    third = next(i for i in analysed(reversed_) if i.card_id == 3)
    assert third.discrimination < 0 and any(f.startswith("does not discriminate") for f in third.flags)


def test_discrimination_agrees_with_scipy_point_biserial_on_random_exams():
    rng = random.Random(5)
    ability = {a: rng.random() for a in range(60)}
    table = {a: [("A" if rng.random() < 0.3 + 0.6 * ability[a] * (1 - c / 20) else rng.choice("BC")) for c in range(12)]
             for a in range(60)}  # fmt: skip
    for item in analysed(table):
        right = [float(row[item.card_id - 1] == "A") for row in table.values()]
        rest = [sum(choice == "A" for choice in row) - x for row, x in zip(table.values(), right)]
        expected = stats.pointbiserialr(right, rest).statistic
        assert item.discrimination == pytest.approx(expected)
        assert item.p_value == pytest.approx(sum(right) / len(right))


def test_discrimination_is_none_when_the_rest_scores_do_not_vary_or_one_attempt_answered():
    # Both got card 2 right and card 1 wrong: the rest score is 1 for each on card 1.
    assert {i.card_id: i.discrimination for i in analysed({1: ["B", "A"], 2: ["C", "A"]})}[1] is None
    assert [i.discrimination for i in analysed({1: ["A", "B"]})] == [None, None]

