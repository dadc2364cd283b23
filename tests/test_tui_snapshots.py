"""Snapshots at 80x24: the review screen for every card kind, asking and answered; home, profiles,
session summary, cram; the mock exam's start page, a question, the navigator and the results; the card
browser. The main screens again at 60x20 and under NO_COLOR.

Deterministic: fixed clock (the exam countdown reads it too), seeded shuffles, in-memory store.
Update with --snapshot-update after looking at the report.
"""

from __future__ import annotations

import random

import pytest

from peerquiz.core.exams.blueprint import load_blueprint
from peerquiz.core.exams.session import ExamSession
from peerquiz.core.workspace import Workspace

from .conftest import FIXTURES, deck_of, make_app, settle
from .exam_helpers import BUNDLED_BLUEPRINT, DOMAINS, exam_deck_text


@pytest.fixture
def snapshot_of(snap_compare, clock, monkeypatch):
    """Compare the app at 80x24 with its snapshot, after ``steps`` drove it.

    The app runs over ``decks`` with the profile Ana; ``prepare(workspace, profile)`` runs before it starts.
    """
    opened = []

    def compare(steps, decks=FIXTURES, prepare=None, size=(80, 24), no_color=False) -> bool:
        workspace = Workspace.open("sqlite://", [decks])
        opened.append(workspace)
        profile = workspace.store.profiles.add("Ana", clock())
        workspace.store.profiles.save_study_settings(profile.id, {"new_card_order": "deck"})
        if prepare is not None:
            prepare(workspace, profile)
        if no_color:
            monkeypatch.setenv("NO_COLOR", "1")  # read (and removed) as the app is built
        return snap_compare(make_app(workspace, clock), terminal_size=size, run_before=steps)

    yield compare
    for workspace in opened:
        workspace.close()


async def press(pilot, *keys) -> None:
    """Press the keys one by one, letting the app settle (workers done, screen drawn) after each."""
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


def pressing(*keys):
    """Steps for snap_compare: once the app is ready, press the keys."""

    async def steps(pilot):
        await settle(pilot)
        await press(pilot, *keys)

    return steps


CASES = {
    "basic": ("basic", []),
    "basic-revealed": ("basic", ["space"]),
    "cloze": ("cloze", []),
    "cloze-revealed": ("cloze", ["space"]),
    "mcq": ("mcq", ["b"]),
    "mcq-wrong": ("mcq", ["b", "enter"]),
    "multi": ("multi", ["a", "c"]),
    "multi-checked": ("multi", ["a", "c", "enter"]),
    "typed": ("typed", list("self adv")),
    "typed-wrong": ("typed", [*"self advocay", "enter"]),
    "ordering": ("ordering", ["down", "left_square_bracket"]),
    "ordering-checked": ("ordering", ["enter"]),
    "truefalse": ("truefalse", []),
    "truefalse-answered": ("truefalse", ["f"]),
    "typed-wrong-light-theme": ("typed", [*"self advocay", "enter"]),
}


@pytest.mark.parametrize("case", CASES)
def test_review_screen(case, snapshot_of, tmp_path):
    kind, keys = CASES[case]

    async def study_first_card(pilot):
        if "light" in case:
            pilot.app.theme = "textual-light"
        await settle(pilot)
        await press(pilot, "enter", *keys)

    assert snapshot_of(study_first_card, decks=deck_of(tmp_path, kind))


@pytest.mark.parametrize("keys", [(), ("x",)], ids=["home", "exam-start"])
def test_home_and_exam_start_screens(keys, snapshot_of):
    assert snapshot_of(pressing(*keys))


@pytest.mark.parametrize("keys", [("p",), ("c",), ("c", "enter")], ids=["profiles", "cram", "cram-choices"])
def test_profile_and_cram_screens(keys, snapshot_of):
    assert snapshot_of(pressing(*keys))


def test_home_with_an_exam_plan(snapshot_of):
    def plan_ten_days_ahead(workspace, profile):
        workspace.store.profiles.save_study_settings(
            profile.id, {"new_card_order": "deck", "exam_date": "2025-03-20", "new_per_day_auto": True}
        )

    assert snapshot_of(pressing(), prepare=plan_ten_days_ahead)


def test_settings_screen(snapshot_of):
    assert snapshot_of(pressing("o"))


def test_session_summary_screen(snapshot_of, clock):
    async def study_two_cards_and_end(pilot):
        await settle(pilot)
        await press(pilot, "enter")
        for grade in ("4", "1"):  # Easy (basic), Again (cloze): accuracy 1 of 2
            clock.advance(seconds=20)  # time spent on the card: the summary adds it up
            await press(pilot, "space", grade)
        await press(pilot, "q")

    assert snapshot_of(study_two_cards_and_end)


# -- the mock exam ---------------------------------------------------------


@pytest.fixture
def exam_decks(tmp_path):
    """19 multiple-choice cards in each domain: enough for the bundled 75-question blueprint."""
    folder = tmp_path / "exam-decks"
    folder.mkdir()
    (folder / "pool.yaml").write_text(exam_deck_text(dict.fromkeys(DOMAINS, 19)), encoding="utf-8")
    return folder


def exam_started(clock, answer=None):
    """Prepare an open exam, drawn with a seeded shuffle, answered by ``answer``, started 25 minutes ago.

    The start page would draw a new exam unseeded; the app opens this one through its resume offer
    instead. The countdown reads the fake clock: 1:35:00 left of 2:00:00.
    """

    def prepare(workspace, profile):
        blueprint = load_blueprint(BUNDLED_BLUEPRINT)
        exam = ExamSession.start(workspace.store, workspace.library, profile, blueprint, clock, random.Random(4))
        if answer is not None:
            answer(exam)
        clock.advance(minutes=25)

    return prepare


