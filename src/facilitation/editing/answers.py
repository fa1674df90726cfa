"""Answers typed at a prompt, read the way people write them: dates and countries.

A date is read in one of a few documented forms (:data:`DATE_FORMS`), with month names in any
supported language (Babel's CLDR data); a country by its code or its name in any supported
language (:func:`facilitation.catalogue.countries.find_country_code`). Each reader returns the
value as the file stores it, or raises :class:`AnswerError` saying what was wrong and what to
type instead.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from facilitation import codes
from facilitation.catalogue.countries import find_country_code, fold_name
from facilitation.catalogue.locales import LOCALES, babel_locale
from facilitation.errors import Diagnostic, Location

#: The forms of a date that are read, as a facilitator would be told them.
DATE_FORMS = ("2027-03-14", "14.03.2027", "14/03/2027", "14 March 2027", "14. März 2027")

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_NUMERIC = re.compile(r"^(\d{1,2})\s*([./-])\s*(\d{1,2})\s*\2\s*(\d{4})\.?$")
_WORDS = re.compile(r"^(\d{1,2})\.?\s+([^\d\s.,]+)\.?,?\s+(\d{4})\.?$")


class AnswerError(ValueError):
    """An answer that cannot be read: the message says why and what to type.

    ``code`` is the diagnostic code of the same problem in a file, for an answer given as an
    option (which is reported like a problem of the input, not asked again).
    """

    def __init__(self, message: str, code: str = codes.INVALID_DATE) -> None:
        super().__init__(message)
        self.message = message
        self.code = code

    def as_diagnostic(self, option: str) -> Diagnostic:
        """The problem said of the command-line option that gave the answer."""
        return Diagnostic(self.code, f"{option}: {self.message}", Location("command line"))


def read_date(text: str) -> dt.date:
    """The date ``text`` names: ``2027-03-14``, ``14.03.2027``, ``14 March 2027``, ….

    Day before month, as Europe writes it; with slashes, a date whose day and month could be
    swapped (``03/04/2027``) is refused and asked back, since the United States writes the month
    first.

    Raises:
        AnswerError: not a date in one of :data:`DATE_FORMS`, not a real date, or ambiguous.
    """
    value = text.strip()
    if match := _ISO.match(value):
        year, month, day = (int(part) for part in match.groups())
    elif match := _NUMERIC.match(value):
        first, separator, second, year_text = match.groups()
        day, month, year = int(first), int(second), int(year_text)
        if separator == "/" and day <= 12 and month <= 12 and day != month:
            raise AnswerError(
                f"`{value}` could be {_spell(year, month, day)} or {_spell(year, day, month)}; "
                f"type it as {year}-{month:02d}-{day:02d} or {year}-{day:02d}-{month:02d}"
            )
    elif match := _WORDS.match(value):
        found = _month_numbers().get(fold_name(match.group(2)))
        if found is None:
            raise AnswerError(f"`{match.group(2)}` in `{value}` is not the name of a month")
        day, month, year = int(match.group(1)), found, int(match.group(3))
    else:
        raise AnswerError(f"`{value}` is not a date; type it like " + " or ".join(DATE_FORMS[:3]))
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise AnswerError(f"`{value}` is not a real date (day {day}, month {month})") from None


def _spell(year: int, month: int, day: int) -> str:
    try:
        return dt.date(year, month, day).strftime("%d %B %Y").lstrip("0")
    except ValueError:  # pragma: no cover - both readings are checked to be months and days
        return f"{year}-{month:02d}-{day:02d}"


@functools.cache
def _month_numbers() -> dict[str, int]:
    """Every folded month name (wide and abbreviated) in every supported language."""
    from babel import Locale

    found: dict[str, int] = {}
    for tag in LOCALES:
        months = Locale.parse(babel_locale(tag)).months
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for number, name in months[context][width].items():
                    found.setdefault(fold_name(name), number)
    return found


def read_country(text: str, known: list[str] | None = None) -> str:
    """The code of the country ``text`` names: ``RS`` for ``Serbia``, ``Srbija``, ``SRB``, ``rs``.

    Args:
        text: A code or a name in any supported language.
        known: The codes allowed here (a programme's countries); ``None``: any country.

    Raises:
        AnswerError: ``text`` names no country, or one that is not in ``known``.
    """
    value = text.strip()
    code = find_country_code(value)
    if code is None:
        raise AnswerError(
            f"`{value}` is not a country; type its code (e.g. RS) or its name (e.g. Serbia)",
            codes.UNKNOWN_COUNTRY,
        )
    if known is not None and code not in known:
        raise AnswerError(
            f"{code} is not a country of the programme; choose from: " + ", ".join(known),
            codes.UNKNOWN_COUNTRY,
        )
    return code


#: The questions of ``new``, in the order they are asked.
NEW_QUESTIONS: dict[str, str] = {
    "title": "Title",
    "start": "First day (e.g. 2027-03-14 or 14.03.2027)",
    "venue": "Venue",
    "country": "Country (code or name, e.g. RS or Serbia; Enter to skip)",
    "language": "Language",
}


def read_new_answer(key: str, text: str, countries: list[str] | None = None) -> str:
    """The value a new workshop stores for the answer ``text`` to the question ``key``.

    Args:
        key: One of :data:`NEW_QUESTIONS`.
        text: The answer as typed (or given as an option).
        countries: The country codes allowed (a programme's), ``None`` for any country.

    Raises:
        AnswerError: the answer cannot be stored; the message says what to type instead.
    """
    from facilitation.catalogue.locales import normalise_tag

    value = text.strip()
    if key == "start":
        return read_date(value).isoformat()
    if key == "country":
        return read_country(value, countries) if value else ""
    if key == "language":
        tag = normalise_tag(value) if value else None
        if tag is None:
            raise AnswerError(
                f"`{value}` is not a language the documents are written in; choose from: "
                + ", ".join(LOCALES),
                codes.INVALID_CHOICE,
            )
        return tag
    if key == "title" and not value:
        raise AnswerError("a workshop needs a title", codes.MISSING_FIELD)
    return value
