from __future__ import annotations

import random
from datetime import timedelta
from pathlib import Path

import pytest

from peerquiz.core.exams.session import ExamSession
from peerquiz.core.store import Store
from peerquiz.core.store.card_filter import CardFilter
from peerquiz.core.store.exams import ExamStore
from peerquiz.core.store.records import Phase, Rating
from peerquiz.core.study.scheduling import Scheduler
from tests.exam_helpers import DOMAINS, blueprint, library_for, profile


def _start(store: Store, clock, questions: int = 10, per_domain: int = 10, **kwargs) -> ExamSession:
    library = library_for(store, dict.fromkeys(DOMAINS, per_domain))
    return ExamSession.start(store, library, profile(store), blueprint(questions=questions, **kwargs), clock,
                             random.Random(11))  # fmt: skip


def _wrong(question) -> str:
    return next(o for o in question.options if o != question.answer)


def _answer(session: ExamSession, right: int, wrong: int) -> None:
    for i, question in enumerate(session.questions[: right + wrong]):
        session.choose(i, question.answer if i < right else _wrong(question))


def test_seven_of_ten_right_passes_at_seventy_percent(store: Store, clock):
    session = _start(store, clock)
    _answer(session, right=7, wrong=3)
    result = session.submit()
    assert (result.score.correct, result.score.total, result.score.percent) == (7, 10, 70)
    assert result.score.passed
    assert sum(d.total for d in result.score.domains) == 10
    assert [d.domain for d in result.score.domains] == [d for d in DOMAINS if any(q.domain == d for q in session.questions)]
    assert sum(d.correct for d in result.score.domains) == 7


def test_six_right_and_one_unanswered_fails(store: Store, clock):
    session = _start(store, clock)
    _answer(session, right=6, wrong=3)
    assert session.unanswered == [9]
    result = session.submit()
    assert (result.score.correct, result.score.passed) == (6, False)
    assert result.missed == [6, 7, 8, 9]


def test_time_running_out_refuses_answers_and_keeps_the_ones_given(store: Store, clock):
    session = _start(store, clock, minutes=10)
    _answer(session, right=2, wrong=1)
    clock.advance(minutes=9, seconds=30)
    assert session.remaining() == timedelta(seconds=30)
    clock.advance(seconds=31)
    assert session.expired
    assert not session.choose(3, session.questions[3].answer)
    result = session.submit(timed_out=True)
    assert result.timed_out
    assert result.score.correct == 2
    assert result.time_used == timedelta(minutes=10)  # never more than the time allowed


def test_missed_questions_are_due_in_spaced_repetition_after_the_exam(store: Store, clock):
    session = _start(store, clock)
    _answer(session, right=5, wrong=3)  # two left unanswered
    result = session.submit()
    user = session.profile.id
    missed = {session.questions[i].card_id for i in range(5, 8)}
    later = clock.now + timedelta(minutes=15)
    due = {m.card_id for m in store.memory.learning_due(user, CardFilter(), later, later)}
    assert missed <= due
    right_new = session.questions[0].card_id
    assert store.memory.get(user, right_new).is_new  # a right pick on a new card may be a guess
    unanswered = {session.questions[i].card_id for i in result.missed if session.chosen[i] is None}
    assert all(store.memory.get(user, cid).is_new for cid in unanswered)
    logged = store.answers.log(user, modes=("exam",))
    assert len(logged) == 8  # every answer is logged, unanswered ones are not
    assert sorted(r.rating for r in logged) == [Rating.AGAIN] * 3 + [Rating.GOOD] * 5


def test_a_right_answer_counts_as_good_only_on_a_card_that_is_due(store: Store, clock):
    session = _start(store, clock, questions=4)
    user = session.profile.id
    scheduler = Scheduler()
    due_card, early_card = session.questions[0].card_id, session.questions[1].card_id
    for card_id, days_ago in ((due_card, 30), (early_card, 1)):
        memory = scheduler.review(store.memory.get(user, card_id), Rating.GOOD, clock.now - timedelta(days=days_ago))
        memory = scheduler.review(memory, Rating.GOOD, clock.now - timedelta(days=days_ago) + timedelta(minutes=10))
        store.memory.save(user, memory, clock.now)
    early_before = store.memory.get(user, early_card)
    assert early_before.due > clock.now and store.memory.get(user, due_card).due <= clock.now
    _answer(session, right=2, wrong=0)
    session.submit()
    assert store.memory.get(user, due_card).due > clock.now + timedelta(days=1)
    assert store.memory.get(user, due_card).reps == 3
    assert store.memory.get(user, early_card) == early_before


