"""The options of an exam question, lettered A, B, C…, with the chosen one marked."""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from peerquiz.core.exams.assembly import Question

LETTERS = "ABCDE"
# The screen's keys for answering: 1–5 or a–e pick the option in that place (action ``choose``).
ANSWER_BINDINGS = [
    *(Binding(str(i + 1), f"choose({i})", "Answer", show=False) for i in range(len(LETTERS))),
    *(Binding(letter.lower(), f"choose({i})", "Answer", show=False) for i, letter in enumerate(LETTERS)),
]


def option_label(index: int, option: str, chosen: bool) -> Content:
    # Deck text goes in as plain text, so "[b]" in a card is shown, not styled.
    mark = "●" if chosen else "○"
    return Content.assemble((f"{mark} {LETTERS[index]}. ", "bold" if chosen else ""), option)


class AnswerOptions(OptionList):
    """Options of one question. Selecting one (Enter, click, or a letter key on
    the screen) posts OptionList.OptionSelected with the option text as its id."""

    DEFAULT_CSS = """
    AnswerOptions { height: auto; max-height: 12; }
    """

    def show(self, question: Question, chosen: str | None) -> None:
        highlighted = self.highlighted
        self.clear_options()
        self.add_options(
            Option(option_label(i, option, option == chosen), id=option) for i, option in enumerate(question.options)
        )
        if question.options:
            self.highlighted = highlighted if highlighted is not None and highlighted < len(question.options) else 0
