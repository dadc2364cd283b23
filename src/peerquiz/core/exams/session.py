"""Exam and practice sessions: what answering, submitting and resuming do.

Time keeps running while the app is closed: an exam's deadline is a fixed
instant (start + time allowed), as at a test centre. Reopening before the
deadline resumes with the time that is left; reopening after it grades the
exam with the answers given in time.

Grading sends answers to spaced repetition by ``exam.srs_rating``; an
unanswered question counts as wrong in the score but is not sent to spaced
repetition, since there is no answer to grade the memory by.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from peerquiz.core.clock import Clock, utc_now
from peerquiz.core.decks.header import ExamCard
from peerquiz.core.decks.library import Library
from peerquiz.core.decks.model import EXAM_KINDS, Item
from peerquiz.core.exams.assembly import (
    NO_EXAM_ITEMS,
    Question,
    Score,
    assemble,
    redraw,
    retake_duration,
    score,
    srs_rating,
)
from peerquiz.core.exams.blueprint import Blueprint
from peerquiz.core.exams.forms import form_label, form_paper
from peerquiz.core.exams.readiness import Readiness, readiness
from peerquiz.core.store import Store
from peerquiz.core.store.exam_records import AttemptRecord
from peerquiz.core.store.records import Memory, Profile, Rating
from peerquiz.core.study.scheduling import Scheduler
from peerquiz.core.study.settings import scheduler_settings


def current_readiness(store: Store, library: Library, profile: Profile, blueprint: Blueprint, now: datetime) -> Readiness:
    """Readiness from the user's memory of every exam-style card, as of ``now``."""
    return memory_readiness(blueprint, library.exam_cards(), Scheduler(scheduler_settings(store, profile)),
                            store.memory.recall_inputs(profile.id, tuple(sorted(EXAM_KINDS))), now)  # fmt: skip


def memory_readiness(
    blueprint: Blueprint,
    exam_cards: Mapping[int, ExamCard],
    scheduler: Scheduler,
    studied: Mapping[int, tuple[float | None, datetime | None]],
    now: datetime,
) -> Readiness:
    """Readiness from the (stability, last review) of each studied card, already read (a class report reads every
    student's at once)."""

    def recall(card_id: int) -> float:
        inputs = studied.get(card_id)
        return 0.0 if inputs is None else scheduler.recall(*inputs, now)

    return readiness(blueprint, exam_cards, recall, studied.__contains__)


def record_for_srs(store: Store, scheduler: Scheduler, user_id: int, card_id: int, correct: bool, now: datetime, mode: str) -> int:
    """Log one exam-style answer and apply ``srs_rating`` to the card as stored now; returns the log row id."""

    def review(before: Memory) -> tuple[Rating, Memory | None]:
        rating = srs_rating(before, correct, now)
        # A right answer that leaves FSRS alone is logged as Good, like a cram answer.
        return rating or Rating.GOOD, scheduler.review(before, rating, now) if rating is not None else None

    return store.answers.schedule(user_id, card_id, review, now, None, mode).review_id


def _attempt(store: Store, attempt_id: int) -> AttemptRecord:
    record = store.exams.attempt(attempt_id)
    if record is None:
        raise LookupError(f"no exam attempt {attempt_id}")
    return record


@dataclass(frozen=True, slots=True)
class ExamResult:
    attempt_id: int
    blueprint: str
    questions: list[Question]
    chosen: list[str | None]
    score: Score
    time_used: timedelta
    time_allowed: timedelta
    timed_out: bool
    note: str
    predicted: Readiness | None  # readiness when the exam started; None for a past attempt

    @property
    def missed(self) -> list[int]:
        """Wrong and unanswered questions, by index."""
        return [i for i, q in enumerate(self.questions) if not q.is_right(self.chosen[i])]


def _result(record: AttemptRecord, blueprint: Blueprint, predicted: Readiness | None) -> ExamResult:
    questions = [Question(a.card_id, a.domain, a.options, a.answer) for a in record.answers]
    chosen = [a.chosen for a in record.answers]
    submitted = record.submitted_at or record.deadline
    return ExamResult(
        record.id, record.blueprint, questions, chosen, score(questions, chosen, record.pass_percent, [d.name for d in blueprint.domains]),
        min(submitted, record.deadline) - record.started_at, record.duration, record.timed_out, record.note, predicted,
    )  # fmt: skip


