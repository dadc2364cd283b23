"""Typed answer: the learner types, enter checks, and a diff shows what differed."""

from __future__ import annotations

import random

from textual.app import ComposeResult
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Input, Static

from peerquiz.core.decks.model import Item, TypedCard
from peerquiz.core.study.grading import DiffPart, Verdict, grade_typed, typed_diff
from peerquiz.tui.widgets.card_view import RIGHT, WRONG, CardView

DIFF_STYLES = {"same": "", "missing": f"{RIGHT} underline", "extra": f"{WRONG} strike"}


def _visible(part: DiffPart) -> str:
    """The part with signs that read without colour or strike-through: [-not expected-], {+missing+}."""
    if part.kind == "extra":
        return "[-" + part.text.replace(" ", "·") + "-]"  # a struck-out space would be invisible
    return "{+" + part.text + "+}" if part.kind == "missing" else part.text


class TypedView(CardView):
    def __init__(self, item: Item, rng: random.Random):
        super().__init__(item, rng)
        assert isinstance(item.card, TypedCard)
        self.card = item.card

    def compose(self) -> ComposeResult:
        yield Static(Content(self.card.prompt), classes="prompt")
        # Focus coming back must not select what is typed, or the next key would replace it.
        yield Input(placeholder="Type your answer, enter to check", classes="typed", select_on_focus=False)
        yield Static(classes="answer")

    def answer_keys(self) -> Widget | None:
        # Every key types until the answer is checked; the review screen keeps the focus here.
        return None if self.answered else self.query_one(Input)

    def has_response(self) -> bool:
        return bool(self.query_one(Input).value.strip())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Answered())

    def check(self) -> Verdict:
        # An empty answer counts as "I don't know": it is graded, not refused.
        return grade_typed(self.card, self.query_one(Input).value)

    def show_answer(self, verdict: Verdict | None) -> None:
        typed_box = self.query_one(Input)
        typed_box.disabled = True
        typed = typed_box.value
        if not typed.strip() or verdict is None or verdict.correct:
            return  # the verdict line says it all
        diff = Content.assemble(*((_visible(part), DIFF_STYLES[part.kind]) for part in typed_diff(typed, self.card.answer)))
        answer = self.query_one(".answer", Static)
        answer.update(
            Content.assemble(
                ("Your answer against the expected one:\n", "bold"),
                diff,
                ("\n({+…+} missing, [-…-] not expected)", "italic"),
            )
        )
        answer.add_class("-shown")
