"""Checks of a workshop's Compass self-assessment, beyond what reading it finds.

Reading reports what is wrong in the file (its headings, an answer that is not on the scale).
This check says what the documents will do with it: a group of fewer than
:data:`~facilitation.model.assessment.MIN_GROUP` respondents is never shown on its own, so a
workshop whose assessment has fewer is told so (C804) before a report leaves its numbers out.
"""

from __future__ import annotations

from facilitation import codes
from facilitation.errors import Diagnostic, Severity
from facilitation.model.assessment import MIN_GROUP
from facilitation.model.loaded import Workshop


def check_assessment(workshop: Workshop) -> list[Diagnostic]:
    """C804 when the workshop's self-assessment has fewer respondents than a group shown needs.

    Args:
        workshop: A loaded workshop; one without an assessment has nothing to check.

    Returns:
        The warning, or nothing.
    """
    assessment = workshop.assessment
    if assessment is None or len(assessment.responses) >= MIN_GROUP:
        return []
    count = len(assessment.responses)
    return [
        Diagnostic(
            codes.FEW_RESPONDENTS,
            f"the self-assessment `{assessment.file}` has {count} respondent(s); a group of "
            f"fewer than {MIN_GROUP} is not shown on its own, to keep answers anonymous",
            workshop.where(("assessment",)),
            severity=Severity.WARNING,
            hint="its answers still count for the region; ask more of the team to answer",
        )
    ]
