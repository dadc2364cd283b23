"""The streak home shows is kept up to the start of each study day (store/streaks.py): it must read as if counted afresh."""

from __future__ import annotations

import random
import threading
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from peerquiz.core.clock import current_streak, study_day
from peerquiz.core.store import CardSpec, Store, streaks
from peerquiz.core.store.records import Memory, Rating
from peerquiz.core.study.settings import SchedulerSettings, scheduler_settings
from peerquiz.core.study.today import today

from .conftest import synced_ids

FOUR_AM = SchedulerSettings(day_starts_at_hour=4)
CARD = CardSpec("d", "a", "basic", "Advocacy", (), "h1")


def _answer_at(store: Store, user_id: int, card_id: int, moment: datetime) -> int:
    return store.answers.record(user_id, Memory(card_id), None, Rating.GOOD, moment, None, "cram")


def test_on_each_backend_a_kept_streak_is_forgotten_when_an_older_answer_is_added_or_taken_back_not_todays(store: Store):
    profile = store.profiles.add("Ana")
    card_id = synced_ids(store, [CARD])[("d", "a")]
    day = date(2025, 3, 10)
    noon = [datetime.combine(day - timedelta(days=n), time(12), UTC) for n in range(6)]  # noon[n]: n days ago
    yesterday = _answer_at(store, profile.id, card_id, noon[1])
    for moment in (noon[2], noon[3]):
        _answer_at(store, profile.id, card_id, moment)
    assert store.streaks.count(profile.id, day, FOUR_AM, UTC) == 3
    assert store.streaks.kept(profile.id, day, FOUR_AM, UTC) == 3

    today_answer = _answer_at(store, profile.id, card_id, noon[0])
    store.takeback.restore(profile.id, {}, today_answer)  # today's answer, given and taken back: the days before hold
    assert store.streaks.kept(profile.id, day, FOUR_AM, UTC) == 3
    assert store.streaks.kept(profile.id, day + timedelta(days=1), FOUR_AM, UTC) is None  # kept for today's start only
    assert store.streaks.kept(profile.id, day, SchedulerSettings(day_starts_at_hour=5), UTC) is None  # other days
    assert store.streaks.kept(profile.id, day, FOUR_AM, ZoneInfo("Europe/Paris")) is None

    _answer_at(store, profile.id, card_id, noon[4])  # an older answer, as an imported history brings
    assert store.streaks.kept(profile.id, day, FOUR_AM, UTC) is None
    assert store.streaks.count(profile.id, day, FOUR_AM, UTC) == 4
    store.takeback.restore(profile.id, {}, yesterday)  # an answer before today taken back
    assert store.streaks.kept(profile.id, day, FOUR_AM, UTC) is None
    assert store.streaks.count(profile.id, day, FOUR_AM, UTC) == 0
    # The next day counts on from what was kept: yesterday (the 10th) had no answer.
    _answer_at(store, profile.id, card_id, noon[0])
    assert store.streaks.count(profile.id, day + timedelta(days=1), FOUR_AM, UTC) == 1


def test_the_streak_home_shows_day_after_day_matches_the_days_answered_whatever_changes(workspace, profile, clock):
    # Sixty days in New York (two daylight-saving changes), with a random history: answers most days, now
    # and then an older answer added or taken back, and the reset hour changed. Each day home's streak must
    # be the one counted from every answer's study day.
    zone, rng = ZoneInfo("America/New_York"), random.Random(7)
    store, card_id = workspace.store, next(iter(workspace.library.items))
    clock.now = datetime(2025, 2, 20, 15, tzinfo=UTC)
    answers: dict[int, datetime] = {}
    longest = 0
    for _ in range(60):
        if rng.random() < 0.8:
            answers[_answer_at(store, profile.id, card_id, clock())] = clock()
        if rng.random() < 0.15:
            older = clock() - timedelta(hours=rng.randrange(24, 24 * 40))
            answers[_answer_at(store, profile.id, card_id, older)] = older
        if answers and rng.random() < 0.1:
            review_id = rng.choice(sorted(answers))
            store.takeback.restore(profile.id, {}, review_id)
            del answers[review_id]
        if rng.random() < 0.1:
            store.profiles.save_study_settings(profile.id, {"day_starts_at_hour": rng.choice([0, 4, 23])})
        settings = scheduler_settings(store, profile)
        days = {study_day(moment, settings, zone) for moment in answers.values()}
        expected = current_streak(days, study_day(clock(), settings, zone))
        assert today(store, workspace.library, profile, clock(), zone).streak == expected
        assert today(store, workspace.library, profile, clock(), zone).streak == expected  # read from what was kept
        longest = max(longest, expected)
        clock.advance(hours=rng.choice([20, 24, 24, 30]))
    assert longest >= 8  # streaks long enough to be counted on from what was kept, over several days


def test_on_each_backend_an_older_answer_written_while_the_streak_is_counted_is_not_left_out(db_url: str, monkeypatch):
    # Another window adds an older answer (an imported history, say) while home counts the streak. Its write waits
    # for the count to be kept, and then forgets it; were it written meanwhile, the kept count would miss it for good.
    store, other_window = Store.open(db_url), Store.open(db_url)
    profile = store.profiles.add("Ana")
    card_id = synced_ids(store, [CARD])[("d", "a")]
    day = date(2025, 3, 10)
    noon = [datetime.combine(day - timedelta(days=n), time(12), UTC) for n in range(6)]
    for moment in (noon[1], noon[2], noon[4]):  # the 7th has no answer: the streak is two days
        _answer_at(store, profile.id, card_id, moment)
    counted = streaks._count_back

    def counted_while_another_window_answers(*args: object) -> int:
        days = counted(*args)
        writer = threading.Thread(target=_answer_at, args=(other_window, profile.id, card_id, noon[3]))
        writer.start()
        writer.join(timeout=1)  # it waits for this count to be kept (joined after, below, if so)
        writers.append(writer)
        return days

    writers: list[threading.Thread] = []
    monkeypatch.setattr(streaks, "_count_back", counted_while_another_window_answers)
    assert store.streaks.count(profile.id, day, FOUR_AM, UTC) == 2
    monkeypatch.undo()
    writers[0].join()
    assert store.streaks.kept(profile.id, day, FOUR_AM, UTC) is None
    assert store.streaks.count(profile.id, day, FOUR_AM, UTC) == 4
    store.close()
    other_window.close()
