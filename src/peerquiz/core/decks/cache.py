"""The one deck cache: a deck file's parse and its header, keyed on the file's exact bytes.

Parsing YAML is most of the cost of opening a large collection, so a file
whose bytes did not change is read back from JSON. Each entry's name hashes
the bytes, the file's path and the app version: an edit, a move or an upgrade
simply misses the cache. A cache that cannot be written only costs speed.

An entry is JSON lines: the deck's own fields, the list of its card ids, then one card per line
in that order. A study session loads a deck for a few of its cards in the middle of an answer:
so it decodes those cards' lines only, not the whole deck (4 ms a thousand cards, the answers'
slowest percent).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel
from pydantic_core import to_json

from peerquiz import __version__
from peerquiz.core.decks import loader
from peerquiz.core.decks.header import DeckHeader, ExamItem, exam_items, text_fingerprint
from peerquiz.core.decks.loader import DeckError, DeckFile, load_each, read_deck_file
from peerquiz.core.decks.model import CARD_TYPES, Deck, compacted, interned_texts, shared_field_names

# 3: entries hold field names (not aliases) and are read back without validating again. 4: a card a line.
# 5: a deck's exam-style cards beside its header, not in it.
CACHE_FORMAT = 5

M = TypeVar("M", bound=BaseModel)


def cache_entry(cache_dir: Path, source: DeckFile) -> Path:
    """Where the parse of exactly these bytes of this file is cached."""
    digest = hashlib.sha256(f"{CACHE_FORMAT}\0{__version__}\0{source.path}\0".encode())
    digest.update(source.data)
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


def _parsed(source: DeckFile, entry: Path | None, kept: bool) -> Deck:
    """The file's deck: an earlier parse of exactly these bytes cached at ``entry``, or else parsed (and cached there).

    A deck ``kept`` for the session is compacted (see ``compacted``), as a cached one is as it is read back;
    a parse that only fills the cache is not: 0.85 ms a thousand cards, a thirtieth of a first import.
    """
    deck = cached_deck(entry) if entry is not None else None
    if deck is None:
        deck = loader.parse_deck(source.text(), str(source.path))
        if entry is not None:  # a bad cache entry is just rewritten
            write_atomically(entry, _entry_lines(deck))
        if kept:
            for card in deck.cards:
                compacted(card)
    return deck


def _entry_lines(deck: Deck) -> bytes:
    """The deck as a cache entry: its fields, its card ids, a card a line (JSON escapes every newline in a text).

    A card's line is its model's ``__dict__``, as ``rebuilt_deck`` restores it: the same bytes as the model's own
    serializer (its fields are text, numbers, booleans and tuples of text), which took three times as long in a
    process's first parse (2.6 against 0.85 ms a thousand cards).
    """
    head = [deck.model_dump_json(exclude={"cards"}).encode(), json.dumps([card.id for card in deck.cards]).encode()]
    return b"\n".join([*head, *(to_json(card.__dict__) for card in deck.cards)])


def _entry_fields(payload: bytes, only: Collection[str] | None) -> dict[str, Any]:
    """A deck's fields from a cache entry, with all its cards or only those with these ids: no other card is decoded."""
    deck_line, ids_line, *card_lines = payload.split(b"\n")
    ids = json.loads(ids_line)
    if not isinstance(ids, list) or len(ids) != len(card_lines):
        raise ValueError("not a card a line")
    kept = [(card_id, line) for card_id, line in zip(ids, card_lines) if only is None or card_id in only]
    cards = json.loads(b"[" + b",".join(line for _, line in kept) + b"]")
    if [card.get("id") for card in cards] != [card_id for card_id, _ in kept]:
        raise ValueError("the card ids do not match the cards")
    return {**json.loads(deck_line), "cards": cards}


_CARD_FIELDS = {kind: frozenset(card_type.model_fields) for kind, card_type in CARD_TYPES.items()}
_TUPLE_FIELDS = {
    kind: tuple(name for name, field in card_type.model_fields.items() if getattr(field.annotation, "__origin__", None) is tuple)
    for kind, card_type in CARD_TYPES.items()
}
_DECK_FIELDS = frozenset(Deck.model_fields)


