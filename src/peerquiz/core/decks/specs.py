"""What the store keeps of a deck's cards: their ids, kinds, domains, tags and content digests."""

from __future__ import annotations

from collections.abc import Iterable

from peerquiz.core.decks.model import Deck, item_id, variants
from peerquiz.core.store.records import CardSpec


def card_specs(decks: Iterable[Deck]) -> list[CardSpec]:
    # From the cards' variants: building each Item first was half the time of a large deck's specs.
    return [
        CardSpec(deck.id, item_id(card.id, variant), card.kind, card.domain, card.tags, card.digest)
        for deck in decks for card in deck.cards for variant in variants(card)
    ]  # fmt: skip
