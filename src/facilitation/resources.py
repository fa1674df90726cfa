"""Find the packaged folders: ``templates/`` and ``agendas/``.

In a wheel both live inside the package (hatchling force-includes them from the repository root);
in a source checkout with an editable install they are read from the repository root.
"""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

_REPOSITORY = Path(__file__).resolve().parents[2]


def find_packaged(name: str) -> Traversable:
    """The packaged folder ``name`` (``templates`` or ``agendas``)."""
    inside = resources.files("facilitation").joinpath(name)
    if inside.is_dir():
        return inside
    checkout = _REPOSITORY / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"the packaged folder {name!r} is missing; reinstall facilitation")
