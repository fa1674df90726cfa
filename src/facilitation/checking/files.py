"""Checks on files that the documents will embed: logos and photos."""

from __future__ import annotations

from pathlib import Path

_IMAGE_SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")


def image_problem(path: Path) -> str | None:
    """Why ``path`` cannot be a logo (missing, or not PNG or JPEG), or ``None``."""
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
