"""The cards cram and the card browser can narrow to: every deck, one deck, one domain or one tag.

Decks and domains come from the deck headers at once; the tags are read from the store off the UI
thread (every card's tags: too slow for a frame on a large collection) and offered when they come.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Select

from peerquiz.core.store.card_filter import CardFilter

if TYPE_CHECKING:
    from peerquiz.core.decks.library import Library

Scope = tuple[str, CardFilter]


def deck_scopes(library: Library) -> list[Scope]:
    """Every deck, each deck and each domain; the tags follow (``add_tag_scopes``)."""
    scopes: list[Scope] = [("All decks", CardFilter())]
    scopes += [(f"Deck: {d.title}", CardFilter(deck_ids=(d.id,))) for d in library.headers]
    scopes += [(f"Domain: {name}", CardFilter(domains=(name,))) for name in library.domains]
    return scopes


def scope_options(scopes: list[Scope]) -> list[tuple[Content, int]]:
    """The options of a Select over ``scopes``: each scope's label, by its index."""
    return [(Content(label), i) for i, (label, _) in enumerate(scopes)]


def add_tag_scopes(select: Select[int], scopes: list[Scope], tags: list[str]) -> None:
    """Add a scope per tag to ``scopes`` and offer them in ``select``, keeping what was chosen there."""
    scopes += [(f"Tag: {tag}", CardFilter(tag=tag)) for tag in tags]
    chosen = select.selection
    with select.prevent(Select.Changed):  # the choice stays: nothing to act on
        select.set_options(scope_options(scopes))
        select.value = chosen if chosen is not None else 0
