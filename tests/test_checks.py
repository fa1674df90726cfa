"""Plan checks, each with its own code, at the line that needs changing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import BASE_WORKSHOP, analyse, tuples
from facilitation import codes


def with_days(days: str) -> str:
    head = BASE_WORKSHOP.split("days:\n")[0]
    return head + "days:\n" + days


def test_base_workshop_is_clean(write: Callable[..., Path]) -> None:
    report = analyse(write("w.yaml", BASE_WORKSHOP))
    assert report.diagnostics == []


def test_facilitator_in_two_parallel_groups(write: Callable[..., Path]) -> None:
    text = with_days(
        """\
  - start: 9:00
    end: 12:00
    sessions:
      - title: Groups
        minutes: 60
        groups:
          - {name: A, facilitator: ek}
          - {name: B, facilitator: ab}
          - {name: C, facilitator: ek}
"""
    )
    report = analyse(write("w.yaml", text))
    assert tuples(report.diagnostics) == [(codes.DOUBLE_BOOKED, 31, 36)]
    assert "group 3 (C) and group 1 (A)" in report.diagnostics[0].message


def test_unknown_group_facilitator_and_co_facilitator(write: Callable[..., Path]) -> None:
    text = with_days(
        """\
  - start: 9:00
    end: 12:00
    sessions:
      - title: Groups
        minutes: 60
        co_facilitators: [ab, zz]
        note_taker: ek
        groups:
          - {name: A, facilitator: abb}
"""
    )
    report = analyse(write("w.yaml", text))
    assert tuples(report.diagnostics) == [
        (codes.UNKNOWN_FACILITATOR, 28, 31),
        (codes.UNKNOWN_FACILITATOR, 31, 36),
    ]
    assert report.diagnostics[1].hint == "did you mean `ab`?"


def test_day_dates_outside_out_of_order_and_with_gaps(write: Callable[..., Path]) -> None:
    text = BASE_WORKSHOP.replace(
        "  start: 2026-03-02\n", "  start: 2026-03-02\n  end: 2026-03-06\n"
    )
    text += """\
  - date: 2026-03-06
    start: 9:00
    end: 12:00
    sessions: [{title: B, minutes: 30}]
  - date: 2026-03-04
    start: 9:00
    end: 12:00
    sessions: [{title: C, minutes: 30}]
  - date: 2026-03-09
    start: 9:00
    end: 12:00
    sessions: [{title: D, minutes: 30}]
  - date: 2026-03-01
    start: 9:00
    end: 12:00
    sessions: [{title: E, minutes: 30}]
"""
    report = analyse(write("w.yaml", text))
    assert [(d.code, d.location.line) for d in report.diagnostics] == [
        (codes.GAP_BETWEEN_DAYS, 30),
        (codes.DAY_OUTSIDE_WORKSHOP, 34),
        (codes.DAY_OUTSIDE_WORKSHOP, 38),
        (codes.DAY_OUTSIDE_WORKSHOP, 42),
    ]
    assert "outside the workshop (2026-03-02 to 2026-03-06)" in report.diagnostics[2].message


def test_day_shape_problems(write: Callable[..., Path]) -> None:
    text = with_days(
        """\
  - start: 7:00
    end: 20:30
    sessions:
      - {title: A, minutes: 60}
      - {lunch: Lunch, minutes: 60}
  - start: 9:00
    end: 12:00
    sessions: []
  - start: 17:00
    end: 9:00
    sessions: [{title: B, minutes: 30}]
  - start: 9:00
    end: 17:00
    sessions: [{title: C, minutes: 30}]
"""
    )
    report = analyse(write("w.yaml", text))
    assert [(d.code, d.location.line) for d in report.diagnostics] == [
        (codes.LONG_DAY, 24),
        (codes.EMPTY_DAY, 28),
        (codes.DAY_ENDS_BEFORE_START, 32),
        (codes.NO_LUNCH, 34),
    ]


def test_a_gap_counts_as_a_break(write: Callable[..., Path]) -> None:
    text = with_days(
        """\
  - start: 9:00
    end: 13:00
    sessions:
      - {title: A, minutes: 80}
      - {title: B, minutes: 60, at: 10:40}
      - {title: C, minutes: 40}
