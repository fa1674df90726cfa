"""View data of the daily sign-in sheets, broken into pages that say which page of the day they are.

An auditor takes a sheet for what each of its pages says: the programme, the event, the day and
its date, the venue and "Day 2 · page 1 of 3", and a certification on the page of the last
signatures. No field that both Word and LibreOffice know numbers pages per day, so the pages are
made here (:mod:`.paging`): the rows are measured from their text and packed into pages with room
to spare, and the template puts a page break between them.

Everyone registered signs, the people who run the workshop in a group of their own after the
participants, and rows for people who are not on the list fill the last page of each day. What
the registration says is printed (name, function, institution, country, e-mail where shared,
gender); consent to photos is never pre-filled: each person ticks it on the sheet.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

from facilitation.documents.measure import count_lines, fits_unbroken, text_width
from facilitation.documents.views.agenda import describe_day
from facilitation.documents.views.base import ViewContext, add_footnotes, describe_workshop
from facilitation.documents.views.paging import PlannedRows, paginate, room_left
from facilitation.documents.views.participants import (
    Person,
    contact_of,
    list_people,
    split_staff,
)

#: Height of the logos at the head of each day's sheet, in millimetres.
LOGO_MM = 8.0
#: The most rows for people who are not on the list that fill a day's last page.
MAX_EXTRA_WALK_INS = 10


@dataclass(frozen=True)
class SheetLayout:
    """The measures of ``sign-in.docx`` that its pages are packed by, in points.

    They follow the template (landscape A4, its margins, columns and text sizes) and were
    measured on the PDF that LibreOffice makes of it. A restyled template with other measures
    should change these too.
    """

    #: Height between the top and bottom page margins (20 and 24 mm).
    body: float = (11906 - 1134 - 1361) / 20
    #: Room kept free on every page, for what an estimate cannot see.
    spare: float = 9.0
    #: Text width of each column (cell width less its left and right margins), in order:
    #: number, name, function, institution, country, contact, gender, photos, signature.
    columns: tuple[float, ...] = tuple(
        (twips - 170) / 20 for twips in (567, 2041, 2268, 2381, 1247, 2438, 794, 907, 2495)
    )
    #: Text widths of the facts' labels, of the event and programme, and of the date and venue.
    facts: tuple[float, float, float] = ((1758 - 170) / 20, (6293 - 170) / 20, (5329 - 170) / 20)
    #: Width of the page between its margins.
    page: float = 15138 / 20
    #: Sizes of the text, the e-mails, the column headings and the small print (legend, notice).
    text: float = 9.0
    contact: float = 8.0
    heading: float = 8.0
    small: float = 8.0
    #: A line is 1.15 em (Arial's height with its line gap) times 1.1 (the styles' spacing).
    leading: float = 1.15 * 1.1
    #: What a row adds to its lines: cell margins, the paragraph's space after, the border.
    cell_extra: float = 6.0
    #: The least height of a row to sign in (12.5 mm), and the height of a group heading.
    row: float = 709 / 20
    group: float = 15.5
    #: A funder's row in the logo strip; the strip of partner logos alone.
    funder: float = 26.0
    partners: float = 24.0
    #: What heads every page besides the logos, with one line for each fact, the legend and
    #: the heading row; what closes a day's last page (notice heading, certification, lines to
    #: sign) besides the lines of its texts.
    top: float = 83.5
    closing: float = 72.0

    def line(self, size: float) -> float:
        """The height of a line of text of ``size`` points."""
        return size * self.leading


LAYOUT = SheetLayout()


def count_walk_in_rows(participants: int) -> int:
    """Blank rows for people who were not registered: a tenth of the list, 5 to 20."""
    return max(5, min(20, math.ceil(participants / 10)))


def split_email(address: str, width: float = LAYOUT.columns[5]) -> tuple[str, str]:
    """An e-mail address as one line, or broken before ``@`` when it is too wide for ``width``."""
    if "@" not in address or text_width(address, LAYOUT.contact) <= width:
        return address, ""
    local, _, domain = address.partition("@")
    return local, f"@{domain}"


def _sheet_row(ctx: ViewContext, number: int, person: Person) -> dict[str, Any]:
    """A registered person's row: what the registration says, never a tick of consent."""
    participant = person.participant
    codes = ctx.labels["sign_in"]["gender_codes"]
    contact = "" if ctx.shared else contact_of(participant, False)["contact"]
    first, domain = split_email(contact)
    return {
        "kind": "person",
        "number": number,
        "name": participant.full_name,
        "function": participant.function or "",
        "institution": person.institution,
        "country": person.country_name,
        "contact": first,
        "contact_domain": domain,
        "gender": codes[participant.gender] if participant.gender else "",
    }


def _blank_row(number: int) -> dict[str, Any]:
    """A row for someone who is not on the list: only its number is printed."""
    return {"kind": "blank", "number": number, **dict.fromkeys(_TEXT_FIELDS, "")}


