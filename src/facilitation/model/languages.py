"""Which text a document in one language prints, and a copy of a model in that language.

A text is written once (in the language of its file: the workshop's for a workshop file, the
programme's for the programme file) or per language (:class:`~facilitation.model.fields.LocalText`).
A document in language L takes the text in L; else the other Serbian script, transliterated;
else the text in the file's language; else the first one written. Every step after the first
is a fallback, which the checks report (T701) so that a facilitator sees what is untranslated.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from facilitation.catalogue.locales import DEFAULT_SERBIAN, other_serbian_script, transliterate
from facilitation.errors import YamlPath
from facilitation.model.fields import LocalText, local_fields


@dataclass(frozen=True)
class Choice:
    """The text a document prints, and where it came from when not from its own language."""

    text: str
    #: ``None`` when the text is in the document's language; else the language it is taken from.
    fallback: str | None = None
    transliterated: bool = False


def texts_of(value: LocalText, serbian: str = DEFAULT_SERBIAN) -> dict[str, str]:
    """The languages of ``value`` with plain ``sr`` resolved to the programme's Serbian script.

    A text written for the script itself (``sr-Cyrl``) wins over one written for plain ``sr``.
    """
    texts = {tag: text for tag, text in value.texts.items() if tag != "sr"}
    if "sr" in value.texts:
        texts.setdefault(serbian, value.texts["sr"])
    return texts


def choose(value: str, language: str, written_in: str, serbian: str = DEFAULT_SERBIAN) -> Choice:
    """The text of ``value`` for a document in ``language``.

    ``written_in`` is the language of the file the text is in (what a plain text is written in).
    """
    texts = texts_of(value, serbian) if isinstance(value, LocalText) else {written_in: value}
    if language in texts:
        return Choice(texts[language])
    other = other_serbian_script(language)
    if other in texts:
        return Choice(transliterate(texts[other], to=language), other, transliterated=True)
    source = written_in if written_in in texts else next(iter(texts))
    return Choice(texts[source], source)


def _changed(items: list[Any], value: list[Any]) -> bool:
    return any(new is not old for new, old in zip(items, value, strict=True))


def _localise_text(value: Any, language: str, written_in: str, serbian: str) -> Any:
    if isinstance(value, list):
        items = [_localise_text(item, language, written_in, serbian) for item in value]
        return items if _changed(items, value) else value
    if isinstance(value, LocalText):
        return LocalText(value.texts, choose(value, language, written_in, serbian).text)
    if isinstance(value, str) and written_in != language:
        text = choose(value, language, written_in, serbian).text
        return value if text == value else LocalText({written_in: value}, text)
    return value


def localise(value: Any, language: str, written_in: str, serbian: str = DEFAULT_SERBIAN) -> Any:
    """A copy of ``value`` (a model or a list of them) with every text in ``language``.

    Only texts that may be written per language change; each stays a
    :class:`~facilitation.model.fields.LocalText` that knows its other languages, so that
    lookups by name (an institution named in English in a registration export) still match.
    Models are copied only where a text changes, so the cost is one walk of the data.
    """
    if isinstance(value, list):
        items = [localise(item, language, written_in, serbian) for item in value]
        return items if _changed(items, value) else value
    if not isinstance(value, BaseModel):
        return value
    texts = local_fields(type(value))
    changes = {}
    for name in type(value).model_fields:
        item = getattr(value, name)
        if name in texts:
            new = _localise_text(item, language, written_in, serbian)
        else:
            new = localise(item, language, written_in, serbian)
        if new is not item:
            changes[name] = new
    return value.model_copy(update=changes) if changes else value


@functools.cache
def _field_keys(model: type[BaseModel]) -> tuple[tuple[str, str, bool], ...]:
    """Each field of ``model``: its name, its key in a file, whether it is a per-language text."""
    texts = local_fields(model)
    return tuple(
        (name, info.alias or name, name in texts) for name, info in model.model_fields.items()
    )


def iter_texts(value: Any, path: YamlPath = ()) -> Iterator[tuple[YamlPath, str]]:
    """Every per-language text of a model, with its YAML path (keys as files write them)."""
    if isinstance(value, list):
        for index, item in enumerate(value):
            yield from iter_texts(item, (*path, index))
        return
    if not isinstance(value, BaseModel):
        return
    given = value.model_fields_set
    for name, written, is_text in _field_keys(type(value)):
        if name not in given:
            continue
        item = getattr(value, name)
        if item is None:
            continue
        key = (*path, written)
        if not is_text:
            if isinstance(item, list | BaseModel):
                yield from iter_texts(item, key)
        elif isinstance(item, list):
            yield from ((((*key, index)), text) for index, text in enumerate(item))
        else:
            yield key, item


def written_in_language(value: Any, language: str) -> Any:
    """A copy of ``value`` whose plain texts say they are in ``language``.

    For a workshop's ``programme:`` overrides, which are written in the workshop's language,
    before they are merged into a programme written in another.
    """
    if isinstance(value, list):
        items = [written_in_language(item, language) for item in value]
        return items if _changed(items, value) else value
    if isinstance(value, str) and not isinstance(value, LocalText):
        return LocalText({language: value})
    if not isinstance(value, BaseModel):
        return value
    texts = local_fields(type(value))
    changes = {}
    for name in value.model_fields_set:
        item = getattr(value, name)
        new = written_in_language(item, language) if name in texts else _models(item, language)
        if new is not item:
            changes[name] = new
    return value.model_copy(update=changes) if changes else value


def _models(value: Any, language: str) -> Any:
    """:func:`written_in_language` for what a field that is not a text holds."""
    if isinstance(value, BaseModel) or (
        isinstance(value, list) and value and isinstance(value[0], BaseModel)
    ):
        return written_in_language(value, language)
    return value
