"""Deck and card value types.

A deck file holds *cards*, written by an instructor. Each card yields one or
more *items*: the units that are scheduled and reviewed. A basic card with
``reverse: true`` yields two items, a cloze card one item per gap, every other
kind exactly one. Item ids derive from the card's explicit ``id``, so editing
a card's text keeps its progress.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    ValidationInfo,
    field_validator,
)
from pydantic_core import CoreSchema, ErrorDetails, core_schema

from peerquiz.core.terminal_text import SAFE_TEXT, UNSAFE_CHARACTERS, unsafe_character_problem

MAX_FIELD_CHARS = 4_000
MAX_CHOICES = 5

# What importers strip from imported text: the characters deck text refuses.
CONTROL_CHARACTERS = UNSAFE_CHARACTERS


@dataclass(frozen=True, slots=True)
class _Text:
    """A text field's type: stripped, within these bounds, matching the pattern.

    Its core schema is written here, not derived from StringConstraints and an AfterValidator: pydantic derived
    it again for every text field of every card type, two fifths of the time the models took to build (the first
    deck a process validates waits for them). A new schema each call: pydantic may complete the one it is given.
    """

    pattern: str | None = None
    min_length: int | None = None
    max_length: int | None = None

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.str_schema(
            strip_whitespace=True, pattern=self.pattern, min_length=self.min_length, max_length=self.max_length
        )


# What Python's \s matches in text (str.isspace), but for the characters SAFE_TEXT refuses already: a tag holds none.
_SPACES = " \t\n\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
# A tag: safe for the terminal and one word, by one pattern pydantic matches in Rust. A check in Python after it cost a
# call a tag (the bench's 1,000 cards, with 1,000 tags, validated in 3.9 ms against 4.2), and a pattern of its own would
# be one more class compiled in every process.
TAG_TEXT = SAFE_TEXT.removesuffix("]*$") + _SPACES + "]*$"


# Deck text is free of characters unsafe for a terminal by a pattern pydantic matches in Rust, in half the time of
# calling refuse_unsafe_characters from there (validating 1,000 cards took 3.4 ms, not 4.1). problem() names the character.
# The other patterns in ASCII classes: the models' validator compiles each, and a Unicode class (\d) took 0.5 ms more.
Text = Annotated[str, _Text(pattern=SAFE_TEXT, min_length=1, max_length=MAX_FIELD_CHARS)]
CardId = Annotated[str, _Text(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")]
Tag = Annotated[str, _Text(pattern=TAG_TEXT, min_length=1, max_length=40)]
# A lint warning code such as W103 (see peerquiz.core.lint).
LintCode = Annotated[str, _Text(pattern=r"^W[0-9]{3}$")]


def problem(error: ErrorDetails) -> str:
    """What a validation error says to a deck's author: an unsafe character in a text named, not the pattern it broke."""
    pattern = error.get("ctx", {}).get("pattern") if error["type"] == "string_pattern_mismatch" else None
    if pattern == SAFE_TEXT:
        return unsafe_character_problem(error["input"]) or error["msg"]
    if pattern == TAG_TEXT:
        return unsafe_character_problem(error["input"]) or "a tag is one word: no spaces"
    return error["msg"].removeprefix("Value error, ")


# {{c1::answer}} or {{c1::answer::hint}}, as in Anki.
CLOZE_GAP = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)

EXAM_KINDS = frozenset({"mcq", "truefalse"})
EXAM_OPTIONS = 4


