from __future__ import annotations

import random
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from peerquiz.core.decks.cache import load_deck
from peerquiz.core.decks.library import Library
from peerquiz.core.exams.assembly import allocate, assemble, exam_pool, plan
from peerquiz.core.store import Store
from tests.conftest import FIXTURES
from tests.exam_helpers import DOMAINS, blueprint, library_for


def test_equal_weights_split_75_questions_by_largest_remainder():
    assert allocate(75, dict.fromkeys(DOMAINS, 1)) == dict(zip(DOMAINS, (19, 19, 19, 18)))


def test_largest_remainder_gives_leftovers_to_the_biggest_fractions():
    # Quotas 1.67, 3.33, 5.0: floors 1, 3, 5 leave one question for the 0.67 remainder.
    assert allocate(10, {"a": 1, "b": 2, "c": 3}) == {"a": 2, "b": 3, "c": 5}


@given(
    total=st.integers(min_value=1, max_value=500),
    weights=st.lists(st.floats(min_value=0.01, max_value=1000), min_size=1, max_size=8),
)
def test_allocation_always_sums_to_the_total_and_stays_within_one_of_the_quota(total, weights):
    named = {f"d{i}": w for i, w in enumerate(weights)}
    counts = allocate(total, named)
    assert sum(counts.values()) == total
    whole = sum(weights)
    for name, weight in named.items():
        assert abs(counts[name] - total * weight / whole) < 1


def test_exam_follows_the_blueprint_weights_without_repeats(store: Store):
    library = library_for(store, dict.fromkeys(DOMAINS, 30))
    paper = assemble(blueprint(questions=20, weights=[1, 1, 1, 2]), library.items, random.Random(7))
    assert len(paper.questions) == 20
    assert Counter(q.domain for q in paper.questions) == dict(zip(DOMAINS, (4, 4, 4, 8)))
    assert len({q.card_id for q in paper.questions}) == 20
    assert paper.shortfalls == []
    for question in paper.questions:
        card = library.items[question.card_id].card
        assert card.kind in ("mcq", "truefalse")
        assert card.domain == question.domain
        assert sorted(question.options) == sorted(card.choices)
        assert question.answer == card.answer


def test_the_same_seed_draws_the_same_exam_and_another_seed_another(store: Store):
    library = library_for(store, dict.fromkeys(DOMAINS, 30))
    spec = blueprint(questions=20)
    first = assemble(spec, library.items, random.Random(1)).questions
    assert assemble(spec, library.items, random.Random(1)).questions == first
    assert assemble(spec, library.items, random.Random(2)).questions != first


def test_options_are_shuffled_and_domains_mixed(store: Store):
    library = library_for(store, dict.fromkeys(DOMAINS, 30))
    paper = assemble(blueprint(questions=40), library.items, random.Random(3))
    # The right answer is written first in every card; shuffled, it lands anywhere.
    assert len({q.options.index(q.answer) for q in paper.questions}) == 4
    assert [q.domain for q in paper.questions[:10]] != sorted(q.domain for q in paper.questions[:10])


def test_a_domain_short_of_questions_gives_what_it_has_and_says_so(store: Store):
    library = library_for(store, {"Advocacy": 3, "Mentoring and Education": 30, "Recovery/Wellness Support": 30,
                                  "Ethical Responsibility": 30})  # fmt: skip
    paper = assemble(blueprint(questions=75), library.items, random.Random(5))
    counts = Counter(q.domain for q in paper.questions)
    assert counts["Advocacy"] == 3
    assert len(paper.questions) == 75 - 16
    assert [str(s) for s in paper.shortfalls] == ["Advocacy: only 3 of 19 questions available"]


def test_only_four_option_questions_in_blueprint_domains_are_drawn(store: Store):
    library = Library([load_deck(FIXTURES / "mixed.yaml")])
    library.sync(store.cards)
    pool = exam_pool(library.items, blueprint())
    drawn = {library.items[i].card.id for ids in pool.values() for i in ids}
    # The real exam asks four-option, single-best-answer questions; true/false and the rest are for study.
    assert drawn == {"mcq-1"}
    counts, shortfalls = plan(blueprint(questions=8), pool)
    assert counts["Ethical Responsibility"] == 1
    assert [s.domain for s in shortfalls] == list(DOMAINS)  # every domain wants 2
