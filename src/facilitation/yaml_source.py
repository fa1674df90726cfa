"""Read YAML exactly as written: plain text values, positions for every node, hard limits.

PyYAML composes the node graph with our own :class:`_StrictComposer` (a ``SafeLoader`` subclass);
we then build plain data from the nodes ourselves. Every scalar stays the text the user typed
(``9:00`` is not 540, ``no`` is not ``False``, ``01067`` is not 567); pydantic types it later, field
by field. Only a plain empty value, ``~`` or lowercase ``null`` becomes ``None``: ``Null`` and
``NULL`` stay text (a surname can be Null).

Lines and columns are counted as an editor counts them: a line ends at LF, CR LF or CR only. YAML
also breaks lines at U+0085, U+2028 and U+2029, which editors show inside a line; so every
position is computed from the character offset of its node (:class:`LineIndex`), and a file that
holds one of those characters is refused with the character named at its real line.

Why: PyYAML's YAML 1.1 resolvers turn times into integers and words into booleans, accept
duplicate keys silently, expand alias bombs into millions of objects and build Python objects from
tags. Reading nodes ourselves closes all of these at once, and gives every key and item a file,
line and column for the diagnostics.
"""

from __future__ import annotations

import bisect
import os
import re
import stat
import unicodedata
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


@dataclass(frozen=True)
class Position:
    """A 1-based line and column, and how many characters the node spans on that line."""

    line: int
    column: int
    span: int = 1


_LINE_END = re.compile(r"\r\n|\r|\n")
_LINE_END_BYTES = re.compile(rb"\r\n|\r|\n")


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


@dataclass
class SourceMap:
    """The text of one file and the position of every node and key in it."""

    file: str
    #: The file's lines as an editor counts them (see :func:`split_lines`).
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


