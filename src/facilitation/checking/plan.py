"""Plan checks: what a valid file can still get wrong, said in a facilitator's words.

Each check looks at the loaded :class:`~facilitation.model.loaded.Workshop` and its
:class:`~facilitation.checking.scheduling.Schedule` and returns diagnostics with their own codes:
timing (:mod:`.timing`), events off site and online (:mod:`.events`), references
(:mod:`.references`), files (:mod:`.files`), and here the Compass balance and the documents'
language.
"""

from __future__ import annotations

from collections.abc import Iterator

from facilitation import codes
from facilitation.catalogue.methodology import list_dimension_ids, load_methodology
from facilitation.checking.events import check_events
from facilitation.checking.files import check_logos
from facilitation.checking.flow_lists import check_workshop_lists
from facilitation.checking.languages import check_language_tags, check_workshop_languages
from facilitation.checking.references import check_references
from facilitation.checking.scheduling import Schedule
from facilitation.checking.timing import check_timing
from facilitation.errors import Diagnostic, Severity
from facilitation.model.loaded import Workshop

#: Workshops with at least this much work time should give every Compass dimension some time.
COMPASS_MIN_WORK = 5 * 60
#: Workshops of this many days or more should give every dimension a fair share of the work time.
COMPASS_SHARE_MIN_DAYS = 2
#: The smallest fair share of the work time for a dimension, in percent. A session counts for
#: each dimension it serves, and sessions serve two or three; an even spread gives every
#: dimension about 40 %. Below 10 % a dimension gets less than one ordinary 90-minute session
#: in two days, which is a workshop that has forgotten it rather than chosen a focus.
COMPASS_MIN_SHARE = 10
#: A workshop's own DCM phase should take more than this share (percent) of the work time that
#: names a phase; else the sessions serve another phase than the one the workshop states.
PHASE_MIN_SHARE = 50


def check_workshop(workshop: Workshop, schedule: Schedule) -> list[Diagnostic]:
    """Every plan check on ``workshop``."""
    found: list[Diagnostic] = []
    found.extend(check_timing(workshop, schedule))
    found.extend(check_events(workshop, schedule))
    found.extend(check_references(workshop))
    found.extend(_compass_balance(workshop, schedule))
    found.extend(_compass_shares(workshop, schedule))
    found.extend(_phase_match(workshop, schedule))
    found.extend(check_logos(workshop))
    found.extend(check_workshop_lists(workshop))
    found.extend(check_language_tags(workshop))
    found.extend(check_workshop_languages(workshop))
    return found


# --- balance ----------------------------------------------------------------------------------


def _compass_balance(workshop: Workshop, schedule: Schedule) -> Iterator[Diagnostic]:
    totals = schedule.totals
    if totals.work < COMPASS_MIN_WORK or not totals.by_dimension:
        return
    names = {dimension.id: dimension.name for dimension in load_methodology().dimensions}
    missing = [
        names[dimension] for dimension in list_dimension_ids() if not totals.by_dimension[dimension]
    ]
    if missing:
        yield Diagnostic(
            codes.COMPASS_GAP,
            "no session serves the Compass dimension(s) " + ", ".join(missing),
            workshop.where(("days",), key=True),
            severity=Severity.WARNING,
            hint="tag sessions with `compass:`, or plan a session for the missing dimension; "
            "the Compass works when all six dimensions are kept in balance",
        )


def _compass_shares(workshop: Workshop, schedule: Schedule) -> Iterator[Diagnostic]:
    """A dimension with some time, but less than a fair share, in a workshop of 2+ days (P223).

    A dimension with no time at all is P217's.
    """
    totals = schedule.totals
    if len(workshop.days) < COMPASS_SHARE_MIN_DAYS or not totals.work or not totals.by_dimension:
        return
    names = {dimension.id: dimension.name for dimension in load_methodology().dimensions}
    small = [
        f"{names[dimension]} {totals.by_dimension[dimension]} min "
        f"({100 * totals.by_dimension[dimension] / totals.work:.0f} %)"
        for dimension in list_dimension_ids()
        if 0 < totals.by_dimension[dimension] * 100 < COMPASS_MIN_SHARE * totals.work
    ]
    if small:
        yield Diagnostic(
            codes.COMPASS_SMALL_SHARE,
            f"in {len(workshop.days)} days of {totals.work} min of work, the Compass dimension(s) "
            + "; ".join(small)
            + f" get less than {COMPASS_MIN_SHARE} % of the work time",
            workshop.where(("days",), key=True),
            severity=Severity.WARNING,
            hint="give the dimension a session of its own, or tag the sessions that serve it "
            "with `compass:`; `facilitation show --compass FILE` draws the balance",
        )


def _phase_match(workshop: Workshop, schedule: Schedule) -> Iterator[Diagnostic]:
    """Most of the work time names another DCM phase than the workshop's own (P224)."""
    own = workshop.info.dcm_phase
    by_phase = schedule.totals.by_phase
    phased = sum(by_phase.values())
    if not own or not phased or by_phase[own] * 100 > PHASE_MIN_SHARE * phased:
        return
    names = {phase.id: phase.name for phase in load_methodology().phases}
    main, minutes = max(
        ((phase, time) for phase, time in by_phase.items() if phase != own),
        key=lambda item: item[1],
    )
    yield Diagnostic(
        codes.PHASE_MISMATCH,
        f"the workshop is in the DCM phase {names.get(own, own)}, but only {by_phase[own]} of "
        f"{phased} min of work serve it; {names.get(main, main)} gets {minutes} min",
        workshop.where(("workshop", "dcm_phase")),
        severity=Severity.WARNING,
        hint="set the workshop's `dcm_phase:` to the phase its sessions serve, or correct "
        "the sessions' `dcm_phase:`",
    )
