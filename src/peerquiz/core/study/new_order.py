"""Which new cards a study day introduces, and in what order.

- ``interleaved`` (the default): round-robin over the domains in use and, within a domain, over
  its decks; random within a deck. A fresh profile meets every domain on its first day.
- ``deck``: the decks in turn, each in file order.
- ``random``: all new cards shuffled together.

Random orders rank each card by a hash of the profile, the study day and the card (within a deck
the store ranks them, so it reads only what the day can use), so the order holds all day (across
sessions and restarts) and changes the next day. The store offers one new
card per note, so siblings are spread over days.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from datetime import date
from enum import Enum
from itertools import zip_longest

from peerquiz.core.store.records import NewCard


class NewCardOrder(str, Enum):
    INTERLEAVED = "interleaved"
    DECK = "deck"
    RANDOM = "random"


def day_seed(profile_id: int, day: date) -> str:
    return f"{profile_id}:{day.isoformat()}"


def seed_number(seed: str) -> int:
    """The day's seed as a number below 2^32, for the store's ranking of a deck's cards."""
    return int.from_bytes(hashlib.blake2b(seed.encode(), digest_size=4).digest(), "big")


def _rank(seed: str, card: NewCard) -> bytes:
    return hashlib.blake2b(f"{seed}:{card.card_id}".encode(), digest_size=8).digest()


def _round_robin(groups: Sequence[Sequence[NewCard]]) -> list[NewCard]:
    return [card for turn in zip_longest(*groups) for card in turn if card is not None]


def ordered(cards: Sequence[NewCard], order: NewCardOrder, seed: str, deck_ids: Sequence[str]) -> list[NewCard]:
    """The cards in the order they are to be introduced; ``deck_ids`` give the decks' order.

    ``cards`` come as the store gives them: each deck's in file order, or shuffled for the day.
    """
    position = {deck_id: index for index, deck_id in enumerate(deck_ids)}
    if order is NewCardOrder.DECK:
        return sorted(cards, key=lambda c: (position.get(c.deck_id, len(position)), c.card_id))
    if order is NewCardOrder.RANDOM:
        return sorted(cards, key=lambda c: _rank(seed, c))
    by_domain: dict[str, dict[str, list[NewCard]]] = {}
    for card in cards:  # each deck's cards come already shuffled for the day (store.siblings.new_cards)
        by_domain.setdefault(card.domain or card.deck_id, {}).setdefault(card.deck_id, []).append(card)
    per_domain = [
        _round_robin([decks[d] for d in sorted(decks, key=lambda d: (position.get(d, len(position)), d))])
        for _, decks in sorted(by_domain.items())
    ]
    return _round_robin(per_domain)


def within_limits(cards: Sequence[NewCard], shared_left: int, deck_left: Mapping[str, int]) -> list[int]:
    """The card ids to introduce: a deck with its own limit draws on that, every other deck on the shared one."""
    chosen: list[int] = []
    spent: dict[str, int] = {}
    shared = 0
    for card in cards:
        own = deck_left.get(card.deck_id)
        if own is None:
            if shared >= shared_left:
                continue
            shared += 1
        else:
            if spent.get(card.deck_id, 0) >= own:
                continue
            spent[card.deck_id] = spent.get(card.deck_id, 0) + 1
        chosen.append(card.card_id)
    return chosen


def count_within_limits(offered: Mapping[str, int], shared_left: int, deck_left: Mapping[str, int]) -> int:
    """How many cards within_limits gives of cards offered so many per deck, whatever their order."""
    shared = sum(n for deck_id, n in offered.items() if deck_id not in deck_left)
    own = sum(min(offered.get(deck_id, 0), max(left, 0)) for deck_id, left in deck_left.items())
    return max(min(shared, shared_left), 0) + own
