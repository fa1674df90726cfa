"""Read YAML exactly as written: plain text values, positions for every node, hard limits.

PyYAML composes the node graph with our own :class:`_StrictComposer` (a ``SafeLoader`` subclass);
we then build plain data from the nodes ourselves. Every scalar stays the text the user typed
(``9:00`` is not 540, ``no`` is not ``False``, ``01067`` is not 567); pydantic types it later, field
by field. Only a plain empty value, ``~`` or ``null`` becomes ``None``.

Why: PyYAML's YAML 1.1 resolvers turn times into integers and words into booleans, accept
duplicate keys silently, expand alias bombs into millions of objects and build Python objects from
tags. Reading nodes ourselves closes all of these at once, and gives every key and item a file,
line and column for the diagnostics.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from facilitation import codes
from facilitation.errors import Diagnostic, Location, YamlPath

#: Files larger than this are refused before parsing.
MAX_FILE_BYTES = 4 * 1024 * 1024
#: Deepest nesting of mappings and lists that a file may have.
MAX_DEPTH = 64
#: How many nodes aliases may expand to, in all (a guard against "billion laughs" files).
MAX_ALIAS_NODES = 10_000

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
#: Tags that YAML itself gives to plain values; any other tag was written by hand.
_STANDARD_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in (
        "str", "int", "float", "bool", "null", "timestamp", "map", "seq", "merge", "value",
        "binary", "omap", "pairs", "set",
    )
)  # fmt: skip


@dataclass(frozen=True)
class Position:
    """A 1-based line and column, and how many characters the node spans on that line."""

    line: int
    column: int
    span: int = 1


@dataclass
class SourceMap:
    """The text of one file and the position of every node and key in it."""

    file: str
    lines: list[str]
    values: dict[YamlPath, Position] = field(default_factory=dict)
    keys: dict[YamlPath, Position] = field(default_factory=dict)

    def locate(self, path: YamlPath = (), *, key: bool = False) -> Location:
        """Return the location of ``path``; fall back to the nearest ancestor that exists.

        With ``key=True`` the location is the key of a mapping entry (for unknown or duplicate
        keys), otherwise its value.
        """
        probe = path
        while True:
            position = (self.keys if key else self.values).get(probe) or self.values.get(probe)
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


@dataclass
class ParsedYaml:
    """Plain data from a YAML file, its source map and the problems found while reading it."""

    data: Any
    source: SourceMap
    diagnostics: list[Diagnostic]

    @property
    def ok(self) -> bool:
        """True when the file was read without errors."""
        return not self.diagnostics


class _TooDeepError(Exception):
    def __init__(self, mark: yaml.Mark) -> None:
        self.mark = mark


class _StrictComposer(yaml.SafeLoader):
    """The pure-Python composer, with a depth limit (used when libyaml is not installed)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _TooDeepError(event.start_mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def read_text(path: Path, file: str) -> tuple[str | None, list[Diagnostic]]:
    """Read ``path`` as UTF-8 text (a BOM is allowed), within the size limit.

    Returns the text, or ``None`` and the diagnostics that say why it could not be read.
    """
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [
                Diagnostic(
                    codes.FILE_TOO_LARGE,
                    f"the file is {size / 1048576:.1f} MB; files up to "
                    f"{MAX_FILE_BYTES // 1048576} MB are read",
                    Location(file),
                    hint="split it, or keep long lists such as participants in a CSV file",
                )
            ]
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, [Diagnostic(codes.FILE_NOT_FOUND, "the file does not exist", Location(file))]
    except IsADirectoryError:
        return None, [
            Diagnostic(codes.FILE_NOT_FOUND, "this is a folder, not a file", Location(file))
        ]
    except OSError as error:
        reason = error.strerror or str(error)
        return None, [
            Diagnostic(codes.FILE_NOT_FOUND, f"the file cannot be read: {reason}", Location(file))
        ]
    return decode_utf8(raw, file)


def decode_utf8(raw: bytes, file: str) -> tuple[str | None, list[Diagnostic]]:
    """Decode ``raw`` as UTF-8 (with or without BOM); name the byte position if it is not."""
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        start = error.start
        before = raw[:start]
        line = before.count(b"\n") + 1
        column = start - (before.rfind(b"\n") + 1) + 1
        return None, [
            Diagnostic(
                codes.NOT_UTF8,
                f"the byte at offset {start} (0x{raw[start]:02X}) is not valid UTF-8; "
                "the file must be saved as UTF-8",
                Location(file, line, column),
                hint="in your editor, choose 'Save with encoding' and pick UTF-8",
            )
        ]


def parse_yaml(text: str, file: str) -> ParsedYaml:
    """Parse ``text`` (the content of ``file``) into plain data with positions."""
    lines = text.splitlines()
    source = SourceMap(file, lines)
    composer: yaml.SafeLoader | yaml.CSafeLoader | None = None
    try:
        # NOTE: libyaml composes ten times faster and stops at 1000 levels of nesting by itself;
        # the pure-Python composer needs our own depth limit to avoid a RecursionError.
        composer = yaml.CSafeLoader(text) if yaml.__with_libyaml__ else _StrictComposer(text)
        node = composer.get_single_node()
    except _TooDeepError as error:
        return ParsedYaml(None, source, [_too_deep(file, error.mark)])
    except yaml.MarkedYAMLError as error:
        return ParsedYaml(None, source, [_syntax_diagnostic(error, source)])
    except yaml.reader.ReaderError as error:
        return ParsedYaml(None, source, [_reader_error(error, text, file)])
    except RecursionError:
        return ParsedYaml(None, source, [_too_deep(file, None)])
    finally:
        if composer is not None:
            composer.dispose()

    diagnostics: list[Diagnostic] = []
    if node is None:
        diagnostics.append(
            Diagnostic(
                codes.NOT_A_MAPPING,
                "the file is empty",
                Location(file, 1, 1),
                hint="start from a blueprint: facilitation new FILE --blueprint NAME",
            )
        )
        return ParsedYaml(None, source, diagnostics)
    builder = _Builder(source, diagnostics)
    data = builder.build(node, ())
    if not isinstance(node, MappingNode):
        what = {ScalarNode: "a single text", SequenceNode: "a list"}.get(type(node), "a value")
        diagnostics.append(
            Diagnostic(
                codes.NOT_A_MAPPING,
                f"the file holds {what}, but a mapping of keys (such as `workshop:` and `days:`) "
                "was expected",
                source.locate(()),
                hint="each top-level entry is written `key: value`, starting at the first column",
            )
        )
        data = None
    return ParsedYaml(data if not diagnostics else None, source, diagnostics)


def load_yaml_file(path: Path, file: str | None = None) -> ParsedYaml:
    """Read and parse the YAML file at ``path``; ``file`` is the name shown in diagnostics."""
    shown = file if file is not None else str(path)
    text, diagnostics = read_text(path, shown)
    if text is None:
        return ParsedYaml(None, SourceMap(shown, []), diagnostics)
    return parse_yaml(text, shown)


class _Builder:
    """Walks composed nodes into plain data, recording positions and checking keys."""

    def __init__(self, source: SourceMap, diagnostics: list[Diagnostic]) -> None:
        self.source = source
        self.diagnostics = diagnostics
        self.seen: set[int] = set()
        self.alias_nodes = 0
        self.in_alias = 0
        self.stopped = False

    def build(self, node: Node, path: YamlPath) -> Any:
        if self.stopped:
            return None
        if len(path) > MAX_DEPTH:
            self.diagnostics.append(_too_deep(self.source.file, node.start_mark))
            self.stopped = True
            return None
        repeated = id(node) in self.seen
        self.seen.add(id(node))
        if repeated:
            self.in_alias += 1
        try:
            if self.in_alias:
                self.alias_nodes += 1
                if self.alias_nodes > MAX_ALIAS_NODES:
                    self.diagnostics.append(
                        Diagnostic(
                            codes.ALIAS_LIMIT,
                            f"aliases (`*name`) expand to more than {MAX_ALIAS_NODES:,} values; "
                            "the file is refused",
                            _mark_location(self.source.file, node.start_mark),
                            hint="write the repeated parts out, or use a blueprint",
                        )
                    )
                    self.stopped = True
                    return None
            if path not in self.source.values:
                self.source.values[path] = _position(node)
            if node.tag not in _STANDARD_TAGS and not repeated:
                self._refuse_tag(node)
            return self._build_node(node, path)
        finally:
            if repeated:
                self.in_alias -= 1

    def _build_node(self, node: Node, path: YamlPath) -> Any:
        if isinstance(node, ScalarNode):
            if not node.style and node.value in _NULLS:
                return None
            return node.value
        if isinstance(node, SequenceNode):
            return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
        assert isinstance(node, MappingNode)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self._key(key_node)
            if key is None:
                continue
            key_path = (*path, key)
            if key in result:
                first = self.source.keys[key_path]
                self.diagnostics.append(
                    Diagnostic(
                        codes.DUPLICATE_KEY,
                        f"the key `{key}` appears twice in this mapping "
                        f"(first on line {first.line})",
                        _mark_location(self.source.file, key_node.start_mark, len(key)),
                        hint="keep one of them; YAML does not merge repeated keys",
                    )
                )
                continue
            self.source.keys[key_path] = _position(key_node)
            result[key] = self.build(value_node, key_path)
        return result

    def _refuse_tag(self, node: Node) -> None:
        tag = _short_tag(node.tag)
        self.diagnostics.append(
            Diagnostic(
                codes.TAG_NOT_ALLOWED,
                f"the tag `{tag}` is not allowed; values are plain text, lists and mappings",
                _mark_location(self.source.file, node.start_mark, len(tag)),
                hint="remove the tag",
            )
        )

    def _key(self, node: Node) -> str | None:
        if isinstance(node, ScalarNode) and not node.style and node.value == "<<":
            problem = "merge keys (`<<`) are not supported"
        elif not isinstance(node, ScalarNode):
            problem = "a key must be plain text, not a list or a mapping"
        else:
            return str(node.value)
        self.diagnostics.append(
            Diagnostic(
                codes.BAD_KEY,
                problem,
                _mark_location(self.source.file, node.start_mark),
                hint="write the keys out in full",
            )
        )
        return None


def _position(node: Node) -> Position:
    start, end = node.start_mark, node.end_mark
    span = end.column - start.column if end.line == start.line and end.column > start.column else 1
    return Position(start.line + 1, start.column + 1, span)


def _mark_location(file: str, mark: yaml.Mark | None, span: int = 1) -> Location:
    if mark is None:
        return Location(file)
    return Location(file, mark.line + 1, mark.column + 1, span)


def _too_deep(file: str, mark: yaml.Mark | None) -> Diagnostic:
    return Diagnostic(
        codes.TOO_DEEP,
        f"the data is nested more than {MAX_DEPTH} levels deep; the file is refused",
        _mark_location(file, mark),
        hint="a workshop file needs only a few levels: workshop, days, sessions, groups",
    )


def _reader_error(error: yaml.reader.ReaderError, text: str, file: str) -> Diagnostic:
    line, column = _line_col(text, error.position)
    character = error.character
    shown = f"U+{character:04X}" if isinstance(character, int) else repr(character)
    return Diagnostic(
        codes.BAD_CHARACTERS,
        f"the file contains the control character {shown}, which YAML does not allow",
        Location(file, line, column),
        hint="delete the character; it is often pasted in from another program",
    )


def _short_tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


def _line_col(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


_SYNTAX_REWRITES: list[tuple[Callable[[str], bool], str, str]] = [
    (
        lambda problem: "mapping values are not allowed" in problem,
        "a colon followed by a space starts a new key here, where none can start",
        "put quotes around a text that contains ': ', or check the indentation of this line",
    ),
    (
        lambda problem: "could not find expected ':'" in problem,
        "a key is missing its colon, or a text runs over several lines without quotes",
        "write `key: value`, or put the text in quotes",
    ),
    (
        lambda problem: "did not find expected key" in problem,
        "this line is not indented like the keys around it",
        "line the key up with its neighbours, using spaces",
    ),
    (
        lambda problem: "did not find expected '-' indicator" in problem,
        "this line is not indented like the list items around it",
        "line the item up with the other `- ` items, using spaces",
    ),
    (
        lambda problem: "found undefined alias" in problem,
        "an alias (`*name`) refers to an anchor (`&name`) that is not defined above it",
        "define the anchor first, or write the value out",
    ),
]


def _syntax_diagnostic(error: yaml.MarkedYAMLError, source: SourceMap) -> Diagnostic:
    file = source.file
    problem = error.problem or "the YAML cannot be read"
    context = error.context or ""
    mark = error.problem_mark
    if "maximum nesting depth" in problem:
        return _too_deep(file, mark)
    if "expected a single document" in context:
        return Diagnostic(
            codes.MANY_DOCUMENTS,
            "the file holds more than one YAML document (a second `---` line)",
            _mark_location(file, mark),
            hint="keep one document per file",
        )
    tab_line = _first_tab_indent(source.lines, mark.line + 1 if mark else len(source.lines))
    if "'\\t'" in problem or tab_line is not None:
        line = tab_line or (mark.line + 1 if mark else 1)
        return Diagnostic(
            codes.TAB_INDENT,
            "a tab is used for indentation; YAML indents with spaces only",
            Location(
                file,
                line,
                1,
                max(1, len(source.lines[line - 1]) - len(source.lines[line - 1].lstrip()))
                if line <= len(source.lines)
                else 1,
            ),
            hint="replace the tab with spaces (most editors can show and convert tabs)",
        )
    if "while scanning a quoted scalar" in context:
        quote_mark = error.context_mark
        return Diagnostic(
            codes.YAML_SYNTAX,
            "a quoted text that starts here is never closed",
            _mark_location(file, quote_mark),
            hint="add the closing quote; inside '...' write two '' for one quote",
        )
    if "while parsing a flow" in context:
        return Diagnostic(
            codes.YAML_SYNTAX,
            "a `{...}` or `[...]` on one line holds a character that ends it early",
            _mark_location(file, mark),
            hint="put quotes around a text that contains [ ] { } , ? or ': ', "
            "e.g. title: 'Roles [draft]'",
        )
    for matches, message, hint in _SYNTAX_REWRITES:
        if matches(problem):
            return Diagnostic(codes.YAML_SYNTAX, message, _mark_location(file, mark), hint=hint)
    detail = f"{problem} ({context})" if context else problem
    return Diagnostic(
        codes.YAML_SYNTAX, f"the YAML cannot be read: {detail}", _mark_location(file, mark)
    )


def _first_tab_indent(lines: list[str], up_to: int) -> int | None:
    for number, line in enumerate(lines[:up_to], start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent and line.strip():
            return number
    return None
