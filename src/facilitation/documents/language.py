"""What a document prints in its language that no user wrote: CLDR's words, through Babel.

Dates, date ranges, clock times, durations, numbers, lists, country and language names come from
CLDR (Babel), never from tables of our own; the fixed texts come from the gettext catalogues
(:mod:`facilitation.catalogue.labels`). Templates get real dates that print in the document's
language (:class:`LocalDate`) and filters to format them another way.

Babel is imported here, and this module only when a document is built.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import zoneinfo
from dataclasses import replace
from typing import Any

from babel import Locale
from babel.core import UnknownLocaleError
from babel.dates import (
    format_date,
    format_interval,
    format_skeleton,
    format_time,
    get_timezone_location,
    get_timezone_name,
    parse_pattern,
)
from babel.lists import format_list
from babel.numbers import format_decimal
from babel.units import format_unit

from facilitation.catalogue.labels import find_standard_statement, load_labels, standard_statement
from facilitation.catalogue.locales import babel_locale, normalise_tag
from facilitation.model.fields import LocalText, every_text
from facilitation.model.languages import choose, localise, texts_of, written_in_language
from facilitation.model.loaded import AgreementDocument, Workshop
from facilitation.model.programme import KEYED_LISTS, Country, Funder, Programme

#: Minutes in a day: later clock times (a session past midnight) keep counting, as ``24:30``.
_DAY = 24 * 60
_ABBREVIATED_MONTH = re.compile(r"(?<![ML])(MMM|LLL)(?![ML])")
_PADDED_DAY = re.compile(r"(?<!d)dd(?!d)")


@functools.cache
def _locale(language: str) -> Locale:
    return Locale.parse(babel_locale(language))


class LocalDate(dt.date):
    """A date that prints as the document's long date, and stays a date for templates.

    ``{{ day.date }}`` prints ``Monday, 2 March 2026`` (in the document's language);
    ``{{ day.date | format_date('d.M.') }}`` formats it another way; ``day.date.year`` works.
    """

    language: str

    def __new__(cls, value: dt.date, language: str) -> LocalDate:
        """``value`` in ``language``."""
        self = super().__new__(cls, value.year, value.month, value.day)
        self.language = language
        return self

    def __str__(self) -> str:
        return Words.of(self.language).date_long(self)

    def __reduce__(self) -> tuple[Any, ...]:
        return (LocalDate, (dt.date(self.year, self.month, self.day), self.language))


class Words:
    """CLDR's words and forms in one document language."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.locale = _locale(language)
        self.labels: dict[str, Any] = load_labels(language)

    @staticmethod
    @functools.cache
    def of(language: str) -> Words:
        """The words of ``language`` (made once per language)."""
        return Words(language)

    def date_long(self, day: dt.date) -> str:
        """``Monday, 2 March 2026`` (CLDR's full date)."""
        return format_date(day, "full", locale=self.locale)

    def date(self, day: dt.date) -> str:
        """``2 March 2026`` (CLDR's long date)."""
        return format_date(day, "long", locale=self.locale)

    def month(self, day: dt.date) -> str:
        """``Mar 2026`` (CLDR's yMMM): when a milestone was reached."""
        return format_skeleton("yMMM", day, locale=self.locale)

    def date_range(self, first: dt.date, last: dt.date) -> str:
        """``2–5 March 2026``: CLDR's interval form for day, full month and year."""
        if first == last:
            return self.date(first)
        formats = self.locale.interval_formats
        if "yMMMMd" in formats:
            return format_interval(first, last, "yMMMMd", locale=self.locale)
        # NOTE: few locales have an interval form with the full month name. Babel then uses the
        # nearest form (yMMMd) and keeps its fields as they are ("02–05 mar 2026"); ICU adjusts
        # them to the ones asked for (adjustFieldTypes: MMMM for MMM, d for dd), and so do we.
        # Babel has no option for it.
        parts = formats["yMMMd"]
        start, end = (dt.datetime.combine(day, dt.time()) for day in (first, last))
        for field, differs in (
            ("y", first.year != last.year),
            ("M", first.month != last.month),
            ("d", True),
        ):
            if differs and field in parts:
                return "".join(
                    parse_pattern(_adjust_fields(pattern)).apply(instant, self.locale)
                    for pattern, instant in zip(parts[field], (start, end), strict=True)
                )
        return format_interval(first, last, "yMMMd", locale=self.locale)

    def clock(self, minutes: int) -> str:
        """Minutes since midnight as the locale's 24-hour time: ``09:05``."""
        if not 0 <= minutes < _DAY:
            return f"{minutes // 60:02d}:{minutes % 60:02d}"
        return format_skeleton("Hm", _time(minutes), locale=self.locale)

    def span(self, start: int, end: int) -> str:
        """``09:00–09:45`` in the locale's form (``09:00–09:45 Uhr``)."""
        if not (0 <= start < _DAY and 0 <= end < _DAY and start <= end):
            return f"{self.clock(start)}–{self.clock(end)}"
        if start == end:
            return self.clock(start)
        return format_interval(_time(start), _time(end), "Hm", locale=self.locale)

    def zone(self, zone: str, day: dt.date) -> str:
        """A short name of time zone ``zone`` on ``day``: ``CET``, ``MEZ``, else ``GMT-05:00``.

        CLDR's short names are abbreviations only where they are in common use in the locale;
        elsewhere it gives a long name or a bare offset, so those become the GMT form.
        """
        instant = self.instant(day, 12 * 60, zone)
        short = get_timezone_name(instant, width="short", locale=self.locale)
        if re.fullmatch(r"[A-ZÀ-ÖØ-Þ]{2,5}", short):
            return short
        # NOTE: a minus sign, not a hyphen: lines break after a hyphen ("GMT-" / "04:00").
        return format_time(instant, "ZZZZ", locale=self.locale).replace("-", "\u2212")

    def zone_long(self, zone: str, day: dt.date) -> str:
        """CLDR's long name of ``zone`` on ``day``: ``Central European Standard Time``."""
        return get_timezone_name(self.instant(day, 12 * 60, zone), width="long", locale=self.locale)

    def zone_city(self, zone: str) -> str:
        """The city that names ``zone``, in this language: ``New York``, ``Њујорк``."""
        return str(get_timezone_location(zone, locale=self.locale, return_city=True))

    @staticmethod
    def instant(day: dt.date, minutes: int, zone: str) -> dt.datetime:
        """The moment ``minutes`` after midnight of ``day`` in ``zone``."""
        midnight = dt.datetime.combine(day, dt.time(), tzinfo=zoneinfo.ZoneInfo(zone))
        return midnight + dt.timedelta(minutes=minutes)

    def moved(self, day: dt.date, minutes: int, zone: str, other: str) -> int:
        """``minutes`` after midnight in ``zone`` as minutes after that day's midnight in ``other``.

        A time on the day before or after comes out below 0 or from 24:00 (``clock`` prints it
        as is), so a reader sees that the session is late at night or early next morning there.
        """
        there = self.instant(day, minutes, zone).astimezone(zoneinfo.ZoneInfo(other))
        return (there.date() - day).days * 24 * 60 + there.hour * 60 + there.minute

    def duration(self, minutes: int) -> str:
        """``1 hr 30 mins``, ``1 Std. 30 Min.``, ``45 min``: CLDR's short units, listed."""
        hours, rest = divmod(abs(minutes), 60)
        parts = []
        if hours:
            parts.append(format_unit(hours, "duration-hour", length="short", locale=self.locale))
        if rest or not hours:
            parts.append(format_unit(rest, "duration-minute", length="short", locale=self.locale))
        text = format_list(parts, style="unit-narrow", locale=self.locale)
        return f"−{text}" if minutes < 0 else text

    def number(self, value: float, digits: int = 1) -> str:
        """``4.5`` → ``4,5`` in German, with exactly ``digits`` decimals (``4.0``)."""
        pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
        return format_decimal(value, format=pattern, locale=self.locale)

    def join(self, items: list[str]) -> str:
        """``A, B and C`` in the locale's words."""
        return format_list(items, locale=self.locale) if items else ""

    def country(self, code: str) -> str | None:
        """CLDR's name of country ``code`` (``XK`` is Kosovo), if CLDR has one."""
        name = self.locale.territories.get(code.upper())
        return str(name) if name else None

    def language_name(self, tag: str) -> str:
        """The name of language ``tag`` in this language: ``Serbian (Cyrillic)``, ``Deutsch``."""
        own = normalise_tag(tag) or tag
        extra = self.labels["language_names"]
        if own in extra:  # a language CLDR does not know (Montenegrin)
            return str(extra[own])
        try:
            # The language, not the locale: English is "English", not "English (United Kingdom)".
            name = Locale.parse(own.replace("-", "_")).get_display_name(self.locale)
        except (ValueError, UnknownLocaleError):
            return tag
        return name or tag


def _adjust_fields(pattern: str) -> str:
    """The yMMMd interval pattern as yMMMMd asks for it: full month, day without a zero."""
    return _PADDED_DAY.sub("d", _ABBREVIATED_MONTH.sub(r"\g<1>M", pattern))


def _time(minutes: int) -> dt.time:
    return dt.time(minutes // 60, minutes % 60)


def country_name(country: Country, words: Words, written_in: str, serbian: str) -> str:
    """A country's name in the document's language.

    A name the programme writes counts for the language it is written in (so ``Kosovo*`` in an
    English programme does not stop ``Косово*`` in a Serbian document); any other language
    gets CLDR's name, with the footnote marker the programme's name ends with (``*``).
    """
    language = words.language
    given = texts_of(country.name, serbian) if isinstance(country.name, LocalText) else {}
    if language in given:
        return given[language]
    if not given and written_in == language:
        return str(country.name)
    cldr = words.country(country.code)
    if cldr is None:
        return choose(country.name, language, written_in, serbian).text
    original = given.get(written_in, str(country.name))
    marker = re.search(r"[^\w\s)]+$", original)
    return cldr + (marker.group(0) if marker else "")


def _localise_programme(
    programme: Programme, words: Words, written_in: str, serbian: str
) -> Programme:
    """The programme in ``words``' language: texts, country names, standard statements."""
    language = words.language
    localised: Programme = localise(programme, language, written_in, serbian)
    names = {
        country.code: country_name(country, words, written_in, serbian)
        for country in programme.countries
    }
    written = {
        choose(country.name, written_in, written_in, serbian).text: country.code
        for country in programme.countries
    }
    countries = [
        country.model_copy(update={"name": names[country.code]}) for country in localised.countries
    ]
    footnotes = [
        note.model_copy(
            update={
                "marker": _footnote_marker(original.marker, note.marker, written, names),
                "text": _statement(original.text, note.text, language),
            }
        )
        for original, note in zip(programme.footnotes, localised.footnotes, strict=True)
    ]
    funders = [
        funder.model_copy(update={"statement": _funder_statement(original, funder, language)})
        for original, funder in zip(programme.funders, localised.funders, strict=True)
    ]
    return localised.model_copy(
        update={"countries": countries, "footnotes": footnotes, "funders": funders}
    )


def _footnote_marker(
    original: str, localised: str, written: dict[str, str], names: dict[str, str]
) -> str:
    """A note's markers in the document's language.

    A marker that is a country's name follows that name (``Kosovo*`` → ``Косово*``, CLDR's name
    with the programme's marker); the note is printed when any of its markers appears: the one
    for this language, the ones written for other languages, and the country's name.
    """
    markers = texts_of(original) if isinstance(original, LocalText) else {"": original}
    code = next((written[text] for text in markers.values() if text in written), None)
    if code is None:
        return localised
    primary = localised if isinstance(original, LocalText) and localised in markers.values() else ""
    return LocalText({**markers, "country": names[code]}, primary or names[code])


def _statement(original: str, localised: str, language: str) -> str:
    """A statement in ``language``: the programme's own text for it, else the catalogue's.

    A statement written in the catalogue's English words (in any of its languages) is the
    standard one, which the catalogue has in every language.
    """
    if isinstance(original, LocalText) and language in texts_of(original):
        # NOTE: a plain text in a file written in Albanian counts as Albanian; the catalogue's
        # English wording of a statement is still recognisably the standard one.
        key = find_standard_statement(localised)
        return standard_statement(key, language) if key else localised
    key = next(filter(None, map(find_standard_statement, every_text(original))), None)
    return standard_statement(key, language) if key else localised


def _funder_statement(original: Funder, funder: Funder, language: str) -> str | None:
    """A funder's statement; the EU's own wording when it has the emblem and says nothing."""
    if original.statement is None:
        return standard_statement("eu_funding", language) if original.emblem else None
    return _statement(original.statement, funder.statement or "", language)


def localise_workshop(workshop: Workshop, language: str) -> Workshop:
    """``workshop`` with every text, name and statement in ``language``."""
    words = Words.of(language)
    written_in, serbian = workshop.language, workshop.serbian
    spec = localise(workshop.spec, language, written_in, serbian)
    spec = spec.model_copy(
        update={"workshop": spec.workshop.model_copy(update={"language": language})}
    )
    programme = _localise_programme(
        _with_overrides(workshop), words, workshop.programme_language, serbian
    )
    outcomes = [
        replace(source, outcomes=localise(source.outcomes, language, written_in, serbian))
        for source in workshop.outcomes
    ]
    return replace(workshop, spec=spec, programme=programme, outcomes=outcomes)


def _with_overrides(workshop: Workshop) -> Programme:
    """The workshop's programme; plain texts its overrides set are in the workshop's language."""
    override = workshop.spec.programme
    programme = workshop.programme
    if override is None or workshop.language == workshop.programme_language:
        return programme
    language, changes = workshop.language, {}
    for name in override.model_fields_set & set(type(programme).model_fields):
        value = getattr(programme, name)
        key = KEYED_LISTS.get(name)
        if key is None:
            changes[name] = written_in_language(value, language)
            continue
        replaced = {getattr(item, key) for item in getattr(override, name)}
        changes[name] = [
            written_in_language(item, language) if getattr(item, key) in replaced else item
            for item in value
        ]
    return programme.model_copy(update=changes)


def localise_agreement(document: AgreementDocument, language: str) -> AgreementDocument:
    """``document`` with every text, name and statement in ``language``."""
    words = Words.of(language)
    spec = localise(document.spec, language, document.written_in, document.serbian)
    agreement = spec.agreement.model_copy(update={"language": language, "versions": [language]})
    programme = _localise_programme(
        document.programme, words, document.programme_language, document.serbian
    )
    return replace(
        document, spec=spec.model_copy(update={"agreement": agreement}), programme=programme
    )