"""
    )
    report = analyse(write("w.yaml", text))
    assert [d.code for d in report.diagnostics] == [codes.IDLE_BEFORE_FIXED_START, codes.NO_BREAK]
    idle, no_break = report.diagnostics
    assert idle.message == (
        '20 min stand empty before "B", fixed at 10:40 on day 1: the sessions before it end at '
        "10:20"
    )
    assert (idle.location.line, idle.location.column) == (27, 37)  # at `at: 10:40`
    assert "(10:40–12:20)" in no_break.message


def test_compass_balance(write: Callable[..., Path]) -> None:
    text = with_days(
        """\
  - start: 9:00
    end: 17:00
    sessions:
      - {title: A, minutes: 90, compass: [humanity, engagement]}
      - {break: Coffee, minutes: 30}
      - {title: B, minutes: 90, compass: innovation}
      - {lunch: Lunch, minutes: 60}
      - {title: C, minutes: 90, compass: [future possibilities]}
      - {break: Tea, minutes: 30}
      - {title: D, minutes: 60}
"""
    )
    report = analyse(write("w.yaml", text))
    assert [d.code for d in report.diagnostics] == [codes.COMPASS_GAP]
    assert report.diagnostics[0].message.endswith("Collective intelligence, Wholeness")


def test_unknown_compass_dimension_and_phase_suggest(write: Callable[..., Path]) -> None:
    text = BASE_WORKSHOP.replace(
        "        lead: ek\n",
        "        lead: ek\n        compass: [humanty]\n        dcm_phase: buildin\n",
    )
    report = analyse(write("w.yaml", text))
    assert [(d.code, d.hint) for d in report.diagnostics] == [
        (codes.INVALID_CHOICE, "did you mean `humanity`?"),
        (codes.INVALID_CHOICE, "did you mean `building-and-formalizing`?"),
    ]


def test_phase_and_dimension_spellings(write: Callable[..., Path]) -> None:
    text = BASE_WORKSHOP.replace(
        "        lead: ek\n",
        "        lead: ek\n        compass: [Collective Intelligence, future]\n"
        "        dcm_phase: Building and formalising\n",
    )
    report = analyse(write("w.yaml", text))
    assert report.diagnostics == []
    workshop = report.analyses[0].workshop
    assert workshop is not None
    session = workshop.days[0].sessions[0]
    assert session.compass == ["collective-intelligence", "future-possibilities"]
    assert session.dcm_phase == "building-and-formalizing"


def test_unknown_countries_and_institution(write: Callable[..., Path]) -> None:
    text = BASE_WORKSHOP.replace("  start: 2026-03-02\n", "  start: 2026-03-02\n  country: BA\n")
    text = text.replace("      country: RS\n", "      country: HR\n")
    text += """\
participants:
  - {name: Ana, country: Srbia, institution: Police Directorat}
  - {name: Besa, country: XK, institution: rs-police}
"""
    report = analyse(write("w.yaml", text))
    assert [(d.code, d.location.line, d.hint) for d in report.diagnostics] == [
        (codes.UNKNOWN_COUNTRY, 17, "countries: RS, XK"),
        (codes.UNKNOWN_COUNTRY, 22, "countries: RS, XK"),
        (codes.UNKNOWN_COUNTRY, 31, "did you mean `Serbia`?"),
        (codes.UNKNOWN_INSTITUTION, 31, "did you mean `Police Directorate`?"),
    ]


def test_duplicate_ids_in_the_programme_file(write: Callable[..., Path]) -> None:
    write(
        "programme.yaml",
        """\
        name: P
        team:
          - {id: ek, name: Elena}
          - {id: ek, name: Emil}
        countries:
          - {code: RS, name: Serbia}
          - {code: rs, name: Serbia again}
        """,
    )
    text = BASE_WORKSHOP.split("workshop:\n")[1]
    report = analyse(write("w.yaml", "programme: programme.yaml\nworkshop:\n" + text))
    assert [
        (d.code, d.location.file.endswith("programme.yaml"), d.location.line)
        for d in report.diagnostics
    ] == [
        (codes.DUPLICATE_ID, True, 4),
        (codes.DUPLICATE_ID, True, 7),
    ]


def test_workshop_overrides_programme_by_id(write: Callable[..., Path]) -> None:
    write(
        "programme.yaml",
        """\
        name: P
        language: en
        confidentiality: internal
        team:
          - {id: ek, name: Elena}
        """,
    )
    report = analyse(
        write(
            "w.yaml",
            """\
            programme:
              file: programme.yaml
              team:
                - {id: ek, name: Elena Kovač, role: Lead}
                - {id: mn, name: Marko}
            workshop:
              id: w
              title: W
              start: 2026-03-02
              language: sr-Latn
              confidentiality: restricted
            days:
              - start: 9:00
                end: 12:00
                sessions: [{title: A, minutes: 30, lead: mn}]
            """,
        )
    )
    assert report.diagnostics == []
    workshop = report.analyses[0].workshop
    assert workshop is not None
    assert [(m.id, m.name) for m in workshop.programme.team] == [
        ("ek", "Elena Kovač"),
        ("mn", "Marko"),
    ]
    assert (workshop.language, workshop.confidentiality) == ("sr-Latn", "restricted")


def test_programme_file_missing(write: Callable[..., Path]) -> None:
    text = BASE_WORKSHOP.split("workshop:\n")[1]
    report = analyse(write("w.yaml", "programme: nowhere.yaml\nworkshop:\n" + text))
    assert tuples(report.diagnostics) == [(codes.FILE_NOT_FOUND, 1, 12)]


def test_programme_file_errors_are_located_in_it(write: Callable[..., Path]) -> None:
    write("programme.yaml", "name: P\nteam:\n  - id: ek\n    nmae: Elena\n")
    text = BASE_WORKSHOP.split("workshop:\n")[1]
    report = analyse(write("w.yaml", "programme: programme.yaml\nworkshop:\n" + text))
    [diagnostic] = report.diagnostics
    assert diagnostic.location.file.endswith("programme.yaml")
    assert (diagnostic.code, diagnostic.location.line, diagnostic.hint) == (
        codes.UNKNOWN_FIELD,
        4,
        "did you mean `name`?",
    )


def test_every_schema_problem_at_once(write: Callable[..., Path]) -> None:
    text = with_days(
        """\
  - start: 9:00
    end: 5pm
    sessions:
      - {title: A, minutes: 0, kind: brek}
      - {minutes: 10}
      - {title: B, format: plenery, lead: Elena}
