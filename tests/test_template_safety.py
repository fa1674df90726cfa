"""Templates are untrusted: what they may reach, what they may carry, and what they produce.

1. A Word template that links to an outside file or declares a DOCTYPE is refused, however its
   XML is written (quotes, encodings, character references).
2. A text template includes only files from its own folder, and only text.
3. Comments, tracked changes and hidden text of a Word template never reach the documents,
   and a warning (R308) says what was left out.
4. Filters reach no more than tags do: ``map(attribute='__class__')`` is refused, not silent.
7. Right-to-left text is marked so that Word shows it in the right order.
"""

from __future__ import annotations

import io
import re
import sys
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml import parse_xml
from lxml import etree

from facilitation import codes
from facilitation.documents.sandbox.environment import make_environment
from facilitation.documents.templates import TemplateSource, inspect_docx
from facilitation.documents.text import render_text
from facilitation.documents.views.base import Image
from facilitation.documents.word.render import render_docx
from facilitation.errors import Diagnostic, Severity, TemplateError
from facilitation.resources import find_packaged

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{" + W_NS + "}"
NS = f'xmlns:w="{W_NS}"'
EXAMPLE_LOGO = Path(__file__).resolve().parent.parent / "examples" / "western-balkans" / "logos"


# --- helpers -------------------------------------------------------------------------------------


