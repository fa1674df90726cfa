"""Edit YAML as text: find where a key or an item is, and insert or replace exactly there.

Every edit changes one span of the text and nothing else, so comments, order, blank lines and
quoting elsewhere stay as the user wrote them. Nodes come from PyYAML's composer, which gives
the start and end of every node in the text.
"""

from __future__ import annotations

import json
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode


def find_value(mapping: MappingNode, key: str) -> Node | None:
    """The value node of ``key`` in ``mapping``, if the key is there."""
    for key_node, value in mapping.value:
        if isinstance(key_node, ScalarNode) and key_node.value == key:
            found: Node = value
            return found
    return None


def find_line_end(text: str, index: int) -> int:
    """The index where the line that holds ``index`` ends, before its line break."""
    end = text.find("\n", index)
    if end < 0:
        return len(text)
    return end - 1 if end and text[end - 1] == "\r" else end


def find_content_end(text: str, node: Node) -> int:
    """The end of the last line inside ``node`` that is not blank or a comment."""
    lines = text[: node.end_mark.index].splitlines(keepends=True)
    offset = sum(len(line) for line in lines)
    for line in reversed(lines):
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            return offset
        offset -= len(line)
    return offset  # pragma: no cover - a node always has a content line


def insert_at_line_start(text: str, position: int, block: str, newline: str) -> tuple[int, str]:
    """Insert ``block`` (whole lines) at ``position``, starting a new line if needed."""
    if position and text[position - 1] not in "\r\n":
        return position, newline + block.rstrip("\r\n")
    return position, block


def quote(value: Any) -> str:
    """``value`` as a double-quoted YAML scalar (a list as a flow list of them)."""
    # Every string is double-quoted, so `no`, `14:30` or `01067` can never be re-typed.
    if isinstance(value, list):
        return "[" + ", ".join(quote(item) for item in value) + "]"
    return json.dumps(value, ensure_ascii=False)
