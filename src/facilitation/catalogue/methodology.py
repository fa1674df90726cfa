"""The methodology the tool knows: DCM phases, Compass dimensions and the method catalogue.

The content lives as YAML in ``facilitation/data/`` and is read with the same strict reader as the
user's files. It is validated once per process and cached.
"""

from __future__ import annotations

import functools
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from facilitation.catalogue.files import read_data
from facilitation.errors import UserError
from facilitation.suggest import did_you_mean, find_closest, normalise_word

Format = Literal["plenary", "groups", "pairs", "individual"]
Kind = Literal[
    "work", "break", "lunch", "dinner", "energiser", "check-in", "check-out", "presentation",
    "free", "visit",
]  # fmt: skip
#: Kinds that are not work: breaks and meals, and free time (which is not a break either).
REST_KINDS: frozenset[str] = frozenset({"break", "lunch", "dinner", "free"})
#: Kinds whose time is free time: neither work nor a break in the totals.
FREE_KINDS: frozenset[str] = frozenset({"free"})
#: Kinds that take the group somewhere else (a field visit, an excursion): programme time, but not
#: a stretch of sitting in a room, so the no-break warning neither counts them nor runs across.
OFF_SITE_KINDS: frozenset[str] = frozenset({"visit"})

_ID = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=60)]


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Milestone(_Data):
    """An expected result of a DCM phase: a milestone a country's process reaches."""

    id: _ID
    text: str


class Phase(_Data):
    """A phase of the Dialogic Change Model."""

    id: _ID
    number: int
    name: str
    aim: str
    steps: list[str]
    results: list[Milestone] = Field(description="The phase's milestones, in order.")
    aliases: list[str] = []


class Aspect(_Data):
    """One of the three aspects of a Compass dimension."""

    id: _ID
    name: str
    meaning: str


class Dimension(_Data):
    """A dimension of the Collective Leadership Compass."""

    id: _ID
    name: str
    summary: str
    aspects: list[Aspect] = Field(min_length=3, max_length=3)
    aliases: list[str] = []


#: A step's length written at the end of its text: ``"Play (6 min)"``.
STEP_MINUTES = re.compile(r"\((\d+) min\)\s*$")


class Step(_Data):
    """One step of a method: what the group does and, when known, how long it takes.

    In ``methods.yaml`` a step is a text, or a mapping with the text and its timing. A text that
    ends in ``(N min)`` takes N minutes at the method's default length, so the catalogue's texts
    (and their translations) stay as they are. Steps scale to a session's length: a ``fixed`` step
    keeps its minutes, the others share the rest in proportion to their minutes (or ``share``).
    """

    text: str
    minutes: int | None = Field(
        None, gt=0, description="Length at the method's default duration; else from `(N min)`."
    )
    share: float | None = Field(
        None, gt=0, description="Weight among the steps that scale, for a step without minutes."
    )
    fixed: bool = Field(False, description="Keeps its minutes whatever the session's length.")
    travel: bool = Field(
        False, description="Travel to or from an off-site session: the session's travel time."
    )

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, data: Any) -> Any:
        """A plain text is a step; its ``(N min)`` is its minutes unless they are given."""
        if isinstance(data, str):
            data = {"text": data}
        if isinstance(data, dict) and data.get("minutes") is None and data.get("share") is None:
            written = STEP_MINUTES.search(str(data.get("text", "")))
            if written:
                data = {**data, "minutes": int(written.group(1))}
        return data

    @model_validator(mode="after")
    def _one_timing(self) -> Step:
        written = STEP_MINUTES.search(self.text)
        if written and self.minutes is not None and int(written.group(1)) != self.minutes:
            raise ValueError(f"the step says {written.group(0)} but has minutes: {self.minutes}")
        if self.minutes is not None and self.share is not None:
            raise ValueError("a step has minutes or a share, not both")
        if (self.fixed or self.travel) and self.minutes is None:
            raise ValueError("a fixed or travel step needs its minutes")
        return self

    @property
    def timed(self) -> bool:
        """True when the step has minutes or a share."""
        return self.minutes is not None or self.share is not None


