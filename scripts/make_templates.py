"""Generate the default Word templates in templates/ (run after changing the layout).

    python scripts/make_templates.py

The templates are ordinary .docx files with docxtpl tags; anyone may restyle them in Word or
LibreOffice afterwards. This script is the reproducible source of the defaults: styles, page setup,
header and footer, the title block and one body per document.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_ALIGN_VERTICAL, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

FONT = "Arial"
NAVY = RGBColor(0x1F, 0x38, 0x64)
INK = RGBColor(0x26, 0x26, 0x26)
GREY = RGBColor(0x59, 0x59, 0x59)
MARK = RGBColor(0x9C, 0x1C, 0x1C)
HEAD_FILL = "DCE3EE"
RULE = "A6B4C8"


# --- low-level helpers --------------------------------------------------------------------------


def _set_fonts(rpr_parent, size: float | None = None) -> None:
    rpr = rpr_parent.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    if size is not None:
        for tag in ("w:sz", "w:szCs"):
            element = rpr.find(qn(tag))
            if element is None:
                element = OxmlElement(tag)
                rpr.append(element)
            element.set(qn("w:val"), str(int(size * 2)))


def _shade(cell, fill: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def _borders(table, *, inner: bool = True, outer: bool = True, color: str = RULE) -> None:
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        visible = (edge in ("top", "bottom") and outer) or (edge == "insideH" and inner)
        element.set(qn("w:val"), "single" if visible else "nil")
        if visible:
            element.set(qn("w:sz"), "4")
            element.set(qn("w:space"), "0")
            element.set(qn("w:color"), color)
        borders.append(element)
    properties.append(borders)


def _cell_margins(table, top: float = 0.8, bottom: float = 0.8, side: float = 1.5) -> None:
    properties = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for edge, value in (("top", top), ("bottom", bottom), ("left", side), ("right", side)):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:w"), str(int(Mm(value).twips)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    properties.append(margins)


def _widths(table, widths_mm: list[float]) -> None:
    table.autofit = False
    properties = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    properties.append(layout)
    grid = table._tbl.tblGrid
    for column, width in zip(grid.findall(qn("w:gridCol")), widths_mm, strict=True):
        column.set(qn("w:w"), str(int(Mm(width).twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)


def _header_row(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)
    _no_split(row)


def _no_split(row) -> None:
    properties = row._tr.get_or_add_trPr()
    element = OxmlElement("w:cantSplit")
    element.set(qn("w:val"), "true")
    properties.append(element)


def _min_height(row, height_mm: float) -> None:
    properties = row._tr.get_or_add_trPr()
    element = OxmlElement("w:trHeight")
    element.set(qn("w:val"), str(int(Mm(height_mm).twips)))
    element.set(qn("w:hRule"), "atLeast")
    properties.append(element)


def _field(paragraph, instruction: str, style_run=None) -> None:
    def add(tag: str, **attributes: str) -> None:
        run = paragraph.add_run()
        if style_run is not None:
            style_run(run)
        element = OxmlElement(tag)
        for key, value in attributes.items():
            element.set(qn(key), value)
        if tag == "w:instrText":
            element.set(qn("xml:space"), "preserve")
            element.text = instruction
        run._r.append(element)

    add("w:fldChar", **{"w:fldCharType": "begin"})
    add("w:instrText")
    add("w:fldChar", **{"w:fldCharType": "separate"})
    number = paragraph.add_run("1")
    if style_run is not None:
        style_run(number)
    add("w:fldChar", **{"w:fldCharType": "end"})


def _bottom_rule(paragraph, color: str = RULE, size: int = 6) -> None:
    properties = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), str(size))
    bottom.set(qn("w:space"), "4")
    bottom.set(qn("w:color"), color)
    borders.append(bottom)
    properties.append(borders)


def _tag(container, text: str):
    """A paragraph that holds only a docxtpl tag such as {%p for ... %}."""
    paragraph = container.add_paragraph(text)
    paragraph.style = "Tag"
    return paragraph


def _text(container, text: str, style: str = "Normal", *, bold: bool = False, align=None):
    paragraph = container.add_paragraph(style=style)
    run = paragraph.add_run(text)
    run.bold = bold or None
    if align is not None:
        paragraph.alignment = align
    return paragraph


def _cell_text(cell, text: str, style: str = "Table Text", *, bold: bool = False):
    paragraph = cell.paragraphs[0]
    paragraph.style = style
    if text:
        run = paragraph.add_run(text)
        run.bold = bold or None
    return paragraph


# --- document set-up ----------------------------------------------------------------------------


def _styles(document) -> None:
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10)
    normal.font.color.rgb = INK
    _set_fonts(normal.element, 10)
    normal.paragraph_format.space_after = Pt(4)
    normal.paragraph_format.line_spacing = 1.1
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr_default = defaults.find(qn("w:rPrDefault"))
        if rpr_default is not None and rpr_default.find(qn("w:rPr")) is not None:
            fonts = rpr_default.find(qn("w:rPr")).find(qn("w:rFonts"))
            if fonts is not None:
                for attribute in list(fonts.attrib):
                    del fonts.attrib[attribute]
                for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
                    fonts.set(qn(attribute), FONT)

    def paragraph_style(
        name: str,
        size: float,
        *,
        bold=False,
        color=INK,
        before=0.0,
        after=4.0,
        base="Normal",
        italic=False,
    ):
        try:
            style = styles[name]
        except KeyError:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles[base]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.bold = bold
        style.font.italic = italic
        style.font.color.rgb = color
        _set_fonts(style.element, size)
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(after)
        return style

    title = paragraph_style("Title", 20, bold=True, color=NAVY, after=2)
    title.paragraph_format.keep_with_next = True
    # The default Title style draws a border; ours is plain.
    ppr = title.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):
        ppr.remove(border)
    paragraph_style("Subtitle", 12, color=GREY, after=6)
    paragraph_style("Document Kind", 10, bold=True, color=NAVY, after=2)
    for level, size, before in ((1, 14, 14), (2, 11.5, 10), (3, 10, 8)):
        heading = paragraph_style(
            f"Heading {level}", size, bold=True, color=NAVY, before=before, after=4
        )
        heading.paragraph_format.keep_with_next = True
    paragraph_style("Table Text", 9, after=1)
    paragraph_style("Table Heading", 9, bold=True, color=NAVY, after=0)
    paragraph_style("Small", 8, color=GREY, after=2)
    paragraph_style("Funding", 8.5, color=NAVY, after=0)
    paragraph_style("Note", 9, color=GREY, italic=True, after=4)
    paragraph_style("Facts", 10, color=GREY, after=1)
    # Paragraphs that hold only a {%p ...%} tag: removed when a document is built.
    paragraph_style("Tag", 8, color=RGBColor(0x7F, 0x7F, 0x7F), after=0)
    spacer = paragraph_style("Spacer", 2, after=0)
    spacer.paragraph_format.line_spacing = 1.0
    bullet = styles["List Bullet"]
    bullet.font.name = FONT
    bullet.font.size = Pt(10)
    _set_fonts(bullet.element, 10)


def _page(document, *, landscape: bool) -> None:
    section = document.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        margin = Mm(15)
    else:
        section.page_width, section.page_height = Mm(210), Mm(297)
        margin = Mm(20)
    section.left_margin = section.right_margin = margin
    section.top_margin = Mm(22)
    section.bottom_margin = Mm(20)
    section.header_distance = Mm(9)
    section.footer_distance = Mm(8)


def _content_width(landscape: bool) -> float:
    return 297 - 30 if landscape else 210 - 40


def _header_footer(document, landscape: bool) -> None:
    section = document.sections[0]
    width = _content_width(landscape)
    header = section.header
    header.is_linked_to_previous = False
    table = header.add_table(rows=1, cols=2, width=Mm(width))
    _borders(table, inner=False, outer=False)
    _cell_margins(table, 0, 0, 0)
    _widths(table, [width * 0.4, width * 0.6])
    left, right = table.rows[0].cells
    paragraph = _cell_text(left, "{{ programme.short_name }}", "Small")
    paragraph.add_run(" · {{ workshop.title }}")
    marking = _cell_text(right, "", "Small")
    marking.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = marking.add_run("{{ document.marking }}")
    run.bold = True
    run.font.color.rgb = MARK
    first = header.paragraphs[0]
    first.style = "Spacer"
    _bottom_rule(header.add_paragraph(style="Spacer"), size=4)

    footer = section.footer
    footer.is_linked_to_previous = False
    footer.paragraphs[0].style = "Spacer"
    _tag(footer, "{%p for note in document.footnotes %}")
    _text(footer, "{{ note.symbol }} {{ note.text }}", "Small")
    _tag(footer, "{%p endfor %}")
    table = footer.add_table(rows=1, cols=2, width=Mm(width))
    _borders(table, inner=False, outer=False)
    _cell_margins(table, 0, 0, 0)
    _widths(table, [width * 0.7, width * 0.3])
    left, right = table.rows[0].cells
    _cell_text(left, "{{ document.title }} · {{ workshop.dates }}", "Small")
    pages = _cell_text(right, "", "Small")
    pages.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    pages.add_run("{{ labels.document.page }} ")
    _field(pages, "PAGE")
    pages.add_run(" {{ labels.document.of }} ")
    _field(pages, "NUMPAGES")
    footer.add_paragraph(style="Spacer")


def _new(landscape: bool = False):
    document = Document()
    _styles(document)
    _page(document, landscape=landscape)
    _header_footer(document, landscape)
    body = document.element.body
    for paragraph in list(document.paragraphs):
        body.remove(paragraph._p)
    return document


def _logos(document, landscape: bool) -> None:
    """Funders (logo beside its statement, one per row) on the left; partner logos on the right."""
    width = _content_width(landscape)
    left_width = width * 0.58
    _tag(document, "{%p if funders or partners %}")
    table = document.add_table(rows=1, cols=2)
    _borders(table, inner=False, outer=False)
    _cell_margins(table, 0, 0, 0)
    _widths(table, [left_width, width - left_width])
    left, right = table.rows[0].cells
    left.paragraphs[0].style = "Spacer"
    funders = left.add_table(rows=1, cols=2)
    _borders(funders, inner=False, outer=False)
    _cell_margins(funders, 0.6, 0.6, 0)
    _widths(funders, [36, left_width - 36])
    row = _loop_rows(funders, "{%tr for funder in funders %}", "{%tr endfor %}", body_index=0)
    logo, statement = row.cells
    logo.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
    statement.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
    _cell_text(logo, "{% if funder.logo %}{{ funder.logo }}{% endif %}", "Small")
    _cell_text(statement, "{{ funder.statement or funder.name }}", "Funding", bold=True)
    left.add_paragraph(style="Spacer")
    right.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
    partners = right.paragraphs[0]
    partners.style = "Small"
    partners.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    partners.add_run(
        "{% for partner in partners %}{% if partner.logo %}{{ partner.logo }}"
        "{% else %}{{ partner.short_name }}{% endif %}{% if not loop.last %}   {% endif %}{% endfor %}"
    )
    _tag(document, "{%p endif %}")


def _title_block(document, landscape: bool) -> None:
    _logos(document, landscape)
    kind = _text(document, "{{ document.title }}", "Document Kind")
    kind.paragraph_format.space_before = Pt(10)
    _text(document, "{{ workshop.title }}", "Title")
    _tag(document, "{%p if workshop.subtitle %}")
    _text(document, "{{ workshop.subtitle }}", "Subtitle")
    _tag(document, "{%p endif %}")
    facts = _text(
        document,
        "{{ workshop.dates }}{% if workshop.place %} · {{ workshop.place }}{% endif %}",
        "Facts",
    )
    facts.runs[0].bold = True
    programme = _text(
        document,
        "{{ programme.name }}{% if programme.reference %} · {{ programme.reference }}{% endif %}",
        "Facts",
    )
    _bottom_rule(programme)
    programme.paragraph_format.space_after = Pt(10)


def _session_title(paragraph) -> None:
    """The session's title: bold for work, plain grey for breaks and lunch."""
    paragraph.add_run("{% if not session.is_rest %}{{ session.title }}{% endif %}").bold = True
    rest = paragraph.add_run("{% if session.is_rest %}{{ session.title }}{% endif %}")
    rest.font.color.rgb = GREY


