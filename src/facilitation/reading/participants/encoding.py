"""The encoding of a registration export: UTF-8, else the Windows code page whose text reads best.

Excel on Windows saves "CSV (Comma delimited)" in the system's code page: cp1250 in Serbia,
Bosnia, Croatia, Montenegro and Albania (č, ć, đ, š, ž, ë, ç), cp1251 where the system is
Cyrillic (Serbian, Macedonian), cp1252 in Germany, Austria, Italy and France (ä, ö, ü, ß, é, è).
The bytes do not say which: each of the three reads any file, into different letters (the byte
E8 is č in cp1250, и in cp1251, è in cp1252). So the file is read in all three, and the text that
looks most like words of the supported languages wins (:func:`rank_encodings`):

* a word whose letters beyond ASCII all belong to one alphabet (German, French, Italian, the
  Latin alphabet of Serbian, Bosnian, Croatian and Montenegrin, Albanian, Serbian or Macedonian
  Cyrillic) scores two points for each such letter (one for a rare one, such as æ); a consonant
  among two others (``Lefčvre``, where ``Lefèvre`` was meant) costs a point;
* a word whose letters belong to no one alphabet (``Šimiæ``), or to none (``Ăĺëĺíŕ``), costs,
  and a word with Latin and Cyrillic letters costs most (``Mьller``);
* a symbol other than common punctuation (``¤``, ``¦``, ``˘``) costs, an unreadable byte more.

On a tie, the code page whose own languages the words are in wins (a German file that reads the
same in cp1250 and cp1252 is cp1252), then cp1250, cp1251, cp1252 in that order.
"""

from __future__ import annotations

import io
import re

#: The Windows code pages a registration export may be in when it is not UTF-8.
LEGACY_ENCODINGS = ("cp1250", "cp1251", "cp1252")
#: How each code page is named in messages.
DESCRIPTIONS = {
    "cp1250": "Central European",
    "cp1251": "Cyrillic",
    "cp1252": "Western European",
}
#: The letters beyond ASCII of each alphabet, lowercase.
_ALPHABETS: dict[str, frozenset[str]] = {
    "de": frozenset("äöüß"),
    "fr": frozenset("àâæçéèêëîïôùûüÿœ"),
    "it": frozenset("àèéìíîòóùú"),
    # Serbian (Latin), Bosnian, Croatian; Montenegrin adds ś and ź.
    "sh": frozenset("čćđšžśź"),
    "sq": frozenset("çë"),
    "sr-Cyrl": frozenset("абвгдђежзијклљмнњопрстћуфхцчџш"),
    "mk": frozenset("абвгдѓежзѕијклљмнњопрстќуфхцчџш"),
}
_LETTERS = frozenset().union(*_ALPHABETS.values())
#: Letters that their language seldom uses, which score half: ``Iliæ`` is ``Ilić`` misread.
_RARE = frozenset("æœÿ")
#: The alphabets whose words are evidence for each code page, for a tie.
_OWN_ALPHABETS = {
    "cp1250": frozenset({"sh"}),
    "cp1251": frozenset({"sr-Cyrl", "mk"}),
    "cp1252": frozenset({"de", "fr", "it"}),
}
_VOWELS = frozenset("aeiouyàâäæéèêëîïôöùûüÿìíòóúœаеиоу")
#: Symbols beyond ASCII that real text holds: quotes, dashes, the euro, a no-break space.
_PUNCTUATION = frozenset("„“”‘’‚«»‹›–—…•·°§©®™€\u00a0\u2009\u202f")
_WORD = re.compile(r"[^\W\d_]+")
_NOT_ASCII = re.compile(r"[^\x00-\x7f]")
#: How many bytes of the lines with letters beyond ASCII the encoding is chosen by.
_SAMPLE_BYTES = 1 << 16


def rank_encodings(raw: bytes) -> list[str]:
    """The legacy code pages that ``raw`` may be in, the one whose text reads best first."""
    sample = _sample(raw)
    order = {encoding: index for index, encoding in enumerate(LEGACY_ENCODINGS)}
    scores = {encoding: _score(sample, encoding) for encoding in LEGACY_ENCODINGS}
    return sorted(
        LEGACY_ENCODINGS, key=lambda encoding: (*scores[encoding], -order[encoding]), reverse=True
    )