# x opens the exam start page, which offers to resume the open exam: enter resumes it.
RESUME = ("x", "enter")
# Mark question 2, go back to question 1 and answer B.
ANSWER_ONE_MARK_ONE = (*RESUME, "n", "m", "p", "b")


@pytest.mark.parametrize("keys", [ANSWER_ONE_MARK_ONE, (*ANSWER_ONE_MARK_ONE, "g")], ids=["question", "navigator"])
def test_exam_screens(keys, snapshot_of, exam_decks, clock):
    assert snapshot_of(pressing(*keys), decks=exam_decks, prepare=exam_started(clock))


def answer_all_but_the_third(exam):
    """Every third answer wrong and question 3 left blank: the review shows right, wrong and unanswered."""
    for i, question in enumerate(exam.questions):
        wrong = next(o for o in question.options if o != question.answer)
        if i != 2:
            exam.choose(i, question.answer if i % 3 else wrong)


# Submit: a dialog asks first, since a question is blank (tab to its Submit button). Then the top
# of the results (score, domain bars), or two pages down into the review of the questions.
@pytest.mark.parametrize("scroll", [(), ("pagedown", "pagedown")], ids=["top", "review"])
def test_exam_results_screen(scroll, snapshot_of, exam_decks, clock):
    submit = (*RESUME, "s", "tab", "enter")
    prepare = exam_started(clock, answer=answer_all_but_the_third)
    assert snapshot_of(pressing(*submit, *scroll), decks=exam_decks, prepare=prepare)


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=["80x24", "60x20"])
def test_card_browser_screen(size, snapshot_of):
    """The list with one card suspended and flagged, and the highlighted card's pane."""

    def mark_first_card(workspace, profile):
        from peerquiz.core.store.records import Memory

        first = min(workspace.library.items)
        workspace.store.memory.save(profile.id, Memory(card_id=first, suspended=True, flag=1, due=profile.created_at),
                                    profile.created_at)  # fmt: skip

    assert snapshot_of(pressing("b", "enter"), prepare=mark_first_card, size=size)


MAIN_SCREENS = {
    "home": ((), None),
    "review-typed-wrong": (("enter", *"self advocay", "enter"), "typed"),
    "review-mcq-wrong": (("enter", "b", "enter"), "mcq"),
    "review-ordering": (("enter", "down"), "ordering"),
    "card-browser": (("b", "enter"), None),
}


@pytest.mark.parametrize("variant", ["60x20", "no-color"])
@pytest.mark.parametrize("screen", MAIN_SCREENS)
def test_main_screens_narrow_and_without_colour(screen, variant, snapshot_of, tmp_path):
    keys, kind = MAIN_SCREENS[screen]
    decks = deck_of(tmp_path, kind) if kind else FIXTURES
    size = (60, 20) if variant == "60x20" else (80, 24)
    assert snapshot_of(pressing(*keys), decks=decks, size=size, no_color=variant == "no-color")


# -- the exam, results, practice, stats and summary screens at 60x20 and under NO_COLOR ----------


def practising(workspace_of, clock):
    """Steps: open a practice round over every domain, drawn with a seeded shuffle, and answer A."""

    async def steps(pilot):
        from peerquiz.core.exams.practice import PracticeSession
        from peerquiz.tui.screens.practice import PracticeScreen

        await settle(pilot)
        workspace, profile = workspace_of
        session = PracticeSession(workspace.store, workspace.library, profile, load_blueprint(BUNDLED_BLUEPRINT),
                                  None, clock, random.Random(4))  # fmt: skip
        pilot.app.push_screen(PracticeScreen(session))
        await settle(pilot)
        await press(pilot, "a")

    return steps


async def study_two_cards_and_end(pilot):
    await settle(pilot)
    await press(pilot, "enter")
    for grade in ("4", "1"):  # a basic card and a cloze gap; their siblings wait for another day
        await press(pilot, "space", grade)
    await press(pilot, "q")


# The start page with the first practice domain unchosen: its box is empty, the others hold an X.
EXAM_START_ONE_DOMAIN_OFF = ("x", "tab", "tab", "space")
SUBMIT_WITH_ONE_BLANK = (*RESUME, "s", "tab", "enter")
OTHER_SCREENS = ["exam-start", "exam-question", "exam-navigator", "results-top", "results-review", "practice",
                 "stats", "summary"]  # fmt: skip


@pytest.mark.parametrize("variant", ["60x20", "no-color"])
@pytest.mark.parametrize("screen", OTHER_SCREENS)
def test_exam_and_other_screens_narrow_and_without_colour(screen, variant, snapshot_of, exam_decks, clock):
    workspace_of: list = []

    def remember(workspace, profile):
        workspace_of.extend((workspace, profile))

    answered = exam_started(clock, answer=answer_all_but_the_third)
    cases = {
        "exam-start": (pressing(*EXAM_START_ONE_DOMAIN_OFF), None),
        "exam-question": (pressing(*ANSWER_ONE_MARK_ONE), exam_started(clock)),
        "exam-navigator": (pressing(*ANSWER_ONE_MARK_ONE, "g"), exam_started(clock)),
        "results-top": (pressing(*SUBMIT_WITH_ONE_BLANK), answered),
        "results-review": (pressing(*SUBMIT_WITH_ONE_BLANK, "pagedown", "pagedown"), answered),
        "practice": (practising(workspace_of, clock), remember),
        "stats": (pressing("t"), None),
        "summary": (study_two_cards_and_end, None),
    }
    steps, prepare = cases[screen]
    decks = FIXTURES if screen in ("stats", "summary") else exam_decks
    size = (60, 20) if variant == "60x20" else (80, 24)
    assert snapshot_of(steps, decks=decks, prepare=prepare, size=size, no_color=variant == "no-color")
