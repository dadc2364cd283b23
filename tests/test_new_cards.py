"""New-card order per profile and siblings kept to separate study days, on the bundled decks."""

from __future__ import annotations

from collections import Counter, defaultdict

import pytest
from hypothesis import given
from hypothesis import strategies as st

from peerquiz.config import bundled_decks_dir
from peerquiz.core.decks.library import Library
from peerquiz.core.store import Store
from peerquiz.core.store.card_filter import CardFilter
from peerquiz.core.store.records import Memory, Rating, note_of
from peerquiz.core.study.session import StudySession
from peerquiz.core.study.settings import save_scheduler_settings, scheduler_settings

from .conftest import FIXTURES, synced_ids
from .test_bundled_decks import DOMAINS


@pytest.fixture
def bundled(store: Store) -> Library:
    loaded = Library.load([bundled_decks_dir()])
    loaded.sync(store.cards)
    return loaded


@pytest.fixture
def learner(store: Store):
    made = store.profiles.add("Ana")
    store.profiles.save_study_settings(made.id, {"fuzz": False})
    return made


def study_day_through(store, library, profile, clock, rating: Rating = Rating.GOOD) -> list[int]:
    """Every card a session shows today, answered with one rating; their ids in order."""
    session = StudySession(store, library, profile, clock=clock)
    shown = []
    while (card := session.next()) is not None:
        shown.append(card.card_id)
        session.answer(rating)
    return shown


def new_order(store, library, profile, clock) -> list[str]:
    session = StudySession(store, library, profile, clock=clock)
    return [library.items[i].item_id for i in session._queue.new]


def test_a_fresh_profile_meets_every_domain_and_several_decks_on_day_one(store, bundled, learner, clock):
    first_day = study_day_through(store, bundled, learner, clock)
    new_cards = [bundled.items[i].card for i in first_day[:20]]
    assert {card.domain for card in new_cards} == set(DOMAINS)
    assert len({bundled.items[i].deck_id for i in first_day[:20]}) >= 8
    assert len(set(first_day)) == 20  # the daily limit, each card once


@pytest.mark.parametrize("order", ["interleaved", "deck", "random"])
def test_a_session_of_one_domain_or_one_tag_offers_only_its_new_cards_and_reviews(store, bundled, learner, clock, order):
    store.profiles.save_study_settings(learner.id, {"new_card_order": order})
    study_day_through(store, bundled, learner, clock)  # some cards of every domain become reviews
    clock.advance(days=30)
    domain = DOMAINS[1]
    tag = Counter(tag for item in bundled.items.values() for tag in item.card.tags).most_common(1)[0][0]
    for card_filter, fits in (
        (CardFilter(domains=(domain,)), lambda card: card.domain == domain),
        (CardFilter(tag=tag), lambda card: tag in card.tags),
    ):
        session = StudySession(store, bundled, learner, card_filter=card_filter, clock=clock)
        shown = []
        while (card := session.next()) is not None:
            shown.append(card.item.card)
            session.answer(Rating.GOOD)
        assert shown and all(fits(card) for card in shown), card_filter


def test_deck_order_follows_the_files_and_random_orders_hold_all_day_and_change_the_next(store, bundled, learner, clock):
    save_scheduler_settings(store, learner, {"new_card_order": "deck"})
    first_deck = bundled.headers[0].id
    assert new_order(store, bundled, learner, clock)[:3] == [
        item.item_id for item in bundled.deck(first_deck).items() if "/" not in item.item_id or item.gap == 1
    ][:3]
    for order in ("random", "interleaved"):
        save_scheduler_settings(store, learner, {"new_card_order": order})
        today = new_order(store, bundled, learner, clock)
        clock.advance(hours=3)
        assert new_order(store, bundled, learner, clock) == today
        clock.advance(days=1)
        assert new_order(store, bundled, learner, clock) != today
        clock.advance(days=-1, hours=-3)


