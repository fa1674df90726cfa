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
from facilitation.catalogue.labels import find_standard_statement
from facilitation.catalogue.locales import LOCALES, normalise_tag
from facilitation.errors import Diagnostic, Location, Severity, YamlPath
from facilitation.model.languages import choose, iter_texts
from facilitation.model.loaded import AgreementDocument, Workshop
from facilitation.model.programme import ProgrammeFields

#: Documents that print what the programme says of institutions.
_INSTITUTION_DOCUMENTS = frozenset(
    {"participants", "participants-shared", "sign-in", "outcome-report", "agreement"}
)
#: Fields that only the run sheet prints.
_TEAM_FIELDS = frozenset({"notes", "materials", "groups", "team"})


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
    if path[:1] == ("countries",):
        return False
    if documents is None:
        return True
    if any(part in _TEAM_FIELDS for part in path):
        return "run-sheet" in documents
    if path[:1] == ("outcomes",):
        return "outcome-report" in documents
    if path[:1] == ("institutions",):
        return bool(documents & _INSTITUTION_DOCUMENTS)
    return True


def _fallbacks(
    texts: Iterable[tuple[YamlPath, str]],
    language: str,
    written_in: str,
    serbian: str,
    documents: frozenset[str] | None,
) -> Iterator[tuple[YamlPath, str, bool]]:
    """Each text that falls back in ``language``: its path, where from, whether transliterated.

    Texts without a lowercase letter (``GIZ``, ``TOK``, ``2026``) read the same in every
    language and are not reported.
    """
    for path, text in texts:
        if not _printed(path, documents) or find_standard_statement(text) or text.upper() == text:
            continue
        choice = choose(text, language, written_in, serbian)
        if choice.fallback is not None:
            yield path, choice.fallback, choice.transliterated


def _fallback(
    path: YamlPath, language: str, source: str, transliterated: bool, location: Location
) -> Diagnostic:
    key = ".".join(str(part) for part in path)
    how = "transliterated from" if transliterated else "printed in"
    return Diagnostic(
        codes.TEXT_FALLBACK,
        f"`{key}` has no `{language}` text; the documents in `{language}` show it {how} `{source}`",
        location,
        severity=Severity.WARNING,
        hint=f"write the text per language, with a `{language}:` entry: "
        f"`{path[-1] if isinstance(path[-1], str) else path[-2]}: {{{source}: …, {language}: …}}`",
    )


def _programme_texts(
    fields: ProgrammeFields, documents: frozenset[str] | None
) -> Iterator[tuple[YamlPath, str]]:
    for path, text in iter_texts(fields):
        if path[:1] == ("footnotes",) and path[-1] == "marker":
            continue  # a marker follows the country name it marks (checked with the note)
        if (path[:1] == ("team",) and (documents is None or "run-sheet" in documents)) or path[
            :1
        ] != ("team",):
            yield path, text


def check_workshop_languages(
    workshop: Workshop, extra: Iterable[str] | None = None
) -> Iterator[Diagnostic]:
    """T701 for every text that falls back in a language the workshop is built in.

    Without ``extra``: the workshop's own languages; with it, those of ``extra`` (asked for on
    the command line, ``build --language``) that the workshop does not list.
    """
    languages = list(workshop.document_languages())
    if extra is not None:
        declared = {tag for tag, _ in languages}
        languages = [(tag, ()) for tag in dict.fromkeys(extra) if tag not in declared]
    written_in = workshop.language
    for language, documents in languages:
        chosen = frozenset(documents) if documents else None
        sources: list[tuple[str | None, YamlPath, str, Iterable[tuple[YamlPath, str]]]] = [
            (None, (), written_in, _workshop_texts(workshop))
        ]
        for file, prefix, fields in workshop.programme_sources():
            file_language = workshop.programme_language if file else written_in
            sources.append((file, prefix, file_language, _programme_texts(fields, chosen)))
        for outcome in workshop.outcomes:
            found = ((("outcomes", *path), text) for path, text in iter_texts(outcome.outcomes))
            sources.append((outcome.file, outcome.prefix[:-1], written_in, found))
        for file, prefix, file_language, texts in sources:
            for path, source, transliterated in _fallbacks(
                texts, language, file_language, workshop.serbian, chosen
            ):
                location = workshop.where((*prefix, *path), file=file)
                yield _fallback(path, language, source, transliterated, location)


def _workshop_texts(workshop: Workshop) -> Iterator[tuple[YamlPath, str]]:
    spec = workshop.spec
    yield from iter_texts(spec.workshop, ("workshop",))
    yield from iter_texts(spec.days, ("days",))


def check_agreement_languages(document: AgreementDocument) -> Iterator[Diagnostic]:
    """T701 for every text of an agreement that falls back in one of its versions."""
    programme_language = normalise_tag(document.programme.language or "en", document.serbian)
    for language in document.versions:
        sources = [
            (None, document.written_in, iter_texts(document.spec.agreement, ("agreement",))),
            (
                document.programme_file,
                programme_language or "en",
                _programme_texts(document.programme, frozenset({"agreement"})),
            ),
        ]
        for file, written_in, texts in sources:
            for path, source, transliterated in _fallbacks(
                texts, language, written_in, document.serbian, None
            ):
                location = document.where(path, file=file)
                yield _fallback(path, language, source, transliterated, location)