class _CardBase(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    id: CardId
    domain: Text | None = None
    tags: tuple[Tag, ...] = ()
    explanation: Text
    source: Text
    # Warnings of `check --strict` the author has judged and wants silenced for this card.
    lint_ignore: tuple[LintCode, ...] = Field(default=(), alias="lint-ignore")
    # Filled in by the loader: the card's line in its file, and a digest of
    # what the file says, which changes with any edit of the card's text.
    line: int = 0
    digest: str = ""

    @property
    def is_exam_style(self) -> bool:
        return self.kind in EXAM_KINDS  # type: ignore[attr-defined]

    @property
    def is_exam_item(self) -> bool:
        """Drawn for mock exams: four options, one best answer, as on the IC&RC exams."""
        return self.kind == "mcq" and len(self.choices) == EXAM_OPTIONS  # type: ignore[attr-defined]


def _unique(values: tuple[str, ...], what: str) -> tuple[str, ...]:
    # NFKC: "é" written as one character or as e + accent, or "ﬁ" and "fi", look the same to the learner.
    seen = {unicodedata.normalize("NFKC", v).casefold() for v in values}
    if len(seen) != len(values):
        raise ValueError(f"{what} must be different from each other")
    return values


class BasicCard(_CardBase):
    kind: Literal["basic"]
    prompt: Text
    answer: Text
    reverse: bool = False


class ClozeCard(_CardBase):
    kind: Literal["cloze"]
    text: Text

    @field_validator("text")
    @classmethod
    def _has_gap(cls, text: str) -> str:
        gaps = list(CLOZE_GAP.finditer(text))
        if not gaps:
            raise ValueError("cloze text needs at least one gap written {{c1::answer}}")
        for gap in gaps:
            written = gap.group(0)
            if int(gap.group(1)) < 1:
                raise ValueError(f"gap {written} must be numbered from c1")
            if not gap.group(2).strip():
                raise ValueError(f"gap {written} has no answer")
            if "{{" in gap.group(2):
                raise ValueError(f"gap {written} holds another gap; gaps cannot be nested")
        return text

    def gap_numbers(self) -> list[int]:
        return sorted({int(m.group(1)) for m in CLOZE_GAP.finditer(self.text)})


class ChoiceCard(_CardBase):
    """Multiple choice with exactly one right answer (exam style)."""

    kind: Literal["mcq"]
    prompt: Text
    choices: Annotated[tuple[Text, ...], Field(min_length=2, max_length=MAX_CHOICES)]
    answer: Text

    @field_validator("choices")
    @classmethod
    def _distinct(cls, choices: tuple[str, ...]) -> tuple[str, ...]:
        return _unique(choices, "choices")

    @field_validator("answer")
    @classmethod
    def _among_choices(cls, answer: str, info: ValidationInfo) -> str:
        choices = info.data.get("choices")
        if choices is not None and answer not in choices:
            raise ValueError("answer must be one of the choices, written exactly the same")
        return answer


class MultiChoiceCard(_CardBase):
    """Multiple choice where every right answer must be selected."""

    kind: Literal["multi"]
    prompt: Text
    choices: Annotated[tuple[Text, ...], Field(min_length=2, max_length=MAX_CHOICES)]
    answers: Annotated[tuple[Text, ...], Field(min_length=1)]

    @field_validator("choices")
    @classmethod
    def _distinct(cls, choices: tuple[str, ...]) -> tuple[str, ...]:
        return _unique(choices, "choices")

    @field_validator("answers")
    @classmethod
    def _among_choices(cls, answers: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        choices = info.data.get("choices")
        if choices is not None:
            missing = [a for a in answers if a not in choices]
            if missing:
                raise ValueError(f"answers not among the choices: {', '.join(missing)}")
        return _unique(answers, "answers")


class TypedCard(_CardBase):
    """The learner types the answer; matching ignores case and spacing."""

    kind: Literal["typed"]
    prompt: Text
    answer: Text
    accept: tuple[Text, ...] = ()

    def accepts(self, typed: str) -> bool:
        wanted = {normalize_typed(a) for a in (self.answer, *self.accept)}
        return normalize_typed(typed) in wanted


class OrderingCard(_CardBase):
    """Items written in the right order; shown shuffled."""

    kind: Literal["ordering"]
    prompt: Text
    items: Annotated[tuple[Text, ...], Field(min_length=2, max_length=12)]

    @field_validator("items")
    @classmethod
    def _distinct(cls, items: tuple[str, ...]) -> tuple[str, ...]:
        return _unique(items, "items")


class TrueFalseCard(_CardBase):
    kind: Literal["truefalse"]
    prompt: Text
    answer: bool


Card = Annotated[
    BasicCard | ClozeCard | ChoiceCard | MultiChoiceCard | TypedCard | OrderingCard | TrueFalseCard,
    Field(discriminator="kind"),
]

CardType = type[BasicCard] | type[ClozeCard] | type[ChoiceCard] | type[MultiChoiceCard] | type[TypedCard] | type[OrderingCard] | type[TrueFalseCard]
CARD_TYPES: dict[str, CardType] = {
    "basic": BasicCard,
    "cloze": ClozeCard,
    "mcq": ChoiceCard,
    "multi": MultiChoiceCard,
    "typed": TypedCard,
    "ordering": OrderingCard,
    "truefalse": TrueFalseCard,
}


_FIELD_NAME_SETS: dict[frozenset[str], set[str]] = {}
M = TypeVar("M", bound=BaseModel)


def shared_field_names(names: Iterable[str]) -> set[str]:
    """One set object for each combination of field names, to stand as the set fields of every model that has it.

    Pydantic gives each model its own set: about 700 bytes for a card's dozen fields, more than its
    texts, and a session can hold every card of a large collection. Cards and decks are frozen, so
    the set is never changed in place (``model_copy`` copies it first).
    """
    key = frozenset(names)
    return _FIELD_NAME_SETS.setdefault(key, set(key))


def interned_texts(fields: dict[str, Any]) -> dict[str, Any]:
    """A card's fields with the texts many cards repeat (domain, source, tags) interned: one string each, not one a card."""
    for name in ("domain", "source"):
        if isinstance(fields.get(name), str):
            fields[name] = sys.intern(fields[name])
    if fields.get("tags"):
        fields["tags"] = tuple(sys.intern(tag) for tag in fields["tags"])
    return fields


def compacted(card: M) -> M:
    """A validated card holding less: the shared set of its set fields (see ``shared_field_names``), its repeated texts
    interned. Its values stay equal; a frozen card is never changed otherwise."""
    interned_texts(card.__dict__)
    object.__setattr__(card, "__pydantic_fields_set__", shared_field_names(card.model_fields_set))
    return card


def normalize_typed(text: str) -> str:
    return " ".join(text.casefold().split())


def variants(card: Card) -> tuple[str, ...]:
    """The items a card yields, by variant: "" for the card itself, "reverse" for its reverse, "c<N>" for each cloze gap."""
    if isinstance(card, ClozeCard):
        return tuple(f"c{n}" for n in card.gap_numbers())
    return ("", "reverse") if isinstance(card, BasicCard) and card.reverse else ("",)


def item_id(card_id: str, variant: str) -> str:
    return f"{card_id}/{variant}" if variant else card_id


@dataclass(frozen=True, slots=True)
class Item:
    """One schedulable unit of a card: the card itself, its reverse, or one cloze gap."""

    deck_id: str
    card: Card
    variant: str = ""  # "" | "reverse" | "c<N>"

    @property
    def item_id(self) -> str:
        return item_id(self.card.id, self.variant)

    @property
    def key(self) -> tuple[str, str]:
        return (self.deck_id, self.item_id)

    @property
    def gap(self) -> int | None:
        return int(self.variant[1:]) if self.variant.startswith("c") else None

    @property
    def has_siblings(self) -> bool:
        """Whether its card yields other items too (its reverse, the other gaps of its cloze)."""
        if isinstance(self.card, ClozeCard):
            return len(self.card.gap_numbers()) > 1
        return isinstance(self.card, BasicCard) and self.card.reverse


class Deck(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    id: CardId
    title: Text
    description: Text | None = None
    domain: Text | None = None
    cards: tuple[Card, ...] = ()
    path: str = ""

    def items(self) -> list[Item]:
        return [Item(self.id, card, variant) for card in self.cards for variant in variants(card)]

    @property
    def domains(self) -> list[str]:
        return sorted({c.domain for c in self.cards if c.domain})


def option_count(card: Card) -> int:
    """How many options an exam-style card offers: its choices, or true and false."""
    return len(card.choices) if isinstance(card, ChoiceCard) else 2
