"""The static site in a real browser: Debian's headless Chromium at phone and desktop widths."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from conftest import EXAMPLE
from facilitation.checking.analyse import analyse_paths
from facilitation.checking.scheduling import Schedule, TimedSession, schedule_workshop
from facilitation.documents.language import localise_workshop
from facilitation.documents.views.agenda import make_agenda_view
from facilitation.documents.views.base import ViewContext
from facilitation.model.loaded import Workshop
from helpers.browser import (
    DESKTOP,
    LINKS_JS,
    PHONE,
    chromium,
    low_contrast,
    outside,
    overflow,
    visit,
)
from helpers.sites import AS_OF, build_example_sites, synthesis_overdue

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, ViewportSize

WIDTHS = pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


# --- the harness itself: it sees what it is there to see -------------------------------------

_FLAWED_PAGE = """\
<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="style.css"><link rel="stylesheet" href="missing.css"></head>
<body>
<p id="fine" style="color:#767676">grey that passes</p>
<p id="faint" style="color:#999999">grey that fails</p>
<h1 style="color:#949494;font-size:24px">large grey that passes</h1>
<p id="badge" class="now">a badge</p>
<div style="overflow-x:auto"><table style="width:500px"><tr><td>wide table</td></tr></table></div>
<div id="wide" style="width:500px">too wide</div>
<img src="https://example.invalid/logo.png" alt="">
<a href="#fine">in the page</a> <a href="https://example.invalid/">elsewhere</a>
</body></html>
"""

_FLAWED_STYLE = ".now::before { content: 'Now'; color: #ffffff; background: #ffff00; }\n"


def test_the_harness_finds_overflow_low_contrast_and_requests_leaving(
    browser: Browser, tmp_path: Path
) -> None:
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "index.html").write_text(_FLAWED_PAGE, encoding="utf-8")
    (folder / "style.css").write_text(_FLAWED_STYLE, encoding="utf-8")
    with visit(browser, PHONE) as phone:
        page = phone.open(folder / "index.html")
        wide = overflow(page)
        faint = low_contrast(page)
        links = outside(page.evaluate(LINKS_JS), folder)
    assert [line.split(" ")[0] for line in wide] == ["div#wide", "innerWidth=508", "document"], wide
    assert [line.split(" ")[0] for line in faint] == ["p#faint", "p#badge.now::before"], faint
    assert "#999999 on #ffffff = 2.85:1" in faint[0]
    assert outside(phone.requests, folder) == ["https://example.invalid/logo.png"]
    assert links == ["https://example.invalid/logo.png", "https://example.invalid/"]
    assert sorted(phone.requests) == sorted(
        [(folder / name).as_uri() for name in ("index.html", "style.css", "missing.css")]
        + ["https://example.invalid/logo.png"]
    )
    assert {line.split(" ")[0] for line in phone.failed} == {
        (folder / "missing.css").as_uri(),
        "https://example.invalid/logo.png",
    }
    with visit(browser, DESKTOP) as desktop:
        assert overflow(desktop.open(folder / "index.html")) == []


# --- the example's site ----------------------------------------------------------------------


@dataclass(frozen=True)
class Agenda:
    """A workshop of the example as the project loads it, and the languages of its agenda."""

    workshop: Workshop
    schedule: Schedule
    languages: tuple[str, ...]

    @property
    def folder(self) -> str:
        return self.workshop.info.id

    def at(self, day: int, minutes: int) -> dt.datetime:
        """A moment of the workshop, in its own zone."""
        midnight = dt.datetime.combine(
            self.schedule.days[day].date,
            dt.time(),
            tzinfo=ZoneInfo(self.workshop.timezone or "UTC"),
        )
        return midnight + dt.timedelta(minutes=minutes)

    def key(self, timed: TimedSession) -> str:
        return _key(timed.session.id, self.at(timed.day, timed.start))

    def during(self, timed: TimedSession) -> dt.datetime:
        """Halfway through a session."""
        return self.at(timed.day, timed.start + timed.minutes // 2)

    def expected(self, language: str) -> list[Row]:
        """Each session as its page in ``language`` must show it, with its title in that language.

        The titles are the ones the agenda document prints in that language.
        """
        localised = localise_workshop(self.workshop, language)
        schedule = schedule_workshop(localised)
        view = make_agenda_view(ViewContext.of(localised, schedule, shared=True))
        sessions = []
        for day, shown in zip(schedule.days, view["days"], strict=True):
            rows = shown["sessions"][len(shown["sessions"]) - len(day.sessions) :]
            for timed, row in zip(day.sessions, rows, strict=True):
                end = self.at(timed.day, timed.end).isoformat()
                sessions.append((f"day-{timed.day + 1}", self.key(timed), end, row["title"]))
        return sessions


#: A session as a page shows it: its day's id, id@start, end and title (times in ISO 8601).
Row = tuple[str, str, str, str]


def _key(session_id: str | None, start: dt.datetime) -> str:
    """How the tests name a session: its id (empty for most breaks) @ its start."""
    return f"{session_id or ''}@{start.isoformat()}"


@pytest.fixture(scope="module")
def agendas() -> list[Agenda]:
    """Every workshop of the example, with each language its agenda is built in."""
    report = analyse_paths([EXAMPLE])
    found = []
    for analysis in report.analyses:
        assert analysis.workshop is not None, analysis.path
        assert analysis.schedule is not None, analysis.path
        languages = tuple(
            tag
            for tag, documents in analysis.workshop.document_languages()
            if not documents or "agenda" in documents
        )
        found.append(Agenda(analysis.workshop, analysis.schedule, languages))
    return found


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example's site built once as for participants, once with the dashboard."""
    return build_example_sites(tmp_path_factory)


