"""Ordering: move the shuffled items into the right order, enter checks."""

from __future__ import annotations

import random

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Button, Static

from peerquiz.core.decks.model import Item, OrderingCard
from peerquiz.core.study.grading import Verdict, grade_ordering, shuffled
from peerquiz.tui.widgets.card_view import CardView, marked
from peerquiz.tui.widgets.choices import ChoiceRow

# One footer entry for both moves: "[] Move".
MOVE = Binding.Group("Move", compact=True)


class OrderingView(CardView, can_focus=True):
    BINDINGS = [
        Binding("up", "cursor(-1)", "Select", key_display="↑↓"),
        Binding("down", "cursor(1)", "Select", key_display="↑↓", show=False),
        Binding("shift+up,left_square_bracket", "move(-1)", "Move up", key_display="[", group=MOVE),
        Binding("shift+down,right_square_bracket", "move(1)", "Move down", key_display="]", group=MOVE),
    ]

    def __init__(self, item: Item, rng: random.Random):
        super().__init__(item, rng)
        assert isinstance(item.card, OrderingCard)
        self.card = item.card
        self.order = shuffled(self.card.items, rng)
        self.cursor = 0
        self.moved = False

    def compose(self) -> ComposeResult:
        yield Static(Content(self.card.prompt), classes="prompt")
        yield Static(Content("Select an item (↑↓ or click), move it with [ and ] (or shift+↑↓)."), classes="hint")
        for index in range(len(self.order)):
            yield ChoiceRow(index, Content())
        with Horizontal(classes="move-buttons"):
            yield Button("▲ Move up", id="move-up", compact=True)
            yield Button("▼ Move down", id="move-down", compact=True)

    def on_mount(self) -> None:
        for button in self.query(Button):
            button.can_focus = False  # keys stay with the list
        self._draw()

    def _draw(self) -> None:
        for row in self.query(ChoiceRow):
            selected = row.index == self.cursor and not self.answered
            # The arrow marks the selected item where its background colour cannot (NO_COLOR, no colour vision).
            mark = "▶" if selected else " "
            row.update(Content.assemble((f"{mark}{row.index + 1:>2}. ", "bold"), self.order[row.index]))
            row.set_class(selected, "-picked")

    def action_cursor(self, step: int) -> None:
        self.cursor = (self.cursor + step) % len(self.order)
        self._draw()

    def action_move(self, step: int) -> None:
        target = self.cursor + step
        if 0 <= target < len(self.order):
            self.order[self.cursor], self.order[target] = self.order[target], self.order[self.cursor]
            self.cursor = target
            self.moved = True
            self._draw()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if not self.answered:
            self.action_move(-1 if event.button.id == "move-up" else 1)

    def on_choice_row_clicked(self, event: ChoiceRow.Clicked) -> None:
        if not self.answered:
            self.cursor = event.index
            self._draw()

    def has_response(self) -> bool:
        return self.moved

    def check(self) -> Verdict:
        return grade_ordering(self.card, self.order)

    def show_answer(self, verdict: Verdict | None) -> None:
        self.query_one(".move-buttons").display = False
        self.query_one(".hint").display = False
        self._draw()
        for row in self.query(ChoiceRow):
            placed, wanted = self.order[row.index], self.card.items[row.index]
            label = Content.assemble((f"{row.index + 1:>2}. ", "bold"), marked(placed, placed == wanted))
            if placed != wanted:
                label = Content.assemble(label, ("  → ", "bold"), wanted)  # what belongs here
            row.update(label)
