"""Per-domain scores as bars, optionally beside the readiness predicted for each domain."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from peerquiz.core.exams.assembly import DomainScore
from peerquiz.core.exams.readiness import Readiness

BAR_WIDTH = 20


# Rich, not Content: the bars sit in a Rich Table, which lines up the columns; Content has no tables.
def bar(fraction: float, width: int = BAR_WIDTH) -> Text:
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return Text.assemble(("█" * filled, "green"), ("░" * (width - filled), "dim"))


def domain_table(scores: list[DomainScore], readiness: Readiness | None = None) -> Table:
    table = Table(box=None, padding=(0, 1), show_edge=False)
    table.add_column("Domain")
    table.add_column("Score", no_wrap=True)
    table.add_column("Right", justify="right")
    table.add_column("%", justify="right")
    predicted = {d.domain: d for d in readiness.domains} if readiness else {}
    if readiness is not None:
        table.add_column("Readiness", justify="right")
    for score in scores:
        row: list[str | Text] = [Text(score.domain), bar(score.percent / 100), f"{score.correct}/{score.total}",
                                 f"{score.percent:.0f} %"]  # fmt: skip
        if readiness is not None:
            guess = predicted.get(score.domain)
            row.append(f"{guess.percent:.0f} %" if guess and guess.percent is not None else "–")
        table.add_row(*row)
    return table


class DomainBars(Static):
    DEFAULT_CSS = "DomainBars { height: auto; }"

    def show(self, scores: list[DomainScore], readiness: Readiness | None = None) -> None:
        self.update(domain_table(scores, readiness))
