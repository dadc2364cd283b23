"""Pilot tests of the profile, home, summary, help and edit flows."""

from __future__ import annotations

import shutil
from contextlib import closing, nullcontext

import pytest
from textual.widgets import DataTable

from peerquiz.core.store.records import Rating
from peerquiz.core.workspace import Workspace
from peerquiz.tui.screens.help import HelpScreen
from peerquiz.tui.screens.home import HomeScreen
from peerquiz.tui.screens.profiles import ProfileScreen
from peerquiz.tui.screens.review import ReviewScreen
from peerquiz.tui.screens.summary import SummaryScreen

from .conftest import FIXTURES, fake_editor, make_app, many_decks, settle, shown_text, wait_until


def deck_row(screen, key: str) -> list[str]:
    return [str(cell) for cell in screen.query_one(DataTable).get_row(key)]


async def test_first_run_creates_a_profile_and_remembers_it_next_time(clock, tmp_path):
    db = f"sqlite:///{tmp_path / 'progress.db'}"
    async with make_app(None, clock, user=None, db_url=db).run_test() as pilot:
        await settle(pilot)
        assert isinstance(pilot.app.screen, ProfileScreen)
        await pilot.press(*"Sam", "enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HomeScreen)
        assert "peerquiz · Sam" in shown_text(pilot.app.screen)
    async with make_app(None, clock, user=None, db_url=db).run_test() as pilot:
        await settle(pilot)
        assert isinstance(pilot.app.screen, HomeScreen)
        assert pilot.app.context.profile.name == "Sam"


async def test_loading_shows_until_the_decks_are_open_and_the_cycle_collector_is_back_on_after(workspace, profile, clock):
    import gc
    import threading

    from peerquiz.config import Settings
    from peerquiz.tui.app import PeerquizApp

    opened = threading.Event()

    def open_workspace():
        opened.wait(timeout=10)
        return workspace

    app = PeerquizApp(Settings(db_url="sqlite://", deck_paths=(FIXTURES,), user="Ana"), open_workspace, clock=clock)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert "Loading decks…" in shown_text(app.screen)
        assert "Loading" in app.export_screenshot()  # drawn, not hidden under a spinner
        opened.set()
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert gc.isenabled()  # paused while the store's modules loaded and the workspace opened


async def test_a_duplicate_profile_name_is_refused_with_a_message(workspace, profile, clock):
    async with make_app(workspace, clock, user=None).run_test() as pilot:
        await settle(pilot)
        await pilot.press("tab", *"Ana", "enter")  # the list of profiles has focus first
        await settle(pilot)
        assert isinstance(pilot.app.screen, ProfileScreen)
        assert "a profile named 'Ana' already exists" in shown_text(pilot.app.screen)


async def test_picking_an_existing_profile_opens_home(workspace, profile, clock):
    async with make_app(workspace, clock, user=None).run_test() as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HomeScreen) and pilot.app.context.profile == profile


async def test_home_groups_decks_by_domain_and_names_broken_deck_files(tmp_path, clock):
    shutil.copy(FIXTURES / "mixed.yaml", tmp_path / "mixed.yaml")
    (tmp_path / "broken.yaml").write_text("id: broken\ntitle: Broken\ncards: []\n", encoding="utf-8")
    workspace = Workspace.open("sqlite://", [tmp_path])
    workspace.store.profiles.add("Ana", clock())
    async with make_app(workspace, clock).run_test() as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        assert "Skipped 1 deck file(s) with errors:" in shown_text(screen)
        assert "broken.yaml" in shown_text(screen)
        # 9 items, 7 notes: a card's reverse and a cloze's second gap wait for another day
        assert deck_row(screen, "domain:Ethical Responsibility") == ["Ethical Responsibility", "7", "0", "0"]
        assert deck_row(screen, "deck:mixed") == ["  Mixed kinds", "7", "0", "0"]
    workspace.close()


async def test_the_next_day_shows_new_cards_again_and_the_cards_that_fell_due(clock, tmp_path):
    db = f"sqlite:///{tmp_path / 'progress.db'}"
    workspace = Workspace.open(db, [FIXTURES])
    profile = workspace.store.profiles.add("Ana", clock())
    workspace.store.profiles.save_study_settings(profile.id, {"new_per_day": 2, "new_card_order": "deck"})
    workspace.close()
    async with make_app(None, clock, db_url=db).run_test() as pilot:
        await settle(pilot)
        home = pilot.app.screen
        assert deck_row(home, "all")[1:] == ["2", "0", "0"]
        await pilot.press("enter")
        await settle(pilot)
        for grade in ("4", "1"):  # basic: Easy; first cloze gap: Again
            await pilot.press("space", grade)
            await settle(pilot)
            clock.advance(seconds=30)
        await pilot.press("q")  # one card (Again) still in learning
        await settle(pilot)
        assert isinstance(pilot.app.screen, SummaryScreen)
        text = shown_text(pilot.app.screen)
        assert "Cards reviewed  2" in text and "50%" in text
        await pilot.press("enter")
        await settle(pilot)
        assert deck_row(home, "all")[1:] == ["0", "1", "0"]
        assert "2 reviewed · 1 to study" in shown_text(home)

    clock.advance(days=1)  # past the 04:00 day boundary: a fresh daily allowance
    async with make_app(None, clock, db_url=db).run_test() as pilot:
        await settle(pilot)
        home = pilot.app.screen
        assert deck_row(home, "all")[1:] == ["2", "1", "0"]
        assert "0 reviewed · 3 to study · streak 1 day" in shown_text(home)

    clock.advance(days=10)  # the Easy card (8 days) is due by now
    async with make_app(None, clock, db_url=db).run_test() as pilot:
        await settle(pilot)
        assert deck_row(pilot.app.screen, "all")[1:] == ["2", "1", "1"]


