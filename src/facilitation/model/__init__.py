"""The models of the files a facilitator writes: programme, workshop, outcomes, agreements."""

from facilitation.model.programme import (
    Country,
    Footnote,
    Funder,
    Institution,
    Partner,
    Programme,
    ProgrammeRef,
    TeamMember,
    merge_programme,
)
from facilitation.model.workshop import (
    Day,
    Group,
    Participant,
    ParticipantFile,
    Session,
    WorkshopFile,
    WorkshopInfo,
)

__all__ = [
    "Country",
    "Day",
    "Footnote",
    "Funder",
    "Group",
    "Institution",
    "Participant",
    "ParticipantFile",
    "Partner",
    "Programme",
    "ProgrammeRef",
    "Session",
    "TeamMember",
    "WorkshopFile",
    "WorkshopInfo",
    "merge_programme",
]
