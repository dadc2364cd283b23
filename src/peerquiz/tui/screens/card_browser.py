"""The card browser: search and filter every card, see its memory and answers, act on one or many.

The store narrows the cards and the search runs in a thread, so typing stays quick on a large
collection; rows are read a page at a time as the cursor nears the end of what is loaded.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Input, Select, Static
from textual.worker import get_current_worker

from peerquiz.core.clock import day_end
from peerquiz.core.decks.model import Item
from peerquiz.core.store.card_query import CardQuery, CardState
from peerquiz.core.study.card_actions import apply
from peerquiz.core.study.card_search import CardDetails, CardSearch, FoundCard
from peerquiz.core.study.grading import front
from peerquiz.core.study.session import Mode, StudySession, tags_in_use
from peerquiz.core.study.undo import Action, UndoHistory
from peerquiz.tui.background import PROGRESS_AFTER, after_next_frame, collector_quiet, read_off_ui_thread, waited_for_frame
from peerquiz.tui.context import StudyContext
from peerquiz.tui.editor import edit_file
from peerquiz.tui.scopes import add_tag_scopes, deck_scopes, scope_options
from peerquiz.tui.screens.base import PeerquizScreen
from peerquiz.tui.screens.deck_copy import with_editable_file
from peerquiz.tui.screens.dialog import Dialog
from peerquiz.tui.screens.review import ReviewScreen
from peerquiz.tui.widgets.card_pane import pane_text
from peerquiz.tui.widgets.cards import KIND_NAMES
from peerquiz.tui.widgets.key_footer import KeyFooter

PAGE = 100  # rows read at a time
COLUMNS = (("", "mark"), ("Card", "card"), ("State", "state"), ("Due", "due"), ("Lapses", "lapses"), ("Marks", "marks"),
           ("Prompt", "prompt"))  # fmt: skip
# A narrow screen (app.tcss's -narrow) leaves out due date and lapses, which the card pane shows, rather than
# scrolling the table sideways.
NARROW_LEAVES_OUT = frozenset({"due", "lapses"})
MIN_PROMPT = 10  # the prompt column takes what the others leave (the pane shows it whole), but never less
SHORT_MARKS = {"suspended": "susp", "buried": "buried", "leech": "leech", "flagged": "flag"}
STATES = [("Any state", None), ("New", CardState.NEW), ("Learning", CardState.LEARNING), ("Review", CardState.REVIEW),
          ("Due today", CardState.DUE), ("Suspended", CardState.SUSPENDED), ("Buried", CardState.BURIED),
          ("Leech", CardState.LEECH), ("Flagged", CardState.FLAGGED)]  # fmt: skip
# Each toggle: the action when any chosen card lacks the mark, its opposite when all have it.
TOGGLES = {
    "suspend": (Action.SUSPEND, Action.UNSUSPEND, lambda f: bool(f.memory and f.memory.suspended)),
    "flag": (Action.FLAG, Action.UNFLAG, lambda f: bool(f.memory and f.memory.flag)),
}
Result = TypeVar("Result")


def _prompt_cell(card: FoundCard, room: int) -> Text:
    """The card's prompt on one line, cut with "…" to ``room`` columns."""
    prompt = " ".join(front(card.item).split())
    return Text(prompt if len(prompt) <= room else prompt[: room - 1] + "…")


class CardTable(DataTable[Text]):
    BINDINGS = [Binding("space", "mark", "Select")]

    def action_mark(self) -> None:
        screen = self.screen
        if isinstance(screen, CardBrowserScreen):
            screen.toggle_mark()


