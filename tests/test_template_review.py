"""Template rendering found wanting in review: notes rendered once, data never run, no crashes."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from facilitation.documents.sandbox.environment import make_environment
from facilitation.documents.templates import TemplateSource
from facilitation.documents.word.render import render_docx
from test_template_safety import (
    DOCUMENT_RELS,
    FOOTNOTES,
    NS,
    paragraph,
    paragraphs,
    render,
    run,
    word_file,
    zipped,
)

NOTES_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
NOTES_CONTENT = "application/vnd.openxmlformats-officedocument.wordprocessingml."


def _with_notes(*body: str, sections: int = 1) -> bytes:
    """A template with footnotes and endnotes that print the title, and ``sections`` sections."""
    breaks = [f"<w:p><w:pPr><w:sectPr {NS}/></w:pPr></w:p>" for _ in range(sections - 1)]
    with zipfile.ZipFile(io.BytesIO(word_file(*body, *breaks))) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["word/footnotes.xml"] = FOOTNOTES.encode()
    parts["word/endnotes.xml"] = (FOOTNOTES.replace("footnote", "endnote")).encode()
    relations = "".join(
        f'<Relationship Id="rId{kind}" Target="{kind}s.xml" Type="{NOTES_TYPE}{kind}s"/>'
        for kind in ("footnote", "endnote")
    )
    parts[DOCUMENT_RELS] = parts[DOCUMENT_RELS].replace(
        b"</Relationships>", relations.encode() + b"</Relationships>"
    )
    overrides = "".join(
        f'<Override PartName="/word/{kind}s.xml" ContentType="{NOTES_CONTENT}{kind}s+xml"/>'
        for kind in ("footnote", "endnote")
    )
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", overrides.encode() + b"</Types>"
    )
    return zipped(parts)


def test_notes_are_rendered_once_and_data_in_them_is_never_run() -> None:
    data = _with_notes(paragraph(run("{{ workshop.title }}")), sections=2)
    view = {"workshop": {"title": "{{ 7*7 }} and {_{ 7*6 }_}", "place": ""}}
    rendered, _ = render(data, view)
    [note] = paragraphs(rendered["word/footnotes.xml"])
    assert note.startswith("Note on {{ 7*7 }} and ")
    assert "49" not in note
    assert "42" not in note


def test_endnotes_are_rendered_too() -> None:
    rendered, _ = render(_with_notes(paragraph(run("Body"))))
    assert paragraphs(rendered["word/endnotes.xml"]) == ["Note on Kick-off"]


def test_document_properties_are_not_run_as_template_code() -> None:
    data = word_file(paragraph(run("{{ workshop.title }}")))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["docProps/core.xml"] = parts["docProps/core.xml"].replace(
        b"</cp:coreProperties>",
        b"<dc:subject>Budget {{ draft }} {% x</dc:subject></cp:coreProperties>",
    )
    rendered, _ = render(zipped(parts))
    assert paragraphs(rendered["word/document.xml"]) == ["Kick-off"]


def test_a_page_without_a_width_or_with_inches_still_renders() -> None:
    for size in ('<w:pgSz w:h="16838"/>', '<w:pgSz w:w="11906" w:h="16838"/>'):
        margins = '<w:pgMar w:left="1in" w:right="1134" w:top="1134" w:bottom="1134"/>'
        data = word_file(paragraph(run("{{ workshop.title }}")))
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = {name: archive.read(name) for name in archive.namelist()}
        document = parts["word/document.xml"].decode()
        start = document.index("<w:pgSz")
        end = document.index("/>", document.index("<w:pgMar")) + 2
        parts["word/document.xml"] = (document[:start] + size + margins + document[end:]).encode()
        rendered, _ = render(zipped(parts))
        assert paragraphs(rendered["word/document.xml"]) == ["Kick-off"]


def test_a_text_template_included_in_a_word_template_cannot_write_word_xml(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "my-templates"
    folder.mkdir()
    (folder / "name.txt.j2").write_text("{{ person }}", encoding="utf-8")
    data = word_file(paragraph(run("{% include 'name.txt.j2' %}")))
    hostile = 'Ana</w:t></w:r><w:fldSimple w:instr="INCLUDEPICTURE x"/><w:r><w:t>& <Tyler>'
    out = render_docx(
        TemplateSource("mine.docx", "my-templates/mine.docx", data),
        {"person": hostile},
        make_environment(folder, word=True),
        title="T",
        language="en",
    )
    with zipfile.ZipFile(io.BytesIO(out)) as archive:
        document = archive.read("word/document.xml")
    assert b"<w:fldSimple" not in document
    assert paragraphs(document) == [hostile]


def test_quadratic_filter_work_is_stopped_within_the_budget() -> None:
    import time

    import pytest

    from facilitation import codes
    from facilitation.errors import TemplateError

    data = word_file(
        paragraph(run("{% for p in people %}{{ people|select('eq', p)|list|length }}{% endfor %}"))
    )
    started = time.monotonic()
    with pytest.raises(TemplateError) as caught:
        render_docx(
            TemplateSource("mine.docx", "my-templates/mine.docx", data),
            {"people": list(range(20_000))},
            make_environment(word=True),
            title="T",
            language="en",
        )
    assert caught.value.diagnostic.code == codes.TEMPLATE_LIMIT
    assert time.monotonic() - started < 20
