"""Add an outcome to a workshop's record without touching anything else in the file.

The new entry is written as text and inserted at one place: after the last item of the list it
joins (or as a new list, or a new ``outcomes:`` section). Every other byte of the file stays as it
was: comments, order, blank lines, quoting, flow-style lists, odd indentation. Before the file is
replaced, the new text is read and checked as a whole, the old bytes are confirmed unchanged on
disk (someone may have edited the file meanwhile), and the file is written atomically.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from facilitation.checking.analyse import Report, analyse_paths_with
from facilitation.editing.yaml_edit import (
    find_content_end,
    find_line_end,
    find_value,
    insert_at_line_start,
    quote,
)
from facilitation.errors import Diagnostic, InputError, Location, UserError, display_path
from facilitation.fileio import atomic_write
from facilitation.model.outcomes import RECORD_KINDS
from facilitation.reading.loader import Loader, detect_file_kind
from facilitation.reading.validation import diagnostics_from_validation
from facilitation.yaml_source import SourceMap, parse_yaml

_BOM = "\ufeff"


class ConcurrentEditError(UserError):
    """The file changed on disk while the entry was being prepared."""


@dataclass(frozen=True)
class Recorded:
    """What ``record`` added, and where."""

    path: Path
    kind: str
    line: int
    text: str


@dataclass
class Snapshot:
    """The file as read: bytes, text, and the hash that proves nobody changed it since."""

    path: Path
    data: bytes
    text: str
    bom: bool
    digest: str

    @classmethod
    def read(cls, path: Path) -> Snapshot:
        """Read ``path``; it must be a UTF-8 YAML file that ``record`` can add to."""
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise UserError(f"{display_path(path)} does not exist") from None
        except OSError as error:
            raise UserError(
                f"cannot read {display_path(path)}: {error.strerror or error}"
            ) from None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise UserError(
                f"{display_path(path)} is not UTF-8 text; run `facilitation check` on it first"
            ) from None
        bom = text.startswith(_BOM)
        return cls(path, data, text[1:] if bom else text, bom, hashlib.sha256(data).hexdigest())

    def unchanged_on_disk(self) -> bool:
        """True when the file still holds exactly the bytes that were read."""
        try:
            return hashlib.sha256(self.path.read_bytes()).hexdigest() == self.digest
        except OSError:
            return False


def check_target(path: Path) -> str:
    """``workshop`` or ``outcomes``: the kind of file ``record`` writes into."""
    if not path.is_file():
        raise UserError(
            f"{display_path(path)} does not exist",
            hint="name the workshop file, or an outcome file that names its workshop",
        )
    kind = detect_file_kind(path)
    if kind not in ("workshop", "outcomes"):
        raise UserError(
            f"{display_path(path)} is not a workshop file or an outcome file",
            hint="record into the workshop's file, or into a file with `outcomes:` "
            "and `workshop: FILE.yaml`",
        )
    return kind


def check_current(path: Path, snapshot: Snapshot) -> Report:
    """Check the file as it is; refuse to add to a file that has errors."""
    parsed = parse_yaml(snapshot.text, display_path(path))
    if not parsed.ok:
        raise InputError(parsed.diagnostics)
    report = analyse_paths_with([path], Loader())
    errors = [d for d in report.diagnostics if d.is_error]
    if errors:
        raise InputError(errors)
    return report


def validate_entry(kind: str, values: dict[str, Any]) -> BaseModel:
    """The entry as the model reads it; problems name the field (as a command-line option)."""
    _, model = RECORD_KINDS[kind]
    try:
        return model.model_validate(values)
    except ValidationError as error:
        source = SourceMap("command line", [])
        diagnostics = diagnostics_from_validation(error, model, values, source)
        raise InputError(
            [
                Diagnostic(
                    d.code,
                    _as_option(d.message),
                    Location("command line"),
                    hint=_as_option(d.hint) if d.hint else None,
                )
                for d in diagnostics
            ]
        ) from None


def _as_option(text: str) -> str:
    # `lead_country` is `--lead-country` on the command line.
    parts = text.split("`")
    return "`".join(
        f"--{part.replace('_', '-')}" if index % 2 and part.isidentifier() else part
        for index, part in enumerate(parts)
    )


def dump_entry(entry: BaseModel) -> dict[str, Any]:
    """The fields of ``entry`` that were given, in the model's order, as plain data."""
    data = entry.model_dump(mode="json", exclude_unset=True)
    return {name: data[name] for name in type(entry).model_fields if name in data}


def add(path: Path, kind: str, entry: BaseModel, snapshot: Snapshot) -> Recorded:
    """Insert ``entry`` into the file read as ``snapshot``, check the result, write it."""
    list_name, _ = RECORD_KINDS[kind]
    text = snapshot.text
    position, inserted = find_insertion(text, list_name, dump_entry(entry))
    new_text = text[:position] + inserted + text[position:]
    # NOTE: by construction every old byte is still there, in order, around the insertion.
    assert new_text.startswith(text[:position])
    assert new_text.endswith(text[position:])
    loader = Loader()
    loader.preload(path, new_text)
    report = analyse_paths_with([path], loader)
    errors = [d for d in report.diagnostics if d.is_error]
    if errors:
        first = text[:position].count("\n") + 1
        last = first + inserted.count("\n")
        raise InputError([_about_entry(d, display_path(path), first, last, kind) for d in errors])
    if not snapshot.unchanged_on_disk():
        raise ConcurrentEditError(
            f"{display_path(path)} changed on disk while the entry was prepared; "
            "nothing was written",
            hint="run the command again to add the entry to the new version",
        )
    data = ((_BOM if snapshot.bom else "") + new_text).encode("utf-8")
    atomic_write(path, data, keep_mode=True)
    line = new_text[: position + len(inserted) - len(inserted.lstrip("\r\n"))].count("\n") + 1
    return Recorded(path, kind, line, inserted)


