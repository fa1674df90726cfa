"""The `bad` example of every code in the catalogue yields that code; its `good` example does not.

The examples in ``catalogue/data/codes.yaml`` are snippets: a few sessions, a day, the
``workshop:`` section, an outcome list, a CSV, a template paragraph or a command line. Each code
below says how its snippet is put into a complete file next to the Western Balkans programme (the
team ids ek, ab, mn, jv, ah, dp and the institutions the examples name come from there), which
companion files it needs (a participant CSV, a photo, a logo, a template), and what is run: the
checker for files, ``build`` for templates, ``synthesis`` for O511. A code that is neither run nor
listed in :data:`NOT_RUNNABLE` fails :func:`test_every_code_is_run_or_listed`.
"""

from __future__ import annotations

import contextlib
import re
import shlex
import shutil
import textwrap
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import REPO, codes_of
from facilitation import codes
from facilitation.catalogue.explanations import explain_code
from facilitation.checking.analyse import analyse_paths
from facilitation.cli.app import app
from facilitation.errors import Severity

EXAMPLE = REPO / "examples" / "western-balkans"
TEMPLATES = REPO / "templates"
_CODE_IN_OUTPUT = re.compile(r"\b(?:error|warning)\[([A-Z]\d{3})\]")

#: Codes whose examples cannot be run, with the reason. Empty: every example is run.
NOT_RUNNABLE: dict[str, str] = {}

#: Good examples that still have an error once completed, because the snippet leaves it out.
GOOD_WITH_ERRORS: dict[str, str] = {
    codes.ALIAS_LIMIT: "the sessions of the good example have neither minutes nor a method (P215)",
}

# --- the complete files the snippets go into -----------------------------------------------------

WORKSHOP = """\
workshop:
  id: kickoff-serbia
  title: National kick-off – Serbia
  start: 2026-01-20
  country: RS
"""

#: The day that snippets which are not sessions or days get: clean, and with a session id.
DAYS = """\
days:
  - start: 9:00
    end: 12:00
    sessions:
      - {id: rs-context, title: Context analysis, method: context-analysis, minutes: 75, lead: ek}
      - {break: Coffee, minutes: 15}
      - {title: Stakeholder map, method: stakeholder-mapping, minutes: 60, lead: ab}
"""

AGREEMENT = """\
agreement:
  id: agreement-serbia
  title: National collaboration agreement – Serbia
  scope: national
  country: RS
  date: 2026-03-24
  purpose: The parties agree how they work together.
  parties:
    - institution: rs-prosecution
    - institution: rs-police
"""

CSV = "Name,Institution,Country,E-mail\nMarija Ilić,rs-moi,RS,m.ilic@example.org\n"

#: A text that makes the elided part (`...`) of the S109 title longer than 500 characters.
FILLER = " ".join(["the prosecution, the police and the ministries of each country"] * 10)


def literal(snippet: str) -> str:
    """The placeholders of the examples as the characters they stand for."""
    snippet = snippet.replace("<TAB>", "\t")
    return re.sub(r"<U\+([0-9A-F]{4})>", lambda m: chr(int(m.group(1), 16)), snippet)


def indent(text: str, spaces: int) -> str:
    return textwrap.indent(text, " " * spaces)


def blocks(text: str, spaces: int = 0) -> dict[str, str]:
    """A mapping's text split into its keys' blocks; lines before the first key go under ``""``."""
    key_line = re.compile(rf"^ {{{spaces}}}([A-Za-z_][\w-]*):")
    result: dict[str, str] = {}
    key = ""
    for line in text.splitlines(keepends=True):
        match = key_line.match(line)
        if match:
            key = match.group(1)
            result[key] = ""
        result[key] = result.get(key, "") + line
    return result


def merged(snippet_block: str, base_block: str) -> str:
    """``snippet_block`` (``key:`` and its lines) with the sub-keys of ``base_block`` it lacks."""
    have = blocks(snippet_block, 2)
    extra = [block for key, block in blocks(base_block, 2).items() if key and key not in have]
    return snippet_block.rstrip("\n") + "\n" + "".join(extra)


