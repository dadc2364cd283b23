"""The watched deck file behind the preview: change detection, last good version, position after a reload."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from peerquiz.core.decks.cache import load_deck
from peerquiz.core.decks.watch import DeckWatch, follow

from .conftest import FIXTURES


@pytest.fixture
def deck_file(tmp_path: Path) -> Path:
    return Path(shutil.copy(FIXTURES / "mixed.yaml", tmp_path / "mixed.yaml"))


def test_a_new_watch_reads_the_file_once_then_only_after_a_change(deck_file):
    watch = DeckWatch(deck_file)
    assert watch.changed()
    assert watch.reload() and watch.deck is not None and watch.errors == []
    assert not watch.changed()
    deck_file.write_text(deck_file.read_text().replace("What is a dual relationship?", "What is a dual role?"))
    assert watch.changed()
    assert watch.reload()
    assert watch.deck.cards[0].prompt == "What is a dual role?"


def test_errors_keep_the_last_good_deck_until_the_file_is_fixed(deck_file):
    good = deck_file.read_text()
    watch = DeckWatch(deck_file)
    watch.reload()
    deck_file.write_text(good.replace("kind: truefalse", "kind: yesno"))
    assert not watch.reload()
    assert [str(e) for e in watch.errors] == [
        f"{deck_file}:56: kind: unknown kind 'yesno' (known: basic, cloze, mcq, multi, typed, ordering, truefalse)"
    ]
    assert watch.deck is not None and watch.deck.cards[-1].kind == "truefalse"  # still the last good version
    deck_file.write_text(good)
    assert watch.reload() and watch.errors == []


def test_a_file_missing_mid_save_is_an_error_and_its_return_a_change(deck_file):
    text = deck_file.read_text()
    watch = DeckWatch(deck_file)
    watch.reload()
    deck_file.unlink()
    assert watch.changed() and not watch.reload()
    assert "cannot read file" in str(watch.errors[0])
    assert not watch.changed()  # still missing: nothing new to read
    deck_file.write_text(text)
    assert watch.changed() and watch.reload()


def test_follow_keeps_the_item_then_the_card_then_the_place():
    deck = load_deck(FIXTURES / "mixed.yaml")
    items = deck.items()
    ids = [item.item_id for item in items]
    assert ids[:4] == ["basic-1", "basic-1/reverse", "cloze-1/c1", "cloze-1/c2"]
    moved = items[2:] + items[:2]
    assert follow(moved, items[3], 3) == moved.index(items[3])  # the same item, wherever it went
    without_gap_2 = [item for item in items if item.item_id != "cloze-1/c2"]
    assert follow(without_gap_2, items[3], 3) == 2  # the gap is gone: the first item of its card
    without_cloze = [item for item in items if item.card.id != "cloze-1"]
    assert follow(without_cloze, items[3], 3) == 3  # the card is gone: the same place
    assert follow(items[:2], items[8], 8) == 1  # ... or the last item when the deck got shorter
    assert follow([], items[0], 0) == 0
    assert follow(items, None, 5) == 5
