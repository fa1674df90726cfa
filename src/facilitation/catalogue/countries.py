"""Countries as people write them: a code, the English name, or the name in a supported locale.

A registration form asks for a country and gets ``RS``, ``SRB``, ``Serbia``, ``Srbija``,
``Србија`` or ``Serbien``. :func:`find_country_code` turns any of these into the ISO 3166 alpha-2
code (``XK`` for Kosovo*): an alpha-2 code, an alpha-3 code (CLDR's ``territory_aliases``: ``SRB``
→ ``RS``, ``XKK`` → ``XK``), the English name, or the CLDR name in any of the supported locales
(:data:`~facilitation.catalogue.locales.LOCALES`), with case, accents and punctuation folded
(:func:`fold_name`), plus a few names people write that CLDR does not give
(:data:`_OTHER_NAMES`).

Nothing is loaded on import. The codes come from CLDR's global data, shipped as a small JSON file
(:data:`TERRITORIES_FILE`; Babel's import and data took about 30 ms), and the names from eleven
CLDR locales (about 140 ms more, nearly all of it Babel merging each locale with its parents),
each the first time it is needed, and kept; a lookup after that takes microseconds.
``Programme.country_code`` asks here only for a value that is not one of the programme's own codes
or names, so checking a workshop whose countries are written that way loads no names.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from facilitation.catalogue.locales import LOCALES, babel_locale

#: Letters that Unicode does not decompose into a base letter and a mark, as they are folded.
_SPECIAL_LETTERS = str.maketrans({"đ": "d", "ł": "l", "ø": "o", "æ": "ae", "œ": "oe", "þ": "th"})
_NOT_ALPHANUMERIC = re.compile(r"[\W_]+")
#: ISO 3166 keeps these alpha-2 codes for private use; of them, only XK (Kosovo*) is a country.
#: CLDR uses some for groupings (EU, EZ, UN, QO), and ``QUU`` is its alias of EU.
_USER_ASSIGNED = re.compile(r"^(AA|Q[M-Z]|X[A-Z]|ZZ|EU|EZ|UN)$")
#: German writes ä, ö, ü as ae, oe, ue where a keyboard lacks them (Oesterreich).
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})

# NOTE: only for the six Western Balkan countries, and only spellings CLDR lacks. Albanian writes
# a country with its definite ending on forms and in running text (Shqipëria, Kosova, Mali i Zi),
# CLDR gives the indefinite form (Shqipëri, Kosovë, Mal i Zi). North Macedonia is still written
# by its name before 2019 (Macedonia, Makedonija, Македонија, Maqedonia). CLDR's English name
# of Bosnia and Herzegovina has an ampersand, and BiH is how the region shortens it. Forms of
# public institutions write the official long name (Republika Srbija, Republika e Kosovës).
_OTHER_NAMES: dict[str, tuple[str, ...]] = {
    "AL": ("Shqipëria", "Republika e Shqipërisë"),
    "BA": ("Bosnia and Herzegovina", "BiH", "БиХ", "Bosna dhe Hercegovina"),
    "ME": ("Mali i Zi",),
    "MK": ("Macedonia", "Makedonija", "Македонија", "Maqedonia"),
    "RS": ("Republika Srbija", "Република Србија"),
    "XK": ("Kosova", "Republika e Kosovës"),
}


@functools.lru_cache(maxsize=4096)
def fold_name(text: str) -> str:
    """A name folded for comparison: no case, accents or punctuation, single spaces.

    ``Shqipëri``, ``shqiperi`` and ``SHQIPERI`` fold alike, as do ``Kosovo*`` and ``kosovo``,
    and ``Bosnia & Herzegovina`` and ``Bosnia-Herzegovina``.
    """
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(char for char in text if not unicodedata.combining(char))
    return _NOT_ALPHANUMERIC.sub(" ", text.translate(_SPECIAL_LETTERS)).strip()


def find_country_code(text: str) -> str | None:
    """The alpha-2 code of the country that ``text`` names, or ``None``.

    Args:
        text: A code (``RS``, ``SRB``) or a name in English or a supported locale, in any case,
            with or without accents (``Shqipëria``, ``Shqiperia``).

    Returns:
        The ISO 3166 alpha-2 code, ``XK`` for Kosovo*; ``None`` when ``text`` names no country.
    """
    return _find(fold_name(text))


@functools.lru_cache(maxsize=4096)
def _find(folded: str) -> str | None:
    if not folded:
        return None
    alpha2, alpha3 = _codes()
    code = folded.upper()
    if len(code) == 2 and code in alpha2:
        return code
    if len(code) == 3 and code in alpha3:
        return alpha3[code]
    return _names().get(folded)


def country_names(code: str) -> list[str]:
    """Every name of the country ``code`` that :func:`find_country_code` knows, English first."""
    from babel import Locale

    found = [Locale.parse(babel_locale(tag)).territories.get(code) for tag in LOCALES]
    names = [name for name in found if name] + list(_OTHER_NAMES.get(code, ()))
    return list(dict.fromkeys(names))


def english_name(code: str) -> str | None:
    """The country's English name (CLDR, British English), or ``None`` for an unknown code."""
    if code not in _codes()[0]:
        return None
    from babel import Locale

    name: str | None = Locale.parse(babel_locale("en")).territories.get(code)
    return name


