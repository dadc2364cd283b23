"""Anki and Quizlet text exports: every header, quoting, HTML, and the errors for bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from peerquiz.core.formats.notes import PLACEHOLDER_EXPLANATION
from peerquiz.core.formats.output import FormatError
from peerquiz.core.formats.text_import import read_text_export


def read(tmp_path: Path, text: str, name: str = "cards.txt", **kwargs):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_text_export(path, **kwargs)


def test_quizlet_tab_export_without_headers(tmp_path: Path):
    result = read(
        tmp_path, "WRAP\tWellness Recovery Action Plan\nOARS\tOpen questions, affirmations, reflections, summaries\n"
    )
    assert [(c.kind, c.prompt, c.answer) for c in result.cards] == [
        ("basic", "WRAP", "Wellness Recovery Action Plan"),
        ("basic", "OARS", "Open questions, affirmations, reflections, summaries"),
    ]
    card = result.cards[0]
    assert card.explanation == PLACEHOLDER_EXPLANATION
    assert card.source == "TODO: name the source (imported from cards.txt)"
    assert result.skipped == [] and result.media == [] and result.notices == []


def test_csv_with_quoted_fields_holding_commas_quotes_and_line_breaks(tmp_path: Path):
    text = 'Front,Back\n"Two\nlines","an answer, with ""quotes"""\nplain,answer\n'
    result = read(tmp_path, text, "cards.csv")
    assert [(c.prompt, c.answer) for c in result.cards] == [
        ("Front", "Back"),
        ("Two\nlines", 'an answer, with "quotes"'),
        ("plain", "answer"),
    ]


@pytest.mark.parametrize(
    ("header", "separator"),
    [("tab", "\t"), ("\t", "\t"), ("Comma", ","), ("semicolon", ";"), ("|", "|"), ("pipe", "|"), ("colon", ":")],
)
def test_separator_header_by_name_or_character(tmp_path: Path, header: str, separator: str):
    result = read(tmp_path, f"#separator:{header}\nfront{separator}back\n", "cards.csv")
    assert [(c.prompt, c.answer) for c in result.cards] == [("front", "back")]


def test_every_anki_header_together(tmp_path: Path):
    text = (
        "#separator:tab\n#html:true\n#tags:ethics imported\n#deck:Peer ethics\n"
        "#notetype column:1\n#guid column:2\n#tags column:5\n#columns:Notetype\tGUID\tFront\tBack\tTags\n"
        "Basic\tg1\tWhat is <b>WRAP</b>?\tWellness Recovery<br>Action Plan\twrap\n"
        "Basic (and reversed card)\tg2\tPeer\tA person with lived experience\t\n"
        "Cloze\tg3\t{{c1::Hope}} is central&nbsp;to recovery.\tFrom SAMHSA's definition of recovery.\t\n"
        "# a comment line between notes\n"
        "Basic (type in the answer)\tg4\tSpell it: self-advocacy\tself-advocacy\t\n"
    )
    result = read(tmp_path, text)
    basic, reversed_, cloze, typed = result.cards
    assert result.title == "Peer ethics"
    assert (basic.prompt, basic.answer, basic.tags) == (
        "What is WRAP?",
        "Wellness Recovery\nAction Plan",
        ("ethics", "imported", "wrap"),
    )
    assert basic.id.startswith("anki-") and len({c.id for c in result.cards}) == 4
    assert reversed_.reverse is True
    assert (cloze.kind, cloze.text, cloze.explanation) == (
        "cloze",
        "{{c1::Hope}} is central to recovery.",
        "From SAMHSA's definition of recovery.",
    )
    assert (typed.kind, typed.answer) == ("typed", "self-advocacy")


def test_html_false_keeps_markup_as_text(tmp_path: Path):
    result = read(tmp_path, "#html:false\nIs <b> a tag?\tYes &amp; no\n")
    assert (result.cards[0].prompt, result.cards[0].answer) == ("Is <b> a tag?", "Yes &amp; no")


