"""Item analysis of mock-exam answers, as exam writers use it to find questions that need work.

For each question (card): its difficulty, the share who got it right (the p-value); its
discrimination, the point-biserial correlation between getting it right and the score on the
rest of the same exam (the question itself left out, so it does not correlate with itself);
and how often each option was chosen. Only submitted first attempts count: a retake asks only
the questions missed, which would skew both figures.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

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


@dataclass(slots=True)
class _Tally:
    """One question's running sums: enough for its figures without keeping its answers."""

    answer: str  # as the latest attempt asked it
    shown: dict[str, None] = field(default_factory=dict)  # options in the order first shown
    picked: Counter[str | None] = field(default_factory=Counter)
    n: int = 0
    right: int = 0  # sum of x, where x is 1 for a right answer; x*x is x
    rest: int = 0  # sum of y, the attempt's score without this question
    rest_squares: int = 0
    right_rest: int = 0  # sum of x*y

    def add(self, response: ExamResponse, score: int) -> None:
        x = int(response.chosen == response.answer)
        y = score - x
        self.answer = response.answer
        self.shown.update(dict.fromkeys(response.options))
        self.picked[response.chosen] += 1
        self.n += 1
        self.right += x
        self.rest += y
        self.rest_squares += y * y
        self.right_rest += x * y

    def correlation(self) -> float | None:
        """Pearson's r of right (0/1) against the rest score, from exact integer sums; None when either does not vary."""
        n = self.n
        cov = n * self.right_rest - self.right * self.rest
        var_x = n * self.right - self.right**2
        var_y = n * self.rest_squares - self.rest**2
        if n < 2 or var_x == 0 or var_y == 0:
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


def analyse_items(
    responses: Iterable[ExamResponse], scores: Mapping[int, int], where: Callable[[int], str]
) -> list[ItemStats]:
    """Figures and flags per question, flagged questions first, then by location.

    ``scores`` gives each attempt's number right; the responses are read once, by attempt.
    """
    tallies: dict[int, _Tally] = {}
    for response in responses:
        tally = tallies.get(response.card_id) or tallies.setdefault(response.card_id, _Tally(response.answer))
        tally.add(response, scores[response.attempt_id])
    items = []
    for card_id, tally in tallies.items():
        p = tally.right / tally.n
        r_pb = tally.correlation()
        choices = {option: tally.picked.get(option, 0) for option in tally.shown}
        items.append(ItemStats(card_id, where(card_id), tally.n, p, r_pb, choices, tally.picked.get(None, 0),
                               tally.answer, _flags(p, r_pb, choices, tally.answer)))  # fmt: skip
    return sorted(items, key=lambda item: (not item.flags, item.where))
