"""The card pane's figures: each answer with the due date it set, and the memory now."""

from __future__ import annotations

from datetime import timedelta

from peerquiz.core.store.card_query import CardQuery
from peerquiz.core.store.records import Rating
from peerquiz.core.study.card_search import CardSearch
from peerquiz.core.study.session import Mode, StudySession


def test_details_list_every_answer_with_the_due_date_it_set(workspace, profile, clock):
    store, library = workspace.store, workspace.library
    store.profiles.save_study_settings(profile.id, {"fuzz": False})
    study = StudySession(store, library, profile, clock=clock)
    card_id = study.next().card_id
    study.answer(Rating.GOOD)  # 10 minute step
    clock.advance(minutes=10)
    assert study.next().card_id == card_id
    study.answer(Rating.GOOD)  # graduates
    cram = StudySession(store, library, profile, mode=Mode.CRAM, clock=clock)
    while cram.next() is not None and cram.current.card_id != card_id:
        cram.answer(Rating.GOOD)
    cram.answer(Rating.AGAIN)  # logged, schedules nothing

    details = CardSearch(store, library, profile, clock).details(card_id)
    first, second, crammed = details.answers
    assert (first.rating, first.mode, first.due_after - first.reviewed_at) == (Rating.GOOD, "study", timedelta(minutes=10))
    assert second.due_after == store.memory.get(profile.id, card_id).due and second.due_after > clock.now + timedelta(days=1)
    assert (crammed.mode, crammed.due_after) == ("cram", None)
    assert details.found.state == "review" and 0.9 < details.retrievability <= 1


def test_an_empty_search_lists_every_card_in_deck_order(workspace, profile, clock):
    search = CardSearch(workspace.store, workspace.library, profile, clock)
    ids = search.card_ids(CardQuery())
    assert ids == sorted(workspace.library.items) and [f.state for f in search.rows(ids[:2])] == ["new", "new"]
