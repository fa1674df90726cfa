"""The static site without a browser: what each kind holds, what it never holds, its templates.

The example's site is built once per module, as for participants and with the dashboard; the
browser tests (test_site_browser.py) look at the same pages in Chromium.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import BASE_WORKSHOP, EXAMPLE
from facilitation import codes
from facilitation.checking.analyse import Report, analyse_paths
from facilitation.cli.app import app
from facilitation.documents.site.build import build_site, site_languages
from facilitation.documents.templates import copy_templates
from facilitation.model.fields import every_text
from facilitation.model.loaded import Workshop
from helpers.sites import AS_OF, build_example_sites, synthesis_overdue

#: The dashboard's date: some actions of the example are overdue then, some are not.
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"\+\d{1,3}(?:[ ./-]?\d){6,}")
URL = re.compile(r"\b(?:https?|ftp)://", re.IGNORECASE)


@pytest.fixture(scope="module")
def report() -> Report:
    return analyse_paths([EXAMPLE])


@pytest.fixture(scope="module")
def workshops(report: Report) -> list[Workshop]:
    found = [analysis.workshop for analysis in report.analyses if analysis.workshop]
    assert len(found) == len(report.analyses) == 7
    return found


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example's site for participants (``public``) and with the dashboard (``internal``)."""
    return build_example_sites(tmp_path_factory)


def _files(folder: Path) -> Iterator[Path]:
    return (path for path in sorted(folder.rglob("*")) if path.is_file())


def _text(path: Path) -> str:
    """A written file as a reader finds its words: entities decoded, spaces collapsed."""
    text = path.read_bytes().decode("utf-8")
    # NOTE: calendars fold long lines (CRLF and a space) and escape commas and semicolons.
    text = text.replace("\r\n ", "").replace("\\,", ",").replace("\\;", ";").replace("\\n", " ")
    return " ".join(html.unescape(text).split())


# --- what each kind of site holds --------------------------------------------------------------


def test_the_example_builds_both_kinds_of_site(
    sites: dict[str, Path], workshops: list[Workshop]
) -> None:
    for kind, site in sites.items():
        for name in ("index.html", "style.css", "agenda.js"):
            assert (site / name).is_file(), (kind, name)
        for workshop in workshops:
            folder = site / workshop.info.id
            assert (folder / "index.html").is_file()
            assert (folder / f"{workshop.info.id}.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")
            for language in site_languages(workshop):
                assert (folder / f"{language}.html").is_file(), (kind, folder, language)
    public, internal = sites["public"], sites["internal"]
    assert not (public / "dashboard.html").exists()
    assert not list(public.glob("*.svg"))
    assert (internal / "dashboard.html").is_file()
    charts = sorted(internal.glob("*.svg"))
    assert charts, "the dashboard has the Compass radars"
    dashboard = (internal / "dashboard.html").read_text(encoding="utf-8")
    for chart in charts:
        assert chart.read_bytes().lstrip().startswith(b"<?xml")
        assert re.search(rf'<img src="{chart.name}" alt="[^"]{{20,}}"', dashboard), chart.name
    assert 'href="dashboard.html"' in (internal / "index.html").read_text(encoding="utf-8")
    # Kosovo* is named (in Albanian) on the programme's page: its note comes with it
    assert "UNSCR 1244/1999" in (public / "index.html").read_text(encoding="utf-8")
    assert "dashboard.html" not in (public / "index.html").read_text(encoding="utf-8")


def test_the_regional_workshop_has_its_agenda_in_three_languages(
    sites: dict[str, Path], workshops: list[Workshop]
) -> None:
    regional = next(w for w in workshops if w.info.id == "regional-strategic-planning")
    assert site_languages(regional) == ("en", "de", "it")
    folder = sites["public"] / regional.info.id
    assert (folder / "index.html").read_bytes() == (folder / "en.html").read_bytes()
    german = (folder / "de.html").read_text(encoding="utf-8")
    assert '<html lang="de">' in german
    assert "Montag, 2. März 2026" in german  # the weekday and date from CLDR, in German
    for tag, name in (("en", "English"), ("de", "Deutsch"), ("it", "italiano")):
        assert f'href="{tag}.html" hreflang="{tag}" lang="{tag}"' in german
        assert f">{name}</a>" in german
    assert 'href="regional-strategic-planning.ics"' in german


def _session_ids(page: str) -> list[str]:
    return re.findall(r'<li class="session[^"]*"[^>]* data-session-id="([^"]*)"', page)


