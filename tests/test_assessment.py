"""The Compass self-assessment: read from a form export, checked, and summed up per group."""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import EXAMPLE, analyse, codes_of, tuples
from facilitation import codes
from facilitation.documents.language import Words
from facilitation.documents.views.assessment import (
    compare_summaries,
    describe_change,
    describe_summary,
    group_assessments,
    make_assessment_view,
    summarise_responses,
)
from facilitation.errors import Diagnostic
from facilitation.model.assessment import Response
from facilitation.model.loaded import Workshop
from facilitation.reading.assessment import list_aspects, read_answer
from facilitation.reading.loader import Loaded, Loader, detect_file_kind

WORKSHOP = """\
workshop:
  id: {id}
  title: Kick-off {id}
  start: 2026-01-20
  country: {country}
days:
  - start: 9:00
    end: 12:00
    sessions:
      - {{title: Work, minutes: 60}}
assessment: {assessment}
"""

ASPECTS = [aspect for _, aspect, _ in list_aspects()]
NAMES = [name for _, _, name in list_aspects()]


def workshop(
    write: Callable[..., Path],
    csv: str,
    *,
    id: str = "kickoff-serbia",
    country: str = "RS",
    assessment: str | None = None,
) -> Loaded:
    write(f"{id}.csv", csv)
    spec = assessment or f"{id}.csv"
    path = write(f"{id}.yaml", WORKSHOP.format(id=id, country=country, assessment=spec))
    return Loader().load_workshop(path)


def rows(count: int, value: int = 3) -> str:
    """A CSV of ``count`` respondents who answer ``value`` to every aspect."""
    line = ",".join([str(value)] * len(ASPECTS))
    return ",".join(NAMES) + "\n" + "".join(line + "\n" for _ in range(count))


def responses(*answers: dict[str, float], country: str | None = None) -> list[Response]:
    return [Response(index + 2, dict(a), country) for index, a in enumerate(answers)]


# --- reading ---------------------------------------------------------------------------------


