"""Parse deck files and report every error with its file, line and field.

Deck files are YAML read as plain data: we walk the composed node tree
ourselves, so no tag can construct an object, aliases are refused (no
"billion laughs"), and every scalar stays a string until pydantic validates
it (``answer: no`` is the string "no" unless the field is a boolean).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, TypeVar

import yaml
from pydantic import ValidationError

from peerquiz import __version__
from peerquiz.core.collector import collector_paused
from peerquiz.core.deck import CARD_TYPES, Card, Deck

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_CARDS = 10_000
# Bump when the parsed form of a deck changes in a way the version does not show.
CACHE_FORMAT = 2
DECK_SUFFIXES = (".yaml", ".yml")

Loc = tuple[str | int, ...]
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class DeckError:
    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        field = f" {self.field}:" if self.field else ""
        return f"{self.path}:{self.line}:{field} {self.message}"


class DeckLoadError(Exception):
    """A deck file (or several) did not validate; ``errors`` lists every problem."""

    def __init__(self, errors: list[DeckError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


class _Lines:
    """Remembers the line of every mapping key and list entry while converting."""

    def __init__(self) -> None:
        self.by_loc: dict[Loc, int] = {}

    def line_of(self, loc: Loc) -> int:
        while loc not in self.by_loc and loc:
            loc = loc[:-1]
        return self.by_loc.get(loc, 1)


class _NodeError(Exception):
    def __init__(self, line: int, message: str):
        self.line = line
        self.message = message


class _PlainResolver:
    """Tags every scalar as text: values are typed later by pydantic, not by YAML."""

    def descend_resolver(self, current_node, current_index) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind, value, implicit) -> str:
        if kind is yaml.ScalarNode:
            return "tag:yaml.org,2002:str"
        return "tag:yaml.org,2002:seq" if kind is yaml.SequenceNode else "tag:yaml.org,2002:map"


# libyaml's parser when PyYAML was built with it: parsing is most of a load.
try:
    from yaml.cyaml import CParser as _Parser
except ImportError:  # PyYAML built without libyaml
    _Parser = yaml.SafeLoader


class _Composer(_PlainResolver, _Parser):  # type: ignore[misc, valid-type]
    pass


_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


def _to_data(node: yaml.Node, loc: Loc, by_loc: dict[Loc, int], seen: set[int] | None) -> Any:
    """Plain Python data from a node, recording the line of every key and list entry in ``by_loc``.

    ``seen`` collects visited nodes to refuse aliases; None when the text has no anchor to alias.
    The hot loop of a first import: one call per value, so the checks are exact class tests.
    """
    if seen is not None:
        if id(node) in seen:
            # An alias hands back the anchored node again; expanding it could blow up.
            raise _NodeError(node.start_mark.line + 1, "anchors and aliases are not allowed (anchor set here)")
        seen.add(id(node))
    kind = node.__class__
    if kind is yaml.ScalarNode:
        # Only an unquoted empty or null word is "no value"; quoted text stays text.
        return None if node.style is None and node.value in _NULLS else node.value
    if kind is yaml.SequenceNode:
        result = []
        for index, child in enumerate(node.value):
            child_loc = (*loc, index)
            by_loc[child_loc] = child.start_mark.line + 1
            result.append(_to_data(child, child_loc, by_loc, seen))
        return result
    if kind is yaml.MappingNode:
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.__class__ is not yaml.ScalarNode:
                raise _NodeError(key_node.start_mark.line + 1, "keys must be plain words")
            key = key_node.value
            if key in mapping:
                raise _NodeError(key_node.start_mark.line + 1, f"'{key}' is given twice")
            child_loc = (*loc, key)
            by_loc[child_loc] = key_node.start_mark.line + 1
            mapping[key] = _to_data(value_node, child_loc, by_loc, seen)
        return mapping
    raise _NodeError(node.start_mark.line + 1, "unsupported YAML value")


def _field_name(loc: Loc) -> str:
    return ".".join(str(part) for part in loc)


def _pydantic_errors(path: str, exc: ValidationError, base: Loc, lines: _Lines) -> list[DeckError]:
    errors = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        message = err["msg"].removeprefix("Value error, ")
        if err["type"] == "missing":
            message = "is required"
        elif err["type"] == "extra_forbidden":
            message = "is not a known field"
        errors.append(DeckError(path, lines.line_of((*base, *loc)), _field_name(loc), message))
    return errors


def _parse_card(path: str, index: int, raw: Any, deck_domain: str | None, lines: _Lines) -> Card | list[DeckError]:
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
    # lint-ignore is advice to the linter, not content: silencing a warning keeps the digest.
    content = {k: v for k, v in raw.items() if k != "lint-ignore"}
    digest = hashlib.sha1(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]
    data = {**raw, "line": line, "digest": digest}
    if data.get("domain") is None and deck_domain:
        data["domain"] = deck_domain
    try:
        return card_type.model_validate(data)
    except ValidationError as exc:
        return _pydantic_errors(path, exc, loc, lines)


def parse_deck(text: str, path: str = "<deck>") -> Deck:
    """Parse one deck file's text; raise DeckLoadError listing every problem."""
    if len(text.encode()) > MAX_FILE_BYTES:
        raise DeckLoadError([DeckError(path, 1, "", f"file is larger than {MAX_FILE_BYTES // 1024 // 1024} MB")])
    with collector_paused():
        return _parse_deck(text, path)


