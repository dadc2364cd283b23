"""Render decks as YAML deck files that the loader reads back to the same cards.

Used by `import` (cards from other formats) and `new` (the commented
template). Text goes through yaml's own emitter, which quotes whatever needs
quoting, so any card text survives the round trip; multi-line text is written
as a block (``|``) where YAML allows it, since instructors edit these files.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from string import Template
from typing import Any

import yaml

from peerquiz.core.decks.model import Card, Deck

FIRST_KEYS = ("id", "kind", "domain", "tags")
LAST_KEYS = ("explanation", "source", "lint-ignore")
_CARD_START = re.compile(r"^  - id: ", re.MULTILINE)
_UNUSUAL_BREAK = re.compile("[\r\x85\u2028\u2029]")
_NOT_ID = re.compile(r"[^a-z0-9_.-]+")


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Indent list entries under their key, as the hand-written decks do.
        return super().increase_indent(flow, False)


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    if _UNUSUAL_BREAK.search(text):
        style = '"'  # YAML would fold these breaks in any other style; only escapes keep them
    elif "\n" in text:
        style = "|"  # the emitter still quotes when a block cannot hold the text exactly
    else:
        style = None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _represent_text)


def card_data(card: Card, deck_domain: str | None = None) -> dict[str, Any]:
    """A card as the mapping a deck file holds: defaults left out, keys in reading order."""
    data = card.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    if data.get("domain") == deck_domain:
        data.pop("domain", None)  # inherited from the deck
    ordered = {key: data.pop(key) for key in FIRST_KEYS if key in data}
    last = {key: data.pop(key) for key in LAST_KEYS if key in data}
    return {**ordered, **data, **last}


def render_deck(deck: Deck, comment: str = "") -> str:
    """The deck file text, with ``comment`` (may be several lines) as a header."""
    header = {key: value for key, value in deck.model_dump(mode="json", exclude={"cards"}).items() if value}
    body = {**header, "cards": [card_data(card, deck.domain) for card in deck.cards]}
    text = yaml.dump(body, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    text = _CARD_START.sub("\n  - id: ", text).replace("cards:\n\n", "cards:\n", 1)  # blank line between cards
    lines = "".join(f"# {line}".rstrip() + "\n" for line in comment.splitlines())
    return lines + text


def deck_id_for(name: str) -> str:
    """A valid deck id made from a file or deck name: 'Ethics 101.csv' -> 'ethics-101'."""
    slug = _NOT_ID.sub("-", name.casefold()).strip("-._")[:64].rstrip("-._")
    return slug or "deck"


def deck_template(deck_id: str, title: str) -> str:
    """The commented starter deck written by `peerquiz new`: one card of every kind."""
    template = resources.files(__package__).joinpath("deck_template.yaml").read_text(encoding="utf-8")
    # JSON strings are valid YAML strings, so any title is quoted safely.
    return Template(template).substitute(deck_id=deck_id, title=json.dumps(title, ensure_ascii=False))