def agenda_parts() -> dict[str, bytes]:
    data = find_packaged("templates").joinpath("agenda.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def zipped(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def utf16(xml: bytes) -> bytes:
    """The same XML, declared and encoded as UTF-16 (with a byte order mark)."""
    text = xml.decode("utf-8")
    text = re.sub(r'encoding="UTF-8"', 'encoding="UTF-16"', text, count=1, flags=re.IGNORECASE)
    return text.encode("utf-16")


def word_file(*body: str, header: str | None = None, styles: str = "") -> bytes:
    """A small Word document whose body holds the given XML elements (``w:`` prefix declared)."""
    document = Document()
    target = document.element.body
    for xml in body:
        element = parse_xml(
            xml.replace("<w:p>", f"<w:p {NS}>", 1).replace("<w:tbl>", f"<w:tbl {NS}>", 1)
        )
        target.insert(len(target) - 1, element)
    if header is not None:
        paragraph = document.sections[0].header.paragraphs[0]._p
        paragraph.addnext(parse_xml(header.replace("<w:p>", f"<w:p {NS}>", 1)))
    if styles:
        document.styles.element.append(parse_xml(styles.replace("<w:style ", f"<w:style {NS} ", 1)))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def paragraph(*runs: str, properties: str = "") -> str:
    return f"<w:p>{properties}{''.join(runs)}</w:p>"


def run(text: str, properties: str = "") -> str:
    return f'<w:r>{properties}<w:t xml:space="preserve">{text}</w:t></w:r>'


VIEW = {"workshop": {"title": "Kick-off", "place": "Tirana"}}


def render(
    data: bytes, view: dict[str, Any] | None = None
) -> tuple[dict[str, bytes], list[Diagnostic]]:
    """Render a Word template; its XML parts and the warnings."""
    warnings: list[Diagnostic] = []
    out = render_docx(
        TemplateSource("mine.docx", "my-templates/mine.docx", data),
        view or VIEW,
        make_environment(),
        title="Title",
        language="en",
        warnings=warnings,
    )
    with zipfile.ZipFile(io.BytesIO(out)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    return parts, warnings


def paragraphs(xml: bytes) -> list[str]:
    root = etree.fromstring(xml)
    return [
        "".join(node.text or "" for node in p.iter(f"{W}t"))
        for p in root.iter(f"{W}p")
        if "".join(node.text or "" for node in p.iter(f"{W}t"))
    ]


def refusal(data: bytes) -> Diagnostic:
    with pytest.raises(TemplateError) as caught:
        inspect_docx(TemplateSource("agenda.docx", "my-templates/agenda.docx", data))
    return caught.value.diagnostic


# --- 1. outside links and DOCTYPEs ---------------------------------------------------------------

DOCUMENT_RELS = "word/_rels/document.xml.rels"
SETTINGS_RELS = "word/_rels/settings.xml.rels"
TEMPLATE_TYPE = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"
)
HYPERLINK_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


def with_relationship(
    name: str, relationship: str, *, encode: Callable[[bytes], bytes] = bytes
) -> bytes:
    parts = agenda_parts()
    old = (
        parts.get(name)
        or (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{RELS_NS}"></Relationships>'
        ).encode()
    )
    parts[name] = encode(
        old.replace(b"</Relationships>", relationship.encode() + b"</Relationships>")
    )
    return zipped(parts)


OUTSIDE_LINKS: dict[str, tuple[str, str, Callable[[bytes], bytes]]] = {
    "double quotes": (
        DOCUMENT_RELS,
        f'<Relationship Id="rIdX" Type="{TEMPLATE_TYPE}" Target="http://example.org/t.dotm" TargetMode="External"/>',
        bytes,
    ),
    "single quotes": (
        DOCUMENT_RELS,
        f"<Relationship Id='rIdX' Type='{TEMPLATE_TYPE}' Target='http://example.org/t.dotm' TargetMode='External'/>",
        bytes,
    ),
    "UTF-16 part": (
        DOCUMENT_RELS,
        f'<Relationship Id="rIdX" Type="{TEMPLATE_TYPE}" Target="http://example.org/t.dotm" TargetMode="External"/>',
        utf16,
    ),
    "character reference": (
        DOCUMENT_RELS,
        f'<Relationship Id="rIdX" Type="{TEMPLATE_TYPE}" Target="http://example.org/t.dotm" TargetMode="&#69;xternal"/>',
        bytes,
    ),
    "> inside a value": (
        DOCUMENT_RELS,
        f'<Relationship Id="rIdX" Target="http://example.org/?a>b" Type="{TEMPLATE_TYPE}" TargetMode="External"/>',
        bytes,
    ),
    "attached template in the settings": (
        SETTINGS_RELS,
        f"<Relationship Id='rId1' Type='{TEMPLATE_TYPE}' Target='file:///C:/Users/x/Normal.dotm' TargetMode='External'/>",
        utf16,
    ),
    "an image by URL": (
        DOCUMENT_RELS,
        "<Relationship Id='rIdX' Type='http://schemas.openxmlformats.org/officeDocument/2006/relationships/image' Target='http://example.org/pixel.png' TargetMode='External'/>",
        bytes,
    ),
    "a hyperlink type, but not a hyperlink mode": (
        DOCUMENT_RELS,
        f"<Relationship Id='rIdX' Type='{HYPERLINK_TYPE}' Target='http://example.org/' TargetMode='external'/>",
        bytes,
    ),
    "a URL as an internal part": (
        DOCUMENT_RELS,
        f"<Relationship Id='rIdX' Type='{TEMPLATE_TYPE}' Target='http://example.org/t.dotm'/>",
        bytes,
    ),
}


@pytest.mark.parametrize("case", list(OUTSIDE_LINKS))
def test_every_outside_link_is_refused_however_it_is_written(case: str) -> None:
    name, relationship, encode = OUTSIDE_LINKS[case]
    diagnostic = refusal(with_relationship(name, relationship, encode=encode))
    assert diagnostic.code == codes.TEMPLATE_REFUSED
    assert "links to an outside file" in diagnostic.message
    assert diagnostic.location.file == "my-templates/agenda.docx"


@pytest.mark.parametrize("encode", [bytes, utf16], ids=["UTF-8", "UTF-16"])
@pytest.mark.parametrize("quote", ['"', "'"], ids=["double", "single"])
def test_hyperlinks_still_pass(encode: Callable[[bytes], bytes], quote: str) -> None:
    link = (
        f"<Relationship Id={quote}rIdX{quote} Type={quote}{HYPERLINK_TYPE}{quote} "
        f"Target={quote}https://example.org/{quote} TargetMode={quote}External{quote}/>"
    )
    data = with_relationship(DOCUMENT_RELS, link, encode=encode)
    assert inspect_docx(TemplateSource("agenda.docx", "agenda.docx", data)) == data


def with_doctype(name: str, doctype: str, encode: Callable[[bytes], bytes] = bytes) -> bytes:
    parts = agenda_parts()
    text = parts[name].decode("utf-8")
    declaration = re.match(r"<\?xml[^>]*\?>\s*", text)
    cut = declaration.end() if declaration else 0
    parts[name] = encode((text[:cut] + doctype + text[cut:]).encode("utf-8"))
    return zipped(parts)


DOCTYPES: dict[str, tuple[str, str, Callable[[bytes], bytes]]] = {
    "UTF-16 document": ("word/document.xml", '<!DOCTYPE w:document [<!ENTITY x "y">]>', utf16),
    "UTF-16 relationships": (DOCUMENT_RELS, "<!DOCTYPE Relationships>", utf16),
    "UTF-16 content types": ("[Content_Types].xml", "<!DOCTYPE Types [<!ENTITY a 'b'>]>", utf16),
    "external DTD": (
        "word/styles.xml",
        '<!DOCTYPE w:styles SYSTEM "http://example.org/x.dtd">',
        bytes,
    ),
    "spaces in the keyword's place": ("word/settings.xml", "<!DOCTYPE\n\tw:settings>", utf16),
}


@pytest.mark.parametrize("case", list(DOCTYPES))
def test_every_doctype_is_refused_in_any_encoding(case: str) -> None:
    name, doctype, encode = DOCTYPES[case]
    diagnostic = refusal(with_doctype(name, doctype, encode))
    assert diagnostic.code == codes.TEMPLATE_REFUSED
    assert "DOCTYPE" in diagnostic.message
    assert name in diagnostic.message


def test_a_part_that_is_not_xml_is_refused() -> None:
    parts = agenda_parts()
    parts["word/styles.xml"] = parts["word/styles.xml"][:-40]
    assert "not well-formed" in refusal(zipped(parts)).message


FOOTNOTES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<w:footnotes {NS}><w:footnote w:id="1"><w:p><w:r><w:t>Note on {{{{ workshop.title }}}}'
    "</w:t></w:r></w:p></w:footnote></w:footnotes>"
)


