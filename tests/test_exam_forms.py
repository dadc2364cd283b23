"""Fixed practice forms: same questions every time, none shared between forms, weighted by the blueprint."""

from __future__ import annotations

from collections import Counter

import pytest

from peerquiz.core.exams.assembly import allocate
from peerquiz.core.exams.forms import FORM_COUNT, form_paper
from peerquiz.core.exams.session import ExamSession
from peerquiz.core.store import Store
from tests.exam_helpers import DOMAINS, blueprint, library_for, profile


def keys(paper, library):
    return [library.items[q.card_id].key for q in paper.questions]


def test_forms_share_no_question_and_follow_the_blueprint_weights(store: Store):
    library = library_for(store, dict.fromkeys(DOMAINS, 12), true_false=5)
    bp = blueprint(questions=8, weights=[2, 1, 1, 0.5])
    wanted = allocate(8, bp.weights)
    seen: set[tuple[str, str]] = set()
    for form in range(1, FORM_COUNT + 1):
        paper = form_paper(bp, library.items, form)
        if form * max(wanted.values()) <= 12:
            assert Counter(q.domain for q in paper.questions) == Counter(wanted)
        drawn = set(keys(paper, library))
        assert not drawn & seen, f"form {form} repeats a question of an earlier form"
        seen |= drawn
        assert all(library.items[q.card_id].card.kind == "mcq" for q in paper.questions)


def test_a_form_is_the_same_in_a_fresh_database(store: Store, tmp_path):
    other = Store.open(f"sqlite:///{tmp_path / 'other.db'}")
    try:
        first = library_for(store, dict.fromkeys(DOMAINS, 10))
        second = library_for(other, dict.fromkeys(DOMAINS, 10))
        bp = blueprint(questions=8)
        a, b = form_paper(bp, first.items, 3), form_paper(bp, second.items, 3)
        assert keys(a, first) == keys(b, second)
        assert [q.options for q in a.questions] == [q.options for q in b.questions]
    finally:
        other.close()


def test_a_form_beyond_the_pool_says_which_domain_is_short(store: Store):
    library = library_for(store, {DOMAINS[0]: 5, DOMAINS[1]: 20, DOMAINS[2]: 20, DOMAINS[3]: 20})
    paper = form_paper(blueprint(questions=8), library.items, 3)
    assert [str(s) for s in paper.shortfalls] == [f"{DOMAINS[0]}: only 1 of 2 questions available"]


def test_a_form_number_outside_the_range_is_refused(store: Store):
    library = library_for(store, dict.fromkeys(DOMAINS, 4))
    with pytest.raises(ValueError, match="form must be 1 to 5"):
        form_paper(blueprint(), library.items, FORM_COUNT + 1)


def test_an_exam_taken_as_a_form_is_stored_under_its_form(store: Store, clock):
    library = library_for(store, dict.fromkeys(DOMAINS, 10))
    exam = ExamSession.start(store, library, profile(store), blueprint(questions=8), clock, form=2)
    assert exam.record.blueprint == "Test exam, form 2 of 5"
    assert [q.card_id for q in exam.questions] == [q.card_id for q in form_paper(blueprint(questions=8), library.items, 2).questions]
