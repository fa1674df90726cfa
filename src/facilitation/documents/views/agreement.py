"""View data for a collaboration and communication agreement, ready for signature."""

from __future__ import annotations

from typing import Any

from facilitation.catalogue.labels import load_labels
from facilitation.documents.language import Words, localise_agreement
from facilitation.documents.views.base import add_footnotes, describe_branding, describe_subject
from facilitation.model import Programme
from facilitation.model.agreement import Agreement, Person
from facilitation.model.languages import choose
from facilitation.model.loaded import AgreementDocument


def make_agreement_view(document: AgreementDocument) -> dict[str, Any]:
    """Everything the agreement document prints, in each of its versions.

    The view of the first version is the document's; ``versions`` holds one view per language
    (one for most agreements), which the template prints one after the other, each under its
    heading, before the signatures that cover them all.
    """
    views = [_version_view(localise_agreement(document, tag)) for tag in document.versions]
    view = dict(views[0])
    if len(views) > 1:
        for version, tag in zip(views, document.versions, strict=True):
            words = Words.of(tag)
            version["heading"] = str(version["labels"]["agreement"]["version"]).format(
                language=words.language_name(tag)
            )
            version["agreement"]["languages"] = _languages_clause(document, tag)
        view["labels"] = _signature_labels(views)
        view["parties"] = _signatories(views)
    view["versions"] = views
    return view


def _signatories(views: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The parties for the signature pages: names and functions in every version's language."""
    parties = [dict(party) for party in views[0]["parties"]]
    for index, party in enumerate(parties):
        for key in ("institution", "function"):
            texts = [str(view["parties"][index][key]) for view in views]
            party[key] = " / ".join(dict.fromkeys(text for text in texts if text))
    return parties


#: The labels of the signature pages, which one bilingual document prints once for all versions.
_SIGNATURE_LABELS = (
    "signatures", "signature_name", "signature_function", "signature_date", "signature",
)  # fmt: skip


def _signature_labels(views: list[dict[str, Any]]) -> dict[str, Any]:
    """The first version's labels, with the signature pages' words in every version's language."""
    labels = dict(views[0]["labels"])
    words = dict(labels["agreement"])
    for key in _SIGNATURE_LABELS:
        texts = [str(view["labels"]["agreement"][key]) for view in views]
        words[key] = " / ".join(dict.fromkeys(texts))
    labels["agreement"] = words
    return labels


def _languages_clause(document: AgreementDocument, language: str) -> str:
    """In ``language``: the languages the agreement is made in, and which version prevails."""
    words = Words.of(language)
    labels = words.labels["agreement"]
    names = words.join([words.language_name(tag) for tag in document.versions])
    prevailing = document.prevailing or document.versions[0]
    return " ".join(
        (
            str(labels["versions"]).format(languages=names),
            str(labels["prevails"]).format(language=words.language_name(prevailing)),
        )
    )


def _version_view(document: AgreementDocument) -> dict[str, Any]:
    """One language version of the agreement (``document`` is in that language)."""
    agreement = document.spec.agreement
    programme = document.programme
    labels = load_labels(document.language)
    dates = Words.of(document.language)
    words = labels["agreement"]
    view = describe_branding(
        programme, labels, "agreement", document.confidentiality, document.language
    )
    view["workshop"] = describe_subject(
        agreement.title,
        dates.date(agreement.date),
        agreement.place or "",
        words["national"] if agreement.scope == "national" else words["regional"],
    )
    view["heading"] = ""
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


def _terms(document: AgreementDocument, words: dict[str, Any], dates: Words) -> dict[str, Any]:
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
        "review": str(words["review_date"]).format(date=dates.date(agreement.review_date))
        if agreement.review_date
        else "",
        "languages": dates.join([dates.language_name(tag) for tag in agreement.languages]),
        "agreed_at": str(words["agreed_at"]).format(
            workshop=choose(document.workshop_title, document.language, document.language).text
        )
        if document.workshop_title
        else "",
        "place_date": str(words["place_date"]).format(place=place, date=dates.date(agreement.date))
        if place
        else dates.date(agreement.date),
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
                # The last level has nowhere to move up to.
                "within": (level.within or "") if number < len(agreement.escalation) else "",
            }
            for number, level in enumerate(
                sorted(agreement.escalation, key=lambda level: level.level), start=1
            )
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