def test_a_template_in_utf16_with_footnotes_builds() -> None:
    with zipfile.ZipFile(io.BytesIO(word_file(paragraph(run("{{ workshop.title }}"))))) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["word/footnotes.xml"] = FOOTNOTES.encode()
    parts[DOCUMENT_RELS] = parts[DOCUMENT_RELS].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdNotes" Target="footnotes.xml" Type="http://schemas.openxmlformats'
        b'.org/officeDocument/2006/relationships/footnotes"/></Relationships>',
    )
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats'
        b'-officedocument.wordprocessingml.footnotes+xml"/></Types>',
    )
    for name in ("word/document.xml", DOCUMENT_RELS, "word/styles.xml", "word/footnotes.xml"):
        parts[name] = utf16(parts[name])
    data = zipped(parts)
    assert inspect_docx(TemplateSource("mine.docx", "mine.docx", data)) == data
    rendered, warnings = render(data)
    assert paragraphs(rendered["word/document.xml"]) == ["Kick-off"]
    assert paragraphs(rendered["word/footnotes.xml"]) == ["Note on Kick-off"]
    assert warnings == []


# --- 2. text templates include only text from their own folder ------------------------------------


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    """my-templates/ (with a subfolder), and a folder beside it with a secret."""
    mine = tmp_path / "my-templates"
    (mine / "parts").mkdir(parents=True)
    (mine / "parts" / "footer.md.j2").write_text("Footer of {{ workshop.title }}\n", "utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md.j2").write_text("SECRET\n", "utf-8")
    return mine, outside


def render_agenda(folder: Path, text: str) -> str:
    (folder / "agenda.md.j2").write_text(text, "utf-8")
    return render_text("agenda.md.j2", VIEW, make_environment(folder)).decode("utf-8")


def agenda_problem(folder: Path, text: str) -> Diagnostic:
    with pytest.raises(TemplateError) as caught:
        render_agenda(folder, text)
    return caught.value.diagnostic


INCLUDE = "{{% include '{}' %}}"
SECRET = "../outside/secret.md.j2"