def _agenda_pages(site: Path, agenda: Agenda) -> list[tuple[str, Path]]:
    """The agenda's pages: its first language's `index.html`, then one page per language."""
    folder = site / agenda.folder
    return [
        (agenda.languages[0], folder / "index.html"),
        *((language, folder / f"{language}.html") for language in agenda.languages),
    ]


_SESSIONS_JS = """
() => [...document.querySelectorAll('.session')].map((el) => ({
  id: el.dataset.sessionId || '', start: el.dataset.start || '', end: el.dataset.end || '',
  day: el.closest('section.day')?.id || '',
  title: (el.querySelector('.session-title')?.textContent || '').trim().replace(/\\s+/g, ' '),
  now: el.classList.contains('now'), next: el.classList.contains('next'),
  badge: [el.innerText, ...[el, ...el.querySelectorAll('*')].flatMap((node) =>
    ['::before', '::after'].map((pseudo) => getComputedStyle(node, pseudo).content))].join(' '),
}))
"""


def _sessions(page: Page) -> list[dict[str, Any]]:
    """The sessions of ``page`` in its order, each with a `row` as :meth:`Agenda.expected`."""
    found = page.evaluate(_SESSIONS_JS)
    for item in found:
        start = dt.datetime.fromisoformat(item["start"])
        end = dt.datetime.fromisoformat(item["end"]).isoformat()
        item["key"] = _key(item["id"], start)
        item["row"] = (item["day"], item["key"], end, item["title"])
    return found


def _agenda_problems(page: Page, agenda: Agenda, language: str) -> list[str]:
    """What is wrong with an agenda page in ``language``: its `lang`, sessions missing or moved."""
    problems = []
    lang = page.evaluate("document.documentElement.lang")
    if lang != language:
        problems.append(f"<html lang={lang!r}>, not {language!r}")
    shown = [item["row"] for item in _sessions(page)]
    expected = agenda.expected(language)
    problems.extend(f"missing {row}" for row in expected if row not in shown)
    if not problems and [row for row in shown if row in expected] != expected:
        problems.append("sessions out of order")
    return problems