def _table(document, headings: list[str], widths: list[float]):
    table = document.add_table(rows=2, cols=len(headings))
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    _borders(table)
    _cell_margins(table)
    _widths(table, widths)
    _header_row(table.rows[0])
    for cell, heading in zip(table.rows[0].cells, headings, strict=True):
        _shade(cell, HEAD_FILL)
        _cell_text(cell, heading, "Table Heading")
    return table


def _loop_rows(table, opening: str, closing: str, body_index: int = 1):
    """Turn a row (the one after the heading) into the loop body between two tag rows."""
    body = table.rows[body_index]
    opening_row = table.add_row()
    closing_row = table.add_row()
    body._tr.addprevious(opening_row._tr)
    body._tr.addnext(closing_row._tr)
    opening_row.cells[0].paragraphs[0].add_run(opening)
    closing_row.cells[0].paragraphs[0].add_run(closing)
    return body


# --- the documents ------------------------------------------------------------------------------


def agenda() -> None:
    document = _new()
    _title_block(document, landscape=False)
    _tag(document, "{%p if workshop.objectives %}")
    _text(document, "{{ labels.agenda.objectives }}", "Heading 2")
    _tag(document, "{%p for objective in workshop.objectives %}")
    _text(document, "{{ objective }}", "List Bullet")
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p endif %}")
    _tag(document, "{%p if workshop.expected_results %}")
    _text(document, "{{ labels.agenda.expected_results }}", "Heading 2")
    _tag(document, "{%p for result in workshop.expected_results %}")
    _text(document, "{{ result }}", "List Bullet")
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p endif %}")

    _tag(document, "{%p for day in days %}")
    _text(document, "{{ day.label }} · {{ day.date }}", "Heading 1")
    _tag(document, "{%p if day.theme %}")
    _text(document, "{{ day.theme }}", "Heading 3")
    _tag(document, "{%p endif %}")
    _tag(document, "{%p if day.objective %}")
    _text(document, "{{ day.objective }}", "Note")
    _tag(document, "{%p endif %}")
    table = _table(document, ["{{ labels.agenda.time }}", "{{ labels.agenda.session }}"], [26, 144])
    row = _loop_rows(table, "{%tr for session in day.sessions %}", "{%tr endfor %}")
    _no_split(row)
    time, what = row.cells
    _cell_text(time, "{% cellbg session.shade %}{{ session.time }}")
    title = _cell_text(what, "{% cellbg session.shade %}")
    _session_title(title)
    _tag(what, "{%p if session.objective %}")
    _text(what, "{{ session.objective }}", "Table Text")
    _tag(what, "{%p endif %}")
    _tag(what, "{%p if session.outputs %}")
    outputs = what.add_paragraph(style="Table Text")
    label = outputs.add_run("{{ labels.agenda.outputs }} ")
    label.italic = True
    label.font.color.rgb = GREY
    result = outputs.add_run("{{ session.outputs | join('; ') }}")
    result.italic = True
    result.font.color.rgb = GREY
    _tag(what, "{%p endif %}")
    _tag(document, "{%p endfor %}")
    _save(document, "agenda.docx")