#: How a template names a file outside its folder: the tag, the name (``{outside}`` is the
#: outside folder), and the link (name in my-templates -> target outside) it goes through.
OUTSIDE_NAMES: dict[str, tuple[str, str, tuple[str, str] | None]] = {
    "..": (INCLUDE, SECRET, None),
    ".. after a folder": (INCLUDE, "parts/../../outside/secret.md.j2", None),
    "absolute": (INCLUDE, "{outside}/secret.md.j2", None),
    "backslashes": (INCLUDE, "..\\\\outside\\\\secret.md.j2", None),
    "a link to a file outside": (INCLUDE, "linked.md.j2", ("linked.md.j2", "secret.md.j2")),
    "a link to a folder outside": (INCLUDE, "shared/secret.md.j2", ("shared", ".")),
    "import": ("{{% import '{}' as m %}}", SECRET, None),
    "from import": ("{{% from '{}' import x %}}", SECRET, None),
    "extends": ("{{% extends '{}' %}}", SECRET, None),
}


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges on Windows")
@pytest.mark.parametrize("case", list(OUTSIDE_NAMES))
def test_nothing_outside_the_template_folder_is_read(case: str, folders: tuple[Path, Path]) -> None:
    mine, outside = folders
    tag, name, link = OUTSIDE_NAMES[case]
    if link is not None:
        (mine / link[0]).symlink_to((outside / link[1]).resolve())
    name = name.format(outside=outside)
    included = name.replace("\\\\", "\\")
    problem = agenda_problem(mine, "# Agenda\n\n" + tag.format(name) + "\n")
    assert problem.code == codes.TEMPLATE_UNSAFE, problem
    assert f"`{included}`" in problem.message  # the name that was included...
    assert "agenda.md.j2" not in problem.message  # ...not the template that includes it
    assert problem.location.file.endswith("agenda.md.j2")
    assert problem.location.line == 3
    assert "SECRET" not in problem.message


@pytest.mark.parametrize(
    ("name", "data"),
    [
        (
            "logo.png",
            (EXAMPLE_LOGO / "eu-emblem.png").read_bytes()
            if (EXAMPLE_LOGO / "eu-emblem.png").exists()
            else b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe",
        ),
        ("notes.md.j2", "Notes in Windows-1250: Ćevapi, Šiša\n".encode("cp1250")),
        ("data.bin", b"text with a \x00 in it\n"),
    ],
)
def test_an_include_of_a_binary_file_says_it_is_not_a_text_template(
    name: str, data: bytes, folders: tuple[Path, Path]
) -> None:
    mine, _ = folders
    (mine / name).write_bytes(data)
    problem = agenda_problem(mine, "# Agenda\n{% include '" + name + "' %}\n")
    assert problem.code == codes.TEMPLATE_SYNTAX
    assert f"`{name}` is not a text template" in problem.message
    assert problem.location.line == 2


def test_includes_inside_the_folder_still_work(folders: tuple[Path, Path]) -> None:
    mine, _ = folders
    (mine / "alias.md.j2").symlink_to(mine / "parts" / "footer.md.j2")
    text = render_agenda(
        mine, "# Agenda\n{% include 'parts/footer.md.j2' %}\n{% include './alias.md.j2' %}\n"
    )
    assert text == "# Agenda\nFooter of Kick-off\nFooter of Kick-off\n"


# --- 3. comments, tracked changes and hidden text ------------------------------------------------

INSERTED = '<w:ins w:id="1" w:author="Colleague" w:date="2026-01-01T00:00:00Z">{}</w:ins>'
DELETED = '<w:del w:id="2" w:author="Colleague" w:date="2026-01-01T00:00:00Z">{}</w:del>'


def deleted_run(text: str) -> str:
    return f'<w:r><w:delText xml:space="preserve">{text}</w:delText></w:r>'


HIDDEN_STYLE = (
    '<w:style w:type="character" w:customStyle="1" w:styleId="Secret">'
    '<w:name w:val="Secret"/><w:rPr><w:vanish/></w:rPr></w:style>'
)
HIDDEN_PARAGRAPH_STYLE = (
    '<w:style w:type="paragraph" w:customStyle="1" w:styleId="Notes">'
    '<w:name w:val="Notes"/><w:rPr><w:vanish/></w:rPr></w:style>'
)
ROW = "<w:tr><w:tc><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:tc></w:tr>"

