"""A long participant list written from a pattern comes out as its rows rendered one by one.

The rows of a participant list are not planned into pages (Word breaks its pages), but a list of
hundreds runs on from page to page whatever its rows hold: then all rows but its first and last
two are written from a pattern (:mod:`facilitation.documents.word.rows`), and the body writer is
told that the table is long. These tests render the same view both ways and compare the whole
document part, keep-with-next and all, not only its text.
"""

from __future__ import annotations

import copy
import io
import zipfile
from typing import Any

import pytest
from lxml import etree

from conftest import EXAMPLE, regional_context
from facilitation.documents.build import render_view
from facilitation.documents.registry import DOCUMENTS
from facilitation.documents.sandbox.environment import make_environment
from facilitation.documents.views.paging import PlannedRows
from facilitation.documents.views.participants import make_participants_view
from facilitation.documents.word import rows as row_module
from facilitation.documents.word.rows import plan_row_loops

REGIONAL = EXAMPLE / "regional-strategic-planning.yaml"
PARTICIPANTS = next(spec for spec in DOCUMENTS if spec.name == "participants")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def regional() -> dict[str, Any]:
    return make_participants_view(regional_context())


def grown(view: dict[str, Any], size: int) -> dict[str, Any]:
    """A copy of ``view`` whose first country has ``size`` people, of every kind of row."""
    view = copy.deepcopy(view)
    group = view["groups"][0]
    people = group["rows"]
    rows = []
    for number in range(1, size + 1):
        row = dict(people[number % len(people)], number=number)
        row["name"] = f"{row['name']} {number}"
        row["role"] = "Speaker" if number % 7 == 0 else ""
        row["phone"] = "" if number % 3 == 0 else row["phone"]
        if number % 11 == 0:
            row["institution"] = "A long institution name " * 8  # three lines and more
        rows.append(row)
    group["rows"], group["count"] = rows, size
    return view


class Written:
    """Whether each loop of plain rows was written from a pattern (``general``: never)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, general: bool = False) -> None:
        self.marked: list[bool] = []
        #: For each loop of plain rows: whether the writer took it.
        self.taken: list[bool] = []
        planned, write = row_module.RowWriter.planned, row_module.RowWriter.write

        def spy_planned(writer: Any, key: int, rows: Any) -> bool:
            if isinstance(rows, PlannedRows):
                return bool(planned(writer, key, rows))
            self.taken.append(not general and bool(planned(writer, key, rows)))
            return self.taken[-1]

        def spy_write(writer: Any, *args: Any) -> str:
            result = write(writer, *args)
            self.marked.append("<!--facilitation-rows:" in str(result))
            return result

        monkeypatch.setattr(row_module.RowWriter, "planned", spy_planned)
        monkeypatch.setattr(row_module.RowWriter, "write", spy_write)


def body(document: bytes) -> bytes:
    """The document part, serialised again (an empty text element reads ``<w:t/>`` either way)."""
    with zipfile.ZipFile(io.BytesIO(document)) as archive:
        return bytes(etree.tostring(etree.fromstring(archive.read("word/document.xml"))))


def render(view: dict[str, Any], monkeypatch: pytest.MonkeyPatch, general: bool) -> bytes:
    with monkeypatch.context() as patch:
        written = Written(patch, general)
        data = render_view(PARTICIPANTS, view, None, title="Participants", language="en")
        assert any(written.marked) != general
    return body(data)


def test_a_long_list_reads_as_its_rows_rendered_one_by_one(
    regional: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    view = grown(regional, 300)
    fast = render(view, monkeypatch, general=False)
    assert fast == render(view, monkeypatch, general=True)
    tables = etree.fromstring(fast).iter(f"{W}tbl")
    rows = next(t for t in tables if len(t.findall(f"{W}tr")) > 300).findall(f"{W}tr")
    kept = [index for index, row in enumerate(rows) if row.find(f".//{W}keepNext") is not None]
    assert kept == [0, len(rows) - 2]  # the heading row, and the last two rows together


def test_a_list_that_may_fit_on_a_page_is_measured_row_by_row(
    regional: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    view = grown(regional, 30)
    written = Written(monkeypatch)
    render_view(PARTICIPANTS, view, None, title="Participants", language="en")
    assert written.taken
    assert not any(written.taken)


def test_values_the_pattern_cannot_carry_keep_a_long_list_general(
    regional: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    view = grown(regional, 300)
    view["groups"][0]["rows"][150]["name"] = "tab\there"
    written = Written(monkeypatch)
    data = render_view(PARTICIPANTS, view, None, title="Participants", language="en")
    assert written.taken
    assert not any(written.taken)
    assert b"<w:tab/>" in body(data)


@pytest.mark.parametrize(
    ("before", "nested"),
    [
        ("<w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl><w:tbl>", False),
        ("<w:tbl><w:tr><w:tc><w:tbl>", True),
    ],
)
def test_a_loop_in_a_table_in_a_cell_is_known(before: str, nested: bool) -> None:
    """A nested table's rows are measured with the outer row: a long list there stays general."""
    row = "<w:tr><w:tc><w:p><w:r><w:t>{{ row.a }}</w:t></w:r></w:p></w:tc></w:tr>"
    source = f"{before}{{% for row in rows %}}{row}{{% endfor %}}</w:tbl>"
    _, [loop] = plan_row_loops(source, make_environment(word=True).parse)
    assert loop.nested == nested
