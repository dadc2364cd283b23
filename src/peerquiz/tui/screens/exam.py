"""A timed mock exam: one question at a time, no feedback until it is submitted."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import OptionList, Static

from peerquiz.core.exams.assembly import format_clock
from peerquiz.core.exams.session import ExamSession
from peerquiz.core.study.grading import front
from peerquiz.tui.screens.base import PeerquizScreen
from peerquiz.tui.screens.dialog import Dialog
from peerquiz.tui.screens.navigator import NavigatorScreen
from peerquiz.tui.widgets.answer_options import ANSWER_BINDINGS, LETTERS, AnswerOptions
from peerquiz.tui.widgets.countdown import Countdown
from peerquiz.tui.widgets.key_footer import KeyFooter

TICK_SECONDS = 1.0


MOVE = Binding.Group("Move", compact=True)


class ExamScreen(PeerquizScreen[bool]):
    """Dismisses with True once the exam is submitted (its results come next), False when left open."""

    BINDINGS = [
        *ANSWER_BINDINGS,
        # Next and Prev share one footer entry and Mark is short there (the help screen reads the tooltip), so
        # the footer fits 60 columns.
        Binding("right,n", "move(1)", "Next", group=MOVE),
        Binding("left,p", "move(-1)", "Prev", group=MOVE),
        Binding("m", "mark", "Mark", tooltip="Mark for review"),
        Binding("g", "navigator", "Jump", tooltip="Go to a question"),
        Binding("u", "next_unanswered", "Unanswered"),
        Binding("s", "submit", "Submit"),
        Binding("escape", "leave", "Leave"),
    ]
    FIRST_FOCUS = "AnswerOptions"

    def __init__(self, session: ExamSession):
        super().__init__()
        self.session = session
        self.index = session.unanswered[0] if session.unanswered else 0

    def compose(self) -> ComposeResult:
        with Horizontal(id="exam-header"):
            title = self.session.record.blueprint
            if self.session.record.retake_of:
                title += " — retake of missed questions"
            yield Static(Content(title), id="exam-title")
            yield Countdown(id="countdown")
        with VerticalScroll(id="question"):
            yield Static(id="position")
            yield Static(id="prompt")
            yield AnswerOptions(id="choices")
            yield Static(id="hint")
            yield Static(id="progress")
            yield Static(Content.styled(self.session.blueprint.note, "dim italic"), id="note")
        # Short names and no palette hint: at 80 columns Submit and Leave were cut off the footer.
        yield KeyFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self._show()
        self._tick()
        self.set_interval(TICK_SECONDS, self._tick)

    # -- showing ----------------------------------------------------------

    def _show(self) -> None:
        session, i = self.session, self.index
        question = session.questions[i]
        item = session.item(i)
        flag = "  ⚑ marked for review" if session.marked[i] else ""
        self.query_one("#position", Static).update(
            Content(f"Question {i + 1} of {len(session.questions)} · {question.domain}{flag}")
        )
        prompt = front(item) if item is not None else "(This card is no longer in the decks.)"
        self.query_one("#prompt", Static).update(Content(prompt))
        self.query_one(AnswerOptions).show(question, session.chosen[i])
        last = len(question.options)
        self.query_one("#hint", Static).update(
            f"Answer with 1–{last} or A–{LETTERS[last - 1]} (or Enter); you can change it until you submit."
        )
        answered = len(session.questions) - len(session.unanswered)
        self.query_one("#progress", Static).update(
            f"Answered {answered} of {len(session.questions)} · marked {len(session.marked_indices)}"
        )

    def _tick(self) -> None:
        self.query_one(Countdown).show(self.session.remaining())
        if self.session.expired and not self.session.submitted:
            self._finish(timed_out=True)

    # -- acting -----------------------------------------------------------

    def _choose(self, option: str) -> None:
        if self.session.choose(self.index, option):
            self._show()
        else:
            self._tick()  # time is up: grading follows

    def action_choose(self, number: int) -> None:
        options = self.session.questions[self.index].options
        if number < len(options):
            self._choose(options[number])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_id is not None:  # every option has its text as id
            self._choose(event.option_id)

    def action_move(self, step: int) -> None:
        self.index = max(0, min(len(self.session.questions) - 1, self.index + step))
        self._show()

    def action_mark(self) -> None:
        self.session.toggle_mark(self.index)
        self._show()

    def action_next_unanswered(self) -> None:
        unanswered = self.session.unanswered
        if not unanswered:
            self.notify("Every question is answered.")
            return
        self.index = next((i for i in unanswered if i > self.index), unanswered[0])
        self._show()

    def action_navigator(self) -> None:
        def jump(index: int | None) -> None:
            if index is not None:
                self.index = index
                self._show()

        self.app.push_screen(NavigatorScreen(list(self.session.chosen), list(self.session.marked), self.index), jump)

    def action_submit(self) -> None:
        unanswered = len(self.session.unanswered)
        if not unanswered:
            self._finish(timed_out=False)
            return
        marked = len(self.session.marked_indices)
        message = (
            f"{unanswered} of {len(self.session.questions)} questions are unanswered"
            + (f" and {marked} marked for review" if marked else "")
            + ". Unanswered questions count as wrong. Submit now?"
        )

        def confirmed(answer: str | None) -> None:
            if answer == "submit":
                self._finish(timed_out=False)

        self.app.push_screen(Dialog(message, [("back", "Keep answering"), ("submit", "Submit")]), confirmed)

    def action_leave(self) -> None:
        message = (
            "Leave the exam? Your answers are saved, but the clock keeps running: "
            f"open the exam again within {format_clock(self.session.remaining())} to go on."
        )

        def chosen(answer: str | None) -> None:
            if answer == "leave":
                self.dismiss(False)

        self.app.push_screen(Dialog(message, [("stay", "Stay"), ("leave", "Leave")]), chosen)

    def _finish(self, timed_out: bool) -> None:
        self.session.submit(timed_out=timed_out)
        while self.app.screen is not self:  # a dialog or the navigator may be open when time runs out
            self.app.pop_screen()
        self.dismiss(True)