def run_sheet() -> None:
    document = _new(landscape=True)
    _title_block(document, landscape=True)
    _tag(document, "{%p for day in days %}")
    _tag(document, "{%p if not loop.first %}")
    document.add_paragraph(style="Spacer").add_run().add_break(WD_BREAK.PAGE)
    _tag(document, "{%p endif %}")
    _text(document, "{{ day.label }} · {{ day.date }} · {{ day.hours }}", "Heading 1")
    _tag(document, "{%p if day.theme %}")
    _text(document, "{{ day.theme }}", "Heading 3")
    _tag(document, "{%p endif %}")
    _tag(document, "{%p if day.objective %}")
    _text(document, "{{ day.objective }}", "Note")
    _tag(document, "{%p endif %}")
    headings = [
        "{{ labels.run_sheet.time }}",
        "{{ labels.run_sheet.session }}",
        "{{ labels.run_sheet.method }}",
        "{{ labels.run_sheet.people }}",
        "{{ labels.run_sheet.notes }}",
    ]
    table = _table(document, headings, [24, 62, 78, 35, 68])
    row = _loop_rows(table, "{%tr for session in day.sessions %}", "{%tr endfor %}")
    time, what, how, who, notes = row.cells
    _cell_text(time, "{% cellbg session.shade %}{{ session.time }}", bold=True)
    minutes = time.add_paragraph(style="Small")
    minutes.add_run("{{ session.minutes }} min")

    title = _cell_text(what, "{% cellbg session.shade %}")
    _session_title(title)
    _tag(what, "{%p if session.objective %}")
    _text(what, "{{ session.objective }}", "Table Text")
    _tag(what, "{%p endif %}")
    _tag(what, "{%p if session.outputs %}")
    outputs = what.add_paragraph(style="Table Text")
    outputs.add_run("{{ labels.agenda.outputs }} {{ session.outputs | join('; ') }}").italic = True
    _tag(what, "{%p endif %}")
    _tag(what, "{%p if session.room %}")
    _text(what, "{{ labels.agenda.room }}: {{ session.room }}", "Small")
    _tag(what, "{%p endif %}")

    method = _cell_text(how, "{% cellbg session.shade %}")
    method.add_run("{{ session.method }}").bold = True
    method.add_run("{% if session.format %} · {{ session.format }}{% endif %}")
    _tag(how, "{%p if session.method_configuration %}")
    _text(how, "{{ session.method_configuration }}", "Small")
    _tag(how, "{%p endif %}")
    _tag(how, "{%p for step in session.steps %}")
    _text(how, "{{ loop.index }}. {{ step }}", "Small")
    _tag(how, "{%p endfor %}")
    _tag(how, "{%p for group in session.groups %}")
    group = how.add_paragraph(style="Table Text")
    group.add_run("▸ {{ group.name }}").bold = True
    group.add_run(
        "{% if group.topic %}: {{ group.topic }}{% endif %}"
        "{% if group.room %} · {{ group.room }}{% endif %}"
        "{% if group.facilitator %} · {{ group.facilitator }}{% endif %}"
    )
    _tag(how, "{%p endfor %}")
    _tag(how, "{%p if session.materials %}")
    materials = how.add_paragraph(style="Small")
    materials.add_run("{{ labels.run_sheet.materials }}: ").bold = True
    materials.add_run("{{ session.materials }}")
    _tag(how, "{%p endif %}")

    lead = _cell_text(who, "{% cellbg session.shade %}")
    lead.add_run("{% if session.lead %}{{ session.lead }}{% endif %}").bold = True
    _tag(who, "{%p if session.co_facilitators %}")
    _text(who, "{{ labels.run_sheet.co_facilitators }}: {{ session.co_facilitators }}", "Small")
    _tag(who, "{%p endif %}")
    _tag(who, "{%p if session.note_taker %}")
    _text(who, "{{ labels.run_sheet.note_taker }}: {{ session.note_taker }}", "Small")
    _tag(who, "{%p endif %}")

    note = _cell_text(notes, "{% cellbg session.shade %}{{ session.notes }}")
    note.style = "Table Text"
    _tag(notes, "{%p if session.phase or session.compass %}")
    tags = notes.add_paragraph(style="Small")
    tags.add_run(
        "{% if session.phase %}{{ labels.run_sheet.phase }}: {{ session.phase }}{% endif %}"
    )
    tags.add_run("{% if session.phase and session.compass %} · {% endif %}")
    tags.add_run(
        "{% if session.compass %}{{ labels.run_sheet.compass }}: {{ session.compass }}{% endif %}"
    )
    _tag(notes, "{%p endif %}")

    totals = _text(document, "{{ labels.run_sheet.totals }}: ", "Facts")
    totals.paragraph_format.space_before = Pt(6)
    totals.runs[0].bold = True
    totals.add_run(
        "{{ labels.run_sheet.work_time }} {{ day.totals.work }} · {{ labels.run_sheet.break_time }} {{ day.totals.rest }}"
    )
    compass = _text(document, "{{ labels.run_sheet.compass_time }}: ", "Small")
    compass.add_run(
        "{% for item in day.totals.compass %}{{ item.name }} {{ item.time }}{% if not loop.last %} · {% endif %}{% endfor %}"
    )
    _tag(document, "{%p endfor %}")

    document.add_paragraph(style="Spacer").add_run().add_break(WD_BREAK.PAGE)
    _text(document, "{{ labels.run_sheet.workshop_totals }}", "Heading 1")
    facts = _text(
        document,
        "{{ labels.run_sheet.work_time }} {{ totals.work }} · {{ labels.run_sheet.break_time }} {{ totals.rest }}",
        "Facts",
    )
    facts.paragraph_format.space_after = Pt(6)
    table = _table(
        document,
        ["{{ labels.run_sheet.dimension }}", "{{ labels.run_sheet.time_spent }}"],
        [70, 30],
    )
    row = _loop_rows(table, "{%tr for item in totals.compass %}", "{%tr endfor %}")
    _cell_text(row.cells[0], "{{ item.name }}")
    _cell_text(row.cells[1], "{{ item.time }}")
    _tag(document, "{%p if totals.phases %}")
    _text(document, "", "Spacer")
    table = _table(
        document, ["{{ labels.run_sheet.phase }}", "{{ labels.run_sheet.time_spent }}"], [70, 30]
    )
    row = _loop_rows(table, "{%tr for item in totals.phases %}", "{%tr endfor %}")
    _cell_text(row.cells[0], "{{ item.name }}")
    _cell_text(row.cells[1], "{{ item.time }}")
    _tag(document, "{%p endif %}")
    _save(document, "run-sheet.docx")