class CardBrowserScreen(PeerquizScreen[None]):
    BINDINGS = [
        Binding("slash", "search", "Search", key_display="/", show=False),
        Binding("s", "mark_cards('suspend')", "Suspend"),
        Binding("b", "bury", "Bury"),
        Binding("f", "mark_cards('flag')", "Flag"),
        Binding("r", "reset", "Reset", show=False),
        Binding("e", "edit", "Edit", show=False),
        Binding("c", "cram", "Cram"),
        Binding("u", "undo", "Undo"),
        Binding("escape", "back", "Back"),
    ]
    HELP_TITLE = "Cards"
    HELP_NOTES = (
        ("Type to search prompt, answer, explanation, source and tags; every word must match. "
        "enter or ↓ goes to the list; / comes back to the search."),
        ("space selects cards; s, b, f and r act on the selected cards, or on the highlighted one when none is. "
        "s, b and f take the mark off when every chosen card has it. u undoes, latest first."),
        "c crams the selected cards, or every card found (flagged or leech cards, say); the schedule is kept.",
    )
    FIRST_FOCUS = "#card-search"

    def __init__(self, context: StudyContext) -> None:
        super().__init__()
        self.context = context
        self.search = CardSearch(context.store, context.library, context.profile, context.clock)
        self.history = UndoHistory(context.store, context.profile.id)
        self.card_ids: list[int] = []  # the whole result, in deck order
        self.loaded = 0  # how many of them the table holds
        self.results = 0  # counts the results shown, so a page read for an older one is dropped
        self.page_asked: tuple[int, int] | None = None  # (result, start) of the page being read
        self.marked: set[int] = set()
        self.shown: dict[int, FoundCard] = {}
        self.prompt_room = 0  # the columns the prompts shown were cut to
        self.narrow = False  # the table's columns are the narrow set
        # One store connection may be shared (an in-memory database): one thread uses it at a time.
        self._store_lock = threading.Lock()
        self._gathering = 0  # how many cards a cram being gathered has (action_cram)
        self.scopes = deck_scopes(context.library)  # the tags follow once read (on_mount)

    def compose(self) -> ComposeResult:
        yield Static(id="browser-status")
        yield Input(placeholder="Search cards (all words must match)", id="card-search", compact=True)
        with Horizontal(id="browser-filters"):
            yield Select(scope_options(self.scopes), value=0, allow_blank=False, compact=True, id="scope")
            yield Select([("Any kind", ""), *((name, kind) for kind, name in KIND_NAMES.items())], value="",
                         allow_blank=False, compact=True, id="kind")  # fmt: skip
            yield Select(STATES, value=None, allow_blank=False, compact=True, id="state")
            yield Input(placeholder="lapses ≥", type="integer", compact=True, id="lapses")
        yield CardTable(id="card-table", cursor_type="row", zebra_stripes=False)
        with VerticalScroll(id="card-pane", can_focus=False):
            yield Static(id="card-details")
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        table = self.query_one(CardTable)
        self._add_columns()
        self.watch(table, "scroll_y", self._near_the_end, init=False)  # the mouse wheel reads on too
        self.refresh_results()
        store, library = self.context.store, self.context.library
        read_off_ui_thread(self, store, lambda: self._locked(lambda: tags_in_use(store, library)), self._add_tags,
                           "browser-tags")  # fmt: skip

    def _add_tags(self, tags: list[str]) -> None:
        add_tag_scopes(self.query_one("#scope", Select), self.scopes, tags)

    def _add_columns(self) -> None:
        self.narrow = self.has_class("-narrow")
        table = self.query_one(CardTable)
        for label, key in COLUMNS:
            if not (self.narrow and key in NARROW_LEAVES_OUT):
                table.add_column(label, key=key)

    def on_resize(self) -> None:
        if not self._fit_columns():  # rows laid out again were cut to the new width already
            self._cut_prompts(self._prompt_room([]))

    def _fit_columns(self) -> bool:
        """Across the narrow breakpoint, lay the loaded rows out again in the other set of columns.

        Also as results arrive: the screen may get its width class after it mounted.
        """
        if self.has_class("-narrow") == self.narrow:
            return False
        table = self.query_one(CardTable)
        keep, loaded = table.cursor_row, list(self.shown.values())
        table.clear(columns=True)
        self._add_columns()
        self.loaded, self.shown = 0, {}
        self._add_rows(loaded)
        if table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1))
        return True

    def on_screen_resume(self) -> None:
        if self.card_ids:  # back from cramming or editing: what was shown may have changed
            self.refresh_results()

    # -- querying, off the UI thread -----------------------------------------

    def _query(self) -> tuple[CardQuery, str]:
        scope: int | None = self.query_one("#scope", Select).selection
        kind: str | None = self.query_one("#kind", Select).selection
        state: CardState | None = self.query_one("#state", Select).selection
        lapses = self.query_one("#lapses", Input).value
        query = CardQuery(self.scopes[scope or 0][1], kinds=(kind,) if kind else (), state=state,
                          min_lapses=int(lapses) if lapses.lstrip("-").isdigit() else 0)  # fmt: skip
        return query, self.query_one("#card-search", Input).value

    def _locked(self, read: Callable[[], Result]) -> Result:
        with self._store_lock, collector_quiet():
            return read()

    def refresh_results(self) -> None:
        query, words = self._query()
        self._run_search(query, words, after_next_frame(self))

    @work(thread=True, exclusive=True, group="search")
    def _run_search(self, query: CardQuery, words: str, drawn: threading.Event) -> None:
        # After the frame that shows the screen, or the letter typed: the first search of every card loads every deck.
        if not waited_for_frame(drawn):
            return
        card_ids = self._locked(lambda: self.search.card_ids(query, words))
        first = self._locked(lambda: self.search.rows(card_ids[:PAGE]))
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_results, card_ids, first)

    def _show_results(self, card_ids: list[int], first: list[FoundCard]) -> None:
        self._fit_columns()
        table = self.query_one(CardTable)
        keep = table.cursor_row
        self.card_ids, self.loaded, self.shown = card_ids, 0, {}
        self.results += 1
        self.marked &= set(card_ids)
        table.clear()
        self._add_rows(first)
        if table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1))
        self._update_status()
        if not table.row_count:
            self.query_one("#card-details", Static).update("No card matches.")

    def _add_rows(self, found: list[FoundCard]) -> None:
        table = self.query_one(CardTable)
        now = self.context.clock()
        keys = [key for _, key in COLUMNS if not (self.narrow and key in NARROW_LEAVES_OUT)]
        rows = [(card, self._cells(card, now)) for card in found]
        room = self._prompt_room([cells for _, cells in rows])
        self._cut_prompts(room)  # a wider cell on this page leaves less room for the prompts shown so far
        for card, cells in rows:
            cells["prompt"] = _prompt_cell(card, room)
            table.add_row(*(cells[key] for key in keys), key=str(card.card_id))
            self.shown[card.card_id] = card
        self.loaded += len(found)

    def _cells(self, card: FoundCard, now: datetime) -> dict[str, Text]:
        """A row's cells but the prompt, whose width depends on the others."""
        memory = card.memory
        due = memory.due.astimezone().strftime("%Y-%m-%d") if memory and not memory.is_new and memory.due else "–"
        return {
            "mark": Text("✓" if card.card_id in self.marked else " "), "card": Text(card.item.item_id),
            "state": Text(card.state), "due": Text(due), "lapses": Text(str(memory.lapses if memory else 0), justify="right"),
            "marks": Text(" ".join(SHORT_MARKS[mark] for mark in card.marks(now))),
        }  # fmt: skip

    def _cut_prompts(self, room: int) -> None:
        """Cut the prompts shown to ``room`` columns, unless that is what they were cut to."""
        if room != self.prompt_room:
            table = self.query_one(CardTable)
            for card_id, card in self.shown.items():
                table.update_cell(str(card_id), "prompt", _prompt_cell(card, room), update_width=True)
            self.prompt_room = room

    def _prompt_room(self, rows: list[dict[str, Text]]) -> int:
        """What the other columns leave of the screen's width, each as wide as its widest cell shown or to come."""
        table = self.query_one(CardTable)
        padding = 2 * table.cell_padding
        taken = padding + table.styles.scrollbar_size_vertical  # the prompt's own padding, and the scrollbar
        for column in table.columns.values():
            key = column.key.value
            if key != "prompt":
                widest = max((cells[key].cell_len for cells in rows if key in cells), default=0)
                taken += max(column.content_width, widest) + padding
        return max(self.size.width - taken, MIN_PROMPT)

    @work(thread=True, exclusive=True, group="page")
    def _load_more(self, asked: tuple[int, int], card_ids: list[int]) -> None:
        start = asked[1]
        more = self._locked(lambda: self.search.rows(card_ids[start : start + PAGE]))
        self.app.call_from_thread(self._append_page, asked, more)

    def _append_page(self, asked: tuple[int, int], more: list[FoundCard]) -> None:
        if asked == (self.results, self.loaded):  # neither the result nor the rows shown changed meanwhile
            self._add_rows(more)

    @work(thread=True, exclusive=True, group="details")
    def _load_details(self, card_id: int) -> None:
        details = self._locked(lambda: self.search.details(card_id))
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_details, details)

    def _show_details(self, details: CardDetails) -> None:
        self.query_one("#card-details", Static).update(pane_text(details, self.context.clock()))

    def _update_status(self) -> None:
        count = len(self.card_ids)
        parts: list[str | tuple[str, str]] = [("Cards", "bold"), f" · {count} found"]
        if self.marked:
            parts.append(f" · {len(self.marked)} selected")
        parts.append(" · ? help")
        self.query_one("#browser-status", Static).update(Content.assemble(*parts))

    # -- events ------------------------------------------------------------

    @on(Input.Changed)
    @on(Select.Changed)
    def _filters_changed(self) -> None:
        self.refresh_results()

    @on(Input.Submitted)
    def _to_table(self) -> None:
        self.query_one(CardTable).focus()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is not None:
            self._load_details(int(event.row_key.value))
        self._near_the_end()

    def _near_the_end(self) -> None:
        """Read the next page once the cursor or the scrolling comes near the last row read."""
        table = self.query_one(CardTable)
        last_shown = max(table.cursor_row, int(table.scroll_y) + table.size.height)
        page = (self.results, self.loaded)
        if last_shown >= self.loaded - PAGE // 4 and self.loaded < len(self.card_ids) and self.page_asked != page:
            self.page_asked = page  # each cursor move comes here: one read per page, not one per move
            self._load_more(page, self.card_ids)

    # -- acting on cards ---------------------------------------------------

    def _highlighted(self) -> int | None:
        table = self.query_one(CardTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return int(key) if key is not None else None

    def _chosen(self) -> list[int]:
        """The selected cards in deck order, or the highlighted one."""
        if self.marked:
            return [i for i in self.card_ids if i in self.marked]
        highlighted = self._highlighted()
        return [highlighted] if highlighted is not None else []

    def toggle_mark(self) -> None:
        card_id = self._highlighted()
        if card_id is None:
            return
        self.marked ^= {card_id}
        table = self.query_one(CardTable)
        table.update_cell(str(card_id), "mark", Text("✓" if card_id in self.marked else " "))
        table.action_cursor_down()
        self._update_status()

    def _act(self, action: Action, card_ids: list[int]) -> None:
        context = self.context
        now = context.clock()
        until = day_end(now, self.search.scheduler.settings)
        self._locked(lambda: apply(context.store, context.profile.id, self.history, card_ids, action, now, until))
        count = f"{len(card_ids)} card{'s' if len(card_ids) != 1 else ''}"
        self.notify(f"Done: {action.value}, {count}. u undoes it.", markup=False)
        self.refresh_results()

    def action_mark_cards(self, name: str) -> None:
        chosen = self._chosen()
        if not chosen:
            return
        on, off, has = TOGGLES[name]
        all_have = all(has(self.shown[i]) for i in chosen if i in self.shown)
        self._act(off if all_have else on, chosen)

    def action_bury(self) -> None:
        chosen = self._chosen()
        if chosen:
            now = self.context.clock()
            all_buried = all("buried" in self.shown[i].marks(now) for i in chosen if i in self.shown)
            self._act(Action.UNBURY if all_buried else Action.BURY, chosen)

    def action_reset(self) -> None:
        chosen = self._chosen()
        if not chosen:
            return
        question = (f"Reset {len(chosen)} card{'s' if len(chosen) != 1 else ''} to new? Their schedule is forgotten; "
                    "their answers stay in the history, and u undoes it.")  # fmt: skip
        self.app.push_screen(Dialog(question, [("reset", "Reset to new"), ("keep", "Keep")]),
                             lambda answer: self._act(Action.RESET, chosen) if answer == "reset" else None)  # fmt: skip

    def action_undo(self) -> None:
        done = self._locked(self.history.undo)
        if done is None:
            self.notify("Nothing to undo here.")
            return
        self.notify(f"Undid {done.describe()}.", markup=False)
        self.refresh_results()

    def action_edit(self) -> None:
        card_id = self._highlighted()
        library = self.context.library
        item = library.items[card_id] if card_id is not None else None
        deck = library.header(item.deck_id) if item else None
        if item is not None and deck is not None and deck.path:
            with_editable_file(self.app, Path(deck.path), lambda deck_file: self._edit_in(deck_file, item))

    def _edit_in(self, deck_file: Path, item: Item) -> None:
        if not edit_file(self.app, str(deck_file), item.card.line):
            return
        library = self.context.library
        errors = self._locked(lambda: library.reload(item.deck_id, self.context.store.cards, deck_file))
        if errors:
            self.notify(f"The deck file has errors, so it stays as it was: {errors[0]}", severity="warning", markup=False)
        self.refresh_results()

    def action_cram(self) -> None:
        chosen = [i for i in self.card_ids if i in self.marked] if self.marked else list(self.card_ids)
        if not chosen:
            self.notify("No cards to cram.", severity="warning")
            return
        context = self.context
        title = f"Cram · {len(chosen)} cards from the browser"

        def gather() -> StudySession:  # the chosen cards and their memories: seconds for every card found at 200k
            return StudySession(context.store, context.library, context.profile, mode=Mode.CRAM, clock=context.clock,
                                chosen=chosen)  # fmt: skip

        def begin(session: StudySession) -> None:
            self._gathering = 0
            self.app.push_screen(ReviewScreen(context, session, title))

        self._gathering = len(chosen)
        self.set_timer(PROGRESS_AFTER, self._show_gathering)
        read_off_ui_thread(self, context.store, lambda: self._locked(gather), begin, "browser-cram")

    def _show_gathering(self) -> None:
        if self._gathering:
            self.notify(f"Gathering {self._gathering} cards to cram…")

    def action_search(self) -> None:
        self.query_one("#card-search", Input).focus()

    def action_back(self) -> None:
        self.dismiss()
