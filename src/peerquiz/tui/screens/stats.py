"""The statistics screen: figures, charts, parameter fitting and a workload preview.

Import this module only when the screen opens: it is not needed to start the
app, and the optimizer (fsrs-rs-python) is imported only when it is used.
All text from decks and profiles goes into Rich Text objects, never markup.
Queries and fitting run in worker threads so a long history never blocks the UI.
"""

from __future__ import annotations

from datetime import tzinfo

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import (
    Button,
    Footer,
    Input,
    Select,
    Sparkline,
    Static,
    TabbedContent,
    TabPane,
)

from peerquiz.core.clock import Clock, utc_now
from peerquiz.core.decks.library import Library
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
from peerquiz.core.store import Store
from peerquiz.core.store.card_filter import CardFilter
from peerquiz.core.store.records import Profile
from peerquiz.tui.widgets.charts import BarChart


def _text(lines: list[str] | str, wrap: bool = False) -> Text:
    """Plain text (never markup); tables are cut at the edge rather than wrapped."""
    return Text(lines if isinstance(lines, str) else "\n".join(lines), no_wrap=not wrap, overflow="ellipsis")


class StatsScreen(Screen):
    DEFAULT_CSS = """
    StatsScreen #title { height: 1; padding: 0 1; text-style: bold; }
    StatsScreen #filters { height: 3; }
    StatsScreen #filters Select { width: 1fr; }
    StatsScreen TabPane { padding: 0 1; }
    StatsScreen .caption { margin-top: 1; }
    StatsScreen #per-day { height: 7; }
    StatsScreen #forecast { height: 9; }
    StatsScreen #heatmap { height: 7; color: $success; }
    StatsScreen #retention-row { height: 3; }
    StatsScreen #retention-row Input { width: 10; }
    StatsScreen #retention-label { width: auto; padding: 1 1 0 0; }
    StatsScreen #workload { height: 4; margin-top: 1; }
    """
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("r", "reload", "Refresh"),
    ]

    def __init__(self, store: Store, library: Library, profile: Profile, clock: Clock = utc_now,
                 zone: tzinfo | None = None):  # fmt: skip
        super().__init__()
        self.store = store
        self.library = library
        self.profile = profile
        self.clock = clock
        self.zone = zone
        self.stats: Stats | None = None
        self.previewed: float | None = None  # the retention whose workload is on screen

    def compose(self) -> ComposeResult:
        yield Static(id="title")
        with Horizontal(id="filters"):
            yield Select([(Text(d.title), d.id) for d in self.library.headers], prompt="All decks", id="deck")
            yield Select([(Text(name), name) for name in self.library.domains], prompt="All domains", id="domain")
        with TabbedContent():
            with TabPane("Overview", id="overview"):
                yield Static(id="summary")
                yield Static(id="retention", classes="caption")
            with TabPane("Activity", id="activity"):
                yield Static(id="per-day-caption")
                yield BarChart(id="per-day")
                yield Static("activity, last year (darker = more answers)", classes="caption")
                yield Static(id="heatmap")
            with TabPane("Forecast", id="forecast-tab"):
                yield Static(id="forecast-caption")
                yield BarChart(id="forecast")
            with TabPane("Domains", id="domains"), VerticalScroll():
                yield Static(id="mastery")
                yield Static(id="leeches", classes="caption")
            with TabPane("Optimize", id="optimize"), VerticalScroll():
                yield Button("Fit parameters to my answers", id="fit")
                yield Static(id="fit-result")
                with Horizontal(id="retention-row"):
                    yield Static("Desired retention", id="retention-label")
                    yield Input(placeholder="0.90", id="retention-input", max_length=5)
                    yield Button("Preview workload", id="preview")
                    yield Button("Save retention", id="save-retention", disabled=True)
                yield Static(id="workload-result")
                yield Sparkline([], id="workload")
        yield Footer()

    def on_mount(self) -> None:
        self.action_reload()

    # -- figures ----------------------------------------------------------

    def _filter(self) -> CardFilter:
        deck, domain = self.query_one("#deck", Select).value, self.query_one("#domain", Select).value
        return CardFilter(
            deck_ids=(deck,) if isinstance(deck, str) else (),
            domains=(domain,) if isinstance(domain, str) else (),
        )

    def action_reload(self) -> None:
        self._load(self._filter())

    def on_select_changed(self, _event: Select.Changed) -> None:
        self.action_reload()

    @work(thread=True, exclusive=True, group="stats")
    def _load(self, card_filter: CardFilter) -> None:
        stats = compute_stats(self.store, self.profile, card_filter, now=self.clock(), zone=self.zone)
        self.app.call_from_thread(self._show, stats, card_filter)

    def _show(self, stats: Stats, card_filter: CardFilter) -> None:
        self.stats = stats
        deck = card_filter.deck_ids[0] if card_filter.deck_ids else None
        domain = card_filter.domains[0] if card_filter.domains else None
        self.query_one("#title", Static).update(_text(title_line(stats, deck, domain)))
        self.query_one("#summary", Static).update(_text(summary_lines(stats)))
        self.query_one("#retention", Static).update(_text(retention_lines(stats)))
        days = stats.reviews_per_day
        self.query_one("#per-day-caption", Static).update(_text(activity_caption(stats)))
        self.query_one("#per-day", BarChart).plot([d.count for d in days], f"{days[0].day:%b %d}", "today")
        self.query_one("#heatmap", Static).update(_text(heatmap_rows(stats)))
        self.query_one("#forecast-caption", Static).update(_text(forecast_caption(stats)))
        self.query_one("#forecast", BarChart).plot([d.count for d in stats.forecast], "today",
                                                   f"{stats.forecast[-1].day:%b %d}")  # fmt: skip
        self.query_one("#mastery", Static).update(_text(mastery_lines(stats)))
        self.query_one("#leeches", Static).update(_text(leech_lines(stats)))
        retention = self.query_one("#retention-input", Input)
        if not retention.value:
            retention.value = f"{stats.desired_retention:.2f}"

    # -- optimizing ---------------------------------------------------------

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "fit":
            self.query_one("#fit-result", Static).update("fitting…")
            self._fit()
        elif event.button.id == "preview":
            self._preview_requested()
        elif event.button.id == "save-retention" and self.previewed is not None:
            self.store.profiles.save_study_settings(self.profile.id, {**self.store.profiles.study_settings(self.profile.id),
                                                       "desired_retention": self.previewed})  # fmt: skip
            self.query_one("#workload-result", Static).update(_text(f"saved desired retention {percent(self.previewed)}"))
            event.button.disabled = True
            self.action_reload()

    def on_input_changed(self, _event: Input.Changed) -> None:
        # A preview shown for another value must not be saved under this one.
        self.previewed = None
        self.query_one("#save-retention", Button).disabled = True

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        self._preview_requested()

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
            self.app.call_from_thread(self.query_one("#fit-result", Static).update, _text(str(exc), wrap=True))
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
        self.app.call_from_thread(self.query_one("#fit-result", Static).update, _text(lines, wrap=True))
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
            f"at {percent(retention)}: {new.average_reviews:.1f} reviews a day, {new.average_minutes:.1f} min"
            f" (busiest day {new.peak_reviews})",
        ]
        self.app.call_from_thread(self._show_preview, retention, lines, new.reviews_per_day)

    def _show_preview(self, retention: float, lines: list[str], per_day: list[int]) -> None:
        self.query_one("#workload-result", Static).update(_text(lines, wrap=True))
        self.query_one("#workload", Sparkline).data = per_day
        self.previewed = retention
        self.query_one("#save-retention", Button).disabled = False
