from peerquiz.core.study.grading import cloze_parts, cloze_text

TEXT = "Four dimensions: {{c1::health}}, {{c2::home::a place}} and {{c1::purpose}}."


def test_cloze_parts_mark_only_the_asked_gap():
    assert cloze_parts(TEXT, 2) == [
        ("Four dimensions: ", False),
        ("health", False),
        (", ", False),
        ("[a place]", True),
        (" and ", False),
        ("purpose", False),
        (".", False),
    ]


def test_revealed_cloze_parts_show_every_piece_of_the_gap_in_place():
    revealed = cloze_parts(TEXT, 1, reveal=True)
    assert [piece for piece, is_gap in revealed if is_gap] == ["health", "purpose"]
    assert "".join(piece for piece, _ in revealed) == cloze_text(TEXT, None)


def test_cloze_text_hides_the_gap_behind_its_mark():
    assert cloze_text(TEXT, 1) == "Four dimensions: [...], home and [...]."
