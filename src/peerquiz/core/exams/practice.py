"""Practice mode: exam questions untimed, with the explanation after each answer.

Questions are drawn as for an exam (by the blueprint, limited to the chosen
domains); a domain with fewer cards than its share simply gives them all. Each answer goes to spaced repetition at once, by the same rule as
an exam answer, logged with mode "practice". Nothing else is stored: a
practice round that is closed early keeps every answer already given.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from peerquiz.core.clock import Clock, utc_now
from peerquiz.core.decks.library import Library
from peerquiz.core.decks.model import Item
from peerquiz.core.exams.assembly import Question, Score, assemble, score
from peerquiz.core.exams.blueprint import Blueprint
from peerquiz.core.exams.session import record_for_srs
from peerquiz.core.store import Store
from peerquiz.core.store.records import Profile
from peerquiz.core.study.scheduling import Scheduler
from peerquiz.core.study.settings import scheduler_settings


@dataclass(frozen=True, slots=True)
class Feedback:
    correct: bool
    chosen: str
    answer: str
    explanation: str
    source: str


class PracticeSession:
    def __init__(self, store: Store, library: Library, profile: Profile, blueprint: Blueprint,
                 domains: list[str] | None = None, clock: Clock = utc_now,
                 rng: random.Random | None = None):  # fmt: skip
        self.store = store
        self.library = library
        self.profile = profile
        self.blueprint = blueprint.only(domains) if domains else blueprint
        self.clock = clock
        self._scheduler = Scheduler(scheduler_settings(store, profile))
        paper = assemble(self.blueprint, library.items, rng or random.Random())
        self.questions: list[Question] = paper.questions
        self.chosen: list[str | None] = [None] * len(self.questions)
        self.index = 0

    @property
    def current(self) -> Question | None:
        return self.questions[self.index] if self.index < len(self.questions) else None

    def item(self, question: Question) -> Item:
        return self.library.items[question.card_id]

    @property
    def answered(self) -> int:
        return sum(chosen is not None for chosen in self.chosen)

    def answer(self, option: str) -> Feedback:
        """Grade the current question, record it for spaced repetition, explain it."""
        question = self.current
        if question is None:
            raise RuntimeError("the practice round is over")
        if self.chosen[self.index] is not None:
            raise RuntimeError("this question is answered already")
        correct = question.is_right(option)
        record_for_srs(self.store, self._scheduler, self.profile.id, question.card_id, correct, self.clock(), "practice")
        self.chosen[self.index] = option
        card = self.item(question).card
        return Feedback(correct, option, question.answer, card.explanation, card.source)

    def next(self) -> Question | None:
        self.index += 1
        return self.current

    def score(self) -> Score:
        """The questions answered so far."""
        done = self.answered
        order = [d.name for d in self.blueprint.domains]
        return score(self.questions[:done], self.chosen[:done], self.blueprint.pass_percent, order)
