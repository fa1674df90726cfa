"""JSON Schemas of the files, for editors (``# yaml-language-server: $schema=...``)."""

from __future__ import annotations

from typing import Any

from facilitation.model import Programme, WorkshopFile
from facilitation.model.agreement import AgreementFile
from facilitation.model.outcomes import OutcomeFile


def make_schemas() -> dict[str, dict[str, Any]]:
    """The schema of each kind of file, by name."""
    documents: dict[str, dict[str, Any]] = {}
    for name, model, title in (
        ("workshop", WorkshopFile, "facilitation workshop file"),
        ("programme", Programme, "facilitation programme file"),
        ("outcomes", OutcomeFile, "facilitation outcome file"),
        ("agreement", AgreementFile, "facilitation agreement file"),
    ):
        document = model.model_json_schema(mode="validation")
        document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        document["title"] = title
        documents[name] = document
    return documents
