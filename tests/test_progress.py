"""DCM progress: the milestones per country, their checks, and the design checks on the balance."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import EXAMPLE, analyse, codes_of
from facilitation import codes
from facilitation.catalogue.messages import iter_messages
from facilitation.catalogue.methodology import (
    list_milestone_ids,
    load_methodology,
    milestone_phase,
)
from facilitation.checking.analyse import analyse_paths
from facilitation.checking.progress import programme_progress
from facilitation.model.programme import Programme

PROGRAMME = """\
name: Test programme
countries:
  - {code: RS, name: Serbia}
  - {code: ME, name: Montenegro}
progress:
  - country: RS
    milestones:
      - milestone: stakeholders-known
        date: 2026-01-20
        shown_by: {workshop: kickoff-serbia, decision: rs-team}
      - milestone: collaboration-agreements
        date: 2026-03-24
        shown_by: {agreement: agreement-serbia}
"""

WORKSHOP = """\
programme: ../programme.yaml
workshop:
  id: kickoff-serbia
  title: Kick-off
  start: 2026-01-20
  country: RS
days:
  - start: 9:00
    end: 12:00
    sessions:
      - {title: Welcome, minutes: 45}
outcomes:
  decisions:
    - {id: rs-team, what: A national team is formed}
"""

AGREEMENT = """\
programme: ../programme.yaml
agreement:
  id: agreement-serbia
  title: Agreement
  scope: national
  country: RS
  date: 2026-03-24
  purpose: The parties agree how they work together.
  parties:
    - institution: rs-police
    - institution: rs-prosecution
"""

INSTITUTIONS = """\
institutions:
  - {id: rs-police, name: Police, type: police, country: RS}
  - {id: rs-prosecution, name: Prosecution, type: prosecution, country: RS}
