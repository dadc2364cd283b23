"""Before an exam: the blueprint, readiness per domain, past exams; start, practise or resume."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Literal, TypeVar

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, DataTable, Select, Static

from peerquiz.core.exams.assembly import NO_EXAM_ITEMS, Shortfall, exam_item_pool, format_clock, plan
from peerquiz.core.exams.blueprint import Blueprint
from peerquiz.core.exams.forms import FORM_COUNT
from peerquiz.core.exams.practice import PracticeSession
from peerquiz.core.exams.readiness import HELP as READINESS_HELP
from peerquiz.core.exams.readiness import Readiness
from peerquiz.core.exams.session import ExamSession, current_readiness
from peerquiz.tui.background import PROGRESS_AFTER, read_off_ui_thread
from peerquiz.tui.context import StudyContext
from peerquiz.tui.screens.base import PeerquizScreen
from peerquiz.tui.screens.dialog import Dialog
from peerquiz.tui.screens.exam_flow import show_results, take_exam
from peerquiz.tui.screens.practice import PracticeScreen
from peerquiz.tui.widgets.check_list import CheckList
from peerquiz.tui.widgets.exam_history import ExamHistory
from peerquiz.tui.widgets.key_footer import KeyFooter

Drawn = TypeVar("Drawn")  # an exam or a practice round
RANDOM_DRAW = 0  # the form selector's value for a fresh random exam
TIME_HELP = (
    "The exam's clock keeps running if you close the app: reopen it in time to resume with the "
    "time that is left; after the deadline it is graded with the answers you gave."
)


# A Rich Table, not Content: Content has no tables, and this one lines up its columns.
def _percent(value: float | None) -> str:
    return f"{value:.0f} %" if value is not None else "–"


def readiness_table(readiness: Readiness, exam_day: Readiness | None = None) -> Table:
    """Readiness per domain; with an exam plan, also as predicted for the exam day (docs/exams.md)."""
    table = Table(box=None, padding=(0, 1), show_edge=False)
    columns: list[tuple[str, Literal["left", "right"]]] = [
        ("Domain", "left"), ("Cards", "right"), ("Studied", "right"), ("Questions", "right"), ("Readiness", "right"),
    ]  # fmt: skip
    if exam_day is not None:
        columns.append(("Exam day", "right"))
    for name, justify in columns:
        table.add_column(name, justify=justify)
    predicted = {d.domain: d.percent for d in exam_day.domains} if exam_day is not None else {}
    for d in readiness.domains:
        later = [_percent(predicted.get(d.domain))] if exam_day is not None else []
        table.add_row(Text(d.domain), str(d.cards), str(d.studied), str(d.questions), _percent(d.percent), *later)
    overall = [Text(_percent(r.percent), "bold") for r in (readiness, exam_day) if r is not None]
    table.add_row(Text("Whole exam", "bold"), "", "", "", *overall)
    return table


class ExamStartScreen(PeerquizScreen[None]):
    BINDINGS = [
        Binding("s", "start", "Start exam"),
        Binding("p", "practice", "Practice"),
        Binding("escape,q", "close", "Back"),
    ]
    FIRST_FOCUS = "#start-exam"

    def __init__(self, context: StudyContext, blueprint: Blueprint, domains: Sequence[str] = (),
                 form: int | None = None):  # fmt: skip
        super().__init__()
        self.form = form  # preselected practice form; None draws at random
        self.store = context.store
        self.library = context.library
        self.profile = context.profile
        self.clock = context.clock
        self.blueprint = blueprint
        self.domains = list(domains)  # preselected for practice; none means all
        self._resume_offered = False
        self._reading_readiness = False  # the readiness is being read (refresh_figures)
        self._drawing = ""  # what is being drawn (an exam, practice questions), until it shows

    def compose(self) -> ComposeResult:
        bp = self.blueprint
        with VerticalScroll(id="start"):
            yield Static(Content.styled(bp.name, "bold"))
            yield Static(Content.styled(bp.note, "italic"), id="note")
            yield Static(Content(f"{bp.questions} questions · {bp.minutes} minutes · practice pass mark {bp.pass_percent:g} %"))
            if bp.scoring_note:
                yield Static(Content(bp.scoring_note), classes="help", id="scoring")
            yield Static(id="shortfalls")  # filled in with the readiness: both need every exam card's id
            yield Static(Content(TIME_HELP), classes="help")
            yield Select(
                [("Random draw from every exam question", RANDOM_DRAW)]
                + [(f"Practice form {n} (fixed questions, none shared with other forms)", n) for n in range(1, FORM_COUNT + 1)],
                value=self.form or RANDOM_DRAW,
                allow_blank=False,
                id="form",
            )
            with Horizontal(id="actions"):
                yield Button("Start exam", id="start-exam", variant="primary")
                yield Button("Practice chosen domains", id="start-practice")
            yield Static("Practice domains (space to choose)", classes="heading")
            chosen = {bp.find_domain(d) for d in self.domains}
            yield CheckList(
                *((Content(d.name), d.name, not chosen or d.name in chosen) for d in bp.domains), id="practice-domains"
            )
            yield Static("Readiness", classes="heading")
            yield Static(id="readiness")
            yield Static(Content(READINESS_HELP), classes="help")
            yield Static("Exam history (Enter to review one)", classes="heading")
            yield ExamHistory(id="history")
        yield KeyFooter()

    def on_screen_resume(self) -> None:
        """Shown, or back from an exam or practice: readiness and history may have changed.

        Not while another screen is on top (practice opened at once, results following an exam): then when it closes.
        """
        if self.app.screen is not self:
            return
        self.refresh_figures()
        if not self._resume_offered:
            self._resume_offered = True
            self._offer_resume()

    def refresh_figures(self) -> None:
        """The history at once; the readiness reads every card's memory, off the UI thread (1 s at 50k cards).

        The shortfalls come with it: they need the id of every exam card, which the readiness reads anyway.
        """
        self.query_one(ExamHistory).show(self.store.exams.history(self.profile.id))
        self._reading_readiness = True
        self.query_one("#readiness", Static).update("…")
        self.set_timer(PROGRESS_AFTER, self._show_progress)
        read_off_ui_thread(self, self.store, self._figures, self._show_figures, "exam-readiness")

    def _figures(self) -> tuple[list[Shortfall], Readiness, Readiness | None]:
        from peerquiz.core.exams.exam_day import exam_day_readiness

        _, shortfalls = plan(self.blueprint, exam_item_pool(self.library.exam_cards(), self.blueprint))
        readiness = current_readiness(self.store, self.library, self.profile, self.blueprint, self.clock())
        return shortfalls, readiness, exam_day_readiness(self.store, self.library, self.profile, self.blueprint, self.clock())

    def _show_progress(self) -> None:
        if self._reading_readiness:
            self.query_one("#readiness", Static).update("Reading your memory of every exam card…")

    def _show_figures(self, figures: tuple[list[Shortfall], Readiness, Readiness | None]) -> None:
        shortfalls, readiness, exam_day = figures
        self._reading_readiness = False
        warnings = [f"Short of questions — {shortfall}; the exam will be shorter." for shortfall in shortfalls]
        shown = self.query_one("#shortfalls", Static)
        shown.display = bool(warnings)
        shown.update(Content("\n").join(Content.styled(warning, "$text-warning") for warning in warnings))
        self.query_one("#readiness", Static).update(readiness_table(readiness, exam_day))

    def _offer_resume(self) -> None:
        open_exam = ExamSession.unfinished(self.store, self.library, self.profile, self.blueprint, self.clock)
        if open_exam is None:
            return
        started = open_exam.record.started_at.astimezone().strftime("%Y-%m-%d %H:%M")
        answered = len(open_exam.questions) - len(open_exam.unanswered)
        if open_exam.expired:
            message = (f"The exam you started {started} ran out of time while the app was closed. "
                       f"It is graded with the {answered} answers you gave.")  # fmt: skip
            self.app.push_screen(Dialog(message, [("results", "See results")]), lambda _: self._grade(open_exam))
            return
        message = (f"The exam you started {started} is still open: {answered} of {len(open_exam.questions)} "
                   f"answered, {format_clock(open_exam.remaining())} left (the clock kept running).")  # fmt: skip

        def chosen(answer: str | None) -> None:
            if answer == "submit":
                self._grade(open_exam)
            else:  # Resume is also what Escape does: nothing is lost either way
                take_exam(self.app, open_exam)

        self.app.push_screen(Dialog(message, [("resume", "Resume"), ("submit", "Submit now")]), chosen)

    def _grade(self, session: ExamSession) -> None:
        session.submit(timed_out=session.expired)
        show_results(self.app, session)

    def action_close(self) -> None:
        self.dismiss()

    @on(Button.Pressed, "#start-exam")
    def action_start(self) -> None:
        chosen = self.query_one("#form", Select).value
        form = chosen if isinstance(chosen, int) and chosen != RANDOM_DRAW else None
        store, library, profile, blueprint, clock = self.store, self.library, self.profile, self.blueprint, self.clock

        def draw() -> ExamSession | None:
            if not any(exam_item_pool(library.exam_cards(), blueprint).values()):
                return None
            return ExamSession.start(store, library, profile, blueprint, clock, form=form)

        self._draw("the exam", draw, self._take)

    def _take(self, exam: ExamSession | None) -> None:
        if exam is None:
            self.notify(f"{NO_EXAM_ITEMS[0].upper()}{NO_EXAM_ITEMS[1:]}.", severity="error")
        else:
            take_exam(self.app, exam)

    @on(Button.Pressed, "#start-practice")
    def action_practice(self) -> None:
        domains = self.query_one(CheckList).selected
        if not domains:
            self.notify("Choose at least one domain to practise.", severity="warning")
            return
        store, library, profile, blueprint, clock = self.store, self.library, self.profile, self.blueprint, self.clock
        self._draw("practice questions", lambda: PracticeSession(store, library, profile, blueprint, domains, clock),
                   lambda session: self.app.push_screen(PracticeScreen(session)))  # fmt: skip

    def _draw(self, what: str, draw: Callable[[], Drawn], begin: Callable[[Drawn], object]) -> None:
        """Draw off the UI thread: it loads every deck that holds exam items, seconds on a large collection.

        An exam is stored as it is drawn, so a second press while drawing is ignored rather than draw another.
        """
        if self._drawing:
            return
        self._drawing = what

        def drawn(session: Drawn) -> None:
            self._drawing = ""
            begin(session)

        self.set_timer(PROGRESS_AFTER, self._show_drawing)
        read_off_ui_thread(self, self.store, draw, drawn, "exam-draw")

    def _show_drawing(self) -> None:
        if self._drawing:
            self.notify(f"Drawing {self._drawing}…")

    @on(DataTable.RowSelected, "#history")
    def _open_past(self, event: DataTable.RowSelected) -> None:
        attempt_id = ExamHistory.attempt_id(event)
        show_results(self.app, ExamSession.load(self.store, self.library, self.profile, self.blueprint, attempt_id, self.clock))
