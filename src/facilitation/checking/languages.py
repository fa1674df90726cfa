"""The languages of the documents: known locales, and texts that are not yet translated.

A workshop's documents are built in its language and in each of its ``languages:``; an
agreement in each of its versions. For each, every text the documents print is looked up in that
language; a text that falls back (to the other Serbian script, or to the language it was first
written in) is reported once, at its line, so that a facilitator sees what is untranslated
before the ministry does (T701). Country names are not reported: CLDR names every country in
every language. Nor are the standard statements (the EU funding statement, the Kosovo*
designation): the catalogue has them in every language.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from facilitation import codes
from facilitation.catalogue.labels import find_kind_label, find_standard_statement
from facilitation.catalogue.locales import LOCALES, normalise_tag
from facilitation.errors import Diagnostic, Location, Severity, YamlPath
from facilitation.model.fields import every_text
from facilitation.model.languages import choose, iter_texts
from facilitation.model.loaded import AgreementDocument, Workshop
from facilitation.model.programme import ProgrammeFields, is_overridden

#: Documents that print what the programme says of institutions.
_INSTITUTION_DOCUMENTS = frozenset(
    {"participants", "participants-shared", "sign-in", "outcome-report", "agreement"}
)
#: Fields that only the run sheet prints (of parallel groups, the agenda prints name and room).
_TEAM_FIELDS = frozenset({"notes", "materials", "topic", "facilitator", "note_taker"})
#: Documents that print the days and their sessions.
_AGENDA_DOCUMENTS = frozenset({"agenda", "run-sheet", "agenda-md", "calendar", "outcome-report"})


def check_language_tags(workshop: Workshop) -> Iterator[Diagnostic]:
    """R306 for a workshop language, or a ``languages:`` entry, that is not a locale."""
    if normalise_tag(workshop.requested_language, workshop.serbian) is None:
        written = ("workshop", "language") if workshop.info.language else None
        location = (
            workshop.where(written)
            if written
            else workshop.where(("language",), file=workshop.programme_file)
        )
        yield _unknown_language(workshop.requested_language, location, "English is used")
    for index, choice in enumerate(workshop.info.languages):
        if normalise_tag(choice.language, workshop.serbian) is None:
            location = workshop.where(("workshop", "languages", index))
            yield _unknown_language(choice.language, location, "no documents are built in it")


def _unknown_language(tag: str, location: Location, outcome: str) -> Diagnostic:
    return Diagnostic(
        codes.NO_LABELS,
        f"documents cannot be written in `{tag}`; {outcome}",
        location,
        severity=Severity.WARNING,
        hint="the languages of the documents: " + ", ".join(LOCALES),
    )


def _printed(path: YamlPath, documents: frozenset[str] | None) -> bool:
    """Whether a document of ``documents`` (all of them: ``None``) prints the text at ``path``."""
    if path[:1] in (("countries",), ("team",)):
        return False  # CLDR names the countries; no document prints the team's roles
    if documents is None:
        return True
    if any(part in _TEAM_FIELDS for part in path):
        return "run-sheet" in documents
    if path[:1] == ("outcomes",):
        return "outcome-report" in documents
    if path[:1] == ("institutions",):
        return bool(documents & _INSTITUTION_DOCUMENTS)
    if path[:1] == ("days",):
        return bool(documents & _AGENDA_DOCUMENTS)
    return True


def _standard(text: str) -> bool:
    """A text the catalogue has in every language: a standard statement, a break's kind."""
    return any(map(find_standard_statement, every_text(text))) or bool(find_kind_label(text))


def _translatable(texts: Iterable[tuple[YamlPath, str]]) -> list[tuple[YamlPath, str]]:
    """The texts that can fall back: not those that read the same in every language.

    Texts without a lowercase letter (``GIZ``, ``TOK``, ``2026``) and the catalogue's standard
    texts are left out, once for all the languages a file is checked in.
    """
    return [(path, text) for path, text in texts if text.upper() != text and not _standard(text)]


def _fallbacks(
    texts: Iterable[tuple[YamlPath, str]],
    language: str,
    written_in: str,
    serbian: str,
    documents: frozenset[str] | None,
) -> Iterator[tuple[YamlPath, str, bool]]:
    """Each text of ``texts`` (see :func:`_translatable`) that falls back in ``language``.

    Gives the text's path, the language it is taken from and whether it is transliterated.
    """
    for path, text in texts:
        if not _printed(path, documents):
            continue
        choice = choose(text, language, written_in, serbian)
        if choice.fallback is not None:
            yield path, choice.fallback, choice.transliterated


def _fallback(
    path: YamlPath, language: str, source: str, transliterated: bool, location: Location
) -> Diagnostic:
    how = "transliterate" if transliterated else "print"
    return Diagnostic(
        codes.TEXT_FALLBACK,
        f"{_describe(path)} has no `{language}` text; the documents in `{language}` {how} the "
        f"`{source}` text",
        location,
        severity=Severity.WARNING,
        hint=f"write the text per language, with a `{language}:` entry: "
        f"`{path[-1] if isinstance(path[-1], str) else path[-2]}: {{{source}: …, {language}: …}}`",
    )


def _describe(path: YamlPath) -> str:
    """A text's place as a facilitator reads it: "`title` of session 2 (day 1)"."""
    fields = [part for part in path if isinstance(part, str)]
    field = f"`{fields[-1]}`" if fields else "the text"
    if isinstance(path[-1], int) and len(path) > 1:
        field = f"item {path[-1] + 1} of {field}"
    match path:
        case ("days", int(day), "sessions", int(index), *_):
            return f"{field} of session {index + 1} (day {day + 1})"
        case ("days", int(day), *_):
            return f"{field} of day {day + 1}"
        case (str(section), int(index), *_) if len(fields) > 1:
            return f"{field} of {section} entry {index + 1}"
        case ("programme", str(section), int(index), *_) if len(fields) > 2:
            return f"{field} of {section} entry {index + 1}"
    return f"{field} in `{'.'.join(fields[:-1])}`" if len(fields) > 1 else field


