"""The class screen: the instructor's report (students, hardest cards) and the item analysis, as tabs.

Both are read in a worker thread: at a few hundred students the report takes seconds. Names,
card locations and options are shown as plain text, never markup.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from peerquiz.core.clock import Clock
from peerquiz.core.decks.library import Library
from peerquiz.core.exams.blueprint import Blueprint
from peerquiz.core.exams.class_report import ClassReport, card_location, class_report
from peerquiz.core.exams.item_analysis import ItemStats, analyse_items
from peerquiz.core.store import Store
from peerquiz.tui.screens.base import PeerquizScreen
from peerquiz.tui.widgets.key_footer import KeyFooter


def _share(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.0f}%"


def _mean(by_domain: dict[str, float | None]) -> float | None:
    known = [v for v in by_domain.values() if v is not None]
    return sum(known) / len(known) if known else None


class ClassScreen(PeerquizScreen[None]):
    BINDINGS = [Binding("escape", "dismiss", "Back"), Binding("r", "reload", "Refresh")]
    HELP_TITLE = "Class"
    HELP_NOTES = (
        (
            "Students: last answer, reviews in 7 days, streak, mean readiness over the exam's domains, the same "
            "predicted on the student's exam date if the plan is followed (when one is set), mock exam "
            "scores (%). Cards: the lowest class-wide retention first. Items: p = share right, r = point-biserial "
            "with the rest score; a flag names what to check."
        ),
    )
    FIRST_FOCUS = "#students"

    def __init__(self, store: Store, library: Library, blueprint: Blueprint, clock: Clock):
        super().__init__()
        self.store, self.library, self.blueprint, self.clock = store, library, blueprint, clock

    def compose(self) -> ComposeResult:
        yield Static(Content("Class · reading…"), id="class-title")
        with TabbedContent():
            with TabPane("Students", id="students-tab"):
                yield DataTable(id="students", cursor_type="row")
            with TabPane("Hardest cards", id="cards-tab"):
                yield DataTable(id="hardest", cursor_type="row")
            with TabPane("Items", id="items-tab"):
                yield DataTable(id="items", cursor_type="row")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#students", DataTable).add_columns(
            "student", "last active", "7 days", "streak", "ready", "exam day", "exams %"
        )
        self.query_one("#hardest", DataTable).add_columns("retention", "reviews", "lapses", "card")
        self.query_one("#items", DataTable).add_columns("where", "n", "p", "r", "flags")
        self.action_reload()

    def action_reload(self) -> None:
        self._read()

    @work(thread=True, exclusive=True)
    def _read(self) -> None:
        report = class_report(self.store, self.library, self.blueprint, self.clock())
        classwide = self.store.classwide
        items = analyse_items(classwide.exam_responses(), classwide.exam_scores(), card_location(self.library))
        self.app.call_from_thread(self._show, report, items)

    def _show(self, report: ClassReport, items: list[ItemStats]) -> None:
        flagged = sum(bool(i.flags) for i in items)
        self.query_one("#class-title", Static).update(Content(
            f"Class · {len(report.students)} students · {len(report.cards)} cards studied · "
            f"{len(items)} exam questions, {flagged} flagged"
        ))  # fmt: skip
        students = self.query_one("#students", DataTable)
        students.clear()
        for s in report.students:
            last = s.last_active.strftime("%Y-%m-%d %H:%M") if s.last_active else "never"
            exam_day = f"{s.exam_date.isoformat()} {_share(_mean(s.exam_day))}" if s.exam_date else "-"
            scores = " ".join(f"{x:.0f}" for x in s.exam_scores) or "-"
            students.add_row(Content(s.name), last, str(s.reviews_7d), str(s.streak), _share(_mean(s.readiness)), exam_day, scores)
        hardest = self.query_one("#hardest", DataTable)
        hardest.clear()
        for c in report.hardest:
            hardest.add_row(_share(c.retention), str(c.reviews), str(c.lapses), Content(c.where))
        table = self.query_one("#items", DataTable)
        table.clear()
        for i in items:
            r = "-" if i.discrimination is None else f"{i.discrimination:+.2f}"
            table.add_row(Content(i.where), str(i.answered), f"{i.p_value:.2f}", r, Content("; ".join(i.flags) or "ok"))