async def test_studying_a_deck_with_nothing_due_says_so_and_stays_home(workspace, profile, clock):
    workspace.store.profiles.save_study_settings(profile.id, {"new_per_day": 0})
    async with make_app(workspace, clock).run_test() as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HomeScreen)
        assert "0 to study · streak 0 days · nothing left to study now" in shown_text(pilot.app.screen)


async def test_help_lists_every_review_key_and_closes_again(workspace, profile, clock):
    async with make_app(workspace, clock).run_test() as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HelpScreen)
        text = shown_text(pilot.app.screen)
        for description in ("Show answer", "Check", "Grade Again", "Grade Easy", "Undo", "Bury", "Suspend",
                            "Flag", "Edit", "End", "Pick", "Move up", "True", "False"):  # fmt: skip
            assert description in text
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, ReviewScreen)


@pytest.mark.parametrize(
    ("keys", "change", "shown", "notice"),
    [
        # The card after the first (its reverse waits for another day): the editor opens at that card's line.
        (("space", "3"), "", "Recovery has four dimensions", None),
        ((), "s/dual relationship/double role/", "What is a double role?", None),
        ((), "s/kind: basic/kind: yesno/", "What is a dual relationship?", "The deck file has errors, so it stays as it was"),
    ],
    ids=["unchanged-reverse", "saved", "saved-with-an-error"],
)
async def test_e_opens_the_card_line_in_the_editor_and_shows_the_card_as_saved(
    profile, clock, tmp_path, monkeypatch, keys, change, shown, notice
):
    folder = tmp_path / "decks"
    folder.mkdir()
    deck = shutil.copy(FIXTURES / "mixed.yaml", folder / "mixed.yaml")
    record = fake_editor(tmp_path, monkeypatch, then=f'sed -i "{change}" "$2"' if change else "")
    with closing(Workspace.open("sqlite://", [folder])) as workspace:
        ana = workspace.store.profiles.add("Ana", clock())
        workspace.store.profiles.save_study_settings(ana.id, {"new_card_order": "deck"})
        app = make_app(workspace, clock)
        monkeypatch.setattr(app, "suspend", nullcontext)  # a headless test has no terminal to hand over
        async with app.run_test() as pilot:
            await settle(pilot)
            await pilot.press("enter", *keys)
            await settle(pilot)
            await pilot.press("e")
            await settle(pilot)
            assert record.read_text().split() == ["+14" if keys else "+7", str(deck)]
            assert shown in shown_text(pilot.app.screen)
            notices = [n.message for n in pilot.app._notifications]
            assert any(notice in n for n in notices) if notice else not notices


async def test_every_answer_is_in_the_store_before_the_next_card_shows(workspace, profile, clock):
    async with make_app(workspace, clock).run_test() as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = pilot.app.screen
        seen = []
        original = screen._show

        async def show_and_count(shown):
            seen.append(len(workspace.store.answers.log(profile.id)))
            await original(shown)

        screen._show = show_and_count
        for _ in range(2):  # the basic card and the first cloze gap; a multiple-choice question follows
            await pilot.press("space", "3")
            await settle(pilot)
        assert seen == [1, 2]
        assert [r.rating for r in workspace.store.answers.log(profile.id)] == [Rating.GOOD] * 2


async def test_study_verb_opens_straight_on_the_first_card_of_a_deck(workspace, profile, clock):
    async with make_app(workspace, clock, study_now="mixed").run_test() as pilot:
        await settle(pilot)
        assert isinstance(pilot.app.screen, ReviewScreen)
        assert "What is a dual relationship?" in shown_text(pilot.app.screen)


async def test_home_below_the_study_verb_shows_counts_that_include_the_answers_given(workspace, profile, clock):
    async with make_app(workspace, clock, study_now="mixed").run_test() as pilot:
        await settle(pilot)
        await pilot.press("space", "3")  # the first card is a basic card: reveal, grade Good
        await settle(pilot)
        await pilot.press("q")  # end the session: the summary
        await settle(pilot)
        await pilot.press("escape")  # back home
        await settle(pilot)
        assert isinstance(pilot.app.screen, HomeScreen)
        assert "Today: 1 reviewed" in shown_text(pilot.app.screen)
        assert deck_row(pilot.app.screen, "all")[0] == "All decks"


