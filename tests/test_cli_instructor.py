"""The instructor verbs run as a user runs them, in a scratch folder: new, import, export."""

from __future__ import annotations

from pathlib import Path

import pytest

from peerquiz.core.decks.cache import load_deck

from .conftest import FIXTURES


def test_new_writes_a_template_whose_only_strict_warnings_are_its_placeholder_sources(cli, tmp_path: Path):
    result = cli("new", "ethics-basics", "--title", "Ethics: the basics")
    assert result.returncode == 0, result.stderr
    written = tmp_path / "decks" / "ethics-basics.yaml"
    assert "id: ethics-basics" in written.read_text()
    assert cli("check", "decks").returncode == 0
    check = cli("check", "--strict", "decks")
    assert "ethics-basics: 7 cards, 9 items" in check.stdout
    warnings = check.stderr.splitlines()[:-1]
    assert check.returncode == 1 and len(warnings) == 4
    assert all(": W108: source still has a TODO placeholder" in line for line in warnings)
    # Once the sources name a document and its year, the template passes.
    written.write_text(written.read_text().replace("TODO: name the document the fact comes from", "Peer workbook (2024), ch. 2"))
    assert cli("check", "--strict", "decks").returncode == 0


def test_new_refuses_to_overwrite(cli, tmp_path: Path):
    target = tmp_path / "mine.yaml"
    target.write_text("my own work")
    result = cli("new", "mine.yaml")
    assert result.returncode == 2
    assert result.stderr == "peerquiz: mine.yaml already exists\n"
    assert target.read_text() == "my own work"


def files_under(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.name != "progress.db"}


def test_import_writes_a_deck_that_check_loads_and_strict_flags_todos(cli, tmp_path: Path):
    (tmp_path / "Peer Ethics.csv").write_text(
        "#separator:comma\n#deck:Peer ethics\nWhat is WRAP?,A plan\nDual relationship?,Two roles\n"
    )
    result = cli("import", "Peer Ethics.csv", "--domain", "Ethical Responsibility")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == (
        "imported 2 card(s) from Peer Ethics.csv into decks/peer-ethics.yaml (deck peer-ethics: Peer ethics)"
    )
    assert "2 card(s) need an explanation (marked TODO)" in result.stdout
    assert cli("check", "decks").returncode == 0
    strict = cli("check", "--strict", "decks")
    assert strict.returncode == 1 and strict.stderr.count(": W108: ") == 4  # explanation and source, twice


def test_import_options_and_force(cli, tmp_path: Path):
    (tmp_path / "q.tsv").write_text("Q1\tA1\n")
    args = (
        "import",
        "q.tsv",
        "--out",
        "out/ethics.yaml",
        "--deck-id",
        "ethics",
        "--title",
        "Ethics",
        "--source",
        "Workbook",
    )
    assert cli(*args).returncode == 0
    text = (tmp_path / "out" / "ethics.yaml").read_text()
    assert "id: ethics\ntitle: Ethics\n" in text and "source: Workbook" in text
    again = cli(*args)
    assert (again.returncode, again.stderr) == (
        2,
        "peerquiz: out/ethics.yaml already exists (use --force to replace it)\n",
    )
    (tmp_path / "q.tsv").write_text("Q1\tA1\nQ2\tA2\n")
    assert cli(*args, "--force").returncode == 0
    assert (tmp_path / "out" / "ethics.yaml").read_text().count("  - id: ") == 2


def test_import_reports_skips_and_media(cli, tmp_path: Path):
    (tmp_path / "q.txt").write_text('Q1\tA1 <img src="a.png">\nonly a front\t\n')
    result = cli("import", "q.txt")
    assert result.returncode == 0
    assert "skipped 1 note(s):\n  line 2: empty back (or only images and sounds, which are not imported)\n" in result.stdout
    assert "skipped 1 media file(s) the notes refer to: a.png\n" in result.stdout


