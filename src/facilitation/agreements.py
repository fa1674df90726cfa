"""Agreement files: load them with their programme, and check what makes them signable."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from facilitation import codes
from facilitation.checks import resolve_institution
from facilitation.errors import Diagnostic, display_path
from facilitation.loading import Loaded, Loader, Locating, merged_programme, validate
from facilitation.methodology import closest, did_you_mean
from facilitation.model import Programme
from facilitation.model.agreement import AgreementFile
from facilitation.yaml_source import SourceMap


@dataclass
class AgreementDocument(Locating):
    """A valid agreement with its programme (and overrides)."""

    path: Path
    file: str
    spec: AgreementFile
    programme: Programme
    programme_path: Path | None
    programme_file: str | None
    sources: dict[str, SourceMap] = field(default_factory=dict)
    #: The title of the workshop the agreement came from (``workshop:``), if it can be read.
    workshop_title: str | None = None

    @property
    def language(self) -> str:
        """The language of the document: the programme's, else English.

        ``languages:`` in the agreement are the languages the parties communicate in, which the
        document lists; they do not change the language of its headings.
        """
        return self.programme.language or "en"

    @property
    def confidentiality(self) -> str:
        """The programme's confidentiality level, else internal."""
        return self.programme.confidentiality or "internal"


@dataclass
class LoadedAgreement:
    """The outcome of loading an agreement file."""

    agreement: AgreementDocument | None
    diagnostics: list[Diagnostic]
    sources: dict[str, SourceMap]


def load_agreement(path: Path, loader: Loader) -> LoadedAgreement:
    """Load and check the agreement file at ``path``."""
    parsed = loader.parse(path)
    sources = {parsed.source.file: parsed.source}
    if not parsed.ok:
        return LoadedAgreement(None, parsed.diagnostics, sources)
    spec, diagnostics = validate(AgreementFile, parsed.data, parsed.source)
    if spec is None:
        return LoadedAgreement(None, diagnostics, sources)
    programme_path, programme = loader.programme_of(
        spec.programme, path, parsed, sources, diagnostics
    )
    if any(d.is_error for d in diagnostics):
        return LoadedAgreement(None, diagnostics, sources)
    document = AgreementDocument(
        path=path,
        file=parsed.source.file,
        spec=spec,
        programme=merged_programme(spec.programme, programme, programme_path, path),
        workshop_title=_workshop_title(loader, path, spec.agreement.workshop),
        programme_path=programme_path,
        programme_file=display_path(programme_path) if programme_path else None,
        sources=sources,
    )
    diagnostics.extend(check_agreement(document))
    return LoadedAgreement(document, diagnostics, sources)


def check_agreement(document: AgreementDocument) -> list[Diagnostic]:
    """What an agreement needs before anyone signs it."""
    return list(_checks(document))


def _checks(document: AgreementDocument) -> Iterator[Diagnostic]:
    agreement = document.spec.agreement
    here = ("agreement",)
    institutions = [institution.id for institution in document.programme.institutions]
    parties: dict[str, int] = {}
    #: Institutions that a misspelt party most likely means: their commitments are not
    #: reported again, since the misspelling already is.
    meant: set[str] = set()
    for index, party in enumerate(agreement.parties):
        resolved = _resolve(document, party.institution)
        location = document.where((*here, "parties", index, "institution"))
        if resolved is None:
            meant.update(closest(party.institution, institutions)[:1])
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
    for index, commitment in enumerate(agreement.commitments):
        resolved = _resolve(document, commitment.party)
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
    if agreement.workshop and not (document.path.parent / agreement.workshop).is_file():
        yield Diagnostic(
            codes.AGREEMENT_WORKSHOP,
            f"the workshop file `{agreement.workshop}` does not exist",
            document.where((*here, "workshop")),
            hint="give the path relative to the agreement file",
        )


def _workshop_title(loader: Loader, path: Path, reference: str | None) -> str | None:
    """The title in the workshop file that ``reference`` names, or the reference itself."""
    if not reference:
        return None
    workshop = path.parent / reference
    if not workshop.is_file():
        return reference
    data = loader.parse(workshop).data
    section = data.get("workshop") if isinstance(data, dict) else None
    title = section.get("title") if isinstance(section, dict) else None
    return title if isinstance(title, str) else reference


def _count(number: int, one: str, many: str) -> str:
    return f"1 {one}" if number == 1 else f"{number or 'no'} {many}"


def _resolve(document: AgreementDocument, value: str) -> str | None:
    # NOTE: resolve_institution only reads the programme; an agreement has one too.
    return resolve_institution(document, value)  # type: ignore[arg-type]


__all__ = ["AgreementDocument", "Loaded", "LoadedAgreement", "check_agreement", "load_agreement"]
