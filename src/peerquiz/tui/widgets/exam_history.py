"""The list of past exams: when, score, pass or fail. Selecting a row posts its attempt id."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from peerquiz.core.store.exam_records import AttemptSummary


# Cells are Rich Text, not Content: a DataTable measures and aligns Rich renderables only.
class ExamHistory(DataTable[str | Text]):
    DEFAULT_CSS = "ExamHistory { height: auto; max-height: 12; }"

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.add_columns("Date", "Exam", "Score", "Result")

    def show(self, attempts: list[AttemptSummary]) -> None:
        # The theme's text colours: plain red "fail" was a dark grey on a dark grey under NO_COLOR.
        theme = self.app.theme_variables
        self.clear()
        for attempt in attempts:
            when = attempt.started_at.astimezone().strftime("%Y-%m-%d %H:%M")
            name = Text(attempt.blueprint + (" (retake)" if attempt.retake_of else ""))
            score = f"{attempt.correct}/{attempt.total} ({attempt.percent:.0f} %)"
            verdict = Text("pass", f"bold {theme['text-success']}") if attempt.passed else Text("fail", f"bold {theme['text-error']}")
            if attempt.timed_out:
                verdict.append(" · time ran out", "dim")
            self.add_row(when, name, score, verdict, key=str(attempt.id))

    @staticmethod
    def attempt_id(event: DataTable.RowSelected) -> int:
        """The attempt of the row selected."""
        key = event.row_key.value
        assert key is not None  # every row is added with its attempt's id as key
        return int(key)
