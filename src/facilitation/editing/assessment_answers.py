"""The answers of one respondent to a Compass self-assessment: given as options, or asked.

An answer is ``ASPECT=N`` on the command line (``--rating empathy=4``; the aspect by its id or
its name in any supported language) or typed at a prompt, one aspect at a time in catalogue
order, where Enter skips it. A number off the scale is refused, at the prompt (and asked again)
or naming its option. The country, for a file with a country column, must be one of the
programme's countries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from facilitation import codes
from facilitation.catalogue.countries import find_country_code
from facilitation.catalogue.methodology import load_methodology
from facilitation.editing.questions import Asker
from facilitation.errors import Diagnostic, InputError, Location
from facilitation.model.loaded import Workshop
from facilitation.reading.assessment import COUNTRY, list_aspects, read_answer, resolve_aspect
from facilitation.suggest import did_you_mean

#: The option that gives one answer, as messages name it.
RATING_OPTION = "--rating"


@dataclass(frozen=True)
class Answers:
    """One respondent: aspect id → rating, and the country code (when there is a column)."""

    ratings: dict[str, float]
    country: str | None


def collect_answers(
    workshop: Workshop,
    columns: dict[int, str],
    bounds: tuple[int, int],
    given: tuple[list[str], str | None],
    asker: Asker | None,
) -> Answers:
    """The respondent's answers: from the options, else asked; the country checked."""
    ratings, country = given
    aspects = [target for target in columns.values() if target != COUNTRY]
    has_country = COUNTRY in columns.values()
    if country is not None and not has_country:
        raise _refused(
            "--country: the self-assessment file has no country column",
            "leave out --country, or add a `Country` column to the file",
        )
    if ratings:
        answers = _parse_ratings(ratings, aspects, bounds)
    elif asker is not None:
        answers = _ask_ratings(aspects, bounds, asker)
    else:
        raise _refused(
            f"a response needs at least one {RATING_OPTION} ASPECT=N",
            f"give {RATING_OPTION} for each answer (e.g. {RATING_OPTION} empathy=4), or run in "
            "a terminal to be asked",
            codes.MISSING_FIELD,
        )
    if country is not None:
        code, problem = _check_country(country, workshop)
        if problem:
            raise _refused(f"--country: {problem}")
        country = code
    elif has_country and asker is not None:
        country = _ask_country(workshop, asker)
    return Answers(answers, country)


def _parse_ratings(
    ratings: list[str], aspects: list[str], bounds: tuple[int, int]
) -> dict[str, float]:
    """``ASPECT=N`` options as aspect id → rating; every problem names the option."""
    answers: dict[str, float] = {}
    problems: list[Diagnostic] = []
    for given in ratings:
        name, equals, number = given.rpartition("=")
        shown = f"{RATING_OPTION} {given}"
        aspect = resolve_aspect(name) if equals else None
        if not equals:
            problems.append(_problem(f"{shown}: write ASPECT=N, e.g. {RATING_OPTION} empathy=4"))
        elif aspect is None:
            choices = [choice for _, choice, _ in list_aspects()]
            hint = did_you_mean(name, [english for *_, english in list_aspects()] + choices)
            problems.append(
                _problem(
                    f"{shown}: `{name.strip()}` is not a Compass aspect",
                    hint or "aspects: " + ", ".join(choices),
                )
            )
        elif aspect not in aspects:
            problems.append(_problem(f"{shown}: the file has no column for {_name_of(aspect)}"))
        elif aspect in answers:
            problems.append(_problem(f"{shown}: {_name_of(aspect)} is answered twice"))
        else:
            value, problem = _checkformat_number(number, bounds)
            if problem:
                problems.append(_problem(f"{shown}: {problem}"))
            else:
                answers[aspect] = value
    if problems:
        raise InputError(problems)
    return answers


def _checkformat_number(text: str, bounds: tuple[int, int]) -> tuple[float, str | None]:
    """The rating ``text`` gives, or why it is none: not a number, or off the scale."""
    low, high = bounds
    value = read_answer(text) if re.fullmatch(r"\s*[+-]?\d+(?:[.,]\d+)?\s*", text) else None
    if value is None:
        return 0.0, f"`{text.strip()}` is not a number; write a number from {low} to {high}"
    if not low <= value <= high:
        return value, f"{format_number(value)} is outside the scale {low}-{high}"
    return value, None


def _ask_ratings(aspects: list[str], bounds: tuple[int, int], asker: Asker) -> dict[str, float]:
    """Ask each aspect the file has a column for, in catalogue order; Enter skips one."""
    low, high = bounds
    answers: dict[str, float] = {}
    while not answers:
        for dimension in load_methodology().dimensions:
            for aspect in dimension.aspects:
                if aspect.id not in aspects:
                    continue
                question = (
                    f"{aspect.name} (Dimension: {dimension.name}) {low}-{high}, Enter to skip"
                )
                value = _askformat_number(question, bounds, asker)
                if value is not None:
                    answers[aspect.id] = value
        if not answers:
            asker.tell("  a response needs at least one answer", problem=True)
    return answers


def _askformat_number(question: str, bounds: tuple[int, int], asker: Asker) -> float | None:
    """Ask ``question`` until the answer is a number on the scale, or nothing (skipped)."""
    while True:
        answer = asker.ask(question, required=False).strip()
        if not answer:
            return None
        value, problem = _checkformat_number(answer, bounds)
        if problem is None:
            return value
        asker.tell(f"  {problem}", problem=True)


def _check_country(text: str, workshop: Workshop) -> tuple[str | None, str | None]:
    """The country code ``text`` names, or why it names none of the programme's countries."""
    programme = workshop.programme
    choices = [country.code for country in programme.countries]
    code = programme.country_code(text) if choices else find_country_code(text)
    if code is not None:
        return code, None
    what = "a country of this programme" if choices else "a country"
    names = [str(country.name) for country in programme.countries]
    hint = did_you_mean(text, choices + names) if choices else None
    listed = f" (countries: {', '.join(choices)})" if choices and not hint else ""
    return None, f"`{text}` is not {what}" + (f"; {hint}" if hint else listed)


def _ask_country(workshop: Workshop, asker: Asker) -> str | None:
    """Ask the respondent's country until it is one of the programme's (Enter: none)."""
    choices = [country.code for country in workshop.programme.countries]
    if choices:
        asker.tell("  choose from: " + ", ".join(choices))
    while True:
        answer = asker.ask("Country (code; Enter to skip)", required=False).strip()
        if not answer:
            return None
        code, problem = _check_country(answer, workshop)
        if problem is None:
            return code
        asker.tell(f"  {problem}", problem=True)


def _problem(message: str, hint: str | None = None, code: str = codes.INVALID_VALUE) -> Diagnostic:
    return Diagnostic(code, message, Location("command line"), hint=hint)


def _refused(message: str, hint: str | None = None, code: str = codes.INVALID_VALUE) -> InputError:
    return InputError([_problem(message, hint, code)])


def _name_of(aspect: str) -> str:
    return next(english for _, candidate, english in list_aspects() if candidate == aspect)


def format_number(value: float) -> str:
    """``4`` for 4.0, ``3.5`` for 3.5."""
    return str(int(value)) if value == int(value) else f"{value:g}"


__all__ = ["RATING_OPTION", "Answers", "collect_answers", "format_number"]
