"""Decks, blueprints and profiles for the exam tests."""

from __future__ import annotations

from pathlib import Path

from peerquiz.core.decks.library import Library
from peerquiz.core.decks.loader import parse_deck
from peerquiz.core.exams.blueprint import Blueprint, DomainWeight
from peerquiz.core.store import Store
from peerquiz.core.store.records import Profile

DOMAINS = ("Advocacy", "Mentoring and Education", "Recovery/Wellness Support", "Ethical Responsibility")
BUNDLED_BLUEPRINT = Path(__file__).resolve().parents[1] / "decks" / "exam-blueprint.toml"


def exam_deck_text(per_domain: dict[str, int], true_false: int = 0) -> str:
    """A deck with ``n`` multiple-choice cards per domain (right answer always "Right <id>"),
    plus ``true_false`` true/false cards in the first domain, and one basic card (never drawn)."""
    lines = ["id: pool", "title: Exam pool", "cards:"]
    for d, (domain, count) in enumerate(per_domain.items()):
        for n in range(count):
            card_id = f"q{d}-{n}"
            lines += [
                f"  - id: {card_id}",
                "    kind: mcq",
                f"    domain: {domain}",
                f"    prompt: \"Question {card_id} [b]in brackets[/b]\"",
                f"    choices: [Right {card_id}, Wrong A {card_id}, Wrong B {card_id}, Wrong C {card_id}]",
                f"    answer: Right {card_id}",
                f"    explanation: Because {card_id}.",
                f"    source: Source {card_id}",
            ]
    first = next(iter(per_domain))
    for n in range(true_false):
        lines += [
            f"  - id: tf-{n}", "    kind: truefalse", f"    domain: {first}",
            f"    prompt: Statement {n}", "    answer: true",
            "    explanation: It is true.", "    source: Source tf",
        ]  # fmt: skip
    lines += [
        "  - id: basic-x", "    kind: basic", f"    domain: {first}", "    prompt: Not exam style",
        "    answer: Never drawn", "    explanation: Basic cards are for study.", "    source: None",
    ]  # fmt: skip
    return "\n".join(lines) + "\n"


def library_for(store: Store, per_domain: dict[str, int], true_false: int = 0) -> Library:
    library = Library([parse_deck(exam_deck_text(per_domain, true_false), "pool.yaml")])
    library.sync(store.cards)
    return library


def blueprint(questions: int = 8, minutes: int = 10, pass_percent: float = 70, domains=DOMAINS, weights=None) -> Blueprint:
    weights = weights or [1] * len(domains)
    return Blueprint(
        name="Test exam",
        note="Practice default, not the official blueprint.",
        questions=questions,
        minutes=minutes,
        pass_percent=pass_percent,
        domains=tuple(DomainWeight(name=d, weight=w) for d, w in zip(domains, weights)),
    )


def profile(store: Store, name: str = "sam") -> Profile:
    return store.profiles.named(name) or store.profiles.add(name)
