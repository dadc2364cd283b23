"""Anki and Quizlet text exports: every header, quoting, HTML, and the errors for bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from peerquiz.core.formats.notes import PLACEHOLDER_EXPLANATION
from peerquiz.core.formats.output import FormatError
from peerquiz.core.formats.text_import import TextOptions, read_text_export


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
    assert card.source == "Not cited yet: imported from cards.txt (TODO for the deck's author)"
    assert result.skipped == [] and result.media == [] and result.notices == []


def test_csv_with_quoted_fields_holding_commas_quotes_and_line_breaks(tmp_path: Path):
    text = 'Front,Back\n"Two\nlines","an answer, with ""quotes"""\nplain,answer\n'
    result = read(tmp_path, text, "cards.csv")
    assert [(c.prompt, c.answer) for c in result.cards] == [  # the first row names the columns
        ("Two\nlines", 'an answer, with "quotes"'),
        ("plain", "answer"),
    ]


@pytest.mark.parametrize(
    ("header", "separator"),
    [("tab", "\t"), ("\t", "\t"), ("Comma", ","), ("semicolon", ";"), ("|", "|"), ("pipe", "|"), ("colon", ":")],
)
def test_separator_header_by_name_or_character(tmp_path: Path, header: str, separator: str):
    result = read(tmp_path, f"#separator:{header}\nWRAP{separator}a plan\n", "cards.csv")
    assert [(c.prompt, c.answer) for c in result.cards] == [("WRAP", "a plan")]


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


def test_short_rows_are_skipped_with_their_line(tmp_path: Path):
    result = read(tmp_path, "#html:false\nfront one\tback\n\njust a front\t\n")
    assert [(s.where, s.reason) for s in result.skipped] == [
        ("line 4", "empty back (or only images and sounds, which are not imported)")
    ]


def test_a_row_with_more_fields_than_named_columns_is_an_error_naming_it(tmp_path: Path):
    # Quizlet's comma export does not quote: the definition's own comma makes a third field.
    text = "WRAP,Wellness Recovery Action Plan\nOARS,Open questions, affirmations, reflections, summaries\n"
    with pytest.raises(FormatError, match=r"^line 2: 5 fields, but only 2 column\(s\) are named: is the separator inside"):
        read(tmp_path, text, "cards.csv")


def test_columns_option_names_every_column(tmp_path: Path):
    text = "hope,belief that recovery is possible,SAMHSA,Recovery needs hope.,x\n"
    options = TextOptions(columns=("front", "back", "source", "Example", "ignore"))
    (card,) = read(tmp_path, text, "cards.csv", options=options).cards
    assert (card.prompt, card.answer, card.source) == (
        "hope", "belief that recovery is possible\n\nExample: Recovery needs hope.", "SAMHSA",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("separator", "row_separator", "text"),
    [
        ("comma", None, "WRAP,a plan\nOARS,skills\n"),
        (";", None, "WRAP;a plan\nOARS;skills\n"),
        (" - ", None, "WRAP - a plan\nOARS - skills\n"),
        ("tab", ";", "WRAP\ta plan;OARS\tskills"),
        ("::", "\\n\\n", "WRAP::a plan\n\nOARS::skills\n"),
        (",", "|", "WRAP,a plan|OARS,skills|"),
    ],
)
def test_any_separator_and_row_separator(tmp_path: Path, separator: str, row_separator: str | None, text: str):
    result = read(tmp_path, text, options=TextOptions(separator=separator, row_separator=row_separator))
    assert [(c.prompt, c.answer) for c in result.cards] == [("WRAP", "a plan"), ("OARS", "skills")]


@pytest.mark.parametrize(
    ("text", "tags"),
    [("front,back\nWRAP,a plan\n", ()), ("Term,Definition\nWRAP,a plan\n", ()), ("Question,Answer,Tags\nWRAP,a plan,wrap\n", ("wrap",))],
)
def test_a_header_row_is_found_and_not_made_a_card(tmp_path: Path, text: str, tags: tuple[str, ...]):
    (card,) = read(tmp_path, text, "cards.csv").cards
    assert (card.prompt, card.answer, card.tags) == ("WRAP", "a plan", tags)


def test_header_options_override_the_guess(tmp_path: Path):
    as_card = read(tmp_path, "Term\tDefinition\nWRAP\ta plan\n", options=TextOptions(header=False))
    assert [c.prompt for c in as_card.cards] == ["Term", "WRAP"]
    named = read(tmp_path, "Word\tMeaning\tNote\nWRAP\ta plan\tsee TIP 35\n", options=TextOptions(header=True))
    (card,) = named.cards
    # The first two columns ask and answer whatever their names; the others keep theirs.
    assert (card.prompt, card.answer) == ("WRAP", "a plan\n\nNote: see TIP 35")


def test_a_quizlet_definition_over_several_lines_is_kept_whole(tmp_path: Path):
    result = read(tmp_path, "WRAP\tWellness Recovery\nAction Plan\nOARS\tskills\n")
    assert [(c.prompt, c.answer) for c in result.cards] == [("WRAP", "Wellness Recovery\nAction Plan"), ("OARS", "skills")]


def test_ids_for_many_rows_with_the_same_front_come_in_linear_time(tmp_path: Path):
    result = read(tmp_path, "Q\tA\n" * 9_000)
    ids = [card.id for card in result.cards]
    assert len(set(ids)) == 9_000 and ids[-1] == ids[0] + "-9000"


def test_the_card_limit_stops_reading_early(tmp_path: Path):
    with pytest.raises(FormatError, match=r"more than 10000 cards, more than a deck may hold \(line 10001\)"):
        read(tmp_path, "".join(f"Q{n}\tA\n" for n in range(50_000)))


def test_bidi_overrides_and_c1_controls_are_dropped_from_every_field_and_tag(tmp_path: Path):
    text = "#columns:Front\tBack\tTags\n\u202eevil\u202c\tan\u0085swer\u2066\tta\u200fg\u009b\n"
    (card,) = read(tmp_path, text).cards
    assert (card.prompt, card.answer, card.tags) == ("evil", "answer", ("tag",))


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


def test_a_row_with_thousands_of_tags_is_skipped_not_built(tmp_path: Path):
    text = "#columns:Front\tBack\tTags\nQ\tA\t" + " ".join(f"t{n}" for n in range(100_000)) + "\nQ2\tA2\tok\n"
    result = read(tmp_path, text)
    assert [card.prompt for card in result.cards] == ["Q2"]
    assert [(s.where, s.reason) for s in result.skipped] == [("line 2", "100000 tags; a card may have at most 100")]
