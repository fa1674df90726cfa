"""The label catalogue: every word a document prints that the user did not write.

Labels live in ``facilitation/data/labels/<language>.yaml``. A language's file may leave keys out;
they fall back to English, so a partial translation is still a complete document.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any

from facilitation.catalogue.files import find_data_folder, read_data

FALLBACK = "en"


@functools.cache
def _read(language: str) -> dict[str, Any] | None:
    if not find_data_folder("labels", f"{language}.yaml").is_file():
        return None
    data: dict[str, Any] = read_data("labels", f"{language}.yaml")
    return data


def list_label_catalogues() -> list[str]:
    """The languages that have a label catalogue."""
    return sorted(
        item.name.removesuffix(".yaml")
        for item in find_data_folder("labels").iterdir()
        if item.name.endswith(".yaml")
    )


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            merged[key] = _merge(base[key], value)
        else:
            merged[key] = value
    return merged


def _serbian_cyrillic(language: str) -> bool:
    parts = language.split("-")
    return parts[0] == "sr" and (len(parts) == 1 or parts[1] == "Cyrl" or parts[1].isupper())


def find_label_catalogue(language: str) -> str | None:
    """The catalogue that serves ``language`` (``sr-Latn-RS`` → ``sr-Latn`` → ``sr``), if any.

    Serbian in Cyrillic (``sr``, ``sr-Cyrl``, ``sr-RS``) is served by the Latin catalogue,
    transliterated letter by letter.
    """
    if _serbian_cyrillic(language) and _read("sr-Latn") is not None:
        return "sr-Cyrl"
    parts = language.split("-")
    for end in range(len(parts), 0, -1):
        candidate = "-".join(parts[:end])
        if _read(candidate) is not None:
            return candidate
    return None


@functools.cache
def load_labels(language: str) -> dict[str, Any]:
    """The labels for ``language``, completed from English."""
    english = _read(FALLBACK)
    assert english is not None
    found = find_label_catalogue(language)
    if found is None or found == FALLBACK:
        return english
    if found == "sr-Cyrl":
        latin = _read("sr-Latn")
        assert latin is not None
        cyrillic = _to_cyrillic(latin)
        cyrillic["language_name"] = "Српски (ћирилица)"
        return _merge(english, cyrillic)
    own = _read(found)
    assert own is not None
    return _merge(english, own)


_LATIN_TO_CYRILLIC = {
    "lj": "љ", "nj": "њ", "dž": "џ", "a": "а", "b": "б", "v": "в", "g": "г", "d": "д", "đ": "ђ",
    "e": "е", "ž": "ж", "z": "з", "i": "и", "j": "ј", "k": "к", "l": "л", "m": "м", "n": "н",
    "o": "о", "p": "п", "r": "р", "s": "с", "t": "т", "ć": "ћ", "u": "у", "f": "ф", "h": "х",
    "c": "ц", "č": "ч", "š": "ш",
}  # fmt: skip
_LETTERS = re.compile(r"(\{[^}]*\})|(lj|nj|dž|[a-zčćđšž])", re.IGNORECASE)


def transliterate(text: str) -> str:
    """Serbian Latin → Cyrillic, one letter (or digraph) at a time; ``{placeholders}`` stay."""

    def letter(match: re.Match[str]) -> str:
        if match.group(1):
            return match.group(1)
        latin = match.group(2)
        cyrillic = _LATIN_TO_CYRILLIC[latin.lower()]
        return cyrillic.upper() if latin[0].isupper() else cyrillic

    return _LETTERS.sub(letter, text)


def _to_cyrillic(value: Any) -> Any:
    if isinstance(value, str):
        return transliterate(value)
    if isinstance(value, dict):
        return {key: _to_cyrillic(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_to_cyrillic(item) for item in value]
    return value


class DateFormatter:
    """Dates in the words of a label catalogue."""

    def __init__(self, labels: dict[str, Any]) -> None:
        self.dates: dict[str, Any] = labels["dates"]

    def _parts(self, day: dt.date, prefix: str = "") -> dict[str, str]:
        return {
            f"{prefix}day": str(day.day),
            f"{prefix}month": self.dates["months"][day.month - 1],
            f"{prefix}year": str(day.year),
        }

    def long(self, day: dt.date) -> str:
        """``Monday 2 March 2026``."""
        return str(self.dates["long"]).format(
            weekday=self.dates["weekdays"][day.weekday()], **self._parts(day)
        )

    def single(self, day: dt.date) -> str:
        """``2 March 2026``."""
        return str(self.dates["single"]).format(**self._parts(day))

    def range(self, first: dt.date, last: dt.date) -> str:
        """``2–5 March 2026``, ``30 March – 2 April 2026`` or across years."""
        if first == last:
            return self.single(first)
        values = {**self._parts(first, "first_"), **self._parts(last, "last_")}
        if first.year != last.year:
            return str(self.dates["range"]).format(**values)
        values["year"] = str(first.year)
        if first.month != last.month:
            return str(self.dates["range_same_year"]).format(**values)
        values["month"] = values["first_month"]
        return str(self.dates["range_same_month"]).format(**values)
