"""A collaboration and communication agreement, national or regional, ready for signature.

.. code-block:: yaml

    programme: ../programme.yaml
    agreement:
      id: regional-agreement
      title: Regional collaboration and communication agreement
      scope: regional
      date: 2026-03-05
      parties:
        - institution: rs-prosecution
          representative: {name: ..., function: ...}
          focal_point: {name: ..., function: ..., email: ...}
      commitments:
        - party: rs-prosecution
          text: ...
"""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import Field

from facilitation.model.fields import (
    CalendarDate,
    CountryCode,
    Email,
    Identifier,
    OneOrMany,
    Paragraph,
    StrictModel,
    Text,
    choice,
)
from facilitation.model.programme import LanguageTag, ProgrammeFile

AgreementScope = Literal["national", "regional"]
AGREEMENT_SCOPES: tuple[str, ...] = get_args(AgreementScope)


class Person(StrictModel):
    """A named person with a function."""

    name: Text
    function: Text | None = None
    email: Email | None = None
    phone: Text | None = None


class Party(StrictModel):
    """An institution that signs, with its representative and its focal point."""

    institution: Text = Field(description="Institution id from the programme.")
    representative: Person | None = Field(None, description="Who signs for the institution.")
    focal_point: Person | None = Field(None, description="Day-to-day contact for the agreement.")


class Commitment(StrictModel):
    """What one party commits to."""

    party: Text = Field(description="The institution id of a party.")
    text: Paragraph


class Channel(StrictModel):
    """How the parties communicate for one purpose, and how fast they answer."""

    purpose: Text = Field(description="e.g. Formal decisions, Urgent operational requests.")
    primary: Text
    secondary: Text | None = None
    fallback: Text | None = None
    response_time: Text | None = Field(None, description="e.g. 24 hours, 2 working days.")


class Meeting(StrictModel):
    """A standing meeting."""

    name: Text
    rhythm: Text = Field(description="e.g. monthly, quarterly, every second Tuesday.")
    participants: Text | None = None
    notes: Paragraph | None = None


class EscalationLevel(StrictModel):
    """One step of the escalation path."""

    level: int = Field(ge=1, le=10)
    name: Text = Field(description="e.g. Operational, Project management, Steering.")
    who: Annotated[list[Text], OneOrMany] = Field([], description="Who handles it at this level.")
    within: Text | None = Field(None, description="How long before it goes one level up.")


class Agreement(StrictModel):
    """The agreement itself."""

    id: Identifier = Field(
        description="Short id; the document is written to a folder of this name."
    )
    title: Text
    scope: Annotated[AgreementScope, choice(AGREEMENT_SCOPES, what="scope")] = "national"
    country: CountryCode | None = Field(None, description="For a national agreement.")
    workshop: Text | None = Field(None, description="The workshop file it came from.")
    date: CalendarDate
    place: Text | None = None
    purpose: Paragraph
    scope_text: Paragraph | None = Field(None, description="What the agreement covers.")
    principles: Annotated[list[Paragraph], OneOrMany] = []
    parties: list[Party] = []
    commitments: list[Commitment] = []
    channels: list[Channel] = []
    meetings: list[Meeting] = []
    decision_rules: Annotated[list[Paragraph], OneOrMany] = []
    confidentiality: Paragraph | None = Field(
        None, description="Handling of sensitive information and who authorises its release."
    )
    information_sharing: Paragraph | None = None
    escalation: list[EscalationLevel] = []
    review_date: CalendarDate | None = None
    amendments: Paragraph | None = None
    duration: Paragraph | None = Field(None, description="How long it runs; how it ends.")
    costs: Paragraph | None = Field(None, description="Who bears which costs.")
    binding: Paragraph | None = Field(None, description="e.g. Not legally binding (MoU).")
    languages: Annotated[list[LanguageTag], OneOrMany] = []


class AgreementFile(ProgrammeFile):
    """An agreement file."""

    agreement: Agreement
