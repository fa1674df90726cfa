"""Add an outcome to a workshop's record without touching anything else in the file.

The new entry is written as text and inserted at one place: after the last item of the list it
joins (or as a new list, or a new ``outcomes:`` section). Every other byte of the file stays as it
was: comments, order, blank lines, quoting, flow-style lists, odd indentation. Before the file is
replaced, the new text is read and checked as a whole, the old bytes are confirmed unchanged on
disk (someone may have edited the file meanwhile), and the file is written atomically.

One ``record`` at a time: :meth:`Snapshot.read` locks the file
(:class:`~facilitation.fileio.FileLock`) and :func:`add` releases it after the rename, so a
second ``record`` on the same file waits and then adds to the new version. A link is written
through (its target gets the entry, the link stays); a read-only file is refused before anything
is read. The rename is the commit point: an interrupt after it does not stop ``add`` from
reporting the entry it wrote.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from facilitation.checking.analyse import Report, analyse_paths_with
from facilitation.editing.entries import ENTRY_FIELDS, require_fields
from facilitation.editing.outcome_file import SECTION_KINDS, find_entry_model
from facilitation.editing.questions import Asker, ask_missing, name_ids
from facilitation.editing.yaml_edit import (
    find_content_end,
    find_line_end,
    find_value,
    insert_at_line_start,
    quote,
)
from facilitation.errors import Diagnostic, InputError, Location, UserError, display_path
from facilitation.fileio import CommitPoint, FileLock, atomic_write
from facilitation.model.outcomes import RECORD_KINDS
from facilitation.reading.loader import Loader, detect_file_kind
from facilitation.reading.validation import diagnostics_from_validation
from facilitation.source_map import Position, SourceMap
from facilitation.yaml_source import parse_yaml

_BOM = "\ufeff"

#: How long a ``record`` waits for another one on the same file (which may be asking questions).
LOCK_TIMEOUT = 30.0


class ConcurrentEditError(UserError):
    """The file changed on disk while the entry was being prepared, or another writer holds it."""


@dataclass(frozen=True)
class Recorded:
    """What ``record`` added, and where."""

    path: Path
    kind: str
    line: int
    text: str


@dataclass
class Snapshot:
    """The file as read: bytes, text, and the hash that proves nobody changed it since.

    A snapshot made by :meth:`read` holds the file's lock until :func:`add` (or :meth:`release`).
    """

    path: Path
    data: bytes
    text: str
    bom: bool
    digest: str
    lock: FileLock | None = field(default=None, repr=False, compare=False)

    @classmethod
    def read(cls, path: Path) -> Snapshot:
        """Lock and read ``path``; it must be a writable UTF-8 YAML file ``record`` can add to.

        Raises:
            ConcurrentEditError: another ``record`` held the file for :data:`LOCK_TIMEOUT`.
            UserError: the file is missing, read-only, unreadable or not UTF-8.
        """
        lock = lock_target(path)
        try:
            data = lock.read()
        except OSError as error:
            lock.release()
            raise UserError(
                f"cannot read {display_path(path)}: {error.strerror or error}"
            ) from None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            lock.release()
            raise UserError(
                f"{display_path(path)} is not UTF-8 text; run `facilitation check` on it first"
            ) from None
        bom = text.startswith(_BOM)
        digest = hashlib.sha256(data).hexdigest()
        return cls(path, data, text[1:] if bom else text, bom, digest, lock)

    def __enter__(self) -> Snapshot:
        return self

    def __exit__(self, *_: object) -> None:
        self.release()

    def release(self) -> None:
        """Let another ``record`` at the file (nothing when it is not held)."""
        if self.lock is not None:
            self.lock.release()
            self.lock = None


def writable_target(path: Path) -> Path:
    """The file that ``record`` rewrites for ``path``: a link's target; refused if read-only.

    The new file is renamed over the old one, which ignores the old file's mode, and a rename
    over a link replaces the link: so the link is resolved, and a read-only file is refused here,
    before anything is read.
    """
    shown = display_path(path)
    try:
        target = path.resolve(strict=True)
        mode = target.stat().st_mode
    except FileNotFoundError:
        raise UserError(f"{shown} does not exist") from None
    except (OSError, RuntimeError) as error:  # RuntimeError: a loop of links (Python < 3.13)
        reason = error.strerror if isinstance(error, OSError) else None
        raise UserError(f"cannot read {shown}: {reason or error}") from None
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(target, os.W_OK):
        # NOTE: display_path shows where a link leads; name the link as it was given too.
        named = f"{path} (a link to {shown})" if path.is_symlink() else shown
        raise UserError(
            f"{named} is read-only; nothing was written",
            hint="make the file writable first if the entry belongs in it",
        )
    return target


def lock_target(path: Path) -> FileLock:
    """Lock the file ``record`` rewrites for ``path`` (waiting for another ``record``)."""
    target = writable_target(path)
    try:
        return FileLock.acquire(target, timeout=LOCK_TIMEOUT)
    except TimeoutError:
        raise ConcurrentEditError(
            f"{display_path(path)} is being changed by another `facilitation record`; "
            "nothing was written",
            hint="wait until it has finished, then run the command again",
        ) from None
    except FileNotFoundError:
        raise UserError(f"{display_path(path)} does not exist") from None
    except OSError as error:
        raise UserError(f"cannot open {display_path(path)}: {error.strerror or error}") from None


def check_target(path: Path) -> str:
    """``workshop`` or ``outcomes``: the kind of file ``record`` writes into."""
    if not path.is_file():
        raise UserError(
            f"{display_path(path)} does not exist",
            hint="name the workshop file, or an outcome file that names its workshop",
        )
    writable_target(path)
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
    """The entry as the model reads it; every problem names its command-line option."""
    model = find_entry_model(kind)
    try:
        return model.model_validate(values)
    except ValidationError as error:
        # NOTE: each given value becomes one line of a stand-in source, so that the line of a
        # diagnostic says which option it is about.
        options = {entry.name: entry.option_name for entry in ENTRY_FIELDS[kind]}
        names = list(values)
        source = SourceMap("command line", [f"{options.get(name, name)}" for name in names])
        for number, name in enumerate(names, start=1):
            source.values[(name,)] = Position(number, 1)
        raise InputError(
            [
                _about_option(d, options, names)
                for d in diagnostics_from_validation(error, model, values, source)
            ]
        ) from None


def _about_option(diagnostic: Diagnostic, options: dict[str, str], names: list[str]) -> Diagnostic:
    """``diagnostic`` said of the option it is about: ``--due: `2027-13-01` is not a real date``."""
    message = _as_option(diagnostic.message, options)
    line = diagnostic.location.line
    if line is not None and 1 <= line <= len(names):
        option = options.get(names[line - 1], names[line - 1])
        if option not in message:
            message = f"{option}: {message}"
    hint = _as_option(diagnostic.hint, options) if diagnostic.hint else None
    return Diagnostic(diagnostic.code, message, Location("command line"), hint=hint)


def _as_option(text: str, options: dict[str, str]) -> str:
    """Field names in backticks as the options that give them: `dcm_phase` is `--phase`."""
    parts = text.split("`")
    return "`".join(
        options[part] if index % 2 and part in options else part for index, part in enumerate(parts)
    )


def dump_entry(entry: BaseModel) -> dict[str, Any]:
    """The fields of ``entry`` that were given, in the model's order, as plain data."""
    data = entry.model_dump(mode="json", exclude_unset=True)
    return {name: data[name] for name in type(entry).model_fields if name in data}


