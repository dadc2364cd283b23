"""An exam's results: score, pass/fail, domains beside readiness, then every question reviewed."""

from __future__ import annotations

import asyncio

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Static

from peerquiz.core.decks.model import Item
from peerquiz.core.exams.assembly import format_clock
from peerquiz.core.exams.readiness import HELP as READINESS_HELP
from peerquiz.core.exams.session import ExamResult, ExamSession
from peerquiz.core.study.grading import front
from peerquiz.tui.background import PROGRESS_AFTER, read_off_ui_thread
from peerquiz.tui.exam_marks import FAILED, PASSED, RIGHT, UNANSWERED, WRONG
from peerquiz.tui.screens.base import PeerquizScreen
from peerquiz.tui.widgets.domain_bars import DomainBars
from peerquiz.tui.widgets.exam_history import ExamHistory
from peerquiz.tui.widgets.key_footer import KeyFooter

SRS_HELP = (
    "Spaced repetition: every question you got wrong is now in your study queue (rated Again). "
    "A right answer counts as Good only on a card you had studied and that was due; on a new card "
    "or one not yet due it is logged and changes nothing, since a pick among options may be a guess. "
    "Unanswered questions count as wrong here but are not sent to spaced repetition."
)
REVIEWS_A_FRAME = 8  # questions reviewed are mounted (then filled in) this many at a time, a frame apart


def verdict_line(result: ExamResult) -> Content:
    score = result.score
    verdict = Content.styled(" PASS ", PASSED) if score.passed else Content.styled(" FAIL ", FAILED)
    return Content.assemble(
        verdict,
        f"  {score.correct} of {score.total} right ({score.percent:.1f} %) · practice pass mark {score.pass_percent:g} %",
    )


def time_line(result: ExamResult) -> Content:
    line = Content(f"Time used {format_clock(result.time_used)} of {format_clock(result.time_allowed)}")
    if result.timed_out:
        line = Content.assemble(line, (" · time ran out: the exam was submitted with the answers given", "bold"))
    return line


def readiness_line(result: ExamResult) -> Content | None:
    predicted = result.predicted
    if predicted is None or predicted.percent is None:
        return None
    return Content(
        f"Readiness when you started: {predicted.percent:.0f} % expected · this exam: {result.score.percent:.0f} %"
    )


