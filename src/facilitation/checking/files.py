"""Checks on files that the documents will embed: logos and photos."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from facilitation import codes
from facilitation.errors import Diagnostic
from facilitation.model.loaded import Workshop
from facilitation.textfile import note_touched

_IMAGE_SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")


def check_image(path: Path) -> str | None:
    """Why ``path`` cannot be a logo (missing, or not PNG or JPEG), or ``None``."""
    note_touched(path)
    try:
        with path.open("rb") as stream:
            head = stream.read(8)
    except FileNotFoundError:
        return "does not exist"
    except IsADirectoryError:
        return "is a folder"
    except OSError as error:
        return f"cannot be read ({error.strerror or error})"
    if not head.startswith(_IMAGE_SIGNATURES):
        return "is not a PNG or JPEG image"
    return None


def check_logos(workshop: Workshop) -> Iterator[Diagnostic]:
    """Every logo the programme or the workshop names is a PNG or JPEG that exists."""
    base: dict[str | None, Path] = {None: workshop.path.parent}
    if workshop.programme_path is not None:
        base[workshop.programme_file] = workshop.programme_path.parent
    for source, prefix, fields in workshop.programme_sources():
        folder = base.get(source, workshop.path.parent)
        for section in ("funders", "partners"):
            for index, item in enumerate(getattr(fields, section)):
                if item.logo is None:
                    continue
                problem = check_image(folder / item.logo)
                if problem:
                    yield Diagnostic(
                        codes.LOGO_PROBLEM,
                        f"the logo `{item.logo}` of {item.name} {problem}",
                        workshop.where((*prefix, section, index, "logo"), file=source),
                        hint="give a PNG or JPEG file, relative to this file",
                    )