class Method(_Data):
    """A facilitation method: how long it takes, how the group works, what it serves."""

    id: _ID
    name: str
    source: str
    purpose: str
    minutes: int = Field(gt=0, description="Default duration in minutes.")
    min_minutes: int = Field(gt=0)
    max_minutes: int = Field(gt=0)
    kind: Kind = "work"
    format: Format
    configuration: str = Field(description="How the group works, e.g. alone, pairs, fours, all.")
    group_size: tuple[int, int | None] = Field(
        description="Smallest and largest group (None: any). For a method worked in small "
        "groups (``format: groups``) it is the size of one small group (a table); the whole "
        "group is any number of such groups."
    )
    materials: list[str] = []
    steps: list[Step] = []
    dcm_phases: list[str] = []
    compass: list[str] = []
    aliases: list[str] = []

    @property
    def whole_group(self) -> tuple[int, int | None]:
        """The smallest and largest whole group (``None``: any) the method works for.

        Why: a method worked at tables (World Café: tables of 4 to 6) works for a room of 25
        people, as five tables; its ``group_size`` is the size of one table.
        """
        smallest, largest = self.group_size
        return (smallest, None) if self.format == "groups" else (smallest, largest)

    @property
    def small_group(self) -> tuple[int, int | None] | None:
        """The size of one small group (a table), for a method worked in small groups."""
        return self.group_size if self.format == "groups" else None

    @property
    def timed(self) -> bool:
        """True when every step has its minutes or a share, so the steps can be scaled."""
        return bool(self.steps) and all(step.timed for step in self.steps)

    def extra_travel(self, travel: int | None) -> int:
        """Minutes that travel of ``travel`` each way adds to the method's own travel steps."""
        if travel is None:
            return 0
        return sum(travel - (step.minutes or 0) for step in self.steps if step.travel)

    def minutes_range(self, travel: int | None = None) -> tuple[int, int]:
        """The shortest and longest session the method fits, with ``travel`` minutes each way."""
        extra = self.extra_travel(travel)
        return self.min_minutes + extra, self.max_minutes + extra


class Methodology(_Data):
    """DCM phases and Compass dimensions."""

    phases: list[Phase] = Field(min_length=4, max_length=4)
    dimensions: list[Dimension] = Field(min_length=6, max_length=6)

    @model_validator(mode="after")
    def _unique_milestones(self) -> Methodology:
        ids = [milestone.id for phase in self.phases for milestone in phase.results]
        if len(ids) != len(set(ids)):
            raise ValueError("two milestones share an id")
        return self


class MethodCatalogue(_Data):
    """The built-in methods."""

    methods: list[Method]


@functools.cache
def load_methodology() -> Methodology:
    """The DCM phases and Compass dimensions (read once)."""
    return Methodology.model_validate(read_data("methodology.yaml"))


@functools.cache
def load_methods() -> dict[str, Method]:
    """The method catalogue by id (read once)."""
    catalogue = MethodCatalogue.model_validate(read_data("methods.yaml"))
    return {method.id: method for method in catalogue.methods}


def list_phase_ids() -> list[str]:
    """The four phase ids in order."""
    return [phase.id for phase in load_methodology().phases]


def list_dimension_ids() -> list[str]:
    """The six dimension ids in order."""
    return [dimension.id for dimension in load_methodology().dimensions]


def list_milestone_ids() -> list[str]:
    """Every milestone id, phase by phase, in order."""
    return [milestone.id for phase in load_methodology().phases for milestone in phase.results]


def milestone_phase(milestone_id: str) -> Phase | None:
    """The phase whose milestone ``milestone_id`` is (``None`` when no phase has it)."""
    for phase in load_methodology().phases:
        if any(milestone.id == milestone_id for milestone in phase.results):
            return phase
    return None


