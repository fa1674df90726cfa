"""The label catalogues: complete in every language, and holding only words the documents print."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from facilitation.catalogue.labels import _read, list_label_catalogues, load_labels, transliterate

REPO = Path(__file__).resolve().parent.parent
#: Sections looked up with a value as the key (a kind, a status, a document name...).
BY_VALUE = {
    "confidentiality", "kinds", "formats", "institution_types", "genders", "dcm_phases",
    "compass", "workshop_types", "statuses", "dates", "document", "actions_export",
}  # fmt: skip


def _keys(data: dict[str, object], prefix: str = "") -> set[str]:
    found: set[str] = set()
    for key, value in data.items():
        if isinstance(value, dict):
            found |= _keys(value, f"{prefix}{key}.")
        else:
            found.add(prefix + key)
    return found


def _used_text() -> str:
    parts = []
    for template in (REPO / "templates").iterdir():
        if template.suffix == ".docx":
            with zipfile.ZipFile(template) as archive:
                # A tag typed in Word may be split over runs: drop the XML between its words.
                parts += [
                    re.sub(r"<[^>]+>", "", archive.read(name).decode())
                    for name in archive.namelist()
                    if name.endswith(".xml")
                ]
        elif template.suffix == ".j2":
            parts.append(template.read_text(encoding="utf-8"))
    parts += [path.read_text(encoding="utf-8") for path in (REPO / "src").rglob("*.py")]
    return "\n".join(parts)


def test_every_label_is_printed_somewhere() -> None:
    text = _used_text()
    unused = []
    for key in sorted(_keys(_read("en") or {})):
        section, _, name = key.partition(".")
        if section in BY_VALUE or key == "language_name":
            continue
        if f"labels.{key}" in text or f'["{section}"]["{name}"]' in text:
            continue
        if f'words["{name}"]' in text:
            continue
        unused.append(key)
    assert unused == [], "labels no document prints (remove them from every catalogue)"


@pytest.mark.parametrize("language", [name for name in list_label_catalogues() if name != "en"])
def test_every_catalogue_has_every_key_and_placeholder(language: str) -> None:
    english, own = _read("en"), _read(language)
    assert english is not None
    assert own is not None
    assert _keys(own) == _keys(english)
    merged = load_labels(language)
    for key in _keys(english):
        section, _, name = key.partition(".")
        if not name:
            continue
        value = merged[section][name]
        expected = english[section][name]  # type: ignore[index]
        if isinstance(expected, str):
            assert set(re.findall(r"{\w+}", value)) == set(re.findall(r"{\w+}", expected)), key


def test_serbian_cyrillic_is_transliterated_from_latin() -> None:
    assert transliterate("Ljiljana Njegoš, Džemal {date}") == "Љиљана Његош, Џемал {date}"
    labels = load_labels("sr-Cyrl")
    assert labels["document"]["agenda"] == transliterate(
        load_labels("sr-Latn")["document"]["agenda"]
    )
    assert load_labels("sr") == labels