#: Each case: the template's body (and header, styles), the paragraphs Word shows, and what
#: the warning counts.
LEFT_OUT: dict[str, tuple[dict[str, Any], list[str], list[str]]] = {
    "an insertion and a deletion": (
        {
            "body": [
                paragraph(
                    run("Title: "),
                    INSERTED.format(run("{{ workshop.title }}")),
                    DELETED.format(deleted_run("{{ workshop.budget }}")),
                )
            ]
        },
        ["Title: Kick-off"],
        ["2 tracked changes"],
    ),
    "a tag corrected with track changes on": (
        {
            "body": [
                paragraph(
                    run("{{ workshop.ti"),
                    DELETED.format(deleted_run("lte")),
                    INSERTED.format(run("tle")),
                    run(" }} in {{ workshop.place }}"),
                )
            ]
        },
        ["Kick-off in Tirana"],
        ["2 tracked changes"],
    ),
    "a moved sentence": (
        {
            "body": [
                paragraph(
                    '<w:moveFrom w:id="3" w:author="A">'
                    + deleted_run("Moved away")
                    + "</w:moveFrom>",
                    run("Stays"),
                ),
                paragraph('<w:moveTo w:id="4" w:author="A">' + run("Moved here") + "</w:moveTo>"),
            ]
        },
        ["Stays", "Moved here"],
        ["2 tracked changes"],
    ),
    "a deleted paragraph": (
        {
            "body": [
                paragraph(run("Before")),
                paragraph(
                    DELETED.format(deleted_run("A paragraph deleted as a whole")),
                    properties='<w:pPr><w:rPr><w:del w:id="5" w:author="A"/></w:rPr></w:pPr>',
                ),
                paragraph(run("After")),
            ]
        },
        ["Before", "After"],
        ["2 tracked changes"],
    ),
    "a deleted table row": (
        {
            "body": [
                "<w:tbl><w:tblGrid><w:gridCol w:w='2000'/></w:tblGrid>"
                + ROW.format("Kept")
                + ROW.format("Deleted row").replace(
                    "<w:tc>", '<w:trPr><w:del w:id="6" w:author="A"/></w:trPr><w:tc>'
                )
                + "</w:tbl>"
            ]
        },
        ["Kept"],
        ["1 tracked change"],
    ),
    "a formatting change": (
        {
            "body": [
                paragraph(
                    run(
                        "Bold now",
                        '<w:rPr><w:b/><w:rPrChange w:id="7" w:author="A"><w:rPr/></w:rPrChange></w:rPr>',
                    )
                )
            ]
        },
        ["Bold now"],
        ["1 tracked change"],
    ),
    "a comment": (
        {
            "body": [
                paragraph(
                    '<w:commentRangeStart w:id="8"/>',
                    run("Commented"),
                    '<w:commentRangeEnd w:id="8"/>',
                    '<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference w:id="8"/></w:r>',
                )
            ]
        },
        ["Commented"],
        ["1 comment"],
    ),
    "hidden text": (
        {
            "body": [
                paragraph(
                    run("Visible "),
                    run("internal: {{ workshop.title }}", "<w:rPr><w:vanish/></w:rPr>"),
                    run("too", '<w:rPr><w:vanish w:val="0"/></w:rPr>'),
                )
            ]
        },
        ["Visible too"],
        ["hidden text in 1 place"],
    ),
    "text hidden by a character style": (
        {
            "body": [
                paragraph(
                    run("Visible"), run(" secret", '<w:rPr><w:rStyle w:val="Secret"/></w:rPr>')
                )
            ],
            "styles": HIDDEN_STYLE,
        },
        ["Visible"],
        ["hidden text in 1 place"],
    ),
    "a paragraph hidden by its style": (
        {
            "body": [
                paragraph(
                    run("Facilitator notes"), properties='<w:pPr><w:pStyle w:val="Notes"/></w:pPr>'
                ),
                paragraph(run("Shown")),
            ],
            "styles": HIDDEN_PARAGRAPH_STYLE,
        },
        ["Shown"],
        ["hidden text in 1 place"],
    ),
    "a tracked change in the header": (
        {
            "body": [paragraph(run("Body"))],
            "header": paragraph(run("Header "), DELETED.format(deleted_run("draft"))),
        },
        ["Body"],
        ["1 tracked change"],
    ),
}