@pytest.mark.parametrize("order", ["interleaved", "deck", "random"])
def test_over_thirty_days_no_two_siblings_share_a_study_day(store, bundled, learner, clock, order):
    save_scheduler_settings(store, learner, {"new_card_order": order})
    notes_by_day: list[list[tuple[str, str]]] = []
    for _ in range(30):
        ids = study_day_through(store, bundled, learner, clock)
        notes_by_day.append([(bundled.items[i].deck_id, note_of(bundled.items[i].item_id)) for i in set(ids)])
        clock.advance(days=1)
    for day in notes_by_day:
        assert len(day) == len(set(day))
    # the bundled decks have siblings, and they did come, on other days
    days_of_note: dict[tuple[str, str], set[int]] = defaultdict(set)
    for number, day in enumerate(notes_by_day):
        for note in day:
            days_of_note[note].add(number)
    assert any(len(days) > 1 for days in days_of_note.values())


def test_answering_a_card_buries_its_review_sibling_until_the_next_day(store, learner, clock):
    library = Library.load([FIXTURES])
    library.sync(store.cards)
    save_scheduler_settings(store, learner, {"new_per_day": 0})
    ids = {item.item_id: card_id for card_id, item in library.items.items()}
    due = Memory(0, phase=2, step=None, stability=5.0, difficulty=5.0, due=clock.now, last_review=clock.now, reps=2)
    for item_id in ("basic-1", "basic-1/reverse", "tf-1"):
        store.memory.save(learner.id, due.but(card_id=ids[item_id]), clock.now)
    shown = [library.items[i].item_id for i in study_day_through(store, library, learner, clock, Rating.EASY)]
    assert sorted(shown) == sorted(["tf-1", shown[0] if shown[0] != "tf-1" else shown[1]])
    assert len([s for s in shown if s.startswith("basic-1")]) == 1
    clock.advance(days=1)
    later = store.memory.all(learner.id, [ids["basic-1"], ids["basic-1/reverse"]])
    assert any(m.buried_until is not None and m.buried_until <= clock.now for m in later.values())


def test_a_deck_with_its_own_limit_still_offers_new_cards_once_the_shared_limit_is_spent(store, learner, clock, tmp_path):
    import shutil

    shutil.copytree(bundled_decks_dir(), tmp_path / "decks")
    small = (FIXTURES / "mixed.yaml").read_text(encoding="utf-8").replace("id: mixed", "id: instructor-deck", 1)
    (tmp_path / "decks" / "instructor.yaml").write_text(small, encoding="utf-8")
    library = Library.load([tmp_path / "decks"])
    library.sync(store.cards)
    save_scheduler_settings(store, learner, {"new_per_day": 5, "deck_new_limits": {"instructor-deck": 3}})
    shown = study_day_through(store, library, learner, clock)
    decks = [library.items[i].deck_id for i in dict.fromkeys(shown)]
    assert decks.count("instructor-deck") == 3
    assert len(decks) == 8


def test_saving_settings_keeps_keys_other_parts_own(store, learner):
    store.profiles.save_study_settings(learner.id, {"ui": {"theme": "light"}, "fuzz": False})
    save_scheduler_settings(store, learner, {"new_per_day": 7})
    assert store.profiles.study_settings(learner.id) == {"ui": {"theme": "light"}, "fuzz": False, "new_per_day": 7}
    assert scheduler_settings(store, learner).new_per_day == 7


def test_undoing_an_answer_takes_back_the_burial_of_its_siblings(store, learner, clock):
    library = Library.load([FIXTURES])
    library.sync(store.cards)
    save_scheduler_settings(store, learner, {"new_card_order": "deck"})
    ids = {item.item_id: card_id for card_id, item in library.items.items()}
    session = StudySession(store, library, learner, clock=clock)
    assert session.next().item.item_id == "basic-1"
    session.answer(Rating.EASY)
    assert store.memory.get(learner.id, ids["basic-1/reverse"]).buried_until is not None
    session.undo()
    assert store.memory.get(learner.id, ids["basic-1/reverse"]).buried_until is None


