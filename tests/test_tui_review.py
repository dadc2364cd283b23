"""Pilot tests of the review screen: every card kind, grading, undo, bury, suspend, flag, cram."""

from __future__ import annotations

import pytest
from textual.widgets import Button

from peerquiz.core.store.records import Rating
from peerquiz.core.workspace import Workspace
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
        assert "four dimensions: health, home, purpose" in shown_text(screen)
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
        assert "Your answer against the expected one:\nself·-advocacy" in text
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


async def test_escape_leaves_the_answer_box_so_review_keys_work_again(open_kind, clock):
    workspace = open_kind("typed", "truefalse")
    async with make_app(workspace, clock).run_test() as pilot:
        screen = await start_review(pilot)
        typed_card = screen.session.current.card_id
        await pilot.press("b")  # typing: b is a letter of the answer
        assert screen.session.current.card_id == typed_card
        await pilot.press("escape", "b")
        await settle(pilot)
        profile = workspace.store.profiles.named("Ana")
        assert workspace.store.memory.get(profile.id, typed_card).buried_until is not None
        assert screen.session.current.card_id != typed_card


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
            await pilot.press("escape")  # out of the answer box, where every key types
        keys = list(screen.query(FooterKey))
        assert keys and keys[-1].key == "question_mark"  # help comes last: if it shows, all before it do
        assert all(key.region.right <= 80 for key in keys), [(key.key, key.region) for key in keys]
