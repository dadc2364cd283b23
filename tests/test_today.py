from datetime import timedelta

import pytest

from peerquiz.core.store import DeckCount
from peerquiz.core.store.records import Memory, Rating
from peerquiz.core.study.session import Mode, StudySession
from peerquiz.core.study.today import today

MIXED_ITEMS = 9  # basic + reverse, two cloze gaps, mcq, multi, typed, ordering, true/false
MIXED_NOTES = 7  # siblings share a note, and a note offers one new card a day


def answer(workspace, profile, clock, ratings):
    session = StudySession(workspace.store, workspace.library, profile, clock=clock)
    for rating in ratings:
        session.next()
        session.answer(rating)
        clock.advance(seconds=20)


def test_a_new_profile_has_every_card_to_study_and_no_streak(workspace, profile, clock):
    day = today(workspace.store, workspace.library, profile, clock())
    assert day.count() == DeckCount(total=MIXED_ITEMS, new=MIXED_NOTES, learning=0, review=0)
    assert (day.reviewed, day.to_study, day.streak, day.next_due) == (0, MIXED_NOTES, 0, None)


def test_new_counts_respect_the_daily_new_card_limit(workspace, profile, clock):
    workspace.store.profiles.save_study_settings(profile.id, {"new_per_day": 3})
    answer(workspace, profile, clock, [Rating.EASY])
    day = today(workspace.store, workspace.library, profile, clock())
    assert day.decks["mixed"].new == 2  # no more than today's limit still allows
    assert day.count(["mixed"]).new == 2
    assert day.reviewed == 1


def test_answers_today_start_a_streak_that_survives_until_the_next_day_ends(workspace, profile, clock):
    answer(workspace, profile, clock, [Rating.EASY])
    assert today(workspace.store, workspace.library, profile, clock()).streak == 1
    clock.advance(days=1)
    assert today(workspace.store, workspace.library, profile, clock()).streak == 1  # not yet studied today
    answer(workspace, profile, clock, [Rating.EASY])
    assert today(workspace.store, workspace.library, profile, clock()).streak == 2
    clock.advance(days=2)
    assert today(workspace.store, workspace.library, profile, clock()).streak == 0


def test_the_study_day_starts_at_the_reset_hour_not_at_midnight(workspace, profile, clock):
    clock.now = clock.now.replace(hour=2)  # 02:00 still belongs to yesterday (reset at 04:00)
    answer(workspace, profile, clock, [Rating.EASY])
    clock.now = clock.now.replace(hour=5)
    day = today(workspace.store, workspace.library, profile, clock())
    assert day.reviewed == 0
    assert day.streak == 1


def test_an_easy_new_card_is_due_again_after_days_and_counted_then(workspace, profile, clock):
    answer(workspace, profile, clock, [Rating.EASY])
    day = today(workspace.store, workspace.library, profile, clock())
    assert day.next_due is not None and day.next_due > clock.now
    assert day.count().review == 0
    clock.now = day.next_due
    assert today(workspace.store, workspace.library, profile, clock()).count().review == 1


def test_counts_match_what_a_session_would_show_including_learning_cards_coming_back_soon(workspace, profile, clock):
    answer(workspace, profile, clock, [Rating.AGAIN, Rating.GOOD, Rating.EASY])
    day = today(workspace.store, workspace.library, profile, clock())
    count = day.count()
    assert count.learning == 2  # due again within minutes: a session shows them now
    assert count.new + count.learning + count.review == day.to_study == MIXED_NOTES - 1


def test_a_streak_of_many_months_counts_every_day(workspace, profile, clock):
    card_id = next(iter(workspace.library.items))
    for days_ago in range(299, -1, -1):  # one answer a day for 300 days, ending today
        moment = clock() - timedelta(days=days_ago)
        workspace.store.answers.record(profile.id, Memory(card_id), None, Rating.GOOD, moment, None, "cram")
    assert today(workspace.store, workspace.library, profile, clock()).streak == 300
    clock.advance(days=2)  # a day without answers breaks it
    assert today(workspace.store, workspace.library, profile, clock()).streak == 0


def test_a_streak_counts_study_days_in_the_daylight_saving_offset_of_each_date(workspace, profile, clock):
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    card_id = next(iter(workspace.library.items))
    # 08:30 UTC each morning, 1-10 March 2025; New York clocks go forward on 9 March.
    for day in range(1, 11):
        moment = datetime(2025, 3, day, 8, 30, tzinfo=UTC)
        workspace.store.answers.record(profile.id, Memory(card_id), None, Rating.GOOD, moment, None, "cram")
    # Until 8 March that is 03:30 local, before the 4 am reset, so it counts for the day before; from
    # 9 March it is 04:30 and counts for its own date. The study day of 8 March has no answer.
    now = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)
    assert today(workspace.store, workspace.library, profile, now, ZoneInfo("America/New_York")).streak == 2


