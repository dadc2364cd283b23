"""From another app's file to a deck file: choose the reader, build the deck, write it safely."""

from __future__ import annotations

from pathlib import Path

from peerquiz.core.decks.loader import DeckLoadError, parse_deck
from peerquiz.core.decks.model import Deck
from peerquiz.core.formats.apkg_import import read_apkg
from peerquiz.core.formats.deck_writer import deck_id_for, render_deck
from peerquiz.core.formats.notes import VALID_ID, ImportResult, Progress, build_deck
from peerquiz.core.formats.output import FormatError, ensure_free, publish
from peerquiz.core.formats.text_import import TextOptions, read_text_export

PACKAGES = (".apkg", ".colpkg")
TEXTS = (".csv", ".tsv", ".txt")


def import_deck(
    source_file: Path,
    out: Path | None,
    deck_id: str | None = None,
    *,
    out_dir: Path = Path("decks"),
    title: str | None = None,
    domain: str | None = None,
    source: str | None = None,
    overwrite: bool = False,
    progress: Progress | None = None,
    text_options: TextOptions | None = None,
) -> tuple[Deck, ImportResult]:
    """Read ``source_file``, write its cards to ``out`` as a deck file, and say what was left out.

    Without ``deck_id`` the deck keeps the id peerquiz gave it when it wrote
    the file, else gets a slug of the deck name in the file (Anki's deck
    name), and only for a file that names no deck, of the file's name: a
    package Anki saved under another name still maps to the same deck, and
    students keep their progress. Without ``out`` the deck goes to
    ``out_dir/ID.yaml``. Every problem raises FormatError before anything is written.
    """
    suffix = source_file.suffix.lower()
    if suffix not in PACKAGES + TEXTS:
        raise FormatError(f"{source_file}: cannot import {source_file.suffix or 'extensionless'} files "
                          f"(use .csv, .tsv, .txt, .apkg or .colpkg)")  # fmt: skip
    if suffix in PACKAGES and text_options is not None and text_options != TextOptions():
        raise FormatError(f"{source_file}: separators, header and columns apply to text files only, not Anki packages")
    if deck_id is not None and not VALID_ID.match(deck_id):
        raise FormatError(f"deck id '{deck_id}' must be letters, digits, '.', '_' or '-' (at most 64)")
    if out is not None:
        ensure_free(out, overwrite)  # before the slow part
    try:
        if suffix in PACKAGES:
            result = read_apkg(source_file, source, progress)
        else:
            result = read_text_export(source_file, source, progress, text_options)
        chosen_id = deck_id or result.deck_id or deck_id_for(result.title or source_file.stem)
        deck = build_deck(result, chosen_id, title or result.title or source_file.stem, domain)
    except FormatError as exc:
        raise FormatError(f"{source_file}: {exc}") from None
    out = out or out_dir / f"{deck.id}.yaml"
    comment = (
        f"Imported from {source_file.name} by `peerquiz import`.\n"
        "Write the explanations and sources marked TODO; `peerquiz check --strict` lists them."
    )
    text = render_deck(deck, comment)
    try:
        parse_deck(text, str(out))  # what we write must load; if not, that is our bug, and nothing is written
    except DeckLoadError as exc:
        raise FormatError(
            f"could not write a valid deck from {source_file} (a bug; please report): {exc.errors[0]}"
        ) from None
    with publish(out, overwrite) as temporary:
        temporary.write_text(text, encoding="utf-8")
    return deck, result