_TEXT_FIELDS = ("name", "function", "institution", "country", "contact", "contact_domain", "gender")


def _sheet_rows(ctx: ViewContext) -> list[dict[str, Any]]:
    """The rows of every day's sheet: participants, then the team, then rows for walk-ins."""
    labels = ctx.labels["sign_in"]
    attendees, staff = split_staff(list_people(ctx))
    rows = [_sheet_row(ctx, number, person) for number, person in enumerate(attendees, 1)]
    if staff:
        rows.append({"kind": "group", "label": labels["staff"]})
        rows.extend(
            _sheet_row(ctx, number, person)
            for number, person in enumerate(staff, start=len(attendees) + 1)
        )
    rows.append({"kind": "group", "label": labels["walk_ins"]})
    first = len(attendees) + len(staff) + 1
    rows.extend(
        _blank_row(number) for number in range(first, first + count_walk_in_rows(len(attendees)))
    )
    return rows


def row_height(row: dict[str, Any], layout: SheetLayout = LAYOUT) -> float:
    """The height a row of the sheet takes, from the lines its tallest cell wraps to."""
    if row["kind"] == "group":
        return layout.group
    widths, text, line = layout.columns, layout.text, layout.line(layout.text)
    contact = "\n".join(filter(None, (row["contact"], row["contact_domain"])))
    # NOTE: the cells one by one, not in a loop: a sheet measures every row of a long list.
    tallest = max(
        count_lines(row["name"], widths[1], text, True) * line,
        count_lines(row["function"], widths[2], text, False) * line,
        count_lines(row["institution"], widths[3], text, False) * line,
        count_lines(row["country"], widths[4], text, False) * line,
        count_lines(contact, widths[5], layout.contact, False) * layout.line(layout.contact),
    )
    return max(layout.row, tallest + layout.cell_extra)


def column_headings(labels: dict[str, Any]) -> list[str]:
    """The column headings of the sheet, in the template's order."""
    people, sign_in = labels["participants"], labels["sign_in"]
    return [
        *(people[key] for key in ("number", "name", "function", "institution", "country")),
        people["contact"],
        *(sign_in[key] for key in ("gender", "photos", "signature")),
    ]


def headings_fit(labels: dict[str, Any], layout: SheetLayout = LAYOUT) -> bool:
    """True when no word of a column heading or of a fact's label breaks inside itself."""
    words = labels["sign_in"]
    facts = (words["event"], words["date"], labels["title_block"]["programme"], words["venue"])
    return all(
        fits_unbroken(text, width, layout.heading, bold=True)
        for text, width in zip(column_headings(labels), layout.columns, strict=True)
    ) and all(fits_unbroken(text, layout.facts[0], layout.text, bold=True) for text in facts)


def page_top(
    view: dict[str, Any], sheet: dict[str, Any], logos: bool, layout: SheetLayout = LAYOUT
) -> float:
    """The height of what heads a page: logos (``logos``), title, facts, legend, headings."""
    strip = 0.0
    if logos and (view["funders"] or view["partners"]):
        strip = max(len(view["funders"]) * layout.funder, layout.partners)
    _, left, right = layout.facts
    programme = " · ".join(
        filter(None, (view["programme"]["full_name"], view["programme"]["reference"]))
    )
    facts = (
        (view["workshop"]["title"], f"{sheet['label']} · {sheet['date']}", True),
        (programme, sheet["place"], False),
    )
    extra = sum(
        max(count_lines(one, left, layout.text, bold), count_lines(two, right, layout.text, bold))
        - 1
        for one, two, bold in facts
    )
    labels = view["labels"]
    legend = count_lines(labels["sign_in"]["legend"], layout.page, layout.small)
    headings = max(
        count_lines(text, width, layout.heading, True)
        for text, width in zip(column_headings(labels), layout.columns, strict=True)
    )
    return (
        layout.top
        + strip
        + extra * layout.line(layout.text)
        + (legend + headings - 2) * layout.line(layout.small)
    )


def closing_height(view: dict[str, Any], layout: SheetLayout = LAYOUT) -> float:
    """The height of what closes a day's sheet: the data protection notice, the certification."""
    words = view["labels"]["sign_in"]
    notice = count_lines(words["notice"], layout.page, layout.small)
    certification = count_lines(words["certification"], layout.page, layout.text)
    # The organiser that certifies is named on its own line, above the lines the person fills in.
    name = view["programme"]["organiser"]
    organiser = count_lines(name, layout.page, layout.text) if name else 0
    return (
        layout.closing
        + notice * layout.line(layout.small)
        + (certification + organiser) * layout.line(layout.text)
    )


