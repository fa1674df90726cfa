"""The method catalogue and a method's steps fitted to a session's length on the run sheet."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from conftest import BASE_WORKSHOP
from facilitation.catalogue.messages import iter_messages
from facilitation.catalogue.methodology import (
    Method,
    Step,
    list_dimension_ids,
    list_phase_ids,
    load_methods,
    resolve_method,
)
from facilitation.cli.app import app
from facilitation.documents.build import build
from facilitation.documents.views.steps import (
    apportion,
    describe_steps,
    scale_steps,
    strip_written_duration,
)
from helpers.docx_text import docx_text

NEW_METHODS = {
    "field-visit",
    "learning-journey",
    "role-play",
    "case-clinic",
    "peer-consultation",
    "dialogue-walk",
    "storytelling",
    "dialogue-circle",
    "card-clustering",
    "problem-tree",
    "swot-analysis",
    "history-timeline",
    "scenario-planning",
    "gradients-of-agreement",
    "report-back",
    "compass-assessment",
}
METHODS = sorted(load_methods())


def _method(**changes: object) -> Method:
    """A method with three timed steps (2 fixed + 10 + 8 = 20 min), changed by ``changes``."""
    fields: dict[str, object] = {
        "id": "test",
        "name": "Test",
        "source": "tests",
        "purpose": "Testing.",
        "minutes": 20,
        "min_minutes": 15,
        "max_minutes": 60,
        "format": "plenary",
        "configuration": "all",
        "group_size": (2, None),
        "steps": [
            {"text": "Explain (2 min)", "fixed": True},
            "Work in pairs (10 min)",
            "Share in the whole group (8 min)",
        ],
    }
    return Method.model_validate({**fields, **changes})


# --- the catalogue ---------------------------------------------------------------------------


def test_the_new_methods_are_in_the_catalogue() -> None:
    assert set(load_methods()) >= NEW_METHODS
    assert load_methods()["field-visit"].kind == "visit"
    assert load_methods()["learning-journey"].kind == "visit"
    for name in ("site visit", "Role play", "walk-and-talk", "Storytelling circle", "SWOT"):
        assert resolve_method(name) is not None, name


@pytest.mark.parametrize("method_id", METHODS)
def test_every_method_has_timed_steps_that_add_up(method_id: str) -> None:
    method = load_methods()[method_id]
    assert method.steps, method_id
    assert method.timed, method_id
    assert sum(step.minutes or 0 for step in method.steps) == method.minutes
    assert method.min_minutes <= method.minutes <= method.max_minutes
    assert set(method.dcm_phases) <= set(list_phase_ids())
    assert set(method.compass) <= set(list_dimension_ids())
    assert method.purpose
    assert method.configuration
    assert method.materials


def test_no_two_methods_share_a_name_or_an_alias() -> None:
    seen: dict[str, str] = {}
    for method in load_methods().values():
        for word in {method.id, method.name.lower().replace(" ", "-"), *method.aliases}:
            assert seen.setdefault(word, method.id) == method.id, word


def test_a_travel_step_is_fixed_and_the_field_visit_travels_both_ways() -> None:
    steps = load_methods()["field-visit"].steps
    assert [step.travel for step in steps] == [True, False, False, False, True]


# --- steps: plain texts and mappings ---------------------------------------------------------


def test_a_plain_step_takes_its_minutes_from_its_text() -> None:
    assert Step.model_validate("Play (6 min)").minutes == 6
    assert Step.model_validate("Play").minutes is None
    assert not _method(steps=["Play", "Talk (5 min)"]).timed
    assert Step.model_validate({"text": "Talk", "share": 2}).timed


@pytest.mark.parametrize(
    "step",
    [
        {"text": "Play (6 min)", "minutes": 5},
        {"text": "Play", "minutes": 5, "share": 1},
        {"text": "Play", "fixed": True},
        {"text": "Travel", "travel": True},
        {"text": "Play (6 min)", "shared": 1},
    ],
)
def test_a_step_with_contradicting_timing_is_refused(step: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        Step.model_validate(step)


def test_step_messages_keep_their_context_and_text() -> None:
    messages = {m.context: m.text for m in iter_messages() if ".steps." in m.context}
    check_in = load_methods()["check-in"].steps
    assert isinstance(check_in[0], Step)
    assert check_in[0].fixed
    assert messages["methods.check-in.steps.0"] == check_in[0].text
    assert messages["methods.check-in.steps.0"].endswith("(2 min)")
    for method in load_methods().values():
        for index, step in enumerate(method.steps):
            assert messages[f"methods.{method.id}.steps.{index}"] == " ".join(step.text.split())
    assert not any(text.startswith("{") for text in messages.values())


# --- scaling ---------------------------------------------------------------------------------


@pytest.mark.parametrize("method_id", METHODS)
def test_scaled_steps_fill_every_session_length_exactly(method_id: str) -> None:
    method = load_methods()[method_id]
    for minutes in [*range(method.min_minutes, method.max_minutes + 1, 5), method.max_minutes + 7]:
        scaled = scale_steps(method, minutes)
        assert scaled.fits, minutes
        lengths = [step.minutes or 0 for step in scaled.steps]
        assert sum(lengths) == minutes, (minutes, lengths)
        assert min(lengths) >= 1
        assert [step.offset for step in scaled.steps] == [
            sum(lengths[:i]) for i in range(len(lengths))
        ]
        for step, length in zip(method.steps, lengths, strict=True):
            if step.fixed or step.travel:
                assert length == step.minutes, (minutes, step.text)


@pytest.mark.parametrize("method_id", METHODS)
def test_at_the_default_length_the_steps_keep_the_catalogue_minutes(method_id: str) -> None:
    method = load_methods()[method_id]
    scaled = scale_steps(method, method.minutes)
    assert [step.minutes for step in scaled.steps] == [step.minutes for step in method.steps]


def test_fixed_steps_stay_and_the_others_share_the_rest_in_5_minutes() -> None:
    scaled = scale_steps(_method(), 62)
    assert [step.minutes for step in scaled.steps] == [2, 35, 25]
    assert [step.offset for step in scaled.steps] == [0, 2, 37]
    check_in = scale_steps(load_methods()["check-in"], 45)
    assert [step.minutes for step in check_in.steps] == [2, 40, 3]


def test_small_parts_are_whole_minutes_and_never_zero() -> None:
    assert apportion(100, [1, 2, 3, 4]) == [10, 20, 30, 40]
    assert apportion(17, [1, 1, 1]) == [7, 5, 5]
    assert apportion(20, [1, 2, 4, 5]) == [2, 3, 7, 8]
    assert apportion(5, [100, 1, 1, 1, 1]) == [1, 1, 1, 1, 1]
    assert apportion(0, []) == []


def test_steps_with_a_share_get_their_part_of_the_time() -> None:
    method = _method(
        steps=[{"text": "Explain (4 min)", "fixed": True}, {"text": "Talk", "share": 3}, "Close"]
    )
    assert not method.timed  # "Close" has neither minutes nor a share
    method = _method(
        steps=[
            {"text": "Explain (4 min)", "fixed": True},
            {"text": "Talk", "share": 3},
            {"text": "Close", "share": 1},
        ]
    )
    assert [s.minutes for s in scale_steps(method, 20).steps] == [4, 12, 4]
    assert [s.minutes for s in scale_steps(method, 44).steps] == [4, 30, 10]


def test_a_session_shorter_than_the_method_is_flagged_and_left_unscaled() -> None:
    method = load_methods()["appreciative-interviews"]
    scaled = scale_steps(method, 30)
    assert not scaled.fits
    assert scaled.needed == method.min_minutes == 45
    assert [step.minutes for step in scaled.steps] == [step.minutes for step in method.steps]
    assert all(step.offset is None for step in scaled.steps)


def test_travel_takes_the_sessions_travel_time_and_can_make_the_steps_not_fit() -> None:
    method = load_methods()["field-visit"]
    scaled = scale_steps(method, 300, travel=60)
    lengths = [step.minutes for step in scaled.steps]
    assert lengths[0] == lengths[-1] == 60
    assert sum(lengths[1:-1]) == 180  # type: ignore[arg-type]
    too_far = scale_steps(method, 180, travel=90)
    assert not too_far.fits
    assert too_far.needed == method.min_minutes + 2 * 90 - 2 * 45
    assert [too_far.steps[0].minutes, too_far.steps[-1].minutes] == [90, 90]


def test_untimed_steps_are_listed_without_times() -> None:
    scaled = scale_steps(_method(steps=["Play", "Talk"]), 30)
    assert scaled.fits
    assert [(step.offset, step.minutes) for step in scaled.steps] == [(None, None), (None, None)]
    assert not scale_steps(_method(steps=["Play", "Talk"]), 10).fits


# --- what the run sheet prints ---------------------------------------------------------------


def test_the_run_sheet_rows_carry_clock_times_durations_and_texts() -> None:
    view = describe_steps("en", load_methods()["check-in"], 9 * 60, 30, None)
    assert view["steps_note"] == ""
    assert [(s["start"], s["duration"]) for s in view["steps"]] == [
        ("09:00", "2 mins"),
        ("09:02", "25 mins"),
        ("09:27", "3 mins"),
    ]
    assert view["steps"][0]["text"] == (
        "Show the question, e.g. name, institution, country and one expectation"
    )


def test_a_translated_step_loses_its_written_minutes_too() -> None:
    view = describe_steps("de", load_methods()["check-in"], 9 * 60, 20, None)
    texts = [step["text"] for step in view["steps"]]
    assert texts[1].startswith("Runde")
    assert not any(text.rstrip().endswith(")") for text in texts)
    assert strip_written_duration("Krug: svako odgovara (15 мин.)") == "Krug: svako odgovara"
    assert strip_written_duration("Play (a game)") == "Play (a game)"


def test_steps_that_do_not_fit_get_a_note() -> None:
    view = describe_steps("en", load_methods()["appreciative-interviews"], 13 * 60, 30, None)
    assert view["steps_note"] == "The steps take at least 45 mins; this session has 30 mins."
    assert {step["start"] for step in view["steps"]} == {""}
    assert view["steps"][1]["duration"] == "20 mins"


def test_the_run_sheet_prints_the_scaled_steps_and_the_note(
    write: Callable[..., Path], tmp_path: Path
) -> None:
    sessions = (
        "      - title: Interviews\n        minutes: 30\n        method: appreciative-interviews\n"
        "      - title: Opening round\n        minutes: 30\n        method: check-in\n"
    )
    text = BASE_WORKSHOP.replace(
        "      - title: Welcome\n        minutes: 45\n        lead: ek\n", sessions
    )
    result = build([write("w.yaml", text)], tmp_path / "out", only=["run-sheet"])
    assert not result.failed, result.problems
    lines = docx_text(tmp_path / "out" / "test" / "run-sheet.docx")
    assert "The steps take at least 45 mins; this session has 30 mins." in lines
    assert "09:32\t25 mins\tRound: each person answers in about a minute" in lines
    assert "(15 min)" not in lines


# --- the command -----------------------------------------------------------------------------


def test_methods_lists_the_new_methods_and_shows_one(runner: CliRunner) -> None:
    listed = runner.invoke(app, ["methods"])
    assert listed.exit_code == 0, listed.output
    for method_id in NEW_METHODS:
        assert method_id in listed.stdout, method_id
    one = runner.invoke(app, ["methods", "field-visit"])
    assert one.exit_code == 0, one.output
    assert "Travel to the site" in one.stdout
    assert "method: field-visit" in one.stdout
    short = runner.invoke(app, ["methods", "--max-minutes", "40", "--group-size", "4"])
    assert "role-play" in short.stdout
    assert "field-visit" not in short.stdout
