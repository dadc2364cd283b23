"""Writes the hostile-input corpus: deck files, blueprints and profile names, each with the one line it must fail with.

Run from the repository root after changing the table: `python tests/hostile/make_corpus.py`. The inputs hold
raw control characters, so they are written from this readable table rather than edited by hand. Every
expected line starts with the file it names ({file} is replaced by the path the test loads).
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).parent

ESC = "\x1b"
CARD = "  - id: c1\n    kind: basic\n    prompt: P\n    answer: A\n    explanation: E\n    source: S\n"
HEAD = "id: d\ntitle: T\ncards:\n"


def kind(fields: str) -> str:
    """The basic card with its kind and kind-specific fields replaced by ``fields``."""
    return CARD.replace("kind: basic\n    prompt: P\n    answer: A", fields)


def deck(card_fields: str = "", head: str = HEAD, card: str = CARD) -> str:
    return head + card + card_fields


def blueprint(name: str = "N", note: str = "", weight: str = "1", domain: str = "A", extra: str = "") -> str:
    return (f'name = "{name}"\nnote = "{note}"\nquestions = 10\nminutes = 5\npass_percent = 70\n{extra}\n'
            f'[[domains]]\nname = "{domain}"\nweight = {weight}\n')  # fmt: skip


# (file name, content, expected line)
DECKS: list[tuple[str, str | bytes, str]] = [
    ("osc52-tag.yaml", deck('    tags: ["x\\e]52;c;UFdORUQ=\\e\\\\"]\n'),
     "{file}:10: tags.0: control character U+001B is not allowed"),
    ("window-title-tag.yaml", deck('    tags: ["ok", "x\\e]0;HACKED-TITLE\\e\\\\"]\n'),
     "{file}:10: tags.1: control character U+001B is not allowed"),
    ("clear-screen-tag.yaml", deck('    tags: ["\\e[2J"]\n'), "{file}:10: tags.0: control character U+001B is not allowed"),
    ("title-escape.yaml", deck(head='id: d\ntitle: "T\\e]0;T\\a"\ncards:\n'),
     "{file}:2: title: control character U+001B is not allowed"),
    ("description-bell.yaml", deck(head='id: d\ntitle: T\ndescription: "ding\\a"\ncards:\n'),
     "{file}:3: description: control character U+0007 is not allowed"),
    ("deck-domain-csi.yaml", deck(head='id: d\ntitle: T\ndomain: "x\\u009b2J"\ncards:\n'),
     "{file}:3: domain: control character U+009B is not allowed"),
    ("prompt-bidi.yaml", deck(card=CARD.replace("prompt: P", 'prompt: "abc\\u202edef"')),
     "{file}:6: prompt: control character U+202E is not allowed"),
    ("answer-isolate.yaml", deck(card=CARD.replace("answer: A", 'answer: "A\\u2066"')),
     "{file}:7: answer: control character U+2066 is not allowed"),
    ("explanation-nul.yaml", deck(card=CARD.replace("explanation: E", 'explanation: "E\\0"')),
     "{file}:8: explanation: control character U+0000 is not allowed"),
    ("source-del.yaml", deck(card=CARD.replace("source: S", 'source: "S\\x7f"')),
     "{file}:9: source: control character U+007F is not allowed"),
    ("choice-escape.yaml",
     deck(card='  - id: c1\n    kind: mcq\n    prompt: P\n    choices: ["A", "B\\e[31m"]\n    answer: A\n'
               "    explanation: E\n    source: S\n"),
     "{file}:7: choices.1: control character U+001B is not allowed"),
    ("raw-escape.yaml", deck(head=f"id: d\ntitle: T{ESC}[2J\ncards:\n"), "{file}:2: character U+001B is not allowed"),
    ("raw-c1.yaml", deck(head="id: d\ntitle: T\x9b2J\ncards:\n"), "{file}:2: character U+009B is not allowed"),
    ("markup-deck-id.yaml", deck(head="id: '[/]'\ntitle: T\ncards:\n"),
     "{file}:1: id: String should match pattern '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$'"),
    ("tag-with-space.yaml", deck('    tags: ["two words"]\n'), "{file}:10: tags.0: a tag is one word: no spaces"),
    ("cloze-c0.yaml", deck(card=kind('kind: cloze\n    text: "{{c0::x}}"')),
     "{file}:6: text: gap {{c0::x}} must be numbered from c1"),
    ("cloze-empty.yaml", deck(card=kind('kind: cloze\n    text: "{{c1::}}"')),
     "{file}:6: text: gap {{c1::}} has no answer"),
    ("cloze-hint-only.yaml",
     deck(card=kind('kind: cloze\n    text: "{{c1::::hint}}"')),
     "{file}:6: text: gap {{c1::::hint}} has no answer"),
    ("cloze-nested.yaml",
     deck(card=kind('kind: cloze\n    text: "{{c1::a {{c2::b}} c}}"')),
     "{file}:6: text: gap {{c1::a {{c2::b}} holds another gap; gaps cannot be nested"),
    ("ordering-nfc.yaml",
     deck(card=kind('kind: ordering\n    prompt: P\n    items: ["caf\\u00e9", "cafe\\u0301"]')),
     "{file}:7: items: items must be different from each other"),
    ("ordering-nfkc.yaml",
     deck(card=kind('kind: ordering\n    prompt: P\n    items: ["\\ufb01le", "file"]')),
     "{file}:7: items: items must be different from each other"),
    ("billion-laughs.yaml", "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n",
     "{file}:1: anchors and aliases are not allowed (anchor set here)"),
    ("python-tag.yaml", "id: !!python/object/apply:os.system ['echo hi']\ntitle: T\ncards:\n" + CARD,
     "{file}:1: id: Input should be a valid string"),
    ("not-utf8.yaml", b"id: d\ntitle: \xff\xfe\ncards:\n", "{file}:1: file is not UTF-8 text"),
    ("deep-nesting.yaml", "id: d\ntitle: T\ncards: " + "[" * 900 + "]" * 900 + "\n",
     "{file}:3: values are nested more than 50 levels deep"),
    ("alias-as-key.yaml", "id: &i d\ntitle: T\n*i : x\ncards:\n" + CARD,
     "{file}:1: anchors and aliases are not allowed (anchor set here)"),
]

BLUEPRINTS: list[tuple[str, str, str]] = [
    ("name-osc52.toml", blueprint(name="\\u001b]52;c;UFdORUQ=\\u0007"), "{file}:1: name: control character U+001B is not allowed"),
    ("note-title.toml", blueprint(note="\\u001b]0;HACKED\\u0007"), "{file}:2: note: control character U+001B is not allowed"),
    ("domain-bidi.toml", blueprint(domain="A\\u202e"), "{file}:8: domains.0.name: control character U+202E is not allowed"),
    ("weight-nan.toml", blueprint(weight="nan"), "{file}:9: domains.0.weight: Input should be a finite number"),
    ("weight-inf.toml", blueprint(weight="inf"), "{file}:9: domains.0.weight: Input should be a finite number"),
    ("raw-escape.toml", blueprint(name=f"N{ESC}[2J"),
     "{file}: not valid TOML: Illegal character '\\x1b' (at line 1, column 10)"),
    ("unknown-field.toml", blueprint(extra='colour = "red"'), "{file}:6: colour: is not a known field"),
]

# (profile name, expected line)
PROFILES: list[tuple[str, str]] = [
    ("Ana\x9b2J", "profile name 'Ana\\x9b2J' must be 1 to 40 printable characters"),
    ("Ana\u202eX", "profile name 'Ana\\u202eX' must be 1 to 40 printable characters"),
    ("\x1b]0;T\x07", "profile name '\\x1b]0;T\\x07' must be 1 to 40 printable characters"),
    ("", "profile name '' must be 1 to 40 printable characters"),
]


def main() -> None:
    for folder, table in (("decks", DECKS), ("blueprints", BLUEPRINTS)):
        target = HERE / folder
        target.mkdir(exist_ok=True)
        expected = {}
        for name, content, line in table:
            data = content if isinstance(content, bytes) else content.encode("utf-8")
            (target / name).write_bytes(data)
            expected[name] = line
        (target / "expected.json").write_text(json.dumps(expected, indent=1, ensure_ascii=True) + "\n", encoding="utf-8")
    profiles = [{"name": name, "error": line} for name, line in PROFILES]
    (HERE / "profiles.json").write_text(json.dumps(profiles, indent=1, ensure_ascii=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
