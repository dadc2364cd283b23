"""The statistics screen: figures, charts, parameter fitting and a workload preview.

Import this module only when the screen opens: it is not needed to start the
app, and the optimizer (fsrs-rs-python) is imported only when it is used.
All text from decks and profiles goes into Content built from plain text, never markup.
Queries and fitting run in worker threads so a long history never blocks the UI.
"""

from __future__ import annotations

from datetime import tzinfo

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import (
    Button,
    Input,
    Select,
    Sparkline,
    Static,
    TabbedContent,
    TabPane,
)

from peerquiz.core.stats.report import (
    activity_caption,
    forecast_caption,
    heatmap_rows,
    leech_lines,
    mastery_lines,
    percent,
    retention_lines,
    summary_lines,
    title_line,
)
from peerquiz.core.stats.statistics import Stats, compute_stats
from peerquiz.core.store.card_filter import CardFilter
from peerquiz.tui.background import read_off_ui_thread
from peerquiz.tui.context import StudyContext
from peerquiz.tui.screens.base import PeerquizScreen
from peerquiz.tui.widgets.charts import BarChart
from peerquiz.tui.widgets.key_footer import KeyFooter


def _text(lines: list[str] | str) -> Content:
    """Plain text, never markup. The figures are cut at the edge rather than wrapped (see app.tcss)."""
    return Content(lines if isinstance(lines, str) else "\n".join(lines))


