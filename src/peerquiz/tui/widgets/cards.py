"""The view for each kind of card."""

from __future__ import annotations

import random

from textual.binding import Binding

from peerquiz.core.decks.model import Item
from peerquiz.tui.widgets.card_view import CardView
from peerquiz.tui.widgets.choices import ChoiceView, TrueFalseView
from peerquiz.tui.widgets.flash import FlashView
from peerquiz.tui.widgets.ordering import OrderingView
from peerquiz.tui.widgets.typed import TypedView

VIEWS: dict[str, type[CardView]] = {
    "basic": FlashView,
    "cloze": FlashView,
    "mcq": ChoiceView,
    "multi": ChoiceView,
    "typed": TypedView,
    "ordering": OrderingView,
    "truefalse": TrueFalseView,
}

KIND_NAMES = {
    "basic": "Basic",
    "cloze": "Cloze",
    "mcq": "Multiple choice",
    "multi": "Multiple answers",
    "typed": "Typed answer",
    "ordering": "Ordering",
    "truefalse": "True or false",
}


def card_view(item: Item, rng: random.Random) -> CardView:
    return VIEWS[item.card.kind](item, rng)


def kind_name(item: Item) -> str:
    """The item's kind as the status line names it."""
    return KIND_NAMES[item.card.kind] + (" (reversed)" if item.variant == "reverse" else "")


def card_help_sections() -> list[tuple[str, list[Binding]]]:
    """The keys of the card views, for the ? help of the screens that show cards."""
    views = (("Multiple choice", ChoiceView), ("True or false", TrueFalseView), ("Ordering", OrderingView))
    return [(heading, list(Binding.make_bindings(view.BINDINGS))) for heading, view in views]
