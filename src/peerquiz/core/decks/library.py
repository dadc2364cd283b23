"""The decks in use, synced into the store, with each stored card's content.

A large collection should not have to be read whole before the first card
shows. So the library starts from each file's *header* (id, title, domains),
cached beside the parse cache and keyed, like it, on the file's exact bytes;
a deck's cards are loaded when something asks for them. Decks whose text
changed since the last start are parsed and synced at once.

Nor should it be held whole: with a parse cache to load them from again, the
library keeps no deck once synced, only the items asked for (see ``LazyItems``).
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import NamedTuple, Protocol

from peerquiz.core.decks.cache import cache_entry, cached_deck, cached_exam_items, cached_header, load_deck, parse_with_header
from peerquiz.core.decks.file_index import FileIndex
from peerquiz.core.decks.gc_pause import collector_paused
from peerquiz.core.decks.header import DeckHeader, ExamCard, ExamItem, exam_items, text_fingerprint
from peerquiz.core.decks.loader import (
    DeckError,
    DeckLoadError,
    deck_files,
    deck_status,
    load_each,
    read_deck_file,
)
from peerquiz.core.decks.model import Deck, Item
from peerquiz.core.decks.parse_pool import ParsePool
from peerquiz.core.decks.specs import card_specs
from peerquiz.core.store.records import CardSpec, SyncReport


class CardIndex(Protocol):
    """The store's cards as the library needs them (``store.cards``): ids, and syncing."""

    def fingerprints(self) -> dict[str, str]: ...

    def sync(
        self, specs: Sequence[CardSpec], fingerprints: dict[str, str] | None = None, now: datetime | None = None
    ) -> SyncReport: ...

    def ids(self, deck_ids: Iterable[str]) -> dict[tuple[str, str], int]: ...

    def key(self, card_id: int) -> tuple[str, str] | None: ...


class _Found(NamedTuple):
    """What the parse cache has of a deck file."""

    status: os.stat_result  # taken before the file was read: a change after it shows at the next start
    entry: Path  # the cache entry of the file's bytes
    header: DeckHeader | None  # None: not in the cache, the file is to be parsed


def _looked_up(path: Path, cache_dir: Path, files: FileIndex) -> _Found | DeckLoadError:
    """The file's entry and cached header: found from its status, or else by hashing its bytes; or why it cannot be read."""
    try:
        status = deck_status(path)
        entry = files.entry(path, status)
        header = cached_header(entry, path) if entry is not None else None
        if entry is None or header is None:
            entry = cache_entry(cache_dir, read_deck_file(path))
            header = cached_header(entry, path)
    except DeckLoadError as exc:
        return exc
    return _Found(status, entry, header)