"""
    )
    report = analyse(write("w.yaml", text))
    assert [(d.code, d.location.line) for d in report.diagnostics] == [
        (codes.INVALID_TIME, 24),
        (codes.NON_POSITIVE_DURATION, 26),
        (codes.INVALID_CHOICE, 26),
        (codes.MISSING_FIELD, 27),
        (codes.INVALID_CHOICE, 28),
        (codes.INVALID_ID, 28),
    ]
    hints = [d.hint for d in report.diagnostics]
    assert "did you mean `break`?" in hints
    assert "did you mean `plenary`?" in hints


def test_a_language_without_labels_is_a_warning(write: Callable[..., Path]) -> None:
    text = BASE_WORKSHOP.replace("  start: 2026-03-02\n", "  start: 2026-03-02\n  language: nl\n")
    report = analyse(write("w.yaml", text))
    [diagnostic] = report.diagnostics
    assert (diagnostic.code, diagnostic.location.line) == (codes.NO_LABELS, 22)
    assert "English is used" in diagnostic.message


def test_a_comma_that_splits_one_text_is_reported_where_lists_are_meant_it_is_not(
    write: Callable[..., Path],
) -> None:
    text = with_days(
        """\
  - start: 9:00
    end: 12:00
    sessions:
      - title: A
        minutes: 60
        outputs: [Joint priorities, ranked]
        materials: [flip chart, markers, DCM poster, agenda on the wall]
        compass: [humanity, engagement]
      - title: C
        minutes: 60
        outputs: [A list of practices to stop, each with a first step]
      - title: B
        minutes: 60
        outputs:
          - Joint priorities
          - ranked by the group
"""
    )
    report = analyse(write("w.yaml", text))
    split, article = [d for d in report.diagnostics if d.code == codes.FLOW_LIST_SPLIT]
    assert "`A list of practices to stop` and `each with a first step`" in article.message
    assert split.message == (
        "item 2 of `outputs` (`ranked`) starts in lower case after a comma: YAML reads "
        "`Joint priorities` and `ranked` as two items"
    )
    assert split.hint == 'if it is one text, put it in quotes: `["Joint priorities, ranked"]`'


def test_a_day_with_a_free_afternoon_an_evening_session_and_dinner(
    write: Callable[..., Path],
) -> None:
    """Free time is neither work nor a break; dinner is a meal, like lunch; nothing is reported."""
    from facilitation.checking.scheduling import schedule_workshop

    text = with_days(
        """\
  - start: 9:00
    end: 21:30
    sessions:
      - {title: Morning work, minutes: 90}
      - {break: Coffee, minutes: 30}
      - {title: More work, minutes: 60}
      - {lunch: Lunch, minutes: 60}
      - {free: Free afternoon in the old town, minutes: 300}
      - {title: Evening session, minutes: 90, at: 18:00}
      - {dinner: Dinner with the partners, minutes: 120}
"""
    )
    report = analyse(write("w.yaml", text))
    assert report.diagnostics == []
    [analysis] = report.analyses
    assert analysis.workshop is not None
    totals = schedule_workshop(analysis.workshop).totals
    assert (totals.work, totals.rest, totals.free) == (240, 210, 300)
    assert totals.by_kind["dinner"] == 120