class StatsScreen(PeerquizScreen[None]):
    BINDINGS = [
        Binding("escape", "dismiss", "Back"),
        Binding("r", "reload", "Refresh"),
    ]

    def __init__(self, context: StudyContext, zone: tzinfo | None = None):
        super().__init__()
        self.store = context.store
        self.library = context.library
        self.profile = context.profile
        self.clock = context.clock
        self.zone = zone
        self.stats: Stats | None = None
        self.previewed: float | None = None  # the retention whose workload is on screen

    def compose(self) -> ComposeResult:
        yield Static(id="title")
        with Horizontal(id="filters"):
            yield Select([(Content(d.title), d.id) for d in self.library.headers], prompt="All decks", id="deck")
            yield Select([(Content(name), name) for name in self.library.domains], prompt="All domains", id="domain")
        with TabbedContent():
            with TabPane("Overview", id="overview"):
                yield Static(id="summary")
                yield Static(id="retention", classes="caption")
            # The other tabs' widgets are made when a tab is first opened (_open_tab): styling and laying out
            # every tab's as the screen opened held the UI thread for 0.1 s at 200k cards.
            yield TabPane("Activity", id="activity")
            yield TabPane("Forecast", id="forecast-tab")
            yield TabPane("Domains", id="domains")
            yield TabPane("Optimize", id="optimize")
        yield KeyFooter()

    @staticmethod
    def _tab_widgets(tab: str) -> list[Widget]:
        if tab == "activity":
            return [Static(id="per-day-caption"), BarChart(id="per-day"),
                    Static("activity, last year (denser = more answers: ░ ▒ ▓ █)", classes="caption"),
                    Static(id="heatmap")]  # fmt: skip
        if tab == "forecast-tab":
            return [Static(id="forecast-caption"), BarChart(id="forecast")]
        if tab == "domains":
            return [VerticalScroll(Static(id="mastery"), Static(id="leeches", classes="caption"))]
        return [VerticalScroll(
            Button("Fit parameters to my answers", id="fit"),
            Static(id="fit-result"),
            Horizontal(Static("Desired retention", id="retention-label"), Input(placeholder="0.90", id="retention-input", max_length=5),
                       Button("Preview workload", id="preview"), Button("Save retention", id="save-retention", disabled=True),
                       id="retention-row"),
            Static(id="workload-result"),
            Sparkline([], id="workload"),
        )]  # fmt: skip

    @on(TabbedContent.TabActivated)
    async def _open_tab(self, event: TabbedContent.TabActivated) -> None:
        pane = event.pane
        if pane.children or pane.id is None:
            return
        await pane.mount_all(self._tab_widgets(pane.id))
        if self.stats is not None:
            self._fill(pane.id, self.stats)

    def on_mount(self) -> None:
        self.action_reload()

    # -- figures ----------------------------------------------------------

    def _filter(self) -> CardFilter:
        deck: str | None = self.query_one("#deck", Select).selection
        domain: str | None = self.query_one("#domain", Select).selection
        return CardFilter(deck_ids=(deck,) if deck else (), domains=(domain,) if domain else ())

    def action_reload(self) -> None:
        card_filter, now = self._filter(), self.clock()
        read_off_ui_thread(self, self.store, lambda: compute_stats(self.store, self.profile, card_filter, now=now, zone=self.zone),
                           lambda stats: self._show(stats, card_filter), "stats")  # fmt: skip

    def on_select_changed(self, _event: Select.Changed) -> None:
        self.action_reload()

    def _show(self, stats: Stats, card_filter: CardFilter) -> None:
        self.stats = stats
        deck = card_filter.deck_ids[0] if card_filter.deck_ids else None
        domain = card_filter.domains[0] if card_filter.domains else None
        self.query_one("#title", Static).update(_text(title_line(stats, deck, domain)))
        for pane in self.query(TabPane):
            if pane.children and pane.id is not None:
                self._fill(pane.id, stats)

    def _fill(self, tab: str, stats: Stats) -> None:
        """A tab's figures, once its widgets are there."""
        if tab == "overview":
            self.query_one("#summary", Static).update(_text(summary_lines(stats)))
            self.query_one("#retention", Static).update(_text(retention_lines(stats)))
        elif tab == "activity":
            days = stats.reviews_per_day
            self.query_one("#per-day-caption", Static).update(_text(activity_caption(stats)))
            self.query_one("#per-day", BarChart).plot([d.count for d in days], f"{days[0].day:%b %d}", "today")
            self.query_one("#heatmap", Static).update(_text(heatmap_rows(stats)))
        elif tab == "forecast-tab":
            self.query_one("#forecast-caption", Static).update(_text(forecast_caption(stats)))
            self.query_one("#forecast", BarChart).plot([d.count for d in stats.forecast], "today",
                                                       f"{stats.forecast[-1].day:%b %d}")  # fmt: skip
        elif tab == "domains":
            self.query_one("#mastery", Static).update(_text(mastery_lines(stats)))
            self.query_one("#leeches", Static).update(_text(leech_lines(stats)))
        else:
            retention = self.query_one("#retention-input", Input)
            if not retention.value:
                retention.value = f"{stats.desired_retention:.2f}"

    # -- optimizing ---------------------------------------------------------

    @on(Button.Pressed, "#fit")
    def _fit_pressed(self) -> None:
        self.query_one("#fit-result", Static).update("fitting…")
        self._fit()

    @on(Button.Pressed, "#preview")
    @on(Input.Submitted)
    def _preview_requested(self) -> None:
        text = self.query_one("#retention-input", Input).value.strip()
        try:
            retention = float(text)
        except ValueError:
            retention = -1.0
        if not 0.70 <= retention <= 0.99:
            self.query_one("#workload-result", Static).update(_text("desired retention must be 0.70 to 0.99"))
            return
        self.query_one("#workload-result", Static).update("simulating a year of study…")
        self._preview(retention)

    @on(Button.Pressed, "#save-retention")
    def _save_retention(self, event: Button.Pressed) -> None:
        if self.previewed is None:
            return
        self.store.profiles.save_study_settings(self.profile.id, {**self.store.profiles.study_settings(self.profile.id),
                                                   "desired_retention": self.previewed})  # fmt: skip
        self.query_one("#workload-result", Static).update(_text(f"saved desired retention {percent(self.previewed)}"))
        event.button.disabled = True
        self.action_reload()

    def on_input_changed(self, _event: Input.Changed) -> None:
        # A preview shown for another value must not be saved under this one.
        self.previewed = None
        self.query_one("#save-retention", Button).disabled = True

    @work(thread=True, exclusive=True, group="optimize")
    def _fit(self) -> None:
        from peerquiz.core.stats.optimizer import (
            OptimizerError,
            fit_parameters,
            save_parameters,
        )

        try:
            result = fit_parameters(self.store, self.profile, zone=self.zone)
        except OptimizerError as exc:
            self.app.call_from_thread(self.query_one("#fit-result", Static).update, _text(str(exc)))
            return
        if result.accepted:
            save_parameters(self.store, self.profile, result.parameters)
        verdict = ("saved: the fitted parameters predict your answers better" if result.accepted
                   else "kept your parameters: the fitted ones do not predict your answers better")  # fmt: skip
        lines = [
            f"fitted on {result.reviews} reviews",
            f"log loss now {result.old_log_loss:.4f}, fitted {result.new_log_loss:.4f} (lower is better)",
            verdict,
        ]
        self.app.call_from_thread(self.query_one("#fit-result", Static).update, _text(lines))
        if result.accepted:
            self.app.call_from_thread(self.action_reload)

    @work(thread=True, exclusive=True, group="optimize")
    def _preview(self, retention: float) -> None:
        from peerquiz.core.stats.workload import simulate_workload

        size = self.store.history.state_counts(self.profile.id, CardFilter()).total
        current = self.stats.desired_retention if self.stats else retention
        now, new = (simulate_workload(self.store, self.profile, r, size) for r in (current, retention))
        lines = [
            f"{size} cards over a year from scratch, with your daily limits (simulated):",
            f"at {percent(current)}: {now.average_reviews:.1f} reviews a day, {now.average_minutes:.1f} min",
            (
                f"at {percent(retention)}: {new.average_reviews:.1f} reviews a day, {new.average_minutes:.1f} min"
                f" (busiest day {new.peak_reviews})"
            ),
        ]
        self.app.call_from_thread(self._show_preview, retention, lines, new.reviews_per_day)

    def _show_preview(self, retention: float, lines: list[str], per_day: list[int]) -> None:
        self.query_one("#workload-result", Static).update(_text(lines))
        self.query_one("#workload", Sparkline).data = per_day
        self.previewed = retention
        self.query_one("#save-retention", Button).disabled = False
