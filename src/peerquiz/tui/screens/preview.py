"""The instructor's live preview: every item of one deck file, as a candidate sees it, reloaded on save.

Nothing is stored: the deck is read straight from its file, without a database.
"""

from __future__ import annotations

import asyncio
import random

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Static

from peerquiz.core.decks.model import Item
from peerquiz.core.decks.watch import DeckWatch, follow
from peerquiz.tui.editor import edit_file
from peerquiz.tui.screens.base import HelpSection, PeerquizScreen
from peerquiz.tui.widgets.card_view import CardView, answer_key_applies, explanation_text, outcome_text
from peerquiz.tui.widgets.cards import card_help_sections, card_view, kind_name
from peerquiz.tui.widgets.key_footer import KeyFooter

NOTICE_SECONDS = 3.0  # how long "reloaded" stays in the status line


class PreviewScreen(PeerquizScreen[None]):
    BINDINGS = [
        Binding("space,enter", "reveal", "Show answer", key_display="space"),
        Binding("enter,space", "check", "Check", key_display="enter"),
        Binding("space", "step(1)", "Next", show=False),  # once the answer shows, space moves on
        # Letters for the footer; arrows and home/end too, listed in the help.
        Binding("n", "step(1)", "Next"),
        Binding("right", "step(1)", "Next", show=False),
        Binding("p", "step(-1)", "Prev"),
        Binding("left", "step(-1)", "Prev", show=False),
        Binding("g", "jump(0)", "First"),
        Binding("home", "jump(0)", "First", show=False),
        Binding("G,shift+g", "jump(-1)", "Last", key_display="G"),
        Binding("end", "jump(-1)", "Last", show=False),
        Binding("e", "edit", "Edit"),
        Binding("q,escape", "app.quit", "Quit", key_display="q"),
    ]
    HELP_TITLE = "Preview"
    HELP_NOTES = (
        (
            "The preview reloads the deck file whenever it is saved and stays on the same card. "
            "While the file has errors they are listed at the top and the last good version stays below."
        ),
        "Answer a card as a candidate would, or just press space to see its answer. Nothing is recorded.",
        "To try a typed answer, click its box (or press tab); there every key types, esc leaves the box.",
    )

    def __init__(self, deck_watch: DeckWatch, poll_seconds: float | None):
        super().__init__()
        self.deck_watch = deck_watch
        self.poll_seconds = poll_seconds
        self.items: list[Item] = []
        self.index = 0
        self.view: CardView | None = None
        self.answered = False
        self.notice = ""
        self._notice_timer: Timer | None = None
        # The poll timer runs in its own task: one showing at a time, or two views could land in the slot.
        self._showing = asyncio.Lock()

    @classmethod
    def help_sections(cls) -> list[HelpSection]:
        return [*super().help_sections(), *card_help_sections()]

    def compose(self) -> ComposeResult:
        yield Static(id="status")
        with VerticalScroll(id="deck-errors", can_focus=False):
            yield Static(id="error-list")
        with VerticalScroll(id="card-area"):
            yield Vertical(id="card-slot")
            yield Static(id="verdict", classes="after")
            yield Static(id="explanation", classes="after")
        yield KeyFooter(compact=True)

    async def on_mount(self) -> None:
        await self.reload(announce=False)
        if self.poll_seconds:
            self.set_interval(self.poll_seconds, self.check_file)

    # -- the file ----------------------------------------------------------

    async def check_file(self) -> None:
        """Reload when the file changed on disk; polled, so a save shows within a moment."""
        if self.deck_watch.changed():
            await self.reload()

    async def reload(self, announce: bool = True) -> None:
        """Read the file again and show the same item; on errors list them and keep the last good version."""
        async with self._showing:
            good = self.deck_watch.reload()
            self._show_errors()
            if not good:
                if self.deck_watch.deck is None:
                    await self._show_nothing()
                return
            assert self.deck_watch.deck is not None
            previous = self.items[self.index] if self.items else None
            self.items = self.deck_watch.deck.items()
            self.index = follow(self.items, previous, self.index)
            current = self.items[self.index]
            # Redraw only when what the card says changed, so a response in progress survives other edits.
            if previous is None or (previous.item_id, previous.card.digest) != (current.item_id, current.card.digest):
                await self._show(reveal=self.answered)
            if announce:
                self._announce("✓ reloaded")
            self._update_status()

    def _show_errors(self) -> None:
        errors = self.deck_watch.errors
        panel = self.query_one("#deck-errors")
        panel.display = bool(errors)
        if not errors:
            return
        kept = ": showing the last good version below" if self.deck_watch.deck else ""
        panel.border_title = Content(f"{len(errors)} error(s) in {self.deck_watch.path.name}{kept}")  # Content: no markup
        self.query_one("#error-list", Static).update(Content("\n".join(str(error) for error in errors)))

    def _announce(self, notice: str) -> None:
        self.notice = notice
        if self._notice_timer is not None:
            self._notice_timer.stop()
        self._notice_timer = self.set_timer(NOTICE_SECONDS, self._clear_notice)

    def _clear_notice(self) -> None:
        self.notice = ""
        self._update_status()

    # -- showing -------------------------------------------------------------

    async def _show(self, reveal: bool = False) -> None:
        """Put the current item in front, as the review screen would; callers hold ``_showing``."""
        self.answered = False
        slot = self.query_one("#card-slot")
        await slot.remove_children()
        item = self.items[self.index]
        # Shuffled the same way on every showing, so choices do not jump about while the instructor edits.
        self.view = card_view(item, random.Random(item.item_id))
        await slot.mount(self.view)
        # Choice, true/false and ordering keys go to the card; a typed answer box waits for a click or tab,
        # so stepping through the deck never gets stuck in it.
        (self.view if self.view.can_focus else self.query_one("#card-area")).focus()
        for after in self.query(".after").results(Static):
            after.update("")
            after.display = False
        self.query_one("#card-area").scroll_home(animate=False)
        if reveal:
            self.action_reveal()
        self._update_status()
        self.refresh_bindings()

    async def _show_nothing(self) -> None:
        self.view = None
        slot = self.query_one("#card-slot")
        await slot.remove_children()
        await slot.mount(Static("Nothing to show yet: fix the errors above and save the file.", classes="hint"))
        self._update_status()
        self.refresh_bindings()

    def _update_status(self) -> None:
        parts: list[str | tuple[str, str]] = []
        if self.notice:
            parts.append((f"{self.notice}  ", "bold $text-success"))
        deck = self.deck_watch.deck
        if deck is None or not self.items:
            parts.append((self.deck_watch.path.name, "bold"))
        else:
            item = self.items[self.index]
            parts.append((deck.title, "bold"))
            parts.append(f" · {self.index + 1}/{len(self.items)} · {kind_name(item)} · {item.item_id} · line {item.card.line}")
        self.query_one("#status", Static).update(Content.assemble(*parts))

    # -- keys ------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("reveal", "check"):
            return answer_key_applies(self.view, self.answered, action)
        if action in ("step", "jump", "edit"):
            return bool(self.items)
        return True

    async def action_edit(self) -> None:
        """Open the deck file at this card's line; saving there reloads the preview, on the same card."""
        if edit_file(self.app, str(self.deck_watch.path), self.items[self.index].card.line):
            await self.check_file()

    def action_reveal(self) -> None:
        """Show the answer as a candidate sees it after answering; with no response, the right answer."""
        if self.view is None or self.answered:
            return
        item = self.items[self.index]
        verdict = None if self.view.self_graded else self.view.check()
        self.view.reveal(verdict)
        self.answered = True
        if not self.view.self_graded:
            verdict_line = self.query_one("#verdict", Static)
            verdict_line.update(outcome_text(item, verdict))
            verdict_line.display = True
        explanation = self.query_one("#explanation", Static)
        explanation.update(explanation_text(item.card))
        explanation.display = True
        self.refresh_bindings()

    def action_check(self) -> None:
        self.action_reveal()

    def on_card_view_answered(self, event: CardView.Answered) -> None:
        self.action_reveal()

    async def action_step(self, step: int) -> None:
        await self._go(self.index + step)

    async def action_jump(self, index: int) -> None:
        await self._go(index % len(self.items))

    async def _go(self, index: int) -> None:
        async with self._showing:
            if not 0 <= index < len(self.items):
                self.notify("That is the last item." if index > 0 else "That is the first item.")
                return
            self.index = index
            await self._show()