def _sample(raw: bytes) -> bytes:
    """The lines of ``raw`` with bytes beyond ASCII, up to :data:`_SAMPLE_BYTES` of them.

    Only those lines tell the code pages apart, and the first of them tell it as well as all.
    """
    lines: list[bytes] = []
    size = 0
    for line in io.BytesIO(raw):
        if line.isascii():
            continue
        lines.append(line)
        size += len(line)
        if size >= _SAMPLE_BYTES:
            break
    return b"".join(lines)


def _score(raw: bytes, encoding: str) -> tuple[int, int]:
    """How much ``raw`` read in ``encoding`` looks like text, and its words in the page's own."""
    text = raw.decode(encoding, errors="replace")
    score = 0
    evidence = 0
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        points, alphabets = _word_score(word)
        score += points
        evidence += bool(alphabets) and alphabets <= _OWN_ALPHABETS[encoding]
    for char in _NOT_ASCII.findall(text):
        if char == "\ufffd" or "\x80" <= char <= "\x9f":
            score -= 5
        elif not char.isalpha() and not char.isspace() and char not in _PUNCTUATION:
            score -= 2
    return score, evidence


def _word_score(word: str) -> tuple[int, frozenset[str]]:
    """Points for a word with letters beyond ASCII, and the alphabets that have all of them."""
    lower = word.lower()
    extra = [char for char in lower if char > "\x7f"]
    cyrillic = sum("\u0400" <= char <= "\u04ff" for char in lower)
    if cyrillic and cyrillic < len(lower):
        return -3 * len(extra), frozenset()
    letters = set(extra)
    alphabets = frozenset(name for name, alphabet in _ALPHABETS.items() if letters <= alphabet)
    if not alphabets:
        unknown = sum(char not in _LETTERS for char in extra)
        return -2 - 2 * unknown, frozenset()
    points = sum(1 if char in _RARE else 2 for char in extra)
    return points - _crowded(lower), alphabets


def _crowded(word: str) -> int:
    """How many letters beyond ASCII stand in a run of three consonants or more.

    An ``r`` between consonants is a vowel, as in Serbian and Croatian (``Mrkšić``, ``Brčko``).
    """

    def vowel(index: int) -> bool:
        char = word[index]
        if char in _VOWELS:
            return True
        inside = 0 < index < len(word) - 1
        return (
            char in "rр"
            and inside
            and word[index - 1] not in _VOWELS
            and word[index + 1] not in _VOWELS
        )

    crowded = 0
    run: list[str] = []
    for index in range(len(word) + 1):
        if index < len(word) and not vowel(index):
            run.append(word[index])
            continue
        if len(run) >= 3:
            crowded += sum(char > "\x7f" for char in run)
        run = []
    return crowded


def decode_export(raw: bytes) -> tuple[str, str | None]:
    """Decode a registration export: UTF-8 (with or without BOM), else cp1250, cp1251 or cp1252.

    Args:
        raw: The bytes of the file.

    Returns:
        The text and, when it was not UTF-8, the encoding that was chosen.
    """
    text, ranking = decode_guessed(raw)
    return text, (ranking[0] if ranking else None)


def decode_guessed(raw: bytes) -> tuple[str, list[str]]:
    """The text of a registration export, and the code pages it may be in, best first.

    A file whose valid multi-byte UTF-8 sequences are at least as many as its bytes that are not
    UTF-8 is UTF-8 (no code pages): a name pasted from an old system must not make every other
    name unreadable. Each invalid byte then stands in the text as a lone surrogate (U+DC80 to
    U+DCFF, Python's ``surrogateescape``), for the reader to report by row. Only a file with
    fewer valid sequences than invalid bytes is decoded as a Windows code page, the one
    :func:`rank_encodings` puts first. (A few valid pairs turn up by chance in cp1251 text:
    ``Шћ`` is the bytes D8 9D.)
    """
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    text = raw.decode("utf-8-sig", errors="surrogateescape")
    valid_text = raw.decode("utf-8-sig", errors="ignore")
    invalid = len(text) - len(valid_text)
    # NOTE: counted in C: the non-ASCII characters of the valid text are its multi-byte sequences.
    valid = len(valid_text) - len(valid_text.encode("ascii", errors="ignore"))
    if valid and valid >= invalid:
        return text, []
    ranking = rank_encodings(raw)
    return raw.decode(ranking[0], errors="replace"), ranking
