"""Plain values of mock-exam attempts, and the pass rule they are scored by."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol


def percent_right(correct: int, total: int) -> float:
    return 100 * correct / total if total else 0.0


def passes(correct: int, total: int, pass_percent: float) -> bool:
    """The pass rule of a mock exam: an empty exam never passes."""
    return total > 0 and percent_right(correct, total) >= pass_percent


@dataclass(frozen=True, slots=True)
class Tally:
    """Right answers out of a number of questions."""

    correct: int
    total: int

    @property
    def percent(self) -> float:
        return percent_right(self.correct, self.total)


@dataclass(frozen=True, slots=True)
class Graded(Tally):
    """A tally held against a pass mark."""

    pass_percent: float

    @property
    def passed(self) -> bool:
        return passes(self.correct, self.total, self.pass_percent)


class QuestionLike(Protocol):
    """What an attempt stores of a question (exams' Question is one)."""

    @property
    def card_id(self) -> int: ...
    @property
    def domain(self) -> str: ...
    @property
    def options(self) -> tuple[str, ...]: ...
    @property
    def answer(self) -> str: ...


@dataclass(frozen=True, slots=True)
class AnswerRecord:
    position: int
    card_id: int
    domain: str
    options: tuple[str, ...]
    answer: str
    chosen: str | None
    marked: bool
    answered_at: datetime | None
    review_id: int | None


@dataclass(frozen=True, slots=True)
class AttemptRecord:
    id: int
    user_id: int
    retake_of: int | None
    blueprint: str
    pass_percent: float
    duration: timedelta
    started_at: datetime
    submitted_at: datetime | None
    timed_out: bool
    note: str
    answers: list[AnswerRecord]

    @property
    def deadline(self) -> datetime:
        return self.started_at + self.duration


@dataclass(frozen=True, slots=True)
class AttemptSummary(Graded):
    """One line of the exam history: a submitted attempt and its score."""

    id: int
    blueprint: str
    retake_of: int | None
    started_at: datetime
    submitted_at: datetime
    timed_out: bool