def test_every_session_id_of_every_workshop_is_on_each_of_its_agenda_pages(
    sites: dict[str, Path], workshops: list[Workshop]
) -> None:
    for workshop in workshops:
        expected = workshop.session_ids()
        assert expected, workshop.info.id
        folder = sites["public"] / workshop.info.id
        pages = ["index.html", *(f"{tag}.html" for tag in site_languages(workshop))]
        for name in pages:
            page = (folder / name).read_text(encoding="utf-8")
            shown = [found for found in _session_ids(page) if found]
            assert shown == expected, (workshop.info.id, name)
            assert (
                f'<html lang="{workshop.language if name == "index.html" else name[:-5]}">' in page
            )


def test_every_session_carries_its_times_with_the_zones_offset(sites: dict[str, Path]) -> None:
    page = (sites["public"] / "kickoff-serbia" / "index.html").read_text(encoding="utf-8")
    assert re.search(
        r'<li class="session[^"]*" data-start="2026-01-20T09:00:00\+01:00" '
        r'data-end="2026-01-20T09:15:00\+01:00" data-session-id="rs-opening">',
        page,
    )
    assert "уторак, 20. јануар 2026." in page  # the day's heading, in Serbian Cyrillic
    assert 'data-now-label="Сада" data-next-label="Следеће"' in page


# --- what the participants' site never holds ---------------------------------------------------


def _contact_details(workshops: list[Workshop]) -> set[str]:
    """Every e-mail address, phone number and meeting link of the example: the loaded model's,
    and whatever looks like one in its YAML and CSV files (agreements' focal points included)."""
    found: set[str] = set()
    for workshop in workshops:
        programme = workshop.programme
        found.update(person.email or "" for person in workshop.participants)
        found.update(person.phone or "" for person in workshop.participants)
        found.update(member.email or "" for member in programme.team)
        found.update(member.phone or "" for member in programme.team)
        found.add(workshop.info.meeting_link or "")
    for path in EXAMPLE.rglob("*"):
        if path.suffix in (".yaml", ".csv"):
            text = path.read_text(encoding="utf-8")
            found.update(EMAIL.findall(text))
            found.update(match.strip() for match in PHONE.findall(text))
    return {item for item in found if len(item) > 5}


def _notes(workshops: list[Workshop]) -> set[str]:
    """The facilitators' notes of every session, in every language they are written in."""
    found: set[str] = set()
    for workshop in workshops:
        for day in workshop.days:
            for session in day.sessions:
                if session.notes:
                    found.update(" ".join(text.split()) for text in every_text(session.notes))
    return found


def test_no_contact_detail_or_note_is_anywhere_in_the_participants_site(
    sites: dict[str, Path], workshops: list[Workshop]
) -> None:
    details, notes = _contact_details(workshops), _notes(workshops)
    assert len(details) > 100, "the example's e-mails and phone numbers are collected"
    assert len(notes) > 50, "the example's notes are collected"
    files = list(_files(sites["public"]))
    assert len(files) > 20
    for path in files:
        text = _text(path)
        # NOTE: a calendar event's UID has the form of an address (RFC 5545): `…@<id>.facilitation`.
        emails = [found for found in EMAIL.findall(text) if not found.endswith(".facilitation")]
        assert not emails, path
        assert not PHONE.findall(text), path
        assert not URL.findall(text), path
        assert not [item for item in details if item in text], path
        assert not [note for note in notes if note in text], path


def test_the_participants_site_holds_nothing_of_the_dashboard(
    sites: dict[str, Path], workshops: list[Workshop]
) -> None:
    actions: set[str] = set()
    for workshop in workshops:
        outcomes = workshop.all_outcomes()
        for action in outcomes.actions if outcomes else []:
            actions.update(" ".join(text.split()) for text in every_text(action.what))
    assert len(actions) > 20
    for path in _files(sites["public"]):
        text = _text(path)
        assert "overdue-count" not in text, path
        assert "dashboard.html" not in text, path
        assert not [action for action in actions if action in text], path
    dashboard = _text(sites["internal"] / "dashboard.html")
    assert [action for action in actions if action in dashboard]


def test_an_online_workshops_link_contact_and_notes_stay_out(
    write: Callable[[str, str], Path], tmp_path: Path
) -> None:
    source = BASE_WORKSHOP.replace(
        "  start: 2026-03-02\n",
        "  start: 2026-03-02\n"
        "  mode: online\n"
        "  meeting_link: https://meet.example.org/secret-room\n"
        "  share_meeting_link: yes\n"
        "  contact: Dana Secret, dana.secret@example.org, +381 11 555 0101\n",
    ).replace(
        "        lead: ek\n",
        "        lead: ek\n        notes: Ask Dana about the confidential case file\n",
    )
    path = write("online.yaml", source)
    out = tmp_path / "site"
    result = build_site([path], out)
    assert not result.failed, result.problems
    texts = [_text(file) for file in _files(out)]
    assert any("Welcome" in text for text in texts)
    for text in texts:
        for secret in ("meet.example.org", "dana.secret", "555 0101", "Dana", "case file"):
            assert secret not in text


