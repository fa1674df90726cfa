"""DCM progress: the milestones each country has reached, where it stands, and their checks.

A programme file records, per country, the DCM milestones reached (the ``results`` of each phase
in the catalogue), each with its date and the outcome record that shows it:

.. code-block:: yaml

    progress:
      - country: RS
        milestones:
          - milestone: trust
            date: 2026-01-20
            shown_by: {workshop: kickoff-serbia, decision: rs-national-team}
          - milestone: collaboration-agreements
            date: 2026-03-24
            shown_by: {agreement: agreement-serbia}

:func:`programme_progress` turns this into per-country standings (the data of the synthesis's
country × milestone matrix); :func:`check_progress` checks the record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from facilitation import codes
from facilitation.catalogue.methodology import list_milestone_ids, load_methodology
from facilitation.errors import Diagnostic, Location, YamlPath
from facilitation.model.loaded import AgreementDocument, Locating, Workshop
from facilitation.model.programme import MilestoneReached, Programme, ShownBy
from facilitation.suggest import did_you_mean


@dataclass(frozen=True)
class ReachedMilestone:
    """A milestone a country has reached: its id, its phase, when, and what shows it."""

    milestone: str
    phase: str
    date: dt.date
    shown_by: ShownBy


@dataclass(frozen=True)
class PhaseProgress:
    """How far a country has come in one DCM phase."""

    phase: str
    #: The ids of the phase's milestones reached, in the catalogue's order.
    reached: tuple[str, ...]
    #: How many milestones the phase has.
    total: int

    @property
    def complete(self) -> bool:
        """True when every milestone of the phase is reached."""
        return len(self.reached) == self.total


@dataclass(frozen=True)
class CountryStanding:
    """Where one country stands in the DCM."""

    country: str
    #: Each milestone reached, by id (the earliest record when a milestone is recorded twice).
    milestones: dict[str, ReachedMilestone]
    #: The four phases in order, with the milestones reached in each.
    phases: tuple[PhaseProgress, ...]
    #: The latest phase (by number) in which the country has reached a milestone; ``None`` before
    #: its first milestone.
    current_phase: str | None


def programme_progress(programme: Programme, as_of: dt.date | None = None) -> list[CountryStanding]:
    """Per country of the programme (in its order), the DCM milestones reached and its phase.

    Only milestones reached on or before ``as_of`` count (all when ``None``), so a report as of
    its date shows the standing of that date. Countries with no record come with no milestones;
    records of milestones or countries the catalogue or programme does not know are left out
    (``check`` reports them).
    """
    known = set(list_milestone_ids())
    phase_of = {
        milestone.id: phase.id for phase in load_methodology().phases for milestone in phase.results
    }
    records: dict[str, list[MilestoneReached]] = {}
    for entry in programme.progress:
        records.setdefault(entry.country, []).extend(entry.milestones)
    standings = []
    for country in programme.countries:
        reached: dict[str, ReachedMilestone] = {}
        for record in sorted(records.get(country.code, []), key=lambda item: item.date):
            if record.milestone not in known or (as_of is not None and record.date > as_of):
                continue
            reached.setdefault(
                record.milestone,
                ReachedMilestone(
                    record.milestone, phase_of[record.milestone], record.date, record.shown_by
                ),
            )
        standings.append(_standing(country.code, reached))
    return standings


def _standing(country: str, reached: dict[str, ReachedMilestone]) -> CountryStanding:
    phases = tuple(
        PhaseProgress(
            phase.id,
            tuple(milestone.id for milestone in phase.results if milestone.id in reached),
            len(phase.results),
        )
        for phase in load_methodology().phases
    )
    current = next((item.phase for item in reversed(phases) if item.reached), None)
    ordered = {key: reached[key] for key in list_milestone_ids() if key in reached}
    return CountryStanding(country, ordered, phases, current)


# --- checks -------------------------------------------------------------------------------------


@dataclass
class KnownRecords:
    """The outcome records a run knows: workshop ids with their decision ids, agreement ids."""

    workshops: dict[str, set[str]] = field(default_factory=dict)
    agreements: set[str] = field(default_factory=set)


def check_progress(
    programme: Programme, where: Locating, file: str, known: KnownRecords | None
) -> Iterator[Diagnostic]:
    """Check the ``progress:`` of ``programme`` (written in ``file``).

    Milestone ids and countries are always checked; the records named by ``shown_by:`` only when
    ``known`` is given (the run covers every workshop and agreement of the programme).
    """
    milestones = list_milestone_ids()
    countries = [country.code for country in programme.countries]
    for index, entry in enumerate(programme.progress):
        here = ("progress", index)
        if countries and entry.country not in countries:
            yield Diagnostic(
                codes.UNKNOWN_COUNTRY,
                f"the country `{entry.country}` of this progress record is not one of the "
                "programme's countries",
                where.where((*here, "country"), file=file),
                hint=did_you_mean(entry.country, countries, "countries: " + ", ".join(countries)),
            )
        for number, record in enumerate(entry.milestones):
            path = (*here, "milestones", number)
            if record.milestone not in milestones:
                yield Diagnostic(
                    codes.UNKNOWN_MILESTONE,
                    f"`{record.milestone}` is not a DCM milestone of the catalogue",
                    where.where((*path, "milestone"), file=file),
                    hint=did_you_mean(
                        record.milestone, milestones, "milestones: " + ", ".join(milestones)
                    ),
                )
            if known is not None:
                yield from _record(record.shown_by, known, where, file, (*path, "shown_by"))


def _record(
    shown_by: ShownBy,
    known: KnownRecords,
    where: Locating,
    file: str,
    path: YamlPath,
) -> Iterator[Diagnostic]:
    if shown_by.agreement is not None and shown_by.agreement not in known.agreements:
        yield _missing(
            f"no agreement has the id `{shown_by.agreement}`",
            where.where((*path, "agreement"), file=file),
            shown_by.agreement,
            sorted(known.agreements),
        )
    if shown_by.workshop is None:
        return
    decisions = known.workshops.get(shown_by.workshop)
    if decisions is None:
        yield _missing(
            f"no workshop has the id `{shown_by.workshop}`",
            where.where((*path, "workshop"), file=file),
            shown_by.workshop,
            sorted(known.workshops),
        )
    elif shown_by.decision is not None and shown_by.decision not in decisions:
        yield _missing(
            f"the workshop `{shown_by.workshop}` records no decision `{shown_by.decision}`",
            where.where((*path, "decision"), file=file),
            shown_by.decision,
            sorted(decisions),
        )


def _missing(message: str, location: Location, word: str, choices: list[str]) -> Diagnostic:
    shown = ", ".join(choices[:8]) if choices else "none in the files checked"
    return Diagnostic(
        codes.UNKNOWN_RECORD,
        message,
        location,
        hint=did_you_mean(word, choices, f"known ids: {shown}"),
    )


def check_run_progress(
    workshops: Sequence[Workshop],
    agreements: Iterable[AgreementDocument],
    folders: Iterable[Path],
    *,
    all_read: bool = True,
) -> list[Diagnostic]:
    """Check the progress record of every programme file the run's workshops name.

    Its ``shown_by:`` references are checked when the programme file lies in one of ``folders``
    (the folders the run was given), so that the run holds every workshop and agreement it may
    name; checking a single workshop checks only the milestone ids and countries. Nor are they
    checked unless ``all_read``: a workshop or agreement that could not be read holds records
    that are not known, and its own errors say what to mend (each of its ids would otherwise be
    reported missing, with another id suggested).
    """
    if not all_read:
        folders = ()
    known = KnownRecords(agreements={item.spec.agreement.id for item in agreements})
    for workshop in workshops:
        outcomes = workshop.all_outcomes()
        decisions = {item.id for item in outcomes.decisions if item.id} if outcomes else set()
        known.workshops.setdefault(workshop.info.id, set()).update(decisions)
    roots = [folder.resolve() for folder in folders]
    found: list[Diagnostic] = []
    seen: set[Path] = set()
    for workshop in workshops:
        base, path, file = workshop.programme_base, workshop.programme_path, workshop.programme_file
        if base is None or path is None or file is None or path.resolve() in seen:
            continue
        seen.add(path.resolve())
        covered = any(path.resolve().is_relative_to(root) for root in roots)
        found.extend(check_progress(base, workshop, file, known if covered else None))
    return found