def _small_logos(view: dict[str, Any]) -> dict[str, Any]:
    """The logos in a low strip, so that the first page of each day keeps room to sign."""
    for funder in view["funders"]:
        if funder["logo"]:
            funder["logo"] = replace(funder["logo"], height_mm=LOGO_MM)
    for partner in view["partners"]:
        if partner["logo"]:
            partner["logo"] = replace(partner["logo"], height_mm=LOGO_MM * 0.85)
    return view


def _day_pages(
    view: dict[str, Any],
    sheet: dict[str, Any],
    rows: list[dict[str, Any]],
    heights: list[float],
    packed: dict[tuple[float, float, float], list[list[int]]],
) -> list[list[dict[str, Any]]]:
    """The rows of each page of one day's sheet; walk-in rows fill what the last page leaves.

    ``heights`` are the rows' heights (:func:`row_height`), the same on every day. ``packed``
    holds the pages of the days before by the room of their pages: days whose sheets are headed
    alike are packed alike, so a long list is packed once, not once a day.
    """
    room = LAYOUT.body - LAYOUT.spare - page_top(view, sheet, logos=False)
    first = LAYOUT.body - LAYOUT.spare - page_top(view, sheet, logos=True)
    closing = closing_height(view)
    pages = packed.get((room, first, closing))
    if pages is None:
        keep = [row["kind"] == "group" for row in rows]
        pages = packed[room, first, closing] = paginate(heights, room, closing, keep, first=first)
    left = room_left(heights, pages[-1], first if len(pages) == 1 else room, closing)
    extra = min(MAX_EXTRA_WALK_INS, max(0, math.floor(left / LAYOUT.row)))
    last = rows[-1]["number"] if rows else 0
    added = [_blank_row(number) for number in range(last + 1, last + 1 + extra)]
    return [[rows[index] for index in page] for page in pages[:-1]] + [
        [rows[index] for index in pages[-1]] + added
    ]


def _grouped(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows of a page under their group headings (the first group may have none)."""
    groups: list[dict[str, Any]] = [{"label": "", "rows": PlannedRows()}]
    for row in rows:
        if row["kind"] == "group":
            groups.append({"label": row["label"], "rows": PlannedRows()})
        else:
            groups[-1]["rows"].append(row)
    return [group for group in groups if group["label"] or group["rows"]]


def make_sign_in_view(ctx: ViewContext) -> dict[str, Any]:
    """One attendance sheet per day, for signature, broken into pages that say their number.

    ``sheets`` has a sheet for each day held in person (online days have nothing to sign): the
    day (:func:`~.agenda.describe_day`), its ``place`` and its ``pages``. A page has its
    ``number``, the ``count`` of its day's pages, its ``label`` ("Day 2 · page 1 of 3"), its
    ``rows`` (``kind`` person, blank or group) and the same rows as ``groups`` (a ``label``,
    which may be empty, and its ``rows``), and ``last`` (the page with the notice and the
    certification). ``pages`` lists every page of every day, in order, with its ``day``.
    """
    view = _small_logos(describe_workshop(ctx, "sign_in"))
    rows = _sheet_rows(ctx)
    heights = [row_height(row) for row in rows]
    packed: dict[tuple[float, float, float], list[list[int]]] = {}
    sheets: list[dict[str, Any]] = []
    for day in ctx.schedule.days:
        if ctx.workshop.is_online(day.index):
            continue
        sheet = describe_day(ctx, day)
        sheet["place"] = sheet["venue"] or view["workshop"]["place"]
        day_pages = _day_pages(view, sheet, rows, heights, packed)
        sheet["pages"] = [
            {
                "day": sheet["number"],
                "number": number,
                "count": len(day_pages),
                "label": str(ctx.labels["sign_in"]["page_of"]).format(
                    day=sheet["label"], page=number, pages=len(day_pages)
                ),
                "rows": PlannedRows(page_rows),
                "groups": _grouped(page_rows),
                "last": number == len(day_pages),
            }
            for number, page_rows in enumerate(day_pages, start=1)
        ]
        sheets.append(sheet)
    view["sheets"] = sheets
    view["pages"] = [page for sheet in sheets for page in sheet["pages"]]
    _add_footnotes(view, ctx, rows)
    return view


def _add_footnotes(view: dict[str, Any], ctx: ViewContext, rows: list[dict[str, Any]]) -> None:
    """The footnotes whose markers the sheets' texts hold, each text searched once.

    Why: every row stands on its page twice (in ``rows`` and under its group), and every page
    twice (in its day and in ``pages``); the rows of each day's last page that are not on the
    list are blank.
    """
    days = [
        {key: value for key, value in sheet.items() if key != "pages"} for sheet in view["sheets"]
    ]
    pages = [
        {key: value for key, value in page.items() if key not in ("rows", "groups")}
        for page in view["pages"]
    ]
    groups = [group["label"] for page in view["pages"] for group in page["groups"]]
    texts = {**view, "sheets": days, "pages": pages, "groups": groups, "rows": rows}
    add_footnotes(texts, ctx)
