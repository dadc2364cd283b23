"""Self-graded cards: basic (either direction) and cloze."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from peerquiz.core.decks.model import ClozeCard
from peerquiz.core.study.grading import Verdict, back, cloze_parts, front
from peerquiz.tui.widgets.card_view import GAP, RIGHT, CardView


class FlashView(CardView):
    self_graded = True
    submit_label = "Show answer  space"

    def compose(self) -> ComposeResult:
        yield Static(self._front(), classes="prompt")
        yield Static(classes="answer")

    def _front(self, reveal: bool = False) -> Content:
        card = self.item.card
        if isinstance(card, ClozeCard):
            pieces = cloze_parts(card.text, self.item.gap, reveal)
            # Brackets keep the filled gap visible without colour.
            return Content.assemble(*(((f"[{piece}]" if reveal else piece), (RIGHT if reveal else GAP)) if is_gap else piece
                                      for piece, is_gap in pieces))  # fmt: skip
        return Content(front(self.item))

    def show_answer(self, verdict: Verdict | None) -> None:
        if isinstance(self.item.card, ClozeCard):
            self.query_one(".prompt", Static).update(self._front(reveal=True))  # the gap fills in place
            return
        answer = self.query_one(".answer", Static)
        answer.update(Content(back(self.item)))
        answer.add_class("-shown")