#: The codes of :func:`_codes`, as CLDR gives them, shipped with the package.
TERRITORIES_FILE = "territories.json"


@functools.cache
def _codes() -> tuple[frozenset[str], dict[str, str]]:
    """The alpha-2 codes of countries, and the alpha-2 code of each alpha-3 code.

    They are read from :data:`TERRITORIES_FILE`, which :func:`cldr_territory_codes` wrote (the
    tests keep it equal): reading Babel's global data took 30 ms, and ``check`` imports no Babel.
    """
    import json

    from facilitation.catalogue.files import find_data_folder

    alpha3: dict[str, str] = json.loads(find_data_folder(TERRITORIES_FILE).read_bytes())["alpha3"]
    return frozenset(alpha3.values()), alpha3


def cldr_territory_codes() -> dict[str, str]:
    """The alpha-2 code of each alpha-3 code, from CLDR's data in Babel.

    CLDR's ``territory_aliases`` map every alpha-3 code to its alpha-2 code (and old codes, such
    as YU, to the countries that followed, which are left out).
    """
    from babel.core import get_global

    alpha3: dict[str, str] = {}
    for alias, targets in get_global("territory_aliases").items():
        if len(alias) == 3 and alias.isalpha() and len(targets) == 1:
            target = targets[0]
            if len(target) == 2 and target.isalpha() and not _USER_ASSIGNED.match(target):
                alpha3[alias] = target
    alpha3["XKK"] = "XK"
    return dict(sorted(alpha3.items()))


def write_territory_codes() -> None:
    """Write :data:`TERRITORIES_FILE` from CLDR's data (after Babel's CLDR changes)."""
    import json
    from pathlib import Path

    from facilitation.catalogue.files import find_data_folder

    text = json.dumps({"alpha3": cldr_territory_codes()}, indent=0, sort_keys=True) + "\n"
    Path(str(find_data_folder(TERRITORIES_FILE))).write_text(text, encoding="utf-8")


@functools.cache
def _names() -> dict[str, str]:
    """Every folded name of a country, in every supported locale, with its alpha-2 code.

    A folded name that two countries share in different locales names neither.
    """
    from babel import Locale

    countries = _codes()[0]
    found: dict[str, str | None] = {}

    def add(name: str, code: str) -> None:
        folded = fold_name(name)
        if folded and found.setdefault(folded, code) != code:
            found[folded] = None

    for tag in LOCALES:
        for code, name in Locale.parse(babel_locale(tag)).territories.items():
            if code in countries:
                add(name, code)
                if tag == "de":
                    add(name.translate(_UMLAUTS), code)
    for code, names in _OTHER_NAMES.items():
        for name in names:
            add(name, code)
    return {name: code for name, code in found.items() if code is not None}