def fill_days(days: str) -> str:
    """Days (list items at column 0) with a start, an end and a session where they lack one."""
    items = re.split(r"(?m)^(?=- )", days)
    filled = [items[0]]
    for item in items[1:]:
        keys = set(re.findall(r"(?m)^(?:- |  )(\w+):", item))
        item = item.rstrip("\n") + "\n"
        item += "  start: 9:00\n" if "start" not in keys else ""
        item += "  end: 12:00\n" if "end" not in keys else ""
        item += "  sessions:\n    - {title: Work, minutes: 60}\n" if "sessions" not in keys else ""
        filled.append(item)
    return "".join(filled)


def workshop_file(
    snippet: str = "", *, programme: str = "programme.yaml", merge_workshop: bool = True
) -> str:
    """A complete workshop file: the snippet's top-level keys replace (``workshop:`` extends) the
    base's; ``days:`` of the snippet get what a day needs to be timed."""
    parts = {"": "", "programme": f"programme: {programme}\n", "workshop": WORKSHOP, "days": DAYS}
    for key, block in blocks(snippet).items():
        if key == "workshop" and merge_workshop:
            block = merged(block, WORKSHOP)
        elif key == "days":
            head, _, body = block.partition("\n")
            block = head + "\n" + indent(fill_days(textwrap.dedent(body)), 2)
        parts[key] = parts[key] + block if key == "" else block
    return "".join(parts.values())


def with_sessions(snippet: str) -> str:
    """A workshop whose one day (9:00 to 15:00) holds the snippet's sessions or `sessions:` key."""
    day = "- start: 9:00\n  end: 15:00\n"
    if re.match(r"(?:#.*\n)*sessions:", snippet):
        day += indent(snippet, 2)
    else:
        day += "  sessions:\n" + indent(snippet, 4)
    return workshop_file("days:\n" + indent(day, 2))


def with_days(snippet: str) -> str:
    return workshop_file("days:\n" + indent(snippet, 2))


def with_outcomes(snippet: str) -> str:
    return workshop_file() + "outcomes:\n" + indent(snippet, 2)


def with_activity(snippet: str) -> str:
    """A single activity (a list item) under `outcomes: activities:`, given a title if it has none."""
    if not re.search(r"(?m)^  title:", snippet):
        first, _, rest = snippet.partition("\n")
        snippet = f"{first}\n  title: Joint investigation team\n{rest}"
    return with_outcomes("activities:\n" + indent(snippet, 2))


def agreement_file(snippet: str, *, programme: str = "programme.yaml") -> str:
    """A complete agreement file; the snippet's `agreement:` keys, or its bare agreement keys
    (`parties:`, `commitments:`, ...), replace the base's."""
    sections = blocks(snippet)
    block = sections.get("agreement") or "agreement:\n" + indent(snippet, 2)
    return f"programme: {programme}\n" + merged(block, AGREEMENT)


# --- companions and runs -------------------------------------------------------------------------


def copy_programme(folder: Path) -> None:
    shutil.copy(EXAMPLE / "programme.yaml", folder / "programme.yaml")
    shutil.copytree(EXAMPLE / "logos", folder / "logos")


def add_institution(folder: Path, block: str) -> None:
    path = folder / "programme.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("institutions:\n", "institutions:\n" + block, 1), "utf-8")


