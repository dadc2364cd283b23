"""Export a deck as an Anki package (.apkg, with genanki), so candidates can study on Anki mobile.

Note types are peerquiz's own, one per kind, shaped like Anki's: Basic,
Basic (and reversed card), Cloze, Multiple choice and Multiple answers
(question, lettered choices, right ones), True or false, Typed (Anki's
type-in-the-answer, with the other accepted answers) and Ordering (items
shuffled on the front, in order on the back). Each also carries Explanation
and Source, shown with the answer, and Domain and Id, which peerquiz's
import reads back, like the deck id and domain hidden in the deck
description and lint-ignore codes kept as tags (see anki_meta).

Model, deck and note ids are hashes, not random, so exporting again updates
the notes a candidate already studies instead of adding copies. A note's
GUID includes its note type (but for Basic, Cloze and Multiple choice, whose
GUIDs predate that), so a card whose kind or `reverse` changes becomes a new
note in Anki rather than one Anki refuses as conflicting.
"""

from __future__ import annotations

import hashlib
import html
from pathlib import Path

import genanki

from peerquiz.core.decks.model import (
    BasicCard,
    Card,
    ChoiceCard,
    ClozeCard,
    Deck,
    MultiChoiceCard,
    OrderingCard,
    TrueFalseCard,
    TypedCard,
)
from peerquiz.core.formats.anki_meta import LINT_IGNORE_TAG, DeckMeta, deck_description
from peerquiz.core.formats.card_sides import lettered, lettered_answers, shuffled_items
from peerquiz.core.formats.output import publish

MODEL_VERSION = "1"  # bump when templates change, so Anki sees a new note type
EXTRA_FIELDS = ("Explanation", "Source", "Domain", "Id")
ANSWER_EXTRA = (
    '<div class="explanation">{{Explanation}}</div><div class="source">{{Source}}</div>'
    '{{#Domain}}<div class="domain">{{Domain}}</div>{{/Domain}}'
)
CSS = """.card { font-family: sans-serif; font-size: 20px; text-align: left; color: black; background: white; }
.explanation { margin-top: 1em; }
.source, .domain, .hint { margin-top: .5em; font-size: 14px; color: #666; }
.choices { margin-top: 1em; }
.cloze { font-weight: bold; color: #1565c0; }
"""


