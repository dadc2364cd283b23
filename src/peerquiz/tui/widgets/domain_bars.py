"""Per-domain scores as bars, optionally beside the readiness predicted for each domain."""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from peerquiz.core.exams.assembly import DomainScore
from peerquiz.core.exams.readiness import Readiness

BAR_WIDTH = 20
MIN_BAR_WIDTH = 5


# Rich, not Content: the bars sit in a Rich Table, which lines up the columns; Content has no tables.
def bar(fraction: float, width: int, colour: str) -> Text:
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return Text.assemble(("█" * filled, colour), ("░" * (width - filled), "dim"))


@dataclass(frozen=True)
class FittedBar:
    """A bar as wide as its column allows, up to BAR_WIDTH: on a narrow screen it shrinks rather than push figures off."""

    fraction: float
    colour: str  # of the filled part: the theme's success text colour, which stays light under NO_COLOR

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(MIN_BAR_WIDTH, BAR_WIDTH)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield bar(self.fraction, max(MIN_BAR_WIDTH, min(BAR_WIDTH, options.max_width)), self.colour)


def domain_table(scores: list[DomainScore], readiness: Readiness | None, colour: str) -> Table:
    # When the table is too wide Rich narrows only wrappable columns: the bar, so names and figures stay whole.
    table = Table(box=None, padding=(0, 1), show_edge=False)
    table.add_column("Domain", no_wrap=True)
    table.add_column("Score")
    table.add_column("Right", justify="right", no_wrap=True)
    predicted = {d.domain: d for d in readiness.domains} if readiness else {}
    if readiness is not None:
        table.add_column("Readiness", justify="right", no_wrap=True)
    for score in scores:
        row: list[str | Text | FittedBar] = [Text(score.domain), FittedBar(score.percent / 100, colour),
                                                 f"{score.correct}/{score.total} {score.percent:.0f} %"]  # fmt: skip
        if readiness is not None:
            guess = predicted.get(score.domain)
            row.append(f"{guess.percent:.0f} %" if guess and guess.percent is not None else "–")
        table.add_row(*row)
    return table


class DomainBars(Static):
    DEFAULT_CSS = "DomainBars { height: auto; }"

    def show(self, scores: list[DomainScore], readiness: Readiness | None = None) -> None:
        self.update(domain_table(scores, readiness, self.app.theme_variables["text-success"]))