class ExamSession:
    """A timed mock exam: answers are saved as given and graded only on submit."""

    def __init__(self, store: Store, library: Library, profile: Profile, blueprint: Blueprint,
                 record: AttemptRecord, clock: Clock = utc_now):  # fmt: skip
        self.store = store
        self.exams = store.exams
        self.library = library
        self.profile = profile
        self.blueprint = blueprint
        self.record = record
        self.clock = clock
        self.questions = [Question(a.card_id, a.domain, a.options, a.answer) for a in record.answers]
        self.chosen: list[str | None] = [a.chosen for a in record.answers]
        self.marked: list[bool] = [a.marked for a in record.answers]
        # An attempt submitted earlier (opened from the history) shows its result as it was.
        self.result = _result(record, blueprint, None) if record.submitted_at is not None else None

    @classmethod
    def start(cls, store: Store, library: Library, profile: Profile, blueprint: Blueprint,
              clock: Clock = utc_now, rng: random.Random | None = None,
              form: int | None = None) -> ExamSession:  # fmt: skip
        """Draw a new exam by the blueprint, or take a fixed practice form; store it before the first question shows."""
        if form is None:
            paper, title = assemble(blueprint, library.items, rng or random.Random()), blueprint.name
        else:
            paper, title = form_paper(blueprint, library.items, form), f"{blueprint.name}, {form_label(form)}"
        if not paper.questions:
            raise ValueError(NO_EXAM_ITEMS)
        attempt_id = store.exams.create(
            profile.id, paper.questions, blueprint=title, pass_percent=blueprint.pass_percent,
            duration=timedelta(minutes=blueprint.minutes), started_at=clock(),
            note="; ".join(map(str, paper.shortfalls)),
        )  # fmt: skip
        return cls.load(store, library, profile, blueprint, attempt_id, clock)

    @classmethod
    def load(cls, store: Store, library: Library, profile: Profile, blueprint: Blueprint,
             attempt_id: int, clock: Clock = utc_now) -> ExamSession:  # fmt: skip
        return cls(store, library, profile, blueprint, _attempt(store, attempt_id), clock)

    @classmethod
    def unfinished(cls, store: Store, library: Library, profile: Profile, blueprint: Blueprint,
                   clock: Clock = utc_now) -> ExamSession | None:  # fmt: skip
        """The exam the user left open (closed or crashed), to resume or grade."""
        record = store.exams.open_attempt(profile.id)
        return cls(store, library, profile, blueprint, record, clock) if record is not None else None

    # -- state ------------------------------------------------------------

    def item(self, index: int) -> Item | None:
        """The card behind a question; None if it was removed from the decks since."""
        return self.library.items.get(self.questions[index].card_id)

    def remaining(self) -> timedelta:
        return max(self.record.deadline - self.clock(), timedelta(0))

    @property
    def expired(self) -> bool:
        return self.clock() >= self.record.deadline

    @property
    def submitted(self) -> bool:
        return self.result is not None

    @property
    def unanswered(self) -> list[int]:
        return [i for i, chosen in enumerate(self.chosen) if chosen is None]

    @property
    def marked_indices(self) -> list[int]:
        return [i for i, marked in enumerate(self.marked) if marked]

    # -- acting -----------------------------------------------------------

    def choose(self, index: int, option: str | None) -> bool:
        """Save an answer (None clears it); refused once time is up or the exam is graded."""
        if self.submitted or self.expired:
            return False
        if option is not None and option not in self.questions[index].options:
            raise ValueError(f"{option!r} is not an option of question {index + 1}")
        self.exams.save_answer(self.record.id, index, option, self.marked[index], self.clock())
        self.chosen[index] = option
        return True

    def toggle_mark(self, index: int) -> bool:
        """Mark or unmark a question for review; returns the new mark."""
        if self.submitted or self.expired:
            return self.marked[index]
        marked = not self.marked[index]
        self.exams.save_answer(self.record.id, index, self.chosen[index], marked, self.clock())
        self.marked[index] = marked
        return marked

    def submit(self, timed_out: bool = False) -> ExamResult:
        """Grade the exam, send its answers to spaced repetition, close the attempt.

        Safe to repeat after a crash: answers already sent are not sent again.
        """
        if self.result is not None:
            return self.result
        now = self.clock()
        # Predicted before grading changes any card, as of the exam's start.
        predicted = current_readiness(self.store, self.library, self.profile, self.blueprint, self.record.started_at)
        scheduler = Scheduler(scheduler_settings(self.store, self.profile))
        for answer in self.record.answers:
            chosen = self.chosen[answer.position]
            if chosen is None or answer.review_id is not None:
                continue
            question = self.questions[answer.position]
            review_id = record_for_srs(self.store, scheduler, self.profile.id, question.card_id,
                                       question.is_right(chosen), now, "exam")  # fmt: skip
            self.exams.link_review(self.record.id, answer.position, review_id)
        self.exams.finish(self.record.id, now, timed_out or now >= self.record.deadline)
        self.record = _attempt(self.store, self.record.id)
        self.result = _result(self.record, self.blueprint, predicted)
        return self.result

    def retake_missed(self, rng: random.Random | None = None) -> ExamSession | None:
        """A short timed exam of the questions missed here; None when none were missed."""
        if self.result is None:
            raise RuntimeError("submit the exam before retaking its misses")
        missed = [self.questions[i] for i in self.result.missed]
        questions = redraw(missed, self.library.items, rng or random.Random())
        if not questions:
            return None
        attempt_id = self.exams.create(
            self.profile.id, questions, blueprint=self.record.blueprint, pass_percent=self.record.pass_percent,
            duration=retake_duration(self.record.duration, len(self.questions), len(questions)),
            started_at=self.clock(), note="Retake of the questions missed", retake_of=self.record.id,
        )  # fmt: skip
        return ExamSession.load(self.store, self.library, self.profile, self.blueprint, attempt_id, self.clock)
