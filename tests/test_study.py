"""Study sessions: queue order, daily limits, day rollover, leeches, undo, cram."""

from __future__ import annotations

from datetime import timedelta

import pytest

from peerquiz.core.clock import day_start
from peerquiz.core.decks.library import Library
from peerquiz.core.store import Store
from peerquiz.core.store.card_filter import CardFilter
from peerquiz.core.store.records import Memory, Phase, Rating
from peerquiz.core.study.scheduling import Scheduler, format_interval
from peerquiz.core.study.session import CramOrder, Mode, StudySession
from peerquiz.core.study.settings import SchedulerSettings

from .conftest import FIXTURES, synced_ids


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


def session(store, library, profile, clock, **kwargs) -> StudySession:
    return StudySession(store, library, profile, clock=clock, **kwargs)


def study_all(s: StudySession, rating: Rating = Rating.GOOD, limit: int = 1000) -> list[str]:
    """Answer up to ``limit`` cards with one rating; the item ids in the order shown."""
    seen = []
    while len(seen) < limit and (shown := s.next()) is not None:
        seen.append(shown.item.item_id)
        s.answer(rating)
    return seen


def test_new_cards_come_in_deck_order_and_each_answer_is_committed(store, library, profile, clock):
    s = session(store, library, profile, clock)
    first = s.next()
    assert first.item.item_id == "basic-1" and first.memory.is_new
    s.answer(Rating.GOOD)
    # committed before the next card: a second connection sees it
    assert len(store.answers.log(profile.id)) == 1
    assert s.next().item.item_id == "cloze-1/c1"  # the reverse, a sibling, waits for another day


def test_intervals_are_previewed_for_every_grade(store, library, profile, clock):
    study = session(store, library, profile, clock)
    study.next()
    labels = {r: format_interval(d) for r, d in study.intervals().items()}
    assert labels == {Rating.AGAIN: "1m", Rating.HARD: "6m", Rating.GOOD: "10m", Rating.EASY: "8d"}


def test_daily_new_limit_holds_across_sessions(store, library, profile, clock):
    store.profiles.save_study_settings(profile.id, {"fuzz": False, "new_card_order": "deck", "new_per_day": 3})
    assert len(study_all(session(store, library, profile, clock), Rating.EASY)) == 3
    assert session(store, library, profile, clock).next() is None
    clock.advance(days=1)
    tomorrow = session(store, library, profile, clock)
    assert tomorrow.next().memory.is_new is True


def test_learning_cards_return_when_their_step_is_due(store, library, profile, clock):
    store.profiles.save_study_settings(profile.id, {"fuzz": False, "new_card_order": "deck", "new_per_day": 1})
    s = session(store, library, profile, clock)
    s.next()
    s.answer(Rating.AGAIN)  # back in 1 minute
    again = s.next()  # nothing else left: shown within the learn-ahead window
    assert again.item.item_id == "basic-1" and again.memory.reps == 1
    s.answer(Rating.GOOD)  # 10 minute step
    clock.advance(minutes=10)
    assert s.next().item.item_id == "basic-1"


def test_learning_then_due_reviews_oldest_first_then_new(store, library, profile, clock):
    ids = {i.item_id: cid for cid, i in library.items.items()}
    review = lambda days: Memory(card_id=0, phase=Phase.REVIEW, step=None, stability=5.0, difficulty=5.0,
                                 due=clock.now - timedelta(days=days), last_review=clock.now - timedelta(days=days + 5),
                                 reps=3)  # fmt: skip
    store.memory.save(profile.id, review(1).but(card_id=ids["mcq-1"]), clock.now)
    store.memory.save(profile.id, review(3).but(card_id=ids["tf-1"]), clock.now)
    learning = review(0).but(card_id=ids["typed-1"], phase=Phase.RELEARNING, step=0, due=clock.now - timedelta(minutes=5))
    store.memory.save(profile.id, learning, clock.now)
    s = session(store, library, profile, clock)
    assert study_all(s, Rating.EASY, limit=4) == ["typed-1", "tf-1", "mcq-1", "basic-1"]


def test_review_limit_caps_due_cards(store, library, profile, clock):
    store.profiles.save_study_settings(profile.id, {"fuzz": False, "new_card_order": "deck", "reviews_per_day": 1, "new_per_day": 0})
    for card_id in list(library.items)[:3]:
        store.memory.save(profile.id, Memory(card_id=card_id, phase=Phase.REVIEW, step=None, stability=4.0, difficulty=5.0,
                                             due=clock.now, last_review=clock.now - timedelta(days=4), reps=2), clock.now)  # fmt: skip
    assert len(study_all(session(store, library, profile, clock))) == 1


