"""A method's steps fitted to a session: how long each step takes and when it starts.

A method's steps are timed for its default length. A session may be longer or shorter: fixed
steps (an explanation, travel) keep their minutes, and the other steps share the rest in
proportion to their default minutes, in whole 5 minutes where every step keeps at least 5, and
always adding up to the session exactly. When the session is shorter than the method needs, the
steps stay as the catalogue times them and the run sheet says that they do not fit.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from babel.units import format_unit

from facilitation.catalogue.methodology import Method, Step
from facilitation.catalogue.translations import translate
from facilitation.documents.language import Words

#: Steps that scale get whole multiples of this many minutes where each keeps at least that much.
ROUNDING = 5
#: A duration at the end of a step's text, in any language: ``(2 min)``, ``(15 Min.)``, ``(8 мин)``.
_WRITTEN_DURATION = re.compile(r"\s*\(\d+\s*[^\W\d_]{1,4}\.?\)\s*$")


@dataclass(frozen=True)
class ScaledStep:
    """One step of a method in a session: its place in the method, text, start and minutes."""

    index: int
    step: Step
    #: Minutes after the session's start; ``None`` when the steps are not timed or do not fit.
    offset: int | None
    #: How long the step takes; ``None`` when the method does not time its steps.
    minutes: int | None


@dataclass(frozen=True)
class ScaledSteps:
    """A method's steps in a session, and whether they fit into it."""

    steps: tuple[ScaledStep, ...]
    fits: bool
    #: The least time the steps take: the method's minimum (longer by any longer travel), or its
    #: fixed steps and a minute for each other step.
    needed: int


def scale_steps(method: Method, minutes: int, travel: int | None = None) -> ScaledSteps:
    """The steps of ``method`` in a session of ``minutes``, travel ``travel`` minutes each way.

    Fixed and travel steps keep their minutes (travel steps take ``travel`` when given); the
    other steps share the rest in proportion to their minutes or share. When the session is
    shorter than the method's minimum or than its fixed steps, the steps keep their default
    minutes, without start times, and ``fits`` is false.
    """
    if not method.timed:
        needed = method.min_minutes
        plain = tuple(ScaledStep(i, step, None, None) for i, step in enumerate(method.steps))
        return ScaledSteps(plain, fits=not method.steps or minutes >= needed, needed=needed)
    fixed = _fixed_steps(method.steps, travel)
    flexible = [i for i in range(len(method.steps)) if i not in fixed]
    # NOTE: the method's minimum holds for its own fixed minutes; a longer travel adds to it.
    needed = max(method.minutes_range(travel)[0], sum(fixed.values()) + len(flexible))
    defaults = _default_minutes(method, fixed, flexible)
    if minutes < needed:
        steps = [ScaledStep(i, step, None, defaults[i]) for i, step in enumerate(method.steps)]
        return ScaledSteps(tuple(steps), fits=False, needed=needed)
    if minutes == sum(defaults):
        lengths = defaults
    else:
        weights = [_weight(method.steps[i], defaults[i]) for i in flexible]
        shares = apportion(minutes - sum(fixed.values()), weights)
        lengths = [fixed.get(i, 0) for i in range(len(method.steps))]
        for i, share in zip(flexible, shares, strict=True):
            lengths[i] = share
    return ScaledSteps(_with_offsets(method.steps, lengths), fits=True, needed=needed)


def _fixed_steps(steps: list[Step], travel: int | None) -> dict[int, int]:
    """The minutes of the steps that do not scale, by position; travel takes ``travel``."""
    fixed = {}
    for index, step in enumerate(steps):
        if step.travel and travel is not None:
            fixed[index] = travel
        elif (step.fixed or step.travel) and step.minutes is not None:
            fixed[index] = step.minutes
    return fixed


