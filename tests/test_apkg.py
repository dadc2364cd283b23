"""Anki packages: import of genanki-built and hand-built collections, export, round trip, bad files."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

import genanki
import pytest

from peerquiz.config import bundled_decks_dir
from peerquiz.core.decks.cache import load_deck, load_decks
from peerquiz.core.formats.apkg_export import export_apkg
from peerquiz.core.formats.apkg_import import read_apkg
from peerquiz.core.formats.importing import import_deck
from peerquiz.core.formats.notes import PLACEHOLDER_EXPLANATION, build_deck
from peerquiz.core.formats.output import FormatError

MIXED = Path(__file__).parent / "fixtures" / "mixed.yaml"


def genanki_package(path: Path, notes: list[genanki.Note], name: str = "Peer ethics") -> Path:
    deck = genanki.Deck(2059400110, name)
    for note in notes:
        deck.add_note(note)
    genanki.Package(deck).write_to_file(str(path))
    return path


def test_genanki_package_with_anki_note_types(tmp_path: Path):
    extra = genanki.Model(
        1607392319, "Vocabulary", fields=[{"name": "Word"}, {"name": "Meaning"}, {"name": "Audio"}],
        templates=[{"name": "Card 1", "qfmt": "{{Word}}", "afmt": "{{Meaning}}"}],
    )  # fmt: skip
    package = genanki_package(
        tmp_path / "ethics.apkg",
        [
            genanki.Note(genanki.BASIC_MODEL, ["What is <b>WRAP</b>?", "Wellness Recovery Action Plan"], tags=["wrap"]),
            genanki.Note(genanki.BASIC_AND_REVERSED_CARD_MODEL, ["Peer", "A person with lived experience"]),
            genanki.Note(genanki.BASIC_OPTIONAL_REVERSED_CARD_MODEL, ["Hope", "Belief that recovery is possible", ""]),
            genanki.Note(genanki.BASIC_TYPE_IN_THE_ANSWER_MODEL, ["Spell it", "self-advocacy"]),
            genanki.Note(genanki.CLOZE_MODEL, ["{{c1::Hope}} drives recovery.", "SAMHSA names hope first."]),
            genanki.Note(genanki.BASIC_MODEL, ['<img src="chart.png">', "A chart"]),
            genanki.Note(extra, ["respite", "rest", "[sound:respite.mp3]"]),
        ],
    )
    result = read_apkg(package)
    basic, reversed_, optional, typed, cloze, vocabulary = result.cards
    assert result.title == "Peer ethics"
    assert (basic.kind, basic.prompt, basic.tags, basic.reverse) == ("basic", "What is WRAP?", ("wrap",), False)
    assert basic.explanation == PLACEHOLDER_EXPLANATION and basic.source.startswith("Not cited yet")
    assert reversed_.reverse is True
    assert optional.reverse is False  # "Add Reverse" left empty
    assert (typed.kind, typed.answer) == ("typed", "self-advocacy")
    assert (cloze.kind, cloze.text, cloze.explanation) == (
        "cloze",
        "{{c1::Hope}} drives recovery.",
        "SAMHSA names hope first.",
    )
    assert all(card.id.startswith("anki-") for card in result.cards)
    assert (vocabulary.prompt, vocabulary.answer) == ("respite", "rest")  # the sound-only field adds nothing
    assert [s.where for s in result.skipped] == ["note 6"]
    assert "empty front" in result.skipped[0].reason
    assert result.media == ["chart.png", "respite.mp3"]


ANKI_FIXTURES = Path(__file__).parent / "fixtures" / "anki"  # made by real Anki: see make_anki_fixtures.py


@pytest.mark.parametrize("name", ["default.apkg", "legacy.apkg", "whole.colpkg"])
def test_packages_written_by_real_anki_in_every_format(name: str):
    result = read_apkg(ANKI_FIXTURES / name)
    basic, reversed_, optional, optional_off, typed, cloze, spanish, vocabulary = result.cards
    assert result.title == "Peer support::Ethics" and result.skipped == [] and result.media == []
    assert (basic.kind, basic.prompt, basic.answer) == ("basic", "What is WRAP?", "Wellness Recovery\nAction Plan")
    assert basic.tags == ("plans::personal", "wrap")
    assert (reversed_.reverse, optional.reverse, optional_off.reverse) == (True, True, False)
    assert (typed.kind, typed.answer) == ("typed", "self-advocacy")
    assert (cloze.kind, cloze.text) == ("cloze", "{{c1::Hope::a feeling}} drives {{c2::recovery}}.")
    assert cloze.explanation == "From SAMHSA's definition."
    assert (spanish.prompt, spanish.answer, spanish.tags) == (
        "¿Qué es la recuperación?", "Un proceso de cambio 回復", ("español", "日本語"),
    )  # fmt: skip
    # A note type of its own: the first field asks, the rest answer, each further field under its name.
    assert (vocabulary.prompt, vocabulary.answer) == ("respite", "a short rest\n\nExample: Respite care gives carers a break.")
    assert all(card.id.startswith("anki-") for card in result.cards)


def test_a_peerquiz_package_that_went_through_real_anki_comes_back_whole():
    """Exported by peerquiz, imported into Anki, exported again by Anki in its default format (through_anki.py)."""
    deck = load_deck(MIXED)
    result = read_apkg(ANKI_FIXTURES / "mixed-through-anki.apkg")
    back = build_deck(result, result.deck_id, result.title)
    assert back.model_dump(exclude={"path", "cards"}) == deck.model_dump(exclude={"path", "cards"})
    assert [dump(card) for card in back.cards] == [dump(card) for card in deck.cards]


def test_ids_come_from_the_guid_and_are_stable():
    first = read_apkg(ANKI_FIXTURES / "default.apkg")
    legacy = read_apkg(ANKI_FIXTURES / "legacy.apkg")
    assert [c.id for c in first.cards] == [c.id for c in legacy.cards]


def test_round_trip_deck_to_apkg_and_back_keeps_every_kind(tmp_path: Path):
    deck = load_deck(MIXED)
    package = tmp_path / "mixed.apkg"
    export_apkg(deck, package)
    result = read_apkg(package)
    assert result.skipped == [] and result.title == deck.title
    assert [dump(card) for card in result.cards] == [dump(card) for card in deck.cards]


def dump(card) -> dict:
    return card.model_dump(exclude={"line", "digest"})


@pytest.mark.parametrize("deck", load_decks([bundled_decks_dir()]).decks, ids=lambda deck: deck.id)
def test_every_bundled_deck_comes_back_from_anki_exactly(tmp_path: Path, deck):
    package = tmp_path / "deck name Anki would choose.apkg"
    export_apkg(deck, package)
    result = read_apkg(package)
    assert result.skipped == [] and result.media == []
    back = build_deck(result, result.deck_id, result.title)
    assert back.model_dump(exclude={"path", "cards"}) == deck.model_dump(exclude={"path", "cards"})
    for original, returned in zip(deck.cards, back.cards, strict=True):
        assert dump(returned) == dump(original), original.id
    # And the deck file written from it loads as the same deck, whatever Anki named the package.
    written, _ = import_deck(package, None, out_dir=tmp_path / "decks")
    reloaded = load_deck(tmp_path / "decks" / f"{deck.id}.yaml")
    assert written.id == deck.id
    assert reloaded.model_dump(exclude={"path", "cards"}) == deck.model_dump(exclude={"path", "cards"})
    assert [dump(card) for card in reloaded.cards] == [dump(card) for card in deck.cards]


CHOICE_DECK = """
id: choices
title: Choices
cards:
  - id: mcq-html
    kind: mcq
    tags: [boundaries, scenario]
    domain: Ethical Responsibility
    prompt: Which reply keeps <b>the</b> peer role & trust?
    choices:
      - 'Say: "I''d rather not" <and> explain why'
      - |-
        Accept the gift,
        then tell your supervisor
      - "B) is the answer"
    answer: |-
      Accept the gift,
      then tell your supervisor
    explanation: A small gift disclosed to the supervisor keeps things open.
    source: Agency gift policy
  - id: multi-5
    kind: multi
    prompt: Which are stages of change?
    choices: [Precontemplation, Denial, Contemplation, Action, Maintenance]
    answers: [Maintenance, Precontemplation]
    explanation: Denial is not one of the five stages.
    source: SAMHSA TIP 35 (2019)
  - id: multi-single
    kind: multi
    prompt: Which is a dimension of recovery?
    choices: [Health, Wealth]
    answers: [Health]
    explanation: SAMHSA names health, home, purpose and community.
    source: SAMHSA, Working Definition of Recovery (2012)
