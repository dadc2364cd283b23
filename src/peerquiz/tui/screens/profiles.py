"""The profile screen: pick who is studying, or create a new profile."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from peerquiz.core.store import Store, StoreError
from peerquiz.core.store.records import Profile
from peerquiz.tui.screens.base import PeerquizScreen
from peerquiz.tui.widgets.key_footer import KeyFooter


class ProfileScreen(PeerquizScreen[Profile | None]):
    """Dismisses with the profile picked or created, or None on Escape (the caller decides what that means)."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Back")]
    HELP_TITLE = "Profiles"
    FIRST_FOCUS = "#profile-list, #name"  # the list when there is one
    BUTTONS_FOR_MOUSE = True

    def __init__(self, store: Store, notice: str = "") -> None:
        super().__init__()
        self.store = store
        self.profiles = store.profiles.all()
        self.notice = notice

    def compose(self) -> ComposeResult:
        with Vertical(id="profiles"):
            yield Static(Content.styled("Welcome to peerquiz", "bold"), classes="title")
            intro = "Pick your profile, or create one. Each profile keeps its own progress."
            yield Static(intro if self.profiles else "Create a profile to keep your progress.")
            if self.profiles:
                yield OptionList(*(Option(Content(p.name), id=str(p.id)) for p in self.profiles), id="profile-list")
            yield Static("New profile name", classes="label")
            with Horizontal(id="new-profile"):
                yield Input(placeholder="Your name", id="name", max_length=40)
                yield Button("Create", id="create", variant="primary")
            yield Static(Content(self.notice), id="profile-error")
        yield KeyFooter(compact=True)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        chosen = next(p for p in self.profiles if str(p.id) == event.option.id)
        self.dismiss(chosen)

    @on(Input.Submitted, "#name")
    @on(Button.Pressed, "#create")
    def _create(self) -> None:
        name = self.query_one(Input).value
        try:
            profile = self.store.profiles.add(name)
        except StoreError as exc:
            self.query_one("#profile-error", Static).update(Content(str(exc)))
            return
        self.dismiss(profile)
