"""The review screen: one card at a time, graded 1–4, every answer committed before the next card."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual import events, on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Input, Static

from peerquiz.core.store.card_filter import CardFilter
from peerquiz.core.store.records import Rating
from peerquiz.core.study.grading import Verdict
from peerquiz.core.study.scheduling import format_interval
from peerquiz.core.study.session import Mode, Shown, StudySession
from peerquiz.tui.context import StudyContext
from peerquiz.tui.editor import edit_file
from peerquiz.tui.screens.base import HelpSection, PeerquizScreen
from peerquiz.tui.screens.deck_copy import with_editable_file
from peerquiz.tui.screens.dialog import Dialog
from peerquiz.tui.screens.summary import SummaryScreen
from peerquiz.tui.widgets.card_view import CardView, answer_key_applies, explanation_text, outcome_text
from peerquiz.tui.widgets.cards import card_help_sections, card_view, kind_name
from peerquiz.tui.widgets.choices import TrueFalseView
from peerquiz.tui.widgets.key_footer import KeyFooter


def study_session(context: StudyContext, card_filter: CardFilter) -> StudySession:
    """Today's queue of these cards: reads the store, so a screen may build it in a worker."""
    return StudySession(context.store, context.library, context.profile, card_filter, clock=context.clock)


def show_review(app: App[Any], context: StudyContext, title: str, session: StudySession) -> bool:
    """Show the session's first card; False (having said so) when nothing is due or new now."""
    if not session.remaining:
        app.notify(f"Nothing to study in {title} right now. Press c to cram ahead of schedule.", markup=False)
        return False
    app.push_screen(ReviewScreen(context, session, title))
    return True


class GradeButton(Button):
    """One of the four grades, for the mouse; its label shows when the card would come back."""

    def __init__(self, rating: Rating):
        super().__init__(id=f"grade-{rating.value}", classes="grade")
        self.rating = rating


