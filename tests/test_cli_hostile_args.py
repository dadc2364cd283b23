"""Names, titles, profile names and output paths given on the command line: refused in one line, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

NAME_RULE = "use letters, digits, '-', '_' and '.' (it becomes decks/NAME.yaml), or give a .yaml path"


def _tree(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.mark.parametrize("name", ["/tmp", "", "[/]", "a/b", "../up", ".yaml", "x\x1b]0;T\x07"])
def test_new_refuses_a_deck_name_that_is_no_file_name(cli, tmp_path: Path, name):
    result = cli("new", name)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.strip() == f"peerquiz: deck name {name!r}: {NAME_RULE}"
    assert _tree(tmp_path) == []


def test_new_refuses_a_title_with_an_escape_instead_of_writing_a_broken_deck(cli, tmp_path: Path):
    result = cli("new", "x", "--title", "\x1b]0;T\x07")
    assert result.returncode == 2
    assert result.stderr.strip() == "peerquiz: --title: control character U+001B is not allowed"
    assert _tree(tmp_path) == []


def test_new_writes_a_markup_title_as_it_is_and_the_deck_passes_check(cli, tmp_path: Path):
    assert cli("new", "x", "--title", "[/] Ethics [b]").returncode == 0
    assert '"[/] Ethics [b]"' in (tmp_path / "decks" / "x.yaml").read_text(encoding="utf-8")
    assert cli("check", tmp_path / "decks" / "x.yaml").returncode == 0


def test_import_never_replaces_a_device_with_its_output(cli, tmp_path: Path):
    device = Path("/dev/full")
    inode = device.stat().st_ino
    (tmp_path / "cards.csv").write_text("front,back\nQ,A\n", encoding="utf-8")
    result = cli("import", "cards.csv", "--out", device, "--force")
    assert result.returncode == 2
    assert result.stderr.strip() == "peerquiz: /dev/full is not a regular file; name a file to write"
    assert device.is_char_device() and device.stat().st_ino == inode


def test_export_refuses_a_folder_as_its_output(cli, tmp_path: Path):
    (tmp_path / "out.csv").mkdir()
    result = cli("export", "any-deck", "--to", "out.csv", "--force")
    assert result.returncode == 2
    assert result.stderr.strip() == "peerquiz: out.csv is not a regular file; name a file to write"
    assert (tmp_path / "out.csv").is_dir()


@pytest.mark.parametrize("name", ["Ana\x9b2J", "Ana\u202eX"])
def test_users_add_refuses_c1_controls_and_bidi_overrides(cli, name):
    result = cli("users", "add", name)
    assert result.returncode == 2
    assert "1 to 40 printable characters" in result.stderr
    assert name not in result.stderr  # shown escaped
    assert cli("users").stdout == ""


def test_users_list_shows_a_name_stored_before_names_were_checked_escaped(cli, tmp_path: Path):
    import sqlite3

    cli("users", "add", "Ana")
    with sqlite3.connect(tmp_path / "progress.db") as conn:
        conn.execute("UPDATE user SET name = ?", ("Ana\u202eX\x1b]0;T\x07",))
    conn.close()
    assert cli("users").stdout == repr("Ana\u202eX\x1b]0;T\x07") + "\n"


@pytest.mark.parametrize(
    "args",
    [
        ("preview", "x\x1b]0;T\x07.yaml"),
        ("exam", "--blueprint", "x\x1b]52;c;UFdORUQ=\x07.toml"),
        ("check", "x\x1b[2J.yaml"),
        ("decks", "--decks", "x\x9b2J"),
    ],
)
def test_a_path_with_an_escape_is_echoed_escaped(cli, args):
    from peerquiz.core.terminal_text import UNSAFE_CHARACTERS

    result = cli(*args)
    assert result.returncode == 2
    assert "\\x" in result.stderr and not UNSAFE_CHARACTERS.search(result.stderr)


def test_exam_refuses_a_blueprint_that_would_set_the_clipboard(cli, tmp_path: Path):
    blueprint = tmp_path / "esc.toml"
    blueprint.write_text('name = "\\u001b]52;c;UFdORUQ=\\u0007"\nquestions = 1\nminutes = 1\npass_percent = 50\n'
                         '[[domains]]\nname = "A"\nweight = 1\n', encoding="utf-8")  # fmt: skip
    result = cli("exam", "--blueprint", blueprint)
    assert result.returncode == 2
    assert result.stderr == f"peerquiz: {blueprint}:1: name: control character U+001B is not allowed\n"
