"""Deck YAML to plain data, remembering the line of every mapping key and list entry.

Every scalar stays text (pydantic types the values later) and anchors and aliases are refused.
Kept apart from the loader so that PyYAML is imported only when a deck file must be parsed.
"""

from __future__ import annotations

from typing import Any

import yaml

Loc = tuple[str | int, ...]


def read_yaml(text: str) -> tuple[Any, Lines]:
    """The data in ``text``, and where in the text each key and list entry is.

    Raises YamlDataError naming the line of the first problem.
    """
    try:
        root = yaml.compose(text, Loader=_Composer)
        # An alias needs an anchor, and an anchor needs "&": without one there is nothing to watch for.
        seen: set[int] | None = set() if "&" in text else None
        return (_to_data(root, seen) if root is not None else None), Lines(root)
    except yaml.reader.ReaderError as exc:
        # The reader's own message spans two lines and counts characters, not lines.
        code = exc.character if isinstance(exc.character, int) else 0xFFFD
        at = text.find(chr(code))
        line = text.count("\n", 0, at) + 1 if at >= 0 else 1
        raise YamlDataError(line, f"character U+{code:04X} is not allowed") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise YamlDataError(mark.line + 1 if mark else 1, f"not valid YAML: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise YamlDataError(1, f"not valid YAML: {exc}") from None


class YamlDataError(Exception):
    """The text is not YAML a deck can be: ``line`` (1-based) and ``message`` say where and why."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


class Lines:
    """The line of any key or list entry of a document, looked up when asked.

    Recording every line while reading cost a sixth of reading a large deck;
    only a card's own line and the lines of errors are ever asked for.
    """

    def __init__(self, root: yaml.Node | None):
        self._root = root

    def line_of(self, loc: Loc) -> int:
        """The line of the deepest key or list entry along ``loc`` that the document has (1 for none)."""
        node: Any = self._root
        line = 1
        for part in loc:
            if node.__class__ is yaml.MappingNode:
                pair = next((pair for pair in node.value if pair[0].value == part), None)
                if pair is None:
                    break
                line, node = pair[0].start_mark.line + 1, pair[1]
            elif node.__class__ is yaml.SequenceNode and isinstance(part, int) and 0 <= part < len(node.value):
                node = node.value[part]
                line = node.start_mark.line + 1
            else:
                break
        return line

    def entry_lines(self, keys: tuple[str, ...]) -> list[int]:
        """The line of each entry of the list found under these mapping keys (which the document must have)."""
        node: Any = self._root
        for key in keys:
            node = next(value for key_node, value in node.value if key_node.value == key)
        return [entry.start_mark.line + 1 for entry in node.value]


class _PlainResolver:
    """Tags every scalar as text: values are typed later by pydantic, not by YAML."""

    def descend_resolver(self, current_node: object, current_index: object) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: type, value: str, implicit: object) -> str:
        if kind is yaml.ScalarNode:
            return "tag:yaml.org,2002:str"
        return "tag:yaml.org,2002:seq" if kind is yaml.SequenceNode else "tag:yaml.org,2002:map"


# libyaml's parser when PyYAML was built with it: parsing is most of a load.
try:
    from yaml.cyaml import CParser as _Parser
except ImportError:  # PyYAML built without libyaml
    _Parser = yaml.SafeLoader


class _Composer(_PlainResolver, _Parser):
    pass


_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


def _to_data(node: yaml.Node, seen: set[int] | None) -> Any:
    """Plain Python data from a node.

    ``seen`` collects visited nodes to refuse aliases; None when the text has no anchor to alias.
    The hot loop of a first import: one call per value, so the checks are exact class tests.
    """
    if seen is not None:
        if id(node) in seen:
            # An alias hands back the anchored node again; expanding it could blow up.
            raise YamlDataError(node.start_mark.line + 1, "anchors and aliases are not allowed (anchor set here)")
        seen.add(id(node))
    kind = node.__class__
    if kind is yaml.ScalarNode:
        # Only an unquoted empty or null word is "no value"; quoted text stays text.
        return None if node.style is None and node.value in _NULLS else node.value
    if kind is yaml.SequenceNode:
        return [_to_data(child, seen) for child in node.value]
    if kind is yaml.MappingNode:
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.__class__ is not yaml.ScalarNode:
                raise YamlDataError(key_node.start_mark.line + 1, "keys must be plain words")
            key = key_node.value
            if key in mapping:
                raise YamlDataError(key_node.start_mark.line + 1, f"'{key}' is given twice")
            mapping[key] = _to_data(value_node, seen)
        return mapping
    raise YamlDataError(node.start_mark.line + 1, "unsupported YAML value")
