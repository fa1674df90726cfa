"""Sign-in rows written from a pattern read exactly as the rows rendered one by one.

The rows of a sign-in page are planned by the view (:class:`PlannedRows`), so the writer fills a
pattern of the template's row with each person's values instead of rendering, parsing and
measuring every row. These tests render the same view both ways and compare the text; values
that the pattern cannot carry (right-to-left text, tabs, markup) and templates whose row loop
does more than print its fields take the general way, and still render.
"""

from __future__ import annotations

import copy
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLE, regional_context
from facilitation.checking.analyse import analyse_paths
from facilitation.documents.build import render_document, render_view
from facilitation.documents.registry import DOCUMENTS
from facilitation.documents.sandbox.environment import make_environment
from facilitation.documents.templates import TemplateSource, find_template
from facilitation.documents.views.sign_in import make_sign_in_view
from facilitation.documents.word import rows as row_module
from facilitation.documents.word.render import render_docx
from facilitation.documents.word.rows import plan_row_loops
from facilitation.model.fields import LocalText
from helpers.docx_text import docx_parts

REGIONAL = EXAMPLE / "regional-strategic-planning.yaml"
SIGN_IN = next(spec for spec in DOCUMENTS if spec.name == "sign-in")


@pytest.fixture(scope="module")
def regional() -> dict[str, Any]:
    return make_sign_in_view(regional_context())


