"""Write rendered documents into the output folder, each atomically, and say what was written."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from facilitation.documents.registry import DocumentSpec
from facilitation.fileio import atomic_write


@dataclass(frozen=True)
class BuiltFile:
    """A file that ``build`` wrote, for a workshop, an agreement or the synthesis."""

    subject: str
    path: Path
    size: int
    purpose: str
    private: bool


def write_documents(
    folder: Path, subject_id: str, rendered: list[tuple[DocumentSpec, bytes]], *, shared: bool
) -> list[BuiltFile]:
    """Write rendered documents atomically into ``folder``; files with contacts are private."""
    written = []
    for spec, data in rendered:
        target = folder / spec.filename
        private = spec.contacts and not shared
        atomic_write(target, data, private=private, keep_mode=False)
        written.append(BuiltFile(subject_id, target, len(data), spec.purpose, private))
    return written
