"""Codes that no other test asserted: each from a small inline input, at its line and column."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import BASE_WORKSHOP, analyse, tuples
from facilitation import codes
from facilitation.documents.build import build
from facilitation.errors import Diagnostic

# BASE_WORKSHOP: line 21 is the workshop's `start:`; the session "Welcome" starts at line 26 with
# `title:` (27 `minutes: 45`, 28 `lead: ek`); whatever is added after `lead:` starts at line 29.
WORKSHOP_START = "  start: 2026-03-02\n"
TITLE = "      - title: Welcome\n"
MINUTES = "        minutes: 45\n"
LEAD = "        lead: ek\n"

CASES: dict[str, tuple[str, list[tuple[str, int, int]]]] = {
    "S103 a list where one text is expected": (
        BASE_WORKSHOP.replace(LEAD, "        lead: [ek, ab]\n"),
        [(codes.WRONG_TYPE, 28, 15)],
    ),
    "S109 a title longer than 500 characters": (
        BASE_WORKSHOP.replace(TITLE, "      - title: " + "Context analysis " * 30 + "\n"),
        [(codes.TEXT_TOO_LONG, 26, 16)],
    ),
    "S112 an unknown time zone": (
        BASE_WORKSHOP.replace(WORKSHOP_START, WORKSHOP_START + "  timezone: Europe/Tirana\n"),
        [(codes.INVALID_TIMEZONE, 22, 13)],
    ),
    "S113 a language that is not a language tag": (
        BASE_WORKSHOP.replace(WORKSHOP_START, WORKSHOP_START + "  language: Serbian\n"),
        [(codes.INVALID_VALUE, 22, 13)],
    ),
    "S113 a country that is not a two-letter code": (
        BASE_WORKSHOP.replace(WORKSHOP_START, WORKSHOP_START + "  country: Serbia\n"),
        [(codes.INVALID_VALUE, 22, 12)],
    ),
    "S113 lunch: with a kind: that says otherwise": (
        BASE_WORKSHOP.replace(LEAD, LEAD + "      - {lunch: Lunch, kind: work, minutes: 30}\n"),
        [(codes.INVALID_VALUE, 29, 9)],
    ),
    "P215 a session with neither minutes nor a method": (
        BASE_WORKSHOP.replace(MINUTES, ""),
        [(codes.NO_DURATION, 26, 9)],
    ),
    "P218 an anchor before the day starts": (
        BASE_WORKSHOP.replace(LEAD, LEAD + "      - {lunch: Lunch, at: 1:00, minutes: 60}\n"),
        [(codes.ANCHOR_OUTSIDE_DAY, 29, 28)],
    ),
    "P219 fewer minutes than the method needs": (
        BASE_WORKSHOP.replace(MINUTES, "        method: world-cafe\n        minutes: 40\n"),
        [(codes.METHOD_DURATION, 28, 18)],
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_code_at_its_line_and_column(name: str, write: Callable[..., Path]) -> None:
    text, expected = CASES[name]
    report = analyse(write("w.yaml", text))
    assert tuples(report.diagnostics) == expected


def test_unknown_time_zone_message_word_for_word(write: Callable[..., Path]) -> None:
    text, _ = CASES["S112 an unknown time zone"]
    [diagnostic] = analyse(write("w.yaml", text)).diagnostics
    assert diagnostic.message == "the workshop: `Europe/Tirana` is not a known time zone"
    assert diagnostic.hint == "did you mean `Europe/Tirane`?"


def test_anchor_outside_the_day_message_word_for_word(write: Callable[..., Path]) -> None:
    text, _ = CASES["P218 an anchor before the day starts"]
    [diagnostic] = analyse(write("w.yaml", text)).diagnostics
    assert diagnostic.message == 'session "Lunch" is fixed at 01:00, outside day 1 (09:00–12:00)'
    assert diagnostic.hint == "move the fixed time inside the day, or change the day's start or end"


def _build_with_missing_include(write: Callable[..., Path], tmp_path: Path) -> list[Diagnostic]:
    """Build the Markdown agenda from a user template that includes a file the folder lacks."""
    workshop = write("w.yaml", BASE_WORKSHOP)
    write("my-templates/agenda.md.j2", '# {{ workshop.title }}\n{% include "footer.md.j2" %}\n')
    result = build(
        [workshop], tmp_path / "out", only=["agenda-md"], templates=tmp_path / "my-templates"
    )
    assert result.report.diagnostics == []
    assert result.written == []
    assert len(result.skipped) == 1
    assert not (tmp_path / "out").exists()
    return list(result.problems)


def test_r307_a_template_includes_a_missing_file(
    write: Callable[..., Path], tmp_path: Path
) -> None:
    problems = _build_with_missing_include(write, tmp_path)
    # A template problem has no line in the workshop file; the location is the template.
    assert tuples(problems) == [(codes.TEMPLATE_MISSING, None, None)]


def test_r307_names_the_missing_included_template(
    write: Callable[..., Path], tmp_path: Path
) -> None:
    [problem] = _build_with_missing_include(write, tmp_path)
    assert problem.code == codes.TEMPLATE_MISSING
    # agenda.md.j2 is there; footer.md.j2, which it includes, is the one that is missing.
    assert "footer.md.j2" in problem.message
