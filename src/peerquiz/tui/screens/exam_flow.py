"""How an exam leads on: the exam, then its results, then (if asked for there) a retake of the misses.

Kept apart from both screens so neither imports the other: the exam dismisses when it is submitted,
the results dismiss with the retake to take, and these functions push what comes next.
"""

from __future__ import annotations

from typing import Any

from textual.app import App

from peerquiz.core.exams.session import ExamSession
from peerquiz.tui.screens.exam import ExamScreen
from peerquiz.tui.screens.results import ResultsScreen


def take_exam(app: App[Any], exam: ExamSession) -> None:
    """Show the exam; once it is submitted, its results."""

    def done(submitted: bool | None) -> None:
        if submitted:
            show_results(app, exam)

    app.push_screen(ExamScreen(exam), done)


def show_results(app: App[Any], exam: ExamSession) -> None:
    """Show a submitted exam's results; a retake chosen there starts at once."""

    def closed(retake: ExamSession | None) -> None:
        if retake is not None:
            take_exam(app, retake)

    app.push_screen(ResultsScreen(exam), closed)
