"""What each diagnostic code means, with a wrong and a right example (``data/codes.yaml``)."""

from __future__ import annotations

import functools

from facilitation.catalogue.files import read_data


def explain_code(code: str) -> dict[str, str] | None:
    """The explanation of ``code``: its text, a ``bad`` and a ``good`` example."""
    return _explanations().get(code.strip().upper())


@functools.cache
def _explanations() -> dict[str, dict[str, str]]:
    data: dict[str, dict[str, str]] = read_data("codes.yaml")
    return data