class ResultsScreen(PeerquizScreen[ExamSession | None]):
    """Dismisses with the retake of the missed questions when one is asked for, else None."""

    BINDINGS = [
        Binding("r", "retake", "Retake missed only"),
        Binding("escape,q", "close", "Close"),
    ]
    # In ? help rather than on the page: a paragraph there pushed the review of questions a page down.
    HELP_NOTES = (READINESS_HELP,)

    def __init__(self, session: ExamSession):
        super().__init__()
        if session.result is None:
            raise ValueError("the exam has not been submitted")
        self.session = session
        self.result: ExamResult = session.result
        self._reading = False  # the questions' cards are being read (on_mount)
        self._items: list[Item | None] | None = None  # the questions' cards, once read
        self._placeholders: list[int] = []  # the reviews shown with "…" for the question, to fill in once read
        self._revealing = False  # the worker showing the reviews is running

    def compose(self) -> ComposeResult:
        result = self.result
        missed = len(result.missed)
        with VerticalScroll(id="results"):
            yield Static(Content.styled(f"{result.blueprint} — results", "bold"))
            yield Static(verdict_line(result), id="verdict")
            if self.session.blueprint.scoring_note:
                yield Static(Content(self.session.blueprint.scoring_note), classes="help", id="scoring")
            yield Static(time_line(result), id="time")
            if result.note:
                yield Static(Content(f"Note: {result.note}"), id="shortfall")
            yield Static(Content.styled(self.session.blueprint.note, "dim italic"), id="note")
            yield DomainBars(id="domains")
            line = readiness_line(result)
            if line is not None:
                yield Static(line, id="readiness")
                yield Static(Content("? explains how readiness is worked out."), classes="help")
            yield Static(Content(SRS_HELP), classes="help")
            with Horizontal(id="actions"):
                yield Button(f"Retake missed only ({missed})", id="retake", variant="primary", disabled=not missed)
                yield Button("Close", id="close")
            yield Static("Review", classes="heading", id="review-heading")
            # Mounted a few at a time once the screen is up (_reveal): as many text widgets at once, styled,
            # wrapped and laid out together, held the UI thread for 0.15 s; so did filling them all in at once.
            yield Vertical(id="reviews")
            yield Static("Exam history", classes="heading")
            yield ExamHistory(id="history")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(DomainBars).show(self.result.score.domains, self.result.predicted)
        self.query_one(ExamHistory).show(self.session.store.exams.history(self.session.profile.id))
        # A past attempt's questions come from decks not loaded yet, a deck each: seconds on a large collection.
        self._reading = True
        self.set_timer(PROGRESS_AFTER, self._show_progress)
        questions, items = self.result.questions, self.session.library.items
        self._reveal_soon()
        read_off_ui_thread(self, self.session.store, lambda: [items.get(q.card_id) for q in questions],
                           self._show_reviews, "results-cards")  # fmt: skip

    def _show_progress(self) -> None:
        if self._reading:
            self.query_one("#review-heading", Static).update("Review · reading the questions from the decks…")

    def _show_reviews(self, items: list[Item | None]) -> None:
        self._reading = False
        self._items = items
        self.query_one("#review-heading", Static).update("Review")
        self._reveal_soon()

    def _reveal_soon(self) -> None:
        """Go on showing the reviews; a worker, so that whoever waits for the screen's work waits for this too."""
        if not self._revealing:
            self._revealing = True
            self.run_worker(self._reveal(), group="results-reveal")

    async def _reveal(self) -> None:
        """A few reviews a frame: mount those not shown yet, then fill in those shown before their cards were read."""
        reviews, count = self.query_one("#reviews", Vertical), len(self.result.questions)
        while True:
            items, shown = self._items, len(reviews.children)
            if shown < count:
                new = range(shown, min(shown + REVIEWS_A_FRAME, count))
                if items is None:
                    self._placeholders.extend(new)
                await reviews.mount_all(Static(self._review(i, items), classes="review", id=f"review-{i}") for i in new)
            elif items is not None and self._placeholders:
                filled, self._placeholders = self._placeholders[:REVIEWS_A_FRAME], self._placeholders[REVIEWS_A_FRAME:]
                for i in filled:
                    reviews.query_one(f"#review-{i}", Static).update(self._review(i, items))
            else:
                self._revealing = False
                return
            drawn = asyncio.Event()
            self.call_after_refresh(drawn.set)
            await drawn.wait()

    def _review(self, index: int, items: list[Item | None] | None) -> Content:
        """A question reviewed; ``items`` (the questions' cards) is None while they are read, "…" standing for their text."""
        question, chosen = self.result.questions[index], self.result.chosen[index]
        item = items[index] if items is not None else None
        if chosen is None:
            mark = Content.styled("— unanswered", UNANSWERED)
        elif question.is_right(chosen):
            mark = Content.styled("✓ right", RIGHT)
        else:
            mark = Content.styled("✗ wrong", WRONG)
        lines = [
            Content.assemble((f"{index + 1}. ", "bold"), (question.domain, "dim"), "  ", mark),
            Content("…" if items is None else front(item) if item else "(This card is no longer in the decks.)"),
            Content.assemble(("Your answer: ", "bold"), chosen if chosen is not None else "(none)"),
            Content.assemble(("Right answer: ", "bold"), question.answer),
        ]
        if item is not None:
            lines.append(Content.assemble(("Why: ", "bold"), item.card.explanation))
            lines.append(Content.assemble(("Source: ", "bold"), (item.card.source, "italic")))
        return Content("\n").join(lines)

    @on(ExamHistory.RowSelected)
    def _open_past(self, event: ExamHistory.RowSelected) -> None:
        """Open a past attempt's results from the history; a retake chosen there is taken from here."""
        event.stop()
        attempt_id = ExamHistory.attempt_id(event)
        if attempt_id == self.result.attempt_id:
            return
        session = self.session
        past = ExamSession.load(session.store, session.library, session.profile, session.blueprint, attempt_id, session.clock)
        self.app.push_screen(ResultsScreen(past), self._retake_chosen_there)

    def _retake_chosen_there(self, retake: ExamSession | None) -> None:
        if retake is not None:
            self.dismiss(retake)

    @on(Button.Pressed, "#retake")
    def action_retake(self) -> None:
        retake = self.session.retake_missed()
        if retake is None:
            self.notify("Nothing to retake: every question was right.")
            return
        self.dismiss(retake)

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)
