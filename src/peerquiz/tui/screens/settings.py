"""The settings screen: the profile's study settings, one line each; enter saves the line's value."""

from __future__ import annotations

import asyncio

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Input, Label, Static

from peerquiz.core.store.card_filter import CardFilter
from peerquiz.core.study.setting_keys import DECK_LIMIT, KEYS, RESET, SettingError, change_setting
from peerquiz.core.study.settings import SchedulerSettings, scheduler_settings
from peerquiz.tui.context import StudyContext
from peerquiz.tui.screens.base import PeerquizScreen

DECK_LINES_AT_A_TIME = 10


class SettingsScreen(PeerquizScreen[None]):
    BINDINGS = [Binding("escape", "close", "Back")]
    HELP_TITLE = "Settings"
    HELP_NOTES = (
        (
            "Type a value and press enter to save it; 'default' brings back the default. "
            "A deck's own new-card limit replaces the shared one for that deck; leave it empty to share. "
            "Changes apply from the next card."
        ),
    )
    FIRST_FOCUS = "Input"

    def __init__(self, context: StudyContext) -> None:
        super().__init__()
        self.context = context
        self.settings = scheduler_settings(context.store, context.profile)  # as the screen opens

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
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.run_worker(self._add_deck_limits())

    async def _add_deck_limits(self) -> None:
        """A line per deck, a few at a time: hundreds of decks at once held the screen up for seconds."""
        settings, headers = self.settings, self.context.library.headers
        listed = self.query_one("#settings-list", VerticalScroll)
        for start in range(0, len(headers), DECK_LINES_AT_A_TIME):
            lines = []
            for header in headers[start : start + DECK_LINES_AT_A_TIME]:
                limit = settings.deck_new_limits.get(header.id)
                lines.append(Horizontal(
                    Label(Content(f"New a day: {header.title}"), classes="setting-label"),
                    Input("" if limit is None else str(limit), placeholder="shared", name=f"{DECK_LIMIT}.{header.id}",
                          compact=True),
                    classes="setting",
                ))  # fmt: skip
            await listed.mount_all(lines)
            await asyncio.sleep(0)  # a frame and the keys go between batches

    @on(Input.Submitted)
    def _save(self, event: Input.Submitted) -> None:
        key = event.input.name or ""
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
        event.input.value = self._shown(key, saved)
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
            limit = settings.deck_new_limits.get(key.removeprefix(f"{DECK_LIMIT}."))
            return "" if limit is None else str(limit)
        return KEYS[key].shown(settings)

    def action_close(self) -> None:
        self.dismiss(None)