def add(path: Path, kind: str, entry: BaseModel, snapshot: Snapshot) -> Recorded:
    """Insert ``entry`` into the file read as ``snapshot``, check the result, write it.

    The file's lock (taken by :meth:`Snapshot.read`, or here) is held until the new file is
    renamed into place, and released whatever happens. The rename is the commit point: once it
    is done, an interrupt (Ctrl-C) no longer stops this from returning what was written.

    Raises:
        ConcurrentEditError: the file no longer holds the snapshot's bytes (nothing is written).
        InputError: the file with the entry would have errors (nothing is written).
        UserError: the file is read-only or cannot be written (nothing is written).
    """
    try:
        target = writable_target(path)
        new_text, position, inserted = _insert_and_check(path, kind, entry, snapshot)
        data = ((_BOM if snapshot.bom else "") + new_text).encode("utf-8")
        if snapshot.lock is None or not snapshot.lock.held:
            snapshot.lock = lock_target(path)
        with CommitPoint() as commit:
            try:
                if not snapshot.lock.unchanged(snapshot.digest):
                    raise ConcurrentEditError(
                        f"{display_path(path)} changed on disk while the entry was prepared; "
                        "nothing was written",
                        hint="run the command again to add the entry to the new version",
                    )
                atomic_write(target, data, keep_mode=True, on_commit=commit.commit)
            finally:
                snapshot.release()
            end = position + len(inserted) - len(inserted.lstrip("\r\n"))
            recorded = Recorded(path, kind, new_text[:end].count("\n") + 1, inserted)
    finally:
        snapshot.release()
    return recorded


