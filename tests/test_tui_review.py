"""Pilot tests of the review screen: every card kind, grading, undo, bury, suspend, flag, cram."""

from __future__ import annotations

import pytest
from textual.widgets import Button, Input

from peerquiz.core.store.records import Rating
from peerquiz.core.workspace import Workspace
from peerquiz.tui.screens.dialog import Dialog
from peerquiz.tui.screens.review import ReviewScreen
from peerquiz.tui.widgets.choices import ChoiceView
from peerquiz.tui.widgets.ordering import OrderingView

from .conftest import deck_of, make_app, settle, shown_text


@pytest.fixture
def open_kind(tmp_path, clock):
    """Open a workspace holding only the mixed deck's cards of the given kinds, with profile Ana."""
    opened = []

    def open_(*kinds: str, edit=None) -> Workspace:
        workspace = Workspace.open("sqlite://", [deck_of(tmp_path, *kinds, edit=edit)])
        ana = workspace.store.profiles.add("Ana", clock())
        workspace.store.profiles.save_study_settings(ana.id, {"new_card_order": "deck"})
        opened.append(workspace)
        return workspace

    yield open_
    for workspace in opened:
        workspace.close()


async def start_review(pilot) -> ReviewScreen:
    await settle(pilot)
    await pilot.press("enter")  # study "All decks"
    await settle(pilot)
    assert isinstance(pilot.app.screen, ReviewScreen)
    return pilot.app.screen


def ratings(workspace, mode: str | None = None) -> list[Rating]:
    profile = workspace.store.profiles.named("Ana")
    return [r.rating for r in workspace.store.answers.log(profile.id) if mode is None or r.mode == mode]


def grade_label(screen, rating: int) -> str:
    return str(screen.query_one(f"#grade-{rating}", Button).label)


def suggested(screen) -> int:
    return next(r for r in range(1, 5) if screen.query_one(f"#grade-{r}", Button).variant == "primary")


async def test_basic_card_reveals_on_space_and_shows_next_intervals_on_the_grade_buttons(open_kind, clock):
    workspace = open_kind("basic")
    async with make_app(workspace, clock).run_test() as pilot:
        screen = await start_review(pilot)
        assert "What is a dual relationship?" in shown_text(screen)
        assert "More than one kind of relationship" not in shown_text(screen)
        await pilot.press("space")
        text = shown_text(screen)
        assert "More than one kind of relationship" in text
        assert "Friendship or business ties" in text and "State peer specialist codes of ethics" in text
        assert [grade_label(screen, r) for r in range(1, 5)] == ["1 Again · 1m", "2 Hard · 6m", "3 Good · 10m", "4 Easy · 8d"]
        await pilot.press("4")
        await settle(pilot)
        assert ratings(workspace) == [Rating.EASY]  # committed before the next card shows
        # the reverse of the same card is a sibling: it waits for another day, so the session is over
        assert not isinstance(pilot.app.screen, ReviewScreen)


async def test_cloze_gap_is_hidden_then_filled_in_place(open_kind, clock):
    workspace = open_kind("cloze")
    async with make_app(workspace, clock).run_test() as pilot:
        screen = await start_review(pilot)
        assert "four dimensions: [...], home, purpose" in shown_text(screen)
        await pilot.press("enter")
        assert "four dimensions: [health], home, purpose" in shown_text(screen)
        await pilot.press("3")
        await settle(pilot)
        # the first gap again at its 10 minute step; the second gap, a sibling, waits for another day
        assert "four dimensions: [...], home, purpose" in shown_text(screen)
        assert ratings(workspace) == [Rating.GOOD]


async def test_multiple_choice_letters_pick_and_enter_checks_then_space_accepts_the_suggestion(open_kind, clock):
    workspace = open_kind("mcq")
    async with make_app(workspace, clock).run_test() as pilot:
        screen = await start_review(pilot)
        view = screen.query_one(ChoiceView)
        right = view.choices.index("Explain kindly that you keep contact within the peer role")
        await pilot.press("enter")  # nothing picked yet: nothing is graded
        assert not screen.answered
        await pilot.press("abcde"[right], "enter")
        assert "✓ Correct" in shown_text(screen)
        assert suggested(screen) == Rating.GOOD
        await pilot.press("space")
        await settle(pilot)
        assert ratings(workspace) == [Rating.GOOD]


