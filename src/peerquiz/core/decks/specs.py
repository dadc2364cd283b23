"""What the store keeps of a deck's cards: their ids, kinds, domains, tags and content digests."""

from __future__ import annotations

from collections.abc import Iterable

from peerquiz.core.decks.model import Deck
from peerquiz.core.store.records import CardSpec


def card_specs(decks: Iterable[Deck]) -> list[CardSpec]:
    specs = []
    for deck in decks:
        for item in deck.items():
            card = item.card
            specs.append(CardSpec(deck.id, item.item_id, card.kind, card.domain, card.tags, card.digest))
    return specs
