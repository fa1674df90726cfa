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


def check_workshop(workshop: Workshop, schedule: Schedule) -> list[Diagnostic]:
    """Every plan check on ``workshop``."""
    found: list[Diagnostic] = []
    found.extend(check_timing(workshop, schedule))
    found.extend(check_events(workshop, schedule))
    found.extend(check_references(workshop))
    found.extend(_compass_balance(workshop, schedule))
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