def rebuilt_deck(data: dict[str, Any]) -> Deck:
    """A deck from the fields of one that was validated when its file was parsed.

    Validating again was more than half of a cached load (the lazy load a session's answer
    can wait for), and even ``model_construct`` costs more than validation. So the models
    are restored the way unpickling does, from their fields, after checking that every
    entry holds exactly the fields of its model: a damaged or foreign entry raises instead.
    The cache is the user's own directory, trusted like the database: its text is not
    checked for terminal escapes again (a scan of the entry would cost a third of the load).
    """
    cards = []
    for fields in data["cards"]:
        kind = fields["kind"]
        if fields.keys() != _CARD_FIELDS[kind]:
            raise ValueError(f"not the fields of a {kind} card")
        for name in _TUPLE_FIELDS[kind]:
            fields[name] = tuple(fields[name])
        cards.append(_restored(CARD_TYPES[kind], interned_texts(fields)))
    if data.keys() != _DECK_FIELDS:
        raise ValueError("not the fields of a deck")
    return _restored(Deck, {**data, "cards": tuple(cards)})


def _restored(model: type[M], fields: dict[str, Any]) -> M:
    restored = model.__new__(model)
    # The state pickle gives a pydantic model: its fields, and which of them were set.
    restored.__setstate__(
        {"__dict__": fields, "__pydantic_fields_set__": shared_field_names(fields), "__pydantic_extra__": None, "__pydantic_private__": None}
    )
    return restored


def load_deck(path: Path, cache_dir: Path | None = None) -> Deck:
    """Read and parse one deck file, through the parse cache when one is given."""
    source = read_deck_file(path)
    return _parsed(source, cache_entry(cache_dir, source) if cache_dir is not None else None, kept=True)


def parse_with_header(source: DeckFile, cache_dir: Path | None) -> tuple[DeckHeader, Deck]:
    """Parse a deck file (through the parse cache) and cache its header and its exam-style cards beside it."""
    entry = cache_entry(cache_dir, source) if cache_dir is not None else None  # hashed once, for the deck and its header
    # With a cache the parse fills it and gives the cards' specs; the decks a session keeps are read back from it.
    deck = _parsed(source, entry, kept=entry is None)
    # The bytes as read are the text's (the parse decoded them) unless a line ending was not a newline: decoding and
    # encoding the text again took a process's first import of 1,000 cards 0.3 ms.
    header = DeckHeader.of(deck, text_fingerprint(source.data if b"\r" not in source.data else source.text()))
    if entry is not None:
        write_atomically(_header_entry(entry), json.dumps(header.as_json()).encode())
        write_atomically(_exam_entry(entry), to_json(exam_items(deck)))
    return header, deck


def _header_entry(entry: Path) -> Path:
    """Where the header of the parse cached at ``entry`` is cached, beside it."""
    return entry.with_suffix(".head.json")


def _exam_entry(entry: Path) -> Path:
    """Where the exam-style cards of the parse cached at ``entry`` are cached, beside it."""
    return entry.with_suffix(".exam.json")


def cached_exam_items(entry: Path) -> list[ExamItem] | None:
    """The exam-style cards cached beside the parse at ``entry``; None if missing or damaged."""
    try:
        items = json.loads(_exam_entry(entry).read_bytes())
        return [(item_id, domain, options) for item_id, domain, options in items]
    except (OSError, ValueError, TypeError):  # missing, unreadable, or not a list of triples
        return None


def cached_deck(entry: Path, only: Collection[str] | None = None) -> Deck | None:
    """The parse cached at ``entry`` (see ``cache_entry``), or only the cards with these ids; None if missing or damaged."""
    try:
        return rebuilt_deck(_entry_fields(entry.read_bytes(), only))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):  # missing, unreadable or not a deck's fields
        return None


def cached_header(entry: Path, path: Path) -> DeckHeader | None:
    """The header cached beside the parse at ``entry`` of the file at ``path``."""
    try:
        data = json.loads(_header_entry(entry).read_bytes())
        header = DeckHeader(**{**data, "domains": tuple(data["domains"])})
    except (OSError, ValueError, TypeError, KeyError):
        return None
    # The entry's name is a hash of these exact bytes, so its fingerprint need not be worked out again (20 ms at 50k cards).
    return header if header.path == str(path) else None


@dataclass(frozen=True, slots=True)
class LoadResult:
    decks: list[Deck]
    errors: list[DeckError]


def load_decks(paths: Iterable[Path], cache_dir: Path | None = None) -> LoadResult:
    """Load every deck below ``paths`` (see ``load_each``).

    Parsing YAML is most of the cost of opening a large collection, so with a
    ``cache_dir`` a file whose bytes did not change is read back from JSON.
    """
    decks, errors = load_each(paths, lambda path: load_deck(path, cache_dir), lambda deck: deck.id)
    return LoadResult(decks, errors)
