"""Readiness: the score you can expect on a mock exam drawn now.

For one question, the chance of answering right is

    p = R + (1 - R) / k

where R is the FSRS retrievability of the card (the chance you recall it now)
and k the number of options: when you do not recall the answer you can still
guess it. A card never studied has R = 0, so it counts at the guessing prior
1/k (1/4 for four options, 1/2 for true/false).

An exam draws its questions at random from each domain's exam-style cards,
so the expected share right in a domain is the mean p over those cards. The
overall figure weighs domains by the number of questions the blueprint gives
each (after any shortfall), exactly as an exam drawn now would.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from peerquiz.core.decks.header import ExamCard
from peerquiz.core.exams.assembly import plan, pool_by_domain
from peerquiz.core.exams.blueprint import Blueprint

HELP = (
    "Readiness is the score you can expect on a mock exam drawn now. For each exam-style card "
    "(multiple choice, true/false) the chance of a right answer is R + (1 − R)/k: R is the chance "
    "you recall the card now, from its spaced-repetition (FSRS) memory state, and k the number of "
    "options, since without recall you can still guess. Cards you never studied count at the "
    "guessing chance 1/k. Each domain shows the mean over its cards; the total weighs domains by "
    "the number of questions the blueprint gives them. It is an estimate from your study history, "
    "not a promise: it cannot know cards the decks do not have, and right after a review R is high "
    "and then falls over the following days."
)


@dataclass(frozen=True, slots=True)
class DomainReadiness:
    domain: str
    cards: int  # exam-style cards in the decks for this domain
    studied: int  # of which the learner has studied at least once
    questions: int  # questions an exam drawn now would ask from this domain
    expected: float | None  # expected share right, 0..1; None when there are no cards

    @property
    def percent(self) -> float | None:
        return None if self.expected is None else 100 * self.expected


@dataclass(frozen=True, slots=True)
class Readiness:
    domains: list[DomainReadiness]
    expected: float | None  # over the whole exam, 0..1

    @property
    def percent(self) -> float | None:
        return None if self.expected is None else 100 * self.expected

    @property
    def studied(self) -> int:
        """Exam-style cards studied at least once, over every domain."""
        return sum(d.studied for d in self.domains)


def chance_right(recall: float, options: int) -> float:
    return recall + (1 - recall) / options


def readiness(
    blueprint: Blueprint,
    exam_cards: Mapping[int, ExamCard],
    recall: Callable[[int], float],
    studied: Callable[[int], bool],
) -> Readiness:
    """``exam_cards`` are the exam-style cards by card id; ``recall(card_id)`` is the card's retrievability now."""
    pool = pool_by_domain(((cid, card.domain) for cid, card in exam_cards.items()), blueprint)
    counts, _ = plan(blueprint, pool)
    domains = []
    for name, card_ids in pool.items():
        chances = [chance_right(recall(cid), exam_cards[cid].options) for cid in card_ids]
        expected = sum(chances) / len(chances) if chances else None
        domains.append(DomainReadiness(name, len(card_ids), sum(map(studied, card_ids)), counts[name], expected))
    weighed = [(d.questions, d.expected) for d in domains if d.expected is not None and d.questions]
    total = sum(n for n, _ in weighed)
    overall = sum(n * e for n, e in weighed) / total if total else None
    return Readiness(domains, overall)
