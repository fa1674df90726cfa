"""Outcome records, the outcome report, the regional synthesis and the action export."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from conftest import analyse
from facilitation import codes
from facilitation.cli.app import app
from facilitation.documents.build import build, build_synthesis
from facilitation.documents.views.synthesis import normalise_title
from helpers.docx_text import docx_text

PROGRAMME = """\
name: Test programme
language: en
team:
  - {id: ek, name: Elena Kovač}
countries:
  - {code: RS, name: Serbia}
  - {code: BA, name: Bosnia and Herzegovina}
  - {code: XK, name: Kosovo*}
institutions:
  - {id: rs-police, name: Police Directorate, type: police, country: RS}
  - {id: rs-pps, name: Prosecutor's Office, short_name: PPO, type: prosecution, country: RS}
  - {id: ba-pps, name: Prosecutor's Office of BiH, type: prosecution, country: BA}
  - {id: xk-pps, name: Special Prosecution Office, type: prosecution, country: XK}
footnotes:
  - marker: Kosovo*
    text: This designation is without prejudice to positions on status.
"""


def kickoff(country: str, day: str) -> str:
    return f"""\
programme: programme.yaml
workshop:
  id: kickoff-{country.lower()}
  title: Kick-off {country}
  type: kick-off
  start: {day}
  country: {country}
days:
  - start: 9:00
    end: 12:00
    sessions:
      - {{id: opening, title: Opening, minutes: 30, lead: ek}}
      - {{id: plan, title: First activities, minutes: 60}}
"""


@pytest.fixture
def programme(write: Callable[..., Path]) -> Path:
    return write("programme.yaml", PROGRAMME)


def outcomes_file(write: Callable[..., Path], name: str, workshop: str, body: str) -> Path:
    return write(name, f"outcomes:\n  workshop: {workshop}\n" + body)


def test_outcome_checks(write: Callable[..., Path], programme: Path) -> None:
    write("rs.yaml", kickoff("RS", "2026-02-10"))
    outcomes_file(
        write,
        "rs-outcomes.yaml",
        "rs.yaml",
        """\
  activities:
    - {id: a1, title: One, lead: rs-polic, partners: [rs-pps, nowhere]}
    - {id: a1, title: Two, scope: cross-border, lead_country: RS, countries: [RS]}
    - {id: a3, title: Three, scope: cross-border, lead_country: RS, countries: [RS, HR]}
  actions:
    - {what: Minutes, owner: Elena, due: 2026-02-01}
    - {what: Report, owner: ek, due: 2026-03-01}
    - {what: Letter, owner: PPO}
    - {what: Visit, owner: Kosovo*}
  photos:
    - {file: missing.jpg, caption: Group}
    - {file: photo.png, caption: Flip chart}
  results:
    - {session: openin, summary: Done}
""",
    )
    write("photo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 20)
    report = analyse(Path(programme.parent / "rs-outcomes.yaml"))
    found = [(d.code, d.location.line) for d in report.diagnostics]
    assert found == [
        (codes.UNKNOWN_PARTNER, 4),
        (codes.UNKNOWN_PARTNER, 4),
        (codes.TOO_FEW_COUNTRIES, 5),
        (codes.DUPLICATE_ACTIVITY, 5),
        (codes.UNKNOWN_ACTIVITY_COUNTRY, 6),
        (codes.UNKNOWN_OWNER, 8),
        (codes.DUE_BEFORE_WORKSHOP, 8),
        (codes.PHOTO_PROBLEM, 13),
        (codes.PHOTO_WITHOUT_CONSENT, 14),
        (codes.UNKNOWN_SESSION, 16),
    ]
    hints = [d.hint for d in report.diagnostics]
    assert hints[0] == "did you mean `rs-police`?"
    hints_by_code = {d.code: d.hint for d in report.diagnostics}
    assert hints_by_code[codes.UNKNOWN_SESSION] == "did you mean `opening`?"


def test_outcome_file_that_names_a_missing_workshop(
    write: Callable[..., Path], runner: CliRunner
) -> None:
    path = outcomes_file(write, "o.yaml", "nowhere.yaml", "  decisions: []\n")
    result = runner.invoke(app, ["check", "-f", "json", str(path)])
    assert result.exit_code == 1
    [diagnostic] = json.loads(result.stdout)
    assert (diagnostic["code"], diagnostic["line"]) == (codes.NO_WORKSHOP, 2)
    orphan = write("p.yaml", "outcomes:\n  decisions: []\n")
    result = runner.invoke(app, ["check", "-f", "json", str(orphan)])
    assert json.loads(result.stdout)[0]["message"].startswith("this outcome file does not say")


def _kickoffs(write: Callable[..., Path]) -> Path:
    write("rs.yaml", kickoff("RS", "2026-02-10"))
    write("ba.yaml", kickoff("BA", "2026-02-12"))
    write("xk.yaml", kickoff("XK", "2026-02-17"))
    outcomes_file(
        write,
        "rs-outcomes.yaml",
        "rs.yaml",
        """\
  decisions:
    - {what: Set up a national working group}
  activities:
    - {id: rs-focal, title: National focal points, lead: rs-police}
    - {id: jit-cocaine, title: Joint investigation team, scope: cross-border, lead_country: RS, countries: [RS, BA]}
    - {id: rs-cyber, title: "Joint training on online fraud!", scope: cross-border, lead_country: RS, countries: [RS, XK]}
  actions:
    - {what: Late report, owner: ek, due: 2026-03-01}
    - {what: Finished task, owner: ek, due: 2026-02-20, status: done}
    - {what: "=HYPERLINK(\\"http://x\\")", owner: rs-pps, due: 2026-12-01}
""",
    )
    outcomes_file(
        write,
        "ba-outcomes.yaml",
        "ba.yaml",
        """\
  activities:
    - {id: jit-cocaine, title: Zajednički istražni tim, scope: cross-border, lead_country: RS, countries: [RS, BA]}
  actions:
    - {what: Nominate members, owner: ba-pps, due: 2026-04-15}
""",
    )
    outcomes_file(
        write,
        "xk-outcomes.yaml",
        "xk.yaml",
        """\
  activities:
    - {id: xk-cyber, title: "joint  training on ONLINE fraud", scope: cross-border, lead_country: RS, countries: [RS, XK]}
""",
    )
    return write("rs.yaml", kickoff("RS", "2026-02-10")).parent


@pytest.mark.usefixtures("programme")
def test_joint_activities_match_by_id_and_by_title(
    write: Callable[..., Path], tmp_path: Path
) -> None:
    folder = _kickoffs(write)
    result = build_synthesis([folder], tmp_path / "out", as_of=dt.date(2026, 6, 1))
    assert not result.failed, result.problems
    text = docx_text(tmp_path / "out" / "synthesis.docx")
    assert text.index("Kick-off RS") < text.index("Kick-off BA") < text.index("Kick-off XK")
    # Matched by id (jit-cocaine) and by title (rs-cyber, xk-cyber); neither ids nor how the
    # match was made are printed.
    assert "| Joint investigation team | Serbia | Serbia, Bosnia and Herzegovina |" in text
    assert "| Joint training on online fraud! | Serbia | Serbia, Kosovo* |" in text
    for internal in ("jit-cocaine", "rs-cyber", "xk-cyber", "Matched by", "rs-police"):
        assert internal not in text, internal
    assert "| Joint investigation team | lead | ● |  |" in text
    assert "| Joint training on online fraud! | lead |  | ● |" in text
    assert "Status as of 1 June 2026" in text
    lines = [
        line
        for line in text.splitlines()
        if "Late report" in line or "Nominate" in line or "Finished" in line
    ]
    assert lines == [
        "| 20 February 2026 | Serbia | Finished task | Elena Kovač | Done |",
        "| 1 March 2026 | Serbia | Late report | Elena Kovač | Open / Overdue |",
        "| 15 April 2026 | Bosnia and Herzegovina | Nominate members | Prosecutor's Office of BiH "
        "| Open / Overdue |",
    ]
    assert "UNSCR" not in text
    assert "without prejudice" in text


def test_normalised_titles() -> None:
    assert normalise_title("Joint  Training, on ONLINE fraud!") == normalise_title(
        "joint training on online fraud"
    )
    assert normalise_title("Šćekić Ђорђе") == "scekic ђорђе"


def test_synthesis_without_outcomes_is_a_clear_no(
    write: Callable[..., Path], programme: Path, runner: CliRunner
) -> None:
    write("rs.yaml", kickoff("RS", "2026-02-10"))
    result = runner.invoke(
        app, ["synthesis", str(programme.parent), "-o", str(programme.parent / "out")]
    )
    assert result.exit_code == 1
    assert "O511" in result.stderr
    assert "none of the 1 workshop(s) has outcomes recorded" in result.stderr
    assert not (programme.parent / "out").exists()


@pytest.mark.usefixtures("programme")
def test_outcome_report(write: Callable[..., Path], tmp_path: Path) -> None:
    folder = _kickoffs(write)
    outcomes_file(
        write,
        "rs-more.yaml",
        "rs.yaml",
        """\
  summary: |
    The teams know each other now.
    Two joint activities are ready to start.
  roles:
    - {who: rs-police, what: Hosts the working group}
  questions:
    - {text: "Who pays for travel?", kind: risk, owner: ek}
  feedback:
    responses: 3
    ratings:
      - {question: "Useful?", scores: [5, 4, 4]}
    comments: [More time for groups]
  results:
    - {session: plan, summary: Six ideas, points: [Focal points, Training]}
  photos:
    - {file: photo.png, caption: The plenary, consent: yes}
    - {file: photo.png, caption: Without consent}
""",
    )
    write("photo.png", _png())
    result = build([folder / "rs.yaml"], tmp_path / "out", only=["outcome-report"])
    assert not result.failed, result.problems
    text = docx_text(tmp_path / "out" / "kickoff-rs" / "outcome-report.docx")
    for expected in (
        "The teams know each other now.",
        "National focal points",
        "Joint investigation team",
        "Set up a national working group",
        "Hosts the working group",
        "Who pays for travel?",
        "4.3 / 5",
        "More time for groups",
        "Six ideas",
        "The plenary",
        "Annex 1 – Agenda",
    ):
        assert expected in text, expected
    assert "Without consent" not in text
    assert "Police Directorate" in text  # owners and leads by name, not id


def _png() -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    raw = b"".join(b"\0" + b"\x80\x80\x80" * 4 for _ in range(3))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 3, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


@pytest.mark.usefixtures("programme")
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_action_export(
    write: Callable[..., Path], tmp_path: Path, runner: CliRunner, suffix: str
) -> None:
    folder = _kickoffs(write)
    target = tmp_path / f"actions{suffix}"
    result = runner.invoke(
        app, ["actions", str(folder), "-o", str(target), "--as-of", "2026-06-01"]
    )
    assert result.exit_code == 0, result.output
    if suffix == ".csv":
        rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    else:
        sheet = openpyxl.load_workbook(target).active
        rows = [
            [cell if cell is not None else "" for cell in row]
            for row in sheet.iter_rows(values_only=True)
        ]
        assert all(
            cell.data_type == "s"
            for row in sheet.iter_rows(min_row=2)
            for cell in row
            if cell.value
        )
    assert rows[0] == [
        "Workshop",
        "Country",
        "Action",
        "Owner",
        "Due",
        "Status",
        "Overdue as of 2026-06-01",
    ]
    assert [row[2] for row in rows[1:]] == [
        "Finished task",
        "Late report",
        "Nominate members",
        '\'=HYPERLINK("http://x")' if suffix == ".csv" else '=HYPERLINK("http://x")',
    ]
    assert [row[6] for row in rows[1:]] == ["", "yes", "yes", ""]
    assert rows[2][3] == "Elena Kovač"


@pytest.mark.usefixtures("programme")
def test_a_workshop_without_a_country_is_synthesised_as_regional(
    write: Callable[..., Path], tmp_path: Path
) -> None:
    folder = _kickoffs(write)
    regional = (
        kickoff("RS", "2026-03-02").replace("  country: RS\n", "").replace("kickoff-rs", "regional")
    )
    write("regional.yaml", regional.replace("Kick-off RS", "Regional meeting"))
    outcomes_file(
        write,
        "regional-outcomes.yaml",
        "regional.yaml",
        "  decisions:\n    - {what: Meet every quarter in a different capital}\n",
    )
    result = build_synthesis([folder], tmp_path / "out", as_of=dt.date(2026, 6, 1))
    assert not result.failed, result.problems
    assert [(d.code, d.location.line) for d in result.problems] == [(codes.NO_COUNTRY, 2)]
    text = docx_text(tmp_path / "out" / "synthesis.docx")
    assert "Meet every quarter in a different capital" in text
    assert text.index("Kick-off XK") < text.index("Regional meeting")


@pytest.mark.usefixtures("programme")
def test_a_regional_workshop_held_in_a_country_counts_for_the_region(
    write: Callable[..., Path], tmp_path: Path
) -> None:
    """`scope: regional`: held in Belgrade, but its decisions are not Serbia's."""
    folder = _kickoffs(write)
    regional = (
        kickoff("RS", "2026-03-02")
        .replace("  country: RS\n", "  country: RS\n  scope: regional\n")
        .replace("kickoff-rs", "regional")
    )
    write("regional.yaml", regional.replace("Kick-off RS", "Regional meeting"))
    outcomes_file(
        write,
        "regional-outcomes.yaml",
        "regional.yaml",
        "  decisions:\n    - {what: Meet every quarter in a different capital}\n",
    )
    result = build_synthesis([folder], tmp_path / "out", as_of=dt.date(2026, 6, 1))
    assert not result.failed, result.problems
    assert [d.code for d in result.problems] == []
    text = docx_text(tmp_path / "out" / "synthesis.docx")
    regional_part = text[text.index("\nRegion\n") :]
    assert "Meet every quarter in a different capital" in regional_part
