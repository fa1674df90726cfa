"""Read the catalogue's own YAML files with the same strict reader as the user's files."""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable
from typing import Any

from facilitation.yaml_source import parse_yaml


def find_data_folder(*parts: str) -> Traversable:
    """The folder ``catalogue/data/<parts>`` inside the package."""
    return resources.files("facilitation.catalogue").joinpath("data", *parts)


def read_data(*parts: str) -> Any:
    """The plain data of ``catalogue/data/<parts>``.

    Raises:
        RuntimeError: the shipped file is broken (the tests read every one of them).
    """
    item = find_data_folder(*parts)
    name = "/".join(parts)
    parsed = parse_yaml(item.read_text(encoding="utf-8"), f"facilitation/catalogue/data/{name}")
    if not parsed.ok:
        raise RuntimeError(f"broken package data {name}: {parsed.diagnostics[0].message}")
    return parsed.data
