from __future__ import annotations

import random
from collections import Counter

from peerquiz.core.exams.practice import PracticeSession
from peerquiz.core.store import Store
from tests.exam_helpers import DOMAINS, blueprint, library_for, profile


def test_practice_explains_each_answer_at_once_and_sends_misses_to_srs(store: Store, clock):
    library = library_for(store, dict.fromkeys(DOMAINS, 5))
    user = profile(store)
    practice = PracticeSession(store, library, user, blueprint(questions=8), ["Advocacy", "ethical responsibility"],
                               clock, random.Random(2))  # fmt: skip
    assert Counter(q.domain for q in practice.questions) == {"Advocacy": 4, "Ethical Responsibility": 4}
    first = practice.current
    wrong = next(o for o in first.options if o != first.answer)
    feedback = practice.answer(wrong)
    card = library.items[first.card_id].card
    assert (feedback.correct, feedback.answer, feedback.explanation, feedback.source) == (
        False, card.answer, card.explanation, card.source)  # fmt: skip
    assert not store.memory.get(user.id, first.card_id).is_new  # Again: the card is now in learning
    second = practice.next()
    assert practice.answer(second.answer).correct
    assert store.memory.get(user.id, second.card_id).is_new  # a right pick on a new card changes nothing
    assert [r.mode for r in store.answers.log(user.id)] == ["practice", "practice"]
    assert (practice.score().correct, practice.score().total) == (1, 2)