def participants() -> None:
    document = _new()
    _title_block(document, landscape=False)
    _tag(document, "{%p if show_contacts %}")
    _text(document, "{{ labels.participants.contacts_note }}", "Note")
    _tag(document, "{%p else %}")
    _text(document, "{{ labels.participants.shared_note }}", "Note")
    _tag(document, "{%p endif %}")
    _tag(document, "{%p for group in groups %}")
    _text(document, "{{ group.country }} ({{ group.count }})", "Heading 2")
    labels = [
        "{{ labels.participants.number }}",
        "{{ labels.participants.name }}",
        "{{ labels.participants.function }}",
        "{{ labels.participants.institution }}",
    ]
    _tag(document, "{%p if show_contacts %}")
    table = _table(
        document,
        [*labels, "{{ labels.participants.email }}", "{{ labels.participants.phone }}"],
        [8, 30, 30, 36, 42, 24],
    )
    row = _loop_rows(table, "{%tr for person in group.rows %}", "{%tr endfor %}")
    _no_split(row)
    for cell, text in zip(
        row.cells,
        [
            "{{ person.number }}",
            "{{ person.name }}",
            "{{ person.function }}",
            "{{ person.institution }}",
            "{{ person.email }}",
            "{{ person.phone }}",
        ],
        strict=True,
    ):
        _cell_text(cell, text, bold=text == "{{ person.name }}")
    _tag(document, "{%p else %}")
    table = _table(document, labels, [9, 45, 52, 64])
    row = _loop_rows(table, "{%tr for person in group.rows %}", "{%tr endfor %}")
    _no_split(row)
    for cell, text in zip(
        row.cells,
        [
            "{{ person.number }}",
            "{{ person.name }}",
            "{{ person.function }}",
            "{{ person.institution }}",
        ],
        strict=True,
    ):
        _cell_text(cell, text, bold=text == "{{ person.name }}")
    _tag(document, "{%p endif %}")
    _tag(document, "{%p endfor %}")

    _text(document, "{{ labels.participants.counts }}", "Heading 1")
    _counts_table(document)
    _save(document, "participants.docx")