def truncated_apkg(path: Path) -> None:
    import zipfile

    import genanki

    deck = genanki.Deck(2059400110, "D")
    for i in range(200):
        deck.add_note(genanki.Note(genanki.BASIC_MODEL, [f"Question {i} " * 20, "A"]))
    genanki.Package(deck).write_to_file(str(path.with_suffix(".full")))
    data = zipfile.ZipFile(path.with_suffix(".full")).read("collection.anki2")
    path.with_suffix(".full").unlink()
    with zipfile.ZipFile(path, "w") as opened:
        opened.writestr("collection.anki2", data[: len(data) // 2])


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("fake.apkg", lambda p: p.write_text("not a zip"), "not an Anki package: not a valid zip file"),
        ("cut.apkg", truncated_apkg, "the collection database is damaged or truncated"),
        (
            "one.csv",
            lambda p: p.write_text("just one column\nand another\n"),
            "no cards could be imported: line 1: has 1 column(s)",
        ),
        ("bin.txt", lambda p: p.write_bytes(b"\xff\xfe\x00\x01"), "not UTF-8 text"),
        ("huge.csv", lambda p: p.write_bytes(b"a,b\n" * (5 * 1024 * 1024 + 1)), "file is larger than 20 MB"),
        ("deck.json", lambda p: p.write_text("{}"), "cannot import .json files"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_writes_nothing(cli, tmp_path: Path, name, make, message):
    make(tmp_path / name)
    before = files_under(tmp_path)
    result = cli("import", name)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith(f"peerquiz: {name}: {message}"), result.stderr
    assert result.stdout == ""
    assert files_under(tmp_path) == before


def test_export_apkg_and_csv_then_import_them_back(cli, tmp_path: Path):
    for out in ("mixed.apkg", "mixed.csv"):
        result = cli("export", str(FIXTURES / "mixed.yaml"), "--to", out)
        assert (result.returncode, result.stdout) == (0, f"exported 7 card(s) of deck mixed to {out}\n")
        back = cli("import", out, "--out", f"{out}.yaml")
        assert back.returncode == 0, back.stderr
        assert cli("check", f"{out}.yaml").returncode == 0
    refused = cli("export", str(FIXTURES / "mixed.yaml"), "--to", "mixed.apkg")
    assert (refused.returncode, refused.stderr) == (
        2,
        "peerquiz: mixed.apkg already exists (use --force to replace it)\n",
    )


def test_an_exported_apkg_imports_back_with_its_multiple_choice_cards(cli, tmp_path: Path):
    assert cli("export", str(FIXTURES / "mixed.yaml"), "--to", "mixed.apkg").returncode == 0
    back = cli("import", "mixed.apkg", "--out", "back.yaml")
    assert back.returncode == 0
    assert back.stdout == "imported 7 card(s) from mixed.apkg into back.yaml (deck mixed: Mixed kinds)\n"  # no skips
    assert cli("check", "back.yaml").returncode == 0
    cards = {card.id: card for card in load_deck(tmp_path / "back.yaml").cards}
    mcq, multi = cards["mcq-1"], cards["multi-1"]
    assert (mcq.kind, mcq.answer) == ("mcq", "Explain kindly that you keep contact within the peer role")
    assert (multi.kind, multi.answers) == ("multi", ("Open questions", "Affirmations", "Summarizing"))


def test_export_refuses_a_broken_deck_and_unknown_targets(cli, tmp_path: Path):
    broken = tmp_path / "broken.yaml"
    broken.write_text((FIXTURES / "mixed.yaml").read_text().replace("kind: truefalse", "kind: yesno"))
    result = cli("export", "broken.yaml", "--to", "out.apkg")
    assert result.returncode == 2 and "unknown kind 'yesno'" in result.stderr and result.stderr.count("\n") == 1
    assert (
        cli("export", "broken.yaml", "--to", "out.pdf").stderr
        == "peerquiz: cannot export to out.pdf: name a .apkg or .csv file\n"
    )
    assert not (tmp_path / "out.apkg").exists()


def test_export_by_deck_id_from_the_decks_in_use(cli, tmp_path: Path):
    result = cli("--decks", str(FIXTURES), "export", "mixed", "--to", "m.csv")
    assert result.returncode == 0 and (tmp_path / "m.csv").exists()
    assert cli("--decks", str(FIXTURES), "export", "nope", "--to", "n.csv").stderr == "peerquiz: no deck file or deck id 'nope'\n"


def test_import_text_options(cli, tmp_path: Path):
    (tmp_path / "quizlet.txt").write_text("WRAP - a plan, written by the person;OARS - skills")
    result = cli("import", "quizlet.txt", "--separator", " - ", "--row-separator", ";", "--deck-id", "q")
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "decks" / "q.yaml").read_text()
    assert "answer: a plan, written by the person" in text and "prompt: OARS" in text
    (tmp_path / "wide.csv").write_text("hope,belief,SAMHSA\n")
    refused = cli("import", "wide.csv")
    assert refused.returncode == 2 and refused.stderr.startswith("peerquiz: wide.csv: line 1: 3 fields, but only 2")
    mapped = cli("import", "wide.csv", "--columns", "front,back,source", "--no-header")
    assert mapped.returncode == 0, mapped.stderr
    assert "source: SAMHSA" in (tmp_path / "decks" / "wide.yaml").read_text()


def test_import_takes_the_deck_id_from_the_package_not_its_file_name(cli, tmp_path: Path):
    deck_file = tmp_path / "advocacy.yaml"
    deck_file.write_text((Path(__file__).parent / "fixtures" / "mixed.yaml").read_text())
    assert cli("export", deck_file, "--to", "Advocacy in peer support.apkg").returncode == 0
    result = cli("import", "Advocacy in peer support.apkg")
    assert result.returncode == 0, result.stderr
    import yaml

    deck_id = yaml.safe_load(deck_file.read_text())["id"]
    assert (tmp_path / "decks" / f"{deck_id}.yaml").is_file()
    assert cli("import", "Advocacy in peer support.apkg", "--deck-id", "mine").returncode == 0
    assert (tmp_path / "decks" / "mine.yaml").is_file()


def test_an_anki_package_gets_a_deck_id_from_its_deck_name(cli, tmp_path: Path):
    (tmp_path / "collection export.colpkg").write_bytes((FIXTURES / "anki" / "whole.colpkg").read_bytes())
    result = cli("import", "collection export.colpkg")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == (
        "imported 8 card(s) from collection export.colpkg into decks/peer-support-ethics.yaml"
        " (deck peer-support-ethics: Peer support::Ethics)"
    )


def test_the_same_separator_for_fields_and_rows_is_refused(cli, tmp_path: Path):
    (tmp_path / "q.txt").write_text("a,b\n")
    result = cli("import", "q.txt", "--separator", "comma", "--row-separator", ",")
    assert (result.returncode, result.stderr) == (
        2, "peerquiz: q.txt: the row separator ',' is also the field separator; choose two different ones\n",
    )  # fmt: skip


def test_many_skipped_notes_are_counted_not_all_listed(cli, tmp_path: Path):
    rows = "".join(f"Q{n}\t\t<img src='p{n}.png'>\n" for n in range(1_500))  # an empty back: each row skipped
    (tmp_path / "q.txt").write_text("#columns:Front\tBack\tExtra\n" + rows + "Q\tA\n")
    result = cli("import", "q.txt", "--deck-id", "q")
    assert result.returncode == 0, result.stderr
    assert "skipped 1500 note(s):\n  line 2: empty back" in result.stdout
    assert "  ... and 1480 more\n" in result.stdout
    assert "skipped 1000 or more media file(s) the notes refer to: p0.png, p1.png," in result.stdout