"""


@pytest.fixture
def folder(write: Callable[..., Path], tmp_path: Path) -> Path:
    write("programme.yaml", PROGRAMME + INSTITUTIONS)
    write("kickoffs/serbia.yaml", WORKSHOP)
    write("agreements/serbia.yaml", AGREEMENT)
    return tmp_path


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


# --- the catalogue ------------------------------------------------------------------------------


def test_every_phase_has_milestones_with_unique_ids() -> None:
    ids = list_milestone_ids()
    assert len(ids) == len(set(ids)) == 13
    assert all(phase.results for phase in load_methodology().phases)
    phase = milestone_phase("collaboration-agreements")
    assert phase is not None
    assert phase.id == "building-and-formalizing"
    assert milestone_phase("nothing") is None


def test_milestones_are_messages_for_translation() -> None:
    found = {m.context: m.text for m in iter_messages() if ".results." in m.context}
    assert found["phases.exploring-and-engaging.results.trust"] == (
        "Trust among the key stakeholders"
    )
    assert len(found) == 13


# --- the record and its checks ------------------------------------------------------------------


def test_a_clean_record_passes(folder: Path) -> None:
    assert codes_of(analyse(folder)) == []


def test_a_wrong_milestone_is_placed_and_a_near_id_suggested(folder: Path) -> None:
    _replace(folder / "programme.yaml", "milestone: stakeholders-known", "milestone: stakeholder")
    report = analyse(folder)
    (found,) = report.diagnostics
    assert found.code == codes.UNKNOWN_MILESTONE
    assert found.location.file.endswith("programme.yaml")
    assert found.location.line == 8
    assert found.hint == "did you mean `stakeholders-known`?"


@pytest.mark.parametrize(
    ("old", "new", "line", "hint"),
    [
        ("decision: rs-team", "decision: rs-tem", 10, "did you mean `rs-team`?"),
        ("workshop: kickoff-serbia,", "workshop: kickoff-serbi,", 10, "kickoff-serbia"),
        ("agreement: agreement-serbia", "agreement: agreement-serbi", 13, "agreement-serbia"),
    ],
)
def test_a_missing_record_is_an_error_at_its_line(
    folder: Path, old: str, new: str, line: int, hint: str
) -> None:
    _replace(folder / "programme.yaml", old, new)
    (found,) = analyse(folder).diagnostics
    assert found.code == codes.UNKNOWN_RECORD
    assert found.location.line == line
    assert hint in (found.hint or "")


def test_a_country_outside_the_programme_is_reported(folder: Path) -> None:
    _replace(folder / "programme.yaml", "  - country: RS\n", "  - country: AL\n")
    found = analyse(folder).diagnostics
    assert [d.code for d in found] == [codes.UNKNOWN_COUNTRY]
    assert found[0].location.line == 6


def test_one_workshop_alone_checks_ids_but_not_the_records(folder: Path) -> None:
    _replace(folder / "programme.yaml", "agreement: agreement-serbia", "agreement: elsewhere")
    _replace(folder / "programme.yaml", "milestone: stakeholders-known", "milestone: stakeholder")
    assert codes_of(analyse(folder / "kickoffs" / "serbia.yaml")) == [codes.UNKNOWN_MILESTONE]
    assert sorted(codes_of(analyse(folder))) == [codes.UNKNOWN_MILESTONE, codes.UNKNOWN_RECORD]


def test_a_workshop_that_cannot_be_read_is_not_reported_missing(folder: Path) -> None:
    # The kick-off's own error is the one to mend; its id and decisions exist, unread. Another
    # workshop of the programme is read, so the programme's progress is checked.
    other = WORKSHOP.replace("kickoff-serbia", "kickoff-montenegro").replace("RS", "ME")
    (folder / "kickoffs" / "montenegro.yaml").write_text(other, encoding="utf-8")
    _replace(folder / "kickoffs" / "serbia.yaml", "start: 9:00", "start: 25:00")
    (found,) = analyse(folder).diagnostics
    assert found.code == codes.INVALID_TIME
    assert found.location.file.endswith(str(Path("kickoffs") / "serbia.yaml"))
    _replace(folder / "kickoffs" / "serbia.yaml", "start: 25:00", "start: 9:00")
    _replace(folder / "programme.yaml", "agreement: agreement-serbia", "agreement: elsewhere")
    assert codes_of(analyse(folder)) == [codes.UNKNOWN_RECORD]


def test_shown_by_names_one_record(folder: Path) -> None:
    _replace(
        folder / "programme.yaml",
        "shown_by: {agreement: agreement-serbia}",
        "shown_by: {agreement: agreement-serbia, workshop: kickoff-serbia}",
    )
    assert codes.INVALID_VALUE in codes_of(analyse(folder))


def test_the_example_records_progress_for_every_country() -> None:
    report = analyse_paths([EXAMPLE])
    assert report.diagnostics == []
    workshop = report.analyses[0].workshop
    assert workshop is not None
    standings = programme_progress(workshop.programme)
    assert [s.country for s in standings] == ["RS", "BA", "AL", "ME", "XK", "MK"]
    assert all(s.milestones for s in standings)


# --- the data for the synthesis -----------------------------------------------------------------


def _programme(extra: str = "") -> Programme:
    from facilitation.yaml_source import parse_yaml

    parsed = parse_yaml(PROGRAMME + extra, "programme.yaml")
    return Programme.model_validate(parsed.data)


def test_progress_per_country_with_the_current_phase() -> None:
    serbia, montenegro = programme_progress(_programme())
    assert serbia.country == "RS"
    assert list(serbia.milestones) == ["stakeholders-known", "collaboration-agreements"]
    assert serbia.milestones["stakeholders-known"].phase == "exploring-and-engaging"
    assert serbia.milestones["stakeholders-known"].date == dt.date(2026, 1, 20)
    assert serbia.current_phase == "building-and-formalizing"
    first, second, third, fourth = serbia.phases
    assert (first.reached, first.total, first.complete) == (("stakeholders-known",), 4, False)
    assert second.reached == ("collaboration-agreements",)
    assert third.reached == fourth.reached == ()
    assert montenegro.milestones == {}
    assert montenegro.current_phase is None


def test_progress_as_of_a_date_counts_what_was_reached_by_then() -> None:
    serbia, _ = programme_progress(_programme(), as_of=dt.date(2026, 2, 1))
    assert list(serbia.milestones) == ["stakeholders-known"]
    assert serbia.current_phase == "exploring-and-engaging"


def test_a_milestone_recorded_twice_keeps_its_earliest_date() -> None:
    again = """\
  - country: RS
    milestones:
      - milestone: stakeholders-known
        date: 2026-01-10
        shown_by: {workshop: earlier}