def _about_entry(diagnostic: Diagnostic, file: str, first: int, last: int, kind: str) -> Diagnostic:
    """A problem found in the inserted lines is about the new entry, not about the file."""
    line = diagnostic.location.line or 0
    if diagnostic.location.file != file or not first <= line <= last:
        return diagnostic
    return Diagnostic(
        diagnostic.code,
        f"the new {kind}: {diagnostic.message}",
        Location("command line"),
        diagnostic.severity,
        diagnostic.hint,
        diagnostic.notes,
    )


# --- where and how to insert --------------------------------------------------------------------


def find_insertion(text: str, list_name: str, entry: dict[str, Any]) -> tuple[int, str]:
    """Where to insert ``entry`` into ``outcomes.<list_name>`` of ``text``, and what to insert."""
    newline = "\r\n" if "\r\n" in text else "\n"
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(root, MappingNode):  # pragma: no cover - checked before
        raise UserError("the file is not a mapping of keys")
    unit = _indent_unit(root)
    outcomes = find_value(root, "outcomes")
    if outcomes is None:
        block = _block(["outcomes:", f"{' ' * unit}{list_name}:"], entry, unit * 2, newline)
        return _append_at_end(text, block, newline)
    if _is_empty(outcomes):
        end = find_line_end(text, outcomes.start_mark.index)
        block = _block([f"{' ' * unit}{list_name}:"], entry, unit * 2, newline)
        return end, newline + block.rstrip("\r\n")
    if isinstance(outcomes, MappingNode) and outcomes.flow_style:
        return _flow_insert(text, outcomes, f"{list_name}: [{_flow(entry)}]", "}")
    if not isinstance(outcomes, MappingNode):
        raise UserError("`outcomes:` is not a mapping; it cannot take entries")
    column = outcomes.value[0][0].start_mark.column if outcomes.value else unit
    items = find_value(outcomes, list_name)
    if items is None:
        position = find_content_end(text, outcomes)
        block = _block([f"{' ' * column}{list_name}:"], entry, column + unit, newline)
        return insert_at_line_start(text, position, block, newline)
    if _is_empty(items):
        key = next(k for k, v in outcomes.value if v is items)
        end = find_line_end(text, key.start_mark.index)
        block = _block([], entry, column + unit, newline)
        return end, newline + block.rstrip("\r\n")
    if not isinstance(items, SequenceNode):
        raise UserError(f"`{list_name}:` is not a list; it cannot take entries")
    if items.flow_style:
        separator = ", " if items.value else ""
        return _flow_insert(text, items, separator + _flow(entry), "]", separator_first=True)
    dash = items.start_mark.column
    first = items.value[0] if items.value else None
    content = first.start_mark.column if first is not None else dash + 2
    position = find_content_end(text, items)
    lines = _entry_lines(entry, dash, content - dash)
    return insert_at_line_start(text, position, newline.join(lines) + newline, newline)


def _is_empty(node: Node) -> bool:
    if isinstance(node, ScalarNode) and not node.style and node.value in ("", "~", "null"):
        if node.value:
            raise UserError("the list is written as `null`; delete `null` and run again")
        return True
    return False


def _indent_unit(root: MappingNode) -> int:
    for _, value in root.value:
        if isinstance(value, MappingNode) and not value.flow_style and value.value:
            column: int = value.value[0][0].start_mark.column
            return max(1, column)
    return 2


def _append_at_end(text: str, block: str, newline: str) -> tuple[int, str]:
    if text and not text.endswith("\n"):
        return len(text), newline + block
    return len(text), block


def _flow_insert(
    text: str, node: Node, item: str, closing: str, *, separator_first: bool = False
) -> tuple[int, str]:
    end = node.end_mark.index - 1
    if text[end] != closing:  # pragma: no cover - a flow collection ends with its bracket
        raise UserError("cannot find the end of the flow-style list")
    if not separator_first and isinstance(node, MappingNode) and node.value:
        item = ", " + item
    return end, item


def _flow(entry: dict[str, Any]) -> str:
    pairs = (f"{key}: {quote(value)}" for key, value in entry.items())
    return "{" + ", ".join(pairs) + "}"


def _block(head: list[str], entry: dict[str, Any], dash: int, newline: str) -> str:
    return newline.join([*head, *_entry_lines(entry, dash, 2)]) + newline


def _entry_lines(entry: dict[str, Any], dash: int, offset: int) -> list[str]:
    lines = []
    for index, (key, value) in enumerate(entry.items()):
        prefix = " " * dash + "-" + " " * (offset - 1) if index == 0 else " " * (dash + offset)
        lines.append(f"{prefix}{key}: {quote(value)}")
    return lines


__all__ = [
    "RECORD_KINDS",
    "ConcurrentEditError",
    "Recorded",
    "Snapshot",
    "add",
    "check_current",
    "check_target",
    "dump_entry",
    "find_insertion",
    "validate_entry",
]
