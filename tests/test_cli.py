"""The `peerquiz` command, run in this process as a user would run it from a shell."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import FIXTURES

PEERQUIZ = Path(sys.executable).with_name("peerquiz")


def every_verb(cli) -> list[str]:
    """The verbs argparse lists when given one it does not know."""
    refused = cli("no-such-verb")
    assert refused.returncode == 2
    return re.findall(r"'([a-z]+)'", refused.stderr.split("choose from", 1)[1])


def test_version_and_help_on_every_verb_name_the_shared_options(cli):
    assert cli("--version").stdout.startswith("peerquiz ")
    verbs = every_verb(cli)
    assert {"study", "users", "decks", "check", "preview", "stats", "exam"} <= set(verbs)
    for verb in verbs:
        result = cli(verb, "--help")
        assert result.returncode == 0 and f"usage: peerquiz {verb}" in result.stdout
        assert all(option in result.stdout for option in ("--db URL", "--decks PATH", "--user NAME")), verb


def test_the_installed_command_runs_and_passes_on_the_exit_status(tmp_path: Path):
    # A real process: the only test that goes through the installed entry point and the shell's exit status.
    env = {**os.environ, "PEERQUIZ_DB": str(tmp_path / "progress.db"), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    broken = tmp_path / "broken.yaml"
    broken.write_text((FIXTURES / "mixed.yaml").read_text().replace("kind: truefalse", "kind: yesno"))
    good = subprocess.run([PEERQUIZ, "check", FIXTURES], capture_output=True, text=True, env=env, timeout=60, check=False)
    bad = subprocess.run([PEERQUIZ, "check", broken], capture_output=True, text=True, env=env, timeout=60, check=False)
    assert (good.returncode, bad.returncode) == (0, 1)
    assert good.stdout.startswith("ok ") and "unknown kind 'yesno'" in bad.stderr


# Each verb with --db, --decks and --user, one of them changed to show it takes effect.
# The default database has the profile Ana; other.db has none; FIXTURES holds the deck `mixed`.
SHARED_OPTIONS = {"--db": "progress.db", "--decks": str(FIXTURES), "--user": "Ana"}
VERB_RUNS = [
    (("study",), {"--decks": "missing"}, 2, "no such file or directory: missing"),
    (("users", "remove", "Ana"), {"--db": "other.db"}, 2, "no profile named 'Ana'"),
    (("decks",), {}, 0, "\nmixed "),
    (("cards", "--search", "OARS"), {}, 0, "multi-1"),
    (("check",), {}, 0, f"ok {FIXTURES / 'mixed.yaml'}: mixed: 7 cards"),
    (("new", "fresh"), {}, 0, "wrote decks/fresh.yaml"),
    (("import", "q.tsv"), {}, 0, "imported 1 card(s) from q.tsv"),
    (("export", "mixed", "--to", "m.csv"), {}, 0, "exported 7 card(s) of deck mixed"),
    (("preview", "missing.yaml"), {}, 2, "no such file: missing.yaml"),
    (("stats",), {"--user": "Zed"}, 2, "no profile named 'Zed'"),
    (("optimize",), {"--user": "Zed"}, 2, "no profile named 'Zed'"),
    (("exam",), {"--user": "Zed"}, 2, "no profile named 'Zed'"),
    (("class", "init"), {}, 2, "a class needs a PostgreSQL database"),
    (("settings", "show"), {"--user": "Zed"}, 2, "no profile named 'Zed'"),
]


def test_the_verb_runs_cover_every_verb(cli):
    assert sorted(verb[0] for verb, *_ in VERB_RUNS) == sorted(every_verb(cli))


@pytest.mark.parametrize("before_the_verb", [False, True], ids=["after", "before"])
@pytest.mark.parametrize(("verb", "changed", "code", "shown"), VERB_RUNS, ids=[verb[0] for verb, *_ in VERB_RUNS])
def test_every_verb_takes_db_decks_and_user_before_or_after_its_name(cli, tmp_path, before_the_verb, verb, changed, code, shown):
    assert cli("users", "add", "Ana").returncode == 0
    (tmp_path / "q.tsv").write_text("Q1\tA1\n")
    options = [part for option in {**SHARED_OPTIONS, **changed}.items() for part in option]
    result = cli(*options, *verb) if before_the_verb else cli(*verb, *options)
    assert result.returncode == code, result.stderr
    assert shown in result.stdout + result.stderr


def test_decks_given_before_and_after_the_verb_add_up(cli, tmp_path: Path):
    other = tmp_path / "other"
    other.mkdir()
    (other / "other.yaml").write_text((FIXTURES / "mixed.yaml").read_text().replace("id: mixed", "id: other", 1))
    result = cli("--decks", FIXTURES, "check", "--decks", other)
    assert result.returncode == 0, result.stderr
    assert [line.split(": ")[1] for line in result.stdout.splitlines()] == ["mixed", "other"]


def test_check_passes_on_good_decks_with_a_summary_line(cli):
    result = cli("check", FIXTURES)
    assert result.returncode == 0
    assert result.stdout.strip() == f"ok {FIXTURES / 'mixed.yaml'}: mixed: 7 cards, 9 items"


def test_check_fails_with_file_and_line_on_a_broken_copy(cli, tmp_path: Path):
    broken = tmp_path / "broken.yaml"
    broken.write_text((FIXTURES / "mixed.yaml").read_text().replace("kind: truefalse", "kind: yesno"))
    result = cli("check", broken)
    assert result.returncode == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{broken}:") and ": kind: unknown kind 'yesno'" in first


def test_bundled_decks_pass_check(cli):
    result = cli("check")
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) >= 8


def test_users_add_list_remove(cli):
    assert cli("users", "add", "Ana").returncode == 0
    assert cli("users", "add", "Bo").returncode == 0
    assert cli("users").stdout.split() == ["Ana", "Bo"]
    refused = cli("users", "remove", "Bo")  # not a terminal: nobody to ask
    assert refused.returncode == 2 and "pass --yes" in refused.stderr
    assert cli("users", "remove", "Bo", "--yes").returncode == 0
    assert cli("users", "list").stdout.split() == ["Ana"]


@pytest.mark.parametrize(("answer", "status", "left"), [("n", 1, ["Ana"]), ("", 1, ["Ana"]), ("y", 0, [])])
def test_users_remove_asks_in_a_terminal(cli, monkeypatch, answer, status, left):
    cli("users", "add", "Ana")
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    asked = []
    monkeypatch.setattr("builtins.input", lambda question: asked.append(question) or answer)
    assert cli("users", "remove", "Ana").returncode == status
    assert "Remove profile Ana and all its progress" in asked[0]
    assert cli("users", "list").stdout.split() == left


def test_user_errors_are_one_line_with_status_2(cli, tmp_path: Path):
    cli("users", "add", "Ana")
    for args, message in (
        (("users", "add", "Ana"), "a profile named 'Ana' already exists"),
        (("users", "remove", "Zed"), "no profile named 'Zed'"),
        (("decks",), "no profile chosen"),
        (("check", str(tmp_path / "missing")), "no such file or directory"),
    ):
        result = cli(*args)
        assert result.returncode == 2, args
        assert result.stderr.count("\n") == 1 and message in result.stderr and "Traceback" not in result.stderr


def test_preview_refuses_a_missing_file_or_one_that_is_not_a_deck_in_one_line(cli, tmp_path: Path):
    notes = tmp_path / "notes.txt"
    notes.write_text("not a deck")
    for target, message in (
        (tmp_path / "missing.yaml", f"peerquiz: no such file: {tmp_path / 'missing.yaml'}"),
        (notes, f"peerquiz: not a deck file: {notes} (preview takes one .yaml or .yml file)"),
        (tmp_path, f"peerquiz: not a deck file: {tmp_path} (preview takes one .yaml or .yml file)"),
    ):
        result = cli("preview", target)
        assert (result.returncode, result.stdout, result.stderr) == (2, "", message + "\n")
    assert not (tmp_path / "progress.db").exists()


def test_decks_lists_counts_for_a_profile(cli):
    cli("users", "add", "Ana")
    result = cli("--decks", FIXTURES, "--user", "Ana", "decks")
    assert result.returncode == 0
    # new: one card per note today (a card's reverse and a cloze's second gap wait), as home counts it
    assert result.stdout.splitlines()[1].split() == ["mixed", "9", "7", "0", "0"]


def test_a_corrupt_database_is_a_clear_error_not_a_traceback(cli, tmp_path: Path):
    db = tmp_path / "progress.db"
    db.write_text("garbage")
    result = cli("users")
    assert result.returncode == 2
    assert "not a SQLite database" in result.stderr and "Traceback" not in result.stderr
    assert db.read_text() == "garbage"
