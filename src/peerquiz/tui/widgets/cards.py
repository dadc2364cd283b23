"""The view for each kind of card."""

from __future__ import annotations

import random

from peerquiz.core.deck import Item
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


def card_view(item: Item, rng: random.Random) -> CardView:
    return VIEWS[item.card.kind](item, rng)