def test_on_each_backend_answering_a_gap_of_a_new_cloze_buries_each_of_its_other_gaps(store, learner, clock, tmp_path):
    # Three gaps: the two siblings left are new, with no memory row yet, and are written together.
    (tmp_path / "gaps.yaml").write_text(
        "id: gaps\ntitle: Gaps\ncards:\n  - id: four\n    kind: cloze\n"
        "    text: \"{{c1::Health}}, {{c2::home}}, {{c3::purpose}} and community.\"\n"
        "    explanation: The four dimensions of recovery.\n    source: SAMHSA, Working Definition of Recovery (2012)\n",
        encoding="utf-8",
    )
    library = Library.load([tmp_path])
    library.sync(store.cards)
    ids = {item.item_id: card_id for card_id, item in library.items.items()}
    session = StudySession(store, library, learner, clock=clock)
    answered = session.next().item.item_id
    session.answer(Rating.GOOD)
    siblings = {item_id: store.memory.get(learner.id, ids[item_id]) for item_id in ids if item_id != answered}
    assert len(siblings) == 2
    assert all(memory.buried_until is not None and memory.buried_until > clock.now and memory.is_new for memory in siblings.values())


def test_on_each_backend_a_deck_studied_through_is_not_read_card_by_card_and_any_card_left_new_is_offered(
    store: Store, learner, clock, monkeypatch
):
    from datetime import timedelta

    from peerquiz.core.store import CardSpec, siblings
    from peerquiz.core.store.records import Phase

    def specs(deck: str, count: int) -> list[CardSpec]:
        return [CardSpec(deck, f"{deck}{n}", "basic", None, (), "h") for n in range(1, count + 1)]

    ids = synced_ids(store, [*specs("a", 4), *specs("b", 3)])
    now, day_end = clock.now, clock.now + timedelta(hours=6)
    for card_id in [ids[("a", f"a{n}")] for n in range(1, 5)] + [ids[("b", "b1")]]:
        studied = Memory(card_id, Phase.REVIEW, None, 10.0, 5.0, now + timedelta(days=9), now - timedelta(days=1), 3)
        store.memory.save(learner.id, studied, now)
    scanned: list[str] = []
    first_per_note = siblings._first_per_note
    monkeypatch.setattr(siblings, "_first_per_note", lambda conn, query, params, deck, spans: scanned.append(deck.deck_id)
                        or first_per_note(conn, query, params, deck, spans))  # fmt: skip

    def offered() -> list[str]:
        scanned.clear()
        found = store.siblings.new_cards(learner.id, {"a": 9, "b": 9}, now, day_end)
        return [card.item_id for card in found]

    assert offered() == ["b2", "b3"] and scanned == ["b"]  # deck a is seen to be studied through from counts alone
    # A card buried while new has a memory row but was never answered: once the burial ends it is new again.
    store.memory.save(learner.id, Memory(ids[("a", "a4")], buried_until=now - timedelta(minutes=1)), now)
    assert offered() == ["a4", "b2", "b3"]
    store.memory.save(learner.id, Memory(ids[("a", "a4")], Phase.REVIEW, None, 10.0, 5.0, now, now, 1), now)
    # A card added to deck a after deck b was imported: deck a's ids are no longer consecutive.
    added = synced_ids(store, [*specs("a", 5)])[("a", "a5")]
    assert added > ids[("b", "b3")]
    assert offered() == ["a5", "b2", "b3"]


def _shuffled_deck(store: Store, learner, now) -> dict[str, int]:
    """Deck "s": 24 cards of their own and six notes of two cards; four cards studied, and note n1 due today (busy)."""
    from datetime import timedelta

    from peerquiz.core.store import CardSpec
    from peerquiz.core.store.records import Phase

    items = [f"s{n}" for n in range(1, 25)] + [f"n{n}/{side}" for n in range(1, 7) for side in (1, 2)]
    ids = {item: card_id for (_, item), card_id in synced_ids(store, [CardSpec("s", i, "basic", None, (), "h") for i in items]).items()}
    for item, due in [("s1", 9), ("s2", 9), ("s3", 9), ("n1/1", 0)]:
        studied = Memory(ids[item], Phase.REVIEW, None, 10.0, 5.0, now + timedelta(days=due), now - timedelta(days=1), 3)
        store.memory.save(learner.id, studied, now)
    store.memory.save(learner.id, Memory(ids["s4"], suspended=True), now)
    return ids