def test_cram_answers_leave_the_review_limit_to_study(store, library, profile, clock):
    store.profiles.save_study_settings(profile.id, {"fuzz": False, "new_card_order": "deck", "reviews_per_day": 1, "new_per_day": 0})
    for card_id in list(library.items)[:2]:
        store.memory.save(profile.id, Memory(card_id=card_id, phase=Phase.REVIEW, step=None, stability=4.0, difficulty=5.0,
                                             due=clock.now, last_review=clock.now - timedelta(days=4), reps=2), clock.now)  # fmt: skip
    cram = session(store, library, profile, clock, mode=Mode.CRAM)
    assert len(study_all(cram, Rating.GOOD)) == len(library.items)  # the two review cards among them
    assert len(study_all(session(store, library, profile, clock))) == 1


def test_day_rolls_over_at_the_configured_hour(clock):
    settings = SchedulerSettings(day_starts_at_hour=4)
    late = clock.now.replace(hour=3, minute=59)
    assert day_start(late, settings) == (late - timedelta(days=1)).replace(hour=4, minute=0)
    assert day_start(late + timedelta(minutes=1), settings) == late.replace(hour=4, minute=0)


def test_cards_answered_today_are_due_again_on_a_later_day(store, library, profile, clock):
    seen_today = set(study_all(session(store, library, profile, clock), Rating.EASY))
    assert session(store, library, profile, clock).next() is None
    clock.advance(days=30)
    due_later = set(study_all(session(store, library, profile, clock), Rating.GOOD))
    assert due_later == seen_today


def lapse_until_leech(settings: SchedulerSettings) -> Memory:
    """A card answered Again each time it reaches review, until it has as many lapses as make a leech."""
    from datetime import UTC, datetime

    scheduler = Scheduler(settings)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    memory = Memory(card_id=1)
    for _ in range(settings.leech_threshold):
        while memory.phase != Phase.REVIEW:
            memory = scheduler.review(memory, Rating.GOOD, now)
            now = memory.due
        assert not memory.leech
        memory = scheduler.review(memory, Rating.AGAIN, now)
        now = memory.due
    return memory


def test_a_card_lapsing_eight_times_becomes_a_suspended_leech():
    memory = lapse_until_leech(SchedulerSettings(fuzz=False))
    assert memory.lapses == 8 and memory.leech and memory.suspended


def test_the_leech_threshold_and_action_are_settings():
    memory = lapse_until_leech(SchedulerSettings(fuzz=False, leech_threshold=3, leech_action="tag"))
    assert memory.lapses == 3 and memory.leech and not memory.suspended  # tagged only: it stays in study


def test_undo_restores_state_and_shows_the_card_again(store, library, profile, clock):
    s = session(store, library, profile, clock)
    first = s.next()
    s.answer(Rating.EASY)
    s.next()
    assert s.undo().describe() == "the Easy answer"
    shown = s.current
    assert shown.item.item_id == first.item.item_id and shown.memory.is_new
    assert store.answers.log(profile.id) == []
    assert s.summary.reviewed == 0
    s.answer(Rating.GOOD)
    assert s.next().item.item_id == "cloze-1/c1"


def test_bury_hides_a_card_until_tomorrow_and_suspend_for_good(store, library, profile, clock):
    s = session(store, library, profile, clock)
    buried = s.next()
    s.bury()
    suspended = s.next()
    s.suspend()
    rest = study_all(s, Rating.EASY)
    assert buried.item.item_id not in rest and suspended.item.item_id not in rest
    clock.advance(days=1)
    tomorrow = study_all(session(store, library, profile, clock), Rating.EASY)
    assert buried.item.item_id in tomorrow and suspended.item.item_id not in tomorrow


def test_flag_toggles_and_is_stored(store, library, profile, clock):
    s = session(store, library, profile, clock)
    shown = s.next()
    assert s.toggle_flag() == 1
    assert store.memory.get(profile.id, shown.card_id).flag == 1
    assert s.toggle_flag() == 0