def test_an_exam_resumes_after_a_crash_with_the_time_left(tmp_path: Path, clock):
    url = f"sqlite:///{tmp_path / 'progress.db'}"
    first = Store.open(url)
    session = _start(first, clock, minutes=60)
    _answer(session, right=3, wrong=1)
    session.toggle_mark(5)
    questions = session.questions
    first.engine.dispose()  # the process dies: nothing is submitted or closed cleanly
    del session, first

    clock.advance(minutes=20)  # time keeps running while the app is closed
    second = Store.open(url)
    library = library_for(second, dict.fromkeys(DOMAINS, 10))
    resumed = ExamSession.unfinished(second, library, profile(second), blueprint(questions=10), clock)
    assert resumed is not None
    assert resumed.questions == questions
    assert resumed.chosen[:4] == [q.answer for q in questions[:3]] + [_wrong(questions[3])]
    assert resumed.unanswered == list(range(4, 10))
    assert resumed.marked_indices == [5]
    assert resumed.remaining() == timedelta(minutes=40)
    assert resumed.submit().score.correct == 3
    assert ExamSession.unfinished(second, library, profile(second), blueprint(), clock) is None
    second.close()


def test_an_exam_reopened_after_its_deadline_is_graded_with_the_answers_given(store: Store, clock):
    session = _start(store, clock, minutes=30)
    _answer(session, right=4, wrong=0)
    clock.advance(hours=3)
    reopened = ExamSession.unfinished(store, session.library, session.profile, session.blueprint, clock)
    assert reopened.expired and reopened.remaining() == timedelta(0)
    result = reopened.submit()
    assert result.timed_out and result.score.correct == 4 and result.time_used == timedelta(minutes=30)


def test_grading_again_after_a_crash_does_not_count_answers_twice(store: Store, clock, monkeypatch):
    session = _start(store, clock)
    _answer(session, right=5, wrong=5)

    def crash(*_args, **_kwargs):
        raise RuntimeError("power cut")

    monkeypatch.setattr(ExamStore, "finish", crash)
    with pytest.raises(RuntimeError):
        session.submit()
    monkeypatch.undo()
    again = ExamSession.unfinished(store, session.library, session.profile, session.blueprint, clock)
    again.submit()
    assert len(store.answers.log(session.profile.id, modes=("exam",))) == 10
    lapsed = store.memory.get(session.profile.id, session.questions[9].card_id)
    assert lapsed.reps == 1 and lapsed.phase == Phase.LEARNING


def test_retake_asks_only_the_missed_questions_with_time_in_proportion(store: Store, clock):
    session = _start(store, clock, minutes=20)
    _answer(session, right=6, wrong=2)
    result = session.submit()
    retake = session.retake_missed(random.Random(1))
    assert sorted(q.card_id for q in retake.questions) == sorted(session.questions[i].card_id for i in result.missed)
    assert retake.record.retake_of == session.record.id
    assert retake.record.duration == timedelta(minutes=8)  # 4 of 10 questions, 2 minutes each
    assert retake.unanswered == [0, 1, 2, 3]


def test_history_lists_submitted_attempts_newest_first(store: Store, clock):
    session = _start(store, clock)
    _answer(session, right=8, wrong=2)
    session.submit()
    clock.advance(minutes=30)
    retake = session.retake_missed()
    retake.choose(0, retake.questions[0].answer)
    retake.submit()
    history = store.exams.history(session.profile.id)
    assert [(h.correct, h.total, h.passed, h.retake_of) for h in history] == [
        (1, 2, False, session.record.id), (8, 10, True, None)]  # fmt: skip
    past = ExamSession.load(store, session.library, session.profile, session.blueprint, history[1].id, clock)
    assert past.result.score.correct == 8 and past.result.predicted is None
    assert not past.choose(0, None)  # a graded exam stays as it was


def test_removing_a_profile_removes_its_exams(store: Store, clock):
    session = _start(store, clock)
    _answer(session, right=3, wrong=3)
    session.submit()
    assert store.profiles.remove(session.profile.name)
    assert store.exams.history(session.profile.id) == []
    assert store.exams.attempt(session.record.id) is None


def test_an_exam_with_no_questions_is_refused_before_anything_is_stored(store: Store, clock):
    library = library_for(store, {"Cooking": 5})
    with pytest.raises(ValueError, match="no four-option multiple-choice cards"):
        ExamSession.start(store, library, profile(store), blueprint(), clock)
    assert store.exams.open_attempt(profile(store).id) is None
