"""The fixed texts that documents print, as gettext messages: a context and the English text.

Three catalogue files are the source, and their key paths are the message contexts:

- ``labels/en.yaml``: every label (``document.agenda`` → "Agenda");
- ``methodology.yaml``: the DCM phases' names, aims and milestones
  (``phases.building-and-formalizing.aim``, ``phases.exploring-and-engaging.results.trust``)
  and the Compass dimensions' names, summaries and aspects;
- ``methods.yaml``: each method's name, purpose, configuration, materials and steps
  (``methods.check-in.steps.2``).

``scripts/catalogues.py`` extracts them with Babel into ``locale/facilitation.pot``; translators
work on ``locale/<language>/LC_MESSAGES/facilitation.po``; the compiled ``.mo`` files are what
:mod:`facilitation.catalogue.translations` reads.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from facilitation.catalogue.files import find_data_folder
from facilitation.errors import YamlPath
from facilitation.yaml_source import ParsedYaml, parse_yaml

#: The label file that holds the English source of every label.
LABELS_SOURCE = ("labels", "en.yaml")
#: What of the methodology is printed, per kind of entry.
_METHODOLOGY_FIELDS = {"phases": ("name", "aim"), "dimensions": ("name", "summary")}
_METHOD_FIELDS = ("name", "purpose", "configuration", "materials", "steps")


@dataclass(frozen=True)
class Message:
    """One fixed text: its context (the key path), its English text and where it is written."""

    context: str
    text: str
    file: str
    line: int


def _parse(*parts: str) -> ParsedYaml:
    name = "/".join(parts)
    text = find_data_folder(*parts).read_text(encoding="utf-8")
    parsed = parse_yaml(text, f"facilitation/catalogue/data/{name}")
    if not parsed.ok:
        raise RuntimeError(f"broken package data {name}: {parsed.diagnostics[0].message}")
    return parsed


def _message(parsed: ParsedYaml, path: YamlPath, context: str, text: Any) -> Message:
    location = parsed.source.locate(path)
    return Message(context, " ".join(str(text).split()), location.file, location.line or 1)


def _label_messages() -> Iterator[Message]:
    parsed = _parse(*LABELS_SOURCE)

    def walk(value: Any, path: YamlPath) -> Iterator[Message]:
        if isinstance(value, dict):
            for key, item in value.items():
                yield from walk(item, (*path, key))
        else:
            yield _message(parsed, path, ".".join(str(part) for part in path), value)

    yield from walk(parsed.data, ())


def _list_or_text(
    parsed: ParsedYaml, path: YamlPath, context: str, value: Any
) -> Iterator[Message]:
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, dict):  # a timed step: {text: ..., minutes: ...}
                yield _message(parsed, (*path, index, "text"), f"{context}.{index}", item["text"])
            else:
                yield _message(parsed, (*path, index), f"{context}.{index}", item)
    elif value:
        yield _message(parsed, path, context, value)


def _methodology_messages() -> Iterator[Message]:
    parsed = _parse("methodology.yaml")
    for section, fields in _METHODOLOGY_FIELDS.items():
        for index, entry in enumerate(parsed.data[section]):
            stem = f"{section}.{entry['id']}"
            for name in fields:
                yield _message(parsed, (section, index, name), f"{stem}.{name}", entry[name])
            for number, aspect in enumerate(entry.get("aspects") or []):
                path = (section, index, "aspects", number)
                aspect_stem = f"{stem}.aspects.{aspect['id']}"
                yield _message(parsed, (*path, "name"), f"{aspect_stem}.name", aspect["name"])
                yield _message(
                    parsed, (*path, "meaning"), f"{aspect_stem}.meaning", aspect["meaning"]
                )
            for number, milestone in enumerate(entry.get("results") or []):
                where = (section, index, "results", number, "text")
                context = f"{stem}.results.{milestone['id']}"
                yield _message(parsed, where, context, milestone["text"])


def _method_messages() -> Iterator[Message]:
    parsed = _parse("methods.yaml")
    for index, method in enumerate(parsed.data["methods"]):
        for name in _METHOD_FIELDS:
            path = ("methods", index, name)
            yield from _list_or_text(
                parsed, path, f"methods.{method['id']}.{name}", method.get(name)
            )


def iter_messages() -> Iterator[Message]:
    """Every fixed text of the documents, in the order of its source files."""
    yield from _label_messages()
    yield from _methodology_messages()
    yield from _method_messages()