def _default_minutes(method: Method, fixed: dict[int, int], flexible: list[int]) -> list[int]:
    """Each step's minutes at the method's default length (steps with a share get their part)."""
    lengths = [fixed.get(i, step.minutes or 0) for i, step in enumerate(method.steps)]
    sharing = [i for i in flexible if method.steps[i].minutes is None]
    if sharing:
        rest = max(method.minutes - sum(lengths), len(sharing))
        weights = [method.steps[i].share or 1.0 for i in sharing]
        for i, share in zip(sharing, apportion(rest, weights), strict=True):
            lengths[i] = share
    return lengths


def _weight(step: Step, default: int) -> float:
    return float(step.minutes) if step.minutes is not None else float(step.share or default)


def _with_offsets(steps: list[Step], lengths: list[int]) -> tuple[ScaledStep, ...]:
    offset, scaled = 0, []
    for index, (step, length) in enumerate(zip(steps, lengths, strict=True)):
        scaled.append(ScaledStep(index, step, offset, length))
        offset += length
    return tuple(scaled)


def apportion(total: int, weights: list[float]) -> list[int]:
    """Split ``total`` minutes by ``weights``: exactly ``total``, each part at least 1 minute.

    The parts are multiples of :data:`ROUNDING` when each part's exact share is at least that
    much; the minutes left over (fewer than :data:`ROUNDING`) go to the largest part.
    """
    if not weights:
        return []
    if min(weights) / sum(weights) * total >= ROUNDING:
        return _largest_remainder(total, weights, ROUNDING)
    return _largest_remainder(total, weights, 1)


def _largest_remainder(total: int, weights: list[float], unit: int) -> list[int]:
    """Whole ``unit``s by the largest-remainder method, each at least one; the rest to the largest.

    A part that would get none takes a unit from the largest part, so that each step keeps at
    least one unit (``apportion`` asks for 1-minute units when there are not enough 5s).
    """
    weight = sum(weights)
    exact = [total * value / weight / unit for value in weights]
    units = [math.floor(value) for value in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: (units[i] - exact[i], i))
    for i in by_remainder[: total // unit - sum(units)]:
        units[i] += 1
    for i in range(len(units)):
        if not units[i]:
            largest = max(range(len(units)), key=lambda j: (units[j], -j))
            units[largest] -= 1
            units[i] = 1
    parts = [count * unit for count in units]
    largest = max(range(len(parts)), key=lambda i: (parts[i], -i))
    parts[largest] += total - sum(parts)
    return parts


def _minutes(words: Words, minutes: int) -> str:
    """``90 min``: a step's length in minutes only, which facilitators compare at a glance."""
    return format_unit(minutes, "duration-minute", length="short", locale=words.locale)


def strip_written_duration(text: str) -> str:
    """A step's text without the ``(N min)`` at its end, for a line that prints the minutes."""
    return _WRITTEN_DURATION.sub("", text)


def describe_steps(
    language: str, method: Method, start: int, minutes: int, travel: int | None
) -> dict[str, Any]:
    """A session's method steps for the run sheet: ``steps`` and ``steps_note``, in ``language``.

    Each step has ``start`` (the clock time, "" when the steps do not fit), ``duration`` ("10
    min", "" when the method does not time its steps), ``minutes`` and ``text`` (without the
    "(N min)" that the catalogue writes at its end, when the duration is printed beside it).
    """
    words = Words.of(language)
    scaled = scale_steps(method, minutes, travel)
    steps = []
    for item in scaled.steps:
        text = translate(
            language, f"methods.{method.id}.steps.{item.index}", " ".join(item.step.text.split())
        )
        steps.append(
            {
                "start": words.clock(start + item.offset) if item.offset is not None else "",
                "duration": _minutes(words, item.minutes) if item.minutes is not None else "",
                "minutes": item.minutes,
                "text": strip_written_duration(text) if item.minutes is not None else text,
            }
        )
    note = ""
    if not scaled.fits:
        note = str(words.labels["run_sheet"]["steps_do_not_fit"]).format(
            needed=words.duration(scaled.needed), minutes=words.duration(minutes)
        )
    return {"steps": steps, "steps_note": note}