def _named_institutions(workshop: Workshop) -> set[str]:
    """The ids of the institutions that a workshop's participants and outcomes name."""
    programme = workshop.programme
    names = [person.institution for person in workshop.participants]
    for source in workshop.outcomes:
        outcomes = source.outcomes
        for activity in outcomes.activities:
            names += [activity.lead, *activity.partners]
        names += [action.owner for action in outcomes.actions]
        names += [role.who for role in outcomes.roles]
    # NOTE: each name once: a long participant list names the same few institutions.
    return {found for name in set(names) if name and (found := programme.institution_id(name))}


def _named(fields: ProgrammeFields, path: YamlPath, named: set[str] | None) -> bool:
    """Whether the institution at ``path`` is one that ``named`` holds (all: ``None``)."""
    return named is None or fields.institutions[int(path[1])].id in named


def _programme_texts(
    fields: ProgrammeFields, named: set[str] | None = None
) -> Iterator[tuple[YamlPath, str]]:
    """The programme's texts that a workshop's documents print (``named``: its institutions)."""
    for path, text in iter_texts(fields):
        if path[:1] == ("footnotes",) and path[-1] == "marker":
            continue  # a marker follows the country name it marks (checked with the note)
        if path[:1] == ("institutions",) and not _named(fields, path, named):
            continue  # no participant, outcome or party names it
        yield path, text


#: Texts of one file: the file (``None``: the workshop's own), where they sit in it, the
#: language its plain texts are in, and each text with its path.
_Source = tuple[str | None, YamlPath, str, Iterable[tuple[YamlPath, str]]]


def check_workshop_languages(
    workshop: Workshop, extra: Iterable[str] | None = None
) -> Iterator[Diagnostic]:
    """T701 for every text that falls back in a language the workshop is built in.

    Without ``extra``: the workshop's own languages; with it, those of ``extra`` (asked for on
    the command line, ``build --language``) that the workshop does not build every document in.
    """
    languages = list(workshop.document_languages())
    if extra is not None:
        complete = {tag for tag, documents in languages if not documents}
        languages = [(tag, ()) for tag in dict.fromkeys(extra) if tag not in complete]
    sources = (
        [
            (file, prefix, written_in, _translatable(texts))
            for file, prefix, written_in, texts in _workshop_sources(workshop)
        ]
        if languages
        else []
    )
    for language, documents in languages:
        chosen = frozenset(documents) if documents else None
        for file, prefix, file_language, texts in sources:
            for path, source, transliterated in _fallbacks(
                texts, language, file_language, workshop.serbian, chosen
            ):
                location = workshop.where((*prefix, *path), file=file, key=True)
                yield _fallback((*prefix, *path), language, source, transliterated, location)


def _workshop_sources(workshop: Workshop) -> list[_Source]:
    """The texts of a workshop's files that its documents can print, with where they are."""
    written_in = workshop.language
    sources: list[_Source] = [(None, (), written_in, _workshop_texts(workshop))]
    named = _named_institutions(workshop)
    override = workshop.spec.programme
    for file, prefix, fields in workshop.programme_sources():
        texts = list(_programme_texts(fields, named))
        if file and override is not None:  # what the workshop overrides is not printed
            texts = [item for item in texts if not is_overridden(fields, override, item[0])]
        sources.append((file, prefix, workshop.programme_language if file else written_in, texts))
    for outcome in workshop.outcomes:
        found = ((("outcomes", *path), text) for path, text in iter_texts(outcome.outcomes))
        sources.append((outcome.file, outcome.prefix[:-1], written_in, found))
    return sources


def _workshop_texts(workshop: Workshop) -> Iterator[tuple[YamlPath, str]]:
    spec = workshop.spec
    yield from iter_texts(spec.workshop, ("workshop",))
    yield from iter_texts(spec.days, ("days",))


def check_agreement_versions(document: AgreementDocument) -> Iterator[Diagnostic]:
    """R306 for a version in an unknown language; S107 for ``prevails:`` naming no version."""
    agreement = document.spec.agreement
    for index, tag in enumerate(agreement.versions):
        if normalise_tag(tag, document.serbian) is None:
            location = document.where(("agreement", "versions", index))
            yield _unknown_language(tag, location, "the document has no version in it")
    prevails = agreement.prevails
    if prevails and normalise_tag(prevails, document.serbian) not in document.versions:
        yield Diagnostic(
            codes.INVALID_CHOICE,
            f"`prevails: {prevails}` is not one of the versions of the agreement",
            document.where(("agreement", "prevails")),
            hint="name one of `versions:`: " + ", ".join(document.versions),
        )


def check_agreement_languages(document: AgreementDocument) -> Iterator[Diagnostic]:
    """T701 for every text of an agreement that falls back in one of its versions."""
    programme = document.programme
    parties = {
        found
        for party in document.spec.agreement.parties
        if (found := programme.institution_id(party.institution))
    }
    sources = [
        (
            None,
            document.written_in,
            _translatable(iter_texts(document.spec.agreement, ("agreement",))),
        ),
        (
            document.programme_file,
            document.programme_language,
            _translatable(_programme_texts(document.programme, parties)),
        ),
    ]
    for language in document.versions:
        for file, written_in, texts in sources:
            for path, source, transliterated in _fallbacks(
                texts, language, written_in, document.serbian, None
            ):
                location = document.where(path, file=file, key=True)
                yield _fallback(path, language, source, transliterated, location)
