"""Every figure of the statistics, checked against the history worked out in history.py."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from peerquiz.core.clock import study_day
from peerquiz.core.stats.statistics import (
    ACTIVITY_DAYS,
    FORECAST_DAYS,
    HEATMAP_DAYS,
    compute_stats,
)
from peerquiz.core.store import StateCounts, Store
from peerquiz.core.store.card_filter import CardFilter
from peerquiz.core.store.records import Phase, Rating
from peerquiz.core.study.settings import SchedulerSettings

from .history import NOW, OTHER_DOMAIN, History, build
from .history import at as history_at


@pytest.fixture
def history(store: Store, tmp_path) -> History:
    return build(store, tmp_path)


def stats_for(history: History, card_filter: CardFilter = CardFilter()):
    return compute_stats(history.store, history.profile, card_filter, now=NOW)


def counts_by_day(days) -> dict[str, int]:
    return {d.day.isoformat(): d.count for d in days if d.count}


def test_reviews_per_day_follow_the_4am_study_day_and_include_cram(history):
    stats = stats_for(history)
    assert stats.today == date(2026, 3, 10)
    assert len(stats.reviews_per_day) == ACTIVITY_DAYS and stats.reviews_per_day[-1].day == stats.today
    assert counts_by_day(stats.reviews_per_day) == {
        "2026-02-01": 1, "2026-02-02": 1, "2026-02-03": 1, "2026-02-04": 1,
        "2026-03-05": 1, "2026-03-08": 1, "2026-03-09": 2, "2026-03-10": 2,
    }  # fmt: skip


def test_heatmap_covers_a_year_with_levels_relative_to_the_busiest_day(history):
    stats = stats_for(history)
    assert len(stats.heatmap) == HEATMAP_DAYS and stats.heatmap[0].day == date(2025, 3, 11)
    assert sum(d.count for d in stats.heatmap) == 10  # the answer of January 2025 is older than a year
    assert [stats.heat_level(n) for n in (0, 1, 2)] == [0, 2, 4]


def test_forecast_counts_overdue_cards_today_and_skips_suspended_ones(history):
    stats = stats_for(history)
    assert len(stats.forecast) == FORECAST_DAYS and stats.forecast[0].day == stats.today
    # today: the overdue relearning card and the card due at 02:00 tomorrow (before the 4 am reset)
    assert [d.count for d in stats.forecast[:5]] == [2, 1, 1, 1, 0]
    assert sum(d.count for d in stats.forecast) == 5


def test_true_retention_counts_review_answers_split_at_21_days(history):
    week, month, year = stats_for(history).retention
    assert (week.days, month.days, year.days) == (7, 30, 365)
    for window in (week, month):
        assert (window.young.answered, window.young.recalled) == (2, 1)
        assert (window.mature.answered, window.mature.recalled) == (2, 1)
    assert (year.mature.answered, year.mature.recalled) == (6, 5)
    assert year.all.rate == pytest.approx(6 / 8)


def test_card_counts_by_state(history):
    assert stats_for(history).counts == StateCounts(new=3, learning=1, review=5, relearning=1, suspended=1)


def test_mastery_counts_cards_in_review_with_three_weeks_of_stability(history):
    mastery = {m.domain: (m.cards, m.mastered) for m in stats_for(history).mastery}
    assert mastery == {
        "Advocacy": (1, 0),  # typed-1: stability 3
        "Ethical Responsibility": (4, 1),  # basic-1; not its reverse, answered Again today and relearning
        "Mentoring and Education": (2, 1),  # multi-1; not order-1, stability 10
        "Recovery/Wellness Support": (2, 0),  # a cloze gap still in learning, recalled or not
        OTHER_DOMAIN: (2, 1),  # o1; not o2, suspended
    }


def test_a_lapse_takes_a_card_out_of_mastery_whatever_the_desired_retention(history):
    history.store.profiles.save_study_settings(history.profile.id, {"desired_retention": 0.75})
    history.state("multi-1", Phase.RELEARNING, 30, history_at(3, 10, 11), history_at(3, 10, 11) + timedelta(minutes=10))
    mastery = {m.domain: m.mastered for m in stats_for(history).mastery}
    assert mastery["Mentoring and Education"] == 0


def test_leeches_most_lapses_first(history):
    leeches = stats_for(history).leeches
    assert [(l.item_id, l.lapses, l.suspended) for l in leeches] == [("order-1", 9, False), ("o2", 8, True)]


def test_streak_and_longest_run(history):
    streak = stats_for(history).streak
    assert (streak.current, streak.longest, streak.studied_today) == (3, 4, True)
    # The next morning the streak is still alive until that day is over.
    later = compute_stats(history.store, history.profile, now=NOW + timedelta(days=1))
    assert (later.streak.current, later.streak.studied_today) == (3, False)
    assert compute_stats(history.store, history.profile, now=NOW + timedelta(days=2)).streak.current == 0


def test_time_studied_caps_an_answer_left_on_screen(history):
    time = stats_for(history).time
    assert time.today == pytest.approx(25 / 60)
    assert time.last_7_days == pytest.approx((20 + 5 + 10 + 30 + 300 + 15) / 60)
    assert time.last_30_days == pytest.approx(time.last_7_days)
    assert time.total == pytest.approx((380 + 4 * 60 + 1) / 60)


def test_a_deck_filter_narrows_every_figure(history):
    stats = stats_for(history, CardFilter(deck_ids=("other",)))
    assert stats.counts == StateCounts(new=0, learning=0, review=1, relearning=0, suspended=1)
    assert counts_by_day(stats.reviews_per_day) == {f"2026-02-0{d}": 1 for d in (1, 2, 3, 4)}
    assert sum(d.count for d in stats.forecast) == 0
    assert [m.domain for m in stats.mastery] == [OTHER_DOMAIN]
    year = stats.retention[2]
    assert (year.mature.answered, year.young.answered) == (4, 0)
    assert stats.streak.current == 0 and stats.time.today == 0


def test_a_domain_filter_counts_answers_on_that_domain_only(history):
    stats = stats_for(history, CardFilter(domains=("Ethical Responsibility",)))
    assert counts_by_day(stats.reviews_per_day) == {"2026-03-08": 1, "2026-03-09": 1, "2026-03-10": 2}
    assert stats.counts.total == 4


def test_history_of_a_retired_card_still_counts(history, store: Store):
    store.cards.sync([s for s in _specs(store) if s.item_id != "typed-1"])
    stats = stats_for(history)
    assert counts_by_day(stats.reviews_per_day)["2026-03-05"] == 1
    assert stats.counts.total == 10


def _specs(store: Store):
    return [c.spec for c in store.cards.stored()]


def test_study_days_keep_the_daylight_saving_offset_of_their_date(store: Store, tmp_path):
    history = build(store, tmp_path, name="Bo")
    zone = ZoneInfo("America/New_York")
    # 08:30 UTC is 03:30 in January (EST, before the 4 am reset) but 04:30 in July (EDT).
    history.answer("tf-1", datetime(2025, 7, 10, 8, 30, tzinfo=UTC), Rating.GOOD, stability=10)
    history.answer("tf-1", datetime(2026, 1, 10, 8, 30, tzinfo=UTC), Rating.GOOD, stability=10)
    stats = compute_stats(store, history.profile, now=NOW, zone=zone)
    days = counts_by_day(stats.heatmap)
    assert days["2025-07-10"] == 1 and days["2026-01-09"] == 1 and "2026-01-10" not in days


@pytest.mark.parametrize("zone_name", ["Australia/Lord_Howe", "Asia/Kolkata", "America/New_York"])
def test_answers_fall_on_the_study_day_of_their_own_offset(store: Store, tmp_path, zone_name: str):
    # Lord Howe Island is 10:30 or 11 hours ahead, moving half an hour at 15:00 UTC on 2025-04-05 and at
    # 15:30 UTC on 2025-10-04; Kolkata is 5:30 ahead all year; New York moves an hour twice a year.
    history = build(store, tmp_path, name="Bo")
    zone = ZoneInfo(zone_name)
    moments = [datetime(2025, 4, 5, 14, 59, 59, 500000, tzinfo=UTC), datetime(2025, 4, 5, 15, 0, tzinfo=UTC),
               datetime(2025, 10, 4, 15, 29, 59, tzinfo=UTC), datetime(2025, 10, 4, 15, 30, tzinfo=UTC),
               datetime(2025, 11, 2, 5, 59, 59, tzinfo=UTC), datetime(2025, 11, 2, 6, 0, tzinfo=UTC)]  # fmt: skip
    for hour in range(24):  # one answer each quarter past and quarter to, on a summer and a winter day
        moments += [datetime(2025, month, 10, hour, minute, tzinfo=UTC) for month in (7, 12) for minute in (15, 45)]
    for moment in moments:
        history.answer("tf-1", moment, Rating.GOOD, stability=10)
    stats = compute_stats(store, history.profile, now=NOW, zone=zone)
    first = stats.heatmap[0].day
    expected = Counter(study_day(r.reviewed_at, SchedulerSettings(), zone) for r in store.answers.log(history.profile.id))
    assert counts_by_day(stats.heatmap) == {d.isoformat(): n for d, n in expected.items() if d >= first}
    if zone_name == "Australia/Lord_Howe":  # 17:15 UTC is 03:45 the next morning at +10:30 but 04:15 at +11
        days = counts_by_day(stats.heatmap)
        assert (days["2025-07-10"], days["2025-07-11"], days["2025-12-10"], days["2025-12-11"]) == (35, 13, 34, 14)


def test_a_day_that_starts_as_the_clocks_change_starts_at_that_second(store: Store, tmp_path):
    history = build(store, tmp_path, name="Bo")
    store.profiles.save_study_settings(history.profile.id, {"day_starts_at_hour": 2})
    zone = ZoneInfo("America/New_York")
    before = Counter(counts_by_day(compute_stats(store, history.profile, now=NOW, zone=zone).heatmap))
    # New York springs from 02:00 EST to 03:00 EDT at 07:00 UTC on 2026-03-08: a day starting at 2 am starts then.
    for moment in (datetime(2026, 3, 8, 6, 59, 59, 999000, tzinfo=UTC), datetime(2026, 3, 8, 7, 0, tzinfo=UTC)):
        history.answer("tf-1", moment, Rating.GOOD, stability=10)
    after = Counter(counts_by_day(compute_stats(store, history.profile, now=NOW, zone=zone).heatmap))
    assert after - before == {"2026-03-07": 1, "2026-03-08": 1}


def test_stats_as_of_a_day_before_any_answer_or_due_date_are_empty(history):
    stats = compute_stats(history.store, history.profile, now=datetime(2024, 1, 1, tzinfo=UTC))
    assert sum(d.count for d in stats.heatmap) == 0 and sum(d.count for d in stats.forecast) == 0
    assert stats.time.total == 0 and stats.streak.longest == 0


def test_an_empty_profile_has_zeros_not_errors(store: Store):
    profile = store.profiles.add("New")
    stats = compute_stats(store, profile, now=NOW)
    assert stats.streak.current == 0 and stats.retention[0].all.rate is None and stats.heat_level(0) == 0
    assert sum(d.count for d in stats.forecast) == 0 and stats.mastery == []