"""
    serbia, _ = programme_progress(_programme(again))
    assert serbia.milestones["stakeholders-known"].date == dt.date(2026, 1, 10)
    assert serbia.milestones["stakeholders-known"].shown_by.workshop == "earlier"


def test_an_unknown_milestone_is_left_out_of_the_data() -> None:
    wrong = PROGRAMME.replace("milestone: stakeholders-known", "milestone: nothing")
    from facilitation.yaml_source import parse_yaml

    serbia, _ = programme_progress(
        Programme.model_validate(parse_yaml(wrong, "programme.yaml").data)
    )
    assert list(serbia.milestones) == ["collaboration-agreements"]


# --- design checks ------------------------------------------------------------------------------

TWO_DAYS = """\
programme:
  name: Test
workshop:
  id: test
  title: Test
  start: 2026-03-02
  dcm_phase: {phase}
days:
{days}"""

DAY = """\
  - start: 9:00
    end: 13:00
    sessions:
      - {{title: Vision, minutes: 90, compass: [future-possibilities, wholeness, engagement]}}
      - {{break: Coffee, minutes: 15}}
      - {{title: Map, minutes: 90, compass: [collective-intelligence, humanity], dcm_phase: {phase}}}
      - {{title: Ideas, minutes: {ideas}, compass: [innovation]}}
"""


def _two_days(
    write: Callable[..., Path], ideas: int, phase: str = "building-and-formalizing", days: int = 2
) -> list[str]:
    day = DAY.format(ideas=ideas, phase="building-and-formalizing")
    text = TWO_DAYS.format(phase=phase, days=day * days)
    return codes_of(analyse(write("w.yaml", text)))


def test_a_dimension_with_a_small_share_of_a_long_workshop_is_warned(
    write: Callable[..., Path],
) -> None:
    # Work per day: 90 + 90 + ideas. Innovation: 10 of 190 min (5 %) is under 10 %.
    assert codes.COMPASS_SMALL_SHARE in _two_days(write, ideas=10)
    # 25 of 205 min (12 %) is not.
    assert codes.COMPASS_SMALL_SHARE not in _two_days(write, ideas=25)


def test_a_one_day_workshop_is_not_held_to_the_share(write: Callable[..., Path]) -> None:
    assert codes.COMPASS_SMALL_SHARE not in _two_days(write, ideas=10, days=1)


def test_most_of_the_time_in_the_workshops_phase_is_fine(write: Callable[..., Path]) -> None:
    assert codes.PHASE_MISMATCH not in _two_days(write, ideas=30)
    # The Map sessions (90 min) serve building; Vision and Ideas (120 min) take the workshop's.
    assert codes.PHASE_MISMATCH not in _two_days(write, ideas=30, phase="implementing")


def test_the_phase_warning_names_both_phases(write: Callable[..., Path]) -> None:
    text = TWO_DAYS.format(
        phase="implementing-and-evaluating",
        days=DAY.format(ideas=10, phase="building-and-formalizing").replace(
            "compass: [future-possibilities, wholeness, engagement]}",
            "compass: [future-possibilities, wholeness, engagement], "
            "dcm_phase: building-and-formalizing}",
        ),
    )
    report = analyse(write("w.yaml", text))
    (found,) = [d for d in report.diagnostics if d.code == codes.PHASE_MISMATCH]
    assert "Implementing and evaluating" in found.message
    assert "Building and formalizing gets 180 min" in found.message
    assert found.location.line == 7


@pytest.mark.parametrize(
    "path", sorted((EXAMPLE.parent.parent / "agendas").glob("*.yaml")), ids=lambda p: p.name
)
def test_the_blueprints_pass_the_design_checks(path: Path) -> None:
    found = codes_of(analyse_paths([path]))
    assert codes.COMPASS_SMALL_SHARE not in found
    assert codes.PHASE_MISMATCH not in found
