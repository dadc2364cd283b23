"""The settings screen: the profile's study settings and each deck's new-card limit, a line each, edited on one line."""

from __future__ import annotations

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Input, Label, Static

from peerquiz.core.store.card_filter import CardFilter
from peerquiz.core.study.setting_keys import DECK_LIMIT, KEYS, RESET, SettingError, change_setting
from peerquiz.core.study.settings import SchedulerSettings, scheduler_settings
from peerquiz.tui.context import StudyContext
from peerquiz.tui.screens.base import PeerquizScreen
from peerquiz.tui.table_rows import RowFeed
from peerquiz.tui.widgets.key_footer import KeyFooter

LABEL_WIDTH = 44  # a setting's name, then its value
DECK_COLUMN_WIDTH = LABEL_WIDTH - 3  # puts each deck's limit under the values above (the deck list pads its cells)


class SettingsScreen(PeerquizScreen[None]):
    BINDINGS = [Binding("escape", "close", "Back")]
    HELP_TITLE = "Settings"
    HELP_NOTES = (
        (
            "Pick a setting, or a deck for its own new-card limit, in the lists; enter puts its value on the line "
            "at the top: type there and press enter to save it; 'default' brings back the default. "
            "A deck's own new-card limit replaces the shared one for that deck; leave it empty to share. "
            "Changes apply from the next card."
        ),
    )
    FIRST_FOCUS = "#setting-values"

    def __init__(self, context: StudyContext) -> None:
        super().__init__()
        self.context = context
        self.settings = scheduler_settings(context.store, context.profile)  # as the screen opens, then as saved
        self._key = ""  # the setting the edit line edits: the highlighted row's
        self._table: DataTable[Text] | None = None  # the list that row is in: enter on the edit line goes back to it

    def compose(self) -> ComposeResult:
        yield Static(Content.assemble(("Study settings", "bold"), " · ", (self.context.profile.name, "bold")), id="settings-title")
        yield Static(Content("Enter on a line edits it here; enter saves; 'default' resets it."), id="settings-status")
        # One line to type in, above two lists (the settings, then each deck's limit), not a line of widgets per
        # setting and per deck: every widget is styled and laid out as the screen opens, and a dozen inputs
        # held the UI thread for over 0.1 s (200 decks once made 600 widgets). Out of the scrolling lists, the
        # line stays in sight while a deck far down is picked.
        with Horizontal(id="edit-line"):
            yield Label(id="edit-label")
            yield Input(id="edit-value", compact=True)
        # The workload a saved retention brings, simulated as the stats screen does.
        yield Static(id="retention-workload")
        with VerticalScroll(id="settings-list", can_focus=False):  # tab goes from the edit line to a list, not to their frame
            yield DataTable(id="setting-values", cursor_type="row", zebra_stripes=False, show_header=False, cell_padding=0)
            yield DataTable(id="deck-limits", cursor_type="row", zebra_stripes=False, show_header=False)
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        values = self.query_one("#setting-values", DataTable)
        values.add_column("Setting", key="setting", width=LABEL_WIDTH)
        values.add_column("Value", key="value")
        for key in KEYS.values():
            values.add_row(Text(key.describe), Text(key.shown(self.settings)), key=key.name)
        decks = self.query_one("#deck-limits", DataTable)
        decks.add_column("Deck", key="deck", width=DECK_COLUMN_WIDTH)
        decks.add_column("New a day", key="limit")
        limits = self.settings.deck_new_limits
        headers = self.context.library.headers
        RowFeed(decks).feed([(header.id, [Text(header.title), self._limit_cell(self._limit(limits.get(header.id)))])
                             for header in headers])  # fmt: skip
        decks.display = bool(headers)
        self._pick(values, 0)

    @on(DataTable.RowHighlighted)
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._pick(event.data_table, event.cursor_row)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Back in a list, the edit line shows its highlighted row's saved value: text left there unsaved
        (a refused value, say) is dropped, so that enter starts again from what is saved."""
        if isinstance(event.widget, DataTable):
            self._pick(event.widget, event.widget.cursor_row)

    @on(DataTable.RowSelected)
    def _row_selected(self) -> None:
        self.query_one("#edit-value", Input).focus()

    def _pick(self, table: DataTable[Text], row: int) -> None:
        """The edit line edits the setting of ``table``'s ``row``: a setting, or a deck's own limit."""
        if table.id == "deck-limits":
            header = self.context.library.headers[row]
            self._key, label = f"{DECK_LIMIT}.{header.id}", f"New a day: {header.title}"
        else:
            self._key = list(KEYS)[row]
            label = KEYS[self._key].describe
        self._table = table
        self.query_one("#edit-label", Label).update(Content(label))
        field = self.query_one("#edit-value", Input)
        field.value = self._shown(self._key, self.settings)
        field.remove_class("refused")

    @staticmethod
    def _limit(limit: int | None) -> str:
        return "" if limit is None else str(limit)

    @staticmethod
    def _limit_cell(shown: str) -> Text:
        return Text(shown) if shown else Text("shared", style="dim")

    @on(Input.Submitted, "#edit-value")
    def _save(self, event: Input.Submitted) -> None:
        key = self._key
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
        event.input.value = shown = self._shown(key, saved)
        if key.startswith(f"{DECK_LIMIT}."):
            self.query_one("#deck-limits", DataTable).update_cell(key.removeprefix(f"{DECK_LIMIT}."), "limit",
                                                                   self._limit_cell(shown), update_width=True)  # fmt: skip
        else:
            self.query_one("#setting-values", DataTable).update_cell(key, "value", Text(shown), update_width=True)
        status.update(Content(f"✓ Saved {key} = {shown or 'shared'}"))
        if self._table is not None:
            self._table.focus()  # back to the list, to pick the next line
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
