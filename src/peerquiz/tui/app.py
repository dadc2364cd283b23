"""The peerquiz study app.

Start-up speed matters: the core pulls in SQLAlchemy, which costs more than
Textual itself. So this module imports no core module that touches the store;
the first frame ("Loading decks…") paints, then a thread worker opens the
workspace and the screens (which import the core) load after it. With
`peerquiz study` the session opens before the home screen is built: home
comes when the session ends.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from peerquiz.config import Settings, last_profile, remember_profile
from peerquiz.tui.base import PeerquizBase

if TYPE_CHECKING:
    from peerquiz.core.store.card_filter import CardFilter
    from peerquiz.core.store.records import Profile
    from peerquiz.core.workspace import Workspace

Clock = Callable[[], datetime]


class StartScreen(Screen[None]):
    """The bottom of the screen stack: "Loading decks…" at first, then home goes on top of it."""

    def compose(self) -> ComposeResult:
        yield Static("Loading decks…" if self.app.workspace is None else "", id="loading")

    def on_screen_resume(self) -> None:
        # Back here with a profile chosen means a session opened by `peerquiz study` has ended.
        if self.app.screen is self and self.app.profile is not None:
            self.app.show_home()


class PeerquizApp(PeerquizBase):
    TITLE = "peerquiz"

    def __init__(
        self,
        settings: Settings,
        open_workspace: Callable[[], Workspace],
        clock: Clock | None = None,
        shuffle_seed: int | None = None,
        study_now: str | None = None,
    ):
        super().__init__()
        self.settings = settings
        self.open_workspace = open_workspace
        self._clock = clock
        self.rng = random.Random(shuffle_seed)
        self.workspace: Workspace | None = None
        self.profile: Profile | None = None
        self.study_now = study_now  # a deck id or "all": go straight into studying it
        self.store_error: str | None = None  # set when the store cannot be opened; the app then exits

    def get_default_screen(self) -> Screen:
        return StartScreen()

    def on_mount(self) -> None:
        self._load_workspace()

    def clock(self) -> datetime:
        from peerquiz.core.clock import utc_now

        return (self._clock or utc_now)()

    @work(thread=True, exit_on_error=True)
    def _load_workspace(self) -> None:
        from peerquiz.core.store import StoreError

        try:
            workspace = self.open_workspace()
        except StoreError as exc:
            self.call_from_thread(self._store_failed, str(exc))
            return
        self.call_from_thread(self._workspace_ready, workspace)

    def _store_failed(self, message: str) -> None:
        self.store_error = message
        self.exit(return_code=2)

    def _workspace_ready(self, workspace: Workspace) -> None:
        self.workspace = workspace
        for loading in self.screen.query("#loading").results(Static):  # none yet if this screen is still composing
            loading.update("")
        wanted = self.settings.user or last_profile(self.settings.state_file)
        profile = workspace.store.profiles.named(wanted) if wanted else None
        if profile is not None:
            self._use_profile(profile)
        elif self.settings.user:
            self.choose_profile(notice=f"There is no profile named {self.settings.user!r} yet: create it or pick another.")
        else:
            self.choose_profile()

    def choose_profile(self, notice: str = "") -> None:
        from peerquiz.tui.screens.profiles import ProfileScreen

        assert self.workspace is not None
        self.push_screen(ProfileScreen(self.workspace.store, notice), callback=self._use_profile)

    def _use_profile(self, profile: Profile | None) -> None:
        if profile is None:  # left the profile screen without choosing: keep the current one
            return
        first = self.profile is None
        self.profile = profile
        remember_profile(self.settings.state_file, profile.name)
        if first and not (self.study_now and self._study_now(self.study_now)):
            self.show_home()
        # Otherwise the home screen, below the profile screen just closed, reads its counts as it comes back.

    def _study_now(self, deck_id: str) -> bool:
        """Open the session `peerquiz study` asked for; False (having said why) when there is none to open."""
        from peerquiz.tui.targets import study_targets, target_key

        assert self.workspace is not None
        target = study_targets(self.workspace.library.headers).get(target_key(deck_id))
        if target is None:
            self.notify(f"There is no deck with id {deck_id!r}.", severity="error")
            return False
        return self.study(*target)

    def show_home(self) -> None:
        from peerquiz.tui.screens.home import HomeScreen

        self.push_screen(HomeScreen())

    def study(self, title: str, card_filter: CardFilter) -> bool:
        """Open a study session on these cards; False (having said so) when nothing is due or new now."""
        from peerquiz.core.study.session import StudySession
        from peerquiz.tui.screens.review import ReviewScreen

        assert self.workspace is not None and self.profile is not None
        session = StudySession(self.workspace.store, self.workspace.library, self.profile, card_filter, clock=self.clock)
        if not session.remaining:
            self.notify(f"Nothing to study in {title} right now. Press c to cram ahead of schedule.")
            return False
        self.push_screen(ReviewScreen(session, title))
        return True

    def on_unmount(self) -> None:
        if self.workspace is not None:
            self.workspace.close()
