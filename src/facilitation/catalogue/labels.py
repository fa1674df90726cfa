"""The labels of a document in its language: the label tree of ``labels/en.yaml``, translated.

Templates read labels as a tree (``labels.agenda.time``). The tree's shape and its English texts
come from ``labels/en.yaml``; every text is looked up in the language's gettext catalogue (see
:mod:`facilitation.catalogue.translations`) by its key path as the message context. A message
that a catalogue lacks stays English, so a partial catalogue still gives a complete document
(the tests keep every shipped catalogue complete).
"""

from __future__ import annotations

import functools
from typing import Any

from facilitation.catalogue.files import read_data
from facilitation.catalogue.locales import LOCALES
from facilitation.catalogue.messages import LABELS_SOURCE
from facilitation.catalogue.translations import translate

FALLBACK = "en"


@functools.cache
def _english() -> dict[str, Any]:
    data: dict[str, Any] = read_data(*LABELS_SOURCE)
    return data


def list_label_catalogues() -> list[str]:
    """The languages that documents can be written in."""
    return list(LOCALES)


def _translated(tree: dict[str, Any], language: str, path: str) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in tree.items():
        context = f"{path}{key}"
        if isinstance(value, dict):
            result[key] = _translated(value, language, f"{context}.")
        else:
            result[key] = translate(language, context, " ".join(str(value).split()))
    return result


@functools.cache
def load_labels(language: str) -> dict[str, Any]:
    """The label tree in ``language`` (a supported locale; anything else gets English)."""
    if language == FALLBACK or language not in LOCALES:
        return _translated(_english(), FALLBACK, "")
    return _translated(_english(), language, "")


@functools.cache
def _kinds_by_english_label() -> dict[str, str]:
    return {str(label): kind for kind, label in _english()["kinds"].items()}


def find_kind_label(text: str) -> str | None:
    """The kind of session whose English label ``text`` is (``Lunch`` → ``lunch``), if any.

    A break titled with its kind's English name prints the label of the document's language.
    """
    return _kinds_by_english_label().get(text)


@functools.cache
def _statements() -> dict[str, str]:
    english: dict[str, Any] = _english()["statements"]
    return {" ".join(str(text).split()).casefold(): key for key, text in english.items()}


def find_standard_statement(text: str) -> str | None:
    """The key of the standard statement that ``text`` is (``eu_funding``, ``kosovo``), if any.

    A programme that writes the EU funding statement or the Kosovo* designation in the
    catalogue's English words gets them in every language of the catalogue.
    """
    return _statements().get(" ".join(text.split()).casefold())


def standard_statement(key: str, language: str) -> str:
    """Standard statement ``key`` in ``language``."""
    return str(load_labels(language)["statements"][key])