def _others(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics but C805: these short files leave most aspects out on purpose."""
    return [d for d in diagnostics if d.code != codes.MISSING_ASPECTS]


def test_a_file_without_some_aspects_says_which(write: Callable[..., Path]) -> None:
    loaded = workshop(write, "Timestamp,Empathy,Balance,Mindfulness,Remarks\n2026-01-20,4,3,5,ok\n")
    [missing] = [d for d in loaded.diagnostics if d.code == codes.MISSING_ASPECTS]
    assert missing.message.startswith(
        "no column answers 15 of the 18 aspects (Future orientation, Empowerment, Decisiveness,"
    )
    assert missing.message.endswith("their means are missing from the documents")
    assert missing.location.line == 1
    assert missing.hint is not None
    assert "the columns not read are `Timestamp`, `Remarks`" in missing.hint


def test_a_form_export_with_a_skipped_and_a_non_numeric_answer(
    write: Callable[..., Path],
) -> None:
    loaded = workshop(
        write,
        """\
        Timestamp,Name,How do we do? [Empathy],Balance,Mindfulness: we pause
        2026-01-20 16:31,Ana Jovanović,4,,5
        2026-01-20 16:33,Marko Ilić,often,3,2
        """,
    )
    assert loaded.workshop is not None, loaded.diagnostics
    assert tuples(_others(loaded.diagnostics)) == [(codes.ASSESSMENT_ANSWER, 3, 29)]
    (warning,) = _others(loaded.diagnostics)
    assert warning.message == (
        "row 3: the answer `often` to Empathy is not a number; it is left out"
    )
    assert warning.location.file.endswith("kickoff-serbia.csv")
    assessment = loaded.workshop.assessment
    assert assessment is not None
    assert assessment.aspects == ["mindfulness", "balance", "empathy"]
    assert [r.answers for r in assessment.responses] == [
        {"empathy": 4.0, "mindfulness": 5.0},
        {"balance": 3.0, "mindfulness": 2.0},
    ]
    # anonymous: no name is kept, nor shown in the lines that messages quote
    assert "Ana" not in repr(assessment)
    lines = [line for source in loaded.sources.values() for line in source.lines]
    assert "2026-01-20 16:33,Marko Ilić,often,3,2" not in lines
    assert "••••••••••••••••,••••••••••,often,3,2" in lines


def test_an_answer_outside_the_scale_is_a_warning_and_left_out(
    write: Callable[..., Path],
) -> None:
    spec = "{file: kickoff-serbia.csv, scale: 0-10, when: follow-up}"
    loaded = workshop(write, "Empathy,Balance\n11,10\n0,-1\n", assessment=spec)
    assert tuples(_others(loaded.diagnostics)) == [
        (codes.ASSESSMENT_ANSWER, 2, 1),
        (codes.ASSESSMENT_ANSWER, 3, 3),
    ]
    assert "outside the scale 0-10" in _others(loaded.diagnostics)[0].message
    assert loaded.workshop is not None
    assert loaded.workshop.assessment is not None
    assert loaded.workshop.assessment.when == "follow-up"
    assert [r.answers for r in loaded.workshop.assessment.responses] == [
        {"balance": 10.0},
        {"empathy": 0.0},
    ]


@pytest.mark.parametrize(
    ("cell", "value"),
    [("4", 4.0), ("3.5", 3.5), ("3,5", 3.5), ("4 - agree", 4.0), ("5 (always)", 5.0)],
)
def test_answers_read_as_numbers(cell: str, value: float) -> None:
    assert read_answer(cell) == value


@pytest.mark.parametrize("cell", ["often", "4 or 5", "n/a", "1/2/3"])
def test_answers_that_are_not_numbers(cell: str) -> None:
    assert read_answer(cell) is None


def test_headings_in_other_languages_and_a_column_map(write: Callable[..., Path]) -> None:
    spec = '{file: kickoff-serbia.csv, columns: {"Kako slušamo?": empathy, Država: country}}'
    loaded = workshop(
        write,
        "Усмереност ка будућности,Fuqizimi,Kako slušamo?,Država\n4,5,3,Srbija\n",
        assessment=spec,
    )
    assert _others(loaded.diagnostics) == []
    assert loaded.workshop is not None
    assert loaded.workshop.assessment is not None
    (response,) = loaded.workshop.assessment.responses
    assert response.answers == {"future-orientation": 4.0, "empowerment": 5.0, "empathy": 3.0}
    assert response.country == "RS"


def test_two_columns_for_one_aspect_are_an_error(write: Callable[..., Path]) -> None:
    loaded = workshop(write, "Empathy,empathy\n4,5\n")
    assert tuples(_others(loaded.diagnostics)) == [(codes.ASSESSMENT_HEADINGS, 1, 9)]
    assert loaded.workshop is None


def test_no_aspect_heading_is_an_error_that_names_the_headings(
    write: Callable[..., Path],
) -> None:
    loaded = workshop(write, "Timestamp,Q1,Q2\n2026-01-20,4,5\n")
    assert tuples(_others(loaded.diagnostics)) == [(codes.ASSESSMENT_HEADINGS, 1, 1)]
    assert "row 1 holds `Timestamp`, `Q1`, `Q2`" in loaded.diagnostics[0].message


def test_a_column_map_to_no_aspect_and_a_missing_file(write: Callable[..., Path]) -> None:
    loaded = workshop(
        write, rows(5), assessment="{file: kickoff-serbia.csv, columns: {Q1: listening}}"
    )
    assert [d.code for d in loaded.diagnostics] == [codes.ASSESSMENT_HEADINGS]
    missing = workshop(write, rows(5), id="kickoff-albania", assessment="nowhere.csv")
    assert [d.code for d in missing.diagnostics] == [codes.ASSESSMENT_FILE]
    assert "`nowhere.csv` does not exist" in missing.diagnostics[0].message


def test_a_bad_scale_is_an_invalid_value(write: Callable[..., Path]) -> None:
    loaded = workshop(write, rows(5), assessment="{file: kickoff-serbia.csv, scale: 5-1}")
    assert [d.code for d in loaded.diagnostics] == [codes.INVALID_VALUE]


def test_an_excel_export_is_read(write: Callable[..., Path], tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Answers"
    sheet.append(["Self-assessment, January"])
    sheet.append(["Empathy", "Balance"])
    sheet.append([4, 3])
    book.save(tmp_path / "answers.xlsx")
    loaded = workshop(write, "", assessment="{file: answers.xlsx, sheet: Answers}")
    assert _others(loaded.diagnostics) == []
    assert loaded.workshop is not None
    assert loaded.workshop.assessment is not None
    assert loaded.workshop.assessment.responses[0].answers == {"empathy": 4.0, "balance": 3.0}


# --- checking --------------------------------------------------------------------------------


def test_fewer_than_five_respondents_is_a_warning(write: Callable[..., Path]) -> None:
    write("a.csv", rows(4))
    path = write("w.yaml", WORKSHOP.format(id="w", country="RS", assessment="a.csv"))
    assert codes.FEW_RESPONDENTS in codes_of(analyse(path))
    write("a.csv", rows(5))
    assert codes.FEW_RESPONDENTS not in codes_of(analyse(path))


# --- numbers ---------------------------------------------------------------------------------


def test_means_per_aspect_and_dimension() -> None:
    answers = [
        {"empathy": 5, "balance": 4, "mindfulness": 3},
        {"empathy": 4, "balance": 2},
        {"empathy": 3, "balance": 4, "mindfulness": 5},
        {"empathy": 2, "balance": 3, "mindfulness": 4},
        {"empathy": 1, "mindfulness": 3},
    ]
    summary = summarise_responses(responses(*answers), 1, 5)
    empathy = summary.aspect("empathy")
    assert empathy is not None
    assert empathy.mean == 3.0
    assert empathy.answers == 5
    assert empathy.sd == pytest.approx(statistics.stdev([5, 4, 3, 2, 1]))
    assert (empathy.q1, empathy.median, empathy.q3, empathy.iqr) == (2.0, 3.0, 4.0, 2.0)
    # four answers to balance: too few to show
    balance = summary.aspect("balance")
    assert balance is not None
    assert balance.answers == 4
    assert balance.mean is None
    # humanity: each respondent's mean of their answers, then the mean of those
    scores = [4.0, 3.0, 4.0, 3.0, 2.0]
    humanity = summary.dimension("humanity")
    assert humanity is not None
    assert humanity.mean == pytest.approx(statistics.fmean(scores))
    assert humanity.sd == pytest.approx(statistics.stdev(scores))
    wholeness = summary.dimension("wholeness")
    assert wholeness is not None
    assert wholeness.respondents == 0
    assert wholeness.mean is None


def test_a_group_of_four_has_no_numbers() -> None:
    summary = summarise_responses(responses(*[{"empathy": 4}] * 4), 1, 5)
    assert not summary.shown
    assert summary.aspects == []
    assert summary.dimensions == []
    view = describe_summary(summary, "Serbia", Words.of("en"))
    assert view["withheld"] == (
        "Fewer than 5 respondents: not shown on its own, to keep answers anonymous."
    )
    assert view["aspects"] == []
    assert view["strengths"] == []


def _load(path: Path) -> Workshop:
    loaded = Loader().load_workshop(path)
    assert loaded.workshop is not None, loaded.diagnostics
    return loaded.workshop


def test_a_country_with_four_respondents_is_not_shown_alone(
    write: Callable[..., Path],
) -> None:
    serbia = workshop(write, rows(4, 2), id="kickoff-serbia", country="RS").workshop
    albania = workshop(write, rows(6, 4), id="kickoff-albania", country="AL").workshop
    assert serbia is not None
    assert albania is not None
    groups = {(g.kind, g.key): g.summary for g in group_assessments([serbia, albania])}
    assert not groups["workshop", "kickoff-serbia"].shown
    assert not groups["country", "RS"].shown
    # Albania's six would be shown, but then Serbia's four would be the region less Albania:
    # Albania is withheld too, to protect them.
    assert not groups["country", "AL"].shown
    assert groups["country", "AL"].protected
    assert not groups["workshop", "kickoff-albania"].shown
    # Serbia's four count for the region: (4 * 2 + 6 * 4) / 10
    region = groups["region", ""]
    assert region.respondents == 10
    empathy = region.aspect("empathy")
    assert empathy is not None
    assert empathy.mean == pytest.approx(3.2)
    view = make_assessment_view([serbia, albania], "en")
    rs = next(entry for entry in view["countries"] if entry["key"] == "RS")
    assert rs["shown"] is False
    assert rs["aspects"] == []
    assert rs["withheld"].startswith("Fewer than 5 respondents")
    al = next(entry for entry in view["countries"] if entry["key"] == "AL")
    assert (al["shown"], al["protected"], al["aspects"]) == (False, True, [])
    assert al["withheld"] == (
        "Not shown on its own, so that a group of fewer than 5 respondents cannot be worked "
        "out from it and the groups shown."
    )


def test_no_withheld_group_can_be_worked_out_by_subtraction(
    write: Callable[..., Path],
) -> None:
    """Region minus the countries shown, or a country minus its workshop, is never 1 to 4."""
    kosovo = workshop(write, rows(4, 2), id="kickoff-kosovo", country="XK").workshop
    albania = workshop(write, rows(7, 4), id="kickoff-albania", country="AL").workshop
    serbia = workshop(write, rows(6, 3), id="kickoff-serbia", country="RS").workshop
    montenegro = workshop(write, rows(9, 5), id="kickoff-montenegro", country="ME").workshop
    loaded = [w for w in (kosovo, albania, serbia, montenegro) if w is not None]
    assert len(loaded) == 4
    groups = {(g.kind, g.key): g.summary for g in group_assessments(loaded)}
    # Kosovo's four are withheld; of the others, the smallest (Serbia's six) is withheld too,
    # so that the region (26) less the groups shown (16) leaves ten, not four.
    assert not groups["country", "XK"].shown
    assert not groups["country", "XK"].protected
    assert groups["country", "RS"].protected
    assert groups["country", "AL"].shown
    assert groups["country", "ME"].shown
    assert groups["region", ""].shown
    shown = [key for key, summary in groups.items() if summary.shown and key[0] == "country"]
    assert sum(groups[key].respondents for key in shown) == 16


def test_a_country_beyond_its_workshop_by_fewer_than_five_is_protected(
    write: Callable[..., Path],
) -> None:
    """A country's group less its national workshop's would be the other workshops' few."""
    national = workshop(write, rows(6, 3), id="kickoff-serbia", country="RS").workshop
    regional = workshop(
        write,
        "Country,"
        + ",".join(NAMES)
        + "\n"
        + "".join(
            f"{code}," + ",".join(["4"] * len(NAMES)) + "\n" for code in ["RS"] * 2 + ["AL"] * 8
        ),
        id="regional",
        country="RS",
    ).workshop
    assert national is not None
    assert regional is not None
    groups = {(g.kind, g.key): g.summary for g in group_assessments([national, regional])}
    # Serbia (8) = the national workshop (6) + two answers at the regional one: one of the two
    # groups is withheld, so that the two answers cannot be worked out.
    assert not (groups["country", "RS"].shown and groups["workshop", "kickoff-serbia"].shown)


def test_a_baseline_and_a_follow_up_give_the_change_per_aspect() -> None:
    before = summarise_responses(responses(*[{"empathy": 2, "balance": 4}] * 5), 1, 5)
    after = summarise_responses(
        responses(*[{"empathy": 4, "balance": 4}] * 4, {"empathy": 3, "balance": 3}), 1, 5
    )
    aspects, dimensions = compare_summaries(before, after)
    change = {c.id: c.change for c in aspects}
    assert change["empathy"] == pytest.approx(1.8)
    assert change["balance"] == pytest.approx(-0.2)
    assert change["creativity"] is None
    humanity = next(c for c in dimensions if c.id == "humanity")
    assert humanity.change == pytest.approx(3.8 - 3.0)
    view = describe_change(before, after, Words.of("de"))
    empathy = next(row for row in view["aspects"] if row["id"] == "empathy")
    assert (empathy["name"], empathy["change_text"]) == ("Empathie", "+1,8")
    fewer = summarise_responses(responses(*[{"empathy": 4}] * 4), 1, 5)
    assert describe_change(before, fewer, Words.of("en"))["shown"] is False


def test_scales_are_pooled_on_one_to_five(write: Callable[..., Path]) -> None:
    tens = "{file: kickoff-albania.csv, scale: 0-10}"
    a = workshop(write, rows(5, 10), id="kickoff-albania", country="AL", assessment=tens)
    b = workshop(write, rows(5, 1), id="kickoff-serbia", country="RS")
    assert a.workshop is not None
    assert b.workshop is not None
    region = group_assessments([a.workshop, b.workshop])[-1].summary
    assert (region.low, region.high) == (1, 5)
    empathy = region.aspect("empathy")
    assert empathy is not None
    assert empathy.mean == pytest.approx(3.0)


def test_strengths_attention_and_disagreement() -> None:
    high = dict.fromkeys(ASPECTS, 3.0) | {"empathy": 5.0, "balance": 4.5, "creativity": 4.0}
    low = high | {"vitality": 1.0, "diversity": 1.5, "excellence": 2.0}
    answers = [low, high, low, high, low]
    view = describe_summary(
        summarise_responses(responses(*answers), 1, 5), "Region", Words.of("en")
    )
    assert view["strengths"] == ["Empathy", "Balance", "Creativity"]
    assert view["attention"] == ["Vitality", "Diversity", "Excellence"]
    assert view["disagreement"] == ["Vitality", "Diversity", "Excellence"]


# --- the example -----------------------------------------------------------------------------


def test_the_example_has_a_baseline_per_kickoff_and_a_regional_follow_up() -> None:
    loader = Loader()
    workshops = [
        _load_with(loader, path)
        for path in sorted(EXAMPLE.rglob("*.yaml"))
        if detect_file_kind(path) == "workshop"
    ]
    assessed = {w.info.id: w.assessment for w in workshops if w.assessment is not None}
    assert len(assessed) == 7
    for key, assessment in assessed.items():
        assert len(assessment.responses) >= 5, key
        assert len(assessment.aspects) == 18, key
    assert [a.when for a in assessed.values()].count("follow-up") == 1
    view = make_assessment_view(workshops, "en")
    assert [entry["when"] for entry in view["region"]] == ["baseline", "follow-up"]
    assert all(entry["shown"] for entry in view["region"])
    (region,) = [change for change in view["changes"] if change["kind"] == "region"]
    assert region["shown"]
    assert len(region["aspects"]) == 18


def _load_with(loader: Loader, path: Path) -> Workshop:
    loaded = loader.load_workshop(path)
    assert loaded.workshop is not None, loaded.diagnostics
    return loaded.workshop


def test_the_readme_lists_every_aspect_and_says_this_is_not_the_official_assessment() -> None:
    readme = (EXAMPLE.parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Compass self-assessment", 1)[1].split("\n## ", 1)[0]
    for dimension, aspects in itertools.groupby(list_aspects(), key=lambda item: item[0]):
        ids = ", ".join(f"`{aspect}`" for _, aspect, _ in aspects)
        assert f"| {ids} |" in section, dimension
    assert "not the publisher's official Collective Leadership Compass assessment" in section