class Library:
    """The decks in use. ``items`` maps the store's card ids to items, once synced."""

    def __init__(
        self,
        decks: Iterable[Deck] = (),
        errors: Iterable[DeckError] = (),
        headers: Iterable[DeckHeader] | None = None,
        cache_dir: Path | None = None,
        parses: dict[str, Path] | None = None,
        to_sync: dict[str, list[CardSpec]] | None = None,
    ):
        # Whole decks, kept only without a parse cache: with one, a deck loads from its cache entry when asked for.
        self._loaded: dict[str, Deck] = {deck.id: deck for deck in decks}
        # With a parse cache, the cards of each deck parsed at the start for the sync, as the store takes them.
        self._to_sync = to_sync or {}
        self.errors: list[DeckError] = list(errors)
        self.headers: list[DeckHeader] = (
            list(headers) if headers is not None
            else [DeckHeader.of(d, text_fingerprint(d.model_dump_json())) for d in self._loaded.values()]
        )  # fmt: skip
        self._cache_dir = cache_dir
        # Deck file -> the cache entry of the text its header was read from: the cards synced, even if the file changed since.
        self._parses = parses or {}
        self._index: CardIndex | None = None  # set by sync: card ids come from it
        self._ids: dict[tuple[str, str], int] | None = None  # every card id, read when first needed
        self._exam_cards: dict[int, ExamCard] | None = None  # built from _ids and _exam_items, when first asked for
        self.items = LazyItems(self, None)

    @classmethod
    def load(cls, paths: Iterable[Path], cache_dir: Path | None = None, synced: Mapping[str, str] | None = None) -> Library:
        """Read every deck file's header (parsing only what the cache has not seen); a file with errors is left out.

        Deck ids must be unique across files, since progress is keyed on them. A deck parsed here is kept
        for ``sync`` unless the cache has it and ``synced`` (the store's ``fingerprints``) says the
        store has it already. With a parse cache only its cards' specs are kept, not the deck: a first
        start parses every deck, and holding them all until the sync made its memory peak twice Anki's
        at 200,000 cards. The files the cache has not seen are parsed on other cores when there are
        enough of them (ParsePool).
        """
        if cache_dir is None:
            return cls._parsed_whole(paths)
        files = FileIndex(cache_dir)
        # What the cache knows of each file, first: the files it has not seen are parsed together (ParsePool).
        looked = {path: _looked_up(path, cache_dir, files) for path in deck_files(paths)[0]}
        unseen = [(path, found.status.st_size) for path, found in looked.items() if isinstance(found, _Found) and found.header is None]
        to_sync: dict[str, list[CardSpec]] = {}
        parses: dict[str, Path] = {}

        def header_of(path: Path) -> DeckHeader:
            found = looked.pop(path, None) or _looked_up(path, cache_dir, files)
            if isinstance(found, DeckLoadError):
                raise found
            header = found.header
            if header is None:
                header, specs = pool.parsed(path)
                if synced is None or synced.get(header.id) != header.fingerprint:
                    to_sync[header.path] = specs  # to sync: kept rather than read again
            files.remember(path, found.status, found.entry)
            parses[str(path)] = found.entry
            return header

        with collector_paused(), ParsePool(unseen, cache_dir) as pool:
            headers, errors = load_each(paths, header_of, lambda header: header.id)
        files.save()
        specs = {h.id: to_sync[h.path] for h in headers if h.path in to_sync}
        return cls([], errors, headers, cache_dir, parses, specs)

    @classmethod
    def _parsed_whole(cls, paths: Iterable[Path]) -> Library:
        """Without a parse cache, every deck parsed and kept whole: the only copy."""
        parsed: dict[str, Deck] = {}

        def header_of(path: Path) -> DeckHeader:
            header, deck = parse_with_header(read_deck_file(path), None)
            parsed[header.path] = deck
            return header

        with collector_paused():
            headers, errors = load_each(paths, header_of, lambda header: header.id)
        return cls([parsed[h.path] for h in headers if h.path in parsed], errors, headers)

    def sync(self, cards: CardIndex) -> SyncReport:
        """Sync the decks whose text changed since their last sync; the report covers those decks.

        A start with unchanged decks costs one query instead of reading and comparing every card.
        """
        synced = cards.fingerprints()
        stale = [h for h in self.headers if synced.get(h.id) != h.fingerprint]
        report = SyncReport(0, 0, 0, 0)  # nothing changed: no write transaction either
        if stale:
            with collector_paused():
                report = cards.sync([spec for h in stale for spec in self._specs(h.id)], {h.id: h.fingerprint for h in stale})
        self._index = cards
        self._ids = None  # read when first needed: a first import did not need 200,000 ids (0.35 s)
        self._exam_cards = None
        self.items = LazyItems(self, cards)
        self._to_sync.clear()  # the kept specs of decks the store had already: not needed
        return report

    def _specs(self, deck_id: str) -> list[CardSpec]:
        """A deck's cards as the store takes them: kept from its parse at the start, or read from the deck."""
        kept = self._to_sync.pop(deck_id, None)
        if kept is not None:
            return kept
        deck = self.deck(deck_id)
        return card_specs([deck]) if deck is not None else []

    def card_ids(self) -> dict[tuple[str, str], int]:
        """(deck id, item id) -> card id of every card of the decks in use, once synced."""
        if self._ids is None:
            self._ids = self._index.ids(h.id for h in self.headers) if self._index else {}
        return self._ids

    def reload(self, deck_id: str, cards: CardIndex, path: Path | None = None) -> list[DeckError]:
        """Read one deck's file again (after an edit), or its copy at ``path`` from now on, and sync it.

        Returns the file's errors; with any, the deck stays as it was loaded.
        """
        old = self.header(deck_id)
        assert old is not None, f"no deck '{deck_id}' in use"
        try:  # a file that cannot be read (one saved in another encoding) is an error of the file, too
            source = read_deck_file(path or Path(old.path))
            header, deck = parse_with_header(source, self._cache_dir)
        except DeckLoadError as exc:
            return exc.errors
        if header.id != deck_id:
            return [DeckError(old.path, 1, "id", f"the deck id changed to '{header.id}'; it loads at the next start")]
        cards.sync(card_specs([deck]), {deck_id: header.fingerprint})
        self.headers = [header if h.id == deck_id else h for h in self.headers]
        if self._cache_dir is None:
            self._loaded[deck_id] = deck
        else:  # the new parse is in the cache, for the next load
            self._loaded.pop(deck_id, None)
            self._parses[header.path] = cache_entry(self._cache_dir, source)
        self._index, self._ids, self._exam_cards = cards, None, None
        self.items = LazyItems(self, cards, self.items.wanted)
        return []

    def header(self, deck_id: str) -> DeckHeader | None:
        """A deck's id, title, path...: what most screens need of it, without its cards."""
        return next((h for h in self.headers if h.id == deck_id), None)

    def deck(self, deck_id: str, only: Collection[str] | None = None) -> Deck | None:
        """A deck with its cards, loaded through the parse cache: kept only when there is none to load it from again.

        With ``only`` (card ids), a cached deck comes back with just those cards: all a lazy load of a
        few of its items needs, without rebuilding a thousand cards in the middle of an answer.
        """
        if deck_id in self._loaded:
            return self._loaded[deck_id]
        header = self.header(deck_id)
        if header is None:
            return None
        entry = self._parses.get(header.path)
        deck = cached_deck(entry, only) if entry is not None else None
        if deck is not None:
            return deck
        try:  # no cache, or its entry gone since the start: the file as it reads now
            deck = load_deck(Path(header.path), self._cache_dir)
        except DeckLoadError as exc:  # the file broke since it was first read
            self.errors.extend(exc.errors)
            return None
        if self._cache_dir is None:
            self._loaded[deck_id] = deck
        return deck

    @property
    def decks(self) -> list[Deck]:
        """Every deck with its cards (loads them all)."""
        return [deck for deck in (self.deck(h.id) for h in self.headers) if deck is not None]

    def exam_cards(self) -> Mapping[int, ExamCard]:
        """Exam-style cards by card id, as the parse cache keeps them beside each header: no deck is loaded for them.

        Built once until the decks change: 0.11-0.17 s for 100,000 exam cards (200 files of them), which the
        readiness, the exam plan and the exam start each asked for, some of them twice.
        """
        if self._exam_cards is None:
            ids = self.card_ids()
            found: dict[int, ExamCard] = {}
            shared: dict[tuple[str | None, int], ExamCard] = {}  # a value per domain and option count, not per card
            for header in self.headers:
                for item_id, domain, options in self._exam_items(header):
                    card_id = ids.get((header.id, item_id))
                    if card_id is not None:
                        found[card_id] = shared.get((domain, options)) or shared.setdefault((domain, options), ExamCard(domain, options))
            self._exam_cards = found
        return self._exam_cards

    def _exam_items(self, header: DeckHeader) -> list[ExamItem]:
        """The deck's exam-style cards: cached beside the header it was read from, or else from its cards."""
        entry = self._parses.get(header.path)
        cached = cached_exam_items(entry) if entry is not None else None
        if cached is not None:
            return cached
        deck = self.deck(header.id)
        return exam_items(deck) if deck is not None else []

    @property
    def domains(self) -> list[str]:
        return sorted({d for header in self.headers for d in header.domains})