def sign_in() -> None:
    document = _new(landscape=True)
    width = _content_width(True)
    _tag(document, "{%p for sheet in sheets %}")
    _tag(document, "{%p if not loop.first %}")
    document.add_paragraph(style="Spacer").add_run().add_break(WD_BREAK.PAGE)
    _tag(document, "{%p endif %}")
    _logos(document, landscape=True)
    kind = _text(
        document, "{{ document.title }} · {{ sheet.label }} · {{ sheet.date }}", "Heading 2"
    )
    kind.paragraph_format.space_before = Pt(4)
    facts = document.add_table(rows=1, cols=4)
    _borders(facts, inner=False)
    _cell_margins(facts, 0.5, 0.5, 1.5)
    _widths(facts, [24, width * 0.55 - 24, 20, width * 0.45 - 20])
    cells = facts.rows[0].cells
    _cell_text(cells[0], "{{ labels.sign_in.event }}", "Table Heading")
    _cell_text(cells[1], "{{ workshop.title }}", bold=True)
    _cell_text(cells[2], "{{ labels.sign_in.date }}", "Table Heading")
    _cell_text(cells[3], "{{ sheet.date }}", bold=True)
    facts_2 = facts.add_row().cells
    _cell_text(facts_2[0], "{{ labels.title_block.programme }}", "Table Heading")
    _cell_text(
        facts_2[1],
        "{{ programme.name }}{% if programme.reference %} ({{ programme.reference }}){% endif %}",
    )
    _cell_text(facts_2[2], "{{ labels.sign_in.venue }}", "Table Heading")
    _cell_text(facts_2[3], "{{ sheet.place }}")
    _text(document, "", "Spacer")
    headings = [
        "{{ labels.participants.number }}",
        "{{ labels.participants.name }}",
        "{{ labels.participants.function }}",
        "{{ labels.participants.institution }}",
        "{{ labels.participants.country }}",
        "{{ labels.participants.contact }}",
        "{{ labels.sign_in.photo }}",
        "{{ labels.sign_in.signature }}",
    ]
    widths = [10, 38, 40, 46, 26, 40, 17, 50]
    table = _table(document, headings, widths)
    row = _loop_rows(table, "{%tr for person in sheet.rows %}", "{%tr endfor %}")
    _no_split(row)
    _min_height(row, 8)
    for cell, text in zip(
        row.cells,
        [
            "{{ person.number }}",
            "{{ person.name }}",
            "{{ person.function }}",
            "{{ person.institution }}",
            "{{ person.country }}",
            "{{ person.contact }}",
            "{{ person.photo }}",
            "",
        ],
        strict=True,
    ):
        _cell_text(cell, text, bold=text == "{{ person.name }}")
    blank = table.add_row()
    opening = table.add_row()
    closing = table.add_row()
    blank._tr.addprevious(opening._tr)
    blank._tr.addnext(closing._tr)
    opening.cells[0].paragraphs[0].add_run("{%tr for row in sheet.blanks %}")
    closing.cells[0].paragraphs[0].add_run("{%tr endfor %}")
    _no_split(blank)
    _min_height(blank, 8)
    for index, cell in enumerate(blank.cells):
        _cell_text(cell, "{{ row.number }}" if index == 0 else "")
    _text(document, "{{ labels.sign_in.notice_title }}", "Heading 3")
    _text(document, "{{ labels.sign_in.notice }}", "Small")
    _text(
        document, "{{ labels.sign_in.certification }}", "Table Text"
    ).paragraph_format.space_before = Pt(6)
    certify = document.add_table(rows=2, cols=4)
    _borders(certify, inner=False, outer=False)
    _cell_margins(certify, 0.5, 0.5, 1.5)
    _widths(certify, [width / 4] * 4)
    for cell, key in zip(
        certify.rows[1].cells,
        ["certifier_name", "certifier_function", "certifier_date", "certifier_signature"],
        strict=True,
    ):
        _cell_text(cell, "{{ labels.sign_in.%s }}" % key, "Small")
    _min_height(certify.rows[0], 10)
    for cell in certify.rows[0].cells:
        paragraph = cell.paragraphs[0]
        paragraph.style = "Table Text"
        _bottom_rule(paragraph, color="7F7F7F", size=6)
        cell.paragraphs[0].text = ""
    certify.rows[0].cells[0].paragraphs[0].add_run("{{ programme.organiser }}")
    _tag(document, "{%p endfor %}")
    _save(document, "sign-in.docx")


def _bullets(document, items: str, item: str, text: str, *, style: str = "List Bullet") -> None:
    _tag(document, "{%p for " + item + " in " + items + " %}")
    _text(document, text, style)
    _tag(document, "{%p endfor %}")


def _list_table(
    document, items: str, item: str, columns: list[tuple[str, str, float]], *, empty: bool = True
):
    """A table with one row per item; columns are (heading, cell text, width in mm)."""
    if empty:
        _tag(document, "{%p if " + items + " %}")
    table = _table(
        document, [heading for heading, _, _ in columns], [width for _, _, width in columns]
    )
    row = _loop_rows(table, "{%tr for " + item + " in " + items + " %}", "{%tr endfor %}")
    _no_split(row)
    for cell, (_, text, _) in zip(row.cells, columns, strict=True):
        first, _, rest = text.partition("\n")
        paragraph = _cell_text(cell, "")
        if first.startswith("**"):
            paragraph.add_run(first.strip("*")).bold = True
        else:
            paragraph.add_run(first)
        if rest:
            _text(cell, rest, "Small")
    if empty:
        _tag(document, "{%p else %}")
        _text(document, "{{ labels.outcome_report.nothing }}", "Note")
        _tag(document, "{%p endif %}")
    return table