def _parse_deck(text: str, path: str) -> Deck:
    lines = _Lines()
    try:
        root = yaml.compose(text, Loader=_Composer)
        # An alias needs an anchor, and an anchor needs "&": without one there is nothing to watch for.
        seen: set[int] | None = set() if "&" in text else None
        data = _to_data(root, (), lines.by_loc, seen) if root is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise DeckLoadError([DeckError(path, line, "", f"not valid YAML: {exc.problem or exc.context}")]) from None
    except yaml.YAMLError as exc:
        raise DeckLoadError([DeckError(path, 1, "", f"not valid YAML: {exc}")]) from None
    except _NodeError as exc:
        raise DeckLoadError([DeckError(path, exc.line, "", exc.message)]) from None

    if not isinstance(data, dict):
        raise DeckLoadError([DeckError(path, 1, "", "a deck file must be a mapping with id, title and cards")])

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
        deck = Deck.model_validate({**header, "path": path})
    except ValidationError as exc:
        errors.extend(_pydantic_errors(path, exc, (), lines))
        deck = None

    if errors:
        errors.sort(key=lambda e: e.line)
        raise DeckLoadError(errors)
    assert deck is not None
    return deck.model_copy(update={"cards": tuple(cards)})


def cache_entry(cache_dir: Path, path: Path, text: str) -> Path:
    """Where the parse of exactly this text of this file is cached."""
    digest = hashlib.sha256(f"{CACHE_FORMAT}\0{__version__}\0{path}\0".encode())
    digest.update(text.encode())
    return cache_dir / f"{digest.hexdigest()}.json"


def write_atomically(target: Path, payload: bytes) -> None:
    """Write a cache file so readers never see half of it; a cache that cannot be written only costs speed."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            out.write(payload)
        os.replace(temporary, target)
    except OSError:
        pass


def _parse_cached(text: str, path: Path, cache_dir: Path) -> Deck:
    """Reuse an earlier parse of exactly these bytes; a bad cache entry is just rewritten."""
    entry = cache_entry(cache_dir, path, text)
    try:
        return Deck.model_validate_json(entry.read_bytes())
    except (OSError, ValueError):  # missing, unreadable, or not a valid deck (pydantic's error is a ValueError)
        pass
    deck = parse_deck(text, str(path))
    write_atomically(entry, deck.model_dump_json(by_alias=True).encode())
    return deck


def read_deck_text(path: Path) -> str:
    """The text of a deck file, or DeckLoadError saying why it cannot be read."""
    shown = str(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise DeckLoadError([DeckError(shown, 1, "", f"file is larger than {MAX_FILE_BYTES // 1024 // 1024} MB")])
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise DeckLoadError([DeckError(shown, 1, "", "file is not UTF-8 text")]) from None
    except OSError as exc:
        raise DeckLoadError([DeckError(shown, 1, "", f"cannot read file: {exc.strerror or exc}")]) from None


def load_deck(path: Path, cache_dir: Path | None = None, text: str | None = None) -> Deck:
    """Read (unless ``text`` is given) and parse one deck file, through the parse cache when one is given."""
    text = read_deck_text(path) if text is None else text
    return _parse_cached(text, path, cache_dir) if cache_dir else parse_deck(text, str(path))


def deck_files(paths: Iterable[Path]) -> list[Path]:
    """Expand directories into the deck files below them, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix in DECK_SUFFIXES and p.is_file()))
        else:
            found.append(path)
    return found


@dataclass(frozen=True, slots=True)
class LoadResult:
    decks: list[Deck]
    errors: list[DeckError]


def load_each(
    paths: Iterable[Path], load: Callable[[Path], T], deck_id: Callable[[T], str]
) -> tuple[list[T], list[DeckError]]:
    """``load`` every deck file below ``paths``; a file with errors is skipped whole.

    Deck ids must be unique across files, since progress is keyed on them: a
    second file with an id already used is skipped with an error.
    """
    loaded: list[T] = []
    errors: list[DeckError] = []
    owner: dict[str, str] = {}
    for path in deck_files(paths):
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


def load_decks(paths: Iterable[Path], cache_dir: Path | None = None) -> LoadResult:
    """Load every deck below ``paths`` (see ``load_each``).

    Parsing YAML is most of the cost of opening a large collection, so with a
    ``cache_dir`` a file whose bytes did not change is read back from JSON.
    """
    decks, errors = load_each(paths, lambda path: load_deck(path, cache_dir), lambda deck: deck.id)
    return LoadResult(decks, errors)