@pytest.fixture
def view(regional: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(regional)


def unplanned(value: Any) -> Any:
    """``value`` with every list of planned rows made a plain list (the general way)."""
    if isinstance(value, dict):
        return {key: unplanned(item) for key, item in value.items()}
    if isinstance(value, list):
        return [unplanned(item) for item in value]
    return value


def render(view: dict[str, Any], source: TemplateSource | None = None) -> bytes:
    if source is None:
        return render_view(SIGN_IN, view, None, title="Sign-in", language="en")
    return render_docx(source, view, make_environment(word=True), title="Sign-in", language="en")


class Spy:
    """Which loops the row writer took as planned, and what it wrote for them."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.planned: list[bool] = []
        self.written: list[str] = []
        planned, write = row_module.RowWriter.planned, row_module.RowWriter.write

        def spy_planned(writer: Any, *args: Any) -> bool:
            self.planned.append(planned(writer, *args))
            return self.planned[-1]

        def spy_write(writer: Any, *args: Any) -> str:
            result = write(writer, *args)
            self.written.append(str(result))
            return result

        monkeypatch.setattr(row_module.RowWriter, "planned", spy_planned)
        monkeypatch.setattr(row_module.RowWriter, "write", spy_write)


def test_rows_from_the_pattern_read_as_rows_rendered_one_by_one(
    view: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    spy = Spy(monkeypatch)
    fast = docx_parts(render(view))
    assert spy.planned
    assert all(spy.planned)
    assert all(text.startswith("<!--facilitation-rows:") for text in spy.written)
    assert fast == docx_parts(render(unplanned(view)))
    assert sum(line.startswith("| 1 |") for line in fast["body"]) == 4  # one sheet a day


def test_values_the_pattern_cannot_carry_take_the_general_way(
    view: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = view["sheets"][0]["pages"][0]["groups"][0]["rows"]
    odd = ['Zack & <Tyler> "Q"', "אבי כהן", "tab\there", "   ", LocalText({"en": "Local"})]
    for row, name in zip(first, odd, strict=False):
        row["name"] = name
    spy = Spy(monkeypatch)
    fast = docx_parts(render(view))
    # The first page of each day (the same people sign every day) is rendered the general way.
    assert spy.planned.count(False) == len(view["sheets"])
    assert not spy.planned[0]
    assert fast == docx_parts(render(unplanned(view)))
    text = "\n".join(fast["body"])
    assert 'Zack & <Tyler> "Q"' in text
    assert "אבי כהן" in text


def test_escaped_values_are_written_as_text(view: dict[str, Any]) -> None:
    rows = view["sheets"][1]["pages"][0]["groups"][0]["rows"]
    rows[0]["name"] = "Ana & Ivo <b>bold</b>"
    rows[1]["institution"] = LocalText({"en": "Police & Co", "sr-Latn": "Policija"})
    fast = docx_parts(render(view))
    assert fast == docx_parts(render(unplanned(view)))
    assert "Ana & Ivo <b>bold</b>" in "\n".join(fast["body"])


def with_row(data: bytes, old: str, new: str) -> bytes:
    """A copy of a Word template with ``old`` replaced by ``new`` in its body."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            content = source.read(entry)
            if entry.filename == "word/document.xml":
                assert old.encode() in content
                content = content.replace(old.encode(), new.encode())
            target.writestr(entry, content)
    return out.getvalue()


def test_a_user_template_whose_row_does_more_renders_the_general_way(
    view: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped = find_template("sign-in.docx", None)
    data = with_row(shipped.data, "{{ row.name }}", "{{ row.name | upper }}")
    spy = Spy(monkeypatch)
    mine = docx_parts(render(view, TemplateSource("sign-in.docx", "mine/sign-in.docx", data)))
    assert not spy.planned
    names = [line.split(" | ")[1] for line in mine["body"] if line.startswith("| 1 |")]
    assert names
    assert all(name == name.upper() for name in names)


def test_a_user_template_with_the_same_row_takes_the_pattern(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    shipped = find_template("sign-in.docx", None)
    data = with_row(shipped.data, "{{ row.function }}", "({{ row.function }})")
    (tmp_path / "sign-in.docx").write_bytes(data)
    spy = Spy(monkeypatch)
    [analysis] = [a for a in analyse_paths([REGIONAL]).analyses if a.path == REGIONAL]
    assert analysis.workshop is not None
    assert analysis.schedule is not None
    document = render_document(SIGN_IN, analysis.workshop, analysis.schedule, tmp_path)
    assert spy.written
    assert all(text.startswith("<!--") for text in spy.written)
    assert any("| (" in line for line in docx_parts(document)["body"])


@pytest.mark.parametrize(
    ("body", "qualifies"),
    [
        (
            "<w:tr><w:tc><w:p><w:r><w:t>{{ row.a }} {{ other.b }}</w:t></w:r></w:p></w:tc></w:tr>",
            True,
        ),
        (
            "<w:tr><w:tc><w:p>{% if not row.a %}<w:r><w:t>-</w:t></w:r>{% endif %}</w:p></w:tc></w:tr>",
            True,
        ),
        ("<w:tr><w:tc><w:p><w:r><w:t>{{ row.a | upper }}</w:t></w:r></w:p></w:tc></w:tr>", False),
        ("<w:tr><w:tc><w:p><w:r><w:t>{{ row.a ~ 'x' }}</w:t></w:r></w:p></w:tc></w:tr>", False),
        ("<w:tr><w:tc><w:p><w:r><w:t>{{ loop.index }}</w:t></w:r></w:p></w:tc></w:tr>", False),
        ("<w:tr><w:tc><w:p>{% if row.a == 'x' %}<w:r/>{% endif %}</w:p></w:tc></w:tr>", False),
        ("<w:tr><w:tc><w:p><w:r><w:t>{{ row }}</w:t></w:r></w:p></w:tc></w:tr>", False),
        ("<w:tr><w:tc><w:p/></w:tc></w:tr><w:tr><w:tc><w:p/></w:tc></w:tr>", False),
        ("<w:tr><w:tc>{% for x in row.a %}<w:p/>{% endfor %}</w:tc></w:tr>", False),
        ("<w:tr><w:tc><w:p><w:r><w:t>{{ row.items }}</w:t></w:r></w:p></w:tc></w:tr>", False),
    ],
)
def test_only_loops_that_print_their_fields_as_they_are_take_the_pattern(
    body: str, qualifies: bool
) -> None:
    source = f"<w:tbl>{{% for row in page.rows %}}{body}{{% endfor %}}</w:tbl>"
    planned, loops = plan_row_loops(source, make_environment(word=True).parse)
    assert bool(loops) == qualifies
    assert (planned != source) == qualifies
    assert planned.count("\n") == source.count("\n")


def test_a_value_in_an_attribute_takes_the_general_way(
    view: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped = find_template("sign-in.docx", None)
    data = with_row(
        shipped.data, '<w:trHeight w:val="709"', '<w:trHeight w:val="7{{ row.number }}"'
    )
    spy = Spy(monkeypatch)
    document = render(view, TemplateSource("sign-in.docx", "mine/sign-in.docx", data))
    assert spy.planned
    assert all(spy.planned)
    assert not any(text.startswith("<!--facilitation-rows:") for text in spy.written)
    with zipfile.ZipFile(io.BytesIO(document)) as archive:
        body = archive.read("word/document.xml")
    assert b'w:val="71"' in body
    assert b'w:val="72"' in body


def test_right_to_left_text_in_the_row_takes_the_general_way(
    view: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped = find_template("sign-in.docx", None)
    data = with_row(shipped.data, "{{ row.function }}", "{{ row.function }} שלום")
    spy = Spy(monkeypatch)
    mine = render(view, TemplateSource("sign-in.docx", "mine/sign-in.docx", data))
    assert spy.planned
    assert not any(text.startswith("<!--facilitation-rows:") for text in spy.written)
    with zipfile.ZipFile(io.BytesIO(mine)) as archive:
        assert b"<w:rtl/>" in archive.read("word/document.xml")
