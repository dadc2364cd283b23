"""Reliability: concurrent writers, fuzzed deck files, nothing half-written."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peerquiz.core.decks.library import Library
from peerquiz.core.decks.loader import DeckLoadError, parse_deck
from peerquiz.core.store import Store

from .conftest import FIXTURES

ANSWERS_PER_PROCESS = 40

WORKER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from peerquiz.core.store.records import Rating
    from peerquiz.core.study.session import Mode, StudySession
    from peerquiz.core.workspace import Workspace

    workspace = Workspace.open(sys.argv[1], [Path(sys.argv[2])])
    profile = workspace.store.profiles.named("Ana")
    answered = 0
    while answered < int(sys.argv[3]):
        session = StudySession(workspace.store, workspace.library, profile, mode=Mode.CRAM)
        while answered < int(sys.argv[3]) and session.next() is not None:
            session.answer(Rating.GOOD)
            answered += 1
    print(answered)
    """
)


def test_two_processes_answering_on_one_profile_lose_nothing(tmp_path: Path):
    # Real processes: SQLite's file lock is what is under test, and one process does not contend with itself.
    url = f"sqlite:///{tmp_path / 'progress.db'}"
    store = Store.open(url)
    store.profiles.add("Ana")
    store.close()
    args = [sys.executable, "-c", WORKER, url, str(FIXTURES), str(ANSWERS_PER_PROCESS)]
    workers = [subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [w.communicate(timeout=120) for w in workers]
    for worker, (out, err) in zip(workers, results):
        assert worker.returncode == 0, err
        assert "locked" not in err
    store = Store.open(url)
    assert len(store.answers.log(store.profiles.named("Ana").id)) == 2 * ANSWERS_PER_PROCESS
    store.close()


VALID = (FIXTURES / "mixed.yaml").read_text()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_fuzzed_text_only_ever_raises_the_validation_error(text):
    try:
        parse_deck(text, "fuzz.yaml")
    except DeckLoadError as exc:
        assert exc.errors and all(str(e).startswith("fuzz.yaml:") for e in exc.errors)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, len(VALID) - 1), st.integers(1, 40), st.text(max_size=20))
def test_mutated_decks_only_ever_raise_the_validation_error(start, length, replacement):
    mutated = VALID[:start] + replacement + VALID[start + length :]
    try:
        parse_deck(mutated, "fuzz.yaml")
    except DeckLoadError as exc:
        assert exc.errors


def test_a_bad_deck_file_never_changes_the_store(tmp_path: Path):
    store = Store.open("sqlite://")
    deck_file = tmp_path / "mixed.yaml"
    deck_file.write_text(VALID)
    Library.load([tmp_path]).sync(store.cards)
    before = store.cards.stored()
    deck_file.write_text(VALID.replace("kind: ordering", "kind: sorting"))
    broken = Library.load([tmp_path])
    assert broken.errors and not broken.decks
    broken.sync(store.cards)
    assert store.cards.stored() == before