class NotAFileError(OSError):
    """The path is a folder, a pipe, a device or a socket: nothing that is read as a file."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        #: What the path is, in words: "a folder", "a pipe", ...
        self.what = what


class TooLargeError(OSError):
    """The file is larger than the limit it is read with."""

    def __init__(self, size: int) -> None:
        super().__init__(f"{size} bytes")
        #: The size found: the size on disk, or more than the limit when it grew while read.
        self.size = size


def _kind_of(mode: int) -> str | None:
    """What a path with ``mode`` is when it is not a regular file, in words."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe (such as `<(...)` in a shell gives), not a file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device, not a file"
    if stat.S_ISSOCK(mode):
        return "a socket, not a file"
    return "not a regular file"


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit`` of them.

    The path is looked at (``stat``) before it is opened: a folder, a pipe (a FIFO, or the
    ``/dev/fd/N`` of a shell's process substitution), a device such as ``/dev/zero`` or a
    socket is never opened or read, and raises :class:`NotAFileError`. The file is opened
    without blocking and checked again (it may have been replaced in between), and no more than
    ``limit + 1`` bytes are read, so that a file that grows is refused too
    (:class:`TooLargeError`).

    Raises:
        FileNotFoundError, NotADirectoryError, PermissionError, OSError: as :func:`os.stat` and
            :func:`os.open` raise them.
        NotAFileError: the path is not a regular file.
        TooLargeError: the file is larger than ``limit``.
    """
    info = path.stat()
    what = _kind_of(info.st_mode)
    if what is not None:
        raise NotAFileError(what)
    if info.st_size > limit:
        raise TooLargeError(info.st_size)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    descriptor = os.open(path, flags)
    try:
        what = _kind_of(os.fstat(descriptor).st_mode)
        if what is not None:
            raise NotAFileError(what)
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(descriptor, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise TooLargeError(total)
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def read_text(path: Path, file: str) -> tuple[str | None, list[Diagnostic]]:
    """Read ``path`` as UTF-8 text (a BOM is allowed), within the size limit.

    Only a regular file is read: a folder, a pipe or a device is refused by what it is, before
    it is opened (see :func:`read_regular_file`).

    Returns the text, or ``None`` and the diagnostics that say why it could not be read.
    """
    try:
        raw = read_regular_file(path, MAX_FILE_BYTES)
    except TooLargeError as error:
        return None, [
            Diagnostic(
                codes.FILE_TOO_LARGE,
                f"the file is {error.size / 1048576:.1f} MB; files up to "
                f"{MAX_FILE_BYTES // 1048576} MB are read",
                Location(file),
                hint="split it, or keep long lists such as participants in a CSV file",
            )
        ]
    except FileNotFoundError:
        return None, [Diagnostic(codes.FILE_NOT_FOUND, "the file does not exist", Location(file))]
    except NotAFileError as error:
        return None, [
            Diagnostic(
                codes.FILE_NOT_FOUND,
                f"this is {error.what}; it is not read",
                Location(file),
                hint="save the text to a file and name that file",
            )
        ]
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
        breaks = list(_LINE_END_BYTES.finditer(before))
        line_start = breaks[-1].end() if breaks else 0
        # NOTE: the bytes before the bad one on its line are valid UTF-8: count their characters.
        column = len(raw[line_start:start].decode("utf-8-sig", errors="replace")) + 1
        return None, [
            Diagnostic(
                codes.NOT_UTF8,
                f"the byte at offset {start} (0x{raw[start]:02X}) is not valid UTF-8; "
                "the file must be saved as UTF-8",
                Location(file, len(breaks) + 1, column),
                hint="in your editor, choose 'Save with encoding' and pick UTF-8",
            )
        ]


#: Characters that YAML reads as line breaks (or refuses) but editors show inside a line.
_HIDDEN_BREAKS = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
#: How many hidden line breaks are named before the rest are counted only.
_MAX_NAMED = 10


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
        composer = yaml.CSafeLoader(text) if libyaml else _StrictComposer(text)
        node = composer.get_single_node()
    except _TooDeepError as error:
        return ParsedYaml(None, source, [_too_deep(file, index, error.mark)])
    except yaml.MarkedYAMLError as error:
        return ParsedYaml(None, source, [_syntax_diagnostic(error, source, index)])
    except yaml.reader.ReaderError as error:
        # NOTE: libyaml reads the text as UTF-8 and gives the offset in bytes; PyYAML's own
        # reader gives it in characters.
        offset = error.position
        if libyaml:
            offset = len(text.encode("utf-8", "surrogatepass")[:offset].decode("utf-8", "ignore"))
        return ParsedYaml(None, source, [_reader_error(error, offset, index, file)])
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
    builder = _Builder(source, index, diagnostics)
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
        fix = _quote_fix(source.line_text(line) or "", column - 1)
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


class _Builder:
    """Walks composed nodes into plain data, recording positions and checking keys."""

    def __init__(self, source: SourceMap, index: LineIndex, diagnostics: list[Diagnostic]) -> None:
        self.source = source
        self.index = index
        self.diagnostics = diagnostics
        self.seen: set[int] = set()
        self.alias_nodes = 0
        self.in_alias = 0
        self.stopped = False

    def build(self, node: Node, path: YamlPath) -> Any:
        if self.stopped:
            return None
        if len(path) > MAX_DEPTH:
            self.diagnostics.append(_too_deep(self.source.file, self.index, node.start_mark))
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
                        self._location(key_node.start_mark, len(key)),
                        hint="keep one of them; YAML does not merge repeated keys",
                    )
                )
                continue
            self.source.keys[key_path] = self._position(key_node)
            result[key] = self.build(value_node, key_path)
        return result

    def _refuse_tag(self, node: Node) -> None:
        tag = _short_tag(node.tag)
        line, column = self.index.mark(node.start_mark)
        fix = _quote_fix(self.source.line_text(line) or "", column - 1)
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
                self._location(node.start_mark),
                hint="write the keys out in full",
            )
        )
        return None

    def _position(self, node: Node) -> Position:
        line, column = self.index.mark(node.start_mark)
        end_line, end_column = self.index.mark(node.end_mark)
        span = end_column - column if end_line == line and end_column > column else 1
        return Position(line, column, span)

    def _location(self, mark: yaml.Mark | None, span: int = 1) -> Location:
        return _mark_location(self.source.file, self.index, mark, span)


def _mark_location(file: str, index: LineIndex, mark: yaml.Mark | None, span: int = 1) -> Location:
    if mark is None:
        return Location(file)
    line, column = index.mark(mark)
    return Location(file, line, column, span)


def _too_deep(file: str, index: LineIndex, mark: yaml.Mark | None) -> Diagnostic:
    return Diagnostic(
        codes.TOO_DEEP,
        f"the data is nested more than {MAX_DEPTH} levels deep; the file is refused",
        _mark_location(file, index, mark),
        hint="a workshop file needs only a few levels: workshop, days, sessions, groups",
    )


def _reader_error(
    error: yaml.reader.ReaderError, offset: int, index: LineIndex, file: str
) -> Diagnostic:
    line, column = index.position(offset)
    character = error.character
    shown = describe_character(chr(character)) if isinstance(character, int) else repr(character)
    return Diagnostic(
        codes.BAD_CHARACTERS,
        f"the file contains the control character {shown}, which YAML does not allow",
        Location(file, line, column),
        hint="delete the character; it is often pasted in from another program",
    )


def _short_tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


# --- values that need quotes ----------------------------------------------------------------------

#: Characters that mean something to YAML at the start of a value, so a text cannot start with
#: them unless it is in quotes: what each one starts.
_STARTERS = {
    "@": "`@` is reserved in YAML and cannot start a value",
    "`": "a backtick is reserved in YAML and cannot start a value",
    "%": "`%` cannot start a value (it starts a YAML directive)",
    "|": "`|` at the start of a value starts a block of text on the lines below",
    ">": "`>` at the start of a value starts a folded block of text on the lines below",
    "*": "`*` at the start of a value makes it an alias, a reference to an `&anchor`",
    "&": "`&` at the start of a value makes it an anchor for aliases",
    "!": "`!` at the start of a value makes it a tag",
    ",": "`,` cannot start a value",
}
#: Fields whose values are never repeated in a message (personal contact data).
_PRIVATE_KEYS = frozenset({"email", "phone", "e-mail"})


def _value_at(line: str, column: int) -> tuple[int, str | None, bool]:
    """The start of the value that holds ``column`` (0-based) of ``line``, its key, and flow.

    The third item says whether the value is inside a one-line list or mapping. A value starts
    after the indentation and list dashes, after ``key:`` and a space, and inside a ``[...]`` or
    ``{...}`` that starts a value, after its bracket or a comma. Quoted texts are skipped whole;
    a ``[`` or a quote in the middle of a text is just a character.
    """
    lead = re.match(r"[ \t]*(?:-[ \t]+)*", line)
    starts = [lead.end() if lead else 0]
    keys: list[str | None] = [None]

    def after_spaces(index: int) -> int:
        while index < len(line) and line[index] in " \t":
            index += 1
        return index

    quote: str | None = None
    index = starts[0]
    while index < column:
        char = line[index]
        if quote is not None:
            if char == quote and quote == "'" and line[index + 1 : index + 2] == "'":
                index += 1
            elif char == quote:
                quote = None
            elif char == "\\" and quote == '"':
                index += 1
        elif char in "'\"" and index == starts[-1]:
            quote = char
        elif char in "[{" and (index == starts[-1] or len(starts) > 1):
            starts.append(after_spaces(index + 1))
            keys.append(None)
        elif char in "]}" and len(starts) > 1:
            starts.pop()
            keys.pop()
        elif char == "," and len(starts) > 1:
            starts[-1], keys[-1] = after_spaces(index + 1), None
        elif char == ":" and line[index + 1 : index + 2] in (" ", "\t", ""):
            keys[-1] = line[starts[-1] : index].strip() or None
            starts[-1] = after_spaces(index + 1)
        elif char == "#" and index and line[index - 1] in " \t":
            break
        index += 1
    return starts[-1], keys[-1], len(starts) > 1


def _quote_fix(line: str, column: int) -> tuple[str, str] | None:
    """What is wrong, and the fix, when quoting the value at ``column`` (0-based) would help.

    The value is the one that holds ``column`` (see :func:`_value_at`); it runs to the end of
    the line, or in a one-line list or mapping to the next ``,``, ``]`` or ``}``. Returns None
    unless the value starts with a character that YAML reads as syntax, or is more text after a
    closing quote or bracket, or holds a ``: `` after a key on the same line.
    """
    start, name, in_flow = _value_at(line, column)
    value = line[start:]
    if in_flow:
        value = re.split(r"[,\]}]", value, maxsplit=1)[0]
    elif " #" in value:
        value = value[: value.index(" #")]
    value = value.rstrip()
    if not value:
        return None
    first = value[0]
    if first in _STARTERS:
        problem = _STARTERS[first] + ", so this text needs quotes"
    elif first in "'\"[{" and column > start:
        what = "a quoted text" if first in "'\"" else "a one-line list or mapping"
        problem = f"{what} is followed by more text on the same line"
    elif ": " in value and name is not None and not in_flow and column > start:
        # NOTE: only after `key:` on the same line; a line without one is more likely indented
        # wrongly than a text with a colon.
        problem = "a colon followed by a space starts a new key here, where none can start"
    else:
        return None
    quoted = "'" + value.replace("'", "''") + "'"
    if "'" in value and '"' not in value and "\\" not in value:
        quoted = f'"{value}"'
    if name is not None and name.strip("'\"").lower() in _PRIVATE_KEYS:
        quoted = "'...'"
    if name is not None:
        example = f"{name}: {quoted}"
    elif line[:start].strip().endswith("-"):
        example = f"- {quoted}"
    else:
        example = quoted
    return problem, f"put the value in quotes: {example}"


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


def _syntax_diagnostic(
    error: yaml.MarkedYAMLError, source: SourceMap, index: LineIndex
) -> Diagnostic:
    file = source.file
    problem = error.problem or "the YAML cannot be read"
    context = error.context or ""
    mark = error.problem_mark or error.context_mark

    def at(where: yaml.Mark | None) -> Location:
        return _mark_location(file, index, where)

    if "maximum nesting depth" in problem:
        return _too_deep(file, index, mark)
    if "expected a single document" in context:
        return Diagnostic(
            codes.MANY_DOCUMENTS,
            "the file holds more than one YAML document (a second `---` line)",
            at(mark),
            hint="keep one document per file",
        )
    mark_line, mark_column = index.mark(mark) if mark else (len(source.lines), 1)
    tab_line = _first_tab_indent(source.lines, mark_line)
    if "'\\t'" in problem or tab_line is not None:
        line = tab_line or mark_line
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
        return Diagnostic(
            codes.YAML_SYNTAX,
            "a quoted text that starts here is never closed",
            at(error.context_mark),
            hint="add the closing quote; inside '...' write two '' for one quote",
        )
    fix = _quote_fix(source.line_text(mark_line) or "", mark_column - 1) if mark else None
    if fix is not None:
        message, hint = fix
        if "found undefined alias" in problem:
            hint = f"if this is text, {hint}; an alias needs its `&anchor` above it"
        return Diagnostic(codes.YAML_SYNTAX, message, at(mark), hint=hint)
    if "while parsing a flow" in context:
        return Diagnostic(
            codes.YAML_SYNTAX,
            "a `{...}` or `[...]` on one line holds a character that ends it early",
            at(mark),
            hint="put quotes around a text that contains [ ] { } , ? or ': ', "
            "e.g. title: 'Roles [draft]'",
        )
    for matches, message, hint in _SYNTAX_REWRITES:
        if matches(problem):
            return Diagnostic(codes.YAML_SYNTAX, message, at(mark), hint=hint)
    detail = f"{problem} ({context})" if context else problem
    return Diagnostic(codes.YAML_SYNTAX, f"the YAML cannot be read: {detail}", at(mark))


def _first_tab_indent(lines: list[str], up_to: int) -> int | None:
    for number, line in enumerate(lines[:up_to], start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent and line.strip():
            return number
    return None
