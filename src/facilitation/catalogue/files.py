"""Read the catalogue's own YAML files with the same strict reader as the user's files.

Each YAML file also ships parsed, as JSON under ``data/parsed/`` with the SHA-256 of the YAML it
was parsed from (:func:`write_parsed_data` writes them; the tests keep them current). A file is
read from its JSON when the hashes match, and from its YAML otherwise, so an edited YAML file is
never read stale. Why: the method catalogue alone took 20 ms to parse on every run; its JSON
loads in well under one.
"""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

from facilitation.yaml_source import parse_yaml

#: The folder under ``data/`` that holds the parsed copies.
PARSED = "parsed"


def find_data_folder(*parts: str) -> Traversable:
    """The folder ``catalogue/data/<parts>`` inside the package."""
    return resources.files("facilitation.catalogue").joinpath("data", *parts)


def read_data(*parts: str) -> Any:
    """The plain data of ``catalogue/data/<parts>``.

    Raises:
        RuntimeError: the shipped file is broken (the tests read every one of them).
    """
    item = find_data_folder(*parts)
    parsed = _read_parsed(parts, hashlib.sha256(item.read_bytes()).hexdigest())
    if parsed is not None:
        return parsed["data"]
    return parse_data(*parts)


def parse_data(*parts: str) -> Any:
    """The plain data of ``catalogue/data/<parts>``, parsed from its YAML.

    Raises:
        RuntimeError: the shipped file is broken (the tests read every one of them).
    """
    item = find_data_folder(*parts)
    name = "/".join(parts)
    parsed = parse_yaml(item.read_text(encoding="utf-8"), f"facilitation/catalogue/data/{name}")
    if not parsed.ok:
        raise RuntimeError(f"broken package data {name}: {parsed.diagnostics[0].message}")
    return parsed.data


def _parsed_path(parts: tuple[str, ...]) -> tuple[str, ...]:
    """Where the parsed copy of ``data/<parts>`` is, under ``data/``."""
    return (PARSED, *parts[:-1], parts[-1].rsplit(".", 1)[0] + ".json")


def _read_parsed(parts: tuple[str, ...], digest: str) -> dict[str, Any] | None:
    """The parsed copy of ``data/<parts>``, if there is one parsed from the bytes of ``digest``."""
    item = find_data_folder(*_parsed_path(parts))
    try:
        parsed = json.loads(item.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(parsed, dict) or parsed.get("sha256") != digest:
        return None
    return parsed


def list_data_files() -> list[tuple[str, ...]]:
    """Every YAML file of the catalogue, as parts under ``data/``."""
    root = Path(str(find_data_folder()))
    return sorted(
        path.relative_to(root).parts
        for path in root.rglob("*.yaml")
        if path.relative_to(root).parts[0] != PARSED
    )


def write_parsed_data() -> list[Path]:
    """Write the parsed copy of every YAML file of the catalogue; return the files written."""
    written = []
    for parts in list_data_files():
        digest = hashlib.sha256(find_data_folder(*parts).read_bytes()).hexdigest()
        document = {"sha256": digest, "data": parse_data(*parts)}
        target = Path(str(find_data_folder(*_parsed_path(parts))))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", "utf-8")
        written.append(target)
    return written


def is_parsed_current(parts: tuple[str, ...]) -> bool:
    """Whether the parsed copy of ``data/<parts>`` exists and was parsed from its bytes."""
    digest = hashlib.sha256(find_data_folder(*parts).read_bytes()).hexdigest()
    parsed = _read_parsed(parts, digest)
    return parsed is not None and parsed["data"] == parse_data(*parts)
