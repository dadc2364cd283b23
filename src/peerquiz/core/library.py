"""The decks in use, synced into the store, with each stored card's content."""

from __future__ import annotations

from collections.abc import Iterable
import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path

from peerquiz.core.deck import Deck, Item
from peerquiz.core.loader import DeckError, load_decks
from peerquiz.core.store import CardSpec, Store, SyncReport


def deck_fingerprint(deck: Deck) -> str:
    """Changes whenever any card changes: a digest covers the card's text, the domain may come from the deck."""
    return hashlib.sha1(" ".join(f"{c.id}:{c.digest}:{c.domain}" for c in deck.cards).encode()).hexdigest()


def card_specs(decks: Iterable[Deck]) -> list[CardSpec]:
    specs = []
    for deck in decks:
        for item in deck.items():
            card = item.card
            specs.append(CardSpec(deck.id, item.item_id, card.kind, card.domain, card.tags, card.digest))
    return specs


@dataclass
class Library:
    """Loaded decks and, once synced, the store's card id for every item."""

    decks: list[Deck]
    errors: list[DeckError] = field(default_factory=list)
    items: dict[int, Item] = field(default_factory=dict)

    @classmethod
    def load(cls, paths: Iterable[Path], cache_dir: Path | None = None) -> Library:
        result = load_decks(paths, cache_dir)
        return cls(result.decks, result.errors)

    def sync(self, store: Store) -> SyncReport:
        """Sync the decks whose content changed since their last sync; learn every card's id.

        A start with unchanged decks then costs one query instead of a comparison of every card.
        """
        fingerprints = {deck.id: deck_fingerprint(deck) for deck in self.decks}
        synced = store.deck_fingerprints()
        stale = [deck for deck in self.decks if synced.get(deck.id) != fingerprints[deck.id]]
        report = store.sync_cards(card_specs(stale), {deck.id: fingerprints[deck.id] for deck in stale})
        if len(stale) < len(self.decks):
            report = replace(report, ids=store.card_ids(fingerprints))
        by_key = {item.key: item for deck in self.decks for item in deck.items()}
        self.items = {card_id: by_key[key] for key, card_id in report.ids.items() if key in by_key}
        return report

    def deck(self, deck_id: str) -> Deck | None:
        return next((d for d in self.decks if d.id == deck_id), None)

    @property
    def domains(self) -> list[str]:
        return sorted({d for deck in self.decks for d in deck.domains})