async def test_a_wrong_choice_suggests_again_and_the_learner_can_grade_otherwise(open_kind, clock):
    workspace = open_kind("mcq")
    async with make_app(workspace, clock).run_test() as pilot:
        screen = await start_review(pilot)
        view = screen.query_one(ChoiceView)
        wrong = view.choices.index("Ignore the request")
        await pilot.press(str(wrong + 1), "enter")  # digits pick choices while asking
        text = shown_text(screen)
        assert "✗ Not quite. Answer: Explain kindly" in text
        assert "A friendship outside the role" in text  # explanation
        assert suggested(screen) == Rating.AGAIN
        await pilot.press("2")  # once the answer shows, digits grade
        await settle(pilot)
        assert ratings(workspace) == [Rating.HARD]


async def test_multi_answer_needs_every_right_choice(open_kind, clock):
    workspace = open_kind("multi")
    async with make_app(workspace, clock).run_test() as pilot:
        screen = await start_review(pilot)
        view = screen.query_one(ChoiceView)
        for answer in ("Open questions", "Affirmations", "Summarizing"):
            await pilot.press("abcde"[view.choices.index(answer)])
        await pilot.press("abcde"[view.choices.index("Advice")])
        await pilot.press("abcde"[view.choices.index("Advice")])  # picked twice: unpicked
        await pilot.press("enter")
        assert "✓ Correct" in shown_text(screen)


async def test_typed_answer_accepts_an_alternative_and_diffs_a_wrong_one(open_kind, clock):
    workspace = open_kind("typed")
    async with make_app(workspace, clock).run_test() as pilot:
        screen = await start_review(pilot)
        await pilot.press(*"Self  Advocacy", "enter")
        assert "✓ Correct" in shown_text(screen)
        await pilot.press("1")
        await settle(pilot)
        assert ratings(workspace) == [Rating.AGAIN]
        # Again brings the card back within the learn-ahead window.
        await pilot.press(*"self advocay", "enter")
        text = shown_text(screen)
        assert "✗ Not quite. Answer: self-advocacy" in text
        assert "Your answer against the expected one:\nself[-·-]{+-+}advoca{+c+}y" in text
        assert suggested(screen) == Rating.AGAIN


async def test_ordering_items_move_with_keys_into_the_right_order(open_kind, clock):
    workspace = open_kind("ordering")
    async with make_app(workspace, clock).run_test() as pilot:
        screen = await start_review(pilot)
        view = screen.query_one(OrderingView)
        wanted = list(view.card.items)
        assert view.order != wanted  # shown shuffled
        for target, item in enumerate(wanted):
            while view.cursor != view.order.index(item):
                await pilot.press("down")
            for _ in range(view.cursor - target):
                await pilot.press("left_square_bracket")
        assert view.order == wanted
        await pilot.press("enter")
        assert "✓ Correct" in shown_text(screen)


async def test_true_false_answers_on_t_or_f(open_kind, clock):
    workspace = open_kind("truefalse")
    async with make_app(workspace, clock).run_test() as pilot:
        screen = await start_review(pilot)
        await pilot.press("t")
        assert "✗ Not quite. Answer: False" in shown_text(screen)
        await pilot.press("f")  # answered: f now flags instead of answering
        profile = workspace.store.profiles.named("Ana")
        assert workspace.store.memory.get(profile.id, screen.session.current.card_id).flag == 1
        await pilot.press("space")
        await settle(pilot)
        assert ratings(workspace) == [Rating.AGAIN]


async def test_undo_takes_back_the_answer_and_shows_the_card_again(open_kind, clock):
    workspace = open_kind("basic")
    async with make_app(workspace, clock).run_test() as pilot:
        screen = await start_review(pilot)
        first = screen.session.current.card_id
        await pilot.press("space", "3")
        await settle(pilot)
        assert ratings(workspace) == [Rating.GOOD]
        await pilot.press("u")
        await settle(pilot)
        profile = workspace.store.profiles.named("Ana")
        assert ratings(workspace) == []
        assert workspace.store.memory.get(profile.id, first).is_new
        assert screen.session.current.card_id == first
        assert "What is a dual relationship?" in shown_text(screen)


async def test_bury_and_suspend_hide_cards_and_the_session_moves_on(open_kind, clock):
    workspace = open_kind("basic", "truefalse", "mcq")
    async with make_app(workspace, clock).run_test() as pilot:
        screen = await start_review(pilot)
        profile = workspace.store.profiles.named("Ana")
        buried = screen.session.current.card_id
        await pilot.press("b")
        await settle(pilot)
        suspended = screen.session.current.card_id
        await pilot.press("s")
        await settle(pilot)
        assert workspace.store.memory.get(profile.id, buried).buried_until is not None
        assert workspace.store.memory.get(profile.id, suspended).suspended
        assert screen.session.current.card_id not in (buried, suspended)
        assert ratings(workspace) == []


