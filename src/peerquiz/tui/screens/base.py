"""What every peerquiz screen has: its part of the ? help, and where the keyboard focus goes."""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

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

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # No focus from Textual before FIRST_FOCUS takes it (_apply_focus_rules): by default it went to the first
        # focusable widget (the exam start's scrolling frame, say), whose blur then styled its whole subtree
        # again (35 ms of the UI thread as the exam start opened).
        if cls.FIRST_FOCUS is not None:
            cls.AUTO_FOCUS = ""

    @classmethod
    def help_sections(cls) -> list[HelpSection]:
        """The keys ? lists, by heading; screens whose widgets have keys of their own add those."""
        return [(cls.HELP_TITLE, list(Binding.make_bindings(cls.BINDINGS)))]

    @on(events.Compose)
    def _take_breakpoint_classes(self) -> None:
        """The breakpoint classes (app.tcss's -narrow, -wide) for the app's size, before the widgets are made.

        Textual gives a screen its breakpoint class at its first resize, after every widget was styled and laid
        out, and the new class styled them all again: 20-25 ms of the UI thread as the statistics or the card
        browser opened. Set here, the same class finds nothing to change then; a later resize still updates it.
        """
        app = self.app
        width, height = app.size
        horizontal = self.HORIZONTAL_BREAKPOINTS if self.HORIZONTAL_BREAKPOINTS is not None else app.HORIZONTAL_BREAKPOINTS
        vertical = self.VERTICAL_BREAKPOINTS if self.VERTICAL_BREAKPOINTS is not None else app.VERTICAL_BREAKPOINTS
        classes = {name: False for _, name in [*(horizontal or []), *(vertical or [])]}
        for dimension, breakpoints in ((width, horizontal or []), (height, vertical or [])):
            reached = [(edge, name) for edge, name in breakpoints if dimension >= edge]
            if reached:
                classes[max(reached)[1]] = True  # the highest edge reached, as Textual picks it
        self.update_classes(classes, animate=False)

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