"""


def test_choices_come_back_exactly_even_with_markup_and_several_lines(tmp_path: Path):
    (tmp_path / "choices.yaml").write_text(CHOICE_DECK)
    deck = load_deck(tmp_path / "choices.yaml")
    export_apkg(deck, tmp_path / "choices.apkg")
    result = read_apkg(tmp_path / "choices.apkg")
    mcq, multi, single = result.cards
    assert result.skipped == []
    assert dump(mcq) == dump(deck.cards[0])
    # The right answers come back in the choices' order, which is how the package lists them.
    assert dump(multi) == dump(deck.cards[1]) | {"answers": ("Precontemplation", "Maintenance")}
    assert dump(single) == dump(deck.cards[2])


def test_renamed_multiple_choice_type_is_read_and_bad_notes_are_skipped_with_reasons(tmp_path: Path):
    renamed = genanki.Model(
        1607392320, "Exam practice", fields=[{"name": "Question"}, {"name": "Choices"}, {"name": "Answer"}],
        templates=[{"name": "Card 1", "qfmt": "{{Question}}<br>{{Choices}}", "afmt": "{{Answer}}"}],
    )  # fmt: skip
    notes = [
        ("Who keeps the boundary?", "A) The peer worker<br>B) The person supported", "A) The peer worker"),
        ("Parts of OARS?", "<div>A) Open questions</div><div>B) Advice</div><div>C) Summarizing</div>",
         "A) Open questions<br>C) Summarizing"),
        ("Edited choice", "A) Hope<br>B) Home", "B) House"),
        ("No letters", "Hope<br>Home", "Hope"),
        ("Choice deleted in Anki", "A) Hope<br>C) Home", "C) Home"),
        ("No answer", "A) Hope<br>B) Home", ""),
        ("One choice", "A) Hope", "A) Hope"),
    ]  # fmt: skip
    result = read_apkg(genanki_package(tmp_path / "mc.apkg", [genanki.Note(renamed, list(n)) for n in notes]))
    mcq, multi = result.cards
    assert mcq.choices == ("The peer worker", "The person supported")
    assert (mcq.kind, mcq.answer) == ("mcq", "The peer worker")
    assert (multi.kind, multi.answers) == ("multi", ("Open questions", "Summarizing"))
    assert mcq.explanation == PLACEHOLDER_EXPLANATION and mcq.id.startswith("anki-")
    assert [(s.where, s.reason) for s in result.skipped] == [
        ("note 3", "Answer: 'B) House' is not one of the choices"),
        ("note 4", "Choices: 'Hope' should start with 'A) '"),
        ("note 5", "Choices: 'C) Home' should start with 'B) '"),
        ("note 6", "no right answer given"),
        ("note 7", "choices: Tuple should have at least 2 items after validation, not 1"),
    ]


def test_export_shows_multiple_choice_in_anki_as_lettered_lines(tmp_path: Path):
    package = tmp_path / "mixed.apkg"
    export_apkg(load_deck(MIXED), package)
    with zipfile.ZipFile(package) as opened:
        (tmp_path / "col.db").write_bytes(opened.read("collection.anki2"))
    with sqlite3.connect(tmp_path / "col.db") as db:
        models = json.loads(db.execute("SELECT models FROM col").fetchone()[0])
        choice_model = next(m for m in models.values() if m["name"] == "peerquiz Multiple choice")
        fields = db.execute("SELECT flds FROM notes WHERE mid = ?", (choice_model["id"],)).fetchone()[0].split("\x1f")
    assert fields[:3] == [
        "A person you support asks you to be friends on social media. What is the [bold]best[/] reply?",
        (
            "A) Accept, since it builds trust<br>B) Explain kindly that you keep contact within the peer role"
            "<br>C) Ignore the request<br>D) Report the person to your supervisor"
        ),
        "B) Explain kindly that you keep contact within the peer role",
    ]


def test_export_ids_are_stable_across_runs(tmp_path: Path):
    deck = load_deck(MIXED)
    ids = []
    for name in ("one.apkg", "two.apkg"):
        export_apkg(deck, tmp_path / name)
        with zipfile.ZipFile(tmp_path / name) as opened:
            (tmp_path / "col.db").write_bytes(opened.read("collection.anki2"))
        with sqlite3.connect(tmp_path / "col.db") as db:
            ids.append((sorted(json.loads(db.execute("SELECT models FROM col").fetchone()[0])),
                        sorted(json.loads(db.execute("SELECT decks FROM col").fetchone()[0])),
                        sorted(row[0] for row in db.execute("SELECT guid FROM notes"))))  # fmt: skip
    assert ids[0] == ids[1]


def test_not_a_zip(tmp_path: Path):
    path = tmp_path / "fake.apkg"
    path.write_text("front,back\n")
    with pytest.raises(FormatError, match="not a valid zip file"):
        read_apkg(path)


def test_truncated_database(tmp_path: Path):
    full = genanki_package(
        tmp_path / "full.apkg", [genanki.Note(genanki.BASIC_MODEL, [f"Q{i} " * 40, "A"]) for i in range(300)]
    )
    database = zipfile.ZipFile(full).read("collection.anki2")
    cut = tmp_path / "cut.apkg"
    with zipfile.ZipFile(cut, "w") as opened:
        opened.writestr("collection.anki2", database[: len(database) // 2])
    with pytest.raises(FormatError, match="damaged or truncated"):
        read_apkg(cut)


def test_zip_without_a_collection(tmp_path: Path):
    path = tmp_path / "empty.apkg"
    with zipfile.ZipFile(path, "w") as opened:
        opened.writestr("media", "{}")
    with pytest.raises(FormatError, match="no Anki collection inside"):
        read_apkg(path)


def test_deck_fields_with_markup_and_comment_ends_survive_the_hidden_deck_note(tmp_path: Path):
    (tmp_path / "odd.yaml").write_text(
        "id: odd.deck_1\ntitle: 'Odd <b>title</b> -->'\ndescription: |-\n  Line one --> <!-- two\n  & line three\n"
        "domain: 'Ethics --> <x>'\ncards:\n  - id: c1\n    kind: basic\n    prompt: P\n    answer: A\n"
        "    explanation: Because it is so.\n    source: Workbook\n"
    )
    deck = load_deck(tmp_path / "odd.yaml")
    export_apkg(deck, tmp_path / "odd.apkg")
    result = read_apkg(tmp_path / "odd.apkg")
    assert (result.deck_id, result.title, result.description, result.domain) == (
        "odd.deck_1", "Odd <b>title</b> -->", "Line one --> <!-- two\n& line three", "Ethics --> <x>",
    )  # fmt: skip
