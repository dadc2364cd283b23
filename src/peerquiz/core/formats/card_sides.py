"""Every card kind as a question and an answer in plain text, for formats that know only two sides."""

from __future__ import annotations

from string import ascii_uppercase
from textwrap import shorten

from peerquiz.core.decks.model import (
    CLOZE_GAP,
    BasicCard,
    Card,
    ChoiceCard,
    ClozeCard,
    MultiChoiceCard,
    OrderingCard,
    TrueFalseCard,
    TypedCard,
)


def lettered(choices: tuple[str, ...]) -> list[str]:
    return [f"{letter}) {choice}" for letter, choice in zip(ascii_uppercase, choices)]


def lettered_answers(choices: tuple[str, ...], answers: tuple[str, ...]) -> list[str]:
    """The lettered lines of the right choices, in the choices' order."""
    return [line for line, choice in zip(lettered(choices), choices) if choice in answers]


# "A) ", "B) ", ...: taken from lettered() itself, so reading back follows any change to the format.
_PREFIXES = tuple(lettered(("",) * len(ascii_uppercase)))


def unlettered(text: str) -> tuple[str, ...]:
    """The choices of ``lettered`` lines joined by newlines, as they were; ValueError names a line out of place."""
    choices: list[str] = []
    for prefix, block in zip(_PREFIXES, _lettered_blocks(text)):
        if not block.startswith(prefix):
            raise ValueError(f"'{_shown(block)}' should start with '{prefix}'")
        choices.append(block.removeprefix(prefix))
    return tuple(choices)


def right_choices(answer: str, choices: tuple[str, ...]) -> tuple[str, ...]:
    """The choices ``lettered_answers`` wrote as ``answer``; ValueError names a line that is none of them."""
    by_line = dict(zip(lettered(choices), choices))
    right: list[str] = []
    for block in _lettered_blocks(answer):
        if block not in by_line:
            raise ValueError(f"'{_shown(block)}' is not one of the choices")
        right.append(by_line[block])
    return tuple(right)


def _lettered_blocks(text: str) -> list[str]:
    """The text cut before each line that starts with a letter prefix.

    Other lines continue the block above them: a choice may be written over several lines.
    """
    blocks: list[str] = []
    for line in text.splitlines():
        if line.startswith(_PREFIXES) or not blocks:
            blocks.append(line)
        else:
            blocks[-1] += "\n" + line
    return blocks


def _shown(block: str) -> str:
    """The block's first line, the one that starts it, short enough for a one-line message."""
    return shorten(block.partition("\n")[0], width=60, placeholder=" …")


def shuffled_items(card: OrderingCard) -> list[str]:
    """The items as a flashcard's front shows them: stable, and not the answer's order."""
    return sorted(card.items, key=str.casefold)


def sides(card: Card) -> tuple[str, str]:
    """(front, back) as a learner would see them on a plain flashcard."""
    if isinstance(card, BasicCard):
        return card.prompt, card.answer
    if isinstance(card, TypedCard):
        also = f"\n(also accepted: {', '.join(card.accept)})" if card.accept else ""
        return card.prompt, card.answer + also
    if isinstance(card, ChoiceCard):
        (answer,) = lettered_answers(card.choices, (card.answer,))
        return "\n".join([card.prompt, *lettered(card.choices)]), answer
    if isinstance(card, MultiChoiceCard):
        right = lettered_answers(card.choices, card.answers)
        return "\n".join([f"{card.prompt} (choose every right answer)", *lettered(card.choices)]), "\n".join(right)
    if isinstance(card, OrderingCard):
        numbered = [f"{number}. {item}" for number, item in enumerate(card.items, start=1)]
        return "\n".join([card.prompt, *shuffled_items(card)]), "\n".join(numbered)
    if isinstance(card, TrueFalseCard):
        return f"True or false: {card.prompt}", "True" if card.answer else "False"
    if isinstance(card, ClozeCard):
        hidden = CLOZE_GAP.sub(lambda m: f"[{m.group(3) or '...'}]", card.text)
        return hidden, CLOZE_GAP.sub(lambda m: m.group(2), card.text)
    raise TypeError(f"no plain sides for {card.kind} cards")
