"""Export a deck as CSV that Anki imports directly and spreadsheets and Quizlet can read.

Anki's header lines say how to read it: the note type per row (Basic, Basic
(and reversed card) or Cloze, names every Anki has), tags in their own
column. Anki fills only its note type's fields (front and back, or cloze text
and extra); the further columns keep the rest for peerquiz's own import.
Kinds Anki lacks become Basic rows with their choices or items in the front.
"""

from __future__ import annotations

import csv
from pathlib import Path

from peerquiz.core.decks.model import BasicCard, Card, ClozeCard, Deck
from peerquiz.core.formats.card_sides import sides
from peerquiz.core.formats.output import publish

COLUMNS = ("Notetype", "Front", "Back", "Explanation", "Source", "Domain", "Id", "Tags")


def export_csv(deck: Deck, out: Path, overwrite: bool = False) -> None:
    with publish(out, overwrite) as temporary, temporary.open("w", encoding="utf-8", newline="") as stream:
        stream.write(
            "#separator:comma\n#html:false\n"
            f"#notetype column:1\n#tags column:{len(COLUMNS)}\n#deck:{deck.title}\n#columns:{','.join(COLUMNS)}\n"
        )
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerows(_row(card) for card in deck.cards)


def _row(card: Card) -> list[str]:
    if isinstance(card, ClozeCard):
        # Cloze's second field is "Back Extra", shown with the answer: the explanation belongs there.
        notetype, front, back = "Cloze", card.text, card.explanation
    else:
        notetype = "Basic (and reversed card)" if isinstance(card, BasicCard) and card.reverse else "Basic"
        front, back = sides(card)
    return [notetype, front, back, card.explanation, card.source, card.domain or "", card.id, " ".join(card.tags)]
