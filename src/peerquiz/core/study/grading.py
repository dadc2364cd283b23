"""What a learner sees of an item and whether their response was right.

Auto-graded kinds (choices, typed, ordering, true/false) suggest a rating:
a wrong answer is Again, a right one Good; the learner may override.
"""

from __future__ import annotations

import difflib
import random
from dataclasses import dataclass

from peerquiz.core.decks.model import (
    CLOZE_GAP,
    BasicCard,
    ChoiceCard,
    ClozeCard,
    Item,
    MultiChoiceCard,
    OrderingCard,
    TrueFalseCard,
    TypedCard,
    normalize_typed,
)
from peerquiz.core.store.records import Rating

GAP_MARK = "[...]"


@dataclass(frozen=True, slots=True)
class Verdict:
    correct: bool
    suggested: Rating
    expected: str  # the right answer, as text to show

    @classmethod
    def of(cls, correct: bool, expected: str) -> Verdict:
        return cls(correct, Rating.GOOD if correct else Rating.AGAIN, expected)


def front(item: Item) -> str:
    card = item.card
    if isinstance(card, ClozeCard):
        return cloze_text(card.text, hide=item.gap)
    if isinstance(card, BasicCard) and item.variant == "reverse":
        return card.answer
    return card.prompt


def back(item: Item) -> str:
    card = item.card
    if isinstance(card, ClozeCard):
        return cloze_text(card.text, hide=None)
    if isinstance(card, BasicCard):
        return card.prompt if item.variant == "reverse" else card.answer
    return expected_answer(item)


def cloze_text(text: str, hide: int | None) -> str:
    """The cloze text with gap ``hide`` shown as [...] (or its hint) and other gaps filled in."""
    return "".join(part for part, _ in cloze_parts(text, hide))


def cloze_parts(text: str, gap: int | None, reveal: bool = False) -> list[tuple[str, bool]]:
    """The cloze text as (text, is_the_gap) pieces, so a screen can mark the gap.

    Gap ``gap`` shows as [...] (or [its hint]), or as its answer when ``reveal``;
    other gaps are filled in.
    """
    parts: list[tuple[str, bool]] = []
    position = 0
    for match in CLOZE_GAP.finditer(text):
        parts.append((text[position : match.start()], False))
        if gap is not None and int(match.group(1)) == gap:
            hint = match.group(3)
            parts.append((match.group(2) if reveal else f"[{hint}]" if hint else GAP_MARK, True))
        else:
            parts.append((match.group(2), False))
        position = match.end()
    parts.append((text[position:], False))
    return [(piece, is_gap) for piece, is_gap in parts if piece]


def cloze_answer(text: str, gap: int) -> str:
    return ", ".join(m.group(2) for m in CLOZE_GAP.finditer(text) if int(m.group(1)) == gap)


def expected_answer(item: Item) -> str:
    card = item.card
    if isinstance(card, ChoiceCard):
        return card.answer
    if isinstance(card, MultiChoiceCard):
        return "; ".join(card.answers)
    if isinstance(card, TypedCard):
        return card.answer
    if isinstance(card, OrderingCard):
        return " → ".join(card.items)
    if isinstance(card, TrueFalseCard):
        return "True" if card.answer else "False"
    if isinstance(card, ClozeCard):
        return cloze_answer(card.text, item.gap or 1)
    return back(item)


def shuffled(values: tuple[str, ...], rng: random.Random) -> list[str]:
    order = list(values)
    rng.shuffle(order)
    return order


def grade_choice(card: ChoiceCard, chosen: str) -> Verdict:
    return Verdict.of(chosen == card.answer, card.answer)


def grade_multi(card: MultiChoiceCard, chosen: set[str]) -> Verdict:
    return Verdict.of(chosen == set(card.answers), "; ".join(card.answers))


def grade_typed(card: TypedCard, typed: str) -> Verdict:
    return Verdict.of(card.accepts(typed), card.answer)


def grade_ordering(card: OrderingCard, order: list[str]) -> Verdict:
    return Verdict.of(list(order) == list(card.items), " → ".join(card.items))


def grade_truefalse(card: TrueFalseCard, said: bool) -> Verdict:
    return Verdict.of(said == card.answer, "True" if card.answer else "False")


@dataclass(frozen=True, slots=True)
class DiffPart:
    text: str
    kind: str  # "same" | "missing" (in expected, not typed) | "extra" (typed, not expected)


def typed_diff(typed: str, expected: str) -> list[DiffPart]:
    """Character diff of a typed answer against the expected one, ignoring case."""
    a, b = normalize_typed(typed), normalize_typed(expected)
    parts: list[DiffPart] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(DiffPart(b[j1:j2], "same"))
            continue
        if i2 > i1:
            parts.append(DiffPart(a[i1:i2], "extra"))
        if j2 > j1:
            parts.append(DiffPart(b[j1:j2], "missing"))
    return parts
