"""Build the static site: render every page in memory, then write the folder as ``build`` does.

The site is plain files with relative links, so it opens from a folder, a USB stick or any
static host::

    OUT/index.html                     the programme's workshops, with links to their agendas
    OUT/style.css, OUT/agenda.js       the stylesheet and the now-and-next script
    OUT/<workshop-id>/index.html       the agenda in the workshop's language
    OUT/<workshop-id>/<language>.html  the agenda in each language it is built in
    OUT/<workshop-id>/<workshop-id>.ics  the calendar
    OUT/dashboard.html, OUT/*.svg      with ``--internal`` only: the programme dashboard

Writing goes through :func:`~facilitation.documents.output.write_plans`: each file atomically,
a file changed by hand kept (unless ``force``), and a file an earlier site build wrote that this
one does not make removed. So a site built without ``--internal`` into a folder that held the
dashboard no longer holds it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from facilitation.checking.analyse import analyse_paths
from facilitation.checking.scheduling import schedule_workshop
from facilitation.documents.build import (
    BuildResult,
    Step,
    programme_templates,
    template_option,
)
from facilitation.documents.output import (
    SITE_MANIFEST_NAME,
    FolderPlan,
    PlannedFile,
    write_plans,
)
from facilitation.documents.site.agenda import agenda_context, make_agenda_page, page_name
from facilitation.documents.site.programme import (
    SiteWorkshop,
    make_dashboard_page,
    make_index_page,
)
from facilitation.documents.site.render import STATIC_FILES, render_page, static_file
from facilitation.errors import TemplateError, display_path
from facilitation.model.loaded import Workshop

#: The subject of the files at the top of the site, in the build record.
ROOT = "."
#: The documents the site's files are recorded as, in the site's own record (a site and the
#: documents may share a folder: each removes only what it wrote and no longer makes).
SITE_DOCUMENTS = frozenset({"site-page", "site-agenda", "site-calendar", "site-dashboard"})


def site_languages(workshop: Workshop) -> tuple[str, ...]:
    """The languages of a workshop's web agenda: its own, and those its agenda is built in."""
    return tuple(
        tag
        for tag, documents in workshop.document_languages()
        if not documents or "agenda" in documents
    )


def build_site(
    paths: Sequence[Path],
    out: Path,
    *,
    internal: bool = False,
    as_of: dt.date | None = None,
    templates: Path | None = None,
    force: bool = False,
    step: Step | None = None,
) -> BuildResult:
    """Write the site of every workshop that ``paths`` name into ``out``.

    A workshop with errors is left out (and named in ``skipped``); with ``internal``, the
    dashboard is written too, its status as of ``as_of`` (default: today).

    Raises:
        UserError: a usage problem, or a folder that cannot be written.
        PartialWrite: interrupted or failed after some files were written; it lists them.
    """
    user = template_option(templates)
    result = BuildResult(analyse_paths(paths))
    items: list[SiteWorkshop] = []
    for analysis in result.report.analyses:
        if analysis.has_errors or analysis.workshop is None or analysis.schedule is None:
            result.skipped.append(display_path(analysis.path))
            continue
        workshop = analysis.workshop
        items.append(SiteWorkshop(workshop, analysis.schedule, site_languages(workshop)))
    if not items:
        return result
    items.sort(key=lambda item: item.schedule.first_date or item.workshop.info.start)
    try:
        if user is None:
            user = programme_templates(items[0].workshop)
        plans = [_workshop_plan(item, user, step) for item in items]
        plans.insert(0, _root_plan(items, user, internal, as_of or dt.date.today(), step))
    except TemplateError as error:
        result.problems.append(error.diagnostic)
        result.skipped.append("site")
        return result
    written = write_plans(out, plans, force=force, step=step, record=SITE_MANIFEST_NAME)
    result.written.extend(written.written)
    result.removed.extend(written.removed)
    result.kept.extend(written.kept)
    result.skipped.extend(display_path(plan.source) for plan in written.refused)
    return result


def _workshop_plan(item: SiteWorkshop, user: Path | None, step: Step | None) -> FolderPlan:
    """The agenda pages of one workshop in each of its languages, and its calendar."""
    workshop = item.workshop
    info = workshop.info
    plan = FolderPlan(info.id, workshop.path, selected=SITE_DOCUMENTS)
    from facilitation.documents.calendar import render_ics
    from facilitation.documents.language import localise_workshop

    for number, language in enumerate(item.languages):
        if step:
            step(f"{info.id}: {page_name(language)}")
        localised = localise_workshop(workshop, language)
        timed = schedule_workshop(localised)
        ics = f"{info.id}.ics"
        page = render_page(
            "agenda.html.j2",
            make_agenda_page(
                agenda_context(localised, timed),
                item.languages,
                ics=ics,
                written_in=workshop.language,
            ),
            user,
        )
        if number == 0:
            plan.files.append(_file("index.html", "site-agenda", page, "the agenda"))
            plan.files.append(
                _file(ics, "site-calendar", render_ics(_without_link(localised), timed), "calendar")
            )
        plan.files.append(_file(page_name(language), "site-agenda", page, "the agenda"))
    return plan


def _without_link(workshop: Workshop) -> Workshop:
    """``workshop`` without its meeting link: the site's calendar never carries one."""
    info = workshop.info.model_copy(update={"meeting_link": None, "share_meeting_link": False})
    return replace(workshop, spec=workshop.spec.model_copy(update={"workshop": info}))


def _root_plan(
    items: Sequence[SiteWorkshop],
    user: Path | None,
    internal: bool,
    as_of: dt.date,
    step: Step | None,
) -> FolderPlan:
    """The files at the top: the programme's page, stylesheet, script; the dashboard."""
    first = items[0].workshop
    language = first.programme_language
    plan = FolderPlan(ROOT, first.path, selected=SITE_DOCUMENTS)
    index = make_index_page(items, language, dashboard=internal)
    plan.files.append(_file("index.html", "site-page", render_page("index.html.j2", index, user)))
    for name in STATIC_FILES:
        plan.files.append(_file(name, "site-page", static_file(name, user)))
    if internal:
        if step:
            step("dashboard.html")
        page, charts = make_dashboard_page(items, as_of)
        data = render_page("dashboard.html.j2", page, user)
        plan.files.append(_file("dashboard.html", "site-dashboard", data, "the dashboard"))
        for chart in charts:
            plan.files.append(_file(chart.name, "site-dashboard", chart.data, "a chart"))
    return plan


def _file(name: str, document: str, data: bytes, purpose: str = "") -> PlannedFile:
    return PlannedFile(name, document, data, purpose or name, False)
