"""A Compass self-assessment: how a team rates the 18 aspects of the Collective Leadership Compass.

A team rates each aspect of the catalogue's six dimensions (three aspects each, in the catalogue's
own wording) on a scale the file states, one respondent a row, anonymously. The workshop names the
file (a form export, CSV or Excel) under ``assessment:``; :mod:`facilitation.reading.assessment`
reads it into an :class:`Assessment`.

Why: this is a simple self-rating of the catalogue's aspects, for a facilitator's own use. It is
not the publisher's official Collective Leadership Compass assessment, which is its own
instrument, and it is never presented as that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, get_args

from pydantic import AfterValidator, BeforeValidator, Field
from pydantic_core import PydanticCustomError

from facilitation.model.fields import StrictModel, Text

AssessmentTime = Literal["baseline", "follow-up"]
ASSESSMENT_TIMES: tuple[str, ...] = get_args(AssessmentTime)

#: The fewest respondents a group (a workshop, a country) needs to be shown on its own.
MIN_GROUP = 5
#: The scale when the file states none.
DEFAULT_SCALE = "1-5"
_SCALE = re.compile(r"^\s*(-?\d{1,3})\s*(?:-|–|to|\.\.)\s*(-?\d{1,3})\s*$")


def parse_scale(text: str) -> tuple[int, int]:
    """The lowest and highest answer of a scale written ``1-5``, ``0–10`` or ``1 to 7``.

    Raises:
        PydanticCustomError: The text is not such a scale, or its ends are in the wrong order.
    """
    match = _SCALE.match(text)
    if match is None or int(match[1]) >= int(match[2]):
        raise PydanticCustomError(
            "invalid_scale",
            "a scale is written as its lowest and highest answer, such as 1-5 or 0-10",
        )
    return int(match[1]), int(match[2])


def _scale(value: str) -> str:
    parse_scale(value)
    return value


def _scale_text(value: Any) -> Any:
    """``scale: 5`` is 1 to 5."""
    return f"1-{value}" if isinstance(value, int) and not isinstance(value, bool) else value


Scale = Annotated[str, BeforeValidator(_scale_text), AfterValidator(_scale)]


class AssessmentFile(StrictModel):
    """A Compass self-assessment in a CSV or Excel file next to the workshop (a form export).

    Not the publisher's official Collective Leadership Compass assessment.
    """

    file: Text = Field(description="CSV or XLSX file, relative to the workshop file.")
    sheet: Text | None = Field(None, description="Worksheet name (Excel).")
    columns: dict[Text, Text] = Field(
        {},
        description="Column heading in the file → Compass aspect id (e.g. empathy), or "
        "`country`; other columns are not read.",
    )
    encoding: Text | None = Field(
        None, description="Encoding of a CSV file that is not UTF-8; guessed when not given."
    )
    scale: Scale = Field(
        DEFAULT_SCALE, description="The lowest and highest answer, e.g. 1-5 (the default) or 0-10."
    )
    when: AssessmentTime = Field(
        "baseline",
        description="baseline (at a kick-off) or follow-up (at a review), to show the change.",
    )

    @property
    def bounds(self) -> tuple[int, int]:
        """The lowest and highest answer of the scale."""
        return parse_scale(self.scale)


def _assessment_file(value: Any) -> Any:
    return {"file": value} if isinstance(value, str) else value


AssessmentInput = Annotated[AssessmentFile, BeforeValidator(_assessment_file)]


@dataclass(frozen=True)
class Response:
    """One respondent's answers: no name, only the ratings and, when the file has it, a country."""

    #: The line (CSV) or row (Excel) of the answers, for messages.
    line: int
    #: Aspect id → the rating; a skipped or dropped answer is not in it.
    answers: dict[str, float]
    #: The respondent's country (alpha-2 code), when the file has a country column.
    country: str | None = None


@dataclass
class Assessment:
    """A self-assessment as read: its scale, its time and one :class:`Response` a respondent."""

    file: str
    when: str
    low: int
    high: int
    #: The aspect ids that have a column in the file, in catalogue order.
    aspects: list[str] = field(default_factory=list)
    responses: list[Response] = field(default_factory=list)


__all__ = [
    "ASSESSMENT_TIMES",
    "DEFAULT_SCALE",
    "MIN_GROUP",
    "Assessment",
    "AssessmentFile",
    "AssessmentInput",
    "AssessmentTime",
    "Response",
    "parse_scale",
]