def _counts_table(document) -> None:
    total = _text(document, "{{ labels.participants.total }}: ", "Facts")
    total.add_run("{{ counts.total }}").bold = True
    total.paragraph_format.space_after = Pt(6)
    table = _table(
        document,
        [
            "{{ labels.participants.by_country }}",
            "",
            "{{ labels.participants.by_institution_type }}",
            "",
            "{{ labels.participants.by_gender }}",
            "",
        ],
        [40, 12, 48, 12, 40, 12],
    )
    row = _loop_rows(table, "{%tr for row in counts.rows %}", "{%tr endfor %}")
    for index in range(3):
        _cell_text(row.cells[index * 2], "{{ row[%d].label }}" % index)
        number = _cell_text(row.cells[index * 2 + 1], "{{ row[%d].count }}" % index)
        number.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def outcome_report() -> None:
    document = _new()
    _title_block(document, landscape=False)
    words = "labels.outcome_report"
    _text(document, "{{ %s.executive_summary }}" % words, "Heading 1")
    _tag(document, "{%p for line in summary %}")
    _text(document, "{{ line }}")
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p if next_steps %}")
    _text(document, "{{ %s.next_steps }}" % words, "Heading 3")
    _bullets(document, "next_steps", "step", "{{ step.what }} — {{ step.owner }}, {{ step.due }}")
    _tag(document, "{%p endif %}")
    _tag(document, "{%p if workshop.objectives %}")
    _text(document, "{{ %s.objectives }}" % words, "Heading 1")
    _bullets(document, "workshop.objectives", "objective", "{{ objective }}")
    _tag(document, "{%p endif %}")
    _text(document, "{{ %s.participation }}" % words, "Heading 1")
    _counts_table(document)
    _text(document, "{{ %s.agenda_summary }}" % words, "Heading 1")
    _text(document, "{{ agenda.line }}", "Facts")
    _tag(document, "{%p for day in agenda.days %}")
    day = document.add_paragraph(style="Normal")
    day.add_run(
        "{{ day.label }} · {{ day.date }}{% if day.theme %} — {{ day.theme }}{% endif %}: "
    ).bold = True
    day.add_run("{{ day.sessions }}")
    _tag(document, "{%p endfor %}")
    _text(document, "{{ %s.results }}" % words, "Heading 1")
    _tag(document, "{%p if results %}")
    _tag(document, "{%p for result in results %}")
    _text(
        document,
        "{{ result.session }}{% if result.time %} ({{ result.time }}){% endif %}",
        "Heading 3",
    )
    _tag(document, "{%p if result.summary %}")
    _text(document, "{{ result.summary }}")
    _tag(document, "{%p endif %}")
    _bullets(document, "result.points", "point", "{{ point }}")
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p else %}")
    _text(document, "{{ labels.outcome_report.nothing }}", "Note")
    _tag(document, "{%p endif %}")
    _text(document, "{{ %s.decisions }}" % words, "Heading 1")
    _list_table(
        document,
        "decisions",
        "decision",
        [
            ("{{ %s.decision }}" % words, "**{{ decision.what }}", 70),
            ("{{ %s.why }}" % words, "{{ decision.why }}", 50),
            ("{{ %s.decided_by }}" % words, "{{ decision.decided_by }}", 28),
            ("{{ %s.date }}" % words, "{{ decision.date }}", 22),
        ],
    )
    _text(document, "{{ %s.national_activities }}" % words, "Heading 1")
    _list_table(
        document,
        "national",
        "activity",
        [
            ("{{ %s.activity }}" % words, "**{{ activity.title }}\n{{ activity.description }}", 70),
            (
                "{{ %s.lead }} / {{ %s.partners }}" % (words, words),
                "{{ activity.lead }}\n{{ activity.partners }}",
                48,
            ),
            ("{{ %s.timeframe }}" % words, "{{ activity.timeframe }}", 28),
            ("{{ %s.status }}" % words, "{{ activity.status }}", 24),
        ],
    )
    _text(document, "{{ %s.joint_activities }}" % words, "Heading 1")
    _list_table(
        document,
        "joint",
        "activity",
        [
            ("{{ %s.activity }}" % words, "**{{ activity.title }}\n{{ activity.description }}", 62),
            (
                "{{ %s.countries }}" % words,
                "{{ activity.lead_country }}\n{{ activity.countries }}",
                36,
            ),
            (
                "{{ %s.lead }} / {{ %s.partners }}" % (words, words),
                "{{ activity.lead }}\n{{ activity.partners }}",
                34,
            ),
            ("{{ %s.timeframe }}" % words, "{{ activity.timeframe }}\n{{ activity.status }}", 38),
        ],
    )
    _text(document, "{{ %s.roles }}" % words, "Heading 1")
    _list_table(
        document,
        "roles",
        "role",
        [
            ("{{ %s.who }}" % words, "**{{ role.who }}", 45),
            ("{{ %s.task }}" % words, "{{ role.what }}", 85),
            ("{{ %s.team }}" % words, "{{ role.team }}", 40),
        ],
    )
    _text(document, "{{ %s.action_plan }}" % words, "Heading 1")
    _list_table(
        document,
        "actions",
        "action",
        [
            ("{{ %s.action }}" % words, "{{ action.what }}", 80),
            ("{{ %s.owner }}" % words, "{{ action.owner }}", 38),
            ("{{ %s.due }}" % words, "{{ action.due }}\n{{ action.overdue }}", 28),
            ("{{ %s.status }}" % words, "{{ action.status }}", 24),
        ],
    )
    _text(document, "{{ %s.questions }}" % words, "Heading 1")
    _list_table(
        document,
        "questions",
        "question",
        [
            ("", "**{{ question.kind }}", 28),
            ("", "{{ question.text }}", 104),
            ("{{ %s.owner }}" % words, "{{ question.owner }}", 38),
        ],
    )
    _text(document, "{{ %s.feedback }}" % words, "Heading 1")
    _tag(document, "{%p if feedback.present %}")
    _tag(document, "{%p if feedback.responses %}")
    _text(document, "{{ feedback.responses }}", "Facts")
    _tag(document, "{%p endif %}")
    _list_table(
        document,
        "feedback.ratings",
        "rating",
        [
            ("", "{{ rating.question }}", 110),
            ("{{ %s.average }}" % words, "**{{ rating.average }}", 30),
            ("{{ %s.answers }}" % words, "{{ rating.answers }}", 30),
        ],
        empty=False,
    )
    _tag(document, "{%p if feedback.comments %}")
    _text(document, "{{ %s.comments }}" % words, "Heading 3")
    _bullets(document, "feedback.comments", "comment", "“{{ comment }}”")
    _tag(document, "{%p endif %}")
    _tag(document, "{%p else %}")
    _text(document, "{{ labels.outcome_report.nothing }}", "Note")
    _tag(document, "{%p endif %}")
    _tag(document, "{%p if photos %}")
    _text(document, "{{ %s.photos }}" % words, "Heading 1")
    _tag(document, "{%p for photo in photos %}")
    image = document.add_paragraph(style="Normal")
    image.add_run("{{ photo.image }}")
    image.paragraph_format.keep_with_next = True
    _text(document, "{{ photo.caption }}", "Note")
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p endif %}")
    _text(document, "{{ %s.annexes }}" % words, "Heading 1")
    _text(document, "{{ %s.annex_agenda }}" % words)
    _text(document, "{{ %s.annex_participants }}" % words)
    _save(document, "outcome-report.docx")


