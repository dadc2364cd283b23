"""Mock exams as plain values: assembly by blueprint, scoring, and the SRS rule.

Only exam items are drawn: multiple choice with four options and one best answer, the
format of the IC&RC exams (true/false and other kinds stay in study). Each blueprint domain gets
a share of the questions by weight, rounded by largest remainder so the shares
add up to the total. A domain with fewer questions than its share gives what
it has; the exam is then shorter (the other domains are not topped up, which
would change the weights) and the shortfall is reported.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from peerquiz.core.decks.header import ExamCard
from peerquiz.core.decks.model import EXAM_OPTIONS, ChoiceCard, Item
from peerquiz.core.exams.blueprint import Blueprint, domain_key
from peerquiz.core.store.exam_records import Graded, Tally
from peerquiz.core.store.records import Memory, Rating
from peerquiz.core.study.grading import expected_answer

TRUE_FALSE = ("True", "False")
NO_EXAM_ITEMS = "the decks have no four-option multiple-choice cards in the blueprint's domains"


@dataclass(frozen=True, slots=True)
class Question:
    """One exam question: a card, its blueprint domain, its options in the order shown."""

    card_id: int
    domain: str
    options: tuple[str, ...]
    answer: str  # the right option, as text

    def is_right(self, chosen: str | None) -> bool:
        return chosen == self.answer


@dataclass(frozen=True, slots=True)
class Shortfall:
    domain: str
    wanted: int
    available: int

    def __str__(self) -> str:
        return f"{self.domain}: only {self.available} of {self.wanted} questions available"


@dataclass(frozen=True, slots=True)
class ExamPaper:
    questions: list[Question]
    shortfalls: list[Shortfall]


def allocate(total: int, weights: Mapping[str, float]) -> dict[str, int]:
    """Split ``total`` by weight; largest remainders get the leftover questions.

    Ties go to the domain listed first, so the result is deterministic.
    """
    whole = sum(weights.values())
    quotas = {name: total * weight / whole for name, weight in weights.items()}
    counts = {name: math.floor(quota) for name, quota in quotas.items()}
    by_remainder = sorted(quotas, key=lambda name: quotas[name] - counts[name], reverse=True)
    for name in by_remainder[: total - sum(counts.values())]:
        counts[name] += 1
    return counts


def exam_pool(items: Mapping[int, Item], blueprint: Blueprint) -> dict[str, list[int]]:
    """Card ids of the exam items in each blueprint domain."""
    exam_items = ((card_id, item.card.domain) for card_id, item in items.items() if item.card.is_exam_item)
    return pool_by_domain(exam_items, blueprint)


def exam_item_pool(exam_cards: Mapping[int, ExamCard], blueprint: Blueprint) -> dict[str, list[int]]:
    """``exam_pool`` from the exam-style cards the parse cache keeps (``Library.exam_cards``), so that no deck has to load.

    Of the exam-style cards, the four-option ones are the exam items: true/false has two options.
    """
    exam_items = ((card_id, card.domain) for card_id, card in exam_cards.items() if card.options == EXAM_OPTIONS)
    return pool_by_domain(exam_items, blueprint)


def pool_by_domain(cards: Iterable[tuple[int, str | None]], blueprint: Blueprint) -> dict[str, list[int]]:
    """Exam item card ids, given with their domains, grouped by blueprint domain in card id order."""
    names = {domain_key(d.name): d.name for d in blueprint.domains}
    pool: dict[str, list[int]] = {d.name: [] for d in blueprint.domains}
    for card_id, domain in sorted(cards):
        name = names.get(domain_key(domain or ""))
        if name is not None:
            pool[name].append(card_id)
    return pool


def plan(blueprint: Blueprint, pool: Mapping[str, Sequence[int]]) -> tuple[dict[str, int], list[Shortfall]]:
    """How many questions each domain gives, and where the decks fall short."""
    wanted = allocate(blueprint.questions, blueprint.weights)
    counts = {name: min(n, len(pool.get(name, ()))) for name, n in wanted.items()}
    shortfalls = [Shortfall(name, n, counts[name]) for name, n in wanted.items() if counts[name] < n]
    return counts, shortfalls


def make_question(card_id: int, item: Item, domain: str, rng: random.Random) -> Question:
    card = item.card
    # Multiple-choice options are shuffled; True/False keep their usual order.
    options = tuple(rng.sample(card.choices, len(card.choices))) if isinstance(card, ChoiceCard) else TRUE_FALSE
    return Question(card_id, domain, options, expected_answer(item))


def assemble(blueprint: Blueprint, items: Mapping[int, Item], rng: random.Random) -> ExamPaper:
    """Draw an exam: per domain by weight, no card twice, domains mixed, options shuffled."""
    pool = exam_pool(items, blueprint)
    counts, shortfalls = plan(blueprint, pool)
    questions = [
        make_question(card_id, items[card_id], name, rng)
        for name, count in counts.items()
        for card_id in rng.sample(pool[name], count)
    ]
    rng.shuffle(questions)
    return ExamPaper(questions, shortfalls)


def redraw(questions: Sequence[Question], items: Mapping[int, Item], rng: random.Random) -> list[Question]:
    """The same cards again (for a retake), in a new order with options shuffled anew."""
    fresh = [make_question(q.card_id, items[q.card_id], q.domain, rng) for q in questions if q.card_id in items]
    rng.shuffle(fresh)
    return fresh


# -- scoring ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DomainScore(Tally):
    domain: str


@dataclass(frozen=True, slots=True)
class Score(Graded):
    domains: list[DomainScore]


def score(questions: Sequence[Question], chosen: Sequence[str | None], pass_percent: float,
          order: Sequence[str] = ()) -> Score:  # fmt: skip
    """Right answers over all questions; an unanswered question counts as wrong.

    Domains come in ``order`` (the blueprint's), then any others as met.
    """
    per_domain: dict[str, list[int]] = {name: [0, 0] for name in order}
    for question, answer in zip(questions, chosen, strict=True):
        tally = per_domain.setdefault(question.domain, [0, 0])
        tally[0] += question.is_right(answer)
        tally[1] += 1
    domains = [DomainScore(right, total, domain=name) for name, (right, total) in per_domain.items() if total]
    correct = sum(d.correct for d in domains)
    return Score(correct, len(questions), pass_percent, domains=domains)


# -- spaced repetition ------------------------------------------------------


def srs_rating(memory: Memory, correct: bool, now: datetime) -> Rating | None:
    """What an exam or practice answer does to a card's FSRS state.

    - A wrong answer is Again: the card enters (or re-enters) learning.
    - A right answer on a studied card that is due is Good.
    - A right answer on a new card or one not yet due changes nothing (None):
      picking among a few options is weaker evidence than recall, and may be
      a guess. The answer is still logged.
    """
    if not correct:
        return Rating.AGAIN
    if not memory.is_new and memory.due is not None and memory.due <= now:
        return Rating.GOOD
    return None


# -- timing -----------------------------------------------------------------


def retake_duration(duration: timedelta, questions: int, retaken: int) -> timedelta:
    """A retake keeps the first exam's time per question, with at least one minute."""
    seconds = duration.total_seconds() * retaken / max(questions, 1)
    return timedelta(seconds=max(60, round(seconds)))


def format_clock(delta: timedelta) -> str:
    """H:MM:SS, never negative."""
    seconds = max(0, math.ceil(delta.total_seconds()))
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
