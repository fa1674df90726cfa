"""The outcome report and the synthesis as a donor reads them: the date their status is as of,
cover, contents, annexes, version and status, owners by name, attendance, no internal ids."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLE, analyse, needs_libreoffice
from facilitation.cli.app import app
from facilitation.documents.actions import list_action_rows
from facilitation.documents.build import build, build_synthesis
from facilitation.documents.views.base import ViewContext
from facilitation.documents.views.outcomes import find_report_date, make_outcome_report_view
from facilitation.documents.views.synthesis import find_synthesis_date, make_synthesis_view
from helpers.docx_text import docx_text

PROGRAMME = """\
name: Test programme
short_name: TP
language: en
team:
  - {id: ek, name: Elena Kovač}
countries:
  - {code: RS, name: Serbia}
  - {code: BA, name: Bosnia and Herzegovina}
institutions:
  - {id: rs-police, name: Police Directorate, short_name: PD, type: police, country: RS}
  - {id: ba-pps, name: Prosecutor's Office of BiH, type: prosecution, country: BA}
"""

#: A 2-day national workshop (last day 11 March 2026) with four participants, one of them staff.
WORKSHOP = """\
programme: programme.yaml
workshop:
  id: kickoff-rs
  title: Kick-off Serbia
  start: 2026-03-10
  end: 2026-03-11
  country: RS
days:
  - start: 9:00
    end: 12:00
    theme: Getting started
    sessions:
      - {id: opening, title: Opening, minutes: 30, lead: ek, room: Hall A}
      - {id: plan, title: First activities, minutes: 60, room: Hall A}
  - start: 9:00
    end: 12:00
    sessions:
      - {id: review, title: Review, minutes: 60, room: Hall A}
participants:
  - {name: Ana Ilić, function: Inspector, institution: rs-police, country: RS, gender: female,
     email: ana@example.org{attended_ana}}
  - {name: Marko Lukić, function: Prosecutor, institution: ba-pps, country: BA, gender: male,
     email: marko@example.org{attended_marko}}
  - {name: Jovana Perić, function: Analyst, institution: rs-police, country: RS, gender: female{attended_jovana}}
  - {name: Elena Kovač, role: facilitator, gender: female}
"""

#: Actions due on 13 March (done), 1 April, 1 June and 1 September 2026 (open).
OUTCOMES = """\
outcomes:
  workshop: rs.yaml
{header}  activities:
    - {id: rs-focal, title: National focal points, lead: rs-police, status: ongoing}
    - {id: jit, title: Joint investigation team, scope: cross-border, lead: rs-police,
       partners: [ba-pps], lead_country: RS, countries: [RS, BA]}
  actions:
    - {what: Send the report, owner: ek, due: 2026-03-13, status: done}
    - {what: Name the focal points, owner: rs-police, due: 2026-04-01}
    - {what: Train the team, owner: RS, due: 2026-06-01, status: in-progress}
    - {what: Review the plan, owner: ba-pps, due: 2026-09-01}
"""


def _attendance(recorded: bool) -> dict[str, str]:
    if not recorded:
        return {"attended_ana": "", "attended_marko": "", "attended_jovana": ""}
    return {
        "attended_ana": ", attended: all",
        "attended_marko": ", attended: 1",
        "attended_jovana": ", attended: none",
    }


@pytest.fixture
def folder(write: Callable[..., Path]) -> Callable[..., Path]:
    """Writes the workshop and its outcomes; ``header`` goes on top of ``outcomes:``."""

    def _folder(header: str = "", *, attended: bool = False) -> Path:
        write("programme.yaml", PROGRAMME)
        write("rs-outcomes.yaml", OUTCOMES.replace("{header}", header))
        text = WORKSHOP
        for key, value in _attendance(attended).items():
            text = text.replace("{" + key + "}", value)
        return write("rs.yaml", text)

    return _folder


def _view(path: Path, *, today: dt.date, as_of: dt.date | None = None) -> dict[str, Any]:
    [analysis] = analyse(path).analyses
    assert analysis.workshop is not None, analysis.diagnostics
    assert analysis.schedule is not None
    ctx = ViewContext.of(analysis.workshop, analysis.schedule, today, as_of=as_of)
    return make_outcome_report_view(ctx)


def _states(view: dict[str, Any]) -> dict[str, str]:
    return {action["what"]: action["state"] for action in view["actions"]}


def test_overdue_is_judged_against_as_of(folder: Callable[..., Path]) -> None:
    path = folder("  reported: 2026-05-15\n")
    view = _view(path, today=dt.date(2031, 1, 1), as_of=dt.date(2026, 7, 1))
    assert view["as_of"] == "Status as of 1 July 2026"
    assert _states(view) == {
        "Send the report": "done",
        "Name the focal points": "overdue",
        "Train the team": "overdue",
        "Review the plan": "open",
    }
    assert view["action_counts"] == (
        "Action items as of 1 July 2026: 4 in total, 1 done, 3 open, 2 overdue."
    )
    overdue = next(a for a in view["actions"] if a["what"] == "Train the team")
    assert (overdue["status"], overdue["overdue"], overdue["shade"]) == (
        "In progress",
        "Overdue",
        "F6D3CF",
    )


def test_reported_date_is_used_when_as_of_is_not_given(folder: Callable[..., Path]) -> None:
    path = folder("  reported: 2026-05-15\n")
    view = _view(path, today=dt.date(2031, 1, 1))
    assert view["as_of"] == "Status as of 15 May 2026"
    assert _states(view)["Name the focal points"] == "overdue"
    assert _states(view)["Train the team"] == "in-progress"  # due 1 June: not yet
    assert view["document"]["issued"] == "15 May 2026"


def test_without_a_date_the_workshops_last_day_and_never_today(
    folder: Callable[..., Path],
) -> None:
    path = folder()
    early, late = _view(path, today=dt.date(2026, 3, 12)), _view(path, today=dt.date(2031, 1, 1))
    assert early == late  # nothing in the report depends on the day of the build
    assert late["as_of"] == "Status as of 11 March 2026"
    assert set(_states(late).values()) == {"done", "open", "in-progress"}
    [analysis] = analyse(path).analyses
    assert analysis.workshop is not None
    assert analysis.schedule is not None
    assert find_report_date(analysis.workshop, analysis.schedule, None) == dt.date(2026, 3, 11)


def test_cover_contents_version_and_annexes(folder: Callable[..., Path]) -> None:
    view = _view(folder("  version: 2\n  status: final\n"), today=dt.date(2031, 1, 1))
    document = view["document"]
    assert (document["version"], document["status"], document["mark"]) == ("2", "final", "")
    assert document["issue_line"] == "Version 2 · Final · issued 11 March 2026"
    assert view["contents"][:3] == ["1. Executive summary", "2. Objectives of the workshop",
                                    "3. Participation"]  # fmt: skip
    assert view["contents"][-2:] == ["Annex 1 – Agenda", "Annex 2 – List of participants"]
    assert "13. Photos" not in view["contents"]  # no photos, no section
    assert view["heading"]["actions"] == "10. Action plan"
    days = view["annex"]["days"]
    assert [day["label"] for day in days] == ["Day 1", "Day 2"]
    assert days[0]["room"] == "Hall A"
    assert [row["room"] for row in days[0]["sessions"]] == ["", ""]  # named once, above
    people = [row for group in view["annex"]["groups"] for row in group["rows"]]
    assert [row["name"] for row in people] == ["Ana Ilić", "Jovana Perić", "Marko Lukić"]
    assert all("email" not in row for row in people)  # the list as shared: no contacts
    draft = _view(folder(), today=dt.date(2031, 1, 1))["document"]
    assert (draft["status"], draft["mark"]) == ("draft", "DRAFT")


def test_owners_are_people_and_institutions_by_name(folder: Callable[..., Path]) -> None:
    view = _view(folder(), today=dt.date(2031, 1, 1))
    owners = {action["what"]: action["owner"] for action in view["actions"]}
    assert owners == {
        "Send the report": "Elena Kovač",
        "Name the focal points": "Police Directorate",
        "Train the team": "National team of Serbia",
        "Review the plan": "Prosecutor's Office of BiH",
    }
    [joint] = view["joint"]
    assert (joint["lead"], joint["partners"]) == (
        "Police Directorate",
        "Prosecutor's Office of BiH",
    )


def test_participation_counts_attendance_when_recorded(folder: Callable[..., Path]) -> None:
    registered = _view(folder(), today=dt.date(2031, 1, 1))
    assert registered["participation"]["source"].startswith("Figures from the registrations")
    assert registered["figures"][0] == {
        "label": "Participants (registered)",
        "value": "3 (Women: 2, Men: 1)",
    }
    attended = _view(folder(attended=True), today=dt.date(2031, 1, 1))["participation"]
    assert attended["attended"]
    assert [(d["label"], d["female"], d["male"], d["total"]) for d in attended["days"]] == [
        ("Day 1 · 10 March 2026", 1, 1, 2),
        ("Day 2 · 11 March 2026", 1, 0, 1),
        ("At least one day", 1, 1, 2),
    ]
    figures = _view(folder(attended=True), today=dt.date(2031, 1, 1))["figures"]
    assert figures[0] == {"label": "Participants (attended)", "value": "2 (Women: 1, Men: 1)"}


def test_build_as_of_and_the_report_as_built(
    folder: Callable[..., Path], tmp_path: Path, runner: CliRunner
) -> None:
    path = folder("  reported: 2026-05-15\n")
    result = runner.invoke(
        app, ["build", str(path), "-o", str(tmp_path / "out"), "--only", "outcome-report",
              "--as-of", "2026-07-01"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    text = docx_text(tmp_path / "out" / "kickoff-rs" / "outcome-report.docx")
    assert "Status as of 1 July 2026" in text
    assert (
        "| Train the team | National team of Serbia | 1 June 2026 | In progress / Overdue |" in text
    )
    assert "| Review the plan | Prosecutor's Office of BiH | 1 September 2026 | Open |" in text
    assert (
        "Annex 1 – Agenda\nDay 1 · Tuesday, 10 March 2026 — Getting started\nRoom: Hall A" in text
    )
    assert "| 1 | Ana Ilić | Inspector | Police Directorate |" in text
    assert "ana@example.org" not in text
    build([path], tmp_path / "again", only=["outcome-report"])
    again = docx_text(tmp_path / "again" / "kickoff-rs" / "outcome-report.docx")
    assert "Status as of 15 May 2026" in again


def test_synthesis_reads_as_of_from_the_records(
    folder: Callable[..., Path], tmp_path: Path
) -> None:
    path = folder("  reported: 2026-05-15\n")
    result = build_synthesis([path.parent], tmp_path / "out")
    assert not result.failed, result.problems
    text = docx_text(tmp_path / "out" / "synthesis.docx")
    assert "Status as of 15 May 2026" in text
    assert "| Action items | 4 (1 done, 3 open, 1 overdue) |" in text
    assert "| Workshops | 1 (1 national, 0 regional) |" in text
    assert "| Serbia | 2 | 0 | 2 |" in text  # participants by country: women, men, total
    assert "| Bosnia and Herzegovina | 0 | 1 | 1 |" in text
    assert (
        "| Joint investigation team | Serbia / Police Directorate | Serbia |  | Planned |" in text
    )
    assert not re.search(r"\b(rs-focal|jit|rs-police|ba-pps)\b", text)
    report = analyse(path)
    workshops = [a.workshop for a in report.analyses if a.workshop]
    schedules = [a.schedule for a in report.analyses if a.schedule]
    assert find_synthesis_date(workshops, schedules, None) == dt.date(2026, 5, 15)
    assert find_synthesis_date(workshops, schedules, dt.date(2026, 1, 1)) == dt.date(2026, 1, 1)
    view = make_synthesis_view(workshops, schedules)
    assert view["people"]["label"] == "Participants (registered)"
    [row] = view["progress"]
    assert (row["scope"], row["overdue"], row["overdue_shade"]) == ("Serbia", 1, "F6D3CF")
    headings, rows = list_action_rows(report)
    assert headings[-1] == "Overdue as of 2026-05-15"
    assert [row[6] for row in rows] == ["", "yes", "", ""]


@pytest.mark.libreoffice
def test_regional_outcome_report_as_a_pdf(tmp_path: Path) -> None:
    """The example's regional report: cover, date, contents, annexes, overdue as of that date."""
    needs_libreoffice()
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler) is not installed")
    workshop = EXAMPLE / "regional-strategic-planning.yaml"
    result = build(
        [workshop], tmp_path, only=["outcome-report"], pdf=True, as_of=dt.date(2026, 7, 1)
    )
    assert not result.failed, result.problems
    pdf = tmp_path / "regional-strategic-planning" / "outcome-report.pdf"
    pages = [
        " ".join(page.split())
        for page in subprocess.run(
            ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
        ).stdout.split("\f")
    ]
    cover = pages[0]
    assert "Outcome report Regional strategic planning workshop" in cover
    assert "Status as of 1 July 2026" in cover
    assert "Version 1 · Final · issued 1 July 2026" in cover
    assert "Executive summary" not in cover  # the cover is a page of its own
    assert "Contents 1. Executive summary 2. Objectives of the workshop" in pages[1]
    assert "Annex 1 – Agenda Annex 2 – List of participants" in pages[1]
    text = " ".join(pages)
    assert "Action items as of 1 July 2026: 11 in total, 7 done, 4 open, 1 overdue." in text
    # Due 30 June and in progress: overdue on 1 July; due 30 September and open: not yet.
    assert re.search(r"recovery platform\. Basic .{0,100} 30 June 2026 In progress Overdue", text)
    assert re.search(
        r"common tracing form\. Albanian State Police 30 September 2026 Open(?! Overdue)", text
    )
    agenda = max(i for i, page in enumerate(pages) if page.startswith("CSC WB · Outcome report "
                 "RESTRICTED Annex 1 – Agenda Day 1 · Monday, 2 March 2026"))  # fmt: skip
    assert "Day 4 · Thursday, 5 March 2026" in " ".join(pages[agenda:])
    people = max(i for i, page in enumerate(pages) if "Annex 2 – List of participants" in page)
    assert people > agenda
    assert "This copy is for circulation and holds no contact details." in pages[people]
    assert "Tomislav Perić" in " ".join(pages[people:])
    assert "@example.org" not in " ".join(pages[agenda:]).replace("m.novakovic@example.org", "")


