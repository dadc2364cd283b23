"""The class screen: the instructor's report (students, hardest cards) and the item analysis, as tabs.

Both are read in a worker thread: at a few hundred students the report takes seconds. Names,
card locations and options are shown as plain text, never markup.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from peerquiz.core.clock import Clock
from peerquiz.core.decks.library import Library
from peerquiz.core.exams.blueprint import Blueprint
from peerquiz.core.exams.class_report import ClassReport, StudentRow, card_location, class_report
from peerquiz.core.exams.item_analysis import ItemStats, analyse_items
from peerquiz.core.store import Store
from peerquiz.tui.screens.base import PeerquizScreen
from peerquiz.tui.widgets.key_footer import KeyFooter


def _share(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.0f}%"


def _mean(by_domain: dict[str, float | None]) -> float | None:
    known = [v for v in by_domain.values() if v is not None]
    return sum(known) / len(known) if known else None


_STUDENT_COLUMNS = ("student", "last active", "7 days", "streak", "ready", "exam day", "exams %")
_CARD_COLUMNS = ("retention", "reviews", "lapses", "card")
_ITEM_COLUMNS = ("where", "n", "p", "r", "flags")


def _student_row(s: StudentRow) -> list[str | Content]:
    last = s.last_active.strftime("%Y-%m-%d %H:%M") if s.last_active else "never"
    exam_day = f"{s.exam_date.isoformat()} {_share(_mean(s.exam_day))}" if s.exam_date else "-"
    scores = " ".join(f"{x:.0f}" for x in s.exam_scores) or "-"
    return [Content(s.name), last, str(s.reviews_7d), str(s.streak), _share(_mean(s.readiness)), exam_day, scores]


def _item_row(i: ItemStats) -> list[str | Content]:
    r = "-" if i.discrimination is None else f"{i.discrimination:+.2f}"
    return [Content(i.where), str(i.answered), f"{i.p_value:.2f}", r, Content("; ".join(i.flags) or "ok")]


def _fill(table: DataTable[str | Content], labels: Sequence[str], rows: Sequence[Sequence[str | Content]]) -> None:
    """Put these rows in the table, its columns sized for them before the rows go in.

    A table that widens its columns as it measures new rows may be drawn before it measures them,
    and Textual then keeps its header at the old widths over the wider rows: so no column widens.
    """
    table.clear(columns=True)
    for index, label in enumerate(labels):
        widths = (cell.cell_length if isinstance(cell, Content) else Content(cell).cell_length for cell in (row[index] for row in rows))
        table.add_column(label, width=max([Content(label).cell_length, *widths]))
    table.add_rows(rows)


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
        for selector, labels in (("#students", _STUDENT_COLUMNS), ("#hardest", _CARD_COLUMNS), ("#items", _ITEM_COLUMNS)):
            _fill(self.query_one(selector, DataTable), labels, [])
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
        _fill(self.query_one("#students", DataTable), _STUDENT_COLUMNS, [_student_row(s) for s in report.students])
        _fill(self.query_one("#hardest", DataTable), _CARD_COLUMNS, [
            [_share(c.retention), str(c.reviews), str(c.lapses), Content(c.where)] for c in report.hardest
        ])  # fmt: skip
        _fill(self.query_one("#items", DataTable), _ITEM_COLUMNS, [_item_row(i) for i in items])