async def test_u_takes_back_a_suspend_then_a_bury_then_an_answer_and_says_which(open_kind, clock):
    workspace = open_kind("basic", "cloze", "truefalse")  # basic-1's reverse and the second gap wait for tomorrow
    async with make_app(workspace, clock).run_test() as pilot:
        screen = await start_review(pilot)
        profile = workspace.store.profiles.named("Ana")
        graded = screen.session.current.card_id
        await pilot.press("space", "3")
        await settle(pilot)
        buried = screen.session.current.card_id
        await pilot.press("b")
        await settle(pilot)
        suspended = screen.session.current.card_id
        await pilot.press("s")
        await settle(pilot)
        for card_id, said in ((suspended, "Undid the suspend"), (buried, "Undid the bury"), (graded, "Undid the Good answer")):
            await pilot.press("u")
            await settle(pilot)
            assert screen.session.current.card_id == card_id
            assert any(said in n.message for n in pilot.app._notifications)
        memories = workspace.store.memory.all(profile.id)
        assert all(card_id not in memories for card_id in (graded, buried, suspended)) and ratings(workspace) == []


async def test_cram_logs_answers_and_leaves_the_schedule_unchanged(open_kind, clock):
    workspace = open_kind("basic", "mcq")
    profile = workspace.store.profiles.named("Ana")
    async with make_app(workspace, clock).run_test() as pilot:
        await start_review(pilot)
        await pilot.press("space", "3")  # one real answer, so there is a schedule to keep
        await settle(pilot)
        await pilot.press("q", "enter")  # summary, then home
        await settle(pilot)
        before = workspace.store.memory.all(profile.id)
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ReviewScreen) and "cram (schedule kept)" in shown_text(screen)
        assert grade_label(screen, 3) == "3 Good"  # no intervals: nothing is rescheduled
        for _ in range(2):  # the basic card both ways
            await pilot.press("space", "4")
            await settle(pilot)
        assert ratings(workspace, mode="cram") == [Rating.EASY] * 2
        assert workspace.store.memory.all(profile.id) == before


async def test_card_text_that_looks_like_markup_is_shown_literally(open_kind, clock):
    def add_markup(deck):
        card = deck["cards"][0]
        card["choices"][0] = "[/] closes [red]nothing[/red]"
        card["explanation"] = "Say [b]no[/b] kindly [/]"

    workspace = open_kind("mcq", edit=add_markup)
    async with make_app(workspace, clock).run_test() as pilot:
        screen = await start_review(pilot)
        text = shown_text(screen)
        assert "What is the [bold]best[/] reply?" in text
        assert "[/] closes [red]nothing[/red]" in text
        await pilot.press("a", "enter")
        assert "Say [b]no[/b] kindly [/]" in shown_text(screen)


async def test_a_typed_answer_keeps_the_keys_until_it_is_checked(open_kind, clock):
    workspace = open_kind("typed", "truefalse")
    profile = workspace.store.profiles.named("Ana")
    async with make_app(workspace, clock).run_test() as pilot:
        screen = await start_review(pilot)
        typed_card = screen.session.current.card_id
        box = screen.query_one(Input)
        await pilot.press("s", "y", "tab", "s")  # s suspends elsewhere; tab would leave the box
        assert box.has_focus and box.value == "sys"
        screen.set_focus(None)  # as a click on empty space does
        await pilot.press("t", "e", "m", "s")
        await settle(pilot)
        assert box.has_focus and box.value == "systems"
        assert screen.session.current.card_id == typed_card
        assert workspace.store.memory.all(profile.id) == {}  # nothing suspended, buried or flagged


async def test_esc_asks_before_ending_with_an_answer_or_a_grade_to_give(open_kind, clock):
    workspace = open_kind("typed")
    async with make_app(workspace, clock).run_test() as pilot:
        screen = await start_review(pilot)
        await pilot.press("h", "escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, Dialog) and "waits for your answer" in shown_text(pilot.app.screen)
        await pilot.press("enter")  # Keep studying
        await settle(pilot)
        assert pilot.app.screen is screen and screen.query_one(Input).value == "h"
        await pilot.press("enter", "escape")  # checked, then esc with the grade still to give
        await settle(pilot)
        assert "grade is still to give" in shown_text(pilot.app.screen)
        await pilot.click("#end")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, (Dialog, ReviewScreen))
        assert ratings(workspace) == []


