"""The real command, run as a user would run it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import FIXTURES


@pytest.fixture
def run(tmp_path: Path):
    env = {**os.environ, "PEERQUIZ_DB": str(tmp_path / "progress.db")}
    env.pop("PEERQUIZ_DECKS", None)

    def call(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "peerquiz", *args], capture_output=True, text=True, env=env,
                              timeout=60)  # fmt: skip

    return call


def test_version_and_help_on_every_verb(run):
    assert run("--version").stdout.startswith("peerquiz ")
    for verb in ("check", "users", "decks", "preview"):
        result = run(verb, "--help")
        assert result.returncode == 0 and "usage: peerquiz" in result.stdout


def test_check_passes_on_good_decks_with_a_summary_line(run):
    result = run("check", str(FIXTURES))
    assert result.returncode == 0
    assert result.stdout.strip() == f"ok {FIXTURES / 'mixed.yaml'}: mixed: 7 cards, 9 items"


def test_check_fails_with_file_and_line_on_a_broken_copy(run, tmp_path: Path):
    broken = tmp_path / "broken.yaml"
    broken.write_text((FIXTURES / "mixed.yaml").read_text().replace("kind: truefalse", "kind: yesno"))
    result = run("check", str(broken))
    assert result.returncode == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{broken}:") and ": kind: unknown kind 'yesno'" in first



def test_bundled_decks_pass_check(run):
    result = run("check")
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) >= 8


def test_users_add_list_remove(run):
    assert run("users", "add", "Ana").returncode == 0
    assert run("users", "add", "Bo").returncode == 0
    assert run("users").stdout.split() == ["Ana", "Bo"]
    assert run("users", "remove", "Bo").returncode == 0
    assert run("users", "list").stdout.split() == ["Ana"]


def test_user_errors_are_one_line_with_status_2(run, tmp_path: Path):
    run("users", "add", "Ana")
    for args, message in (
        (("users", "add", "Ana"), "a profile named 'Ana' already exists"),
        (("users", "remove", "Zed"), "no profile named 'Zed'"),
        (("decks",), "no profile chosen"),
        (("check", str(tmp_path / "missing")), "no such file or directory"),
    ):
        result = run(*args)
        assert result.returncode == 2, args
        assert result.stderr.count("\n") == 1 and message in result.stderr and "Traceback" not in result.stderr


def test_preview_refuses_a_missing_file_or_one_that_is_not_a_deck_in_one_line(run, tmp_path: Path):
    notes = tmp_path / "notes.txt"
    notes.write_text("not a deck")
    for target, message in (
        (tmp_path / "missing.yaml", f"peerquiz: no such file: {tmp_path / 'missing.yaml'}"),
        (notes, f"peerquiz: not a deck file: {notes} (preview takes one .yaml or .yml file)"),
        (tmp_path, f"peerquiz: not a deck file: {tmp_path} (preview takes one .yaml or .yml file)"),
    ):
        result = run("preview", str(target))
        assert (result.returncode, result.stdout, result.stderr) == (2, "", message + "\n")
    assert not (tmp_path / "progress.db").exists()


def test_decks_lists_counts_for_a_profile(run):
    run("users", "add", "Ana")
    result = run("--decks", str(FIXTURES), "--user", "Ana", "decks")
    assert result.returncode == 0
    assert result.stdout.splitlines()[1].split() == ["mixed", "9", "9", "0", "0"]


def test_a_corrupt_database_is_a_clear_error_not_a_traceback(run, tmp_path: Path):
    db = tmp_path / "progress.db"
    db.write_text("garbage")
    result = run("users")
    assert result.returncode == 2
    assert "not a SQLite database" in result.stderr and "Traceback" not in result.stderr
    assert db.read_text() == "garbage"
