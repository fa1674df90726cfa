"""Where things are in a text: lines and columns as an editor counts them, and the source map.

Lines and columns are counted as an editor counts them: a line ends at LF, CR LF or CR only. YAML
also breaks lines at U+0085, U+2028 and U+2029, which editors show inside a line; so every
position is computed from the character offset of its node (:class:`LineIndex`), never from
PyYAML's own line count.

A :class:`SourceMap` is not YAML's alone: the participant tables (CSV, XLSX) and the command line
fill one too, so that every diagnostic can point at a file, a line and a column.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

import yaml

from facilitation.errors import Location, YamlPath


class Position(NamedTuple):
    """A 1-based line and column, and how many characters the node spans on that line.

    A named tuple: a file of ten thousand nodes makes twenty thousand of them.
    """

    line: int
    column: int
    span: int = 1


_LINE_END = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """The lines of ``text`` as an editor shows them: split at LF, CR LF and CR only.

    Unlike :meth:`str.splitlines`, a vertical tab, a form feed, U+0085, U+2028 or U+2029 stays
    inside its line. A line break at the end does not start another line.
    """
    lines = _LINE_END.split(text)
    if lines[-1] == "":
        lines.pop()
    return lines


class LineIndex:
    """Turns character offsets in a text into the lines and columns an editor shows."""

    def __init__(self, text: str) -> None:
        self._starts = [0, *(match.end() for match in _LINE_END.finditer(text))]

    def position(self, offset: int) -> tuple[int, int]:
        """The 1-based line and column of the character at ``offset``."""
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1

    def mark(self, mark: yaml.Mark) -> tuple[int, int]:
        """The line and column of a PyYAML mark, from its offset (not its own line count)."""
        return self.position(mark.index)


def mark_location(file: str, index: LineIndex, mark: yaml.Mark | None, span: int = 1) -> Location:
    """The location of a PyYAML mark in ``file``, counted by ``index``; the file alone if none."""
    if mark is None:
        return Location(file)
    line, column = index.mark(mark)
    return Location(file, line, column, span)


@dataclass
class SourceMap:
    """The text of one file and the position of every node and key in it."""

    file: str
    #: The file's lines as an editor counts them (see :func:`split_lines`).
    lines: list[str]
    values: dict[YamlPath, Position] = field(default_factory=dict)
    keys: dict[YamlPath, Position] = field(default_factory=dict)
    #: Finds, when asked, the position of a path that ``values`` does not hold: for a file with
    #: more positions than are worth keeping as objects (the cells of a participant file).
    more: Callable[[YamlPath], Position | None] | None = None

    def locate(self, path: YamlPath = (), *, key: bool = False) -> Location:
        """Return the location of ``path``; fall back to the nearest ancestor that exists.

        With ``key=True`` the location is the key of a mapping entry (for unknown or duplicate
        keys), otherwise its value.
        """
        probe = path
        while True:
            position = (self.keys if key else self.values).get(probe) or self.values.get(probe)
            if position is None and self.more is not None:
                position = self.more(probe)
            if position is not None or not probe:
                break
            probe = probe[:-1]
        if position is None:
            return Location(self.file, 1, 1) if self.lines else Location(self.file)
        return Location(self.file, position.line, position.column, position.span)

    def line_text(self, line: int) -> str | None:
        """The source line ``line`` (1-based), if the file has it."""
        if 1 <= line <= len(self.lines):
            return self.lines[line - 1]
        return None


def describe_character(char: str) -> str:
    """``U+2028 (LINE SEPARATOR)``: the code point and, when Unicode has one, its name."""
    code = f"U+{ord(char):04X}"
    name = unicodedata.name(char, "")
    if not name:
        name = {
            "\x0b": "LINE TABULATION",
            "\x0c": "FORM FEED",
            "\x1c": "FILE SEPARATOR",
            "\x1d": "GROUP SEPARATOR",
            "\x1e": "RECORD SEPARATOR",
            "\x85": "NEXT LINE",
        }.get(char, "")
    return f"{code} ({name})" if name else code
