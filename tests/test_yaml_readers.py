"""The two deck YAML readers give the same data, lines and errors for any text.

The compiled reader (_deck_yaml.c) builds the data straight from libyaml's events; the other
reads PyYAML's composed nodes, where the compiled one was not built. Each text here goes to both.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peerquiz.core.decks import pyyaml_reading, yaml_reading
from peerquiz.core.decks.loader import DeckLoadError, parse_deck

from .conftest import FIXTURES

compiled = pytest.importorskip("peerquiz.core.decks._deck_yaml", reason="the compiled reader was not built here")

ROOT = Path(__file__).parent.parent
DECK_FILES = sorted(
    [*ROOT.glob("decks/**/*.yaml"), *FIXTURES.glob("*.yaml"), *(ROOT / "tests").glob("hostile/decks/*.yaml"),
     *(ROOT / "tests").glob("lint_fixtures*/**/*.yaml")]
)  # fmt: skip


def both(text: str) -> tuple[object, object]:
    """Each reader's answers: with every line, and with the lines of a deck's cards only (as the loader reads first)."""
    depths = (yaml_reading.MAX_DEPTH + 1, yaml_reading.CARD_DEPTH)
    return ([compiled.read(text, yaml_reading.MAX_DEPTH, depth) for depth in depths],
            [pyyaml_reading.read(text, yaml_reading.MAX_DEPTH, depth) for depth in depths])  # fmt: skip


def test_the_deck_files_here_read_alike():
    assert len(DECK_FILES) > 30
    for path in DECK_FILES:
        text = path.read_bytes().decode("utf-8", errors="replace")  # a file that is not UTF-8 is refused before reading
        ours, pyyaml = both(text)
        assert ours == pyyaml, path


@pytest.mark.parametrize(
    "text",
    [
        "", "# a comment only\n", "---\n", "---\n...\n", "a: 1\n---\nb: 2\n", "a: 1\n...\n# after\n",
        "a: ~\nb:\nc: null\nd: NULL\ne: Null\nf: nULL\ng: ''\nh: \"~\"\ni: |\n  ~\n",
        "&a x\n", "{&a k: 1, x: *a}\n", "{x: &a k, *a : 1}\n", "- &a [*a]\n", "a: *b\n", "a: &x 1\nb: &x 2\n",
        "? [a]\n: 1\n", "? {a: 1}\n: 2\nb: *x\n", "a: 1\na: 2\n", "a: [b: 1\n", "a: \x07\n", "a: b\x85c\n",
        "!!str a\n", "a: !!python/object:os.system x\n", "! a\n", "a: !local {b: 1}\n", "\ufeffa: 1\n",
        "a:\n  - b\n  -\n  - - c\n    - d\n", "a: 'it''s'\nb: \"tab\\tescape\\u2028\"\n", "a: >\n  folded\n  text\n",
        "a: b\r\nc: d\r\n", "a: b\rc: d\n", "\ta: 1\n", "a: @x\n", "a: `x\n", "[" * 60 + "]" * 60,
        "a: " + "[" * 49 + "]" * 49, "? " + "[" * 60 + "]" * 60 + "\n: v\n", "a: " + "[" * 60 + "*q" + "]" * 60,
        "a: &r [1, *r]\n", "- a\n- *nope\n", "{a: 1, a: *b}\n", "%YAML 1.1\n---\na: 1\n", "%TAG ! tag:x,2000:\n--- !y a\n",
    ],
)  # fmt: skip
def test_awkward_texts_read_alike(text: str):
    ours, pyyaml = both(text)
    assert ours == pyyaml


# Pieces of YAML: put together at random they make documents both good and broken in most of the ways a hand-written
# deck can be, which both readers must take alike.
PIECES = st.sampled_from(
    ["a", "b:", "c: d", "- ", "-", "  ", "    ", "\n", ": ", "? ", "~", "null", "''", '""', "'x'", '"y\\n"', "[", "]",
     "{", "}", ", ", "&a ", "*a", "&b ", "*b", "!!str ", "! ", "!x ", "|\n", ">-\n", "# c", "---\n", "...\n", "\t",
     "id: d", "cards:", "  - id: c1", "    kind: basic", "é", "\u2028", "\x85", "\x1b", "%", "@", "key: value"]
)  # fmt: skip


@settings(max_examples=3000, deadline=None)
@given(st.lists(PIECES, max_size=40).map("".join))
def test_random_documents_read_alike(text: str):
    ours, pyyaml = both(text)
    assert ours == pyyaml


@settings(max_examples=1000, deadline=None)
@given(st.text(max_size=300))
def test_any_text_reads_alike(text: str):
    ours, pyyaml = both(text)
    assert ours == pyyaml


TEXTS = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12) | st.sampled_from(
    ["", "~", "null", "yes", "0x1F", "1e3", "- a", "a: b", "#", "'", '"', "\n", "  lead", "trail  ", "é\u2028x"]
)
DATA = st.recursive(
    TEXTS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXTS, inner, max_size=4), max_leaves=40
)


@settings(max_examples=1000, deadline=None)
@given(DATA, st.sampled_from([None, True, False]), st.integers(20, 120), st.booleans())
def test_written_data_reads_alike(data: object, flow: bool | None, width: int, unicode: bool):
    # Data written out by PyYAML in its styles: nested lists and mappings, and text in every quoting.
    import yaml

    text = yaml.safe_dump(data, default_flow_style=flow, width=width, allow_unicode=unicode, sort_keys=False)
    ours, pyyaml = both(text)
    assert ours == pyyaml


@settings(max_examples=500, deadline=None)
@given(st.data())
def test_edited_deck_files_read_alike(data: st.DataObject):
    # A real deck with a few characters put in or taken out: mostly the errors of a slip while editing.
    text = (FIXTURES / "mixed.yaml").read_text(encoding="utf-8")
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(text)))
        if data.draw(st.booleans()):
            text = text[:at] + data.draw(st.sampled_from([":", "-", " ", "\n", "'", '"', "&x ", "*x", "[", "{", "#", "~", "?"])) + text[at:]
        else:
            text = text[:at] + text[at + data.draw(st.integers(1, 5)) :]
    ours, pyyaml = both(text)
    assert ours == pyyaml


@pytest.mark.parametrize("text", ["[" * 1100 + "]" * 1100, "a: " + "[" * 200_000])
def test_nesting_a_thousand_deep_on_one_line_is_refused_by_both(text: str):
    # The one known difference: PyYAML's own libyaml stops a thousand levels deep while it looks ahead on the
    # line, before any value reaches the readers' limit. Both refuse the file, with their own messages.
    assert compiled.read(text, 50, 51) == (None, None, ("data", 1, "values are nested more than 50 levels deep"))
    assert pyyaml_reading.read(text, 50, 51)[2] is not None


# More events than the compiled reader's parser runs ahead of the reading (65,536): it waits for the reading.
LONG_LIST = "- a\n" * 70_000


@pytest.mark.parametrize("end", ["", "- [b\n", "- *x\n", "- b: c\n  b: d\n", "- \x07\n"])
def test_a_text_longer_than_the_events_parsed_ahead_reads_alike_to_its_end(end: str):
    ours, pyyaml = both(LONG_LIST + end)
    assert ours == pyyaml
    if end:  # the error is the one at the end, on its line
        assert ours[0][2][1] in (1, 70_001, 70_002), ours[0][2]


def test_a_reading_stopped_near_the_start_of_a_long_text_gives_its_error_and_the_next_reads_in_full():
    # The compiled reader's parser is far ahead when the reading stops, and waits for room: it is stopped too.
    text = "- " + "[" * 60 + "]" * 60 + "\n" + LONG_LIST
    ours, pyyaml = both(text)
    assert ours == pyyaml
    assert ours[0] == (None, None, ("data", 1, "values are nested more than 50 levels deep"))
    value, _, error = compiled.read(LONG_LIST, 50, 3)
    assert error is None and len(value) == 70_000


@pytest.mark.parametrize("text", [LONG_LIST, LONG_LIST + "- [b\n", "- " + "[" * 60 + "]" * 60 + "\n" + LONG_LIST, "a: \x07"])
def test_libyaml_parsing_in_the_reading_rather_than_aside_reads_alike(text: str):
    # Where worker processes parse on the other cores, libyaml parses each block of events as the reading needs it.
    assert compiled.read(text, 50, 51, None, False) == compiled.read(text, 50, 51, None, True)


@pytest.mark.parametrize("reader", ["compiled", "pyyaml"])
def test_what_is_done_meanwhile_runs_once_per_reading_and_its_error_stops_it(monkeypatch, reader: str):
    monkeypatch.setattr(yaml_reading, "_read_compiled", compiled.read if reader == "compiled" else None)
    calls = []
    data, lines = yaml_reading.read_yaml(LONG_LIST, meanwhile=lambda: calls.append("built"))
    assert calls == ["built"] and len(data) == 70_000 and lines.line_of((69_999,)) == 70_000

    def fails() -> None:
        raise RuntimeError("no models")

    with pytest.raises(RuntimeError, match="no models"):
        yaml_reading.read_yaml(LONG_LIST, meanwhile=fails)
    assert yaml_reading.read_yaml("a: b\n")[0] == {"a": "b"}


def test_the_compiled_reader_is_the_one_used_where_it_was_built():
    assert yaml_reading._read_compiled is compiled.read


def test_an_unquoted_empty_or_null_word_is_no_value_and_a_quoted_one_is_text(monkeypatch):
    text = "id: d\ntitle: D\ndescription: ~\ndomain:\ncards:\n  - id: c1\n    kind: basic\n    prompt: 'null'\n" \
           "    answer: '~'\n    explanation: E.\n    source: S.\n"  # fmt: skip
    for reader in (compiled.read, None):  # None: PyYAML's composer, as where the compiled reader was not built
        monkeypatch.setattr(yaml_reading, "_read_compiled", reader)
        deck = parse_deck(text, "deck.yaml")
        assert (deck.description, deck.domain, deck.cards[0].prompt, deck.cards[0].answer) == (None, None, "null", "~")


def test_an_alias_used_as_a_key_is_refused_as_any_alias(monkeypatch):
    text = "id: &k d\ntitle: D\n*k : x\ncards: []\n"
    for reader in (compiled.read, None):
        monkeypatch.setattr(yaml_reading, "_read_compiled", reader)
        with pytest.raises(DeckLoadError) as caught:
            parse_deck(text, "deck.yaml")
        assert [str(e) for e in caught.value.errors] == ["deck.yaml:1: anchors and aliases are not allowed (anchor set here)"]