def test_html_is_stripped_when_fields_look_like_html_and_media_is_reported(tmp_path: Path):
    text = 'Which plan? <img src="wrap.png">\t<div>WRAP</div><div>[sound:wrap.mp3]</div>\n<img src="only.jpg">\tan answer\n'
    result = read(tmp_path, text)
    assert [(c.prompt, c.answer) for c in result.cards] == [("Which plan?", "WRAP")]
    assert result.media == ["wrap.png", "wrap.mp3", "only.jpg"]
    assert result.skipped[0].where == "line 2" and "empty front" in result.skipped[0].reason


def test_named_columns_map_explanation_source_domain_and_id(tmp_path: Path):
    text = "#separator:comma\n#columns:Id,Question,Answer,Explanation,Source,Domain\nc-1,Q?,A,Because it is so.,TIP 35,Advocacy\n"
    (card,) = read(tmp_path, text).cards
    assert (card.id, card.prompt, card.answer, card.explanation, card.source, card.domain) == (
        "c-1",
        "Q?",
        "A",
        "Because it is so.",
        "TIP 35",
        "Advocacy",
    )


def test_unnamed_extra_columns_are_reported_not_guessed(tmp_path: Path):
    result = read(tmp_path, "front,back,something else\n", "cards.csv")
    assert result.cards[0].answer == "back"
    assert result.notices == [
        "column(s) 3 ignored: name them with a header such as #columns:Front,Back,Explanation,Source,Tags"
    ]


def test_short_rows_are_skipped_with_their_line(tmp_path: Path):
    result = read(tmp_path, "#html:false\nfront\tback\n\njust a front\n")
    assert [(s.where, s.reason) for s in result.skipped] == [("line 4", "has 1 column(s), no back in column 2")]


def test_same_front_twice_gets_distinct_stable_ids(tmp_path: Path):
    first = read(tmp_path, "Q\tA\nQ\tB\n")
    again = read(tmp_path, "Q\tA\nQ\tB\n")
    assert [c.id for c in first.cards] == [c.id for c in again.cards]
    assert first.cards[1].id == first.cards[0].id + "-2"


def test_source_option_fills_every_card(tmp_path: Path):
    result = read(tmp_path, "Q\tA\n", source="Peer workbook, ch. 2")
    assert result.cards[0].source == "Peer workbook, ch. 2"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe\x00binary", "not UTF-8 text"),
        (b'front,"never closed\n', "line 1: badly quoted field \\(unexpected end of data\\)"),
    ],
)
def test_bad_files_raise_one_clear_error(tmp_path: Path, content: bytes, message: str):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(FormatError, match=message):
        read_text_export(path)


def test_round_trip_deck_to_csv_and_back(tmp_path: Path):
    from peerquiz.core.decks.cache import load_deck
    from peerquiz.core.formats.csv_export import export_csv

    deck = load_deck(Path(__file__).parent / "fixtures" / "mixed.yaml")
    export_csv(deck, tmp_path / "mixed.csv")
    result = read_text_export(tmp_path / "mixed.csv")
    by_id = {card.id: card for card in result.cards}
    assert len(result.cards) == len(deck.cards) and result.title == deck.title
    for original in deck.cards:
        if original.kind in ("basic", "cloze"):
            assert by_id[original.id].model_dump(exclude={"line", "digest"}) == original.model_dump(exclude={"line", "digest"})
        else:  # kinds Anki lacks come back as plain front/back cards
            assert by_id[original.id].kind == "basic"


def test_control_characters_in_imported_text_are_dropped(tmp_path: Path):
    result = read(tmp_path, "Ring\x07 the \x1b[31mbell\tA bell\x0b rings\n")
    (card,) = result.cards
    assert (card.prompt, card.answer) == ("Ring the [31mbell", "A bell rings")