def synthesis() -> None:
    document = _new(landscape=True)
    _title_block(document, landscape=True)
    words = "labels.synthesis"
    _text(document, "{{ as_of }}", "Facts").runs[0].bold = True
    _text(document, "{{ %s.workshops }}" % words, "Heading 1")
    _list_table(
        document,
        "workshops",
        "item",
        [
            ("{{ labels.synthesis.workshop }}", "**{{ item.title }}", 150),
            ("{{ labels.participants.country }}", "{{ item.country }}", 60),
            ("{{ labels.outcome_report.date }}", "{{ item.dates }}", 57),
        ],
        empty=False,
    )
    _text(document, "{{ %s.joint_activities }}" % words, "Heading 1")
    _list_table(
        document,
        "joint",
        "item",
        [
            (
                "{{ labels.outcome_report.activity }}",
                "**{{ item.title }}\n{{ item.ids }} · {{ labels.synthesis.matched_by }} {{ item.matched_by }}",
                110,
            ),
            (
                "{{ labels.outcome_report.lead_country }}",
                "{{ item.lead_country }}\n{{ item.lead }}",
                50,
            ),
            ("{{ %s.committed }}" % words, "{{ item.committed }}", 107),
        ],
    )
    _tag(document, "{%p if joint %}")
    _text(document, "{{ %s.matrix }}" % words, "Heading 2")
    matrix = document.add_table(rows=3, cols=4)
    matrix.alignment = WD_TABLE_ALIGNMENT.LEFT
    _borders(matrix)
    _cell_margins(matrix)
    _widths(matrix, [120, 3, 22, 3])
    _header_row(matrix.rows[0])
    heading = matrix.rows[0].cells
    _cell_text(heading[0], "{{ labels.outcome_report.activity }}", "Table Heading")
    _cell_text(heading[1], "{%tc for code in matrix_countries %}", "Table Heading")
    centre = _cell_text(heading[2], "{{ code }}", "Table Heading")
    centre.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _cell_text(heading[3], "{%tc endfor %}", "Table Heading")
    for cell in heading:
        _shade(cell, HEAD_FILL)
    opening = matrix.rows[1].cells
    _cell_text(opening[0], "{%tr for item in joint %}")
    body = matrix.rows[2]
    _no_split(body)
    _cell_text(body.cells[0], "{{ item.title }}")
    _cell_text(body.cells[1], "{%tc for mark in item.cells %}")
    mark = _cell_text(body.cells[2], "{{ mark }}", bold=True)
    mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _cell_text(body.cells[3], "{%tc endfor %}")
    closing = matrix.add_row()
    _cell_text(closing.cells[0], "{%tr endfor %}")
    _tag(document, "{%p endif %}")
    _text(document, "{{ %s.activities_per_country }}" % words, "Heading 1")
    _tag(document, "{%p for country in countries %}")
    _text(document, "{{ country.country }}", "Heading 2")
    _list_table(
        document,
        "country.activities",
        "activity",
        [
            (
                "{{ labels.outcome_report.activity }}",
                "**{{ activity.title }}\n{{ activity.description }}",
                120,
            ),
            (
                "{{ labels.outcome_report.lead }} / {{ labels.outcome_report.partners }}",
                "{{ activity.lead }}\n{{ activity.partners }}",
                67,
            ),
            ("{{ labels.outcome_report.timeframe }}", "{{ activity.timeframe }}", 45),
            ("{{ labels.outcome_report.status }}", "{{ activity.status }}", 35),
        ],
    )
    _tag(document, "{%p if country.decisions %}")
    _text(document, "{{ labels.synthesis.decisions_per_country }}", "Heading 3")
    _bullets(document, "country.decisions", "decision", "{{ decision.what }} ({{ decision.date }})")
    _tag(document, "{%p endif %}")
    _tag(document, "{%p endfor %}")
    _text(document, "{{ %s.action_plan }}" % words, "Heading 1")
    _list_table(
        document,
        "actions",
        "action",
        [
            ("{{ labels.outcome_report.due }}", "**{{ action.due }}\n{{ action.overdue }}", 30),
            ("{{ labels.synthesis.workshop }}", "{{ action.workshop }}", 40),
            ("{{ labels.outcome_report.action }}", "{{ action.what }}", 120),
            ("{{ labels.outcome_report.owner }}", "{{ action.owner }}", 47),
            ("{{ labels.outcome_report.status }}", "{{ action.status }}", 30),
        ],
    )
    _save(document, "synthesis.docx")


