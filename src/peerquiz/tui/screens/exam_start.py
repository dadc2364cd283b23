"""Before an exam: the blueprint, readiness per domain, past exams; start, practise or resume."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, SelectionList, Static

from peerquiz.core.clock import Clock, utc_now
from peerquiz.core.decks.library import Library
from peerquiz.core.exams.assembly import exam_pool, format_clock, plan
from peerquiz.core.exams.blueprint import Blueprint
from peerquiz.core.exams.practice import PracticeSession
from peerquiz.core.exams.readiness import HELP as READINESS_HELP
from peerquiz.core.exams.readiness import Readiness
from peerquiz.core.exams.session import ExamSession, current_readiness
from peerquiz.core.store import Store
from peerquiz.core.store.records import Profile
from peerquiz.tui.screens.dialog import Dialog
from peerquiz.tui.screens.exam import ExamScreen
from peerquiz.tui.screens.practice import PracticeScreen
from peerquiz.tui.screens.results import ResultsScreen
from peerquiz.tui.widgets.exam_history import ExamHistory

TIME_HELP = (
    "The exam's clock keeps running if you close the app: reopen it in time to resume with the "
    "time that is left; after the deadline it is graded with the answers you gave."
)


def readiness_table(readiness: Readiness) -> Table:
    table = Table(box=None, padding=(0, 1), show_edge=False)
    for name, justify in (("Domain", "left"), ("Cards", "right"), ("Studied", "right"),
                          ("Questions", "right"), ("Readiness", "right")):  # fmt: skip
        table.add_column(name, justify=justify)
    for d in readiness.domains:
        shown = f"{d.percent:.0f} %" if d.percent is not None else "–"
        table.add_row(Text(d.domain), str(d.cards), str(d.studied), str(d.questions), shown)
    overall = f"{readiness.percent:.0f} %" if readiness.percent is not None else "–"
    table.add_row(Text("Whole exam", "bold"), "", "", "", Text(overall, "bold"))
    return table


class ExamStartScreen(Screen):
    DEFAULT_CSS = """
    ExamStartScreen #start { padding: 1 2; }
    ExamStartScreen .heading { margin-top: 1; text-style: bold underline; }
    ExamStartScreen .help { color: $text-muted; }
    ExamStartScreen #actions { height: auto; margin-top: 1; }
    ExamStartScreen #actions Button { margin-right: 2; }
    ExamStartScreen SelectionList { height: auto; max-height: 8; }
    """
    BINDINGS = [
        Binding("s", "start", "Start exam"),
        Binding("p", "practice", "Practice"),
        Binding("escape,q", "close", "Back"),
    ]

    def __init__(self, store: Store, library: Library, profile: Profile, blueprint: Blueprint,
                 domains: Sequence[str] = (), clock: Clock = utc_now):  # fmt: skip
        super().__init__()
        self.store = store
        self.library = library
        self.profile = profile
        self.blueprint = blueprint
        self.domains = list(domains)  # preselected for practice; none means all
        self.clock = clock
        self._resume_offered = False

    def compose(self) -> ComposeResult:
        bp = self.blueprint
        _, shortfalls = plan(bp, exam_pool(self.library.items, bp))
        with VerticalScroll(id="start"):
            yield Static(Text(bp.name, "bold"))
            yield Static(Text(bp.note, "italic"), id="note")
            yield Static(Text(f"{bp.questions} questions · {bp.minutes} minutes · pass at {bp.pass_percent:g} %"))
            for shortfall in shortfalls:
                yield Static(Text(f"Short of questions — {shortfall}; the exam will be shorter.", "yellow"))
            yield Static(Text(TIME_HELP), classes="help")
            with Horizontal(id="actions"):
                yield Button("Start exam", id="start-exam", variant="primary")
                yield Button("Practice chosen domains", id="start-practice")
            yield Static("Practice domains (space to choose)", classes="heading")
            chosen = {bp.find_domain(d) for d in self.domains}
            yield SelectionList[str](
                *((Text(d.name), d.name, not chosen or d.name in chosen) for d in bp.domains), id="practice-domains"
            )
            yield Static("Readiness", classes="heading")
            yield Static(id="readiness")
            yield Static(Text(READINESS_HELP), classes="help")
            yield Static("Exam history (Enter to review one)", classes="heading")
            yield ExamHistory(id="history")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#start-exam", Button).focus()

    def on_screen_resume(self) -> None:
        """Shown, or back from an exam or practice: readiness and history may have changed."""
        self.refresh_figures()
        # Not while another screen opened at once (practice) is on top: offer it when we show.
        if not self._resume_offered and self.app.screen is self:
            self._resume_offered = True
            self._offer_resume()

    def refresh_figures(self) -> None:
        readiness = current_readiness(self.store, self.library, self.profile, self.blueprint, self.clock())
        self.query_one("#readiness", Static).update(readiness_table(readiness))
        self.query_one(ExamHistory).show(self.store.exams.history(self.profile.id))

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
                self.app.push_screen(ExamScreen(open_exam))

        self.app.push_screen(Dialog(message, [("resume", "Resume"), ("submit", "Submit now")]), chosen)

    def _grade(self, session: ExamSession) -> None:
        session.submit(timed_out=session.expired)
        self.app.push_screen(ResultsScreen(session))

    def action_close(self) -> None:
        self.dismiss()

    def action_start(self) -> None:
        if not any(exam_pool(self.library.items, self.blueprint).values()):
            self.notify("The decks have no multiple-choice or true/false cards in the blueprint's domains.", severity="error")
            return
        self.app.push_screen(ExamScreen(ExamSession.start(self.store, self.library, self.profile, self.blueprint, self.clock)))

    def action_practice(self) -> None:
        domains = self.query_one(SelectionList).selected
        if not domains:
            self.notify("Choose at least one domain to practise.", severity="warning")
            return
        session = PracticeSession(self.store, self.library, self.profile, self.blueprint, domains, self.clock)
        self.app.push_screen(PracticeScreen(session))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_start() if event.button.id == "start-exam" else self.action_practice()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        past = ExamSession.load(self.store, self.library, self.profile, self.blueprint, int(event.row_key.value), self.clock)
        self.app.push_screen(ResultsScreen(past))
