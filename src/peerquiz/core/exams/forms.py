"""Fixed practice forms: five mock exams cut once from the pool, no question shared between them.

A candidate who wants to measure progress needs the same exam twice and fresh exams that do not
repeat each other. Each domain's exam items are ranked by a digest of their deck and card ids, so
the ranking is the same in every database and every run; form N takes the N-th slice of each
domain's ranking, sized by the blueprint. Options and question order come from a generator seeded
with the form number, so a form looks the same each time it is taken.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Mapping

from peerquiz.core.decks.model import Item
from peerquiz.core.exams import FORM_COUNT
from peerquiz.core.exams.assembly import ExamPaper, Question, Shortfall, allocate, exam_pool, make_question
from peerquiz.core.exams.blueprint import Blueprint


def form_label(form: int) -> str:
    return f"form {form} of {FORM_COUNT}"


def _rank(card_id: int, items: Mapping[int, Item]) -> str:
    deck_id, item_id = items[card_id].key
    return hashlib.sha256(f"{deck_id}\0{item_id}".encode()).hexdigest()


def form_paper(blueprint: Blueprint, items: Mapping[int, Item], form: int) -> ExamPaper:
    """Practice form ``form`` (1 to FORM_COUNT): the same questions, order and options every time."""
    if not 1 <= form <= FORM_COUNT:
        raise ValueError(f"form must be 1 to {FORM_COUNT}, not {form}")
    wanted = allocate(blueprint.questions, blueprint.weights)
    rng = random.Random(f"peerquiz form {form}")
    questions: list[Question] = []
    shortfalls: list[Shortfall] = []
    for domain, card_ids in exam_pool(items, blueprint).items():
        ranked = sorted(card_ids, key=lambda card_id: _rank(card_id, items))
        size = wanted[domain]
        chosen = ranked[(form - 1) * size : form * size]
        if len(chosen) < size:
            shortfalls.append(Shortfall(domain, size, len(chosen)))
        questions.extend(make_question(card_id, items[card_id], domain, rng) for card_id in chosen)
    rng.shuffle(questions)
    return ExamPaper(questions, shortfalls)
