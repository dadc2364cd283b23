from __future__ import annotations

from datetime import timedelta

import pytest

from peerquiz.core.exams.session import current_readiness
from peerquiz.core.store import Store
from peerquiz.core.store.records import Memory, Phase
from tests.exam_helpers import blueprint, library_for, profile

TWO = ("Advocacy", "Ethical Responsibility")


def _studied(card_id: int, now, stability_days: float, days_ago: int) -> Memory:
    # FSRS puts retrievability at 90 % exactly when the days since the last review equal the stability.
    return Memory(card_id, phase=Phase.REVIEW, step=None, stability=stability_days, difficulty=5.0,
                  due=now + timedelta(days=1), last_review=now - timedelta(days=days_ago), reps=3)  # fmt: skip


def test_cards_never_studied_count_at_the_chance_of_guessing(store: Store, clock):
    library = library_for(store, {"Advocacy": 4, "Ethical Responsibility": 0}, true_false=4)
    result = current_readiness(store, library, profile(store), blueprint(questions=4, domains=TWO), clock.now)
    advocacy, ethics = result.domains
    # Four 4-option cards (1/4) and four true/false cards (1/2) in Advocacy.
    assert advocacy.expected == pytest.approx((4 * 0.25 + 4 * 0.5) / 8)
    assert (advocacy.cards, advocacy.studied, advocacy.questions) == (8, 0, 2)
    assert ethics.expected is None and ethics.questions == 0  # no cards: left out of the total
    assert result.expected == pytest.approx(advocacy.expected)


def test_readiness_follows_retrievability_and_weighs_domains_like_the_blueprint(store: Store, clock):
    library = library_for(store, {"Advocacy": 2, "Ethical Responsibility": 2})
    user = profile(store)
    advocacy_ids = [cid for cid, item in library.items.items() if item.card.domain == "Advocacy"]
    for card_id in advocacy_ids:
        store.memory.save(user.id, _studied(card_id, clock.now, stability_days=10, days_ago=10), clock.now)
    spec = blueprint(questions=4, domains=TWO, weights=[3, 1])
    result = current_readiness(store, library, user, spec, clock.now)
    advocacy, ethics = result.domains
    recalled = 0.9 + 0.1 / 4  # recall 90 %, else a guess among four
    assert advocacy.expected == pytest.approx(recalled, abs=1e-3)
    assert advocacy.studied == 2
    assert ethics.expected == pytest.approx(0.25)
    assert (advocacy.questions, ethics.questions) == (2, 1)  # 3:1 of 4, capped by the 2 Advocacy cards
    assert result.expected == pytest.approx((2 * recalled + 1 * 0.25) / 3, abs=1e-3)


def test_readiness_falls_as_time_passes_since_the_last_review(store: Store, clock):
    library = library_for(store, {"Advocacy": 1})
    user = profile(store)
    (card_id,) = [cid for cid, item in library.items.items() if item.card.kind == "mcq"]
    store.memory.save(user.id, _studied(card_id, clock.now, stability_days=10, days_ago=0), clock.now)
    spec = blueprint(questions=1, domains=("Advocacy",))
    now = current_readiness(store, library, user, spec, clock.now).expected
    later = current_readiness(store, library, user, spec, clock.now + timedelta(days=60)).expected
    assert now == pytest.approx(1.0)
    assert 0.25 < later < 0.9