# --- the dashboard -------------------------------------------------------------------------------


def test_the_dashboards_overdue_count_is_the_synthesis_count(sites: dict[str, Path]) -> None:
    expected = synthesis_overdue(AS_OF)
    assert expected > 0
    page = (sites["internal"] / "dashboard.html").read_text(encoding="utf-8")
    assert re.findall(r'id="overdue-count"[^>]*>(\d+)<', page) == [str(expected)]
    # overdue ones first
    states = re.findall(r'<tr class="state-([\w-]+)">', page)
    assert states[:expected] == ["overdue"] * expected
    assert "overdue" not in states[expected:]


def test_the_dashboard_is_marked_at_top_and_bottom(
    sites: dict[str, Path], workshops: list[Workshop]
) -> None:
    page = (sites["internal"] / "dashboard.html").read_text(encoding="utf-8")
    marking = "RESTRICTED – not for circulation beyond the participants"
    assert workshops[0].programme.confidentiality == "restricted"
    assert page.count('<p class="marking"') == 2
    assert page.count(marking) == 2
    assert page.index(marking) < page.index("<h1>")
    assert page.rindex(marking) > page.rindex("</table>")


class _Outline(HTMLParser):
    """The headings, tables, captions and header cells of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[int] = []
        self.tables = 0
        self.captions = 0
        self.header_cells: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        elif tag == "table":
            self.tables += 1
        elif tag == "caption":
            self.captions += 1
        elif tag == "th":
            self.header_cells.append(dict(attrs).get("scope"))


def test_pages_have_headings_in_order_and_tables_with_captions(sites: dict[str, Path]) -> None:
    pages = [path for path in _files(sites["internal"]) if path.suffix == ".html"]
    assert sites["internal"] / "dashboard.html" in pages
    for path in pages:
        outline = _Outline()
        outline.feed(path.read_text(encoding="utf-8"))
        assert outline.headings[0] == 1, path
        assert outline.headings.count(1) == 1, path
        steps = zip(outline.headings, outline.headings[1:], strict=False)
        assert all(after <= before + 1 for before, after in steps), path
        assert outline.tables == outline.captions, path
        assert all(scope in ("col", "row") for scope in outline.header_cells), path


def test_a_site_built_again_without_the_dashboard_no_longer_holds_it(
    tmp_path: Path, workshops: list[Workshop]
) -> None:
    paths = [workshop.path for workshop in workshops[:2]]
    out = tmp_path / "site"
    first = build_site(paths, out, internal=True, as_of=AS_OF)
    assert (out / "dashboard.html").is_file(), first.problems
    again = build_site(paths, out)
    assert not (out / "dashboard.html").exists()
    assert not list(out.glob("*.svg"))
    assert "dashboard.html" in {item.name for item in again.removed}


def test_documents_and_a_site_in_one_folder_leave_each_other_alone(
    tmp_path: Path, workshops: list[Workshop]
) -> None:
    from facilitation.documents.build import build

    paths = [workshop.path for workshop in workshops[:1]]
    folder = workshops[0].info.id
    out = tmp_path / "shared"
    build_site(paths, out)
    built = build(paths, out)
    assert not built.failed, built.problems
    assert not built.removed
    build_site(paths, out)
    build(paths, out)
    assert (out / folder / "index.html").is_file()
    assert (out / folder / "agenda.docx").is_file()
    assert (out / "index.html").is_file()


# --- templates: escaped, overridable, sandboxed -------------------------------------------------


def test_a_session_title_with_markup_is_shown_as_text(
    write: Callable[[str, str], Path], tmp_path: Path
) -> None:
    source = BASE_WORKSHOP.replace(
        "      - title: Welcome\n",
        "      - title: \"<script>alert('x')</script> & <b>bold</b>\"\n",
    )
    out = tmp_path / "site"
    result = build_site([write("markup.yaml", source)], out)
    assert not result.failed, result.problems
    page = (out / "test" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in page
    assert "<script>alert" not in page
    assert "<b>bold" not in page


def test_templates_copy_brings_the_site_and_the_copy_is_used(
    write: Callable[[str, str], Path], tmp_path: Path
) -> None:
    folder = tmp_path / "mine"
    written = copy_templates(folder)
    names = {path.relative_to(folder).as_posix() for path in written}
    assert {"site/agenda.html.j2", "site/index.html.j2", "site/style.css"} <= names
    agenda = folder / "site" / "agenda.html.j2"
    agenda.write_text(
        agenda.read_text(encoding="utf-8").replace("<main>", '<main data-own="our own">'),
        encoding="utf-8",
    )
    (folder / "site" / "style.css").write_text("body { color: #000; }\n", encoding="utf-8")
    out = tmp_path / "site"
    result = build_site([write("workshop.yaml", BASE_WORKSHOP)], out, templates=folder)
    assert not result.failed, result.problems
    assert 'data-own="our own"' in (out / "test" / "index.html").read_text(encoding="utf-8")
    assert (out / "style.css").read_text(encoding="utf-8") == "body { color: #000; }\n"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("{{ workshop.__class__.__mro__ }}", codes.TEMPLATE_UNSAFE),
        ("{{ ''.__class__.__subclasses__() }}", codes.TEMPLATE_UNSAFE),
        ('{% include "../../../etc/passwd" %}', codes.TEMPLATE_UNSAFE),
        ("{% for x in range(10**9) %}{{ x }}{% endfor %}", codes.TEMPLATE_LIMIT),
        ("{{ no_such_name }}", codes.TEMPLATE_UNDEFINED),
    ],
    ids=["dunder", "subclasses", "include-outside", "endless", "undefined"],
)
def test_an_unsafe_page_template_is_refused_and_nothing_is_written(
    write: Callable[[str, str], Path], tmp_path: Path, text: str, code: str
) -> None:
    folder = tmp_path / "mine"
    write("mine/site/agenda.html.j2", text)
    out = tmp_path / "site"
    result = build_site([write("workshop.yaml", BASE_WORKSHOP)], out, templates=folder)
    assert result.failed
    assert [problem.code for problem in result.problems] == [code]
    assert "agenda.html.j2" in str(result.problems[0].location)
    assert not out.exists() or not list(_files(out))


def test_a_stylesheet_that_links_outside_its_folder_is_refused(
    write: Callable[[str, str], Path], tmp_path: Path
) -> None:
    secret = write("secret.txt", "not for the web")
    (tmp_path / "mine" / "site").mkdir(parents=True)
    (tmp_path / "mine" / "site" / "style.css").symlink_to(secret)
    out = tmp_path / "site"
    result = build_site([write("workshop.yaml", BASE_WORKSHOP)], out, templates=tmp_path / "mine")
    assert result.failed
    assert [problem.code for problem in result.problems] == [codes.TEMPLATE_UNSAFE]
    assert not out.exists() or not list(_files(out))


def test_the_command_exits_1_when_a_template_is_refused(
    write: Callable[[str, str], Path], tmp_path: Path, runner: CliRunner
) -> None:
    write("mine/site/index.html.j2", "{{ programme.__init__ }}")
    path = write("workshop.yaml", BASE_WORKSHOP)
    out = tmp_path / "site"
    result = runner.invoke(
        app, ["site", str(path), "-o", str(out), "--templates", str(tmp_path / "mine")]
    )
    assert result.exit_code == 1, result.output
    assert codes.TEMPLATE_UNSAFE in result.stderr
    assert "not built: site" in result.stderr


def test_a_text_the_file_gives_in_one_language_only_says_which(
    write: Callable[[str, str], Path], tmp_path: Path
) -> None:
    source = BASE_WORKSHOP.replace(
        "  start: 2026-03-02\n", "  start: 2026-03-02\n  language: en\n  languages: [de]\n"
    ).replace(
        "      - title: Welcome\n",
        "      - title: {en: Welcome, de: Willkommen}\n"
        "        objective: Meet the people behind the institutions\n",
    )
    out = tmp_path / "site"
    result = build_site([write("two.yaml", source)], out)
    assert not result.failed, result.problems
    page = (out / "test" / "de.html").read_text(encoding="utf-8")
    assert '<html lang="de">' in page
    assert '<h3 class="session-title">Willkommen</h3>' in page
    assert '<span lang="en">Meet the people behind the institutions</span>' in page
    assert '<h1 lang="en">Test workshop</h1>' in page


def test_a_dashboard_without_outcomes_says_there_is_nothing_overdue(
    write: Callable[[str, str], Path], tmp_path: Path
) -> None:
    out = tmp_path / "site"
    result = build_site([write("w.yaml", BASE_WORKSHOP)], out, internal=True, as_of=AS_OF)
    assert not result.failed, result.problems
    page = (out / "dashboard.html").read_text(encoding="utf-8")
    assert re.findall(r'id="overdue-count"[^>]*>(\d+)<', page) == ["0"]
    assert "None recorded." in page


def test_the_programme_page_lists_the_workshops_by_date(
    sites: dict[str, Path], workshops: list[Workshop]
) -> None:
    page = (sites["public"] / "index.html").read_text(encoding="utf-8")
    shown = re.findall(r'href="([^"/]+)/index\.html"', page)
    by_date = [w.info.id for w in sorted(workshops, key=lambda w: w.info.start)]
    assert list(dict.fromkeys(shown)) == by_date