def test_on_each_backend_a_shuffled_deck_offers_its_new_cards_in_the_days_rank_whatever_the_seed(store: Store, learner, clock):
    """A day ranks a deck's new cards (id * 2654435761 + seed) mod 4294967311, the first card of a note not busy
    first: the store reads that order from an index in two stretches, which meet where the seed turns it."""
    from datetime import timedelta

    ids = _shuffled_deck(store, learner, clock.now)
    held = {"s1", "s2", "s3", "s4", "n1/1", "n1/2"}  # studied, suspended, or of the busy note n1
    modulus = 4294967311
    turns_at = [modulus - (card_id * 2654435761) % modulus for card_id in ids.values()]  # a stretch starts at a card
    for seed in [0, 1, 2**31, 2**32 - 1, *turns_at[::5], *(turn - 1 for turn in turns_at[1::5])]:
        expected, notes = [], set()
        for item in sorted(ids.keys() - held, key=lambda i: ((ids[i] * 2654435761 + seed) % modulus, ids[i])):
            if note_of(item) not in notes:
                notes.add(note_of(item))
                expected.append(item)
        for cap in (1, 7, 40):
            found = store.siblings.new_cards(learner.id, {"s": cap}, clock.now, clock.now + timedelta(hours=6), seed)
            assert [card.item_id for card in found] == expected[:cap], (seed, cap)


def test_a_shuffled_deck_s_new_cards_are_read_from_its_index_not_sorted(tmp_path, clock, monkeypatch):
    """With the numbers of its hash bound as parameters, or the hash spelt otherwise, SQLite would rank every card."""
    import sqlite3
    from datetime import timedelta

    from peerquiz.core.store import prepared

    store = Store.open(f"sqlite:///{tmp_path / 'progress.db'}")
    learner = store.profiles.add("Ana")
    _shuffled_deck(store, learner, clock.now)
    run: list[tuple[str, object]] = []
    on_driver = prepared._on_driver
    monkeypatch.setattr(prepared, "_on_driver", lambda conn, sql, values, many=False: run.append((sql, values))
                        or on_driver(conn, sql, values, many))  # fmt: skip
    assert store.siblings.new_cards(learner.id, {"s": 5}, clock.now, clock.now + timedelta(hours=6), 12345)
    with sqlite3.connect(tmp_path / "progress.db") as conn:
        plans = [" / ".join(row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}", values)) for sql, values in run
                 if "ORDER BY" in sql]  # fmt: skip
    assert plans and all("USING INDEX ix_card_deck_live_shuffle" in plan and "TEMP B-TREE" not in plan for plan in plans), plans
    store.close()


def test_on_each_backend_a_deck_never_studied_offers_every_card_until_one_is_held_or_answered(store: Store, learner, clock):
    from datetime import timedelta

    from peerquiz.core.store import CardSpec
    from peerquiz.core.store.records import Phase

    ids = synced_ids(store, [CardSpec("c", f"c{n}", "basic", None, (), "h") for n in range(1, 5)])
    now, day_end = clock.now, clock.now + timedelta(hours=6)

    def offered() -> list[str]:
        return [card.item_id for card in store.siblings.new_cards(learner.id, {"c": 9}, now, day_end)]

    assert offered() == ["c1", "c2", "c3", "c4"]  # no memory row in the deck: every card is new
    store.memory.save(learner.id, Memory(ids[("c", "c2")], suspended=True), now)
    assert offered() == ["c1", "c3", "c4"]
    store.memory.save(learner.id, Memory(ids[("c", "c3")], Phase.REVIEW, None, 10.0, 5.0, now + timedelta(days=9), now, 1), now)
    assert offered() == ["c1", "c4"]