def resolve_phase(value: str) -> str | None:
    """Return the phase id for ``value`` (an id, a number, a name or a known spelling)."""
    word = normalise_word(value)
    for phase in load_methodology().phases:
        if word in (phase.id, str(phase.number), normalise_word(phase.name), *phase.aliases):
            return phase.id
    return None


def resolve_dimension(value: str) -> str | None:
    """Return the dimension id for ``value`` (an id, a name or a known spelling)."""
    word = normalise_word(value)
    for dimension in load_methodology().dimensions:
        if word in (dimension.id, normalise_word(dimension.name), *dimension.aliases):
            return dimension.id
    return None


def resolve_compass(value: str) -> str | None:
    """The dimension or aspect id for ``value`` (an id, a name or a dimension's spelling)."""
    dimension = resolve_dimension(value)
    if dimension is not None:
        return dimension
    word = normalise_word(value)
    for candidate in load_methodology().dimensions:
        for aspect in candidate.aspects:
            if word in (aspect.id, normalise_word(aspect.name)):
                return aspect.id
    return None


def list_compass_ids() -> list[str]:
    """The six dimension ids, then the eighteen aspect ids, in order."""
    dimensions = load_methodology().dimensions
    return [d.id for d in dimensions] + [a.id for d in dimensions for a in d.aspects]


def compass_dimension(compass_id: str) -> str:
    """The dimension ``compass_id`` is or belongs to (a dimension id stays as it is)."""
    for dimension in load_methodology().dimensions:
        if compass_id == dimension.id or any(a.id == compass_id for a in dimension.aspects):
            return dimension.id
    return compass_id


def resolve_method(value: str, extra: dict[str, Method] | None = None) -> Method | None:
    """Return the method named ``value`` (an id, a name or an alias), built-in or ``extra``."""
    word = normalise_word(value)
    catalogue = {**load_methods(), **(extra or {})}
    if word in catalogue:
        return catalogue[word]
    for method in catalogue.values():
        if word in (normalise_word(method.name), *method.aliases):
            return method
    return None


def filter_methods(
    *,
    phase: str | None = None,
    dimension: str | None = None,
    group_size: int | None = None,
    max_minutes: int | None = None,
) -> list[Method]:
    """The catalogue's methods that serve ``phase`` and ``dimension``, fit the group and time.

    Raises:
        ValueError: ``phase`` or ``dimension`` is not known.
    """
    wanted_phase = resolve_phase(phase) if phase else None
    wanted_dimension = resolve_dimension(dimension) if dimension else None
    if phase and wanted_phase is None:
        raise UnknownWordError("DCM phase", phase, list_phase_ids())
    if dimension and wanted_dimension is None:
        raise UnknownWordError("Compass dimension", dimension, list_dimension_ids())
    found = []
    for method in load_methods().values():
        smallest, largest = method.whole_group
        if wanted_phase and wanted_phase not in method.dcm_phases:
            continue
        if wanted_dimension and wanted_dimension not in method.compass:
            continue
        if group_size is not None and (group_size < smallest or (largest and group_size > largest)):
            continue
        if max_minutes is not None and method.min_minutes > max_minutes:
            continue
        found.append(method)
    return found


def find_closest_methods(word: str) -> list[str]:
    """Method ids that look like ``word``, by id or by name, each once."""
    catalogue = load_methods()
    by_name = {method.name: method.id for method in catalogue.values()}
    near = find_closest(word, [*catalogue, *by_name])
    return list(dict.fromkeys(by_name.get(name, name) for name in near))


class UnknownWordError(UserError):
    """A phase or dimension that the methodology does not know."""

    def __init__(self, what: str, word: str, choices: list[str]) -> None:
        super().__init__(
            f"`{word}` is not a known {what}",
            hint=did_you_mean(word, choices, "choose from: " + ", ".join(choices)),
        )
