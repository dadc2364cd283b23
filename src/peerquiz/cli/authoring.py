"""The instructor's verbs: `check`, `new`, `import`, `export` and `preview` of deck files.

Every verb imports what it needs when it runs; `preview` is the only one that loads Textual.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from peerquiz.cli.common import UsageError, require_existing, require_regular_target
from peerquiz.config import Settings

if TYPE_CHECKING:
    from peerquiz.core.decks.model import Deck

DECKS_DIR = Path("decks")  # where instructors keep deck files, relative to where they work
DECK_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")  # as a deck id: a name that is one file in decks/
SHOWN_SKIPS = 20  # a summary names this many skipped notes, then counts the rest


def _cmd_check(args: argparse.Namespace, settings: Settings) -> int:
    from peerquiz.core.decks.cache import load_decks

    paths = [Path(p) for p in args.paths] if args.paths else list(settings.deck_paths)
    require_existing(paths)
    result = load_decks(paths)
    for error in result.errors:
        print(error, file=sys.stderr)
    for deck in result.decks:
        items = len(deck.items())
        print(f"ok {deck.path}: {deck.id}: {len(deck.cards)} cards, {items} items")
    if not result.decks and not result.errors:
        raise UsageError(f"no deck files (*.yaml) found in {', '.join(map(str, paths))}")
    warnings = []
    if args.strict:
        from peerquiz.core.decks.lint import lint_decks

        warnings = lint_decks(result.decks)
        for warning in warnings:
            print(warning, file=sys.stderr)
    if result.errors:
        print(f"{len(result.errors)} error(s)", file=sys.stderr)
    if warnings:
        print(f"{len(warnings)} warning(s)", file=sys.stderr)
    return 1 if result.errors or warnings else 0


def _cmd_new(args: argparse.Namespace, settings: Settings) -> int:
    from peerquiz.core.formats.deck_writer import deck_id_for, deck_template
    from peerquiz.core.formats.output import publish
    from peerquiz.core.terminal_text import refuse_unsafe_characters

    path = _new_deck_path(args.deck)
    title = (args.title or "").strip() or path.stem.replace("-", " ").replace("_", " ").strip().capitalize() or "New deck"
    try:
        refuse_unsafe_characters(title)
    except ValueError as exc:
        raise UsageError(f"--title: {exc}") from None
    require_regular_target(path)
    with publish(path, hint="") as temporary:
        temporary.write_text(deck_template(deck_id_for(path.stem), title), encoding="utf-8")
    print(f"wrote {path}: one card of every kind to edit; then run `peerquiz check --strict {path}`")
    return 0


def _new_deck_path(deck: str) -> Path:
    """A .yaml path as given, or decks/NAME.yaml for a plain name; anything else would land somewhere unexpected."""
    if Path(deck).suffix in (".yaml", ".yml") and Path(deck).stem.strip():
        return Path(deck)
    if not DECK_NAME.fullmatch(deck):
        raise UsageError(
            f"deck name {deck!r}: use letters, digits, '-', '_' and '.' (it becomes decks/NAME.yaml), or give a .yaml path"
        )
    return DECKS_DIR / f"{deck}.yaml"


def _cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    from peerquiz.cli.progress_bar import ProgressBar
    from peerquiz.core.formats.importing import import_deck
    from peerquiz.core.formats.notes import PLACEHOLDER_EXPLANATION
    from peerquiz.core.formats.text_import import TextOptions

    source_file = Path(args.file)
    if not source_file.is_file():
        raise UsageError(f"no such file: {source_file}")
    columns = tuple(name.strip() for name in args.columns.split(",")) if args.columns else ()
    text_options = TextOptions(args.separator, args.row_separator, args.header, columns)
    if args.out:
        require_regular_target(Path(args.out))
    with ProgressBar(f"importing {source_file.name}") as progress:
        deck, result = import_deck(
            source_file, Path(args.out) if args.out else None, args.deck_id, out_dir=DECKS_DIR, title=args.title,
            domain=args.domain, source=args.source, overwrite=args.force, progress=progress, text_options=text_options,
        )  # fmt: skip
    out = Path(args.out) if args.out else DECKS_DIR / f"{deck.id}.yaml"
    print(f"imported {len(deck.cards)} card(s) from {source_file} into {out} (deck {deck.id}: {deck.title})")
    if result.skipped:
        print(f"skipped {result.skipped_count} note(s):")
        for skipped in result.skipped[:SHOWN_SKIPS]:
            print(f"  {skipped.where}: {skipped.reason}")
        if result.skipped_count > SHOWN_SKIPS:
            print(f"  ... and {result.skipped_count - SHOWN_SKIPS} more")
    if result.media:
        count = f"{len(result.media)}{' or more' if result.more_media else ''}"
        print(f"skipped {count} media file(s) the notes refer to: {', '.join(result.media[:SHOWN_SKIPS])}")
    for notice in result.notices:
        print(f"note: {notice}")
    placeholders = sum(card.explanation == PLACEHOLDER_EXPLANATION for card in deck.cards)
    if placeholders:
        print(f"{placeholders} card(s) need an explanation (marked TODO): see `peerquiz check --strict {out}`")
    return 0


def _cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    from peerquiz.core.formats.apkg_export import export_apkg
    from peerquiz.core.formats.csv_export import export_csv

    exporters = {".apkg": export_apkg, ".csv": export_csv}
    out = Path(args.to)
    exporter = exporters.get(out.suffix.lower())
    if exporter is None:
        raise UsageError(f"cannot export to {out.name}: name a .apkg or .csv file")
    require_regular_target(out)
    deck = _deck_named(args.deck, settings)
    exporter(deck, out, args.force)
    print(f"exported {len(deck.cards)} card(s) of deck {deck.id} to {out}")
    return 0


def _deck_named(name: str, settings: Settings) -> Deck:
    """A deck file, or the id of a deck in use; a deck with errors is refused."""
    from peerquiz.core.decks.cache import load_deck, load_decks
    from peerquiz.core.decks.loader import DeckLoadError

    if Path(name).is_file():
        try:
            return load_deck(Path(name))
        except DeckLoadError as exc:
            raise UsageError(f"{exc.errors[0]} (fix the deck first; `peerquiz check {name}` lists every error)") from None
    deck = next((d for d in load_decks(settings.deck_paths).decks if d.id == name), None)
    if deck is None:
        raise UsageError(f"no deck file or deck id {name!r}")
    return deck


def _cmd_preview(args: argparse.Namespace, settings: Settings) -> int:
    """Textual loads only here; the preview reads the file itself and opens no database."""
    from peerquiz.core.decks.loader import DECK_SUFFIXES
    from peerquiz.core.terminal_text import shown

    path = Path(args.deck)
    if not path.exists():
        raise UsageError(f"no such file: {shown(path)}")
    if not path.is_file() or path.suffix.lower() not in DECK_SUFFIXES:
        raise UsageError(f"not a deck file: {shown(path)} (preview takes one .yaml or .yml file)")
    from peerquiz.tui.preview_app import PreviewApp

    PreviewApp(path).run()
    return 0


def register(verbs: argparse._SubParsersAction, shared: argparse.ArgumentParser) -> None:
    check = verbs.add_parser("check", parents=[shared], help="validate deck files; errors are printed as file:line")
    check.add_argument("paths", nargs="*", help="deck files or folders (default: the decks in use)")
    check.add_argument(
        "--strict",
        action="store_true",
        help="also warn about weak cards (duplicates, giveaway choices, thin explanations); exit 1 on warnings",
    )
    check.set_defaults(run=_cmd_check)

    new = verbs.add_parser("new", parents=[shared], help="write a commented deck template with one card of every kind")
    new.add_argument("deck", metavar="DECK", help="deck name (written to decks/DECK.yaml) or a .yaml path")
    new.add_argument("--title", help="the deck's title (default: from the name)")
    new.set_defaults(run=_cmd_new)

    imports = verbs.add_parser(
        "import", parents=[shared], help="turn an Anki or Quizlet export (.apkg, .colpkg, .csv, .tsv, .txt) into a deck file"
    )
    imports.add_argument("file", metavar="FILE", help="the file to import")
    imports.add_argument("--out", metavar="PATH", help="deck file to write (default: decks/DECK-ID.yaml)")
    imports.add_argument(
        "--deck-id",
        help="id of the new deck (default: the id peerquiz exported it with, else from the deck name in the file)",
    )
    imports.add_argument("--title", help="title of the new deck (default: the deck name in the file, or its name)")
    imports.add_argument("--domain", help="exam domain for every imported card")
    imports.add_argument("--source", help="source to cite on every card (default: a TODO naming the file)")
    imports.add_argument("--force", action="store_true", help="replace the output file if it exists")
    text = imports.add_argument_group("text files (.csv, .tsv, .txt)")
    text.add_argument(
        "--separator", metavar="SEP", help="between fields: tab, comma, semicolon or any string (default: guessed)"
    )
    text.add_argument("--row-separator", metavar="SEP", help="between cards, if not a line break (Quizlet's custom ones)")
    text.add_argument(
        "--header",
        action=argparse.BooleanOptionalAction,
        help="the first row names the columns (default: when every cell is a known name such as front or term)",
    )
    text.add_argument(
        "--columns",
        metavar="NAMES",
        help="what each column is, comma-separated: front, back, explanation, source, domain, tags, id, ignore; "
        "any other name is kept with the answer under that name",
    )
    imports.set_defaults(run=_cmd_import)

    export = verbs.add_parser(
        "export", parents=[shared], help="write a deck as an Anki package (.apkg) or CSV, to study elsewhere"
    )
    export.add_argument("deck", metavar="DECK", help="a deck file, or the id of a deck in use")
    export.add_argument("--to", metavar="OUT", required=True, help="file to write: .apkg (Anki) or .csv")
    export.add_argument("--force", action="store_true", help="replace the output file if it exists")
    export.set_defaults(run=_cmd_export)

    preview = verbs.add_parser(
        "preview",
        parents=[shared],
        help="show a deck file's cards as candidates see them, reloading on every save (nothing is stored)",
    )
    preview.add_argument("deck", metavar="DECK", help="the deck file (.yaml or .yml)")
    preview.set_defaults(run=_cmd_preview)
