"""View data for a collaboration and communication agreement, ready for signature."""

from __future__ import annotations

from typing import Any

from facilitation.catalogue.labels import DateFormatter, load_labels
from facilitation.documents.views.base import add_footnotes, describe_branding, describe_subject
from facilitation.model import Programme
from facilitation.model.agreement import Agreement, Person
from facilitation.model.loaded import AgreementDocument


def make_agreement_view(document: AgreementDocument) -> dict[str, Any]:
    """Everything the agreement document prints."""
    agreement = document.spec.agreement
    programme = document.programme
    labels = load_labels(document.language)
    dates = DateFormatter(labels)
    words = labels["agreement"]
    view = describe_branding(
        programme, labels, "agreement", document.confidentiality, document.language
    )
    view["workshop"] = describe_subject(
        agreement.title,
        dates.single(agreement.date),
        agreement.place or "",
        words["national"] if agreement.scope == "national" else words["regional"],
    )
    view["agreement"] = _terms(document, words, dates)
    view["parties"] = [
        {
            "institution": _institution_name(programme, party.institution),
            "representative": _person(party.representative),
            "focal_point": _person(party.focal_point),
            "contact": _contact(party.focal_point),
            "signatory": party.representative.name if party.representative else "",
            "function": party.representative.function or "" if party.representative else "",
        }
        for party in agreement.parties
    ]
    view["commitments"] = _commitments(programme, agreement, words)
    view.update(_arrangements(agreement))
    return add_footnotes(view, programme)


def _institution_name(programme: Programme, value: str) -> str:
    institution = programme.institution(value)
    return institution.name if institution else value


def _terms(
    document: AgreementDocument, words: dict[str, Any], dates: DateFormatter
) -> dict[str, Any]:
    """The agreement's own texts, dates and languages."""
    agreement = document.spec.agreement
    place = agreement.place or ""
    return {
        "scope": words[agreement.scope],
        "country": document.programme.country_name(agreement.country) if agreement.country else "",
        "purpose": agreement.purpose,
        "scope_text": agreement.scope_text or "",
        "principles": list(agreement.principles),
        "decision_rules": list(agreement.decision_rules),
        "confidentiality": agreement.confidentiality or "",
        "information_sharing": agreement.information_sharing or "",
        "amendments": agreement.amendments or "",
        "duration": agreement.duration or "",
        "costs": agreement.costs or "",
        "binding": agreement.binding or "",
        "review": str(words["review_date"]).format(date=dates.single(agreement.review_date))
        if agreement.review_date
        else "",
        "languages": ", ".join(_language_name(tag) for tag in agreement.languages),
        "agreed_at": str(words["agreed_at"]).format(workshop=document.workshop_title)
        if document.workshop_title
        else "",
        "place_date": str(words["place_date"]).format(
            place=place, date=dates.single(agreement.date)
        )
        if place
        else dates.single(agreement.date),
    }


def _commitments(
    programme: Programme, agreement: Agreement, words: dict[str, Any]
) -> list[dict[str, Any]]:
    """Each party's commitments under its name; parties without any are left out."""
    commitments = []
    for party in agreement.parties:
        name = _institution_name(programme, party.institution)
        own = programme.institution_id(party.institution)
        texts = [
            commitment.text
            for commitment in agreement.commitments
            if programme.institution_id(commitment.party) == own
        ]
        if texts:
            heading = str(words["commits"]).format(party=name)
            commitments.append({"party": name, "heading": heading, "texts": texts})
    return commitments


def _arrangements(agreement: Agreement) -> dict[str, list[dict[str, Any]]]:
    """How the parties work together: channels, meetings and the escalation path."""
    return {
        "channels": [
            {
                "purpose": channel.purpose,
                "primary": channel.primary,
                "secondary": channel.secondary or "",
                "fallback": channel.fallback or "",
                "response_time": channel.response_time or "",
            }
            for channel in agreement.channels
        ],
        "meetings": [
            {
                "name": meeting.name,
                "rhythm": meeting.rhythm,
                "participants": meeting.participants or "",
                "notes": meeting.notes or "",
            }
            for meeting in agreement.meetings
        ],
        "escalation": [
            {
                "level": level.level,
                "name": level.name,
                "who": ", ".join(level.who),
                "within": level.within or "",
            }
            for level in sorted(agreement.escalation, key=lambda level: level.level)
        ],
    }


def _person(person: Person | None) -> str:
    if person is None:
        return ""
    return person.name + (f", {person.function}" if person.function else "")


def _contact(person: Person | None) -> str:
    if person is None:
        return ""
    return " · ".join(part for part in (person.email, person.phone) if part)


_LANGUAGE_NAMES = {
    "en": "English",
    "sr": "Serbian",
    "sr-Cyrl": "Serbian (Cyrillic)",
    "sr-Latn": "Serbian (Latin)",
    "bs": "Bosnian",
    "hr": "Croatian",
    "cnr": "Montenegrin",
    "sq": "Albanian",
    "mk": "Macedonian",
    "de": "German",
    "it": "Italian",
    "nl": "Dutch",
    "fr": "French",
}


def _language_name(tag: str) -> str:
    return _LANGUAGE_NAMES.get(tag, tag)
