"""A collaboration and communication agreement, national or regional, ready for signature.

.. code-block:: yaml

    programme: ../programme.yaml
    agreement:
      id: regional-agreement
      title: Regional collaboration and communication agreement
      scope: regional
      date: 2026-04-02             # where and when it is signed
      place: Sarajevo
      status: final                # draft (marked DRAFT) | final (for signature) | signed
      parties:
        - institution: rs-prosecution
          representative: {name: ..., function: ...}
          focal_point: {name: ..., function: ..., email: ...}
      commitments:
        - party: rs-prosecution
          text: Leads the joint investigation team ...   # what the party does
      entry_into_force: ...          # standard wording when left out
      duration: ...
      withdrawal: ...                # standard wording when left out
"""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import Field

from facilitation.model.fields import (
    CalendarDate,
    CountryCode,
    Email,
    Identifier,
    LocalParagraph,
    LocalShort,
    OneOrMany,
    StrictModel,
    Text,
    Version,
    choice,
)
from facilitation.model.programme import LanguageTag, ProgrammeFile

AgreementScope = Literal["national", "regional"]
AGREEMENT_SCOPES: tuple[str, ...] = get_args(AgreementScope)
#: Where an agreement stands: a draft, the final text for signature, or signed.
AgreementStatus = Literal["draft", "final", "signed"]
AGREEMENT_STATUSES: tuple[str, ...] = get_args(AgreementStatus)


class Person(StrictModel):
    """A named person with a function."""

    name: Text
    function: LocalShort | None = None
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
    text: LocalParagraph


class Channel(StrictModel):
    """How the parties communicate for one purpose, and how fast they answer."""

    purpose: LocalShort = Field(description="e.g. Formal decisions, Urgent operational requests.")
    primary: LocalShort
    secondary: LocalShort | None = None
    fallback: LocalShort | None = None
    response_time: LocalShort | None = Field(None, description="e.g. 24 hours, 2 working days.")


class Meeting(StrictModel):
    """A standing meeting."""

    name: LocalShort
    rhythm: LocalShort = Field(description="e.g. monthly, quarterly, every second Tuesday.")
    participants: LocalShort | None = None
    notes: LocalParagraph | None = None


class EscalationLevel(StrictModel):
    """One step of the escalation path."""

    level: int = Field(ge=1, le=10)
    name: LocalShort = Field(description="e.g. Operational, Project management, Steering.")
    who: Annotated[list[LocalShort], OneOrMany] = Field(
        [], description="Who handles it at this level."
    )
    within: LocalShort | None = Field(None, description="How long before it goes one level up.")


class Agreement(StrictModel):
    """The agreement itself."""

    id: Identifier = Field(
        description="Short id; the document is written to a folder of this name."
    )
    title: LocalShort
    scope: Annotated[AgreementScope, choice(AGREEMENT_SCOPES, what="scope")] = "national"
    country: CountryCode | None = Field(None, description="For a national agreement.")
    workshop: Text | None = Field(None, description="The workshop file it came from.")
    status: Annotated[AgreementStatus, choice(AGREEMENT_STATUSES, what="status")] = Field(
        "draft",
        description="draft (every page is marked DRAFT), final (the text for signature) or signed.",
    )
    version: Version | None = Field(None, description="The text's version, e.g. 2.")
    issued: CalendarDate | None = Field(
        None, description="Date of issue of this version; the agreement's date when not given."
    )
    contact: Text | None = Field(
        None,
        description="Who answers questions on the text: a team id from the programme, or a name.",
    )
    date: CalendarDate = Field(description="The date of signature (of the text, until signed).")
    place: LocalShort | None = Field(None, description="The place of signature.")
    recitals: Annotated[list[LocalParagraph], OneOrMany] = Field(
        [], description="More clauses of the preamble, e.g. `considering the ...,`."
    )
    purpose: LocalParagraph
    scope_text: LocalParagraph | None = Field(None, description="What the agreement covers.")
    principles: Annotated[list[LocalParagraph], OneOrMany] = []
    parties: list[Party] = []
    commitments: list[Commitment] = []
    channels: list[Channel] = []
    meetings: list[Meeting] = []
    decision_rules: Annotated[list[LocalParagraph], OneOrMany] = []
    confidentiality: LocalParagraph | None = Field(
        None, description="Handling of sensitive information and who authorises its release."
    )
    information_sharing: LocalParagraph | None = None
    escalation: list[EscalationLevel] = []
    review_date: CalendarDate | None = None
    amendments: LocalParagraph | None = None
    entry_into_force: LocalParagraph | None = Field(
        None, description="When it takes effect; by default, when the last party signs."
    )
    duration: LocalParagraph | None = Field(None, description="How long it runs; how it ends.")
    withdrawal: LocalParagraph | None = Field(
        None, description="How a party withdraws; by default, by written notice to the others."
    )
    costs: LocalParagraph | None = Field(None, description="Who bears which costs.")
    binding: LocalParagraph | None = Field(None, description="e.g. Not legally binding (MoU).")
    languages: Annotated[list[LanguageTag], OneOrMany] = []
    language: LanguageTag | None = Field(
        None, description="The language of the document and of its plain texts; the programme's."
    )
    versions: Annotated[list[LanguageTag], OneOrMany] = Field(
        [], description="A bilingual document: one version per language, e.g. [sr-Cyrl, en]."
    )
    prevails: LanguageTag | None = Field(
        None, description="The version that prevails in case of divergence; the first one."
    )
    originals: int | None = Field(
        None, ge=1, le=100, description="How many originals are signed; one for each party."
    )


class AgreementFile(ProgrammeFile):
    """An agreement file."""

    agreement: Agreement
