"""Cram / custom study: a chosen deck, domain or tag ahead of schedule; the schedule is left alone."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Select, Static

from peerquiz.core.decks.library import Library
from peerquiz.core.store.card_filter import CardFilter
from peerquiz.core.study.session import CramOrder, Mode, StudySession, in_use

ORDERS = [("Deck order", CramOrder.DECK), ("Hardest first (lowest recall chance)", CramOrder.HARDEST)]


class CramScreen(Screen[None]):
    BINDINGS = [
        Binding("ctrl+s", "start", "Start"),
        Binding("ctrl+u", "restore", "Unsuspend"),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    def __init__(self, library: Library) -> None:
        super().__init__()
        choices: list[tuple[str, CardFilter]] = [("All decks", CardFilter())]
        choices += [(f"Deck: {d.title}", CardFilter(deck_ids=(d.id,))) for d in library.headers]
        choices += [(f"Domain: {name}", CardFilter(domains=(name,))) for name in library.domains]
        tags = sorted({tag for deck in library.decks for card in deck.cards for tag in card.tags})
        choices += [(f"Tag: {tag}", CardFilter(tag=tag)) for tag in tags]
        self.choices = choices

    @classmethod
    def help_sections(cls) -> list[tuple[str, list[Binding]]]:
        return [("Cram", Binding.make_bindings(cls.BINDINGS))]

    def compose(self) -> ComposeResult:
        with Vertical(id="cram"):
            yield Static(Content.styled("Cram / custom study", "bold"), classes="title")
            yield Static("Study any cards now, ahead of schedule. Answers are logged; your schedule does not change.")
            yield Static("Unsuspend brings the selection's suspended (leeches too) and buried cards back into study.")
            yield Static("Cards", classes="label")
            yield Select([(Content(label), i) for i, (label, _) in enumerate(self.choices)], value=0, allow_blank=False, id="scope")
            yield Static("Order", classes="label")
            yield Select([(label, order) for label, order in ORDERS], value=CramOrder.DECK, allow_blank=False, id="order")
            with Horizontal(id="cram-actions"):
                yield Button("Start", id="start", variant="primary")
                yield Button("Unsuspend", id="restore")
                yield Button("Back", id="back")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        for button in self.query(Button):
            button.can_focus = False
        self.query_one("#scope", Select).focus()

    def action_start(self) -> None:
        from peerquiz.tui.screens.review import ReviewScreen

        title, card_filter = self.choices[self.query_one("#scope", Select).value]
        order = self.query_one("#order", Select).value
        workspace = self.app.workspace
        session = StudySession(
            workspace.store, workspace.library, self.app.profile, card_filter, Mode.CRAM, order, clock=self.app.clock
        )
        if not session.remaining:
            self.notify(f"No cards to cram in {title}.", severity="warning")
            return
        self.app.switch_screen(ReviewScreen(session, f"Cram · {title}"))

    def action_restore(self) -> None:
        title, card_filter = self.choices[self.query_one("#scope", Select).value]
        workspace = self.app.workspace
        count = workspace.store.memory.restore(self.app.profile.id, in_use(card_filter, workspace.library))
        self.notify(f"{count} card(s) in {title} are back in your study queue." if count else f"Nothing suspended or buried in {title}.")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        actions = {"start": self.action_start, "restore": self.action_restore, "back": self.app.pop_screen}
        actions[event.button.id]()
