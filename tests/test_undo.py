"""Undo: every action of a session is taken back, latest first, leaving the store exactly as before it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from peerquiz.core.decks.library import Library
from peerquiz.core.store import Store
from peerquiz.core.store.records import Memory, Phase, Rating
from peerquiz.core.study.card_actions import apply
from peerquiz.core.study.session import Mode, StudySession
from peerquiz.core.study.undo import Action, UndoHistory

from .conftest import FIXTURES


@pytest.fixture
def library(store: Store) -> Library:
    loaded = Library.load([FIXTURES])
    loaded.sync(store.cards)
    return loaded


@pytest.fixture
def profile(store: Store):
    made = store.profiles.add("Ana")
    store.profiles.save_study_settings(made.id, {"fuzz": False, "new_card_order": "deck"})
    return made


def stored(store: Store, user_id: int) -> tuple[dict[int, Memory], list[object]]:
    """Everything undo must put back: the memory rows and the review log."""
    return store.memory.all(user_id), store.answers.log(user_id)


def studying(store, library, profile, clock, mode: Mode = Mode.STUDY) -> StudySession:
    s = StudySession(store, library, profile, mode=mode, clock=clock)
    s.next()
    return s


def review_card(card_id: int, clock) -> Memory:
    return Memory(card_id=card_id, phase=Phase.REVIEW, step=None, stability=5.0, difficulty=5.0,
                  due=clock.now - timedelta(days=1), last_review=clock.now - timedelta(days=6), reps=3, lapses=1)  # fmt: skip


SESSION_ACTIONS = {
    "grade": lambda s: s.answer(Rating.HARD),
    "bury": lambda s: s.bury(),
    "suspend": lambda s: s.suspend(),
    "flag": lambda s: s.toggle_flag(),
}


@pytest.mark.parametrize("action", SESSION_ACTIONS)
@pytest.mark.parametrize("start", ["new", "new but flagged", "in review"])
def test_each_session_action_undone_leaves_the_store_as_before(store, library, profile, clock, action, start):
    card_id = min(library.items)  # the first new card in deck order
    if start == "new but flagged":
        store.memory.save(profile.id, Memory(card_id=card_id, flag=1, due=clock.now - timedelta(hours=1)), clock.now)
    elif start == "in review":
        store.memory.save(profile.id, review_card(card_id, clock), clock.now)
    s = studying(store, library, profile, clock)
    assert s.current.card_id == card_id
    before = stored(store, profile.id)
    clock.advance(seconds=30)
    SESSION_ACTIONS[action](s)
    assert stored(store, profile.id) != before
    done = s.undo()
    assert done is not None and done.card_ids == (card_id,)
    assert stored(store, profile.id) == before
    assert s.current.card_id == card_id and s.summary.reviewed == 0


def test_unflag_is_undone_too(store, library, profile, clock):
    s = studying(store, library, profile, clock)
    s.toggle_flag()
    before = stored(store, profile.id)
    assert s.toggle_flag() == 0
    assert s.undo().describe() == "the unflag"
    assert stored(store, profile.id) == before and s.current.memory.flag == 1


def test_unsuspend_in_a_cram_of_chosen_cards_is_undone_too(store, library, profile, clock):
    card_id = min(library.items)
    store.memory.save(profile.id, review_card(card_id, clock).but(suspended=True, leech=True), clock.now)
    s = StudySession(store, library, profile, mode=Mode.CRAM, clock=clock, chosen=[card_id])
    assert s.next().memory.suspended  # chosen one by one: suspended cards are crammed too
    before = stored(store, profile.id)
    s.unsuspend()
    assert not store.memory.get(profile.id, card_id).suspended and s.current.card_id == card_id
    assert s.undo().describe() == "the unsuspend"
    assert stored(store, profile.id) == before and s.current.memory.suspended


def test_a_cram_answer_undone_drops_only_its_log_row(store, library, profile, clock):
    card_id = min(library.items)
    store.memory.save(profile.id, review_card(card_id, clock), clock.now)
    s = studying(store, library, profile, clock, Mode.CRAM)
    before = stored(store, profile.id)
    s.answer(Rating.AGAIN)
    assert s.undo().describe() == "the Again answer"
    assert stored(store, profile.id) == before


@pytest.mark.parametrize("action", [Action.UNSUSPEND, Action.UNBURY, Action.RESET, Action.SUSPEND, Action.FLAG])
def test_actions_on_many_cards_are_undone_together(store, library, profile, clock, action):
    first, second, third = sorted(library.items)[:3]
    store.memory.save_many(profile.id, [
        review_card(first, clock).but(suspended=True, buried_until=clock.now + timedelta(hours=5)),
        Memory(card_id=second, suspended=True, due=clock.now),
    ], clock.now)  # fmt: skip
    history = UndoHistory(store, profile.id)
    before = stored(store, profile.id)
    apply(store, profile.id, history, [first, second, third], action, clock.now, clock.now + timedelta(hours=5))
    assert stored(store, profile.id) != before
    assert history.undo().describe() == f"the {action.value} of 3 cards"
    assert stored(store, profile.id) == before
    assert history.undo() is None


def test_undo_walks_back_across_cards_latest_first(store, library, profile, clock):
    s = studying(store, library, profile, clock)
    states = [stored(store, profile.id)]
    steps = [lambda: s.answer(Rating.GOOD), s.next, s.toggle_flag, s.bury, s.next, s.suspend, s.next,
             lambda: s.answer(Rating.AGAIN)]  # fmt: skip
    shown = []
    for step in steps:
        if step != s.next:
            shown.append(s.current.card_id)
        step()
        if step != s.next:
            states.append(stored(store, profile.id))
    said = []
    while (done := s.undo()) is not None:
        states.pop()
        assert stored(store, profile.id) == states[-1]
        assert s.current.card_id == shown.pop()
        said.append(done.describe())
    assert said == ["the Again answer", "the suspend", "the bury", "the flag", "the Good answer"]
    assert s.summary.reviewed == 0
