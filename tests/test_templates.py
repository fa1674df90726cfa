"""The committed templates, each compared with a golden text description of it.

The ``.docx`` files in ``templates/`` are the source of truth; edit them in Word or LibreOffice,
then run ``pytest tests/test_templates.py --update-golden`` and review the diff of
``tests/golden/templates/``: a changed font, row property or tag is a changed line.
"""

from __future__ import annotations

import difflib
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from helpers.docx_text import W
from helpers.template_text import template_text

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
GOLDEN = Path(__file__).resolve().parent / "golden" / "templates"


def _templates() -> list[Path]:
    """The Word templates and the text (Jinja) templates; not the README."""
    return sorted([*TEMPLATES.glob("*.docx"), *TEMPLATES.glob("*.j2")])


def describe(path: Path) -> str:
    if path.suffix == ".docx":
        return template_text(path)
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", _templates(), ids=lambda path: path.name)
def test_template_matches_its_golden_text(path: Path, golden: Callable[[str, str], None]) -> None:
    golden(f"templates/{path.name}.txt", describe(path))


def test_every_template_has_a_golden_file_and_every_golden_file_a_template() -> None:
    templates = {path.name for path in _templates()}
    goldens = {path.name.removesuffix(".txt") for path in GOLDEN.glob("*.txt")}
    assert {"agenda.docx", "agenda.md.j2"} <= templates
    assert not templates - goldens, (
        f"templates without a golden file: {sorted(templates - goldens)} (pytest --update-golden)"
    )
    assert not goldens - templates, (
        f"golden files without a template: {sorted(goldens - templates)}; delete them from {GOLDEN}"
    )


def test_description_is_deterministic() -> None:
    path = TEMPLATES / "agenda.docx"
    assert template_text(path) == template_text(path.read_bytes())


# --- a small change to a template is a one-line diff ---------------------------------------------


def _edited(path: Path, part: str, edit: Callable[[etree._Element], None]) -> bytes:
    """``path`` with the XML ``part`` changed by ``edit``; the other parts copied as they are."""
    out = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == part:
                root = etree.fromstring(data)
                edit(root)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            target.writestr(info, data)
    return out.getvalue()


def _changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def _add_cant_split(root: etree._Element) -> None:
    row = next(tr for tr in root.iter(f"{W}tr") if tr.find(f"{W}trPr") is None)
    properties = etree.Element(f"{W}trPr")
    row.insert(0, properties)
    etree.SubElement(properties, f"{W}cantSplit")


def _change_heading_font(root: etree._Element) -> None:
    style = next(s for s in root.iter(f"{W}style") if s.get(f"{W}styleId") == "Heading1")
    fonts = style.find(f"{W}rPr/{W}rFonts")
    assert fonts is not None
    fonts.set(f"{W}ascii", "Georgia")


@pytest.mark.parametrize(
    ("part", "edit", "expected"),
    [
        ("word/document.xml", _add_cant_split, "(cantSplit)"),
        ("word/styles.xml", _change_heading_font, "ascii=Georgia"),
    ],
    ids=["cantSplit-on-a-row", "font-of-a-style"],
)
def test_a_small_change_is_a_one_line_diff(
    part: str, edit: Callable[[etree._Element], None], expected: str
) -> None:
    path = TEMPLATES / "agenda.docx"
    changed = _changed_lines(template_text(path), template_text(_edited(path, part, edit)))
    assert len(changed) == 2, changed
    assert changed[0].startswith("-")
    assert changed[1].startswith("+")
    assert expected in changed[1]
    assert expected not in changed[0]
