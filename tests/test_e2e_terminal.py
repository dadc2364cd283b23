"""End to end: the installed `peerquiz` command in a real terminal (tmux).

Every test here needs a real process: keys go through a terminal, the exit status through a shell.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from peerquiz.core.store import Store

from .conftest import FIXTURES

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed; the real-terminal test needs it")

PEERQUIZ = Path(sys.executable).with_name("peerquiz")


class Terminal:
    """A tmux pane running one command in ``folder``; the pane stays open after it exits, to read its status."""

    def __init__(self, command: list[str], folder: Path, width: int = 100, height: int = 30):
        self.name = f"peerquiz-test-{uuid.uuid4().hex[:8]}"
        shell = " ".join(f"'{part}'" for part in command) + "; echo EXIT=$?; sleep 60"
        size = ["-x", str(width), "-y", str(height)]
        subprocess.run(["tmux", "new-session", "-d", "-s", self.name, "-c", str(folder), *size, shell], check=True)

    def screen(self) -> str:
        # -J joins lines the terminal wrapped, so text printed by the shell is found whatever its length.
        return subprocess.run(
            ["tmux", "capture-pane", "-p", "-J", "-t", self.name], capture_output=True, text=True, check=True
        ).stdout

    def wait_for(self, text: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.screen()
            if text in shown:
                return shown
            time.sleep(0.05)  # a poll: the wait ends when the text shows, not after a set time
        raise AssertionError(f"{text!r} never appeared; the screen shows:\n{self.screen()}")

    def keys(self, *keys: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, *keys], check=True)

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True, check=False)


@pytest.fixture
def terminal(tmp_path: Path):
    opened: list[Terminal] = []

    def open_(*args: str) -> Terminal:
        opened.append(Terminal([str(PEERQUIZ), *args], tmp_path))
        return opened[-1]

    yield open_
    for term in opened:
        term.close()


def test_a_new_user_creates_a_profile_answers_three_cards_and_they_are_stored(terminal, tmp_path):
    db = tmp_path / "progress.db"
    term = terminal("--db", str(db), "--decks", str(FIXTURES))
    term.wait_for("Create a profile")
    term.keys("Ana", "Enter")
    term.wait_for("peerquiz · Ana")
    # New cards in file order, so the test knows which comes next; saved while the app runs, it applies at once.
    store = Store.open(f"sqlite:///{db}")
    profile = store.profiles.named("Ana")
    assert profile is not None
    store.profiles.save_study_settings(profile.id, {"new_card_order": "deck"})
    store.close()
    term.keys("Enter")  # study all decks
    term.wait_for("What is a dual relationship?")
    term.keys("Space")
    term.wait_for("3 Good · 10m")
    term.keys("3")
    term.wait_for("Recovery has four dimensions: [...]")  # the reverse, a sibling, waits for another day
    term.keys("Space")
    term.wait_for("1 Again")
    term.keys("1")
    term.wait_for("A person you support asks you to be friends")
    term.keys("q")
    term.wait_for("Cards reviewed  2")
    term.keys("Enter")
    term.wait_for("2 reviewed")
    term.keys("q")
    term.wait_for("EXIT=0")

    store = Store.open(f"sqlite:///{db}")
    try:
        profile = store.profiles.named("Ana")
        assert profile is not None
        assert [int(r.rating) for r in store.answers.log(profile.id)] == [3, 1]
    finally:
        store.close()
    # The profile is remembered: the next start goes straight home.
    again = terminal("--db", str(db), "--decks", str(FIXTURES))
    again.wait_for("peerquiz · Ana")


def test_a_database_that_cannot_be_opened_is_one_line_and_exit_status_2(terminal, tmp_path):
    not_a_db = tmp_path / "notes.db"
    not_a_db.write_text("my notes, not a database\n", encoding="utf-8")
    term = terminal("--db", str(not_a_db), "--decks", str(FIXTURES))
    shown = term.wait_for("EXIT=")
    assert "EXIT=2" in shown
    assert f"peerquiz: {not_a_db} is not a SQLite database" in shown
    assert "Traceback" not in shown
    assert not_a_db.read_text(encoding="utf-8") == "my notes, not a database\n"


def test_answers_survive_kill_9_and_card_states_match(terminal, tmp_path):
    db = tmp_path / "progress.db"
    store = Store.open(f"sqlite:///{db}")
    ana = store.profiles.add("Ana")
    store.profiles.save_study_settings(ana.id, {"new_card_order": "deck"})
    store.close()
    term = terminal("--db", str(db), "--decks", str(FIXTURES), "--user", "Ana", "study")
    term.wait_for("What is a dual relationship?")
    for next_prompt in ("Recovery has four dimensions: [...]", "A person you support asks you to be friends"):
        term.keys("Space")
        term.wait_for("3 Good")
        term.keys("3")
        term.wait_for(next_prompt)
    pid = subprocess.run(["tmux", "list-panes", "-t", term.name, "-F", "#{pane_pid}"], capture_output=True, text=True, check=True)
    shell_pid = pid.stdout.split()[0]
    # The pane runs a shell; the app is its child. SIGKILL gives it no chance to flush or close.
    app_pid = subprocess.run(["pgrep", "-P", shell_pid], capture_output=True, text=True, check=True).stdout.split()[0]
    subprocess.run(["kill", "-9", app_pid], check=True)
    term.wait_for("EXIT=137")

    store = Store.open(f"sqlite:///{db}")
    try:
        profile = store.profiles.named("Ana")
        reviews = store.answers.log(profile.id)
        assert [int(r.rating) for r in reviews] == [3, 3]
        memories = store.memory.all(profile.id)
        studied = {card_id: m for card_id, m in memories.items() if m.reps}
        assert {r.card_id for r in reviews} == set(studied)
        assert all(m.reps == 1 and m.last_review is not None for m in studied.values())
        # the rest are the answered cards' siblings, buried until the next study day
        assert all(m.buried_until is not None for card_id, m in memories.items() if card_id not in studied)
    finally:
        store.close()


def test_preview_follows_saves_and_errors_at_80x24_and_stores_nothing(tmp_path):
    deck = tmp_path / "mixed.yaml"
    deck.write_text((FIXTURES / "mixed.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    home = tmp_path / "home"
    home.mkdir()
    # A fresh HOME and XDG folders: any database or cache the preview wrote would land below them.
    env = [f"{name}={home / sub}" for name, sub in (("HOME", ""), ("XDG_DATA_HOME", "data"), ("XDG_CACHE_HOME", "cache"))]
    # A path relative to the pane's folder: the error lines name the file, and a long temporary path
    # would wrap them inside the panel at 80 columns, where no joining of wrapped lines can help.
    command = ["env", "-u", "PEERQUIZ_DB", *env, str(PEERQUIZ), "preview", deck.name]
    term = Terminal(command, tmp_path, width=80, height=24)
    try:
        term.wait_for("Mixed kinds · 1/9 · Basic · basic-1")
        term.keys("n", "n")
        term.wait_for("Recovery has four dimensions: [...], home")
        deck.write_text(deck.read_text(encoding="utf-8").replace("four dimensions", "four parts"), encoding="utf-8")
        shown = term.wait_for("Recovery has four parts: [...], home")
        assert "✓ reloaded  Mixed kinds · 3/9 · Cloze · cloze-1/c1" in shown
        deck.write_text(deck.read_text(encoding="utf-8").replace("kind: truefalse", "kind: yesno"), encoding="utf-8")
        shown = term.wait_for("mixed.yaml:56: kind: unknown kind 'yesno'")
        assert "1 error(s) in mixed.yaml: showing the last good version below" in shown
        assert "Recovery has four parts" in shown
        term.keys("q")
        term.wait_for("EXIT=0")
    finally:
        term.close()
    assert list(home.rglob("*")) == []
    assert sorted(tmp_path.iterdir()) == [home, deck]  # nor in the folder it ran in


def test_a_mock_exam_from_the_command_line_is_scored_and_stored(terminal, tmp_path):

    db = tmp_path / "progress.db"
    store = Store.open(f"sqlite:///{db}")
    store.profiles.add("Ana")
    store.close()
    blueprint = tmp_path / "exam.toml"
    blueprint.write_text(
        'name = "Tiny exam"\nnote = "Practice default, not the official blueprint."\n'
        'questions = 1\nminutes = 5\npass_percent = 50\n\n[[domains]]\nname = "Ethical Responsibility"\nweight = 1\n',
        encoding="utf-8",
    )
    term = terminal("--db", str(db), "--decks", str(FIXTURES), "--user", "Ana", "exam", "--blueprint", str(blueprint))
    term.wait_for("Tiny exam")
    term.keys("s")
    term.wait_for("Question 1 of 1")  # the fixtures' one four-option question in the domain
    term.keys("1")
    term.keys("s")
    shown = term.wait_for("of 1 right")
    assert "practice pass mark 50 %" in shown

    store = Store.open(f"sqlite:///{db}")
    try:
        profile = store.profiles.named("Ana")
        (attempt,) = store.exams.history(profile.id)
        assert attempt.total == 1 and attempt.blueprint == "Tiny exam"
        # The answer went to the review log as an exam answer (wrong: Again; right on a new card: logged only).
        assert [r.mode for r in store.answers.log(profile.id)] == ["exam"]
    finally:
        store.close()