def test_an_outcome_report_shows_its_workshops_compass_self_assessment(tmp_path: Path) -> None:
    result = build([EXAMPLE / "kickoffs" / "serbia.yaml"], tmp_path, only=["outcome-report"])
    assert not result.failed, result.problems
    text = docx_text(tmp_path / "kickoff-serbia" / "outcome-report.docx")
    assert text.count("13. Самопроцена према Компасу") == 2  # in the contents and as the heading
    assert "Почетна процена · Број испитаника: 8 · Скала 1–5" in text
    assert "| Будуће могућности | 3,7 | 0,5 |" in text
    assert "Јаке стране: " in text


def test_a_workshop_with_fewer_than_five_respondents_says_so_instead(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLE, tmp_path / "example")
    answers = tmp_path / "example" / "kickoffs" / "serbia-assessment.csv"
    answers.write_text(
        "\n".join(answers.read_text(encoding="utf-8").splitlines()[:5]) + "\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    result = build(
        [tmp_path / "example" / "kickoffs" / "serbia.yaml"], out, only=["outcome-report"]
    )
    assert not result.failed, result.problems
    text = docx_text(out / "kickoff-serbia" / "outcome-report.docx")
    assert "Број испитаника: 4" in text
    assert "| Будуће могућности |" not in text  # no means of four people
    assert "Јаке стране" not in text
