"""Notes read from other apps, turned into valid deck cards; shared by the text and .apkg importers.

Other apps' notes carry no explanation or source, which every peerquiz card
needs. Rather than invent them, an import fills in placeholders that say to
a learner, plainly, that none was written yet, and carry a TODO, which
`check --strict` flags (W108) until an instructor writes them.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from typing import Any

from pydantic import ValidationError

from peerquiz.core.decks.loader import MAX_CARDS
from peerquiz.core.decks.model import CARD_TYPES, Card, Deck, problem
from peerquiz.core.formats.html_text import without_controls
from peerquiz.core.formats.output import FormatError

PLACEHOLDER_EXPLANATION = "No explanation written yet: this card was imported without one (TODO for the deck's author)."
VALID_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
VALID_TAG = re.compile(r"^\S{1,40}$")
CHOICE_KINDS = ("mcq", "multi")
MAX_TAGS = 100  # per card; more is a mistake (or an attack), not a way to sort cards
MAX_LISTED = 1_000  # skipped notes and media files named one by one; the rest are counted (memory stays bounded)
TRUE_FALSE = {"true": True, "false": False}

Progress = Callable[[int, int], None]  # (done, total), called as notes are converted


def placeholder_source(file_name: str) -> str:
    return f"Not cited yet: imported from {file_name} (TODO for the deck's author)"


@dataclass(frozen=True, slots=True)
class Note:
    """One note of another app, its fields already plain text."""

    where: str  # "line 12", "note 3": how the summary points at it
    kind: str  # basic | cloze | typed | mcq | multi
    front: str  # the prompt, or a cloze's text
    back: str = ""  # basic and typed; "True" or "False" for truefalse
    choices: tuple[str, ...] = ()  # mcq and multi: in the order shown
    answers: tuple[str, ...] = ()  # mcq (exactly one) and multi: the right choices
    items: tuple[str, ...] = ()  # ordering: in the right order
    accept: tuple[str, ...] = ()  # typed: other answers accepted
    reverse: bool = False
    explanation: str = ""
    source: str = ""
    domain: str = ""
    tags: tuple[str, ...] = ()
    lint_ignore: tuple[str, ...] = ()
    guid: str = ""  # the other app's stable note id, if it has one
    card_id: str = ""  # set when the note came from a peerquiz export


@dataclass(frozen=True, slots=True)
class Skipped:
    where: str
    reason: str


@dataclass
class ImportResult:
    cards: list[Card] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)  # the first MAX_LISTED
    skipped_count: int = 0
    media: list[str] = field(default_factory=list)  # referenced files that were left out, the first MAX_LISTED
    more_media: bool = False  # more files were referenced than listed
    notices: list[str] = field(default_factory=list)  # whole-file remarks, e.g. ignored columns
    title: str = ""  # the deck name the file gives, if any
    description: str = ""
    deck_id: str = ""  # set when peerquiz wrote the file
    domain: str = ""  # the deck's domain, set when peerquiz wrote the file


class NoteCollector:
    """Builds cards from notes with unique, stable ids, recording why any note was skipped."""

    def __init__(self, file_name: str, source: str | None = None):
        self.result = ImportResult()
        self._source = source or placeholder_source(file_name)
        self._ids: set[str] = set()
        self._next_suffix: dict[str, int] = {}  # base id -> the next number to try, so ids come in linear time
        self._dropped_tags: set[str] = set()
        self._media: set[str] = set()

    def skip(self, where: str, reason: str) -> None:
        self.result.skipped_count += 1
        if len(self.result.skipped) < MAX_LISTED:
            self.result.skipped.append(Skipped(where, reason))

    def add_media(self, names: list[str]) -> None:
        for name in names:
            if name in self._media:
                continue
            if len(self._media) < MAX_LISTED:
                self._media.add(name)
                self.result.media.append(name)
            else:
                self.result.more_media = True

    def add(self, note: Note) -> None:
        if len(note.tags) > MAX_TAGS:
            return self.skip(note.where, f"{len(note.tags)} tags; a card may have at most {MAX_TAGS}")
        note = _clean(note)
        if not note.front:
            return self.skip(note.where, "empty front (or only images and sounds, which are not imported)")
        if note.kind in CHOICE_KINDS and not note.answers:
            return self.skip(note.where, "no right answer given")
        if note.kind not in ("cloze", "ordering", *CHOICE_KINDS) and not note.back:
            return self.skip(note.where, "empty back (or only images and sounds, which are not imported)")
        if len(self.result.cards) >= MAX_CARDS:
            raise FormatError(f"more than {MAX_CARDS} cards, more than a deck may hold ({note.where}); split the file")
        card_id = self._id_for(note)
        data: dict[str, Any] = {
            "id": card_id,
            "kind": note.kind,
            "explanation": note.explanation or PLACEHOLDER_EXPLANATION,
            "source": note.source or self._source,
            "domain": note.domain or None,
            "tags": self._valid_tags(note.tags),
            "lint-ignore": note.lint_ignore,
        }
        if note.kind == "cloze":
            data["text"] = note.front
        elif note.kind == "mcq":
            data.update(prompt=note.front, choices=note.choices, answer=note.answers[0])
        elif note.kind == "multi":
            data.update(prompt=note.front, choices=note.choices, answers=note.answers)
        elif note.kind == "ordering":
            data.update(prompt=note.front, items=note.items)
        elif note.kind == "truefalse":
            data.update(prompt=note.front, answer=TRUE_FALSE.get(note.back.casefold(), note.back))
        elif note.kind == "typed" and note.accept:
            data.update(prompt=note.front, answer=note.back, accept=note.accept)
        else:
            data.update(prompt=note.front, answer=note.back)
        if note.reverse:
            data["reverse"] = True
        try:
            card = CARD_TYPES[note.kind].model_validate(data)
        except ValidationError as exc:
            error = exc.errors()[0]
            where = ".".join(str(part) for part in error["loc"])
            return self.skip(note.where, f"{where}: {problem(error)}")
        self._ids.add(card_id)
        self.result.cards.append(card)

    def finish(self) -> ImportResult:
        if self._dropped_tags:
            shown = ", ".join(sorted(self._dropped_tags)[:5])
            self.result.notices.append(f"{len(self._dropped_tags)} tag(s) over 40 characters dropped: {shown}")
        return self.result

    def _id_for(self, note: Note) -> str:
        """The note's own peerquiz id, else one derived from its guid or front, made unique."""
        if note.card_id and VALID_ID.match(note.card_id) and note.card_id not in self._ids:
            return note.card_id
        if note.guid:
            base = "anki-" + hashlib.sha1(note.guid.encode()).hexdigest()[:10]
        else:
            base = "card-" + hashlib.sha1(" ".join(note.front.split()).encode()).hexdigest()[:10]
        card_id, count = base, self._next_suffix.get(base, 1)
        if count > 1:
            card_id = f"{base}-{count}"
        while card_id in self._ids:
            count += 1
            card_id = f"{base}-{count}"
        self._next_suffix[base] = count + 1
        return card_id

    def _valid_tags(self, tags: tuple[str, ...]) -> list[str]:
        kept = []
        for tag in dict.fromkeys(tags):
            if VALID_TAG.match(tag):
                kept.append(tag)
            else:
                self._dropped_tags.add(tag[:40] + "…")
        return kept


def _clean(note: Note) -> Note:
    """The note with control characters (C0, C1, bidi overrides) dropped from every text, tags included."""
    changes: dict[str, Any] = {}
    for name in (f.name for f in fields(Note)):
        value = getattr(note, name)
        if isinstance(value, str):
            changes[name] = without_controls(value)
        elif isinstance(value, tuple):
            changes[name] = tuple(without_controls(part) for part in value)
    return replace(note, **changes)


def build_deck(result: ImportResult, deck_id: str, title: str, domain: str | None = None) -> Deck:
    """The imported cards as one deck, or FormatError if there is nothing (or too much) to write."""
    if not result.cards:
        reason = f": {result.skipped[0].where}: {result.skipped[0].reason}" if result.skipped else ""
        raise FormatError(f"no cards could be imported{reason}")
    try:
        return Deck.model_validate({
            "id": deck_id, "title": without_controls(title), "description": result.description or None,
            "domain": without_controls(domain or result.domain) or None, "cards": result.cards,
        })  # fmt: skip
    except ValidationError as exc:
        error = exc.errors()[0]
        raise FormatError(f"deck {error['loc'][0]}: {problem(error)}") from None
