"""The base of every card view: asks for a response, then shows the answer in place."""

from __future__ import annotations

import random
from typing import ClassVar

from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widget import Widget

from peerquiz.core.decks.model import Card, Item
from peerquiz.core.study.grading import Verdict, expected_answer

# Styles used inside card text; theme variables keep them readable in light and dark themes.
RIGHT = "bold $text-success"
WRONG = "bold $text-error"
GAP = "bold reverse"


class CardView(Vertical, can_focus=False):
    """One item in front of the learner.

    Views that take answer keys (choices, true/false, ordering) are focused while
    asking, so their keys win over the review screen's (b picks choice b rather
    than burying). Once answered, ``check_action`` turns those keys off and the
    screen's keys apply again.
    """

    self_graded: ClassVar[bool] = False
    # What the learner does to answer, shown on the review screen's action button.
    submit_label: ClassVar[str] = "Check  enter"

    class Answered(Message):
        """The learner gave a complete response (t/f pressed, typed answer entered)."""

    def __init__(self, item: Item, rng: random.Random):
        super().__init__(classes="card-view")
        self.item = item
        self.rng = rng
        self.answered = False

    def answer_keys(self) -> Widget | None:
        """What takes the answer's keys while the card waits for one; None when the screen's keys do."""
        return self if self.can_focus and not self.answered else None

    def focus_answer(self) -> None:
        """Give the keys to what takes the answer, as the review screen does when a card shows."""
        if (target := self.answer_keys()) is not None:
            target.focus()

    def has_response(self) -> bool:
        """Whether the learner has started answering (typed, picked, moved): leaving would lose it."""
        return False

    def check(self) -> Verdict | None:
        """Grade the response, or None when the learner has not given one yet."""
        raise NotImplementedError

    def reveal(self, verdict: Verdict | None) -> None:
        self.answered = True
        self.show_answer(verdict)
        self.refresh_bindings()

    def show_answer(self, verdict: Verdict | None) -> None:
        raise NotImplementedError

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not self.answered


def answer_key_applies(view: CardView | None, answered: bool, action: str) -> bool:
    """One key, two names: "Show answer" (action reveal) for self-graded cards, "Check" for the rest."""
    return view is not None and not answered and view.self_graded == (action == "reveal")


def marked(text: str | Content, right: bool) -> Content:
    """Text marked right or wrong, with a sign as well as a colour."""
    return Content.assemble(("✓ " if right else "✗ ", RIGHT if right else WRONG), text)


def outcome_text(item: Item, verdict: Verdict | None) -> Content:
    """✓ Correct, or ✗ and the right answer; with no response to judge, just the right answer."""
    answer = Content.assemble(("Answer: ", "bold"), expected_answer(item))
    if verdict is None:
        return answer
    return Content.styled("✓ Correct", RIGHT) if verdict.correct else Content.assemble(("✗ Not quite. ", WRONG), answer)


def explanation_text(card: Card) -> Content:
    return Content.assemble(card.explanation, "\n", ("Source: ", "italic"), (card.source, "italic"))
