"""The languages documents are written in: BCP 47 tags, the CLDR locale behind each, scripts.

Documents come in eleven locales. Each is a BCP 47 tag; :func:`babel_locale` names the CLDR data
that Babel formats it with. ``en`` is British English (``en_GB``), as EU documents write it.
``cnr`` (Montenegrin) has no CLDR data of its own; CLDR's Serbian Latin for Montenegro
(``sr_Latn_ME``) serves its dates and names. Plain ``sr`` names no script: it means the
programme's ``serbian_script``, Cyrillic unless the programme says otherwise, because Cyrillic is
the official script of the Serbian administration (Constitution, Art. 10) and CLDR's own ``sr``
is Cyrillic.

Nothing here imports Babel: ``check`` and ``show`` read tags without formatting anything.
"""

from __future__ import annotations

import functools
import re

#: The supported locales, in the order the README lists them.
LOCALES: tuple[str, ...] = (
    "en", "de", "it", "fr", "sr-Latn", "sr-Cyrl", "bs", "hr", "cnr", "sq", "mk",
)  # fmt: skip
#: What plain ``sr`` means unless the programme says otherwise.
DEFAULT_SERBIAN = "sr-Cyrl"
#: The CLDR locale of each tag where the two differ.
_BABEL = {"en": "en_GB", "sr-Latn": "sr_Latn", "sr-Cyrl": "sr_Cyrl", "cnr": "sr_Latn_ME"}
#: The script of each locale: the Serbian pair shares one language in two scripts.
_CYRILLIC = frozenset({"sr-Cyrl", "mk"})
_REGION = re.compile(r"^([A-Za-z]{2}|[0-9]{3})$")
_SUBTAG = re.compile(r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$")


@functools.lru_cache(maxsize=1024)
def normalise_tag(tag: str, serbian: str = DEFAULT_SERBIAN) -> str | None:
    """The supported locale that serves ``tag``, or ``None``.

    Case does not matter and ``_`` counts as ``-`` (``sr_latn``, ``SR-Cyrl``); a region is
    dropped (``de-AT`` → ``de``, ``sr-Latn-RS`` → ``sr-Latn``); ``sr`` without a script is
    ``serbian``.
    """
    text = tag.strip()
    if not _SUBTAG.match(text):
        return None
    language, *subtags = re.split("[-_]", text)
    language = language.lower()
    # A script (four letters) may come first, then a region (two letters or three digits);
    # anything else is not a tag but a slip (`sr-cyril`), and must not pass as plain `sr`.
    script = subtags.pop(0).title() if subtags and len(subtags[0]) == 4 else None
    if len(subtags) > 1 or any(not _REGION.match(part) for part in subtags):
        return None
    if language == "sr":
        if script is None:
            return serbian
        return f"sr-{script}" if script in ("Latn", "Cyrl") else None
    return language if language in LOCALES else None


def babel_locale(tag: str) -> str:
    """The CLDR locale identifier that Babel formats ``tag`` with (``sr-Latn`` → ``sr_Latn``)."""
    return _BABEL.get(tag, tag.replace("-", "_"))


def is_cyrillic(tag: str) -> bool:
    """True for the locales written in Cyrillic."""
    return tag in _CYRILLIC


def other_serbian_script(tag: str) -> str | None:
    """``sr-Latn`` for ``sr-Cyrl`` and back; ``None`` for every other locale."""
    return {"sr-Latn": "sr-Cyrl", "sr-Cyrl": "sr-Latn"}.get(tag)


# Serbian has exactly one Cyrillic letter for each Latin letter or digraph (Vuk's alphabet and
# Gaj's Latin alphabet), so transliteration is a table; CLDR's transform rules for it are not
# part of Babel, and no kept library does this for the two scripts of one language.
_LATIN_TO_CYRILLIC = {
    "lj": "љ", "nj": "њ", "dž": "џ", "a": "а", "b": "б", "v": "в", "g": "г", "d": "д", "đ": "ђ",
    "e": "е", "ž": "ж", "z": "з", "i": "и", "j": "ј", "k": "к", "l": "л", "m": "м", "n": "н",
    "o": "о", "p": "п", "r": "р", "s": "с", "t": "т", "ć": "ћ", "u": "у", "f": "ф", "h": "х",
    "c": "ц", "č": "ч", "š": "ш",
}  # fmt: skip
_CYRILLIC_TO_LATIN = {cyrillic: latin for latin, cyrillic in _LATIN_TO_CYRILLIC.items()}
#: A placeholder, or a Serbian Latin letter or digraph (q, w, x and y are not Serbian: they stay).
_LATIN = re.compile(
    r"(\{[^}]*\})|(lj|nj|dž|[" + "".join(k for k in _LATIN_TO_CYRILLIC if len(k) == 1) + "])",
    re.IGNORECASE,
)
_CYRILLIC_LETTER = re.compile("[" + "".join(_CYRILLIC_TO_LATIN) + "]", re.IGNORECASE)


def _case_like(source: str, text: str, next_char: str) -> str:
    if not source.isupper():
        return text
    # A capital digraph letter starts a word (Љубав → Ljubav) unless the next letter is capital too.
    return text.upper() if len(text) == 1 or next_char.isupper() else text.title()


@functools.lru_cache(maxsize=4096)
def transliterate(text: str, to: str = "sr-Cyrl") -> str:
    """Serbian text in the other script, letter by letter; ``{placeholders}`` stay as they are.

    ``to`` is ``sr-Cyrl`` (from Latin) or ``sr-Latn`` (from Cyrillic). Foreign words in Latin
    (``GIZ``, ``e-mail``) are transliterated too, which is why this is only the fallback for data
    and never the source of a catalogue.
    """
    if to == "sr-Latn":

        def latin(match: re.Match[str]) -> str:
            letter = match.group(0)
            following = text[match.end() : match.end() + 1]
            return _case_like(letter, _CYRILLIC_TO_LATIN[letter.lower()], following)

        return _CYRILLIC_LETTER.sub(latin, text)

    def cyrillic(match: re.Match[str]) -> str:
        if match.group(1):
            return match.group(1)
        source = match.group(2)
        letter = _LATIN_TO_CYRILLIC[source.lower()]
        return letter.upper() if source[0].isupper() else letter

    return _LATIN.sub(cyrillic, text)