async def test_leaving_the_study_verb_session_before_answering_goes_home(workspace, profile, clock):
    async with make_app(workspace, clock, study_now="all").run_test() as pilot:
        await settle(pilot)
        assert isinstance(pilot.app.screen, ReviewScreen)
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HomeScreen)
        assert "Today: 0 reviewed" in shown_text(pilot.app.screen)
        assert "Loading decks" not in shown_text(pilot.app.screen_stack[0])


async def test_study_verb_with_an_unknown_deck_stays_home_and_says_so(workspace, profile, clock):
    async with make_app(workspace, clock, study_now="nope").run_test() as pilot:
        await settle(pilot)
        assert isinstance(pilot.app.screen, HomeScreen)
        assert any("no deck with id 'nope'" in n.message for n in pilot.app._notifications)
        assert "Today: 0 reviewed" in shown_text(pilot.app.screen)


async def test_home_readiness_says_when_it_is_guessing_alone(clock, tmp_path):
    from peerquiz.core.study.session import StudySession

    url = f"sqlite:///{tmp_path / 'progress.db'}"
    with closing(Workspace.open(url, [FIXTURES])) as workspace:
        workspace.store.profiles.add("Ana", clock())
    async with make_app(None, clock, db_url=url).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "(guessing alone: no exam card studied yet)" in shown_text(pilot.app.screen)
    with closing(Workspace.open(url, [FIXTURES])) as workspace:
        session = StudySession(workspace.store, workspace.library, workspace.store.profiles.named("Ana"), clock=clock)
        while session.next() is not None:  # every card once, the exam-style ones among them
            session.answer(Rating.GOOD)
    async with make_app(None, clock, db_url=url).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Exam readiness:" in shown_text(pilot.app.screen)
        assert "guessing alone" not in shown_text(pilot.app.screen)


async def test_home_opens_the_mock_exam_and_stats_and_comes_back(workspace, profile, clock):
    from peerquiz.tui.screens.exam_start import ExamStartScreen
    from peerquiz.tui.screens.stats import StatsScreen

    async with make_app(workspace, clock).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Exam readiness:" in shown_text(pilot.app.screen)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(pilot.app.screen, ExamStartScreen)
        assert "Practice default, not the official IC&RC blueprint" in shown_text(pilot.app.screen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HomeScreen)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(pilot.app.screen, StatsScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HomeScreen)


async def test_cram_screen_unsuspends_the_chosen_cards(workspace, profile, clock):
    from peerquiz.core.study.session import StudySession
    from peerquiz.tui.screens.cram import CramScreen

    session = StudySession(workspace.store, workspace.library, profile, clock=clock)
    session.next()
    session.suspend()
    async with make_app(workspace, clock).run_test() as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(pilot.app.screen, CramScreen)
        await pilot.press("ctrl+u")
        await settle(pilot)
        assert any("1 card(s) in All decks are back" in n.message for n in pilot.app._notifications)
        assert not any(m.suspended for m in workspace.store.memory.all(profile.id).values())


@pytest.mark.parametrize(("width", "narrow"), [(60, True), (100, False)])
async def test_a_screen_is_styled_for_the_terminal_width_from_its_first_frame(workspace, profile, clock, width, narrow):
    """app.tcss's -narrow or -wide is there when the screen's widgets are made, not added after they were laid out."""
    from textual.app import ComposeResult
    from textual.widgets import Static

    from peerquiz.tui.screens.base import PeerquizScreen

    seen: list[tuple[bool, bool]] = []

    class Probe(PeerquizScreen[None]):
        def compose(self) -> ComposeResult:
            seen.append((self.has_class("-narrow"), self.has_class("-wide")))
            yield Static("probe")

    async with make_app(workspace, clock).run_test(size=(width, 24)) as pilot:
        await settle(pilot)
        await pilot.app.push_screen(Probe())
        await settle(pilot)
        assert seen == [(narrow, not narrow)]
        assert pilot.app.screen.has_class("-narrow") is narrow  # and the first resize kept it


async def test_home_lists_every_deck_of_a_large_library_once_with_its_counts(tmp_path, clock):
    """More decks than home adds to its table at a time: they all come, once each and in order, with counts."""
    from peerquiz.tui.table_rows import ROWS_A_FRAME

    decks = many_decks(tmp_path, ROWS_A_FRAME + 20)
    workspace = Workspace.open("sqlite://", [tmp_path])
    workspace.store.profiles.add("Ana", clock())
    async with make_app(workspace, clock).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        home = pilot.app.screen
        table = home.query_one(DataTable)
        await wait_until(pilot, lambda: table.row_count == len(decks) + 2)
        await settle(pilot)
        assert [row.key.value for row in table.ordered_rows] == ["all", "domain:Ethical Responsibility",
                                                                  *(f"deck:{deck}" for deck in decks)]  # fmt: skip
        assert deck_row(home, "all") == ["All decks", "20", "0", "0"]  # the day's new-card limit
        assert deck_row(home, f"deck:{decks[-1]}") == [f"  Deck {decks[-1]}", "7", "0", "0"]
    workspace.close()