def test_cram_logs_answers_without_touching_fsrs_state(store, library, profile, clock):
    study_all(session(store, library, profile, clock), Rating.EASY)
    before = store.memory.all(profile.id)
    cram = session(store, library, profile, clock, mode=Mode.CRAM, card_filter=CardFilter(domains=("Mentoring and Education",)))
    seen = study_all(cram, Rating.GOOD)
    assert sorted(seen) == ["multi-1", "order-1"]
    assert store.memory.all(profile.id) == before
    assert [r.mode for r in store.answers.log(profile.id)][-2:] == ["cram", "cram"]


def test_cram_hardest_first_orders_by_lowest_recall(store, library, profile, clock):
    ids = {i.item_id: cid for cid, i in library.items.items()}
    for item_id, stability in (("mcq-1", 50.0), ("tf-1", 1.0)):
        store.memory.save(profile.id, Memory(card_id=ids[item_id], phase=Phase.REVIEW, step=None, stability=stability,
                                             difficulty=5.0, due=clock.now, last_review=clock.now - timedelta(days=10),
                                             reps=3), clock.now)  # fmt: skip
    cram = session(store, library, profile, clock, mode=Mode.CRAM, cram_order=CramOrder.HARDEST)
    assert study_all(cram, limit=2) == ["tf-1", "mcq-1"]


def test_progress_on_decks_not_in_use_is_left_out_of_sessions_and_counts(store, library, profile, clock):
    from peerquiz.core.store import CardSpec
    from peerquiz.core.study.today import today

    other = synced_ids(store, [CardSpec("elsewhere", "x1", "basic", "Advocacy", (), "h")])[("elsewhere", "x1")]
    due = Memory(card_id=other, phase=Phase.LEARNING, step=0, stability=1.0, difficulty=5.0,
                 due=clock.now - timedelta(minutes=5), last_review=clock.now - timedelta(minutes=6), reps=1)  # fmt: skip
    store.memory.save(profile.id, due, clock.now)
    seen = study_all(session(store, library, profile, clock), Rating.EASY)
    assert seen and "x1" not in seen
    assert "elsewhere" not in today(store, library, profile, clock.now).decks


def test_restore_brings_back_suspended_and_buried_cards_of_the_selection_only(store, library, profile, clock):
    from peerquiz.core.study.session import in_use

    s = session(store, library, profile, clock)
    suspended = s.next()
    s.suspend()
    buried = s.next()
    s.bury()
    assert store.memory.restore(profile.id, CardFilter(deck_ids=("elsewhere",))) == 0
    assert store.memory.restore(profile.id, in_use(CardFilter(), library)) == 2
    back = study_all(session(store, library, profile, clock), Rating.EASY)
    assert {suspended.item.item_id, buried.item.item_id} <= set(back)


def test_a_card_removed_from_its_deck_mid_session_is_skipped_and_an_edit_shows_at_once(store, profile, clock, tmp_path):
    import re
    import shutil
    from pathlib import Path

    path = Path(shutil.copy(FIXTURES / "mixed.yaml", tmp_path / "mixed.yaml"))
    library = Library.load([tmp_path])
    library.sync(store.cards)
    s = session(store, library, profile, clock)
    assert s.next().item.item_id == "basic-1"
    text = re.sub(r"  - id: cloze-1\n(    .*\n)+", "", path.read_text(encoding="utf-8"))  # the cloze card and both its gaps go
    path.write_text(text.replace("What is a dual relationship?", "What is a double role?"), encoding="utf-8")
    assert library.reload("mixed", store.cards) == []
    assert s.refresh().item.card.prompt == "What is a double role?"
    s.answer(Rating.GOOD)
    shown = study_all(s)
    assert "tf-1" in shown and not any(item.startswith("cloze-1") for item in shown)


@pytest.mark.parametrize("decay", [None, 0.5])
def test_recall_chance_matches_py_fsrs_for_every_day_since_the_review(decay):
    from datetime import UTC, datetime

    from fsrs import Card as FsrsCard
    from fsrs import Scheduler as FsrsScheduler

    defaults = tuple(FsrsScheduler().parameters)
    parameters = defaults[:20] + (decay,) if decay is not None else ()

    scheduler = Scheduler(SchedulerSettings(parameters=parameters))
    reference = FsrsScheduler(**({"parameters": parameters} if parameters else {}))
    reviewed = datetime(2026, 1, 1, 9, 30, tzinfo=UTC)
    for stability in (0.4, 3.0, 27.5, 400.0):
        memory = Memory(1, phase=Phase.REVIEW, stability=stability, difficulty=5.0, due=reviewed, last_review=reviewed,
                        reps=3)
        card = FsrsCard(card_id=1, stability=stability, difficulty=5.0, last_review=reviewed)
        for hours in (0, 5, 23, 24, 25, 24 * 40, 24 * 900):
            now = reviewed + timedelta(hours=hours)
            assert scheduler.retrievability(memory, now) == pytest.approx(reference.get_card_retrievability(card, now))


