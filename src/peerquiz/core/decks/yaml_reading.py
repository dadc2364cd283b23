"""Deck YAML to plain data, remembering the line of every mapping key and list entry.

Every scalar stays text whatever its tag (pydantic types the values later), an unquoted empty or
null word is None, keys are plain words given once, an alias is refused at the line of its
anchor, and a value more than 50 levels deep stops the reading. Two readers give exactly this,
from libyaml's parse: a compiled one (_deck_yaml.c), which builds the data straight from libyaml's
events, and PyYAML's composer (pyyaml_reading) where that one was not built. Kept apart from the
loader so that neither loads unless a deck file must be parsed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Loc = tuple[str | int, ...]
# What a reader gives: (value, lines, error); error is None or (kind, line, detail), see read_yaml.
ReadResult = tuple[Any, Any, tuple[str, int, Any] | None]
# A value deeper than this stops the reading (a deck's go four deep): both readers recurse once a level.
MAX_DEPTH = 50
# The depth of a deck's cards (the document is 1, its list of cards 2): the lines read without every_line stop above.
CARD_DEPTH = 3

# Whether the compiled reader's libyaml parses on a thread of its own, beside the reading: not while other processes
# parse on the other cores (parse_pool), where the thread only took turns with them (a first import of 50,000 cards
# took a fourteenth longer).
parse_aside = True

_read_compiled: Callable[[str, int, int, Callable[[], object] | None, bool], ReadResult] | None
try:
    from peerquiz.core.decks._deck_yaml import read as _read_compiled
except ImportError:  # built without a C compiler or libyaml's headers: PyYAML reads
    _read_compiled = None


def read_yaml(text: str, every_line: bool = True, meanwhile: Callable[[], object] | None = None) -> tuple[Any, Lines]:
    """The data in ``text``, and where in the text each key and list entry is.

    Without ``every_line``, only where the document's keys and their lists' entries are (a deck's
    cards): all a deck that validates needs. The lines of every key of every card were a quarter
    of the reading. ``meanwhile`` is called once the reading has started: the compiled reader
    runs libyaml's parse on a thread of its own (see ``parse_aside``), which goes on while it runs.

    Raises YamlDataError naming the line of the first problem.
    """
    lines_depth = MAX_DEPTH + 1 if every_line else CARD_DEPTH
    if _read_compiled is not None:
        value, lines, error = _read_compiled(text, MAX_DEPTH, lines_depth, meanwhile, parse_aside)
    else:
        from peerquiz.core.decks.pyyaml_reading import read

        if meanwhile is not None:
            meanwhile()
        value, lines, error = read(text, MAX_DEPTH, lines_depth)
    if error is None:
        return value, Lines(lines)
    kind, line, detail = error
    if kind == "character":
        # libyaml counts characters, not lines: the line is the one the character is first on.
        at = text.find(chr(detail))
        raise YamlDataError(text.count("\n", 0, at) + 1 if at >= 0 else 1, f"character U+{detail:04X} is not allowed")
    raise YamlDataError(line, detail if kind == "data" else f"not valid YAML: {detail}")


class YamlDataError(Exception):
    """The text is not YAML a deck can be: ``line`` (1-based) and ``message`` say where and why."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


class Lines:
    """The line of any key or list entry of a document.

    Read from the readers' line tree: per mapping {key: (line, lines of its value)}, per list
    [(line, lines of the entry)], None for a scalar (and for a list or mapping below the lines read).
    """

    def __init__(self, tree: Any):
        self._tree = tree

    def line_of(self, loc: Loc) -> int:
        """The line of the deepest key or list entry along ``loc`` that the document has (1 for none)."""
        tree, line = self._tree, 1
        for part in loc:
            found = part in tree if isinstance(tree, dict) else isinstance(tree, list) and isinstance(part, int) and 0 <= part < len(tree)
            if not found:
                break
            line, tree = tree[part]
        return line

    def entry_lines(self, keys: tuple[str, ...]) -> list[int]:
        """The line of each entry of the list found under these mapping keys (which the document must have)."""
        tree = self._tree
        for key in keys:
            tree = tree[key][1]
        return [line for line, _ in tree]