class LazyItems(Mapping[int, Item]):
    """Card id -> item of the decks in use, loading a deck's cards the first time one of its items is asked for.

    The store says which deck a card id belongs to, card by card: reading the whole id
    index first took 90 ms of a 50,000-card start, and a session's first card needs one deck.

    A loaded deck's items are all kept, unless some card ids are ``want``ed: then a deck's first
    load keeps only the wanted items and the one asked for. A study session wants its queue: at
    200,000 cards, keeping every item of each deck its new cards came from held the whole
    collection, twice Anki's memory. An item not kept loads its deck again, whole this time, so
    that going through all its cards (the browser's search) reads a deck twice at most.
    """

    def __init__(self, library: Library, cards: CardIndex | None, wanted: set[int] | None = None):
        self._library = library
        self._index = cards  # None before the library is synced: no card has an id yet
        self._items: dict[int, Item] = {}
        self._whole: set[str] = set()  # decks whose every item is kept
        self._partial: set[str] = set()  # decks loaded once, keeping the wanted items
        self.wanted = wanted  # None: keep every item of a deck loaded

    def want(self, card_ids: Iterable[int]) -> None:
        """Keep these items when their decks load (and the others of decks loaded from now on only once asked for)."""
        self.wanted = set(card_ids) if self.wanted is None else self.wanted.union(card_ids)

    def _load(self, deck_id: str, asked: int | None = None) -> None:
        """Load a deck's items: all of them, or with some ``wanted``, those and the one ``asked`` for."""
        wanted = None if asked is None else self.wanted  # None: keep them all
        # Thousands of new objects in a process that already holds a whole session: the
        # collector's passes over all of it were half of a lazy load, in the middle of an answer.
        with collector_paused():
            (self._whole if wanted is None else self._partial).add(deck_id)
            if self._index is None:
                return
            ids = self._index.ids([deck_id])
            notes = None
            if wanted is not None:  # rebuild only the cards these items come from: the rest would go at once
                notes = {item_id.partition("/")[0] for (_, item_id), i in ids.items() if i == asked or i in wanted}
            deck = self._library.deck(deck_id, notes)
            if deck is None:
                return
            for item in deck.items():
                card_id = ids.get(item.key)
                if card_id is not None and (wanted is None or card_id == asked or card_id in wanted):
                    self._items[card_id] = item

    def __getitem__(self, card_id: int) -> Item:
        if card_id not in self._items:
            key = self._index.key(card_id) if self._index is not None and isinstance(card_id, int) else None
            if key is None or key[0] in self._whole:
                raise KeyError(card_id)
            self._load(key[0], None if key[0] in self._partial else card_id)  # a deck not in use loads as nothing
        return self._items[card_id]

    def _load_all(self) -> dict[int, Item]:
        for header in self._library.headers:
            if header.id not in self._whole:
                self._load(header.id)
        return self._items

    def __iter__(self) -> Iterator[int]:
        return iter(self._load_all())

    def __len__(self) -> int:
        return len(self._load_all())

    def __contains__(self, card_id: object) -> bool:
        try:
            self[card_id]  # type: ignore[index]
        except KeyError:
            return False
        return True
