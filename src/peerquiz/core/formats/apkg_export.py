"""Export a deck as an Anki package (.apkg, with genanki), so candidates can study on Anki mobile.

Note types are peerquiz's own, shaped like Anki's: Basic, Basic (and
reversed card), Cloze, and Multiple choice (question, lettered choices, answer).
Each also carries Explanation and Source, shown with the answer, and Domain
and Id, which peerquiz's import reads back. Kinds Anki has no type for (true/
false, typed, ordering) become Basic notes with their question and answer.
Model, deck and note ids are hashes, not random, so exporting again updates
the notes a candidate already studies instead of adding copies.
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
)
from peerquiz.core.formats.card_sides import lettered, lettered_answers, sides
from peerquiz.core.formats.output import publish

MODEL_VERSION = "1"  # bump when templates change, so Anki sees a new note type
EXTRA_FIELDS = ("Explanation", "Source", "Domain", "Id")
ANSWER_EXTRA = (
    '<div class="explanation">{{Explanation}}</div><div class="source">{{Source}}</div>'
    '{{#Domain}}<div class="domain">{{Domain}}</div>{{/Domain}}'
)
CSS = """.card { font-family: sans-serif; font-size: 20px; text-align: left; color: black; background: white; }
.explanation { margin-top: 1em; }
.source, .domain { margin-top: .5em; font-size: 14px; color: #666; }
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


def export_apkg(deck: Deck, out: Path, overwrite: bool = False) -> None:
    anki_deck = genanki.Deck(stable_id("peerquiz deck", deck.id), deck.title, description=deck.description or "")
    for card in deck.cards:
        model, fields = _note_fields(card)
        extra = [card.explanation, card.source, card.domain or "", card.id]
        anki_deck.add_note(
            genanki.Note(
                model=model,
                fields=[_html(value) for value in (*fields, *extra)],
                tags=list(card.tags),
                guid=genanki.guid_for("peerquiz", deck.id, card.id),
            )
        )
    with publish(out, overwrite) as temporary:
        genanki.Package(anki_deck).write_to_file(str(temporary))


def _note_fields(card: Card) -> tuple[genanki.Model, list[str]]:
    if isinstance(card, ClozeCard):
        return CLOZE, [card.text]
    if isinstance(card, (ChoiceCard, MultiChoiceCard)):
        answers = (card.answer,) if isinstance(card, ChoiceCard) else card.answers
        right = lettered_answers(card.choices, answers)
        return CHOICE, [card.prompt, "\n".join(lettered(card.choices)), "\n".join(right)]
    if isinstance(card, BasicCard) and card.reverse:
        return REVERSED, [card.prompt, card.answer]
    return BASIC, list(sides(card))


def _html(text: str) -> str:
    """Field text as Anki stores it: HTML, line breaks as <br>."""
    return html.escape(text, quote=False).replace("\n", "<br>")
