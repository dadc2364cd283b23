"""What a study session can cover, as the home screen lists it: every deck, one domain's decks, or one deck.

Kept apart from the home screen so that `peerquiz study` can open its session without building home first.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import groupby

from peerquiz.core.decks.header import DeckHeader
from peerquiz.core.store.card_filter import CardFilter

ALL = "all"
OTHER_DOMAIN = "Other decks"


def by_domain(headers: Iterable[DeckHeader]) -> list[tuple[str, list[DeckHeader]]]:
    """Decks grouped by domain, domains and titles in order; decks without a domain come under OTHER_DOMAIN."""

    def domain(deck: DeckHeader) -> str:
        return deck.domain or OTHER_DOMAIN

    decks = sorted(headers, key=lambda d: (domain(d), d.title))
    return [(name, list(group)) for name, group in groupby(decks, key=domain)]


def study_targets(headers: Iterable[DeckHeader]) -> dict[str, tuple[str, CardFilter]]:
    """Title and card filter of each thing one can study, keyed as the home screen's rows are."""
    targets = {ALL: ("All decks", CardFilter())}
    for name, members in by_domain(headers):
        targets[domain_key(name)] = (name, CardFilter(deck_ids=tuple(d.id for d in members)))
        for deck in members:
            targets[deck_key(deck.id)] = (deck.title, CardFilter(deck_ids=(deck.id,)))
    return targets


def domain_key(name: str) -> str:
    return f"domain:{name}"


def deck_key(deck_id: str) -> str:
    return f"deck:{deck_id}"


def target_key(deck_id: str) -> str:
    """The key of a deck id as `peerquiz study DECK` takes it ("all" for every deck)."""
    return ALL if deck_id == ALL else deck_key(deck_id)
