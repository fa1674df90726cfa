"""Agreement checks: what a valid agreement file still needs before anyone signs it."""

from __future__ import annotations

from collections.abc import Iterator

from facilitation import codes
from facilitation.checking.flow_lists import check_agreement_lists
from facilitation.checking.languages import check_agreement_languages, check_agreement_versions
from facilitation.errors import Diagnostic
from facilitation.model.loaded import AgreementDocument
from facilitation.suggest import did_you_mean, find_closest
from facilitation.textfile import note_touched


def check_agreement(document: AgreementDocument) -> list[Diagnostic]:
    """What an agreement needs before anyone signs it."""
    return list(_checks(document))


_HERE = ("agreement",)


def _checks(document: AgreementDocument) -> Iterator[Diagnostic]:
    #: Each party's institution id, by the index it first appears at.
    parties: dict[str, int] = {}
    #: Institutions that a misspelt party most likely means: their commitments are not
    #: reported again, since the misspelling already is.
    meant: set[str] = set()
    yield from _parties(document, parties, meant)
    yield from _commitments(document, parties, meant)
    yield from _terms(document)
    yield from check_agreement_versions(document)
    yield from check_agreement_lists(document)
    yield from check_agreement_languages(document)


def _parties(
    document: AgreementDocument, parties: dict[str, int], meant: set[str]
) -> Iterator[Diagnostic]:
    agreement = document.spec.agreement
    here = _HERE
    institutions = [institution.id for institution in document.programme.institutions]
    for index, party in enumerate(agreement.parties):
        resolved = document.programme.institution_id(party.institution)
        location = document.where((*here, "parties", index, "institution"))
        if resolved is None:
            meant.update(find_closest(party.institution, institutions)[:1])
            yield Diagnostic(
                codes.UNKNOWN_PARTY,
                f"`{party.institution}` is not an institution of the programme",
                location,
                hint=did_you_mean(
                    party.institution, institutions, "add it to the programme's `institutions:`"
                ),
            )
            continue
        if resolved in parties:
            yield Diagnostic(
                codes.DUPLICATE_PARTY,
                f"`{party.institution}` is a party twice (first as party {parties[resolved] + 1})",
                location,
                hint="list each institution once",
            )
        parties.setdefault(resolved, index)
    if len(agreement.parties) < 2:
        yield Diagnostic(
            codes.TOO_FEW_PARTIES,
            f"the agreement has {_count(len(agreement.parties), 'party', 'parties')}; "
            "an agreement needs at least two",
            document.where(
                (*here, "parties") if agreement.parties else here, key=not agreement.parties
            ),
            hint="add the other institutions under `parties:`",
        )


def _commitments(
    document: AgreementDocument, parties: dict[str, int], meant: set[str]
) -> Iterator[Diagnostic]:
    agreement = document.spec.agreement
    here = _HERE
    for index, commitment in enumerate(agreement.commitments):
        resolved = document.programme.institution_id(commitment.party)
        if resolved in meant:
            continue
        if resolved is None or resolved not in parties:
            names = list(parties)
            yield Diagnostic(
                codes.COMMITMENT_WITHOUT_PARTY,
                f"the commitment belongs to `{commitment.party}`, which is not a party",
                document.where((*here, "commitments", index, "party")),
                hint=did_you_mean(commitment.party, names, "parties: " + ", ".join(names)),
            )


def _terms(document: AgreementDocument) -> Iterator[Diagnostic]:
    """The review date, the escalation path, the country and the workshop it names."""
    agreement = document.spec.agreement
    here = _HERE
    if agreement.review_date is not None and agreement.review_date <= agreement.date:
        yield Diagnostic(
            codes.REVIEW_NOT_AFTER_DATE,
            f"the review date {agreement.review_date} is not after the agreement's date "
            f"{agreement.date}",
            document.where((*here, "review_date")),
            hint="a review comes after the agreement is signed, e.g. in a year",
        )
    for index, level in enumerate(agreement.escalation):
        if not any(person.strip() for person in level.who):
            yield Diagnostic(
                codes.EMPTY_ESCALATION,
                f"escalation level {level.level} ({level.name}) names no one",
                document.where((*here, "escalation", index)),
                hint="add `who:` with the people or bodies that handle it",
            )
    countries = [country.code for country in document.programme.countries]
    if agreement.country and countries and agreement.country not in countries:
        yield Diagnostic(
            codes.AGREEMENT_COUNTRY,
            f"the country `{agreement.country}` is not one of the programme's countries",
            document.where((*here, "country")),
            hint="countries: " + ", ".join(countries),
        )
    workshop = document.path.parent / agreement.workshop if agreement.workshop else None
    if workshop is not None:
        note_touched(workshop)
    if workshop is not None and not workshop.is_file():
        yield Diagnostic(
            codes.AGREEMENT_WORKSHOP,
            f"the workshop file `{agreement.workshop}` does not exist",
            document.where((*here, "workshop")),
            hint="give the path relative to the agreement file",
        )


def _count(number: int, one: str, many: str) -> str:
    return f"1 {one}" if number == 1 else f"{number or 'no'} {many}"