def test_every_session_is_on_its_agenda_in_its_language(
    browser: Browser, sites: dict[str, Path], agendas: list[Agenda]
) -> None:
    problems = []
    with visit(browser, DESKTOP) as desktop:
        for agenda in agendas:
            for language, path in _agenda_pages(sites["public"], agenda):
                page = desktop.open(path)
                name = path.relative_to(sites["public"])
                problems.extend(
                    f"{name}: {line}" for line in _agenda_problems(page, agenda, language)
                )
                page.close()
    assert not problems, "\n".join(problems)


# --- "now" and "next" follow the viewer's clock ----------------------------------------------


def _marks(page: Page) -> tuple[list[str], list[str]]:
    """The sessions marked `now`, and those marked `next`, as id@start."""
    sessions = _sessions(page)
    return (
        [item["key"] for item in sessions if item["now"]],
        [item["key"] for item in sessions if item["next"]],
    )


def _regional(agendas: list[Agenda]) -> Agenda:
    """The example's four-day regional workshop."""
    return max(agendas, key=lambda agenda: len(agenda.schedule.days))


@pytest.mark.parametrize("reload", [True, False], ids=["on-load", "while-open"])
def test_now_and_next_follow_the_clock(
    browser: Browser, sites: dict[str, Path], agendas: list[Agenda], reload: bool
) -> None:
    agenda = _regional(agendas)
    first, second, third = agenda.schedule.days[0].sessions[:3]
    before = agenda.at(0, 0) - dt.timedelta(hours=12)
    after = agenda.at(len(agenda.schedule.days) - 1, 24 * 60) + dt.timedelta(hours=12)
    with visit(browser, PHONE) as phone:
        phone.context.clock.install(time=before)
        page = phone.open(sites["public"] / agenda.folder / "index.html")
        assert _marks(page) == ([], [_sessions(page)[0]["key"]]), "before the first day"
        for moment, now, upcoming in (
            (agenda.during(first), first, second),
            (agenda.during(second), second, third),
        ):
            page.clock.pause_at(moment)
            if reload:
                page.reload()
            assert _marks(page) == ([agenda.key(now)], [agenda.key(upcoming)]), moment
        labels = page.evaluate("[document.body.dataset.nowLabel, document.body.dataset.nextLabel]")
        marked = {item["key"]: item["badge"] for item in _sessions(page)}
        assert all(labels), labels
        assert labels[0] in marked[agenda.key(second)], "no `now` badge"
        assert labels[1] in marked[agenda.key(third)], "no `next` badge"
        page.clock.pause_at(after)
        if reload:
            page.reload()
        assert _marks(page) == ([], []), "after the last day"


# --- every page at both widths: overflow, contrast, requests ----------------------------------


@dataclass
class Tour:
    """What every page of both sites showed at one width, with `now` and `next` marked."""

    overflow: list[str]
    contrast: list[str]
    outside: list[str]
    failed: list[str]
    links: list[str]


def _pages(sites: dict[str, Path]) -> list[tuple[Path, Path]]:
    """Each page of both sites with its site; an internal page the same as its public one once."""
    public, internal = sites["public"], sites["internal"]
    pages = [(public, path) for path in sorted(public.rglob("*.html"))]
    for path in sorted(internal.rglob("*.html")):
        twin = public / path.relative_to(internal)
        if not twin.is_file() or twin.read_bytes() != path.read_bytes():
            pages.append((internal, path))
    return pages


def _moment(agendas: list[Agenda], page: Path, site: Path) -> dt.datetime:
    """During the second session of a workshop's first day (so that one session is `now` and
    one `next`); noon of the dashboard's date for the programme's pages."""
    folder = page.relative_to(site).parts[0]
    for agenda in agendas:
        if agenda.folder == folder:
            return agenda.during(agenda.schedule.days[0].sessions[1])
    return dt.datetime.combine(AS_OF, dt.time(12), tzinfo=dt.UTC)


