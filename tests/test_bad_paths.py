"""Every database path or URL peerquiz cannot use ends in one line naming it and why, exit 2, nothing written."""

from __future__ import annotations

import asyncio
import gc
import sqlite3
from pathlib import Path

import pytest


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _refused(cli, tmp_path: Path, *args: str) -> str:
    """Run ``peerquiz ARGS``; check it fails as a usage error that changed no file, and return its one line."""
    before = _files(tmp_path)
    result = cli(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    line = result.stderr.strip()
    assert line.startswith("peerquiz: ") and "\n" not in line and "Traceback" not in line
    assert _files(tmp_path) == before
    return line.removeprefix("peerquiz: ")


def _database(tmp_path: Path, cli) -> Path:
    path = tmp_path / "mine.db"
    assert cli("users", "add", "Ana", "--db", path).returncode == 0
    return path


@pytest.mark.parametrize("variable", ["--db", "PEERQUIZ_DB", "--decks"])
def test_a_tilde_of_an_unknown_user_is_named(cli, tmp_path: Path, monkeypatch, variable):
    args = ["decks", "--user", "Ana"]
    if variable == "PEERQUIZ_DB":
        monkeypatch.setenv("PEERQUIZ_DB", "~nosuchuser/x.db")
    else:
        args += [variable, "~nosuchuser/x.db"]
    line = _refused(cli, tmp_path, *args)
    assert "'~nosuchuser/x.db'" in line and "no such user" in line


def test_a_read_only_database_is_refused_and_left_byte_for_byte(cli, tmp_path: Path):
    path = _database(tmp_path, cli)
    path.chmod(0o444)
    line = _refused(cli, tmp_path, "users", "--db", path)
    assert line == f"{path} is read-only: peerquiz writes your progress there; it was left untouched"
    assert not list(tmp_path.glob("mine.db-*"))  # no -wal or -shm left behind


@pytest.mark.parametrize("given", ["folder", "sqlite:////"])
def test_a_directory_is_not_a_database(cli, tmp_path: Path, given):
    folder = tmp_path / "folder"
    folder.mkdir()
    line = _refused(cli, tmp_path, "users", "--db", given)
    assert line == f"{folder if given == 'folder' else '/'} is a directory, not a database file"


def test_an_unknown_kind_of_database_url_is_named(cli, tmp_path: Path):
    line = _refused(cli, tmp_path, "users", "--db", "foobar://x")
    assert line.startswith("foobar://x: unknown kind of database 'foobar'")


def test_a_missing_driver_is_named_and_the_password_is_not(cli, tmp_path: Path):
    line = _refused(cli, tmp_path, "users", "--db", "mysql://ana:secret@localhost/progress")
    assert line.startswith("mysql://ana:***@localhost/progress: the database driver is not installed")
    assert "secret" not in line


def test_a_url_that_is_no_url_is_named(cli, tmp_path: Path):
    assert _refused(cli, tmp_path, "users", "--db", "://") == "://: not a database URL or file path"


def test_an_empty_database_path_is_an_error_not_the_default_database(cli, tmp_path: Path):
    assert _refused(cli, tmp_path, "users", "--db", "") == "database path: an empty path names no file"


def test_an_empty_deck_path_is_an_error_not_the_current_folder(cli, tmp_path: Path):
    assert _refused(cli, tmp_path, "check", "--decks", "") == "deck path: an empty path names no file"


def test_a_database_below_a_file_is_named(cli, tmp_path: Path):
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    line = _refused(cli, tmp_path, "users", "--db", tmp_path / "notes.txt" / "x.db")
    assert line.startswith(f"cannot use database {tmp_path / 'notes.txt' / 'x.db'}: ")


def test_a_database_stamped_older_than_its_tables_is_refused_without_a_backup(cli, tmp_path: Path):
    path = _database(tmp_path, cli)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0002'")
    conn.close()
    line = _refused(cli, tmp_path, "users", "--db", path)
    assert line.startswith(f"cannot upgrade {path} from schema 0002: ") and line.endswith("it was left untouched")
    assert not list(tmp_path.glob("*.bak"))


def test_an_escape_in_a_database_path_is_shown_escaped(cli, tmp_path: Path):
    (tmp_path / "folder\x1b]0;T\x07").mkdir()
    line = _refused(cli, tmp_path, "users", "--db", "folder\x1b]0;T\x07")
    assert "\x1b" not in line and "\\x1b]0;T\\x07" in line


def test_a_missing_decks_folder_is_an_error_not_an_empty_list(cli, tmp_path: Path):
    cli("users", "add", "Ana")
    line = _refused(cli, tmp_path, "decks", "--user", "Ana", "--decks", tmp_path / "nonexistent")
    assert line == f"no such file or directory: {tmp_path / 'nonexistent'}"


def test_an_unreadable_decks_folder_is_an_error_not_silence(cli, tmp_path: Path):
    cli("users", "add", "Ana")
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0)
    try:
        assert _refused(cli, tmp_path, "decks", "--user", "Ana", "--decks", folder) == f"permission denied: {folder} cannot be read"
    finally:
        folder.chmod(0o755)


def test_a_symlink_loop_is_reported_as_a_loop(cli, tmp_path: Path):
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    line = _refused(cli, tmp_path, "check", "--decks", tmp_path / "a")
    assert line == f"too many levels of symbolic links: {tmp_path / 'a'}"


def test_a_reader_that_leaves_early_ends_the_output_quietly(cli, tmp_path: Path, monkeypatch, capsys):
    """`peerquiz stats --json | head -1`: the pipe closes before the output is written."""
    import os
    import sys

    from peerquiz.cli import main

    cli("users", "add", "Ana")
    reader, writer = os.pipe()
    os.close(reader)
    with open(writer, "w", encoding="utf-8") as closed_pipe:
        monkeypatch.setattr(sys, "stdout", closed_pipe)
        code = main(["stats", "--json", "--user", "Ana"])
        monkeypatch.undo()
    assert code == 141
    assert capsys.readouterr().err == ""


async def test_the_app_reports_a_read_only_database_in_one_line_and_exits_2(cli, tmp_path: Path, clock):
    from .conftest import make_app

    path = _database(tmp_path, cli)
    path.chmod(0o444)
    before = _files(tmp_path)
    app = make_app(None, clock, db_url=f"sqlite:///{path}")
    await asyncio.wait_for(app.run_async(headless=True, size=(80, 24)), timeout=30)  # the app exits by itself
    assert app.return_code == 2
    assert app.store_error == f"{path} is read-only: peerquiz writes your progress there; it was left untouched"
    assert _files(tmp_path) == before
    assert gc.isenabled()  # paused while the workspace opened, and back on though it failed
