"""Cards answered by picking: multiple choice (one or several answers) and true/false."""

from __future__ import annotations

import random
import string

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from peerquiz.core.decks.model import (
    MAX_CHOICES,
    ChoiceCard,
    Item,
    MultiChoiceCard,
    TrueFalseCard,
)
from peerquiz.core.study.grading import (
    Verdict,
    grade_choice,
    grade_multi,
    grade_truefalse,
    shuffled,
)
from peerquiz.tui.widgets.card_view import CardView, marked

LETTERS = string.ascii_lowercase[:MAX_CHOICES]


def outcome(is_right: bool, was_picked: bool) -> Content:
    """What a checked option was: the right answer, the learner's pick, or both."""
    if is_right:
        return marked("" if was_picked else "right answer", True)
    return marked("your pick", False)


class ChoiceRow(Static):
    """One option; clicking it picks it."""

    class Clicked(Message):
        def __init__(self, index: int):
            super().__init__()
            self.index = index

    def __init__(self, index: int, label: Content):
        super().__init__(label, classes="choice")
        self.index = index

    def on_click(self) -> None:
        self.post_message(self.Clicked(self.index))


class ChoiceView(CardView, can_focus=True):
    """Pick with a–e or 1–5 (several for a multi-answer card), enter checks."""

    BINDINGS = [
        *(Binding(letter, f"pick({i})", "Pick", key_display=f"a–{LETTERS[-1]}", show=i == 0) for i, letter in enumerate(LETTERS)),
        *(Binding(str(i + 1), f"pick({i})", "Pick", show=False) for i in range(MAX_CHOICES)),
    ]

    def __init__(self, item: Item, rng: random.Random):
        super().__init__(item, rng)
        card = item.card
        assert isinstance(card, (ChoiceCard, MultiChoiceCard))
        self.card = card
        self.multi = isinstance(card, MultiChoiceCard)
        self.choices = shuffled(card.choices, rng)
        self.picked: set[int] = set()

    def compose(self) -> ComposeResult:
        hint = "Select every answer that applies." if self.multi else "Select one answer."
        yield Static(Content(self.card.prompt), classes="prompt")
        yield Static(hint, classes="hint")
        for index in range(len(self.choices)):
            yield ChoiceRow(index, self._label(index))

    def _label(self, index: int) -> Content:
        on = index in self.picked
        box = ("[x]" if on else "[ ]") if self.multi else ("(•)" if on else "( )")
        return Content.assemble((f"{LETTERS[index]}", "bold"), f" {box} ", self.choices[index])

    def action_pick(self, index: int) -> None:
        if index >= len(self.choices):
            return
        if self.multi:
            self.picked ^= {index}
        else:
            self.picked = {index}
        for row in self.query(ChoiceRow):
            row.update(self._label(row.index))
            row.set_class(row.index in self.picked, "-picked")

    def on_choice_row_clicked(self, event: ChoiceRow.Clicked) -> None:
        if not self.answered:
            self.action_pick(event.index)

    def has_response(self) -> bool:
        return bool(self.picked)

    def check(self) -> Verdict | None:
        if not self.picked:
            return None
        if isinstance(self.card, MultiChoiceCard):
            return grade_multi(self.card, {self.choices[i] for i in self.picked})
        return grade_choice(self.card, self.choices[next(iter(self.picked))])

    def show_answer(self, verdict: Verdict | None) -> None:
        right = set(self.card.answers) if isinstance(self.card, MultiChoiceCard) else {self.card.answer}
        for row in self.query(ChoiceRow):
            choice = self.choices[row.index]
            is_right, was_picked = choice in right, row.index in self.picked
            if is_right or was_picked:
                row.update(Content.assemble(self._label(row.index), "  ", outcome(is_right, was_picked)))
            row.set_class(is_right, "-right")
            row.set_class(was_picked and not is_right, "-wrong")


class TrueFalseView(CardView, can_focus=True):
    """t or f answers at once."""

    BINDINGS = [Binding("t", "say(True)", "True"), Binding("f", "say(False)", "False")]

    def __init__(self, item: Item, rng: random.Random):
        super().__init__(item, rng)
        assert isinstance(item.card, TrueFalseCard)
        self.card = item.card
        self.said: bool | None = None

    def compose(self) -> ComposeResult:
        yield Static(Content(self.card.prompt), classes="prompt")
        yield Static("True or false?", classes="hint")
        yield ChoiceRow(1, self._label(1))
        yield ChoiceRow(0, self._label(0))

    @staticmethod
    def _label(index: int) -> Content:
        return Content.assemble(("t" if index else "f", "bold"), "  True" if index else "  False")

    def action_say(self, said: bool) -> None:
        self.said = said
        for row in self.query(ChoiceRow):
            row.set_class(bool(row.index) == said, "-picked")
        self.post_message(self.Answered())

    def on_choice_row_clicked(self, event: ChoiceRow.Clicked) -> None:
        if not self.answered:
            self.action_say(bool(event.index))

    def check(self) -> Verdict | None:
        return None if self.said is None else grade_truefalse(self.card, self.said)

    def show_answer(self, verdict: Verdict | None) -> None:
        for row in self.query(ChoiceRow):
            is_right, was_said = bool(row.index) == self.card.answer, bool(row.index) == self.said
            if is_right or was_said:
                row.update(Content.assemble(self._label(row.index), "  ", outcome(is_right, was_said)))
            row.set_class(is_right, "-right")
            row.set_class(was_said and not is_right, "-wrong")