class ReviewScreen(PeerquizScreen[None]):
    BINDINGS = [
        Binding("space,enter", "reveal", "Show answer", key_display="space"),
        Binding("enter,space", "check", "Check", key_display="enter"),
        Binding("space,enter", "accept", "Continue", key_display="space"),
        *(Binding(str(r.value), f"grade({r.value})", f"Grade {r.name.title()}", show=False) for r in Rating),
        Binding("u", "undo", "Undo"),
        Binding("b", "bury", "Bury"),
        Binding("s", "suspend", "Suspend"),
        Binding("f", "flag", "Flag"),
        Binding("e", "edit", "Edit"),
        Binding("q,escape", "end", "End", key_display="q"),
        Binding("pageup", "scroll_card(-1)", "Scroll up", show=False),
        Binding("pagedown", "scroll_card(1)", "Scroll down", show=False),
    ]
    HELP_NOTES = (
        (
            "While a multiple-choice or true/false question waits for your answer, its keys win: "
            "b and e pick choices and f answers False. Bury, edit and flag work once the answer is shown."
        ),
        "After an answer is checked, the suggested grade is highlighted: space accepts it, 1–4 pick another.",
        "In a typed answer every key types until enter checks it; the keys above work once it is checked.",
        "esc or q asks before ending a session in which an answer or a grade is still to give.",
    )
    HELP_TITLE = "Review"
    BUTTONS_FOR_MOUSE = True  # keys belong to the screen; buttons are for the mouse

    def __init__(self, context: StudyContext, session: StudySession, title: str):
        super().__init__()
        self.rng = context.rng
        self.session = session
        self.title_text = title
        self.view: CardView | None = None
        self.answered = False
        self.default_grade = Rating.GOOD

    @classmethod
    def help_sections(cls) -> list[HelpSection]:
        return [*super().help_sections(), *card_help_sections()]

    def compose(self) -> ComposeResult:
        yield Static(id="status")
        # Not focusable: while a card waits for its answer, the keys stay with what takes it.
        with VerticalScroll(id="card-area", can_focus=False):
            yield Vertical(id="card-slot")
            yield Static(id="verdict", classes="after")
            yield Static(id="explanation", classes="after")
        yield Static("▼ more below: page down or scroll", id="more-below")  # shown by _hint_more
        with Horizontal(id="actions"):
            yield Button(id="submit", variant="primary")
            for rating in Rating:
                yield GradeButton(rating)
        # ctrl+p still opens the palette (listed in ? help); at 80 columns its hint left no room for the card's keys.
        yield KeyFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        area = self.query_one("#card-area", VerticalScroll)
        for changes in ("scroll_y", "virtual_size", "size"):
            self.watch(area, changes, self._hint_more_soon, init=False)
        self.run_worker(self._advance())

    def _hint_more_soon(self) -> None:
        self.call_after_refresh(self._hint_more)  # once the layout has settled

    def _hint_more(self) -> None:
        """Say so when the card goes on below the screen: a scrollbar alone was easy to miss."""
        area = self.query_one("#card-area", VerticalScroll)
        hint = self.query_one("#more-below")
        spare = 1 if hint.display else 0  # hidden, the hint's line would go back to the card
        hint.display = area.scroll_y < area.max_scroll_y - spare

    # -- showing ---------------------------------------------------------

    async def _advance(self) -> None:
        shown = self.session.next()
        if shown is None:
            self._finish()
        else:
            await self._show(shown)

    async def _show(self, shown: Shown) -> None:
        self.answered = False
        self.default_grade = Rating.GOOD
        slot = self.query_one("#card-slot")
        await slot.remove_children()
        self.view = card_view(shown.item, self.rng)
        await slot.mount(self.view)
        self.view.focus_answer()
        for after in self.query(".after").results(Static):
            after.update("")
            after.display = False
        self.query_one("#card-area").scroll_home(animate=False)
        self._update_status()
        self._update_actions()
        self.refresh_bindings()

    def _update_status(self) -> None:
        current = self.session.current
        if current is None:
            return
        item, memory = current.item, current.memory
        deck = self.session.library.header(item.deck_id)
        kind = kind_name(item)
        stage = "new" if memory.is_new else memory.phase.name.lower()
        parts: list[str | tuple[str, str]] = [(deck.title if deck else item.deck_id, "bold"), f" · {kind} · {stage}"]
        parts.append(f" · {self.session.remaining} left · ? help")
        if memory.flag:
            parts.append(("  ⚑ flagged", "bold $text-warning"))
        if memory.suspended:
            parts.append(("  ⏸ suspended (s unsuspends)", "bold"))
        if self.session.mode is Mode.CRAM:
            parts.append(("  cram (schedule kept)", "italic"))
        self.query_one("#status", Static).update(Content.assemble(*parts))

    def _update_actions(self) -> None:
        submit = self.query_one("#submit", Button)
        submit.label = self.view.submit_label if self.view else ""
        submit.display = not self.answered and isinstance(self.view, CardView) and not isinstance(self.view, TrueFalseView)
        intervals = self.session.intervals() if self.answered and self.session.current else {}
        for rating in Rating:
            button = self.query_one(f"#grade-{rating.value}", Button)
            when = f" · {format_interval(intervals[rating])}" if rating in intervals else ""
            button.label = f"{rating.value} {rating.name.title()}{when}"
            button.variant = "primary" if rating == self.default_grade else "default"
            button.display = self.answered

    def _show_answer(self, verdict: Verdict | None) -> None:
        assert self.view is not None and self.session.current is not None
        card = self.session.current.item.card
        self.view.reveal(verdict)
        self.answered = True
        self.default_grade = verdict.suggested if verdict else Rating.GOOD
        verdict_line = self.query_one("#verdict", Static)
        if verdict is not None:
            verdict_line.display = True
            outcome = outcome_text(self.session.current.item, verdict)
            suggestion = f"Suggested grade: {verdict.suggested.name.title()}. space accepts it, 1–4 choose another."
            verdict_line.update(Content("\n").join([outcome, Content.styled(suggestion, "italic")]))
        explanation = self.query_one("#explanation", Static)
        explanation.display = True
        explanation.update(explanation_text(card))
        self._update_actions()
        self.refresh_bindings()

    def _finish(self) -> None:
        if self.session.summary.reviewed:
            self.app.switch_screen(SummaryScreen(self.session, self.title_text))
        else:
            self.dismiss()

    # -- keys and buttons ------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("reveal", "check"):
            return answer_key_applies(self.view, self.answered, action)
        if action in ("accept", "grade"):
            return self.answered
        if action in ("undo", "bury", "suspend", "flag", "edit") and self._typing():
            return False  # their letters are typing: not offered until the answer is checked
        if action in ("bury", "suspend", "flag", "edit"):
            return self.session.current is not None
        return True

    def action_reveal(self) -> None:
        if self.view is None:
            return
        verdict = None if self.view.self_graded else self.view.check()
        if verdict is None and not self.view.self_graded:
            self.notify("Pick an answer first.", severity="warning")
            return
        self._show_answer(verdict)

    def action_check(self) -> None:
        self.action_reveal()

    def on_card_view_answered(self, event: CardView.Answered) -> None:
        if not self.answered:
            self.action_reveal()

    async def action_accept(self) -> None:
        await self.action_grade(int(self.default_grade))

    async def action_grade(self, rating: int) -> None:
        self.answered = False  # a second key press while the next card loads must not grade it
        self.session.answer(Rating(rating))  # committed before the next card is shown
        await self._advance()

    async def action_undo(self) -> None:
        done = self.session.undo()
        if done is None:
            self.notify("Nothing to undo in this session.")
            return
        current = self.session.current
        on_card = f" on {current.item.item_id}" if current else ""
        self.notify(f"Undid {done.describe()}{on_card}.", markup=False)
        if current is not None:
            await self._show(current)

    async def action_bury(self) -> None:
        self.session.bury()
        self.notify("Buried until tomorrow.")
        await self._advance()

    async def action_suspend(self) -> None:
        current = self.session.current
        if current is not None and current.memory.suspended:
            self.session.unsuspend()
            self.notify("Unsuspended: this card is back in your reviews.")
            self._update_status()
            return
        self.session.suspend()
        self.notify("Suspended: this card will not come back until you unsuspend it.")
        await self._advance()

    def action_flag(self) -> None:
        flagged = self.session.toggle_flag()
        self.notify("Flagged for later." if flagged else "Flag removed.")
        self._update_status()

    def action_edit(self) -> None:
        """Open the card in the editor (a bundled deck's in a copy); once saved, the card shows as edited."""
        current = self.session.current
        deck = self.session.library.header(current.item.deck_id) if current else None
        if current is not None and deck is not None and deck.path:
            with_editable_file(self.app, Path(deck.path), self._edit_in)

    async def _edit_in(self, deck_file: Path) -> None:
        current = self.session.current
        if current is None or not edit_file(self.app, str(deck_file), current.item.card.line):
            return
        errors = self.session.library.reload(current.item.deck_id, self.session.store.cards, deck_file)
        if errors:
            message = f"The deck file has errors, so it stays as it was: {errors[0]}"
            self.notify(message, severity="warning", markup=False)
            return
        shown = self.session.refresh()
        if shown is None:
            self.notify("This card is no longer in the deck file.")
            await self._advance()
        else:
            await self._show(shown)

    def _typing(self) -> bool:
        return self.view is not None and isinstance(self.view.answer_keys(), Input)

    def on_key(self, event: events.Key) -> None:
        """While a card waits for its answer, keys go to what takes it, never to a command."""
        target = self.view.answer_keys() if self.view is not None and not self.answered else None
        if target is None or event.key == "escape":
            return
        if event.key in ("tab", "shift+tab"):
            event.stop()  # focus stays where the answer is given
            event.prevent_default()
        elif self.focused is not target and event.is_printable:
            event.stop()
            event.prevent_default()
            target.focus()
            # The key goes to the answer, as if the focus had never left it.
            if isinstance(target, Input):
                target.insert_text_at_cursor(event.character or "")
            for binding in Binding.make_bindings(target.BINDINGS):
                if binding.key == event.key:
                    self.run_worker(self.app.run_action(binding.action, target))

    def action_scroll_card(self, pages: int) -> None:
        area = self.query_one("#card-area", VerticalScroll)
        area.scroll_page_down() if pages > 0 else area.scroll_page_up()

    def action_end(self) -> None:
        # In the answer box esc is the only way out, so it always asks there.
        if not (self.answered or self._typing() or (self.view is not None and self.view.has_response())):
            self._finish()
            return
        missing = "This card's grade is still to give." if self.answered else "This card still waits for your answer."
        answers = [("stay", "Keep studying"), ("end", "End the session")]
        self.app.push_screen(Dialog(f"{missing} End the session anyway?", answers), self._end_if_chosen)

    def _end_if_chosen(self, choice: str | None) -> None:
        if choice == "end":
            self._finish()

    @on(Button.Pressed, "#submit")
    def _submit_pressed(self) -> None:
        self.action_reveal()

    @on(Button.Pressed, ".grade")
    async def _grade_pressed(self, event: Button.Pressed) -> None:
        if self.answered and isinstance(event.button, GradeButton):
            await self.action_grade(event.button.rating)
