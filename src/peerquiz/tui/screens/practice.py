"""Practice: exam questions, untimed, with the right answer and explanation after each one."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import OptionList, Static

from peerquiz.core.exams.practice import Feedback, PracticeSession
from peerquiz.core.study.grading import front
from peerquiz.tui.exam_marks import RIGHT, WRONG
from peerquiz.tui.screens.base import PeerquizScreen
from peerquiz.tui.widgets.answer_options import ANSWER_BINDINGS, AnswerOptions
from peerquiz.tui.widgets.domain_bars import DomainBars
from peerquiz.tui.widgets.key_footer import KeyFooter


def feedback_text(feedback: Feedback) -> Content:
    verdict = Content.styled("✓ Right", RIGHT) if feedback.correct else Content.styled("✗ Wrong", WRONG)
    lines = [verdict]
    if not feedback.correct:
        lines.append(Content.assemble(("Right answer: ", "bold"), feedback.answer))
    lines.append(Content.assemble(("Why: ", "bold"), feedback.explanation))
    lines.append(Content.assemble(("Source: ", "bold"), (feedback.source, "italic")))
    lines.append(Content.styled("Press n or Enter for the next question.", "dim"))
    return Content("\n").join(lines)


class PracticeScreen(PeerquizScreen[None]):
    BINDINGS = [
        *ANSWER_BINDINGS,
        Binding("n", "next", "Next"),
        Binding("escape,q", "close", "Close"),
    ]
    FIRST_FOCUS = "AnswerOptions"

    def __init__(self, session: PracticeSession):
        super().__init__()
        self.session = session
        self.feedback: Feedback | None = None

    def compose(self) -> ComposeResult:
        domains = ", ".join(d.name for d in self.session.blueprint.domains)
        yield Static(Content(f"Practice · untimed · {domains}"), id="practice-header")
        with VerticalScroll(id="body"):
            yield Static(id="position")
            yield Static(id="prompt")
            yield AnswerOptions(id="choices")
            yield Static(id="feedback")
            yield DomainBars(id="summary")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        question = self.session.current
        choices = self.query_one(AnswerOptions)
        feedback = self.query_one("#feedback", Static)
        if question is None:
            self._show_summary()
            return
        total = len(self.session.questions)
        self.query_one("#position", Static).update(
            Content(f"Question {self.session.index + 1} of {total} · {question.domain}")
        )
        self.query_one("#prompt", Static).update(Content(front(self.session.item(question))))
        choices.show(question, self.feedback.chosen if self.feedback else None)
        feedback.update(feedback_text(self.feedback) if self.feedback else "")

    def _show_summary(self) -> None:
        score = self.session.score()
        self.query_one("#position", Static).update("Practice round finished.")
        self.query_one("#prompt", Static).update(
            f"{score.correct} of {score.total} right ({score.percent:.0f} %). Press q to close."
            if score.total
            else "There were no exam-style questions for these domains."
        )
        self.query_one(AnswerOptions).display = False
        self.query_one("#feedback", Static).update("")
        self.query_one(DomainBars).show(score.domains)

    def action_choose(self, number: int) -> None:
        question = self.session.current
        if question is None or self.feedback is not None or number >= len(question.options):
            return
        self.feedback = self.session.answer(question.options[number])
        self._show()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.feedback is not None:  # Enter after the explanation moves on
            self.action_next()
            return
        question = self.session.current
        if question is not None and event.option_id is not None:  # every option has its text as id
            self.action_choose(question.options.index(event.option_id))

    def action_next(self) -> None:
        if self.feedback is None:
            return
        self.feedback = None
        self.session.next()
        self._show()

    def action_close(self) -> None:
        self.dismiss()