@pytest.fixture(scope="module", params=[PHONE, DESKTOP], ids=["phone", "desktop"])
def tour(
    request: pytest.FixtureRequest, browser: Browser, sites: dict[str, Path], agendas: list[Agenda]
) -> Tour:
    viewport: ViewportSize = request.param
    found = Tour([], [], [], [], [])
    for site, path in _pages(sites):
        name = f"{site.name}/{path.relative_to(site)}"
        with visit(browser, viewport) as view:
            view.context.clock.install(time=_moment(agendas, path, site))
            page = view.open(path)
            found.overflow.extend(f"{name}: {line}" for line in overflow(page))
            found.contrast.extend(f"{name}: {line}" for line in low_contrast(page))
            found.links.extend(f"{name}: {url}" for url in outside(page.evaluate(LINKS_JS), site))
        found.outside.extend(f"{name}: {url}" for url in outside(view.requests, site))
        found.failed.extend(f"{name}: {line}" for line in view.failed)
    return found


def test_no_request_leaves_the_site_folder(tour: Tour) -> None:
    assert not tour.outside, "requests for something outside the site:\n" + "\n".join(tour.outside)
    assert not tour.failed, "requests that failed:\n" + "\n".join(tour.failed)
    assert not tour.links, "links that lead out of the site:\n" + "\n".join(tour.links)


def test_nothing_is_wider_than_the_screen(tour: Tour) -> None:
    assert not tour.overflow, "wider than the viewport:\n" + "\n".join(tour.overflow)


def test_text_contrast_passes_wcag_aa(tour: Tour) -> None:
    assert not tour.contrast, "below WCAG AA:\n" + "\n".join(tour.contrast)


# --- the dashboard and the synthesis agree ----------------------------------------------------


def test_the_dashboards_overdue_count_is_the_synthesis_count(
    browser: Browser, sites: dict[str, Path]
) -> None:
    expected = synthesis_overdue(AS_OF)
    assert expected > 0, "pick a date with overdue actions"
    with visit(browser, DESKTOP) as desktop:
        page = desktop.open(sites["internal"] / "dashboard.html")
        count = page.locator("#overdue-count")
        assert count.is_visible()
        shown = re.findall(r"\d+", count.inner_text())
    assert shown == [str(expected)]


# --- a screenshot at each width ---------------------------------------------------------------


@WIDTHS
def test_a_screenshot_of_the_agenda_at_each_width(
    browser: Browser,
    sites: dict[str, Path],
    agendas: list[Agenda],
    viewport: ViewportSize,
    tmp_path: Path,
) -> None:
    agenda = _regional(agendas)
    with visit(browser, viewport) as view:
        view.context.clock.install(time=agenda.during(agenda.schedule.days[0].sessions[1]))
        page = view.open(sites["public"] / agenda.folder / "index.html")
        shot = tmp_path / f"agenda-{viewport['width']}.png"
        page.screenshot(path=shot, full_page=True)
    with Image.open(shot) as image:
        assert image.width == viewport["width"]
        assert image.height >= viewport["height"]


def test_a_printed_agenda_shows_the_objectives_folded_on_screen(
    browser: Browser, sites: dict[str, Path], agendas: list[Agenda]
) -> None:
    folder = sites["public"] / agendas[0].folder
    with visit(browser, DESKTOP) as desktop:
        page = desktop.open(folder / "index.html")
        assert page.evaluate("document.querySelector('details').open") is False
        page.pdf()  # printing fires `beforeprint`
        assert page.evaluate("document.querySelector('details').open") is True


_CAPTION_TEXT_RIGHT = """() => Array.from(document.querySelectorAll('caption')).map((caption) => {
    const range = document.createRange();
    range.selectNodeContents(caption);
    return [caption.id, Math.max(...Array.from(range.getClientRects()).map((r) => r.right))];
})"""


def test_a_wide_tables_caption_stays_readable_on_a_phone(
    browser: Browser, sites: dict[str, Path]
) -> None:
    with visit(browser, PHONE) as phone:
        page = phone.open(sites["internal"] / "dashboard.html")
        ends = page.evaluate(_CAPTION_TEXT_RIGHT)
    assert ends
    assert [name for name, right in ends if right > PHONE["width"]] == []
