"""The peerquiz study app.

Start-up speed matters: the core pulls in SQLAlchemy, which costs more than
Textual itself. So this module imports no core module that touches the store;
the first frame ("Loading decks…") paints, then a thread worker opens the
workspace and the screens (which import the core) load after it. With
`peerquiz study` the session opens before the home screen is built: home
comes when the session ends.

The app decides who studies (the profile) and what comes first; each screen then
works from the StudyContext it is given, and tells the app of a profile switch by a message.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import ComposeResult, SystemCommand
from textual.message import Message
from textual.screen import Screen
from textual.theme import Theme
from textual.widgets import Static

from peerquiz.config import Settings, last_profile, remember_profile
from peerquiz.core.clock import Clock, utc_now
from peerquiz.tui.base import PeerquizBase
from peerquiz.tui.context import StudyContext
from peerquiz.tui.screens.base import PeerquizScreen

if TYPE_CHECKING:
    from peerquiz.core.store.records import Profile
    from peerquiz.core.study.session import StudySession
    from peerquiz.core.workspace import Workspace
    from peerquiz.tui.screens.home import HomeScreen


class StartScreen(PeerquizScreen[None]):
    """The bottom of the screen stack: "Loading decks…" at first, then home (or the session of `peerquiz study`) on top."""

    class Uncovered(Message):
        """Every screen above this one has closed (a profile chosen, or the session `peerquiz study` opened ended)."""

    def __init__(self) -> None:
        super().__init__()
        # Not `loading`: that is Textual's own reactive, which would cover the screen with a spinner.
        self.decks_open = False

    def compose(self) -> ComposeResult:
        yield Static("" if self.decks_open else "Loading decks…", id="loading")

    def decks_loaded(self) -> None:
        self.decks_open = True
        self.say("")

    def say(self, text: str) -> None:
        """What the app is doing while nothing covers this screen."""
        for loading in self.query("#loading").results(Static):  # none yet if this screen is still composing
            loading.update(text)

    def on_screen_resume(self) -> None:
        self.post_message(self.Uncovered())


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
        self.clock = clock or utc_now
        self.rng = random.Random(shuffle_seed)
        self.start = StartScreen()
        self.workspace: Workspace | None = None
        self.context: StudyContext | None = None  # set once a profile is chosen
        self.study_now = study_now  # a deck id or "all": go straight into studying it
        self.store_error: str | None = None  # set when the store cannot be opened; the app then exits
        self._gathering = False  # `peerquiz study`'s session is being built

    def get_default_screen(self) -> StartScreen:
        return self.start

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self._load_workspace()

    def _apply_ui_settings(self, context: StudyContext) -> None:
        """The profile's own theme, as it left it."""
        theme = context.store.profiles.ui_settings(context.profile.id).get("theme")
        if isinstance(theme, str) and theme in self.available_themes and theme != self.theme:
            self.theme = theme

    def _remember_theme(self, theme: Theme) -> None:
        context = self.context
        if context is not None and context.store.profiles.ui_settings(context.profile.id).get("theme") != theme.name:
            context.store.profiles.save_ui_settings(context.profile.id, {"theme": theme.name})

    @work(thread=True, exit_on_error=True)
    def _load_workspace(self) -> None:
        from peerquiz.tui.background import collector_quiet

        # The store's modules (SQLAlchemy, pydantic), the store and the decks' headers live as long as the app.
        with collector_quiet():
            from peerquiz.core.store import StoreError

            try:
                workspace = self.open_workspace()
            except StoreError as exc:
                failure = str(exc)
            else:
                self.call_from_thread(self._workspace_ready, workspace)
                return
        # Told once the pause is over: the app then exits at once, and could have ended with the collector still off.
        self.call_from_thread(self._store_failed, failure)

    def _store_failed(self, message: str) -> None:
        self.store_error = message
        self.exit(return_code=2)

    def _workspace_ready(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.start.decks_loaded()
        wanted = self.settings.user or last_profile(self.settings.state_file)
        profile = workspace.store.profiles.named(wanted) if wanted else None
        if profile is not None:
            self._first_profile(profile)
        elif self.settings.user:
            self._choose_profile(f"There is no profile named {self.settings.user!r} yet: create it or pick another.")
        else:
            self._choose_profile()

    def _choose_profile(self, notice: str = "") -> None:
        from peerquiz.tui.screens.profiles import ProfileScreen

        assert self.workspace is not None
        self.push_screen(ProfileScreen(self.workspace.store, notice), callback=self._first_profile)

    def _first_profile(self, profile: Profile | None) -> None:
        if profile is None:  # left the profile screen without choosing: there is nobody to study as
            self.exit()
            return
        assert self.workspace is not None
        workspace = self.workspace
        self.context = StudyContext(workspace.store, workspace.library, profile, self.clock, self.rng)
        self._apply_ui_settings(self.context)
        remember_profile(self.settings.state_file, profile.name)
        if not (self.study_now and self._study_now(self.context, self.study_now)):
            self.show_home(self.context)

    def _study_now(self, context: StudyContext, deck_id: str) -> bool:
        """Open the session `peerquiz study` asked for; False (having said why) when there is no such deck.

        The queue is built off the UI thread (0.4 s of queries on a large collection); home follows if
        there is nothing to study.
        """
        from peerquiz.tui.background import PROGRESS_AFTER, read_off_ui_thread
        from peerquiz.tui.screens.review import show_review, study_session
        from peerquiz.tui.targets import study_targets, target_key

        target = study_targets(context.library.headers).get(target_key(deck_id))
        if target is None:
            self.notify(f"There is no deck with id {deck_id!r}.", severity="error", markup=False)
            return False
        title, card_filter = target

        def gathered(session: StudySession) -> None:
            self._gathering = False
            self.start.say("")
            if not show_review(self, context, title, session):
                self.show_home(context)

        self._gathering = True
        self.set_timer(PROGRESS_AFTER, self._show_gathering)
        read_off_ui_thread(self.start, context.store, lambda: study_session(context, card_filter), gathered, "study")
        return True

    def _show_gathering(self) -> None:
        if self._gathering:
            self.start.say("Gathering today's cards…")

    def show_home(self, context: StudyContext) -> None:
        from peerquiz.tui.screens.home import HomeScreen

        self.push_screen(HomeScreen(context, self.settings))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if self.context is not None:
            yield SystemCommand("Browse cards", "Search every card; suspend, bury, flag, reset or cram them", self.action_browse_cards)
            yield SystemCommand("Study settings", "New cards, limits, retention, steps, order, leeches", self.action_open_settings)

    def action_browse_cards(self) -> None:
        from peerquiz.tui.screens.card_browser import CardBrowserScreen

        if self.context is not None and not isinstance(self.screen, CardBrowserScreen):
            self.push_screen(CardBrowserScreen(self.context))

    def on_start_screen_uncovered(self) -> None:
        # With a profile chosen, the start screen shows again only when `peerquiz study`'s session has ended.
        if self.screen is self.start and self.context is not None:
            self.show_home(self.context)

    def on_home_screen_profile_switched(self, event: HomeScreen.ProfileSwitched) -> None:
        if self.context is not None:
            self.context = replace(self.context, profile=event.profile)
            self._apply_ui_settings(self.context)
        remember_profile(self.settings.state_file, event.profile.name)

    def action_open_settings(self) -> None:
        from peerquiz.tui.screens.settings import SettingsScreen

        if self.context is not None and not isinstance(self.screen, SettingsScreen):
            self.push_screen(SettingsScreen(self.context))

    def on_unmount(self) -> None:
        if self.workspace is not None:
            self.workspace.close()
