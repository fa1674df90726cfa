"""PyYAML's errors in plain words: where the text went wrong, what it means, how to fix it.

PyYAML says ``mapping values are not allowed here``; a user needs to hear that a colon and a space
start a new key, and that quotes around the text fix it. :func:`syntax_diagnostic` and
:func:`reader_error` rewrite PyYAML's errors so; :func:`quote_fix` finds the value that quotes
would mend, and shows it quoted (never repeating private contact data).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import yaml

from facilitation import codes
from facilitation.errors import Diagnostic, Location
from facilitation.source_map import LineIndex, SourceMap, describe_character, mark_location


def reader_error(
    error: yaml.reader.ReaderError, offset: int, index: LineIndex, file: str
) -> Diagnostic:
    """A character that PyYAML's reader refuses, named, at character ``offset``."""
    line, column = index.position(offset)
    character = error.character
    shown = describe_character(chr(character)) if isinstance(character, int) else repr(character)
    return Diagnostic(
        codes.BAD_CHARACTERS,
        f"the file contains the control character {shown}, which YAML does not allow",
        Location(file, line, column),
        hint="delete the character; it is often pasted in from another program",
    )


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


def quote_fix(line: str, column: int) -> tuple[str, str] | None:
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


def syntax_diagnostic(
    error: yaml.MarkedYAMLError, source: SourceMap, index: LineIndex
) -> Diagnostic:
    """A syntax error from PyYAML in plain words, at its place, with a hint to fix it."""
    file = source.file
    problem = error.problem or "the YAML cannot be read"
    context = error.context or ""
    mark = error.problem_mark or error.context_mark

    def at(where: yaml.Mark | None) -> Location:
        return mark_location(file, index, where)

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
        return _tab_indent(source, tab_line or mark_line)
    if "while scanning a quoted scalar" in context:
        return Diagnostic(
            codes.YAML_SYNTAX,
            "a quoted text that starts here is never closed",
            at(error.context_mark),
            hint="add the closing quote; inside '...' write two '' for one quote",
        )
    fix = quote_fix(source.line_text(mark_line) or "", mark_column - 1) if mark else None
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


def _tab_indent(source: SourceMap, line: int) -> Diagnostic:
    return Diagnostic(
        codes.TAB_INDENT,
        "a tab is used for indentation; YAML indents with spaces only",
        Location(
            source.file,
            line,
            1,
            max(1, len(source.lines[line - 1]) - len(source.lines[line - 1].lstrip()))
            if line <= len(source.lines)
            else 1,
        ),
        hint="replace the tab with spaces (most editors can show and convert tabs)",
    )


def _first_tab_indent(lines: list[str], up_to: int) -> int | None:
    for number, line in enumerate(lines[:up_to], start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent and line.strip():
            return number
    return None
