"""Checks on bringing many workshops together: what the regional synthesis cannot place."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from facilitation import codes
from facilitation.errors import Diagnostic, Severity
from facilitation.model.loaded import Workshop


def check_synthesis(workshops: Iterable[Workshop]) -> Iterator[Diagnostic]:
    """A workshop without a country is synthesised as regional: say so (O512)."""
    for workshop in workshops:
        if workshop.info.country is None and workshop.info.scope is None:
            yield Diagnostic(
                codes.NO_COUNTRY,
                f'"{workshop.info.title}" names no country; the synthesis shows it as regional',
                workshop.where(("workshop",), key=True),
                severity=Severity.WARNING,
                hint="give a national workshop its `country:` (e.g. RS), "
                "and a regional one `scope: regional`",
            )