def agreement() -> None:
    document = _new()
    _title_block(document, landscape=False)
    words = "labels.agreement"
    _text(document, "{{ %s.parties }}" % words, "Heading 1")
    _list_table(
        document,
        "parties",
        "party",
        [
            ("{{ %s.institution }}" % words, "**{{ party.institution }}", 55),
            ("{{ %s.representative }}" % words, "{{ party.representative }}", 40),
            ("{{ %s.focal_point }}" % words, "{{ party.focal_point }}\n{{ party.contact }}", 75),
        ],
        empty=False,
    )
    _text(document, "{{ %s.purpose }}" % words, "Heading 1")
    _text(document, "{{ agreement.purpose }}")
    _tag(document, "{%p if agreement.scope_text %}")
    _text(document, "{{ %s.scope }}" % words, "Heading 2")
    _text(document, "{{ agreement.scope_text }}")
    _tag(document, "{%p endif %}")
    _tag(document, "{%p if agreement.principles %}")
    _text(document, "{{ %s.principles }}" % words, "Heading 1")
    _bullets(document, "agreement.principles", "principle", "{{ principle }}")
    _tag(document, "{%p endif %}")
    _tag(document, "{%p if commitments %}")
    _text(document, "{{ %s.commitments }}" % words, "Heading 1")
    _tag(document, "{%p for party in commitments %}")
    _text(document, "{{ party.heading }}", "Heading 3")
    _bullets(document, "party.texts", "text", "{{ text }}")
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p endif %}")
    _tag(document, "{%p if channels %}")
    _text(document, "{{ %s.communication }}" % words, "Heading 1")
    _list_table(
        document,
        "channels",
        "channel",
        [
            ("{{ %s.channel_purpose }}" % words, "**{{ channel.purpose }}", 34),
            ("{{ %s.primary }}" % words, "{{ channel.primary }}", 36),
            ("{{ %s.secondary }}" % words, "{{ channel.secondary }}", 32),
            ("{{ %s.fallback }}" % words, "{{ channel.fallback }}", 32),
            ("{{ %s.response_time }}" % words, "{{ channel.response_time }}", 36),
        ],
        empty=False,
    )
    _tag(document, "{%p endif %}")
    _tag(document, "{%p if meetings %}")
    _text(document, "{{ %s.meetings }}" % words, "Heading 1")
    _list_table(
        document,
        "meetings",
        "meeting",
        [
            ("{{ %s.meeting }}" % words, "**{{ meeting.name }}\n{{ meeting.notes }}", 80),
            ("{{ %s.rhythm }}" % words, "{{ meeting.rhythm }}", 40),
            ("{{ %s.participants }}" % words, "{{ meeting.participants }}", 50),
        ],
        empty=False,
    )
    _tag(document, "{%p endif %}")
    _tag(document, "{%p if agreement.decision_rules %}")
    _text(document, "{{ %s.decision_rules }}" % words, "Heading 1")
    _bullets(document, "agreement.decision_rules", "rule", "{{ rule }}")
    _tag(document, "{%p endif %}")
    _tag(document, "{%p if agreement.confidentiality %}")
    _text(document, "{{ %s.confidentiality }}" % words, "Heading 1")
    _text(document, "{{ agreement.confidentiality }}")
    _tag(document, "{%p endif %}")
    _tag(document, "{%p if agreement.information_sharing %}")
    _text(document, "{{ %s.information_sharing }}" % words, "Heading 2")
    _text(document, "{{ agreement.information_sharing }}")
    _tag(document, "{%p endif %}")
    _tag(document, "{%p if escalation %}")
    _text(document, "{{ %s.escalation }}" % words, "Heading 1")
    _list_table(
        document,
        "escalation",
        "level",
        [
            ("{{ %s.level }}" % words, "**{{ level.level }}", 16),
            ("", "**{{ level.name }}", 40),
            ("{{ %s.handled_by }}" % words, "{{ level.who }}", 74),
            ("{{ %s.within }}" % words, "{{ level.within }}", 40),
        ],
        empty=False,
    )
    _tag(document, "{%p endif %}")
    _text(document, "{{ %s.review }}" % words, "Heading 1")
    for key in ("review", "amendments", "duration", "costs", "binding"):
        _tag(document, "{%p if agreement." + key + " %}")
        _text(document, "{{ agreement.%s }}" % key)
        _tag(document, "{%p endif %}")
    _tag(document, "{%p if agreement.languages %}")
    languages = _text(document, "{{ %s.languages }}: " % words)
    languages.runs[0].bold = True
    languages.add_run("{{ agreement.languages }}")
    _tag(document, "{%p endif %}")
    _tag(document, "{%p if agreement.agreed_at %}")
    _text(document, "{{ agreement.agreed_at }}", "Note")
    _tag(document, "{%p endif %}")

    document.add_paragraph(style="Spacer").add_run().add_break(WD_BREAK.PAGE)
    _text(document, "{{ %s.signatures }}" % words, "Heading 1")
    _text(document, "{{ agreement.place_date }}", "Facts")
    _tag(document, "{%p for party in parties %}")
    block = document.add_table(rows=4, cols=2)
    _borders(block, inner=False, outer=False)
    _cell_margins(block, 0.6, 0.6, 1.5)
    _widths(block, [40, 130])
    first = block.rows[0].cells
    merged = first[0].merge(first[1])
    _cell_text(merged, "{{ party.institution }}", "Heading 3")
    for row, (label, value) in zip(
        block.rows[1:],
        [
            ("signature_name", "{{ party.signatory }}"),
            ("signature_function", "{{ party.function }}"),
            ("signature_date", ""),
        ],
        strict=True,
    ):
        _no_split(row)
        _min_height(row, 9)
        _cell_text(row.cells[0], "{{ %s.%s }}" % (words, label), "Small")
        value_paragraph = _cell_text(row.cells[1], value)
        _bottom_rule(value_paragraph, color="7F7F7F", size=4)
    signature = block.add_row()
    _no_split(signature)
    _min_height(signature, 16)
    _cell_text(signature.cells[0], "{{ %s.signature }}" % words, "Small")
    line = _cell_text(signature.cells[1], "")
    _bottom_rule(line, color="7F7F7F", size=4)
    for row in block.rows:
        _keep_together(row)
    _text(document, "", "Spacer").paragraph_format.space_after = Pt(14)
    _tag(document, "{%p endfor %}")
    _save(document, "agreement.docx")


def _keep_together(row) -> None:
    for cell in row.cells:
        for paragraph in cell.paragraphs:
            paragraph.paragraph_format.keep_with_next = True


def _save(document, name: str) -> None:
    properties = document.core_properties
    properties.author = ""
    properties.last_modified_by = ""
    properties.comments = ""
    properties.title = ""
    properties.keywords = ""
    properties.subject = ""
    document.save(TEMPLATES / name)
    print(f"wrote templates/{name}")


AGENDA_MD = """\
# {{ workshop.title | md }}
{% if workshop.subtitle %}

*{{ workshop.subtitle | md }}*
{% endif %}

**{{ workshop.dates | md }}**{% if workshop.place %} · {{ workshop.place | md }}{% endif %}

{{ programme.name | md }}

*{{ document.marking | md }}*
{% if workshop.objectives %}

## {{ labels.agenda.objectives | md }}

{% for objective in workshop.objectives %}
- {{ objective | md }}
{% endfor %}
{% endif %}
{% for day in days %}

## {{ day.label | md }} · {{ day.date | md }}
{% if day.theme %}

**{{ day.theme | md }}**
{% endif %}
{% if day.objective %}

{{ day.objective | md }}
{% endif %}

| {{ labels.agenda.time | md }} | {{ labels.agenda.session | md }} |
| --- | --- |
{% for session in day.sessions %}
| {{ session.time }} | {% if session.is_rest %}*{{ session.title | md }}*{% else %}**{{ session.title | md }}**{% endif %}{% if session.objective %}<br>{{ session.objective | md }}{% endif %}{% if session.outputs %}<br>*{{ labels.agenda.outputs | md }} {{ session.outputs | join('; ') | md }}*{% endif %} |
{% endfor %}
{% endfor %}
{% if document.footnotes %}

---
{% for note in document.footnotes %}

{{ note.symbol | md }} {{ note.text | md }}
{% endfor %}
{% endif %}
"""


def main() -> int:
    TEMPLATES.mkdir(exist_ok=True)
    agenda()
    run_sheet()
    participants()
    sign_in()
    outcome_report()
    synthesis()
    agreement()
    (TEMPLATES / "agenda.md.j2").write_text(AGENDA_MD, encoding="utf-8", newline="\n")
    print("wrote templates/agenda.md.j2")
    return 0


if __name__ == "__main__":
    sys.exit(main())
