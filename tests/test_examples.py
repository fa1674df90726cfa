"""The bundled example: clean under check, and wired to the JSON schemas for editors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from facilitation.checking.analyse import analyse_paths
from facilitation.reading.loader import detect_file_kind

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "western-balkans"
SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


def test_the_example_checks_without_errors_or_warnings() -> None:
    report = analyse_paths([EXAMPLE])
    assert [d.message for d in report.diagnostics] == []
    assert len(report.analyses) == 7
    assert len(report.agreements) == 7
    regional = next(a for a in report.analyses if a.path.name == "regional-strategic-planning.yaml")
    assert regional.workshop is not None
    assert len(regional.workshop.days) == 4
    assert len(regional.workshop.participants) == 40


@pytest.mark.parametrize(
    "path", sorted(EXAMPLE.rglob("*.yaml")), ids=lambda path: str(path.relative_to(EXAMPLE))
)
def test_every_example_file_names_its_schema(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = SCHEMA_LINE.match(first)
    assert match, f"{path.name} does not start with a yaml-language-server line"
    schema = (path.parent / match.group(1)).resolve()
    assert schema.is_file(), schema
    kind = detect_file_kind(path)
    expected = {"workshop": "workshop", "agreement": "agreement", "outcomes": "outcomes"}.get(
        kind, "programme"
    )
    assert schema.name == f"{expected}.schema.json"
