"""Cram / custom study: a chosen deck, domain or tag ahead of schedule; the schedule is left alone."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Select, Static

from peerquiz.core.store.card_filter import CardFilter
from peerquiz.core.study.session import CramOrder, Mode, StudySession, in_use, tags_in_use
from peerquiz.tui.background import PROGRESS_AFTER, read_off_ui_thread
from peerquiz.tui.context import StudyContext
from peerquiz.tui.scopes import add_tag_scopes, deck_scopes, scope_options
from peerquiz.tui.screens.base import PeerquizScreen
from peerquiz.tui.screens.review import ReviewScreen
from peerquiz.tui.widgets.key_footer import KeyFooter

ORDERS = [("Deck order", CramOrder.DECK), ("Hardest first (lowest recall chance)", CramOrder.HARDEST)]


class CramScreen(PeerquizScreen[None]):
    BINDINGS = [
        Binding("ctrl+s", "start", "Start"),
        Binding("ctrl+u", "restore", "Unsuspend"),
        Binding("escape", "back", "Back"),
    ]
    HELP_TITLE = "Cram"
    FIRST_FOCUS = "#scope"
    BUTTONS_FOR_MOUSE = True

    def __init__(self, context: StudyContext) -> None:
        super().__init__()
        self.context = context
        self._gathering = ""  # the selection whose cards are being gathered for a session
        self.choices = deck_scopes(context.library)  # the tags follow once read (on_mount)

    def compose(self) -> ComposeResult:
        with Vertical(id="cram"):
            yield Static(Content.styled("Cram / custom study", "bold"), classes="title")
            yield Static("Study any cards now, ahead of schedule. Answers are logged; your schedule does not change.")
            yield Static("Unsuspend brings the selection's suspended (leeches too) and buried cards back into study.")
            yield Static("Cards", classes="label")
            yield Select(scope_options(self.choices), value=0, allow_blank=False, id="scope")
            yield Static("Order", classes="label")
            yield Select(ORDERS, value=self._saved_order(), allow_blank=False, id="order")
            with Horizontal(id="cram-actions"):
                yield Button("Start", id="start", variant="primary")
                yield Button("Unsuspend", id="restore")
                yield Button("Back", id="back")
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        store, library = self.context.store, self.context.library
        read_off_ui_thread(self, store, lambda: tags_in_use(store, library), self._add_tags, "cram-tags")

    def _add_tags(self, tags: list[str]) -> None:
        add_tag_scopes(self.query_one("#scope", Select), self.choices, tags)

    def _saved_order(self) -> CramOrder:
        """The order this profile chose last time."""
        saved = self.context.store.profiles.ui_settings(self.context.profile.id).get("cram_order")
        return CramOrder(saved) if saved in {order.value for order in CramOrder} else CramOrder.DECK

    def _scope(self) -> tuple[str, CardFilter]:
        chosen: int | None = self.query_one("#scope", Select).selection
        assert chosen is not None  # allow_blank=False: there is always a choice
        return self.choices[chosen]

    @on(Button.Pressed, "#start")
    def action_start(self) -> None:
        title, card_filter = self._scope()
        order: CramOrder | None = self.query_one("#order", Select).selection
        assert order is not None  # allow_blank=False: there is always a choice
        context = self.context
        if order is not self._saved_order():
            context.store.profiles.save_ui_settings(context.profile.id, {"cram_order": order.value})

        def gather() -> StudySession:  # every card of the selection and its memory: seconds on a large collection
            return StudySession(context.store, context.library, context.profile, card_filter, Mode.CRAM, order,
                                clock=context.clock)  # fmt: skip

        self._gathering = title
        self.set_timer(PROGRESS_AFTER, self._show_progress)
        read_off_ui_thread(self, context.store, gather, lambda session: self._begin(session, title), "cram-start")

    def _show_progress(self) -> None:
        if self._gathering:
            self.notify(f"Gathering the cards of {self._gathering}…", markup=False)

    def _begin(self, session: StudySession, title: str) -> None:
        self._gathering = ""
        if not session.remaining:
            self.notify(f"No cards to cram in {title}.", severity="warning", markup=False)
            return
        # In place of this screen: the session ends back home.
        self.app.switch_screen(ReviewScreen(self.context, session, f"Cram · {title}"))

    @on(Button.Pressed, "#restore")
    def action_restore(self) -> None:
        title, card_filter = self._scope()
        context = self.context
        count = context.store.memory.restore(context.profile.id, in_use(card_filter, context.library))
        done = f"{count} card(s) in {title} are back in your study queue." if count else f"Nothing suspended or buried in {title}."
        self.notify(done, markup=False)

    @on(Button.Pressed, "#back")
    def action_back(self) -> None:
        self.dismiss()
