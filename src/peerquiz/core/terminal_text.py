"""The one rule for text that can reach the terminal: no control characters, no bidi overrides.

Deck fields, blueprint fields and profile names are shown on the learner's terminal. An escape
(ESC, CSI U+009B, OSC ...) in them could set the clipboard, the window title or clear the
screen; a bidi override could make shown text read differently from what it is.
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, the C1 controls, the bidi embeddings, overrides and isolates.
_UNSAFE = "\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
UNSAFE_CHARACTERS = re.compile(f"[{_UNSAFE}]")
# The same rule as a pattern a whole text must match: the deck models have pydantic match it in Rust.
SAFE_TEXT = f"^[^{_UNSAFE}]*$"


def unsafe_character_problem(text: str) -> str | None:
    """What is wrong with ``text``: the first character that must not reach the terminal, named; None if none."""
    found = UNSAFE_CHARACTERS.search(text)
    return f"control character U+{ord(found.group()):04X} is not allowed" if found else None


def refuse_unsafe_characters(text: str) -> str:
    """``text`` unchanged, or ValueError naming the first character that must not reach the terminal."""
    problem = unsafe_character_problem(text)
    if problem:
        raise ValueError(problem)
    return text


def shown(value: object) -> str:
    """A path or URL echoed back in a message: as given, or escaped (``repr``) when it holds anything unprintable."""
    text = str(value)
    return text if text.isprintable() else repr(text)
