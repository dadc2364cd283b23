"""`peerquiz cards` and the search behind the card browser: text, states, lapses, bad filters."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from peerquiz.core.store import Store
from peerquiz.core.store.records import Memory, Phase
from peerquiz.core.workspace import Workspace

from .conftest import FIXTURES

NOW = datetime.now(UTC)  # the command reads the real clock


@pytest.fixture
def run(tmp_path, cli):
    """`peerquiz --decks FIXTURES --user Ana ARGS`, over a history with a marked card of each kind."""
    url = f"sqlite:///{tmp_path / 'progress.db'}"
    workspace = Workspace.open(url, [FIXTURES])
    store: Store = workspace.store
    profile = store.profiles.add("Ana")
    ids = {item.item_id: card_id for card_id, item in workspace.library.items.items()}
    review = Memory(card_id=0, phase=Phase.REVIEW, step=None, stability=9.0, difficulty=5.0, reps=4,
                    due=NOW - timedelta(hours=1), last_review=NOW - timedelta(days=9))  # fmt: skip
    store.memory.save_many(profile.id, [
        review.but(card_id=ids["basic-1"]),
        review.but(card_id=ids["mcq-1"], suspended=True, leech=True, lapses=8),
        review.but(card_id=ids["tf-1"], due=NOW + timedelta(days=30), flag=1, lapses=2),
        Memory(card_id=ids["order-1"], buried_until=NOW + timedelta(hours=3), due=NOW),
    ], NOW)  # fmt: skip
    workspace.close()
    return lambda *args: cli("--decks", FIXTURES, "--user", "Ana", "cards", *args)


def listed(result) -> list[str]:
    assert result.returncode == 0, result.stderr
    return [entry["card"] for entry in json.loads(result.stdout)]


@pytest.mark.parametrize(("state", "cards"), [
    ("review", ["basic-1", "mcq-1", "tf-1"]),
    ("due", ["basic-1"]),  # mcq-1 is due too, but suspended
    ("suspended", ["mcq-1"]),
    ("leech", ["mcq-1"]),
    ("flagged", ["tf-1"]),
    ("buried", ["order-1"]),
    ("new", ["basic-1/reverse", "cloze-1/c1", "cloze-1/c2", "multi-1", "typed-1", "order-1"]),
])  # fmt: skip
def test_each_state_lists_its_cards(run, state, cards):
    assert listed(run("--state", state, "--json")) == cards


def test_search_matches_every_word_in_prompt_answer_explanation_source_or_tags(run):
    assert listed(run("--search", "TIP 35", "--json")) == ["multi-1", "order-1"]  # the source
    assert listed(run("--search", "scenario", "--json")) == ["mcq-1"]  # a tag
    assert listed(run("--search", "speaks themselves", "--json")) == ["typed-1"]  # the explanation, any order
    assert listed(run("--search", "self-advocacy", "--json")) == ["typed-1"]  # the answer
    assert listed(run("--search", "advocacy nowhere", "--json")) == []


def test_filters_combine_and_lapses_count(run):
    assert listed(run("--domain", "Mentoring and Education", "--json")) == ["multi-1", "order-1"]
    assert listed(run("--lapses", "2", "--json")) == ["mcq-1", "tf-1"]
    assert listed(run("--lapses", "2", "--state", "flagged", "--deck", "mixed", "--json")) == ["tf-1"]


def test_the_table_shows_state_marks_and_a_count(run):
    result = run("--state", "review")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["deck", "card", "state", "due", "lapses", "marks", "prompt"]
    assert "suspended,leech" in lines[2] and "flagged" in lines[3]
    assert lines[-1] == "3 cards"


@pytest.mark.parametrize(("args", "message"), [
    (("--deck", "nope"), "--deck: no deck with id 'nope'"),
    (("--domain", "Nowhere"), "--domain: no domain named 'Nowhere'"),
    (("--lapses", "-1"), "--lapses: give a number of lapses"),
])  # fmt: skip
def test_a_bad_filter_is_one_line_and_status_2(run, args, message):
    result = run(*args)
    assert result.returncode == 2 and result.stderr.strip().startswith(f"peerquiz: {message}")
    assert len(result.stderr.strip().splitlines()) == 1
