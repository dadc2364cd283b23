"""The settings screen: the profile's study settings, one line each; enter saves the line's value."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Footer, Input, Label, Static

from peerquiz.core.store.card_filter import CardFilter
from peerquiz.core.study.setting_keys import DECK_LIMIT, KEYS, RESET, SettingError, change_setting
from peerquiz.core.study.settings import SchedulerSettings, scheduler_settings
from peerquiz.tui.context import StudyContext
from peerquiz.tui.screens.base import PeerquizScreen

DECK_COLUMN_WIDTH = 41  # puts each deck's limit under the values typed above (labels 44 wide, padding 1)


class SettingsScreen(PeerquizScreen[None]):
    BINDINGS = [Binding("escape", "close", "Back")]
    HELP_TITLE = "Settings"
    HELP_NOTES = (
        (
            "Type a value and press enter to save it; 'default' brings back the default. "
            "A deck's own new-card limit replaces the shared one for that deck: pick the deck in the list, "
            "then type its limit on the line above the list; leave it empty to share. "
            "Changes apply from the next card."
        ),
    )
    FIRST_FOCUS = "Input"

    def __init__(self, context: StudyContext) -> None:
        super().__init__()
        self.context = context
        self.settings = scheduler_settings(context.store, context.profile)  # as the screen opens, then as saved
        self._deck_key = ""  # the setting the deck line edits: the highlighted deck's limit

    def compose(self) -> ComposeResult:
        settings = self.settings
        yield Static(Content.assemble(("Study settings", "bold"), " · ", (self.context.profile.name, "bold")), id="settings-title")
        yield Static(Content("Enter saves a line; 'default' resets it."), id="settings-status")
        with VerticalScroll(id="settings-list"):
            for key in KEYS.values():
                with Horizontal(classes="setting"):
                    yield Label(Content(key.describe), classes="setting-label")
                    yield Input(key.shown(settings), id=f"set-{key.name}", name=key.name, compact=True)
                if key.field == "desired_retention":
                    # The workload a saved retention brings, simulated as the stats screen does.
                    yield Static(id="retention-workload", classes="setting-note")
            # One line to type in and a table of the decks, not a line of widgets per deck: 200 decks made 600
            # widgets, and every change of layout measured them all (a quarter of a second at a time).
            with Horizontal(id="deck-limit-line", classes="setting"):
                yield Label(id="deck-limit-label", classes="setting-label")
                yield Input(placeholder="shared", id="deck-limit", compact=True)
            yield DataTable(id="deck-limits", cursor_type="row", zebra_stripes=False, show_header=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one("#deck-limits", DataTable)
        table.add_column("Deck", key="deck", width=DECK_COLUMN_WIDTH)
        table.add_column("New a day", key="limit")
        limits = self.settings.deck_new_limits
        headers = self.context.library.headers
        for header in headers:
            table.add_row(Text(header.title), self._limit_cell(self._limit(limits.get(header.id))), key=header.id)
        self.query_one("#deck-limit-line").display = table.display = bool(headers)
        if headers:
            self._pick_deck(0)

    @on(DataTable.RowHighlighted, "#deck-limits")
    def _deck_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._pick_deck(event.cursor_row)

    @on(DataTable.RowSelected, "#deck-limits")
    def _deck_selected(self) -> None:
        self.query_one("#deck-limit", Input).focus()

    def _pick_deck(self, row: int) -> None:
        """The line above the list edits the highlighted deck's limit."""
        header = self.context.library.headers[row]
        field = self.query_one("#deck-limit", Input)
        self.query_one("#deck-limit-label", Label).update(Content(f"New a day: {header.title}"))
        self._deck_key = f"{DECK_LIMIT}.{header.id}"
        field.value = self._shown(self._deck_key, self.settings)
        field.remove_class("refused")

    @staticmethod
    def _limit(limit: int | None) -> str:
        return "" if limit is None else str(limit)

    @staticmethod
    def _limit_cell(shown: str) -> Text:
        return Text(shown) if shown else Text("shared", style="dim")

    @on(Input.Submitted)
    def _save(self, event: Input.Submitted) -> None:
        key = self._deck_key if event.input.id == "deck-limit" else event.input.name or ""
        text = event.value.strip() or (RESET if key.startswith(DECK_LIMIT) else "")
        deck_ids = [header.id for header in self.context.library.headers]
        status = self.query_one("#settings-status", Static)
        try:
            saved = change_setting(self.context.store, self.context.profile, key, text, deck_ids)
        except SettingError as exc:
            event.input.add_class("refused")
            status.update(Content(f"✗ {exc}"))
            return
        event.input.remove_class("refused")
        self.settings = saved
        event.input.value = self._shown(key, saved)
        if key.startswith(f"{DECK_LIMIT}."):
            self.query_one("#deck-limits", DataTable).update_cell(key.removeprefix(f"{DECK_LIMIT}."), "limit",
                                                                   self._limit_cell(event.input.value), update_width=True)  # fmt: skip
        status.update(Content(f"✓ Saved {key} = {event.input.value or 'shared'}"))
        if key == "desired-retention":
            self._show_workload(Content("simulating a year of study at this retention…"))
            self._simulate_workload(saved.desired_retention)

    def _show_workload(self, text: Content) -> None:
        note = self.query_one("#retention-workload", Static)
        note.display = True
        note.update(text)

    @work(thread=True, exclusive=True, group="workload")
    def _simulate_workload(self, retention: float) -> None:
        from peerquiz.core.stats.workload import simulate_workload  # fsrs-rs loads only when asked for

        store, profile = self.context.store, self.context.profile
        size = store.history.state_counts(profile.id, CardFilter()).total
        load = simulate_workload(store, profile, retention, size)
        text = (f"at {retention:.0%}: {load.average_reviews:.1f} reviews and {load.average_minutes:.1f} min a day "
                f"(a year of {size} cards, simulated)")  # fmt: skip
        self.app.call_from_thread(self._show_workload, Content(text))

    @staticmethod
    def _shown(key: str, settings: SchedulerSettings) -> str:
        if key.startswith(f"{DECK_LIMIT}."):
            return SettingsScreen._limit(settings.deck_new_limits.get(key.removeprefix(f"{DECK_LIMIT}.")))
        return KEYS[key].shown(settings)

    def action_close(self) -> None:
        self.dismiss(None)