async def test_tabs_long_lines_and_other_scripts_render_without_error(open_kind, clock):
    long_word = "x" * 500

    def hostile_text(deck):
        card = deck["cards"][0]
        card["prompt"] = "tab\there, then a very long word: " + long_word
        card["answer"] = "دعم الأقران · 同伴支持 · поддержка равных · सहकर्मी सहायता 🤝"

    workspace = open_kind("basic", edit=hostile_text)
    async with make_app(workspace, clock).run_test(size=(80, 24)) as pilot:
        screen = await start_review(pilot)
        await pilot.press("space")
        await settle(pilot)
        text = shown_text(screen)
        assert "同伴支持" in text and "поддержка равных" in text
        assert "xxxxxxxx" in pilot.app.export_screenshot()


@pytest.mark.parametrize("kind", ["basic", "cloze", "mcq", "multi", "typed", "ordering", "truefalse"])
async def test_every_footer_key_fits_in_80_columns(open_kind, clock, kind):
    from textual.widgets._footer import FooterKey

    async with make_app(open_kind(kind), clock).run_test(size=(80, 24)) as pilot:
        screen = await start_review(pilot)
        if kind == "typed":
            await pilot.press("enter")  # checked: the review keys are offered again
        keys = list(screen.query(FooterKey))
        assert keys and keys[-1].key == "question_mark"  # help comes last: if it shows, all before it do
        assert all(key.region.right <= 80 for key in keys), [(key.key, key.region) for key in keys]


async def test_a_card_longer_than_the_screen_says_there_is_more_below(open_kind, clock):
    def long_explanation(deck):
        deck["cards"][0]["explanation"] = "\n".join(f"Line {n} of a long explanation." for n in range(30))

    workspace = open_kind("basic", edit=long_explanation)
    async with make_app(workspace, clock).run_test(size=(80, 24)) as pilot:
        screen = await start_review(pilot)
        hint = screen.query_one("#more-below")
        assert not hint.display  # the question alone fits
        await pilot.press("space")
        await settle(pilot)
        assert hint.display and "more below" in shown_text(screen)
        await pilot.press("pagedown", "pagedown", "pagedown")
        await settle(pilot)
        area = screen.query_one("#card-area")
        assert area.scroll_y == area.max_scroll_y > 0 and not hint.display  # at the end: nothing more to hint at


@pytest.mark.parametrize("kind", ["mcq", "ordering"])
async def test_tab_and_a_stray_click_leave_the_keys_with_the_answer(open_kind, clock, kind):
    workspace = open_kind(kind)
    async with make_app(workspace, clock).run_test() as pilot:
        screen = await start_review(pilot)
        await pilot.press("tab", "shift+tab")
        assert screen.view.has_focus
        screen.set_focus(None)  # as a click on empty space does
        await pilot.press("b")  # picks choice b, or (ordering) goes back to the answer: never buries
        await settle(pilot)
        assert screen.view.has_focus and screen.session.current is not None
        assert kind != "mcq" or screen.view.picked == {1}  # the key reached the answer, not lost
        profile = workspace.store.profiles.named("Ana")
        assert workspace.store.memory.all(profile.id) == {}


async def test_the_footer_follows_the_keys_of_the_moment(open_kind, clock):
    """The footer is rebuilt only when its keys change (KeyFooter): it must still change when they do,
    and keep showing them when a screen comes back to the top."""
    from textual.widgets._footer import FooterKey

    def shown(screen) -> set[str]:
        return {key.description for key in screen.query(FooterKey) if not key.has_class("-disabled")}

    async with make_app(open_kind("basic"), clock).run_test(size=(100, 30)) as pilot:
        home = pilot.app.screen
        await settle(pilot)
        on_home = shown(home)
        screen = await start_review(pilot)
        assert "Show answer" in shown(screen) and "Continue" not in shown(screen)
        await pilot.press("space")
        await settle(pilot)
        assert "Continue" in shown(screen) and "Show answer" not in shown(screen)
        await pilot.press("3")  # graded: the next card's question
        await settle(pilot)
        assert "Show answer" in shown(screen) and "Continue" not in shown(screen)
        await pilot.press("q")
        await settle(pilot)
        while pilot.app.screen is not home:  # the session's summary, if one came
            await pilot.press("escape")
            await settle(pilot)
        assert on_home and shown(home) == on_home
