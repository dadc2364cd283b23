"""Hostile and broken Anki packages: each ends in one line naming what is wrong, and leaves no files behind.

The corpus is made from the real-Anki fixtures, altered one way each.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
import zstandard

from peerquiz.core.formats import apkg_import, archive
from peerquiz.core.formats.apkg_import import read_apkg
from peerquiz.core.formats.output import FormatError

FIXTURES = Path(__file__).parent / "fixtures" / "anki"


@pytest.fixture(autouse=True)
def own_temp_dir(tmp_path: Path, monkeypatch) -> Path:
    """Scratch folders go here, so a test can see that none is left behind."""
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    return scratch


def legacy_database(tmp_path: Path) -> Path:
    """The schema-11 collection (note types and decks as JSON) of the legacy real-Anki package."""
    database = tmp_path / "legacy.db"
    database.write_bytes(zipfile.ZipFile(FIXTURES / "legacy.apkg").read("collection.anki21"))
    return database


def current_database(tmp_path: Path) -> Path:
    """The schema-18 collection (note types in tables) of the default real-Anki package, unpacked."""
    packed = zipfile.ZipFile(FIXTURES / "default.apkg").read("collection.anki21b")
    database = tmp_path / "current.db"
    database.write_bytes(zstandard.ZstdDecompressor().stream_reader(packed).read())
    return database


def package(tmp_path: Path, database: Path, member: str = "collection.anki21") -> Path:
    path = tmp_path / "hostile.apkg"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as opened:
        opened.write(database, member)
    return path


def altered(tmp_path: Path, sql: str, *params: object, current: bool = False) -> Path:
    database = current_database(tmp_path) if current else legacy_database(tmp_path)
    with sqlite3.connect(database) as db:
        db.create_collation("unicase", lambda a, b: (a > b) - (a < b))
        db.execute(sql, params)
    db.close()
    return package(tmp_path, database)


def models_json(tmp_path: Path, change: Callable[[dict], object]) -> Path:
    database = legacy_database(tmp_path)
    with sqlite3.connect(database) as db:
        models = json.loads(db.execute("SELECT models FROM col").fetchone()[0])
        db.execute("UPDATE col SET models = ?", (json.dumps(change(models)),))
    db.close()
    return package(tmp_path, database)


def first_model(models: dict) -> dict:
    return next(iter(models.values()))


def with_first_model(edit: Callable[[dict], None]) -> Callable[[dict], dict]:
    def change(models: dict) -> dict:
        edit(first_model(models))
        return models

    return change


CORPUS: dict[str, tuple[Callable[[Path], Path], str]] = {
    "models is a list": (lambda t: models_json(t, lambda m: list(m.values())), r"note types \(col.models\): top level: Input should be a valid dictionary"),
    "models is a string": (lambda t: altered(t, "UPDATE col SET models = '\"text\"'"), "top level: Input should be a valid dictionary"),
    "models not JSON": (lambda t: altered(t, "UPDATE col SET models = '{not json'"), r"col.models is not readable JSON"),
    "models nested too deep": (lambda t: altered(t, "UPDATE col SET models = ?", "[" * 100_000), r"col.models is not readable JSON"),
    "models is a blob": (lambda t: altered(t, "UPDATE col SET models = x'00ff'"), "col.models is blob, not JSON text"),
    "field without a name": (
        lambda t: models_json(t, with_first_model(lambda m: m["flds"][0].pop("name"))), r"\.flds\.0\.name: Field required"
    ),
    "field named by a number": (
        lambda t: models_json(t, with_first_model(lambda m: m["flds"][0].update(name=7))), r"\.flds\.0\.name: Input should be a valid string"
    ),
    "mixed ord types": (
        lambda t: models_json(t, with_first_model(lambda m: m["flds"][1].update(ord="1"))), r"\.flds\.1\.ord: Input should be a valid integer"
    ),
    "NULL qfmt": (
        lambda t: models_json(t, with_first_model(lambda m: m["tmpls"][0].update(qfmt=None))), r"\.tmpls\.0\.qfmt: Input should be a valid string"
    ),
    "flds is not a list": (lambda t: models_json(t, with_first_model(lambda m: m.update(flds={}))), r"\.flds: Input should be a valid list"),
    "empty col table": (lambda t: altered(t, "DELETE FROM col"), "no 'col' row"),
    "decks is a list": (lambda t: altered(t, "UPDATE col SET decks = '[]'"), r"decks \(col.decks\): top level: Input should be a valid dictionary"),
    "deck without a name": (lambda t: altered(t, "UPDATE col SET decks = '{\"1\": {}}'"), r"decks \(col.decks\): 1.name: Field required"),
    "no notes table": (lambda t: altered(t, "DROP TABLE notes"), "not an Anki collection \\(no such table: notes\\)"),
    "note type name a blob": (
        lambda t: altered(t, "UPDATE notetypes SET name = x'00' WHERE name = 'Cloze'", current=True), r"notetypes table\): \d+\.name: Input should be a valid string"
    ),
    "field name a blob": (
        lambda t: altered(t, "UPDATE fields SET name = x'00' WHERE ord = 1", current=True), r"flds\.1\.name: Input should be a valid string"
    ),
}  # fmt: skip


@pytest.mark.parametrize("kind", CORPUS)
def test_malformed_collection_is_one_clear_line(tmp_path: Path, own_temp_dir: Path, kind: str):
    make, message = CORPUS[kind]
    with pytest.raises(FormatError, match=message) as raised:
        read_apkg(make(tmp_path))
    assert "\n" not in str(raised.value)
    assert list(own_temp_dir.iterdir()) == []


def test_notes_with_null_or_wrong_values_are_skipped_with_reasons(tmp_path: Path):
    database = legacy_database(tmp_path)
    with sqlite3.connect(database) as db:
        # A copy of the table without its NOT NULL constraints, as a hostile package may have.
        db.executescript("CREATE TABLE loose AS SELECT * FROM notes; DROP TABLE notes; ALTER TABLE loose RENAME TO notes;")
        ids = [row[0] for row in db.execute("SELECT id FROM notes ORDER BY id")]
        db.execute("UPDATE notes SET flds = NULL WHERE id = ?", (ids[0],))
        db.execute("UPDATE notes SET tags = NULL WHERE id = ?", (ids[1],))
        db.execute("UPDATE notes SET flds = x'00' WHERE id = ?", (ids[2],))
        db.execute("UPDATE notes SET mid = 'nonsense' WHERE id = ?", (ids[3],))
        db.execute("UPDATE notes SET tags = ? WHERE id = ?", (" t" * 200_000, ids[4]))
    db.close()
    result = read_apkg(package(tmp_path, database))
    assert [(s.where, s.reason) for s in result.skipped] == [
        ("note 1", "its fields are null, not text"),
        ("note 3", "its fields are blob, not text"),
        ("note 4", "its note type is missing from the collection"),
        ("note 5", "its tags hold more than 4,000 characters"),
    ]
    assert result.cards[0].prompt == "Peer" and result.cards[0].tags == ()  # NULL tags: none


def zip_with(tmp_path: Path, member: str, data: bytes, **options) -> Path:
    path = tmp_path / "odd.apkg"
    with zipfile.ZipFile(path, "w", **options) as opened:
        opened.writestr(member, data)
    return path


def test_member_compressed_with_lzma_but_corrupt(tmp_path: Path):
    path = zip_with(tmp_path, "collection.anki21", b"SQLite format 3\x00" * 1000, compression=zipfile.ZIP_LZMA)
    raw = bytearray(path.read_bytes())
    start = raw.index(b"collection.anki21") + len("collection.anki21") + 10
    raw[start : start + 40] = b"\xff" * 40
    path.write_bytes(bytes(raw))
    with pytest.raises(FormatError, match="collection.anki21 is damaged"):
        read_apkg(path)


def test_member_with_an_unknown_compression_method(tmp_path: Path):
    path = zip_with(tmp_path, "collection.anki21", b"x" * 100)
    raw = bytearray(path.read_bytes())
    for offset in (8, raw.index(b"PK\x01\x02") + 10):  # method in the local and the central header
        raw[offset : offset + 2] = (99).to_bytes(2, "little")
    path.write_bytes(bytes(raw))
    with pytest.raises(FormatError, match="collection.anki21 uses a compression method this program cannot read"):
        read_apkg(path)


def test_encrypted_member(tmp_path: Path):
    path = zip_with(tmp_path, "collection.anki21", b"x" * 100)
    raw = bytearray(path.read_bytes())
    for offset in (6, raw.index(b"PK\x01\x02") + 8):  # the "encrypted" flag bit, in both headers
        raw[offset] |= 1
    path.write_bytes(bytes(raw))
    with pytest.raises(FormatError, match="collection.anki21 cannot be read .*encrypted"):
        read_apkg(path)


def test_corrupt_zstd_collection(tmp_path: Path):
    path = zip_with(tmp_path, "collection.anki21b", archive.ZSTD_MAGIC + b"\x00garbage" * 50)
    with pytest.raises(FormatError, match="collection.anki21b is damaged"):
        read_apkg(path)


def test_not_a_database_inside(tmp_path: Path):
    path = zip_with(tmp_path, "collection.anki2", b"this is not SQLite" * 100)
    with pytest.raises(FormatError, match="damaged or truncated, or not an Anki collection"):
        read_apkg(path)


def test_zip_bomb_is_refused_by_its_declared_size_before_unpacking(tmp_path: Path, own_temp_dir: Path, monkeypatch):
    monkeypatch.setattr(apkg_import, "MAX_COLLECTION_BYTES", 1024 * 1024)
    path = zip_with(tmp_path, "collection.anki21", b"\x00" * (2 * 1024 * 1024), compression=zipfile.ZIP_DEFLATED)
    assert path.stat().st_size < 10_000
    with pytest.raises(FormatError, match="collection.anki21 is larger than 1 MB unpacked"):
        read_apkg(path)
    assert list(own_temp_dir.iterdir()) == []


def test_zstd_bomb_stops_at_the_limit_while_unpacking(tmp_path: Path, own_temp_dir: Path, monkeypatch):
    monkeypatch.setattr(apkg_import, "MAX_COLLECTION_BYTES", 1024 * 1024)
    # Written without a content size, as a stream, so only unpacking shows how big it is.
    bomb = zstandard.ZstdCompressor(write_content_size=False).compress(b"\x00" * (8 * 1024 * 1024))
    path = zip_with(tmp_path, "collection.anki21b", bomb)
    with pytest.raises(FormatError, match="collection.anki21b is larger than 1 MB unpacked"):
        read_apkg(path)
    assert list(own_temp_dir.iterdir()) == []


@pytest.mark.parametrize("zip64", [False, True])
def test_a_package_listing_too_many_files_is_refused_before_they_are_read(tmp_path: Path, monkeypatch, zip64: bool):
    monkeypatch.setattr(archive, "MAX_MEMBERS", 50)
    path = tmp_path / "many.apkg"
    with zipfile.ZipFile(path, "w") as opened:
        for number in range(51):
            opened.writestr(str(number), b"")
    if zip64:  # the count as a zip64 archive keeps it: 0xFFFF in the plain end record, the real one further back
        raw = bytearray(path.read_bytes())
        end = raw.rindex(b"PK\x05\x06")
        zip64_end = b"PK\x06\x06" + (44).to_bytes(8, "little") + bytes(4) + bytes(8) + (51).to_bytes(8, "little") * 2 + bytes(16)
        raw[end + 8 : end + 12] = b"\xff\xff\xff\xff"
        path.write_bytes(bytes(raw[:end]) + zip64_end + bytes(raw[end:]))
    with pytest.raises(FormatError, match="the package lists 51 files, more than 50"):
        read_apkg(path)


def test_sigterm_while_importing_still_removes_the_scratch_folder(own_temp_dir: Path):
    seen: list[list[Path]] = []

    def terminate(done: int, total: int) -> None:
        seen.append(list(own_temp_dir.iterdir()))
        os.kill(os.getpid(), signal.SIGTERM)

    with pytest.raises(SystemExit) as exited:
        read_apkg(FIXTURES / "default.apkg", progress=terminate)
    assert exited.value.code == 128 + signal.SIGTERM
    assert [path.name.startswith("peerquiz-apkg-") for path in seen[0]] == [True]
    assert list(own_temp_dir.iterdir()) == []
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL  # the handler is put back


def test_cli_reports_a_hostile_package_in_one_line_with_exit_2(cli, tmp_path: Path):
    altered(tmp_path, "UPDATE col SET decks = '[]'").rename(tmp_path / "bad.apkg")
    result = cli("import", "bad.apkg")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == (
        "peerquiz: bad.apkg: decks (col.decks): top level: Input should be a valid dictionary\n"
    )
    assert not (tmp_path / "decks").exists()