def test_a_card_never_studied_has_no_recall_chance():
    from datetime import UTC, datetime

    assert Scheduler().retrievability(Memory(1), datetime(2026, 1, 1, tzinfo=UTC)) == 0.0


def test_a_second_window_skips_a_card_answered_in_the_first_and_schedules_from_the_fresh_state(store, library, profile, clock):
    first = session(store, library, profile, clock)
    second = session(store, library, profile, clock)  # both queued the same new cards
    assert first.next().item.item_id == "basic-1"
    first.answer(Rating.GOOD)
    # The second window does not show basic-1 again, and now both show the same card at once
    # (basic-1's reverse waits for another day, as a sibling).
    assert second.next().item.item_id == first.next().item.item_id == "cloze-1/c1"
    first.answer(Rating.AGAIN)
    second.answer(Rating.GOOD)
    card_id = store.cards.ids(["mixed"])[("mixed", "cloze-1/c1")]
    memory = store.memory.get(profile.id, card_id)
    assert (memory.reps, memory.lapses) == (2, 0)  # the later answer built on the earlier one
    assert [r.phase_before for r in store.answers.log(profile.id) if r.card_id == card_id] == [None, Phase.LEARNING]


def test_the_card_after_an_answer_is_skipped_when_another_window_answered_it_meanwhile(store, library, profile, clock):
    first = session(store, library, profile, clock)
    second = session(store, library, profile, clock)  # both queued basic-1, cloze-1/c1, mcq-1, ...
    assert first.next().item.item_id == second.next().item.item_id == "basic-1"
    second.answer(Rating.GOOD)
    assert second.next().item.item_id == "cloze-1/c1"
    second.answer(Rating.GOOD)
    first.answer(Rating.GOOD)  # basic-1 again, built on the second window's answer
    assert first.next().item.item_id == "mcq-1"


def test_a_review_answered_in_another_window_is_skipped_when_its_turn_comes(store, library, profile, clock):
    study_all(session(store, library, profile, clock), Rating.EASY)
    clock.advance(days=60)  # every card studied is a review due now
    first, second = session(store, library, profile, clock), session(store, library, profile, clock)
    answered_elsewhere = []

    def answer_in_second_window(count: int) -> None:
        for _ in range(count):
            answered_elsewhere.append(second.next().item.item_id)
            second.answer(Rating.GOOD)

    first.next()
    answer_in_second_window(2)  # the card on the first window's screen, and the one after it
    first.bury()  # no answer: the next card's memory is read on its own
    now_showing = first.next().item.item_id
    assert now_showing not in answered_elsewhere
    answer_in_second_window(2)  # the card on the first window's screen, and the one after it
    first.answer(Rating.GOOD)  # built on the other window's answer; the next card's memory is read with it
    assert first.next().item.item_id not in answered_elsewhere
    assert len(set(answered_elsewhere)) == 4 and now_showing in answered_elsewhere


def test_the_card_after_an_undone_answer_is_checked_again_before_it_shows(store, library, profile, clock):
    first = session(store, library, profile, clock)
    second = session(store, library, profile, clock)
    assert first.next().item.item_id == "basic-1"
    first.answer(Rating.GOOD)  # the next card, cloze-1/c1, read with this answer
    first.undo()  # basic-1 is back on screen
    assert second.next().item.item_id == "basic-1"
    second.bury()
    assert second.next().item.item_id == "cloze-1/c1"
    second.answer(Rating.GOOD)  # meanwhile, in the other window
    first.bury()
    assert first.next().item.item_id == "mcq-1"


def test_after_a_cram_the_cards_ready_for_study_are_counted_not_called_unscheduled(store, library, profile, clock):
    cram = session(store, library, profile, clock, mode=Mode.CRAM)
    study_all(cram, Rating.GOOD)
    assert cram.next_due() is None  # cram schedules nothing
    assert cram.ready_now() == 7  # one new card per note: the summary says "now: 7 cards to study"
    studied = session(store, library, profile, clock)
    study_all(studied, Rating.EASY)
    assert studied.ready_now() == 0 and studied.next_due() is not None
