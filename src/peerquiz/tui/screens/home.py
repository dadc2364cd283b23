"""The home screen: today's progress and the decks, grouped by domain, with their counts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, DataTable, Static

from peerquiz.config import Settings, bundled_decks_dir
from peerquiz.core.decks.loader import first_error_of_each
from peerquiz.core.exams.blueprint import (
    Blueprint,
    BlueprintError,
    find_blueprint,
    load_blueprint,
)
from peerquiz.core.store import DeckCount
from peerquiz.core.store.card_filter import CardFilter
from peerquiz.core.store.records import Profile
from peerquiz.core.study.session import StudySession
from peerquiz.core.study.today import Today, today
from peerquiz.tui.background import PROGRESS_AFTER, import_off_ui_thread, read_off_ui_thread
from peerquiz.tui.context import StudyContext
from peerquiz.tui.screens.base import HelpSection, PeerquizScreen
from peerquiz.tui.screens.cram import CramScreen
from peerquiz.tui.screens.profiles import ProfileScreen
from peerquiz.tui.screens.review import show_review, study_session
from peerquiz.tui.screens.summary import describe_due
from peerquiz.tui.table_rows import RowFeed
from peerquiz.tui.targets import ALL, by_domain, deck_key, domain_key, study_targets
from peerquiz.tui.widgets.key_footer import KeyFooter


class DeckTable(DataTable[Text]):
    BINDINGS = [Binding("enter", "select_cursor", "Study")]


# The theme's text colours, not plain red/green/blue: they stay readable on the theme's background, and as
# greys under NO_COLOR (plain red became grey 237 on grey 235).
COUNT_COLOURS = ("text-primary", "text-error", "text-success")
COUNT_COLUMNS_WIDTH = 30  # New, Learning and Due with the table's cell padding and margins
# Imported when first needed, not at the start (see action_stats); imported ahead once home has its figures.
SCREENS_HOME_OPENS = ("peerquiz.tui.screens.stats", "peerquiz.tui.screens.exam_start",
                      "peerquiz.tui.screens.card_browser", "peerquiz.tui.screens.settings")  # fmt: skip


# DataTable cells stay Rich Text: the table measures and right-aligns Rich renderables, which Content is not.
def _counts(count: DeckCount, theme: dict[str, str]) -> list[Text]:
    values = (count.new, count.learning, count.review)
    return [Text(str(value), style=f"bold {theme[colour]}" if value else "dim", justify="right")
            for value, colour in zip(values, COUNT_COLOURS)]  # fmt: skip


class HomeScreen(PeerquizScreen[None]):
    BINDINGS = [
        Binding("c", "cram", "Cram"),
        Binding("x", "exam", "Exam"),
        # Stats and Profile have buttons on the screen; the footer keeps to what fits in 80 columns.
        Binding("t", "stats", "Stats", show=False),
        Binding("b", "app.browse_cards", "Cards"),
        Binding("p", "profiles", "Profile", show=False),
        Binding("o", "app.open_settings", "Settings"),
        Binding("l", "class_view", "Class report (every profile this database lets you read)", show=False),
        Binding("q", "app.quit", "Quit"),
    ]
    HELP_TITLE = "Decks"
    HELP_NOTES = (
        (
            "The New, Learning and Due columns count what today's study would show. "
            "Pick a deck, a domain heading or 'All decks' and press enter."
        ),
    )
    FIRST_FOCUS = "DeckTable"
    BUTTONS_FOR_MOUSE = True

    class ProfileSwitched(Message):
        """Someone else studies now: the app remembers the profile for the next start."""

        def __init__(self, profile: Profile) -> None:
            super().__init__()
            self.profile = profile

    def __init__(self, context: StudyContext, settings: Settings) -> None:
        super().__init__()
        self.context = context  # replaced when the profile is switched
        self.settings = settings
        self.targets = study_targets(context.library.headers)
        self._reading: set[str] = set()  # the lines still being read (their widget ids)
        self._screens_imported = False  # the screens home opens (SCREENS_HOME_OPENS), once its first reads are in
        self._cursor_row: int | None = None  # where the cursor goes back to once the table is filled again

    @classmethod
    def help_sections(cls) -> list[HelpSection]:
        return [(cls.HELP_TITLE, list(Binding.make_bindings([*DeckTable.BINDINGS, *cls.BINDINGS])))]

    def compose(self) -> ComposeResult:
        yield Static(id="home-title")
        yield Static(id="today")
        yield Static(id="readiness")
        yield Static(id="plan")
        yield Static(id="notice")
        yield DeckTable(id="decks", cursor_type="row", zebra_stripes=False)
        with Horizontal(id="home-actions"):
            yield Button("Study", id="go-study", variant="primary")
            yield Button("Cram / custom", id="go-cram")
            yield Button("Mock exam", id="go-exam")
            yield Button("Stats", id="go-stats")
            yield Button("Switch profile", id="go-profiles")
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        table = self.query_one(DeckTable)
        self._feed = RowFeed(table, done=self._restore_cursor)
        # A Text label, as the others: a str is parsed as markup, and the first markup parsed loads Rich's emoji
        # table (5 ms, in the step that draws home's first frame).
        table.add_column(Text("Deck"), key="deck")
        for label in ("New", "Learning", "Due"):
            table.add_column(Text(label, justify="right"), key=label.lower())

    def on_screen_resume(self) -> None:
        """Counts are read each time this screen comes to the top (first shown, back from a session)."""
        if self.app.screen is self:
            self.refresh_counts()

    def refresh_counts(self) -> None:
        """Title and notices at once; today's counts and the readiness are read off the UI thread.

        Both read every card's memory: on a large collection that takes longer than a frame.
        """
        context, library = self.context, self.context.library
        title = Content.assemble(("peerquiz", "bold"), " · ", (context.profile.name, "bold"))
        self.query_one("#home-title", Static).update(title)
        self._reading = {"#today", "#readiness"}
        self.query_one("#today", Static).update(Content.assemble(("Today: ", "bold"), "…"))
        if not self.query_one(DeckTable).row_count:  # first shown: the decks, their counts to come
            self._fill_table(None)
        self.set_timer(PROGRESS_AFTER, self._show_progress)
        clock, store, profile = context.clock, context.store, context.profile
        read_off_ui_thread(self, store, lambda: today(store, library, profile, clock()), self._show_counts, "home-counts")
        read_off_ui_thread(self, store, self._outlook, self._show_outlook, "home-readiness")
        errors = library.errors
        notice = self.query_one("#notice", Static)
        notice.display = bool(errors) or not library.headers
        if not library.headers and errors:  # each refused file (or folder) with its first error: where and why
            refused = [str(error) for error in first_error_of_each(errors)]
            shown = [*refused[:5], *([f"… and {len(refused) - 5} more"] if len(refused) > 5 else [])]
            notice.update(Content("\n".join([f"No decks loaded: {len(refused)} refused (run `peerquiz check`):", *shown])))
        elif not library.headers:
            paths = ", ".join(str(p) for p in self.settings.deck_paths)
            notice.update(Content(f"No decks found in {paths}. Pass --decks PATH to use your own deck files."))
        elif errors:
            files = sorted({e.path for e in errors})
            notice.update(
                Content(f"⚠ Skipped {len(files)} deck file(s) with errors: {', '.join(files)} (run `peerquiz check`).")
            )

    def _show_progress(self) -> None:
        """Still reading after PROGRESS_AFTER: say what is going on rather than leave a bare "…"."""
        if "#today" in self._reading:
            self.query_one("#today", Static).update(Content.assemble(("Today: ", "bold"), "counting today's cards…"))
        if "#readiness" in self._reading:
            readiness = Content.assemble(("Exam readiness: ", "bold"), "reading your memory of every exam card…")
            self.query_one("#readiness", Static).update(readiness)

    def _read(self, line: str) -> None:
        """``line`` is read; once both are, the first time, the screens home opens are imported in a worker."""
        self._reading.discard(line)
        if not self._reading and not self._screens_imported:
            self._screens_imported = True
            import_off_ui_thread(self, SCREENS_HOME_OPENS)

    def _show_counts(self, day: Today) -> None:
        self._read("#today")
        self.query_one("#today", Static).update(self._today_line(day))
        self._fill_table(day)

    def _today_line(self, day: Today) -> Content:
        streak = f"{day.streak} day{'s' if day.streak != 1 else ''}"
        parts: list[str | tuple[str, str]] = [
            ("Today: ", "bold"), f"{day.reviewed} reviewed · ", (str(day.to_study), "bold"), " to study · streak ", streak,
        ]  # fmt: skip
        if not day.to_study:
            parts.append(" · nothing left to study now")
            if day.next_due:
                parts.append(f", next card {describe_due(day.next_due, self.context.clock())}")
        return Content.assemble(*parts)

    def _fill_table(self, day: Today | None) -> None:
        """The decks and their counts; "…" for the counts while ``day`` is still being read.

        Back on this screen the rows are the same decks: only the cells that changed are updated. Clearing and
        adding every row again made the table measure them all anew, 80 ms of the UI thread at 200 decks, and
        updating every cell cost 60 ms. The rows not in the table yet come a frame at a time (RowFeed).
        """
        table = self.query_one(DeckTable)
        rows = self._rows(day)
        shown = [row.key.value for row in table.ordered_rows]
        if shown != [key for key, _ in rows[: len(shown)]]:  # other decks, or in another order: start again
            self._cursor_row = table.cursor_row
            table.clear()
            shown = []
        for key, cells in rows[: len(shown)]:
            for column, cell, was in zip(table.ordered_columns, cells, table.get_row(key)):
                if (cell.plain, cell.style) != (was.plain, was.style):
                    table.update_cell(key, column.key, cell, update_width=cell.cell_len > column.content_width)
        self._feed.feed(rows[len(shown) :])

    def _restore_cursor(self) -> None:
        if self._cursor_row is not None:
            table = self.query_one(DeckTable)
            table.move_cursor(row=min(self._cursor_row, table.row_count - 1))
            self._cursor_row = None

    def _rows(self, day: Today | None) -> list[tuple[str, list[Text]]]:
        """Each row's key and cells: all decks, then each domain and its decks."""
        theme = self.app.get_css_variables()
        # Long names are cut (…) to leave room for the counts: a wide first column pushed them off a narrow screen.
        room = max(self.size.width - COUNT_COLUMNS_WIDTH, 12)

        def name_cell(text: str, style: str = "") -> Text:
            return Text(text if len(text) <= room else text[: room - 1] + "…", style=style)

        def counts(deck_ids: Iterable[str] | None = None) -> list[Text]:
            return _counts(day.count(deck_ids), theme) if day else [Text("…", style="dim", justify="right")] * 3

        rows = [(ALL, [name_cell("All decks", "bold"), *counts()])]
        for name, members in by_domain(self.context.library.headers):
            rows.append((domain_key(name), [name_cell(name, "bold italic"), *counts(d.id for d in members)]))
            rows.extend((deck_key(deck.id), [name_cell("  " + deck.title), *counts([deck.id])]) for deck in members)
        return rows

    def _selected(self) -> tuple[str, CardFilter]:
        table = self.query_one(DeckTable)
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.targets[key or ALL]

    def on_data_table_row_selected(self) -> None:
        self.action_study()

    @on(Button.Pressed, "#go-study")
    def action_study(self) -> None:
        """The queue is built in a worker: 0.4 s of queries on a large collection."""
        title, card_filter = self._selected()
        context = self.context
        read_off_ui_thread(self, context.store, lambda: study_session(context, card_filter),
                           lambda session: self._study(title, session), "study")  # fmt: skip

    def _study(self, title: str, session: StudySession) -> None:
        show_review(self.app, self.context, title, session)

    @on(Button.Pressed, "#go-cram")
    def action_cram(self) -> None:
        self.app.push_screen(CramScreen(self.context))

    @on(Button.Pressed, "#go-exam")
    def action_exam(self) -> None:
        blueprint = self._blueprint()
        if blueprint is not None:
            # Imported when first opened, like the statistics: the exam screens are not needed to paint home.
            from peerquiz.tui.screens.exam_start import ExamStartScreen

            self.app.push_screen(ExamStartScreen(self.context, blueprint))

    @on(Button.Pressed, "#go-stats")
    def action_stats(self) -> None:
        # Imported when first opened: the statistics are not needed to start the app.
        from peerquiz.tui.screens.stats import StatsScreen

        self.app.push_screen(StatsScreen(self.context))

    def action_class_view(self) -> None:
        blueprint = self._blueprint()
        if blueprint is not None:
            # Imported when first opened: only an instructor needs it.
            from peerquiz.tui.screens.class_view import ClassScreen

            context = self.context
            self.app.push_screen(ClassScreen(context.store, context.library, blueprint, context.clock))

    def action_profiles(self) -> None:
        self.app.push_screen(ProfileScreen(self.context.store), callback=self._switch_profile)

    def _switch_profile(self, profile: Profile | None) -> None:
        if profile is None:  # left the profile screen without choosing: keep the current one
            return
        self.context = replace(self.context, profile=profile)
        self.post_message(self.ProfileSwitched(profile))
        # The counts follow as this screen comes back to the top (on_screen_resume).

    def _blueprint(self, quiet: bool = False) -> Blueprint | None:
        """The exam blueprint in use, or None when it cannot be read (saying why unless ``quiet``)."""
        try:
            return load_blueprint(find_blueprint(self.settings.deck_paths, bundled_decks_dir()))
        except BlueprintError as exc:
            if not quiet:
                self.notify(str(exc), severity="error", markup=False)
            return None

    def _outlook(self) -> tuple[Content, Content | None] | None:
        """The readiness line and, with an exam date set, the plan's two lines; None without a blueprint.

        Reads every card's memory: runs off the UI thread (see refresh_counts).
        """
        from peerquiz.core.exams.session import current_readiness  # after home has painted

        blueprint = self._blueprint(quiet=True)  # the exam button says why when pressed
        if blueprint is None:
            return None
        context = self.context
        ready = current_readiness(context.store, context.library, context.profile, blueprint, context.clock())
        last = next(iter(context.store.exams.history(context.profile.id, limit=1)), None)
        parts: list[str | tuple[str, str]] = [("Exam readiness: ", "bold")]
        # No-break spaces keep "50 %" and "(not passed)" whole when the line wraps.
        parts.append(f"{ready.percent:.0f}\u00a0%" if ready.percent is not None else "–")
        if ready.percent is not None and not ready.studied:
            parts.append(" (guessing alone: no exam card studied yet)")
        if last is not None:
            outcome = "passed" if last.passed else "not\u00a0passed"
            parts.append(f" · last mock exam {last.percent:.0f}\u00a0% ({outcome})")
        parts.append(" · x: mock exam")
        return Content.assemble(*parts), self._plan(blueprint)

    def _show_outlook(self, outlook: tuple[Content, Content | None] | None) -> None:
        self._read("#readiness")
        readiness, plan = outlook or (Content(""), None)
        self.query_one("#readiness", Static).update(readiness)
        shown = self.query_one("#plan", Static)
        shown.display = plan is not None
        shown.update(plan or "")

    def _plan(self, blueprint: Blueprint) -> Content | None:
        """The plan to the exam date, when one is set: two lines under the readiness."""
        from peerquiz.core.exams.exam_day import exam_day_readiness
        from peerquiz.core.study.plan import exam_plan
        from peerquiz.core.study.settings import scheduler_settings

        context = self.context
        settings = scheduler_settings(context.store, context.profile)
        plan = exam_plan(context.store, context.library, context.profile, settings, context.clock())
        if plan is None:
            return None
        predicted = exam_day_readiness(context.store, context.library, context.profile, blueprint, context.clock())
        auto = " (auto)" if settings.new_per_day_auto else ""
        pace = (f"{plan.new_per_day} new a day{auto} learns all by {plan.learned_by:%d %b}" if plan.days_to_learn
                else f"within {plan.margin_days} days of it: learn what is left now")  # fmt: skip
        expected = "–" if predicted is None or predicted.percent is None else f"{predicted.percent:.0f} %"
        return Content.assemble(
            ("Exam plan: ", "bold"), f"{plan.exam_date:%a %d %b %Y} · {plan.days_left} days left · ",
            f"{plan.not_learned} cards not learned\n{pace} · exam-day readiness ", (expected, "bold"),
        )  # fmt: skip
