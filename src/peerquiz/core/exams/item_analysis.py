"""Item analysis of mock-exam answers, as exam writers use it to find questions that need work.

For each question (card): its difficulty, the share who got it right (the p-value); its
discrimination, the point-biserial correlation between getting it right and the score on the
rest of the same exam (the question itself left out, so it does not correlate with itself);
and how often each option was chosen. Only submitted first attempts count: a retake asks only
the questions missed, which would skew both figures.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from peerquiz.core.store.class_queries import ExamResponse

TOO_EASY = 0.95
TOO_HARD = 0.30
LOW_DISCRIMINATION = 0.10


@dataclass(frozen=True, slots=True)
class ItemStats:
    card_id: int
    where: str  # file:line of the card, or deck/item when its deck is not in use
    answered: int  # attempts that asked it
    p_value: float  # share right; an unanswered question counts as wrong
    discrimination: float | None  # None when everyone scored alike on it or on the rest
    choices: dict[str, int]  # option -> times chosen, in the order first shown
    omitted: int
    answer: str
    flags: tuple[str, ...]


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """The correlation of two equally long series; None when either does not vary."""
    n = len(xs)
    if n < 2:
        return None
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    cov = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys))
    var_x = sum((x - mean_x) ** 2 for x in xs)
    var_y = sum((y - mean_y) ** 2 for y in ys)
    if var_x == 0 or var_y == 0:
        return None
    return cov / math.sqrt(var_x * var_y)


def _flags(p: float, r: float | None, choices: dict[str, int], answer: str) -> tuple[str, ...]:
    flags = []
    if p > TOO_EASY:
        flags.append(f"too easy (p {p:.2f} > {TOO_EASY})")
    if p < TOO_HARD:
        flags.append(f"too hard (p {p:.2f} < {TOO_HARD})")
    if r is not None and r < LOW_DISCRIMINATION:
        flags.append(f"does not discriminate (r {r:.2f} < {LOW_DISCRIMINATION})")
    flags += [f"nobody chose {option!r}" for option, count in choices.items() if count == 0 and option != answer]
    return tuple(flags)


def analyse_items(responses: Iterable[ExamResponse], where: Callable[[int], str]) -> list[ItemStats]:
    """Figures and flags per question, flagged questions first, then by location."""
    by_attempt: dict[int, list[ExamResponse]] = defaultdict(list)
    for response in responses:
        by_attempt[response.attempt_id].append(response)
    scores = {a: sum(r.chosen == r.answer for r in rs) for a, rs in by_attempt.items()}
    by_card: dict[int, list[ExamResponse]] = defaultdict(list)
    for rs in by_attempt.values():
        for response in rs:
            by_card[response.card_id].append(response)
    items = []
    for card_id, rs in by_card.items():
        right = [float(r.chosen == r.answer) for r in rs]
        rest = [scores[r.attempt_id] - x for r, x in zip(rs, right)]
        p = sum(right) / len(rs)
        r_pb = pearson(right, rest)
        shown = dict.fromkeys(option for r in rs for option in r.options)
        picked = Counter(r.chosen for r in rs)
        choices = {option: picked.get(option, 0) for option in shown}
        answer = rs[-1].answer
        items.append(ItemStats(card_id, where(card_id), len(rs), p, r_pb, choices, picked.get(None, 0), answer,
                               _flags(p, r_pb, choices, answer)))  # fmt: skip
    return sorted(items, key=lambda item: (not item.flags, item.where))
