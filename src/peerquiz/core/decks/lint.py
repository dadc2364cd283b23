"""Advice on card quality, for `peerquiz check --strict`.

The loader decides what is valid; these rules flag valid cards that make
weak exam items: repeated questions, choices that give the answer away,
missing domains, thin explanations, leftover TODO placeholders. A card
silences a code it has judged deliberate with ``lint-ignore: [W103]``.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher

from peerquiz.core.decks.model import (
    CLOZE_GAP,
    BasicCard,
    Card,
    ChoiceCard,
    ClozeCard,
    Deck,
    MultiChoiceCard,
    TrueFalseCard,
    TypedCard,
)

CODES = {
    "W101": "the same prompt appears on another card",
    "W102": "a nearly identical prompt appears on another card",
    "W103": "multiple-choice options of very unequal length",
    "W104": "an 'all/none of the above' choice",
    "W105": "the answer is written in the prompt",
    "W106": "no domain, for the card or its deck",
    "W107": "an explanation shorter than a sentence",
    "W108": "a TODO placeholder left in the explanation or source",
    "W109": "an absolute word (always, never, ...) only in wrong choices",
    "W110": "in over a quarter of a deck's multiple-choice cards the right answer is the longest choice",
    "W111": "a deck's true/false cards are not 40-60 % true",
    "W112": "a source that names no document, or gives no year (n.d. when the document has none)",
}

NEAR_DUPLICATE_RATIO = 0.9
CANDIDATE_OVERLAP = 0.5  # Jaccard overlap of words below which texts are never near-duplicates
# Longest choice at least this many times the shortest, and this many characters longer.
UNEQUAL_FACTOR = 2.0
UNEQUAL_MIN_CHARS = 20
MIN_EXPLANATION_WORDS = 5
MIN_ANSWER_CHARS = 3  # shorter answers ("no", "a") match too much by chance

_ABOVE = re.compile(r"\b(all|none|both|neither) of (the )?(above|these|them)\b", re.IGNORECASE)
_TODO = re.compile(r"\bTODO\b")
# Test-wise candidates rule out choices with these words; they must not mark only the wrong ones.
_ABSOLUTE = re.compile(
    r"\b(always|never|all|none|every|everyone|everything|nobody|nothing|only|completely)\b", re.IGNORECASE
)
_NO_DOCUMENT = re.compile(r"no single source|as taught for certification", re.IGNORECASE)
# A year, or n.d. (no date): the citation convention for a document that carries none.
_DATED = re.compile(r"\b(19|20)\d\d\b|\bn\.d\.")
MAX_LONGEST_RIGHT = 0.25  # share of a deck's mcq whose right answer may be the longest choice
MIN_LONGEST_SAMPLE = 4  # fewer mcq than this say nothing about a habit
TRUE_SHARE = (0.4, 0.6)  # true/false decks should not teach "when in doubt, say false"
MIN_TRUE_FALSE_SAMPLE = 5
_NOT_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True, slots=True)
class LintWarning:
    path: str
    line: int
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.code}: {self.message}"


def lint_decks(decks: Iterable[Deck]) -> list[LintWarning]:
    """Every warning for these decks, minus the codes each card ignores, in file order."""
    decks = list(decks)
    placed = [(deck, card) for deck in decks for card in deck.cards]
    findings = [(deck, card, code, msg) for deck, card in placed for code, msg in _card_findings(card)]
    findings.extend(_duplicate_findings(placed))
    warnings = [
        LintWarning(deck.path, card.line, code, message)
        for deck, card, code, message in findings
        if code not in card.lint_ignore
    ]
    warnings.extend(LintWarning(deck.path, 1, code, message) for deck in decks for code, message in _deck_findings(deck))
    return sorted(warnings, key=lambda w: (w.path, w.line, w.code))


def normalize(text: str) -> str:
    """Case, punctuation and spacing removed, so trivial edits still compare equal."""
    return " ".join(_NOT_WORD.sub(" ", text.casefold()).split())


def question_text(card: Card) -> str:
    """What the learner reads; a cloze counts with its gaps filled in."""
    if isinstance(card, ClozeCard):
        return CLOZE_GAP.sub(lambda m: m.group(2), card.text)
    return card.prompt


def _card_findings(card: Card) -> Iterator[tuple[str, str]]:
    if isinstance(card, (ChoiceCard, MultiChoiceCard)):
        lengths = sorted(len(choice) for choice in card.choices)
        shortest, longest = lengths[0], lengths[-1]
        if longest >= UNEQUAL_FACTOR * shortest and longest - shortest >= UNEQUAL_MIN_CHARS:
            message = f"choices run from {shortest} to {longest} characters; test-wise candidates pick the longest"
            yield "W103", message
        for choice in card.choices:
            if _ABOVE.search(choice):
                yield "W104", f"choice '{choice}' tests elimination rather than knowledge"
    if isinstance(card, ChoiceCard) and not _ABSOLUTE.search(card.answer):
        for choice in card.choices:
            if choice != card.answer and (word := _ABSOLUTE.search(choice)):
                yield "W109", f"'{word.group(0)}' appears in the wrong choice '{choice}' and not in the answer"
    for answer in _answers_in_prompt(card):
        yield "W105", f"the answer '{answer}' is written in the prompt"
    if card.domain is None:
        yield "W106", "no domain: set one on the card or the deck so exams can weigh it"
    words = len(card.explanation.split())
    if words < MIN_EXPLANATION_WORDS:
        yield "W107", f"explanation has {words} word(s); say in a sentence why the answer is right"
    for field in ("explanation", "source"):
        if _TODO.search(getattr(card, field)):
            yield "W108", f"{field} still has a TODO placeholder"
    if _NO_DOCUMENT.search(card.source):
        yield "W112", "name the document (title, publisher or author, year) this card comes from"
    elif not _DATED.search(card.source) and not _TODO.search(card.source):  # a TODO source is W108's
        yield "W112", "give the document's year, or n.d. when it has none"


def _deck_findings(deck: Deck) -> Iterator[tuple[str, str]]:
    """Habits across a deck that let a candidate guess: the longest choice, the usual truth value."""
    choice_cards = [card for card in deck.cards if isinstance(card, ChoiceCard)]
    longest = sum(all(len(card.answer) > len(c) for c in card.choices if c != card.answer) for card in choice_cards)
    if len(choice_cards) >= MIN_LONGEST_SAMPLE and longest > MAX_LONGEST_RIGHT * len(choice_cards):
        yield "W110", (f"the right answer is the longest choice in {longest} of {len(choice_cards)} "
                       f"multiple-choice cards (at most {MAX_LONGEST_RIGHT:.0%})")  # fmt: skip
    statements = [card.answer for card in deck.cards if isinstance(card, TrueFalseCard)]
    true_count = sum(statements)
    low, high = TRUE_SHARE
    if len(statements) >= MIN_TRUE_FALSE_SAMPLE and not low <= true_count / len(statements) <= high:
        yield "W111", f"{true_count} of {len(statements)} true/false cards are true (want {low:.0%} to {high:.0%})"


def _answers_in_prompt(card: Card) -> list[str]:
    if isinstance(card, ClozeCard):
        # A gap's answer written elsewhere in the text gives the gap away.
        rest = CLOZE_GAP.sub(" ", card.text)
        answers = [m.group(2) for m in CLOZE_GAP.finditer(card.text)]
    elif isinstance(card, MultiChoiceCard):
        rest, answers = card.prompt, list(card.answers)
    elif isinstance(card, (BasicCard, ChoiceCard, TypedCard)):
        rest, answers = card.prompt, [card.answer]
    else:
        return []
    haystack = f" {normalize(rest)} "
    return [
        answer
        for answer in dict.fromkeys(answers)
        if len(normalize(answer)) >= MIN_ANSWER_CHARS and f" {normalize(answer)} " in haystack
    ]


def _duplicate_findings(placed: list[tuple[Deck, Card]]) -> Iterator[tuple[Deck, Card, str, str]]:
    """Flag the later card of each pair whose prompts match exactly (W101) or nearly (W102)."""
    first_with_text: dict[str, tuple[Deck, Card]] = {}
    for deck, card in placed:
        text = normalize(question_text(card))
        if text in first_with_text:
            yield deck, card, "W101", f"same prompt as {_where(*first_with_text[text])}"
        else:
            first_with_text[text] = (deck, card)

    distinct = list(first_with_text.items())
    order = {id(card): index for index, (_, card) in enumerate(placed)}
    for i, j in _candidate_pairs([text for text, _ in distinct]):
        (text, first), (other_text, other) = distinct[i], distinct[j]
        matcher = SequenceMatcher(None, text, other_text, autojunk=False)
        if matcher.real_quick_ratio() >= NEAR_DUPLICATE_RATIO and matcher.ratio() >= NEAR_DUPLICATE_RATIO:
            earlier, later = sorted((first, other), key=lambda placed_card: order[id(placed_card[1])])
            yield *later, "W102", f"prompt nearly the same as {_where(*earlier)}"


def _candidate_pairs(texts: list[str]) -> Iterator[tuple[int, int]]:
    """Pairs of texts sharing at least half their words: the only ones worth a slow ratio.

    Prefix filtering: with each text's words ranked rarest first, two sets whose
    overlap reaches CANDIDATE_OVERLAP must share a word among their first few, so
    comparing only texts that do keeps big decks fast without missing such pairs.
    """
    word_sets = [set(text.split()) for text in texts]
    frequency = Counter(word for words in word_sets for word in words)
    index: dict[str, list[int]] = defaultdict(list)
    for i, words in enumerate(word_sets):
        ranked = sorted(words, key=lambda word: (frequency[word], word))
        prefix = ranked[: len(ranked) - math.ceil(CANDIDATE_OVERLAP * len(ranked)) + 1]
        for j in sorted({j for word in prefix for j in index[word]}):
            if len(words & word_sets[j]) >= CANDIDATE_OVERLAP * len(words | word_sets[j]):
                yield j, i
        for word in prefix:
            index[word].append(i)


def _where(deck: Deck, card: Card) -> str:
    return f"{deck.path}:{card.line} ({card.id})"