@pytest.mark.parametrize("cap", [0, 1, 2, 9])
def test_on_each_backend_new_counts_are_how_many_new_cards_each_deck_would_give(store: Store, learner, clock, cap):
    """Home counts the new cards without choosing them: the same count, deck by deck, as choosing them gives."""
    from datetime import timedelta

    from peerquiz.core.store import CardSpec
    from peerquiz.core.store.records import Phase

    def specs(deck: str, items: list[str], tags: tuple[str, ...] = ()) -> list[CardSpec]:
        return [CardSpec(deck, item, "basic", None, tags, "h") for item in items]

    ids = synced_ids(store, [
        *specs("untouched", ["u1", "u2", "u3"], ("exam",)),
        *specs("plain", ["n1", "n2"]),  # never studied, without the tag
        *specs("pairs", ["x1", "x1/reverse", "x2"]),  # never studied: one card a note all the same
        *specs("siblings", ["s1", "s1/reverse", "s2", "s2/reverse", "s3"]),  # s1 has a card due today: its note waits
        *specs("partly", ["p1", "p2", "p3", "p4"], ("exam",)),
        *specs("through", ["t1", "t2"]),
        *specs("held", ["h1", "h2"]),
    ])  # fmt: skip
    now, day_end = clock.now, clock.now + timedelta(hours=6)

    def studied(deck: str, item: str, due: timedelta) -> None:
        memory = Memory(ids[(deck, item)], Phase.REVIEW, None, 10.0, 5.0, now + due, now - timedelta(days=1), 3)
        store.memory.save(learner.id, memory, now)

    studied("siblings", "s1", timedelta(hours=1))
    studied("partly", "p2", timedelta(days=9))
    studied("through", "t1", timedelta(days=9))
    studied("through", "t2", timedelta(days=9))
    store.memory.save(learner.id, Memory(ids[("held", "h1")], suspended=True), now)
    store.memory.save(learner.id, Memory(ids[("held", "h2")], buried_until=now + timedelta(hours=1)), now)
    caps = dict.fromkeys(["untouched", "plain", "pairs", "siblings", "partly", "through", "held", "unknown"], cap)
    for card_filter in (CardFilter(), CardFilter(tag="exam")):
        for seed in (None, 12345):
            chosen = store.siblings.new_cards(learner.id, caps, now, day_end, seed, card_filter)
            counted = store.siblings.new_counts(learner.id, caps, now, day_end, card_filter)
            assert +counted == Counter(card.deck_id for card in chosen), (card_filter, seed)
    expected = {"untouched": 3, "plain": 2, "pairs": 2, "siblings": 2, "partly": 3}  # s2 and s3 only: s1's note is busy
    assert +store.siblings.new_counts(learner.id, caps, now, day_end) == Counter({d: min(n, cap) for d, n in expected.items()})


@given(
    offered=st.dictionaries(st.sampled_from("abcd"), st.integers(0, 6)),
    shared_left=st.integers(-3, 12),
    deck_left=st.dictionaries(st.sampled_from("abcd"), st.integers(-2, 6)),
    seed=st.integers(0, 99),
)
def test_counting_within_the_limits_gives_as_many_as_choosing_in_any_order(offered, shared_left, deck_left, seed):
    import random

    from peerquiz.core.store.records import NewCard
    from peerquiz.core.study.new_order import count_within_limits, within_limits

    # As the store offers them: a deck with a limit of its own never offers more than the limit leaves.
    offered = {deck: min(n, max(deck_left[deck], 0)) if deck in deck_left else n for deck, n in offered.items()}
    cards = [NewCard(i, deck, f"{deck}{i}", None) for deck, n in offered.items() for i in range(n)]
    random.Random(seed).shuffle(cards)
    assert count_within_limits(offered, shared_left, deck_left) == len(within_limits(cards, shared_left, deck_left))
