"""Read YAML exactly as written: plain text values, positions for every node, hard limits.

PyYAML composes the node graph with our own :class:`_StrictComposer` (a ``SafeLoader`` subclass);
we then build plain data from the nodes ourselves. Every scalar stays the text the user typed
(``9:00`` is not 540, ``no`` is not ``False``, ``01067`` is not 567); pydantic types it later, field
by field. Only a plain empty value, ``~`` or lowercase ``null`` becomes ``None``: ``Null`` and
``NULL`` stay text (a surname can be Null).

Positions are counted as an editor counts lines (see :mod:`facilitation.source_map`). YAML also
breaks lines at U+0085, U+2028 and U+2029, which editors show inside a line: a file that holds one
of those characters is refused with the character named at its real line.

Why: PyYAML's YAML 1.1 resolvers turn times into integers and words into booleans, accept
duplicate keys silently, expand alias bombs into millions of objects and build Python objects from
tags. Reading nodes ourselves closes all of these at once, and gives every key and item a file,
line and column for the diagnostics.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from facilitation import codes
from facilitation.errors import Diagnostic, Location, YamlPath
from facilitation.source_map import (
    LineIndex,
    Position,
    SourceMap,
    describe_character,
    mark_location,
    split_lines,
)
from facilitation.textfile import read_text
from facilitation.yaml_syntax import quote_fix, reader_error, syntax_diagnostic

#: Deepest nesting of mappings and lists that a file may have.
MAX_DEPTH = 64
#: How many nodes aliases may expand to, in all (a guard against "billion laughs" files).
MAX_ALIAS_NODES = 10_000

#: Plain values that mean "nothing". YAML's schemas also read ``Null`` and ``NULL`` so; here they
#: stay text, as ``no`` and ``01067`` do (a surname may be Null).
_NULLS = frozenset({"", "~", "null"})
#: Tags that YAML itself gives to plain values; any other tag was written by hand.
_STANDARD_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in (
        "str", "int", "float", "bool", "null", "timestamp", "map", "seq", "merge", "value",
        "binary", "omap", "pairs", "set",
    )
)  # fmt: skip


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


#: The tag of each kind of node that carries none: what our reading of every scalar as text means.
_PLAIN_TAGS: dict[type[Node], str] = {
    ScalarNode: "tag:yaml.org,2002:str",
    SequenceNode: "tag:yaml.org,2002:seq",
    MappingNode: "tag:yaml.org,2002:map",
}


class _TextComposer(yaml.CSafeLoader):
    """libyaml's composer, tagging every untagged scalar as text.

    Why: the scalars are read as text anyway (see the module's docstring); PyYAML's own resolver
    matched each plain scalar against its patterns for numbers, booleans and dates only to tag
    it with a standard tag that nothing reads. An explicit tag is kept as written.
    """

    def resolve(self, kind: type[Node], value: Any, implicit: Any) -> str:  # noqa: ARG002
        return _PLAIN_TAGS[kind]


#: Characters that YAML reads as line breaks (or refuses) but editors show inside a line.
_HIDDEN_BREAKS = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
#: How many hidden line breaks are named before the rest are counted only.
_MAX_NAMED = 10


def _hidden_breaks(text: str, file: str, index: LineIndex) -> list[Diagnostic]:
    """Line separators that editors do not show as line breaks, each named at its real line."""
    found: list[Diagnostic] = []
    matches = list(_HIDDEN_BREAKS.finditer(text))
    for match in matches[:_MAX_NAMED]:
        line, column = index.position(match.start())
        found.append(
            Diagnostic(
                codes.BAD_CHARACTERS,
                f"the file contains {describe_character(match.group())}, which YAML reads as a "
                "line break but editors show inside the line; the file is refused",
                Location(file, line, column),
                hint="delete the character, or put a real line break there; it is often pasted "
                "in from a web page, a PDF or a word processor",
                notes=(f"{len(matches) - _MAX_NAMED} more in this file",)
                if len(matches) > _MAX_NAMED and match is matches[_MAX_NAMED - 1]
                else (),
            )
        )
    return found


def parse_yaml(text: str, file: str) -> ParsedYaml:
    """Parse ``text`` (the content of ``file``) into plain data with positions."""
    source = SourceMap(file, split_lines(text))
    index = LineIndex(text)
    hidden = _hidden_breaks(text, file, index)
    if hidden:
        return ParsedYaml(None, source, hidden)
    composer: yaml.SafeLoader | yaml.CSafeLoader | None = None
    libyaml = bool(yaml.__with_libyaml__)
    try:
        # NOTE: libyaml composes ten times faster and stops at 1000 levels of nesting by itself;
        # the pure-Python composer needs our own depth limit to avoid a RecursionError.
        composer = _TextComposer(text) if libyaml else _StrictComposer(text)
        node = composer.get_single_node()
    except _TooDeepError as error:
        return ParsedYaml(None, source, [_too_deep(file, index, error.mark)])
    except yaml.MarkedYAMLError as error:
        return ParsedYaml(None, source, [_marked_error(error, source, index)])
    except yaml.reader.ReaderError as error:
        # NOTE: libyaml reads the text as UTF-8 and gives the offset in bytes; PyYAML's own
        # reader gives it in characters.
        offset = error.position
        if libyaml:
            offset = len(text.encode("utf-8", "surrogatepass")[:offset].decode("utf-8", "ignore"))
        return ParsedYaml(None, source, [reader_error(error, offset, index, file)])
    except RecursionError:
        return ParsedYaml(None, source, [_too_deep(file, index, None)])
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
    diagnostics.extend(_text_anchors(text, source, index, libyaml))
    exact = libyaml and not text.startswith("\ufeff")  # see _Builder
    builder = _Builder(source, index, diagnostics, shared=_may_share(text), exact_marks=exact)
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


def _marked_error(error: yaml.MarkedYAMLError, source: SourceMap, index: LineIndex) -> Diagnostic:
    """A syntax error in plain words; libyaml's own nesting limit is told as :data:`MAX_DEPTH`."""
    problem = error.problem or ""
    if "maximum nesting depth" in problem:
        return _too_deep(source.file, index, error.problem_mark or error.context_mark)
    return syntax_diagnostic(error, source, index)


#: Something that may be an anchor (``&name``) where a value starts: a cheap look before the
#: events are read.
_MAYBE_ANCHOR = re.compile(r"(?:^|[\s\[{,])&[^\s,\[\]{}]")


def _text_anchors(
    text: str, source: SourceMap, index: LineIndex, libyaml: bool
) -> list[Diagnostic]:
    """Anchors on single values that no alias uses: most likely text that starts with ``&``.

    ``title: &co Coffee`` is read by YAML as the anchor ``co`` on the text ``Coffee``, and
    ``title: &co`` as an anchor on nothing: the ``&co`` would be lost without a word.
    """
    if not _MAYBE_ANCHOR.search(text):
        return []
    loader = yaml.CSafeLoader if libyaml else yaml.SafeLoader
    anchors: list[tuple[str, Any]] = []
    aliases: set[str] = set()
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.AliasEvent):
                aliases.add(str(event.anchor))
            elif isinstance(event, yaml.ScalarEvent) and event.anchor and event.start_mark:
                anchors.append((str(event.anchor), event.start_mark))
    except yaml.YAMLError:  # pragma: no cover - the same text was composed without an error
        return []
    found = []
    for name, mark in anchors:
        if name in aliases:
            continue
        line, column = index.mark(mark)
        fix = quote_fix(source.line_text(line) or "", column - 1)
        found.append(
            Diagnostic(
                codes.YAML_SYNTAX,
                f"`&{name}` makes an anchor for aliases, and no alias `*{name}` uses it; "
                "YAML would drop it from the text",
                Location(source.file, line, column, len(name) + 1),
                hint=fix[1] if fix else "put the value in quotes",
            )
        )
    return found