@pytest.mark.parametrize("case", list(LEFT_OUT))
def test_what_word_does_not_show_is_left_out_with_a_warning(case: str) -> None:
    template, shown, counted = LEFT_OUT[case]
    data = word_file(
        *template["body"], header=template.get("header"), styles=template.get("styles", "")
    )
    parts, warnings = render(data)
    assert paragraphs(parts["word/document.xml"]) == shown
    for name, xml in parts.items():
        if name.endswith(".xml"):
            root = etree.fromstring(xml)
            for tag in (
                "ins",
                "del",
                "delText",
                "moveFrom",
                "moveTo",
                "rPrChange",
                "commentReference",
                "commentRangeStart",
            ):
                assert root.find(f".//{W}{tag}") is None, (name, tag)
            hidden = [v for v in root.iter(f"{W}vanish") if v.get(f"{W}val") not in ("0", "false")]
            assert name == "word/styles.xml" or not hidden, name
    assert not [name for name in parts if "comments" in name or "people" in name]
    [warning] = warnings
    assert warning.code == codes.TEMPLATE_HIDDEN_CONTENT
    assert warning.severity is Severity.WARNING
    assert warning.location.file == "my-templates/mine.docx"
    for words in counted:
        assert words in warning.message


def test_the_comments_part_is_dropped_with_its_count() -> None:
    document = Document()
    comment = document.add_comment(
        document.add_paragraph("Commented").runs, text="Really?", author="Colleague"
    )
    assert comment is not None
    out = io.BytesIO()
    document.save(out)
    parts, [warning] = render(out.getvalue())
    assert "1 comment" in warning.message
    assert not [name for name in parts if "comment" in name]
    assert b"Really?" not in b"".join(parts.values())
    assert b"Colleague" not in b"".join(parts.values())


def test_a_clean_template_gives_no_warning() -> None:
    _, warnings = render(word_file(paragraph(run("{{ workshop.title }}"))))
    assert warnings == []


# --- 4. filters reach no more than tags do -------------------------------------------------------

THROUGH_FILTERS = [
    "{{ items|map(attribute='__class__')|list }}",
    "{{ items|map(attribute='__class__', default='x')|list }}",
    "{{ items|map('attr', '__class__')|list }}",
    "{{ (items|first)|attr('__class__') is defined }}",
    "{{ (items|first)|attr('__init__') is undefined }}",
    "{{ items|selectattr('__class__')|list }}",
    "{{ items|rejectattr('__class__.__name__')|list }}",
    "{{ items|sort(attribute='__class__')|list }}",
    "{{ items|groupby('__class__')|list }}",
    "{{ items|sum(attribute='__class__') }}",
    "{{ items|unique(attribute='__class__')|list }}",
    "{{ items|min(attribute='__class__') }}",
    "{% for x in items %}{{ [loop]|map(attribute='_iterator')|list }}{% endfor %}",
    "{% for x in items %}{{ [loop]|sort(attribute='_length')|list }}{% endfor %}",
    "{% for x in items %}{{ loop|attr('_after') is defined }}{% endfor %}",
    "{{ '{0.__class__}'.format(items) }}",
]


@pytest.mark.parametrize("tag", THROUGH_FILTERS)
def test_internals_through_filters_are_refused(tag: str, tmp_path: Path) -> None:
    (tmp_path / "agenda.md.j2").write_text(f"Before\n{tag}\nAfter\n", "utf-8")
    with pytest.raises(TemplateError) as caught:
        render_text("agenda.md.j2", {"items": [{"name": "A"}]}, make_environment(tmp_path))
    assert caught.value.diagnostic.code == codes.TEMPLATE_UNSAFE
    assert caught.value.diagnostic.location.line == 2


@pytest.mark.parametrize("tag", THROUGH_FILTERS[:4])
def test_internals_through_filters_are_refused_in_word_templates(tag: str) -> None:
    with pytest.raises(TemplateError) as caught:
        render(
            word_file(paragraph(run("Before")), paragraph(run(tag)), paragraph(run("After"))),
            {"items": [{"name": "A"}]},
        )
    assert caught.value.diagnostic.code == codes.TEMPLATE_UNSAFE
    assert caught.value.diagnostic.notes[0] == "near: " + tag