def stable_id(*parts: str) -> int:
    """An id in the range Anki uses for models and decks, the same on every run."""
    digest = hashlib.sha256("\x1f".join(parts).encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


def _model(name: str, fields: tuple[str, ...], templates: list[tuple[str, str]], cloze: bool = False) -> genanki.Model:
    return genanki.Model(
        stable_id("peerquiz model", name, MODEL_VERSION),
        f"peerquiz {name}",
        fields=[{"name": field} for field in (*fields, *EXTRA_FIELDS)],
        templates=[
            {"name": f"Card {number}", "qfmt": question, "afmt": answer}
            for number, (question, answer) in enumerate(templates, start=1)
        ],
        css=CSS,
        model_type=genanki.Model.CLOZE if cloze else genanki.Model.FRONT_BACK,
    )


FORWARD = ("{{Front}}", "{{FrontSide}}<hr id=answer>{{Back}}" + ANSWER_EXTRA)
BACKWARD = ("{{Back}}", "{{FrontSide}}<hr id=answer>{{Front}}" + ANSWER_EXTRA)
BASIC = _model("Basic", ("Front", "Back"), [FORWARD])
REVERSED = _model("Basic (and reversed card)", ("Front", "Back"), [FORWARD, BACKWARD])
CLOZE = _model("Cloze", ("Text",), [("{{cloze:Text}}", "{{cloze:Text}}" + ANSWER_EXTRA)], cloze=True)
CHOICE = _model(
    "Multiple choice",
    ("Question", "Choices", "Answer"),
    [(
        '{{Question}}<div class="choices">{{Choices}}</div>',
        '{{FrontSide}}<hr id=answer><div class="answer">{{Answer}}</div>' + ANSWER_EXTRA,
    )],
)  # fmt: skip
MULTI = _model(
    "Multiple answers",
    ("Question", "Choices", "Answers"),
    [(
        '{{Question}}<div class="choices">{{Choices}}</div><div class="hint">Choose every right answer.</div>',
        '{{FrontSide}}<hr id=answer><div class="answer">{{Answers}}</div>' + ANSWER_EXTRA,
    )],
)  # fmt: skip
TRUEFALSE = _model(
    "True or false",
    ("Statement", "True or false"),
    [(
        '<div class="hint">True or false?</div>{{Statement}}',
        '{{FrontSide}}<hr id=answer><div class="answer">{{True or false}}</div>' + ANSWER_EXTRA,
    )],
)  # fmt: skip
TYPED = _model(
    "Typed",
    ("Front", "Back", "Also accepted"),
    [(
        "{{Front}}<br>{{type:Back}}",
        "{{Front}}<hr id=answer>{{type:Back}}"
        '{{#Also accepted}}<div class="hint">Also accepted:<br>{{Also accepted}}</div>{{/Also accepted}}' + ANSWER_EXTRA,
    )],
)  # fmt: skip
ORDERING = _model(
    "Ordering",
    ("Question", "Items in order", "Items shuffled"),
    [(
        '{{Question}}<div class="hint">Put these in order:</div><div class="choices">{{Items shuffled}}</div>',
        '{{Question}}<hr id=answer><div class="answer">{{Items in order}}</div>' + ANSWER_EXTRA,
    )],
)  # fmt: skip
LEGACY_GUID_MODELS = (BASIC, CLOZE, CHOICE)  # their notes' GUIDs predate the note type's part in them


def export_apkg(deck: Deck, out: Path, overwrite: bool = False) -> None:
    description = deck_description(deck.description, DeckMeta(id=deck.id, domain=deck.domain))
    anki_deck = genanki.Deck(stable_id("peerquiz deck", deck.id), deck.title, description=description)
    for card in deck.cards:
        model, fields = _note_fields(card)
        extra = [card.explanation, card.source, card.domain or "", card.id]
        guid_parts = () if model in LEGACY_GUID_MODELS else (model.name,)
        anki_deck.add_note(
            genanki.Note(
                model=model,
                fields=[_html(value) for value in (*fields, *extra)],
                tags=[*card.tags, *(LINT_IGNORE_TAG + code for code in card.lint_ignore)],
                guid=genanki.guid_for("peerquiz", deck.id, card.id, *guid_parts),
            )
        )
    with publish(out, overwrite) as temporary:
        genanki.Package(anki_deck).write_to_file(str(temporary))


def _note_fields(card: Card) -> tuple[genanki.Model, list[str]]:
    if isinstance(card, ClozeCard):
        return CLOZE, [card.text]
    if isinstance(card, ChoiceCard):
        (right,) = lettered_answers(card.choices, (card.answer,))
        return CHOICE, [card.prompt, "\n".join(lettered(card.choices)), right]
    if isinstance(card, MultiChoiceCard):
        right_ones = lettered_answers(card.choices, card.answers)
        return MULTI, [card.prompt, "\n".join(lettered(card.choices)), "\n".join(right_ones)]
    if isinstance(card, TrueFalseCard):
        return TRUEFALSE, [card.prompt, "True" if card.answer else "False"]
    if isinstance(card, TypedCard):
        return TYPED, [card.prompt, card.answer, "\n".join(card.accept)]
    if isinstance(card, OrderingCard):
        return ORDERING, [card.prompt, "\n".join(card.items), "\n".join(shuffled_items(card))]
    if isinstance(card, BasicCard):
        return (REVERSED if card.reverse else BASIC), [card.prompt, card.answer]
    raise TypeError(f"no Anki note type for {card.kind} cards")


def _html(text: str) -> str:
    """Field text as Anki stores it: HTML, line breaks as <br>."""
    return html.escape(text, quote=False).replace("\n", "<br>")
