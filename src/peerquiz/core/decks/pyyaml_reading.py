"""Deck YAML read through PyYAML's composer: where the compiled reader (_deck_yaml.c) was not built.

Both give the same answer for any text, as ``read(text, max_depth, lines_depth)``: (value, lines, error), with
lines and errors as yaml_reading describes them (tests/test_yaml_readers.py; the one exception, a
thousand levels of nesting on one line, both refuse with their own message). PyYAML composes the
whole document into nodes before its data is read out of them, so an error in the YAML itself
outranks one in the data.
"""

from __future__ import annotations

from typing import Any

import yaml


def read(text: str, max_depth: int, lines_depth: int) -> tuple[Any, Any, tuple[str, int, Any] | None]:
    composer = _Composer(text, max_depth)
    try:
        root = composer.get_single_node()
        # An alias needs an anchor, and an anchor needs "&": without one there is nothing to watch for.
        value, lines = _to_data(root, set() if "&" in text else None, lines_depth - 1) if root is not None else (None, None)
    except _DataError as exc:  # nested too deep (composing stops there), or a problem in the data
        return None, None, ("data", exc.line, exc.message)
    except yaml.reader.ReaderError as exc:
        return None, None, ("character", 1, exc.character if isinstance(exc.character, int) else 0xFFFD)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        return None, None, ("yaml", mark.line + 1 if mark else 1, str(exc.problem or exc.context))
    except yaml.YAMLError as exc:
        return None, None, ("yaml", 1, str(exc))
    finally:
        composer.dispose()
    return value, lines, None


class _DataError(Exception):
    def __init__(self, line: int, message: str):
        self.line = line
        self.message = message


_NULLS = frozenset({"", "~", "null", "Null", "NULL"})

# libyaml's parser when PyYAML was built with it: parsing is most of a load.
try:
    from yaml.cyaml import CParser as _Parser
except ImportError:  # PyYAML built without libyaml
    _Parser = yaml.SafeLoader


class _Composer(_Parser):
    """Tags every scalar as text (values are typed later by pydantic, not by YAML), and stops at a value too deep."""

    def __init__(self, stream: str, max_depth: int):
        super().__init__(stream)
        self._depth = 0
        self._max_depth = max_depth

    def descend_resolver(self, parent: yaml.Node | None, index: object) -> None:
        self._depth += 1
        if self._depth > self._max_depth:
            assert parent is not None  # the document itself is at depth 1
            raise _DataError(parent.start_mark.line + 1, f"values are nested more than {self._max_depth} levels deep")

    def ascend_resolver(self) -> None:
        self._depth -= 1

    def resolve(self, kind: type, value: str, implicit: object) -> str:
        if kind is yaml.ScalarNode:
            return "tag:yaml.org,2002:str"
        return "tag:yaml.org,2002:seq" if kind is yaml.SequenceNode else "tag:yaml.org,2002:map"


def _to_data(node: yaml.Node, seen: set[int] | None, lines_below: int) -> tuple[Any, Any]:
    """Plain data from a node, and its lines: None for a list or mapping with no ``lines_below`` it (0 or less).

    ``seen`` collects visited nodes to refuse aliases (an alias hands back its anchored node
    again); None when the text has no anchor to alias.
    """
    if seen is not None:
        _visit(node, seen)
    kind = node.__class__
    if kind is yaml.ScalarNode:
        # Only an unquoted empty or null word is "no value": libyaml's parser calls the plain style "", PyYAML's own None.
        return (None if not node.style and node.value in _NULLS else node.value), None
    if kind is yaml.SequenceNode:
        items, lines = [], []
        for child in node.value:
            value, child_lines = _to_data(child, seen, lines_below - 1)
            items.append(value)
            lines.append((child.start_mark.line + 1, child_lines))
        return items, (lines if lines_below > 0 else None)
    mapping: dict[str, Any] = {}
    where: dict[str, Any] = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1
        if seen is not None:
            _visit(key_node, seen)
        if key_node.__class__ is not yaml.ScalarNode:
            raise _DataError(line, "keys must be plain words")
        key = key_node.value
        if key in mapping:
            raise _DataError(line, f"'{key}' is given twice")
        mapping[key], value_lines = _to_data(value_node, seen, lines_below - 1)
        where[key] = (line, value_lines)
    return mapping, (where if lines_below > 0 else None)


def _visit(node: yaml.Node, seen: set[int]) -> None:
    if id(node) in seen:
        raise _DataError(node.start_mark.line + 1, "anchors and aliases are not allowed (anchor set here)")
    seen.add(id(node))
