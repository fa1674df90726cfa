"""Which file ``record`` writes into for a workshop, and starting an outcome file for it.

``record WORKSHOP.yaml KIND`` adds to the workshop's record where it already is: the workshop's
own ``outcomes:`` section, else the one outcome file next to it that names it. A workshop with
neither gets an outcome file of its own, ``WORKSHOP-outcomes.yaml`` next to it, and ``--new``
starts that file even when the workshop has a record elsewhere.

Besides the entries of a list (decisions, actions, …), two parts of the record are written
once: the ``summary`` and the participants' ``feedback``; :data:`SECTION_KINDS` describes them.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field

from facilitation.editing.yaml_edit import quote
from facilitation.errors import UserError, display_path
from facilitation.fileio import atomic_write
from facilitation.model.fields import LocalParagraph, StrictModel
from facilitation.model.outcomes import RECORD_KINDS, Feedback
from facilitation.reading.loader import Loader, detect_file_kind

_OUTCOMES_KEY = re.compile(r"^outcomes\s*:", re.MULTILINE)


class SummaryEntry(StrictModel):
    """The key insights of a workshop, for the outcome report's executive summary."""

    summary: LocalParagraph = Field(description="Key insights for the executive summary.")


#: The parts of ``outcomes:`` that are written once, by kind: the model of what is given.
SECTION_KINDS: dict[str, type[StrictModel]] = {"summary": SummaryEntry, "feedback": Feedback}


def find_entry_model(kind: str) -> type[StrictModel]:
    """The model that reads what ``record`` is given for ``kind``."""
    return SECTION_KINDS.get(kind) or RECORD_KINDS[kind][1]


@dataclass(frozen=True)
class RecordTarget:
    """The file ``record`` writes into, and whether it must be started first."""

    path: Path
    start: bool = False


def outcome_file_name(workshop: Path) -> Path:
    """``kickoff.yaml`` → ``kickoff-outcomes.yaml``, next to it."""
    return workshop.with_name(f"{workshop.stem}-outcomes.yaml")


def choose_record_target(path: Path, kind: str, *, new: bool) -> RecordTarget:
    """The file that ``record`` adds to when it is given ``path``.

    ``path`` is checked to be a workshop file or an outcome file.

    Raises:
        UserError: ``--new`` for an outcome file, a new file's name is taken, or the workshop
            has several outcome files (the user names one).
    """
    if detect_file_kind(path) == "outcomes":
        if new:
            raise UserError(
                f"{display_path(path)} is an outcome file already; --new starts one for a workshop",
                hint="name the workshop file with --new, or leave --new out",
            )
        return RecordTarget(path)
    fresh = outcome_file_name(path)
    if new:
        if fresh.exists():
            raise UserError(
                f"{display_path(fresh)} already exists; it was left as it is",
                hint=f"record into it: facilitation record {display_path(fresh)} {kind} …",
            )
        return RecordTarget(fresh, start=True)
    if _OUTCOMES_KEY.search(path.read_text(encoding="utf-8-sig", errors="replace")):
        return RecordTarget(path)
    found = [found for found, parsed in Loader().outcome_files_for(path) if parsed.ok]
    if len(found) == 1:
        return RecordTarget(found[0])
    if len(found) > 1:
        names = ", ".join(display_path(item) for item in found)
        raise UserError(
            f"{display_path(path)} has {len(found)} outcome files: {names}",
            hint="name the one to record into instead of the workshop file",
        )
    if fresh.exists():
        raise UserError(
            f"{display_path(fresh)} exists but is not an outcome file of {display_path(path)}",
            hint="add `workshop: " + path.name + "` under its `outcomes:`, or use another name",
        )
    return RecordTarget(fresh, start=True)


def start_outcome_file(target: Path, workshop: Path) -> None:
    """Write an outcome file at ``target`` that names ``workshop``; never over a file.

    Raises:
        UserError: ``target`` exists or its folder cannot be written.
    """
    relative = Path(os.path.relpath(workshop.resolve(), target.resolve().parent)).as_posix()
    text = (
        "# The outcomes of the workshop: what `facilitation record` adds, and what you write.\n"
        "outcomes:\n"
        f"  workshop: {quote(relative)}\n"
    )
    atomic_write(target, text.encode("utf-8"), exclusive=True, keep_mode=False)