def test_a_streak_across_daylight_saving_changes_counts_every_day_of_23_or_25_hours(workspace, profile, clock):
    from datetime import UTC, datetime, time
    from zoneinfo import ZoneInfo

    zone = ZoneInfo("America/New_York")
    card_id = next(iter(workspace.library.items))
    first = datetime(2024, 1, 1).date()
    # An answer at 03:30 local, the last hour of the study day before (the day resets at 4 am), each morning for
    # 500 days but the 201st, 19 July 2024: the streak since then runs across the clocks going back in November
    # (a day of 25 hours) and forward in March (23 hours).
    for n in [*range(200), *range(201, 500)]:
        moment = datetime.combine(first + timedelta(days=n), time(3, 30), zone).astimezone(UTC)
        workspace.store.answers.record(profile.id, Memory(card_id), None, Rating.GOOD, moment, None, "cram")
    now = datetime.combine(first + timedelta(days=499), time(12), zone).astimezone(UTC)
    assert today(workspace.store, workspace.library, profile, now, zone).streak == 299


def test_a_long_streak_counts_every_day_back_to_the_first_gap(workspace, profile, clock):
    # 30 study days in a row reach past several batches of days the streak reads at once.
    for _ in range(30):
        answer(workspace, profile, clock, [Rating.AGAIN])
        clock.advance(days=1)
    assert today(workspace.store, workspace.library, profile, clock()).streak == 30
    clock.advance(days=2)  # a day missed: the streak is over
    answer(workspace, profile, clock, [Rating.AGAIN])
    assert today(workspace.store, workspace.library, profile, clock()).streak == 1


@pytest.mark.parametrize("days", [1, 7, 8, 9, 71, 72, 73, 100])
@pytest.mark.parametrize("studied_today", [True, False])
def test_a_streak_ending_at_or_beside_the_edge_of_a_batch_of_days_counts_each_day_once(workspace, profile, clock, days, studied_today):
    # The streak reads days back in batches of 8, 64, 512, ...: a run of answered days that ends at, just
    # before or just past a batch's oldest day, with today answered or not yet, still counts its length.
    card_id = next(iter(workspace.library.items))
    newest = 0 if studied_today else 1
    for days_ago in [*range(newest, newest + days), newest + days + 1]:  # the run, then a day missed, then one more
        workspace.store.answers.record(profile.id, Memory(card_id), None, Rating.GOOD, clock() - timedelta(days=days_ago), None, "cram")
    assert today(workspace.store, workspace.library, profile, clock()).streak == days


def test_reviewed_counts_every_answer_of_the_day_cram_included(workspace, profile, clock):
    answer(workspace, profile, clock, [Rating.GOOD])
    cram = StudySession(workspace.store, workspace.library, profile, mode=Mode.CRAM, clock=clock)
    cram.next()
    cram.answer(Rating.AGAIN)
    day = today(workspace.store, workspace.library, profile, clock())
    assert day.reviewed == 2


def test_to_study_is_what_a_study_session_would_show_under_every_limit(tmp_path, clock):
    """Home counts the day without building a session's queue: the figure must stay the session's."""
    from peerquiz.core.study.settings import save_scheduler_settings
    from peerquiz.core.workspace import Workspace

    from .conftest import many_decks

    decks = many_decks(tmp_path, 3)
    workspace = Workspace.open("sqlite://", [tmp_path])
    try:
        store, library = workspace.store, workspace.library
        ana = store.profiles.add("Ana", clock())
        save_scheduler_settings(store, ana, {"fuzz": False})

        def check(label: str) -> None:
            expected = StudySession(store, library, ana, clock=clock).remaining
            assert today(store, library, ana, clock()).to_study == expected, label

        check("nothing studied")
        answer(workspace, ana, clock, [Rating.AGAIN, Rating.GOOD, Rating.EASY, Rating.HARD, Rating.EASY, Rating.GOOD])
        check("learning cards coming back within minutes")
        save_scheduler_settings(store, ana, {"new_per_day": 2})
        check("the shared limit lowered below what today introduced")
        save_scheduler_settings(store, ana, {"new_per_day": 7, "deck_new_limits": {decks[2]: 1, decks[1]: 0}})
        check("decks with limits of their own")
        clock.advance(days=30)
        check("reviews due on a later day")
        save_scheduler_settings(store, ana, {"reviews_per_day": 1})
        check("the review limit")
        answer(workspace, ana, clock, [Rating.GOOD])
        check("the review limit used up")
    finally:
        workspace.close()
