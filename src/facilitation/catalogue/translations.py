"""The compiled gettext catalogues: one ``.mo`` file per language, read with :mod:`gettext`.

``scripts/catalogues.py compile`` writes them from the ``.po`` files that translators edit; the
tests fail when one is older than its ``.po``. English is the source language and has none.
"""

from __future__ import annotations

import functools
import gettext

from facilitation.catalogue.files import find_data_folder

DOMAIN = "facilitation"


@functools.cache
def load_translations(language: str) -> gettext.NullTranslations:
    """The catalogue of ``language``; English (no translation) when there is none."""
    item = find_data_folder("locale", language, "LC_MESSAGES", f"{DOMAIN}.mo")
    if language == "en" or not item.is_file():
        return gettext.NullTranslations()
    with item.open("rb") as handle:
        return gettext.GNUTranslations(handle)


def translate(language: str, context: str, english: str) -> str:
    """The text of message ``context`` in ``language`` (``english`` when it is not translated)."""
    return load_translations(language).pgettext(context, english)


def has_catalogue(language: str) -> bool:
    """True when ``language`` is English or has a compiled catalogue."""
    return (
        language == "en"
        or find_data_folder("locale", language, "LC_MESSAGES", f"{DOMAIN}.mo").is_file()
    )
