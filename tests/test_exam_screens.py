"""Pilot tests: the exam, navigator, results, practice and start screens as a user drives them."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from textual.widgets import Button

from peerquiz.core.exams.practice import PracticeSession
from peerquiz.core.exams.session import ExamSession
from peerquiz.core.store import Store
from peerquiz.tui.base import PeerquizBase
from peerquiz.tui.context import StudyContext
from peerquiz.tui.screens import exam as exam_screen
from peerquiz.tui.screens.dialog import Dialog
from peerquiz.tui.screens.exam import ExamScreen
from peerquiz.tui.screens.exam_flow import show_results, take_exam
from peerquiz.tui.screens.exam_start import ExamStartScreen
from peerquiz.tui.screens.navigator import NavigatorScreen
from peerquiz.tui.screens.practice import PracticeScreen
from peerquiz.tui.screens.results import ResultsScreen
from peerquiz.tui.widgets.exam_history import ExamHistory
from tests.conftest import settle, shown_text, text_of, wait_until
from tests.exam_helpers import DOMAINS, blueprint, library_for, profile


class ScreenApp(PeerquizBase):
    """The smallest app that opens one screen, with the stylesheet and ? help every peerquiz app has."""

    def __init__(self, open_first):
        super().__init__()
        self.open_first = open_first

    def on_mount(self) -> None:
        self.open_first(self)


def showing(screen) -> ScreenApp:
    return ScreenApp(lambda app: app.push_screen(screen))


def taking(exam: ExamSession) -> ScreenApp:
    """The exam, followed by its results once submitted, as the start page opens it."""
    return ScreenApp(lambda app: take_exam(app, exam))


def start_page(session: ExamSession, clock) -> ExamStartScreen:
    context = StudyContext(session.store, session.library, session.profile, clock, random.Random())
    return ExamStartScreen(context, session.blueprint)


@pytest.fixture
def session(store: Store, clock) -> ExamSession:
    library = library_for(store, dict.fromkeys(DOMAINS, 4))
    return ExamSession.start(store, library, profile(store), blueprint(questions=8, minutes=10), clock, random.Random(4))


async def test_exam_shows_time_left_and_the_prompt_exactly_as_written(session: ExamSession):
    async with taking(session).run_test(size=(100, 36)) as pilot:
        screen = pilot.app.screen
        assert "0:10:00 left" in text_of(screen, "#countdown")
        assert "[b]in brackets[/b]" in text_of(screen, "#prompt")  # deck text is never read as markup
        assert "Question 1 of 8" in text_of(screen, "#position")
        assert "Practice default" in text_of(screen, "#note")


async def test_choosing_saves_the_answer_and_gives_no_feedback(session: ExamSession):
    async with taking(session).run_test(size=(100, 36)) as pilot:
        wrong = next(i for i, o in enumerate(session.questions[0].options) if o != session.questions[0].answer)
        await pilot.press(str(wrong + 1))
        saved = session.store.exams.attempt(session.record.id).answers[0]
        assert saved.chosen == session.questions[0].options[wrong]
        screen = pilot.app.screen
        assert "Answered 1 of 8" in text_of(screen, "#progress")
        everything = shown_text(screen)
        assert "wrong" not in everything.lower() and "right" not in everything.lower()
        assert "Why" not in everything


async def test_navigator_shows_unanswered_and_marked_questions_and_jumps(session: ExamSession):
    async with taking(session).run_test(size=(100, 36)) as pilot:
        await pilot.press("1", "right", "m", "g")
        navigator = pilot.app.screen
        assert isinstance(navigator, NavigatorScreen)
        assert navigator.query_one("#q0", Button).has_class("answered")
        assert navigator.query_one("#q1", Button).has_class("marked", "unanswered", "current")
        assert "Unanswered (7): 2, 3, 4, 5, 6, 7, 8" in text_of(navigator, "#unanswered")
        assert "Marked (1): 2" in text_of(navigator, "#marked")
        await pilot.press("down", "left", "left", "enter")  # down stops at the last (8), then back to 6
        await pilot.pause()
        assert isinstance(pilot.app.screen, ExamScreen)
        assert "Question 6 of 8" in text_of(pilot.app.screen, "#position")
        await pilot.press("g")
        await pilot.click("#q0")
        await pilot.pause()
        assert "Question 1 of 8" in text_of(pilot.app.screen, "#position")
        await pilot.press("u")  # question 1 is answered; the next unanswered is 2
        assert "Question 2 of 8" in text_of(pilot.app.screen, "#position")


async def test_leaving_keeps_the_answers_and_the_exam_open(session: ExamSession):
    async with taking(session).run_test(size=(100, 36)) as pilot:
        await pilot.press("1", "escape")
        assert "the clock keeps running" in text_of(pilot.app.screen, "#message")
        await pilot.click("#leave")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, ExamScreen)
        assert not session.submitted
        reopened = ExamSession.unfinished(session.store, session.library, session.profile, session.blueprint, session.clock)
        assert reopened.chosen[0] == session.questions[0].options[0]


async def test_submitting_with_unanswered_questions_asks_first(session: ExamSession):
    async with taking(session).run_test(size=(100, 36)) as pilot:
        await pilot.press("1", "s")
        dialog = pilot.app.screen
        assert isinstance(dialog, Dialog)
        assert "7 of 8 questions are unanswered" in text_of(dialog, "#message")
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, ExamScreen) and not session.submitted
        await pilot.press("s")
        await pilot.click("#submit")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ResultsScreen)
        assert session.submitted


async def test_an_exam_with_every_question_answered_submits_at_once(session: ExamSession):
    for i, question in enumerate(session.questions):
        session.choose(i, question.answer)
    async with taking(session).run_test(size=(100, 36)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ResultsScreen)
        assert "PASS" in text_of(pilot.app.screen, "#verdict")


async def test_when_time_runs_out_the_exam_is_submitted_even_with_the_navigator_open(session: ExamSession, clock, monkeypatch):
    monkeypatch.setattr(exam_screen, "TICK_SECONDS", 0.05)
    async with taking(session).run_test(size=(100, 36)) as pilot:
        await pilot.press(str(session.questions[0].options.index(session.questions[0].answer) + 1), "g")
        clock.advance(minutes=10)
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ResultsScreen))
        await pilot.pause()
        results = pilot.app.screen
        assert isinstance(results, ResultsScreen)
        assert "time ran out" in text_of(results, "#time")
        assert "1 of 8 right" in text_of(results, "#verdict")


async def test_results_show_score_domains_and_a_review_of_every_question(session: ExamSession):
    first, second = session.questions[:2]
    session.choose(0, first.answer)
    session.choose(1, next(o for o in second.options if o != second.answer))
    session.submit()
    async with ScreenApp(lambda app: show_results(app, session)).run_test(size=(120, 40)) as pilot:
        await settle(pilot)  # the questions' cards are read in a worker on a file database
        screen = pilot.app.screen
        assert "FAIL" in text_of(screen, "#verdict") and "1 of 8 right (12.5 %)" in text_of(screen, "#verdict")
        domains = text_of(screen, "#domains")
        for domain_score in session.result.score.domains:
            assert f"{domain_score.correct}/{domain_score.total}" in domains
        assert "Readiness" in domains and "Readiness when you started" in text_of(screen, "#readiness")
        right, wrong, blank = (text_of(screen, f"#review-{i}") for i in range(3))
        assert "✓ right" in right
        assert "✗ wrong" in wrong and f"Right answer: {second.answer}" in wrong
        assert "Why: Because" in wrong and "Source: Source" in wrong
        assert "unanswered" in blank and "Your answer: (none)" in blank
        assert screen.query_one(ExamHistory).row_count == 1
        await pilot.press("question_mark")  # the readiness method is in the help, not in the way of the review
        await pilot.pause()
        assert "R + (1 − R)/k" in text_of(pilot.app.screen, "Static")


async def test_retake_missed_only_starts_a_short_exam_of_the_misses(session: ExamSession):
    for i in range(5):
        session.choose(i, session.questions[i].answer)
    session.submit()
    async with ScreenApp(lambda app: show_results(app, session)).run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        retake = pilot.app.screen
        assert isinstance(retake, ExamScreen)
        assert "retake" in text_of(retake, "#exam-title")
        assert "Question 1 of 3" in text_of(retake, "#position")


async def test_practice_explains_each_answer_right_away(store: Store, clock):
    library = library_for(store, dict.fromkeys(DOMAINS, 3))
    practice = PracticeSession(store, library, profile(store), blueprint(questions=4), ["Advocacy"], clock,
                               random.Random(1))  # fmt: skip
    async with showing(PracticeScreen(practice)).run_test(size=(100, 36)) as pilot:
        question = practice.current
        wrong = next(i for i, o in enumerate(question.options) if o != question.answer)
        await pilot.press(str(wrong + 1))
        feedback = text_of(pilot.app.screen, "#feedback")
        assert "✗ Wrong" in feedback and f"Right answer: {question.answer}" in feedback
        assert "Why: Because" in feedback and "Source: Source" in feedback
        await pilot.press("n")
        assert "Question 2 of 3" in text_of(pilot.app.screen, "#position")
        assert text_of(pilot.app.screen, "#feedback").strip() == ""


async def test_reopening_offers_to_resume_an_open_exam_with_its_time_left(session: ExamSession, clock):
    session.choose(0, session.questions[0].answer)
    clock.advance(minutes=4)
    async with showing(start_page(session, clock)).run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        dialog = pilot.app.screen
        assert isinstance(dialog, Dialog)
        assert "1 of 8 answered, 0:06:00 left" in text_of(dialog, "#message")
        await pilot.click("#resume")
        await pilot.pause()
        resumed = pilot.app.screen
        assert isinstance(resumed, ExamScreen)
        assert "Question 2 of 8" in text_of(resumed, "#position")  # the first unanswered
        assert "0:06:00 left" in text_of(resumed, "#countdown")


async def test_practice_opened_at_once_defers_the_resume_offer_until_it_closes(session: ExamSession, clock):
    from peerquiz.tui.exam_app import ExamApp

    app = ExamApp(session.store, session.library, session.profile, session.blueprint, practice=True,
                  domains=["Advocacy"], clock=clock)  # fmt: skip
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(pilot.app.screen, PracticeScreen)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(pilot.app.screen, Dialog)
        assert "still open" in text_of(pilot.app.screen, "#message")


async def test_with_an_exam_date_the_start_page_adds_the_readiness_predicted_for_the_exam_day(session, clock):
    from peerquiz.core.study.settings import save_scheduler_settings

    session.submit()  # no open exam: nothing to offer to resume
    async with showing(start_page(session, clock)).run_test(size=(120, 60)) as pilot:
        await pilot.pause()
        assert "Exam day" not in text_of(pilot.app.screen, "#readiness")
    save_scheduler_settings(session.store, session.profile, {"exam_date": (clock().date() + timedelta(days=60)).isoformat()})
    async with showing(start_page(session, clock)).run_test(size=(120, 60)) as pilot:
        await pilot.pause()
        table = text_of(pilot.app.screen, "#readiness")
        assert "Exam day" in table
        whole = next(line for line in table.splitlines() if line.strip().startswith("Whole exam")).split()
        assert whole[-4:] == ["25", "%", "100", "%"]  # guessing today; every card learned and kept by then


async def test_the_start_page_lists_past_exams_and_opens_their_results(session: ExamSession, clock):
    session.choose(0, session.questions[0].answer)
    session.submit()
    async with showing(start_page(session, clock)).run_test(size=(120, 60)) as pilot:
        await pilot.pause()
        screen = pilot.app.screen
        assert "Practice default" in text_of(screen, "#note")
        assert "Whole exam" in text_of(screen, "#readiness")
        history = screen.query_one(ExamHistory)
        assert history.row_count == 1
        history.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ResultsScreen)
        assert "1 of 8 right" in text_of(pilot.app.screen, "#verdict")


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=["80x24", "60x20"])
async def test_the_exam_verb_shows_every_exam_key_and_explains_them_on_help(size, store: Store, clock):
    from textual.widgets._footer import FooterKey

    from peerquiz.tui.exam_app import ExamApp
    from peerquiz.tui.screens.help import HelpScreen

    library = library_for(store, dict.fromkeys(DOMAINS, 4))
    app = ExamApp(store, library, profile(store), blueprint(questions=8, minutes=10), clock=clock)
    async with app.run_test(size=size) as pilot:
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ExamStartScreen))
        await pilot.press("s")  # start the exam: drawn on a worker thread
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ExamScreen))
        screen = pilot.app.screen
        assert isinstance(screen, ExamScreen)
        exam_keys = {"n", "m", "g", "u", "s", "escape", "question_mark"}
        # The footer lists the keys of what has the focus, which the screen gives as it mounts: a frame later.
        await wait_until(pilot, lambda: exam_keys <= {key.key for key in screen.query(FooterKey)})
        keys = {key.key: key for key in screen.query(FooterKey)}
        assert all(key.region.right <= size[0] for key in keys.values())
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HelpScreen)
        listed = text_of(pilot.app.screen, "Static")
        assert "Submit" in listed and "Mark for review" in listed and "Go to a question" in listed and "Answer" in listed



async def test_exam_form_chosen_on_the_command_line_is_the_exam_started(store: Store, clock):
    from peerquiz.core.exams.forms import form_paper
    from peerquiz.tui.exam_app import ExamApp

    library = library_for(store, dict.fromkeys(DOMAINS, 12))
    bp = blueprint(questions=8, minutes=10)
    app = ExamApp(store, library, profile(store), bp, clock=clock, form=4)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ExamStartScreen))
        assert "Practice form 4" in shown_text(pilot.app.screen)
        assert "scaled score from 200 to 800" in text_of(pilot.app.screen, "#scoring")
        await pilot.press("s")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ExamScreen))
        exam = pilot.app.screen.session
        assert [q.card_id for q in exam.questions] == [q.card_id for q in form_paper(bp, library.items, 4).questions]
        assert exam.record.blueprint.endswith("form 4 of 5")


async def test_results_review_every_question_of_a_long_exam_in_order(store: Store, clock):
    """The review is shown a few questions a frame: none may be lost or out of order."""
    library = library_for(store, dict.fromkeys(DOMAINS, 6))
    long_exam = ExamSession.start(store, library, profile(store), blueprint(questions=21, minutes=30), clock, random.Random(2))
    long_exam.choose(20, long_exam.questions[20].answer)
    long_exam.submit()
    async with ScreenApp(lambda app: show_results(app, long_exam)).run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = pilot.app.screen
        reviews = list(screen.query(".review"))
        assert [review.id for review in reviews] == [f"review-{i}" for i in range(21)]
        last = text_of(screen, "#review-20")
        assert last.startswith("21. ") and "✓ right" in last and "Why: " in last
