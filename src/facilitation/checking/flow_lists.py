"""Texts that YAML splits: ``outputs: [Joint priorities, ranked]`` is two items, not one.

In a flow list (``[a, b]``) every comma ends an item, so a text with a comma in it becomes two.
Where an item of a list of free text starts in lower case right after a comma, and the item
before it starts in upper case, the comma was most likely part of one text: Y113 says so, with
the quoted form. Lists of ids (``compass:``, ``co_facilitators:``) are not free text, and
all-lower-case lists (``materials: [flip chart, markers]``) are lists as meant.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from facilitation import codes
from facilitation.errors import Diagnostic, Severity, YamlPath
from facilitation.model.languages import iter_texts
from facilitation.model.loaded import AgreementDocument, Locating, Workshop


def check_workshop_lists(workshop: Workshop) -> Iterator[Diagnostic]:
    """Y113 in the workshop file, its programme file and its outcome files."""
    spec = workshop.spec
    yield from _split_items(workshop, None, ("workshop",), spec.workshop)
    yield from _split_items(workshop, None, ("days",), spec.days)
    for file, prefix, fields in workshop.programme_sources():
        yield from _split_items(workshop, file, prefix, fields)
    for outcome in workshop.outcomes:
        yield from _split_items(workshop, outcome.file, outcome.prefix, outcome.outcomes)


def check_agreement_lists(document: AgreementDocument) -> Iterator[Diagnostic]:
    """Y113 in an agreement file."""
    yield from _split_items(document, None, ("agreement",), document.spec.agreement)


def _split_items(
    owner: Locating, file: str | None, prefix: YamlPath, model: Any
) -> Iterator[Diagnostic]:
    texts = list(iter_texts(model, prefix))
    previous: dict[YamlPath, str] = {}
    for path, text in texts:
        if not path or not isinstance(path[-1], int):
            continue
        before = previous.get(path[:-1])
        previous[path[:-1]] = text
        if before is None or not (text[:1].islower() and _sentence_case(before)):
            continue
        location = owner.where(path, file=file)
        source = owner.sources.get(file or owner.file)
        line = source.line_text(location.line) if source and location.line else None
        if line is None or location.column is None:
            continue
        if not line[: location.column - 1].rstrip().endswith(","):
            continue  # an item of a block list, or on a line of its own
        field = next(str(part) for part in reversed(path) if isinstance(part, str))
        yield Diagnostic(
            codes.FLOW_LIST_SPLIT,
            f"item {path[-1] + 1} of `{field}` (`{text}`) starts in lower case after a comma: "
            f"YAML reads `{before}` and `{text}` as two items",
            location,
            severity=Severity.WARNING,
            hint=f'if it is one text, put it in quotes: `["{before}, {text}"]`',
        )


def _sentence_case(text: str) -> bool:
    """Starts like a sentence (``Joint priorities``, ``A list``), not with an acronym (``DCM``)."""
    first = text.split()[0] if text.split() else ""
    return first[:1].isupper() and (len(first) == 1 or not first.isupper())
