"""What every peerquiz screen has: its part of the ? help, and where the keyboard focus goes."""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual import events, on
from textual.binding import Binding
from textual.screen import ModalScreen, Screen
from textual.widgets import Button

ResultType = TypeVar("ResultType")

HelpSection = tuple[str, list[Binding]]


class PeerquizScreen(Screen[ResultType]):
    HELP_TITLE: ClassVar[str] = "Keys"
    # Paragraphs under the keys in ? help: what a key list cannot say.
    HELP_NOTES: ClassVar[tuple[str, ...]] = ()
    # The widget (a selector) that has the keys when the screen opens.
    FIRST_FOCUS: ClassVar[str | None] = None
    # True where keys belong to the screen and buttons are for the mouse: a focused button would take enter.
    BUTTONS_FOR_MOUSE: ClassVar[bool] = False

    @classmethod
    def help_sections(cls) -> list[HelpSection]:
        """The keys ? lists, by heading; screens whose widgets have keys of their own add those."""
        return [(cls.HELP_TITLE, list(Binding.make_bindings(cls.BINDINGS)))]

    @on(events.Mount)
    def _apply_focus_rules(self) -> None:
        # Runs after the subclass's own on_mount (Textual calls both), so its widgets are in place.
        if self.BUTTONS_FOR_MOUSE:
            for button in self.query(Button):
                button.can_focus = False
        if self.FIRST_FOCUS:
            self.query(self.FIRST_FOCUS).first().focus()


# ModalScreen first: Textual takes a screen's default CSS (the dimmed see-through background) from its first base.
class PeerquizModal(ModalScreen[ResultType], PeerquizScreen[ResultType]):
    """A screen over another, which stays visible around it; it dismisses with what was chosen."""
