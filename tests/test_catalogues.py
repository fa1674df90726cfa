"""The gettext catalogues: complete, with the English placeholders, compiled, and in use."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from facilitation.catalogue.locales import LOCALES, babel_locale
from facilitation.catalogue.messages import iter_messages

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "src/facilitation/catalogue/data/locale"
TRANSLATED = [tag for tag in LOCALES if tag != "en"]
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def _catalogue(language: str):  # type: ignore[no-untyped-def]
    path = LOCALE_DIR / language / "LC_MESSAGES" / "facilitation.po"
    with path.open("rb") as handle:
        return read_po(handle, locale=babel_locale(language))


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated_with_its_placeholders(language: str) -> None:
    catalogue = _catalogue(language)
    problems = []
    for message in iter_messages():
        entry = catalogue.get(message.text, context=message.context)
        if entry is None or not entry.string:
            problems.append(f"{message.context}: not translated")
        elif entry.fuzzy:
            problems.append(f"{message.context}: marked fuzzy (left out of the compiled file)")
        elif sorted(_PLACEHOLDER.findall(str(entry.string))) != sorted(
            _PLACEHOLDER.findall(message.text)
        ):
            problems.append(f"{message.context}: placeholders differ: {entry.string!r}")
    assert not problems, f"{language}: {len(problems)} problems\n" + "\n".join(problems[:40])


@pytest.mark.parametrize("language", TRANSLATED)
def test_own_translations_say_they_await_review(language: str) -> None:
    """Every translation says where it comes from: official wording, or awaiting review."""
    catalogue = _catalogue(language)
    unmarked = [
        str(entry.context)
        for entry in catalogue
        if entry.id
        and entry.string
        and not any(
            "Awaits native review" in comment or "Official" in comment
            for comment in entry.user_comments
        )
    ]
    assert not unmarked, f"{language}: {len(unmarked)} without a source comment: {unmarked[:10]}"


def test_template_and_compiled_files_are_up_to_date() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts/catalogues.py"), "check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