def put(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def photos_named(snippet: str, folder: Path) -> None:
    """Create every photo the snippet names: a real JPEG, or bytes of the format its name says."""
    jpeg = EXAMPLE / "kickoffs" / "photos" / "serbia-plenary.jpg"
    for name in re.findall(r"file: (\S+)", snippet):
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.suffix.lower() in (".jpg", ".jpeg"):
            shutil.copy(jpeg, target)
        else:
            target.write_bytes(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic")


def check(*paths: Path) -> list[str]:
    return codes_of(analyse_paths(list(paths)))


def run(folder: Path, *commands: list[str]) -> list[str]:
    """Run ``facilitation`` commands in ``folder``; the codes they print."""
    found: list[str] = []
    with contextlib.chdir(folder):
        for args in commands:
            result = CliRunner().invoke(app, args)
            assert "Traceback" not in result.output + result.stderr, result.stderr
            found += _CODE_IN_OUTPUT.findall(result.stderr + result.stdout)
    return found


def commands_in(snippet: str) -> list[list[str]]:
    """The ``$ facilitation ...`` lines of a snippet, as arguments."""
    return [shlex.split(line)[2:] for line in snippet.splitlines() if line.startswith("$ ")]


def without_comments(snippet: str) -> str:
    return "".join(
        line
        for line in snippet.splitlines(keepends=True)
        if not line.startswith(("#", "$")) and line.strip()
    )


# --- how each code's examples are run ------------------------------------------------------------

Runner = Callable[[str, Path], list[str]]


def file_check(compose: Callable[[str], str], name: str = "w.yaml") -> Runner:
    """Compose a file from the snippet and check it."""

    def _run(snippet: str, folder: Path) -> list[str]:
        return check(put(folder / name, compose(snippet)))

    return _run


def on_its_own(snippet: str, folder: Path) -> list[str]:
    """The snippet is the whole file."""
    return check(put(folder / "w.yaml", snippet))


sessions = file_check(with_sessions)
days = file_check(with_days)
whole = file_check(workshop_file)
outcomes = file_check(with_outcomes)
activity = file_check(with_activity)
agreement = file_check(agreement_file)


def photos(snippet: str, folder: Path) -> list[str]:
    photos_named(snippet, folder)
    return outcomes(snippet, folder)


def csv_participants(snippet: str, folder: Path) -> list[str]:
    """The snippet is the participant CSV of the workshop."""
    put(folder / "participants.csv", without_comments(snippet))
    return check(put(folder / "w.yaml", workshop_file("participants: participants.csv\n")))


def too_large(snippet: str, folder: Path) -> list[str]:
    """The participant rows, repeated until the file is over the 4 MB limit."""
    rows = [line for line in snippet.splitlines() if line.lstrip().startswith("- {")]
    text = workshop_file(snippet.split("# ...")[0])
    repeat = 5 * 1024 * 1024 // len(rows[0]) + 1
    return check(put(folder / "w.yaml", text + (rows[0] + "\n") * repeat))


def small_file_with_csv(snippet: str, folder: Path) -> list[str]:
    put(folder / "participants.csv", CSV)
    return whole(snippet, folder)


def cp1250(snippet: str, folder: Path) -> list[str]:
    return check(put(folder / "w.yaml", workshop_file(snippet).encode("cp1250")))


def nested(snippet: str, folder: Path) -> list[str]:
    """70 lists, each inside the one before, in a session's `notes:`."""
    deep = "[" * 70 + "Flip chart photos" + "]" * 70
    snippet = re.sub(r"\[\[.*\]\]", deep, snippet)
    return sessions("- title: Harvest\n  minutes: 30\n" + indent(snippet, 2), folder)


def long_title(snippet: str, folder: Path) -> list[str]:
    return sessions(snippet.replace("...", FILLER), folder)


def in_kickoffs(snippet: str, folder: Path) -> list[str]:
    """kickoffs/serbia.yaml, one folder below the programme (the snippet may name it itself)."""
    return check(
        put(
            folder / "kickoffs" / "serbia.yaml",
            workshop_file(snippet, programme="../programme.yaml"),
        )
    )


def split_files(snippet: str, folder: Path) -> list[str]:
    """Split at the comments that name a file: each part a file of its own in kickoffs/."""
    paths = []
    for part in re.split(r"(?m)^(?=# kickoffs/)", snippet):
        name = re.match(r"# (kickoffs/[\w-]+\.yaml)", part)
        if name:
            text = workshop_file(part, programme="../programme.yaml")
            paths.append(put(folder / name.group(1), text))
    assert len(paths) == 2
    return check(*paths)


def no_merge(snippet: str, folder: Path) -> list[str]:
    return check(put(folder / "w.yaml", workshop_file(snippet, merge_workshop=False)))


def four_days(snippet: str, folder: Path) -> list[str]:
    """A four-day workshop whose every day holds the snippet's sessions."""
    day = "- start: 9:00\n  end: 17:30\n  sessions:\n" + indent(snippet, 4)
    return check(put(folder / "w.yaml", with_days(day * 4)))


def participants_next_to_it(snippet: str, folder: Path) -> list[str]:
    for name in re.findall(r"participants: (\S+\.csv)", snippet):
        put(folder / "kickoffs" / name, CSV)
    return in_kickoffs(snippet, folder)


def ods_file(snippet: str, folder: Path) -> list[str]:
    """An OpenDocument spreadsheet where a CSV or .xlsx is expected."""
    with zipfile.ZipFile(folder / "registrations.ods", "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    return whole(snippet, folder)


def xlsx_file(snippet: str, folder: Path) -> list[str]:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Confirmed"
    for row in CSV.splitlines():
        sheet.append(row.split(","))
    book.save(folder / "registrations.xlsx")
    return whole(snippet, folder)


CYRILLIC_CSV = "Name,Institution,Country\nЈована Тодоровић,rs-moi,RS\nЂорђе Марковић,rs-police,RS\n"


def csv_in(encoding: str) -> Runner:
    """The participant file the snippet names, in ``encoding``; then the snippet's command."""

    def _run(snippet: str, folder: Path) -> list[str]:
        name = re.search(r"participants: (\S+)", snippet)
        assert name is not None
        put(folder / "kickoffs" / name.group(1), CYRILLIC_CSV.encode(encoding))
        put(
            folder / "kickoffs" / "serbia.yaml",
            workshop_file(without_comments(snippet), programme="../programme.yaml"),
        )
        return run(folder, *commands_in(snippet))

    return _run


def rows_as_commented(snippet: str, folder: Path) -> list[str]:
    """The participant file the snippet names, with as many rows as its comment says."""
    found = re.search(r"participants: (\S+)\s+# ([\d,]+) rows", snippet)
    assert found is not None
    name, count = found.group(1), int(found.group(2).replace(",", ""))
    heading, row = CSV.splitlines()
    rows = (row.replace("m.ilic@", f"m.ilic.{index}@") for index in range(count))
    put(folder / name, "\n".join([heading, *rows]) + "\n")
    return whole(snippet, folder)


def csv_with_bytes(snippet: str, folder: Path) -> list[str]:
    """The snippet is the participant CSV, in UTF-8; each ``<0xE6>`` in it is that one byte."""
    data = without_comments(snippet).encode()
    data = re.sub(rb"<0x([0-9A-F]{2})>", lambda match: bytes([int(match.group(1), 16)]), data)
    put(folder / "participants.csv", data)
    return check(put(folder / "w.yaml", workshop_file("participants: participants.csv\n")))


def due_dates(snippet: str, folder: Path) -> list[str]:
    assert "start: 2026-01-20" in WORKSHOP  # the date the example's comment gives
    return outcomes(snippet, folder)


def outcome_file(snippet: str, folder: Path) -> list[str]:
    name = re.match(r"# (kickoffs/[\w-]+\.yaml)", snippet)
    assert name is not None
    return check(put(folder / name.group(1), snippet))


def outcome_file_with_workshop(snippet: str, folder: Path) -> list[str]:
    put(folder / "kickoffs" / "serbia.yaml", workshop_file(programme="../programme.yaml"))
    return outcome_file(snippet, folder)


def synthesis_commands(snippet: str, folder: Path) -> list[str]:
    """kickoffs/ with a workshop; the outcome file that `record` adds to; then the commands."""
    put(folder / "kickoffs" / "serbia.yaml", workshop_file(programme="../programme.yaml"))
    commands = commands_in(snippet)
    if any(args[0] == "record" for args in commands):
        put(folder / "kickoffs" / "serbia-outcomes.yaml", "outcomes:\n  workshop: serbia.yaml\n")
    return run(folder, *commands)


def synthesis_of(snippet: str, folder: Path) -> list[str]:
    """kickoffs/serbia.yaml is the snippet's workshop, with a decision recorded; then synthesis."""
    put(
        folder / "kickoffs" / "serbia.yaml",
        workshop_file(
            without_comments(snippet), programme="../programme.yaml", merge_workshop=False
        ),
    )
    put(
        folder / "kickoffs" / "serbia-outcomes.yaml",
        "outcomes:\n  workshop: serbia.yaml\n  decisions:\n    - {what: Meet monthly}\n",
    )
    return run(folder, ["synthesis", "kickoffs", "-o", "out", "--as-of", "2026-06-01"])


def funders(snippet: str, folder: Path) -> list[str]:
    """The snippet is the programme's `funders:`; the logo it names exists (an SVG, or a PNG)."""
    path = folder / "programme.yaml"
    sections = blocks(path.read_text(encoding="utf-8"))
    sections["funders"] = snippet
    path.write_text("".join(sections.values()), encoding="utf-8")
    for name in re.findall(r"logo: (\S+\.svg)", snippet):
        put(folder / name, '<svg xmlns="http://www.w3.org/2000/svg"/>\n')
    return whole("", folder)


def build_with(template: Callable[[str, Path], None], document: str) -> Runner:
    """Put the user's template in my-templates/, then build ``document`` with it."""

    def _run(snippet: str, folder: Path) -> list[str]:
        template(snippet, folder / "my-templates")
        put(folder / "w.yaml", workshop_file())
        args = ["build", "w.yaml", "--only", document, "--templates", "my-templates", "-o", "out"]
        return run(folder, args)

    return _run


def docx_paragraphs(snippet: str, folder: Path) -> None:
    """my-templates/agenda.docx with the snippet's lines as its paragraphs."""
    import docx

    document = docx.Document()
    for line in without_comments(snippet).splitlines():
        document.add_paragraph(line)
    folder.mkdir(parents=True, exist_ok=True)
    document.save(str(folder / "agenda.docx"))


def docm_or_docx(snippet: str, folder: Path) -> None:
    """The default agenda template: as a macro-enabled document when the snippet says so."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "agenda.docx"
    if ".docm" not in snippet:
        shutil.copy(TEMPLATES / "agenda.docx", target)
        return
    with (
        zipfile.ZipFile(TEMPLATES / "agenda.docx") as source,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == "[Content_Types].xml":
                data = data.replace(
                    b"document.main+xml",
                    b"document.macroEnabled.main+xml",
                ).replace(
                    b"</Types>",
                    b'<Default Extension="bin" '
                    b'ContentType="application/vnd.ms-office.vbaProject"/></Types>',
                )
            archive.writestr(entry, data)
        archive.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 macros")


def markdown_template(snippet: str, folder: Path) -> None:
    """my-templates/agenda.md.j2 from the snippet; footer.md.j2 next to it when it says so."""
    put(folder / "agenda.md.j2", without_comments(snippet))
    if "footer.md.j2 next to it" in snippet:
        put(folder / "footer.md.j2", "Prepared by the facilitation team.\n")


def docx_under_review(snippet: str, folder: Path) -> None:
    """The default agenda template, with the tracked change and the comment the snippet lists."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document(str(TEMPLATES / "agenda.docx"))
    changed = re.search(r'"([^"]+)" changed to "([^"]+)"', snippet)
    if changed:
        paragraph = document.add_paragraph()._p
        for kind, tag, text in (("del", "delText", changed[1]), ("ins", "t", changed[2])):
            paragraph.append(
                parse_xml(
                    f'<w:{kind} {nsdecls("w")} w:id="9{len(kind)}" w:author="A colleague">'
                    f"<w:r><w:{tag}>{text}</w:{tag}></w:r></w:{kind}>"
                )
            )
    comment = re.search(r'a comment on the title: "([^"]+)"', snippet)
    if comment:
        runs = document.add_paragraph("{{ workshop.title }}").runs
        document.add_comment(runs, text=comment[1], author="A colleague")
    folder.mkdir(parents=True, exist_ok=True)
    document.save(str(folder / "agenda.docx"))


def csv_assessment(snippet: str, folder: Path) -> list[str]:
    """The snippet is the workshop's self-assessment CSV."""
    put(folder / "assessment.csv", without_comments(snippet))
    return check(put(folder / "w.yaml", workshop_file("assessment: assessment.csv\n")))


def assessment_next_to_it(snippet: str, folder: Path) -> list[str]:
    """kickoffs/serbia-assessment.csv exists; the snippet names it (or misnames it)."""
    put(folder / "kickoffs" / "serbia-assessment.csv", "Empathy,Balance\n4,3\n")
    return in_kickoffs(without_comments(snippet), folder)


@dataclass(frozen=True)
class Case:
    """How the bad and the good example of one code are run (the same way unless ``good``)."""

    bad: Runner
    good: Runner | None = None


def _add_customs(snippet: str, folder: Path) -> list[str]:
    if "lists rs-customs" in snippet:
        add_institution(
            folder,
            "  - id: rs-customs\n    name: Customs Administration\n    type: customs\n"
            "    country: RS\n",
        )
    return agreement(snippet, folder)


def _agreement_in_folder(snippet: str, folder: Path) -> list[str]:
    put(folder / "kickoffs" / "serbia.yaml", workshop_file(programme="../programme.yaml"))
    name = re.match(r"# (agreements/[\w-]+\.yaml)", snippet)
    assert name is not None
    text = agreement_file(snippet, programme="../programme.yaml")
    return check(put(folder / name.group(1), text))


def progress_record(snippet: str, folder: Path) -> list[str]:
    """The snippet is the programme's `progress:`; the folder holds the records it may name."""
    path = folder / "programme.yaml"
    sections = blocks(path.read_text(encoding="utf-8"))
    sections["progress"] = snippet
    path.write_text("".join(sections.values()), encoding="utf-8")
    put(folder / "kickoffs" / "serbia.yaml", workshop_file(programme="../programme.yaml"))
    put(
        folder / "kickoffs" / "serbia-outcomes.yaml",
        "outcomes:\n  workshop: serbia.yaml\n  decisions:\n"
        "    - {id: rs-national-team, what: A national team is formed}\n",
    )
    put(folder / "agreements" / "serbia.yaml", agreement_file("", programme="../programme.yaml"))
    return check(folder)


CASES: dict[str, Case] = {
    # Y1xx: reading
    codes.FILE_TOO_LARGE: Case(too_large, small_file_with_csv),
    codes.NOT_UTF8: Case(cp1250, whole),
    codes.YAML_SYNTAX: Case(sessions),
    codes.TAB_INDENT: Case(whole),
    codes.DUPLICATE_KEY: Case(sessions),
    codes.ALIAS_LIMIT: Case(on_its_own, sessions),
    codes.TOO_DEEP: Case(nested),
    codes.TAG_NOT_ALLOWED: Case(sessions),
    codes.NOT_A_MAPPING: Case(on_its_own, whole),
    codes.BAD_KEY: Case(sessions),
    codes.FILE_NOT_FOUND: Case(in_kickoffs),
    codes.MANY_DOCUMENTS: Case(on_its_own, split_files),
    # S1xx: structure and values
    codes.MISSING_FIELD: Case(no_merge),
    codes.UNKNOWN_FIELD: Case(sessions),
    codes.WRONG_TYPE: Case(sessions),
    codes.INVALID_NUMBER: Case(sessions),
    codes.INVALID_TIME: Case(days),
    codes.INVALID_DATE: Case(whole),
    codes.INVALID_CHOICE: Case(sessions),
    codes.INVALID_BOOLEAN: Case(photos),
    codes.TEXT_TOO_LONG: Case(long_title),
    codes.BAD_CHARACTERS: Case(sessions),
    codes.NON_POSITIVE_DURATION: Case(sessions),
    codes.INVALID_TIMEZONE: Case(whole),
    codes.INVALID_VALUE: Case(whole),
    codes.INVALID_EMAIL: Case(whole),
    codes.INVALID_ID: Case(whole),
    # P2xx: the plan
    codes.OVERRUN: Case(days),
    codes.ANCHOR_PASSED: Case(sessions),
    codes.NO_BREAK: Case(sessions),
    codes.NO_LUNCH: Case(days),
    codes.UNKNOWN_FACILITATOR: Case(sessions),
    codes.UNKNOWN_METHOD: Case(sessions),
    codes.UNKNOWN_INSTITUTION: Case(csv_participants),
    codes.UNKNOWN_COUNTRY: Case(whole),
    codes.DUPLICATE_ID: Case(sessions),
    codes.DOUBLE_BOOKED: Case(sessions),
    codes.LONG_DAY: Case(days),
    codes.GAP_BETWEEN_DAYS: Case(whole),
    codes.DAY_OUTSIDE_WORKSHOP: Case(whole),
    codes.EMPTY_DAY: Case(days),
    codes.NO_DURATION: Case(sessions),
    codes.DAY_ENDS_BEFORE_START: Case(days),
    codes.COMPASS_GAP: Case(four_days),
    codes.ANCHOR_OUTSIDE_DAY: Case(days),
    codes.METHOD_DURATION: Case(sessions),
    codes.IDLE_BEFORE_FIXED_START: Case(sessions),
    codes.OFF_SITE_PLAN: Case(sessions),
    codes.NO_MEETING_LINK: Case(whole),
    codes.COMPASS_SMALL_SHARE: Case(four_days),
    codes.PHASE_MISMATCH: Case(whole),
    codes.FLOW_LIST_SPLIT: Case(sessions),
    # R3xx: templates, run with `build`
    codes.TEMPLATE_REFUSED: Case(build_with(docm_or_docx, "agenda")),
    codes.TEMPLATE_SYNTAX: Case(build_with(docx_paragraphs, "agenda")),
    codes.TEMPLATE_UNDEFINED: Case(build_with(docx_paragraphs, "agenda")),
    codes.TEMPLATE_UNSAFE: Case(build_with(docx_paragraphs, "agenda")),
    codes.LOGO_PROBLEM: Case(funders),
    codes.NO_LABELS: Case(whole),
    codes.TEXT_FALLBACK: Case(whole),
    codes.TEMPLATE_MISSING: Case(build_with(markdown_template, "agenda-md")),
    codes.TEMPLATE_HIDDEN_CONTENT: Case(build_with(docx_under_review, "agenda")),
    codes.TEMPLATE_LIMIT: Case(build_with(markdown_template, "agenda-md")),
    # D4xx: participant lists
    codes.PARTICIPANTS_NOT_FOUND: Case(in_kickoffs, participants_next_to_it),
    codes.PARTICIPANTS_FORMAT: Case(ods_file, xlsx_file),
    codes.PARTICIPANTS_HEADINGS: Case(csv_participants),
    codes.UNKNOWN_COLUMN: Case(csv_participants),
    codes.DUPLICATE_EMAIL: Case(csv_participants),
    codes.NO_PARTICIPANTS: Case(csv_participants),
    codes.CONTROL_CHARACTERS: Case(csv_participants),
    codes.LEGACY_ENCODING: Case(csv_in("cp1251"), csv_in("utf-8")),
    codes.TOO_MANY_PARTICIPANTS: Case(rows_as_commented),
    codes.INVALID_BYTES: Case(csv_with_bytes),
    # C8xx: Compass self-assessments
    codes.ASSESSMENT_FILE: Case(assessment_next_to_it),
    codes.ASSESSMENT_HEADINGS: Case(csv_assessment),
    codes.ASSESSMENT_ANSWER: Case(csv_assessment),
    codes.FEW_RESPONDENTS: Case(csv_assessment),
    codes.MISSING_ASPECTS: Case(csv_assessment),
    # O5xx: outcomes
    codes.UNKNOWN_OWNER: Case(outcomes),
    codes.UNKNOWN_PARTNER: Case(outcomes),
    codes.UNKNOWN_ACTIVITY_COUNTRY: Case(activity),
    codes.DUE_BEFORE_WORKSHOP: Case(due_dates),
    codes.TOO_FEW_COUNTRIES: Case(activity),
    codes.DUPLICATE_ACTIVITY: Case(outcomes),
    codes.PHOTO_PROBLEM: Case(photos),
    codes.UNKNOWN_SESSION: Case(outcomes),
    codes.PHOTO_WITHOUT_CONSENT: Case(photos),
    codes.NO_WORKSHOP: Case(outcome_file, outcome_file_with_workshop),
    codes.NO_OUTCOMES: Case(synthesis_commands),
    codes.NO_COUNTRY: Case(synthesis_of),
    codes.UNKNOWN_MILESTONE: Case(progress_record),
    codes.UNKNOWN_RECORD: Case(progress_record),
    codes.UNKNOWN_ACTUAL: Case(outcomes),
    # A6xx: agreements
    codes.TOO_FEW_PARTIES: Case(agreement),
    codes.COMMITMENT_WITHOUT_PARTY: Case(agreement),
    codes.REVIEW_NOT_AFTER_DATE: Case(agreement),
    codes.EMPTY_ESCALATION: Case(agreement),
    codes.UNKNOWN_PARTY: Case(_add_customs),
    codes.DUPLICATE_PARTY: Case(agreement),
    codes.AGREEMENT_COUNTRY: Case(agreement),
    codes.AGREEMENT_WORKSHOP: Case(_agreement_in_folder),
}


def test_every_code_is_run_or_listed() -> None:
    assert not set(CASES) & set(NOT_RUNNABLE)
    missing = sorted(set(codes.CODES) - set(CASES) - set(NOT_RUNNABLE))
    assert not missing, (
        f"codes whose examples are neither run nor listed in NOT_RUNNABLE: {missing}"
    )
    assert not set(CASES) - set(codes.CODES)
    assert all(reason.strip() for reason in NOT_RUNNABLE.values())


def test_every_code_has_a_bad_and_a_good_example() -> None:
    for code in codes.CODES:
        text = explain_code(code)
        assert text is not None, code
        assert text.get("bad", "").strip(), code
        assert text.get("good", "").strip(), code


def test_the_base_files_are_clean(tmp_path: Path) -> None:
    copy_programme(tmp_path)
    assert check(put(tmp_path / "w.yaml", workshop_file())) == []
    assert check(put(tmp_path / "a.yaml", agreement_file(""))) == []


@pytest.mark.parametrize("code", sorted(CASES))
def test_bad_example_yields_the_code_and_good_does_not(code: str, tmp_path: Path) -> None:
    text = explain_code(code)
    assert text is not None
    case = CASES[code]
    found: dict[str, list[str]] = {}
    for which, runner in (("bad", case.bad), ("good", case.good or case.bad)):
        folder = tmp_path / which
        folder.mkdir()
        copy_programme(folder)
        found[which] = runner(literal(text[which]), folder)
    assert code in found["bad"], f"the bad example of {code} gives {found['bad']}"
    assert code not in found["good"], f"the good example of {code} gives {found['good']}"
    # The good example was read and checked: no file it needs is missing.
    missing = {codes.FILE_NOT_FOUND, codes.PARTICIPANTS_NOT_FOUND, codes.NO_WORKSHOP}
    assert not missing & set(found["good"]), found["good"]
    # ... and, completed, it has no error at all (warnings of the parts it leaves out may remain).
    errors = [c for c in found["good"] if codes.CODES[c].severity is Severity.ERROR]
    assert bool(errors) == (code in GOOD_WITH_ERRORS), errors