def load_yaml_file(path: Path, file: str | None = None) -> ParsedYaml:
    """Read and parse the YAML file at ``path``; ``file`` is the name shown in diagnostics."""
    shown = file if file is not None else str(path)
    text, diagnostics = read_text(path, shown)
    if text is None:
        return ParsedYaml(None, SourceMap(shown, []), diagnostics)
    return parse_yaml(text, shown)


def _may_share(text: str) -> bool:
    """Whether a node of ``text`` may be shared: an alias (``*name``) and an anchor (``&name``)."""
    return "&" in text and "*" in text


class _Builder:
    """Walks composed nodes into plain data, recording positions and checking keys.

    ``shared`` says that nodes may be shared (the text may hold aliases): only then are the nodes
    seen counted, for the alias limit. ``exact_marks`` says that PyYAML's own line and column of
    a node are an editor's; otherwise they are counted from its offset. libyaml counts lines and
    columns as an editor does once the hidden line breaks are refused (see :func:`parse_yaml`),
    except after a byte order mark, which it does not count.
    """

    def __init__(
        self,
        source: SourceMap,
        index: LineIndex,
        diagnostics: list[Diagnostic],
        *,
        shared: bool = True,
        exact_marks: bool = False,
    ) -> None:
        self.source = source
        self.index = index
        self.diagnostics = diagnostics
        self.seen: set[int] = set()
        self.alias_nodes = 0
        self.in_alias = 0
        self.stopped = False
        self.shared = shared
        self.exact_marks = exact_marks

    def build(self, node: Node, path: YamlPath) -> Any:
        if self.stopped:
            return None
        if len(path) > MAX_DEPTH:
            self.diagnostics.append(_too_deep(self.source.file, self.index, node.start_mark))
            self.stopped = True
            return None
        if not self.shared:
            return self._plain(node, path)
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
                            self._location(node.start_mark),
                            hint="write the repeated parts out, or use a blueprint",
                        )
                    )
                    self.stopped = True
                    return None
            if path not in self.source.values:
                self.source.values[path] = self._position(node)
            if node.tag not in _STANDARD_TAGS and not repeated:
                self._refuse_tag(node)
            return self._build_node(node, path)
        finally:
            if repeated:
                self.in_alias -= 1

    def _plain(self, node: Node, path: YamlPath) -> Any:
        """:meth:`build` for a text whose nodes are not shared: no alias to count.

        The values of a mapping that are single texts (most nodes of a file) are read in the
        mapping's loop; each is located and checked as :meth:`build` does, in the same order.
        """
        if self.stopped:
            return None
        if len(path) > MAX_DEPTH:
            self.diagnostics.append(_too_deep(self.source.file, self.index, node.start_mark))
            self.stopped = True
            return None
        values = self.source.values
        if path not in values:
            values[path] = self._position(node)
        if node.tag not in _STANDARD_TAGS:
            self._refuse_tag(node)
        if isinstance(node, ScalarNode):
            return None if not node.style and node.value in _NULLS else node.value
        if isinstance(node, SequenceNode):
            return [self._plain(item, (*path, index)) for index, item in enumerate(node.value)]
        result: dict[str, Any] = {}
        leaves = len(path) < MAX_DEPTH
        for key, key_path, value_node in self._entries(node, path, result):
            if leaves and isinstance(value_node, ScalarNode) and not self.stopped:
                if key_path not in values:
                    values[key_path] = self._position(value_node)
                if value_node.tag not in _STANDARD_TAGS:
                    self._refuse_tag(value_node)
                text = value_node.value
                result[key] = None if not value_node.style and text in _NULLS else text
            else:
                result[key] = self._plain(value_node, key_path)
        return result

    def _duplicate(self, key: str, key_path: YamlPath, key_node: Node) -> None:
        first = self.source.keys[key_path]
        self.diagnostics.append(
            Diagnostic(
                codes.DUPLICATE_KEY,
                f"the key `{key}` appears twice in this mapping (first on line {first.line})",
                self._location(key_node.start_mark, len(key)),
                hint="keep one of them; YAML does not merge repeated keys",
            )
        )

    def _build_node(self, node: Node, path: YamlPath) -> Any:
        if isinstance(node, ScalarNode):
            if not node.style and node.value in _NULLS:
                return None
            return node.value
        if isinstance(node, SequenceNode):
            return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
        assert isinstance(node, MappingNode)
        result: dict[str, Any] = {}
        for key, key_path, value_node in self._entries(node, path, result):
            result[key] = self.build(value_node, key_path)
        return result

    def _entries(
        self, node: Node, path: YamlPath, result: dict[str, Any]
    ) -> Iterator[tuple[str, YamlPath, Node]]:
        """The entries of a mapping to read into ``result``: each key located, once.

        A key that is not a text is left out (``_key`` says why); a key already in ``result``
        is reported as a duplicate and left out.
        """
        keys = self.source.keys
        for key_node, value_node in node.value:
            key = self._key(key_node)
            if key is None:
                continue
            key_path = (*path, key)
            if key in result:
                self._duplicate(key, key_path, key_node)
                continue
            keys[key_path] = self._position(key_node)
            yield key, key_path, value_node

    def _refuse_tag(self, node: Node) -> None:
        tag = _short_tag(node.tag)
        line, column = self.index.mark(node.start_mark)
        fix = quote_fix(self.source.line_text(line) or "", column - 1)
        hint = "remove the tag"
        if tag.startswith("!") and not tag.startswith("!!") and fix is not None:
            hint = f"if this is text, {fix[1]}"
        self.diagnostics.append(
            Diagnostic(
                codes.TAG_NOT_ALLOWED,
                f"the tag `{tag}` is not allowed; values are plain text, lists and mappings",
                self._location(node.start_mark, len(tag)),
                hint=hint,
            )
        )

    def _key(self, node: Node) -> str | None:
        if isinstance(node, ScalarNode):
            if node.style or node.value != "<<":
                return str(node.value)
            problem = "merge keys (`<<`) are not supported"
        else:
            problem = "a key must be plain text, not a list or a mapping"
        self.diagnostics.append(
            Diagnostic(
                codes.BAD_KEY,
                problem,
                self._location(node.start_mark),
                hint="write the keys out in full",
            )
        )
        return None

    def _position(self, node: Node) -> Position:
        start, end = node.start_mark, node.end_mark
        if self.exact_marks:
            line, column = start.line + 1, start.column + 1
            end_line, end_column = end.line + 1, end.column + 1
        else:
            line, column = self.index.mark(start)
            end_line, end_column = self.index.mark(end)
        span = end_column - column if end_line == line and end_column > column else 1
        return Position(line, column, span)

    def _location(self, mark: yaml.Mark | None, span: int = 1) -> Location:
        return mark_location(self.source.file, self.index, mark, span)


def _too_deep(file: str, index: LineIndex, mark: yaml.Mark | None) -> Diagnostic:
    return Diagnostic(
        codes.TOO_DEEP,
        f"the data is nested more than {MAX_DEPTH} levels deep; the file is refused",
        mark_location(file, index, mark),
        hint="a workshop file needs only a few levels: workshop, days, sessions, groups",
    )


def _short_tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")
