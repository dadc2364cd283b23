"""Parse deck files and report every error with its file, line and field.

Deck files are YAML read as plain data: we walk the composed node tree
ourselves, so no tag can construct an object, aliases are refused (no
"billion laughs"), and every scalar stays a string until pydantic validates
it (``answer: no`` is the string "no" unless the field is a boolean).
"""

from __future__ import annotations

import errno
import hashlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import ValidationError
from pydantic_core import to_json

from peerquiz.core.decks.gc_pause import collector_paused
from peerquiz.core.decks.model import CARD_TYPES, Card, Deck, problem
from peerquiz.core.terminal_text import refuse_unsafe_characters, shown

if TYPE_CHECKING:
    from peerquiz.core.decks.yaml_reading import Lines, Loc

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_CARDS = 10_000
DECK_SUFFIXES = (".yaml", ".yml")

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class DeckError:
    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        field = f" {self.field}:" if self.field else ""
        where = f"{self.path}:{self.line}" if self.line else self.path  # line 0: a folder or link, not a file's line
        return f"{where}:{field} {self.message}"


class DeckLoadError(Exception):
    """A deck file (or several) did not validate; ``errors`` lists every problem."""

    def __init__(self, errors: list[DeckError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


def _field_name(loc: Loc) -> str:
    return ".".join(str(part) for part in loc)


def _pydantic_errors(
    path: str, exc: ValidationError, base: Loc, lines: Lines, inherited: frozenset[str] = frozenset()
) -> list[DeckError]:
    """One error per problem: a list is not also blamed for the entry that failed in it, and a field
    copied from the deck header (``inherited``) is reported once, where the header sets it."""
    found = exc.errors()
    failing = [tuple(err["loc"]) for err in found]
    errors = []
    for err in found:
        loc = tuple(err["loc"])
        if (loc[:1] and loc[0] in inherited) or any(len(other) > len(loc) and other[: len(loc)] == loc for other in failing):
            continue
        message = problem(err)
        if err["type"] == "missing":
            message = "is required"
        elif err.get("input", "") is None:  # written with no value (``prompt:``, ``~``): a field that may be left out accepts it
            message = "has no value"
        elif err["type"] == "extra_forbidden":
            message = "is not a known field"
        errors.append(DeckError(path, lines.line_of((*base, *loc)), _field_name(loc), message))
    return errors


def _as_card_input(raw: dict[str, Any], line: int, deck_domain: str | None) -> frozenset[str]:
    """Make a card's fields, read from its file, what its model validates: add its line and digest, and the deck's
    domain when it sets none. Done in place: a copy of each card's fields took 0.2 ms a thousand cards, and a process's
    first parse 110 page faults more.

    Returns which fields came from the deck header, so that their errors are reported there only.
    """
    # lint-ignore is advice to the linter, not content: silencing a warning keeps the digest.
    content = {k: v for k, v in raw.items() if k != "lint-ignore"} if "lint-ignore" in raw else raw
    # The fields as JSON in the file's order, by pydantic's encoder: json.dumps with sorted keys took 2.5 ms a
    # thousand cards, this 0.5. Moving a field is an edit of the text, and changes the digest too.
    digest = hashlib.sha1(to_json(content)).hexdigest()[:16]
    raw["line"], raw["digest"] = line, digest
    if raw.get("domain") is None and deck_domain:
        raw["domain"] = deck_domain
        return frozenset({"domain"})
    return frozenset()


def _parse_card(path: str, index: int, raw: Any, deck_domain: str | None, lines: Lines) -> Card | list[DeckError]:
    loc: Loc = ("cards", index)
    line = lines.line_of(loc)
    if not isinstance(raw, dict):
        return [DeckError(path, line, "", "a card must be a mapping of fields")]
    kind = raw.get("kind")
    card_type = CARD_TYPES.get(kind) if isinstance(kind, str) else None
    if card_type is None:
        known = ", ".join(CARD_TYPES)
        where = lines.line_of((*loc, "kind"))
        what = "is required" if kind is None else f"unknown kind '{kind}' (known: {known})"
        return [DeckError(path, where, "kind", what)]
    inherited = _as_card_input(raw, line, deck_domain)
    try:
        return card_type.model_validate(raw)
    except ValidationError as exc:
        return _pydantic_errors(path, exc, loc, lines, inherited)


def _deck_at_once(path: str, data: dict[str, Any], lines: Lines) -> Deck | None:
    """The deck, validated in one call, when nothing in it is wrong; None when anything is.

    One call for the deck and all its cards takes a third less time than one per card, but
    its errors are not the ones a user is shown: on any, the caller goes card by card.
    """
    raw_cards = data.get("cards")
    if not isinstance(raw_cards, list) or not raw_cards or len(raw_cards) > MAX_CARDS:
        return None
    deck_domain = data.get("domain") if isinstance(data.get("domain"), str) else None
    for raw, line in zip(raw_cards, lines.entry_lines(("cards",)), strict=True):
        if not isinstance(raw, dict) or not isinstance(raw.get("kind"), str) or raw["kind"] not in CARD_TYPES:
            return None
        _as_card_input(raw, line, deck_domain)
    try:
        deck = Deck.model_validate({**data, "path": path})
    except ValidationError:
        return None
    if len({card.id for card in deck.cards}) != len(deck.cards):
        return None  # a duplicate id
    return deck


def parse_deck(text: str, path: str = "<deck>") -> Deck:
    """Parse one deck file's text; raise DeckLoadError listing every problem."""
    # A character is one to four bytes of UTF-8: most texts are measured without encoding them (4 % of an import).
    if len(text) * 4 > MAX_FILE_BYTES and len(text.encode()) > MAX_FILE_BYTES:
        raise DeckLoadError([DeckError(path, 1, "", f"file is larger than {MAX_FILE_BYTES // 1024 // 1024} MB")])
    with collector_paused():
        return _parse_deck(text, path)


def _build_models() -> None:
    """Build the deck models' validators, unless they are built: called while libyaml parses the first deck a
    process reads. That deck waited for them: 4 ms, whatever its size."""
    if not Deck.__pydantic_complete__:
        Deck.model_rebuild()


def _parse_deck(text: str, path: str) -> Deck:
    # PyYAML loads only here: a start whose decks all come from the parse cache never needs it.
    from peerquiz.core.decks.yaml_reading import YamlDataError, read_yaml

    try:
        # A deck that validates needs only its cards' lines.
        data, lines = read_yaml(text, every_line=False, meanwhile=_build_models)
    except YamlDataError as exc:
        raise DeckLoadError([DeckError(path, exc.line, "", exc.message)]) from None

    if not isinstance(data, dict):
        raise DeckLoadError([DeckError(path, 1, "", "a deck file must be a mapping with id, title and cards")])
    deck = _deck_at_once(path, data, lines)
    if deck is not None:
        return deck
    data, lines = read_yaml(text)  # read again with every line: the errors name theirs

    errors: list[DeckError] = []
    raw_cards = data.get("cards")
    if not isinstance(raw_cards, list) or not raw_cards:
        errors.append(DeckError(path, lines.line_of(("cards",)), "cards", "must be a non-empty list of cards"))
        raw_cards = []
    elif len(raw_cards) > MAX_CARDS:
        errors.append(DeckError(path, lines.line_of(("cards",)), "cards", f"more than {MAX_CARDS} cards"))
        raw_cards = []

    deck_domain = data.get("domain") if isinstance(data.get("domain"), str) else None
    cards: list[Card] = []
    first_line_of_id: dict[str, int] = {}
    for index, raw in enumerate(raw_cards):
        parsed = _parse_card(path, index, raw, deck_domain, lines)
        if isinstance(parsed, list):
            errors.extend(parsed)
            continue
        if parsed.id in first_line_of_id:
            errors.append(
                DeckError(
                    path,
                    lines.line_of(("cards", index, "id")),
                    "id",
                    f"duplicate id '{parsed.id}' (first used on line {first_line_of_id[parsed.id]})",
                )
            )
            continue
        first_line_of_id[parsed.id] = lines.line_of(("cards", index, "id"))
        cards.append(parsed)

    header = {k: v for k, v in data.items() if k != "cards"}
    try:
        header_only = Deck.model_validate({**header, "path": path})
    except ValidationError as exc:
        errors.extend(_pydantic_errors(path, exc, (), lines))
        header_only = None

    if errors:
        errors.sort(key=lambda e: e.line)
        raise DeckLoadError(errors)
    assert header_only is not None
    return header_only.model_copy(update={"cards": tuple(cards)})


def first_error_of_each(errors: Iterable[DeckError]) -> list[DeckError]:
    """The first error of each refused file or folder, in the order they were found."""
    first: dict[str, DeckError] = {}
    for error in errors:
        first.setdefault(error.path, error)
    return list(first.values())


@dataclass(frozen=True, slots=True)
class DeckFile:
    """A deck file's bytes as read: the parse cache hashes them as they are, and only a parse decodes them.

    A start whose decks all come from the cache read and hashed every file's text: decoding it, then
    encoding it again to hash it, cost as much as the hashing (40 ms at 200,000 cards).
    """

    path: Path
    data: bytes

    def text(self) -> str:
        """The text as Python's text mode reads it: UTF-8, with any line ending read as a newline."""
        try:
            text = self.data.decode("utf-8")
        except UnicodeDecodeError:
            raise DeckLoadError([DeckError(str(self.path), 1, "", "file is not UTF-8 text")]) from None
        return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def deck_status(path: Path) -> os.stat_result:
    """A deck file's status, once its name and size are known to be fine; DeckLoadError says why not."""
    name = str(path)
    try:
        refuse_unsafe_characters(name)
    except ValueError as exc:
        # The name itself would drive the terminal wherever an error or a list of files shows it.
        raise DeckLoadError([DeckError(shown(name), 1, "", f"file name: {exc}")]) from None
    try:
        status = path.stat()
    except OSError as exc:
        raise DeckLoadError([DeckError(name, 1, "", f"cannot read file: {exc.strerror or exc}")]) from None
    if status.st_size > MAX_FILE_BYTES:
        raise DeckLoadError([DeckError(name, 1, "", f"file is larger than {MAX_FILE_BYTES // 1024 // 1024} MB")])
    return status


def read_deck_file(path: Path) -> DeckFile:
    """A deck file's bytes, or DeckLoadError saying why it cannot be read."""
    deck_status(path)
    try:
        return DeckFile(path, path.read_bytes())
    except OSError as exc:
        raise DeckLoadError([DeckError(str(path), 1, "", f"cannot read file: {exc.strerror or exc}")]) from None


def deck_files(paths: Iterable[Path]) -> tuple[list[Path], list[DeckError]]:
    """Expand directories into the deck files below them, in a stable order, and say which folders could not be read.

    A subfolder that cannot be read and a link that loops are reported rather than skipped: a deck
    missing without a word looks like lost work. A linked folder is followed unless it leads back
    to a folder above it.
    """
    found: list[Path] = []
    errors: list[DeckError] = []
    for path in paths:
        if path.is_dir():
            below: list[Path] = []
            _walk(path, (_identity(path),), below, errors)
            found.extend(sorted(below))
        else:
            found.append(path)
    return found, errors


def _identity(path: Path | os.DirEntry[str]) -> tuple[int, int]:
    info = path.stat()
    return info.st_dev, info.st_ino


def _walk(folder: Path, above: tuple[tuple[int, int], ...], found: list[Path], errors: list[DeckError]) -> None:
    """Collect the deck files below ``folder``; ``above`` holds the identities of it and the folders it is in."""
    try:
        # As for a deck path given on the command line: a folder nobody may read is refused even when
        # root could read it, so what loads does not depend on who runs peerquiz.
        if not folder.stat().st_mode & 0o444:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)  # errors in a stable order too
    except OSError as exc:
        errors.append(DeckError(shown(str(folder)), 0, "", f"cannot read folder: {exc.strerror or exc}"))
        return
    for entry in entries:
        path = folder / entry.name
        try:
            is_dir = entry.is_dir()
            is_file = not is_dir and entry.is_file()
            identity = _identity(entry) if is_dir else None
        except OSError as exc:
            errors.append(DeckError(shown(str(path)), 0, "", f"cannot read: {exc.strerror or exc}"))
            continue
        if identity is not None:
            if identity in above:
                errors.append(DeckError(shown(str(path)), 0, "", "symbolic link loop: it leads back to a folder above it"))
            else:
                _walk(path, (*above, identity), found, errors)
        elif is_file and path.suffix in DECK_SUFFIXES:
            found.append(path)


def load_each(
    paths: Iterable[Path], load: Callable[[Path], T], deck_id: Callable[[T], str]
) -> tuple[list[T], list[DeckError]]:
    """``load`` every deck file below ``paths``; a file with errors is skipped whole.

    Deck ids must be unique across files, since progress is keyed on them: a
    second file with an id already used is skipped with an error.
    """
    loaded: list[T] = []
    files, errors = deck_files(paths)
    owner: dict[str, str] = {}
    for path in files:
        try:
            value = load(path)
        except DeckLoadError as exc:
            errors.extend(exc.errors)
            continue
        found = deck_id(value)
        if found in owner:
            errors.append(DeckError(str(path), 1, "id", f"deck id '{found}' is already used by {owner[found]}"))
            continue
        owner[found] = str(path)
        loaded.append(value)
    return loaded, errors