def _insert_and_check(
    path: Path, kind: str, entry: BaseModel, snapshot: Snapshot
) -> tuple[str, int, str]:
    """The new text with ``entry`` inserted, where, and what; refused if it has errors."""
    text = snapshot.text
    if kind in SECTION_KINDS:
        data = dump_entry(entry)
        position, inserted = find_section_insertion(text, kind, data.get(kind, data))
    else:
        position, inserted = find_insertion(text, RECORD_KINDS[kind][0], dump_entry(entry))
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
    return new_text, position, inserted


def record_entry(
    path: Path, kind: str, values: dict[str, Any], snapshot: Snapshot, asker: Asker | None
) -> Recorded:
    """Check the file as read, ask ``asker`` for what is missing, validate the entry, add it.

    Raises:
        InputError: the file has errors, a field is missing, or the entry is not valid.
        UserError: the file cannot be written (see :func:`add`).
    """
    report = check_current(path, snapshot)
    workshop = report.analyses[0].workshop if report.analyses else None
    if workshop is not None:
        values = {name: name_ids(name, value, workshop) for name, value in values.items()}
    if asker is not None and workshop is not None:
        values = ask_missing(kind, values, workshop, asker)
    require_fields(kind, values)
    return add(path, kind, validate_entry(kind, values), snapshot)


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
    newline, unit, outcomes = _outcomes_of(text)
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


def find_section_insertion(text: str, key: str, value: Any) -> tuple[int, str]:
    """Where to insert ``outcomes.<key>`` (a text or a mapping) into ``text``, and what.

    Raises:
        UserError: the record has ``key`` already (it is written once), or ``outcomes:`` is
            written in a way this cannot add to.
    """
    newline, unit, outcomes = _outcomes_of(text)
    if outcomes is None:
        return _append_at_end(
            text, "outcomes:" + newline + _section(key, value, unit, unit, newline), newline
        )
    if _is_empty(outcomes):
        end = find_line_end(text, outcomes.start_mark.index)
        return end, newline + _section(key, value, unit, unit, newline).rstrip("\r\n")
    if not isinstance(outcomes, MappingNode) or outcomes.flow_style:
        raise UserError(
            f"`outcomes:` is not written as an indented mapping; add `{key}:` to it by hand"
        )
    if find_value(outcomes, key) is not None:
        raise UserError(
            f"the record has a {key} already; nothing was written",
            hint=f"change `{key}:` under `outcomes:` in the file itself",
        )
    column = outcomes.value[0][0].start_mark.column if outcomes.value else unit
    position = find_content_end(text, outcomes)
    block = _section(key, value, column, unit, newline)
    return insert_at_line_start(text, position, block, newline)


def _outcomes_of(text: str) -> tuple[str, int, Node | None]:
    """The file's line ending, its indent unit, and its ``outcomes:`` value (None: no such key)."""
    newline = "\r\n" if "\r\n" in text else "\n"
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(root, MappingNode):  # pragma: no cover - checked before
        raise UserError("the file is not a mapping of keys")
    return newline, _indent_unit(root), find_value(root, "outcomes")


def _section(key: str, value: Any, column: int, unit: int, newline: str) -> str:
    """``key: "text"``, or ``key:`` and its fields one level in, as lines at ``column``."""
    if not isinstance(value, dict):
        return f"{' ' * column}{key}: {quote(value)}{newline}"
    lines = [f"{' ' * column}{key}:"]
    lines.extend(f"{' ' * (column + unit)}{name}: {quote(item)}" for name, item in value.items())
    return newline.join(lines) + newline


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
    "lock_target",
    "validate_entry",
    "writable_target",
]