@pytest.mark.parametrize(
    "tag",
    [
        "{{ logo.tpl.save(path) }}",
        "{{ logo.tpl.docx.save(path) }}",
        "{{ logo|attr('tpl') }}",
        "{{ logo.image_descriptor }}",
        "{{ [logo]|map(attribute='tpl')|list }}",
        "{{ '{0.tpl}'.format(logo) }}",
    ],
)
def test_a_picture_is_printed_but_not_looked_into(tag: str, tmp_path: Path) -> None:
    target = tmp_path / "written-by-the-template.docx"
    logo = next(EXAMPLE_LOGO.glob("*.png"))
    view = {"logo": Image(str(logo)), "path": str(target)}
    with pytest.raises(TemplateError) as caught:
        render(word_file(paragraph(run(tag))), view)
    assert caught.value.diagnostic.code == codes.TEMPLATE_UNSAFE
    assert not target.exists()
    parts, _ = render(word_file(paragraph(run("{{ logo }}"))), view)
    assert (
        b"<w:drawing>" in parts["word/document.xml"] or b"w:drawing" in parts["word/document.xml"]
    )


# --- 7. right-to-left text -----------------------------------------------------------------------

ARABIC = "مرحبا بكم"
HEBREW = "שלום עליכם"

#: The text printed into one run; the paragraph is right-to-left; the runs that come out, with
#: whether each is marked right-to-left.
DIRECTIONS: dict[str, tuple[str, bool, list[tuple[str, bool]]]] = {
    "Arabic": (ARABIC, True, [(ARABIC, True)]),
    "Hebrew with punctuation and digits": (
        f"({HEBREW}) 2026!",
        True,
        [(f"({HEBREW}) 2026!", True)],
    ),
    "Latin, then Arabic": (f"Welcome: {ARABIC}", False, [("Welcome: ", False), (ARABIC, True)]),
    "Arabic, then Latin": (f"{ARABIC} and Tirana", True, [(ARABIC, True), (" and Tirana", False)]),
    "Latin, Arabic and Hebrew": (
        f"Right to left: {ARABIC} and {HEBREW}",
        False,
        [("Right to left: ", False), (ARABIC, True), (" and ", False), (HEBREW, True)],
    ),
    "Cyrillic and Latin only": ("Ђорђе and Arbër", False, [("Ђорђе and Arbër", False)]),
}


def runs_of(xml: bytes) -> list[tuple[etree._Element, list[tuple[str, bool]]]]:
    result = []
    for p in etree.fromstring(xml).iter(f"{W}p"):
        texts = [
            ("".join(t.text or "" for t in r.iter(f"{W}t")), r.find(f"{W}rPr/{W}rtl") is not None)
            for r in p.iter(f"{W}r")
        ]
        texts = [(text, rtl) for text, rtl in texts if text]
        if texts:
            result.append((p, texts))
    return result


@pytest.mark.parametrize("case", list(DIRECTIONS))
def test_right_to_left_text_is_marked_for_word(case: str) -> None:
    text, paragraph_rtl, expected = DIRECTIONS[case]
    template = word_file(
        paragraph(
            run("{{ name }}", '<w:rPr><w:b/><w:lang w:val="en-GB"/></w:rPr>'),
            properties='<w:pPr><w:spacing w:after="0"/><w:jc w:val="left"/></w:pPr>',
        ),
        header=paragraph(run("{{ name }}")),
    )
    parts, _ = render(template, {"name": text})
    for part in ("word/document.xml", "word/header1.xml"):
        [(p, runs)] = runs_of(parts[part])
        assert runs == expected, part
        assert (p.find(f"{W}pPr/{W}bidi") is not None) == paragraph_rtl, part
    [(p, _)] = runs_of(parts["word/document.xml"])
    properties = [child.tag.replace(W, "") for child in p.find(f"{W}pPr")]
    expected_order = ["bidi", "spacing", "jc"] if paragraph_rtl else ["spacing", "jc"]
    assert properties == expected_order
    for r in p.iter(f"{W}r"):
        tags = [child.tag.replace(W, "") for child in r.find(f"{W}rPr")]
        if r.find(f"{W}rPr/{W}rtl") is not None:
            assert tags == ["b", "bCs", "rtl", "lang"]  # in the order of the schema
        else:
            assert tags == ["b", "lang"]


def test_the_first_check_sees_every_right_to_left_character() -> None:
    from facilitation.documents.word.bidi import RTL_TEXT as _RTL_TEXT

    missing = [
        hex(code)
        for code in range(sys.maxunicode + 1)
        if unicodedata.bidirectional(chr(code)) in ("R", "AL") and not _RTL_TEXT.match(chr(code))
    ]
    assert missing == []
