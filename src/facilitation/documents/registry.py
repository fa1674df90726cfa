"""Every document ``build`` can write: its file, its template, its audience and its view.

The registry imports nothing heavy: a document names its view function as ``module:function``
under :mod:`facilitation.documents.views`, which is imported only when the document is built.
Why: the command line derives ``--only``'s help from this registry, and ``--help`` must not load
the models and Jinja to print it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

#: How a document is written: a Word template, a text template, or the calendar writer.
Kind = Literal["docx", "text", "ics"]
#: What a document is about: one workshop, one agreement, or the outcomes of many workshops.
Subject = Literal["workshop", "agreement", "synthesis"]


@dataclass(frozen=True)
class DocumentSpec:
    """One document that ``build`` can write."""

    name: str
    filename: str
    kind: Kind
    template: str | None
    purpose: str
    #: ``module:function`` under ``facilitation.documents.views`` that makes its view data.
    view: str | None = None
    contacts: bool = False
    #: Built without contact details even when the build is not ``--shared``.
    shared: bool = False
    #: For the organisers only: left out of a ``--shared`` build altogether.
    internal: bool = False
    needs_participants: bool = False
    needs_outcomes: bool = False
    subject: Subject = "workshop"
    #: Draws charts: a build renders these in as few of its workers as keep it short, so that
    #: fewer of them load the chart library (about a second each).
    charts: bool = False

    def view_function(self) -> Callable[..., dict[str, Any]]:
        """The function that makes this document's view data (imported now)."""
        assert self.view is not None, self.name
        module, name = self.view.split(":")
        function: Callable[..., dict[str, Any]] = getattr(
            importlib.import_module(f"facilitation.documents.views.{module}"), name
        )
        return function


DOCUMENTS: tuple[DocumentSpec, ...] = (
    DocumentSpec(
        "agenda",
        "agenda.docx",
        "docx",
        "agenda.docx",
        "for participants",
        "agenda:make_agenda_view",
    ),
    DocumentSpec(
        "run-sheet",
        "run-sheet.docx",
        "docx",
        "run-sheet.docx",
        "for the team",
        "agenda:make_run_sheet_view",
    ),
    DocumentSpec(
        "participants",
        "participants.docx",
        "docx",
        "participants.docx",
        "internal; contacts where consented",
        "participants:make_participants_view",
        contacts=True,
        internal=True,
        needs_participants=True,
    ),
    DocumentSpec(
        "participants-shared",
        "participants-shared.docx",
        "docx",
        "participants.docx",
        "for circulation; no contacts",
        "participants:make_participants_view",
        shared=True,
        needs_participants=True,
    ),
    DocumentSpec(
        "sign-in",
        "sign-in.docx",
        "docx",
        "sign-in.docx",
        "one sheet per day, to sign",
        "sign_in:make_sign_in_view",
        contacts=True,
        needs_participants=True,
    ),
    DocumentSpec(
        "agenda-md",
        "agenda.md",
        "text",
        "agenda.md.j2",
        "agenda for e-mail and wikis",
        "agenda:make_agenda_view",
    ),
    DocumentSpec("calendar", "agenda.ics", "ics", None, "one event per session"),
    DocumentSpec(
        "outcome-report",
        "outcome-report.docx",
        "docx",
        "outcome-report.docx",
        "what the workshop agreed",
        "outcomes:make_outcome_report_view",
        needs_outcomes=True,
        charts=True,
    ),
    DocumentSpec(
        "agreement",
        "agreement.docx",
        "docx",
        "agreement.docx",
        "for signature",
        "agreement:make_agreement_view",
        subject="agreement",
    ),
)
DOCUMENT_NAMES = tuple(spec.name for spec in DOCUMENTS)

#: The regional synthesis: written by ``synthesis``, not by ``build``.
SYNTHESIS = DocumentSpec(
    "synthesis",
    "synthesis.docx",
    "docx",
    "synthesis.docx",
    "across the workshops",
    "synthesis:make_synthesis_view",
    subject="synthesis",
)
