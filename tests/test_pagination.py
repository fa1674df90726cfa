"""Tables stay on one page where they fit, with their heading; long ones run on without leaving a
heading or a day's last row alone. Checked on the XML the renderer writes; the PDFs of the example
are checked page by page in ``test_documents_libreoffice``."""

from __future__ import annotations

import pytest
from lxml import etree

from facilitation.documents.word.ooxml import W
from facilitation.documents.word.schema import keep_tables_together

_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _row(text: str) -> str:
    return f'<w:tr><w:tc><w:tcPr><w:tcW w:w="9000"/></w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc></w:tr>'


def _body(*parts: str) -> etree._Element:
    section = '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1247" w:bottom="1134"/></w:sectPr>'
    return etree.fromstring(f"<w:body {_NS}>{''.join(parts)}{section}</w:body>")


def _para(text: str, style: str = "", page: bool = False) -> str:
    props = f'<w:pStyle w:val="{style}"/>' if style else ""
    brk = '<w:r><w:br w:type="page"/></w:r>' if page else ""
    return f"<w:p><w:pPr>{props}</w:pPr>{brk}<w:r><w:t>{text}</w:t></w:r></w:p>"


def _kept(element: etree._Element) -> list[bool]:
    return [p.find(f"{W}pPr/{W}keepNext") is not None for p in element.iter(f"{W}p")]


def test_a_short_table_keeps_together_with_its_heading() -> None:
    body = _body(
        _para("Before"),
        _para("Day 2", "Heading1"),
        _para("Theme"),
        f"<w:tbl>{''.join(_row(f'Session {n}') for n in range(8))}</w:tbl>",
    )
    assert keep_tables_together(body)
    before, heading, theme, *rows = _kept(body)
    assert not before  # what stands above the heading belongs to what comes before
    assert heading
    assert theme
    assert rows == [True] * 7 + [False]


def test_a_long_table_keeps_only_its_first_and_last_rows_together() -> None:
    long_text = " ".join(["A session described at length, with its outputs."] * 12)
    rows = "".join(_row(f"{n} {long_text}") for n in range(20))
    body = _body(_para("Day 1", "Heading1"), f"<w:tbl>{rows}</w:tbl>")
    keep_tables_together(body)
    heading, *kept = _kept(body)
    assert heading
    assert kept == [True] + [False] * 17 + [True, False]


def test_the_lines_that_close_a_table_before_a_new_page_go_with_its_last_row() -> None:
    body = _body(
        f"<w:tbl>{''.join(_row(f'Session {n}') for n in range(3))}</w:tbl>",
        _para("Totals of the day"),
        _para("Time per Compass dimension"),
        _para("", page=True),
        _para("Day 2", "Heading1"),
    )
    keep_tables_together(body)
    *rows, totals, compass, _brk, _heading = _kept(body)
    assert rows == [True, True, True]
    assert totals
    assert not compass


@pytest.mark.parametrize(
    "runs",
    [
        ["Ana Jovanović 12"],
        [""],
        ["State Investigation and Protection Agency, Criminal Police Directorate"],
        ["□ Yes", "<w:br/>", "□ No"],
        ["Name", "<w:tab/>", "Surname"],
        ["Ш" * 40],
    ],
)
def test_a_cell_measured_at_a_glance_has_the_lines_of_one_measured_letter_by_letter(
    runs: list[str],
) -> None:
    from facilitation.documents.word import schema

    parts = "".join(
        f"<w:r>{run}</w:r>" if run.startswith("<") else f"<w:r><w:t>{run}</w:t></w:r>"
        for run in runs
    )
    xml = f'<w:tc xmlns:w="{W[1:-1]}"><w:p>{parts}</w:p><w:p/></w:tc>'
    for column in (40.0, 110.0, 300.0):
        cell = etree.fromstring(xml)
        slow = sum(
            schema._lines(schema._paragraph_text(paragraph), column)
            for paragraph in cell.iter(f"{W}p")
        )
        assert schema._cell_lines(cell, column) == slow
        assert schema._cell_lines(cell, column) == slow  # from the kept measure
