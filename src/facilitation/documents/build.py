"""Build every document of each workshop: render everything in memory, then write each folder.

A workshop with errors builds nothing. For a workshop without errors, every selected document is
rendered first (and converted to PDF, with ``--pdf``); only when every workshop and agreement has
been rendered does writing start, one folder at a time, each file to a temporary file that is
then renamed into place (:mod:`facilitation.documents.output`). A file edited by hand since the
last build is never replaced or removed without ``--force``. Files with contact details are
readable by their owner only.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from facilitation import codes
from facilitation.catalogue.locales import LOCALES, normalise_tag
from facilitation.checking.analyse import Analysis, Report, analyse_paths
from facilitation.checking.languages import check_agreement_languages, check_workshop_languages
from facilitation.checking.scheduling import Schedule, schedule_workshop
from facilitation.checking.synthesis import check_synthesis
from facilitation.documents.output import (
    BuiltFile,
    FolderPlan,
    KeptFile,
    Manifest,
    PlannedFile,
    RemovedFile,
    write_documents,
    write_plans,
)
from facilitation.documents.pdf import convert_to_pdf, find_soffice
from facilitation.documents.registry import DOCUMENT_NAMES, DOCUMENTS, SYNTHESIS, DocumentSpec
from facilitation.documents.workers import Job, render_all
from facilitation.errors import Diagnostic, Location, TemplateError, UserError, display_path
from facilitation.model.loaded import AgreementDocument, Workshop

if TYPE_CHECKING:
    from facilitation.documents.sandbox.environment import TemplateEnvironment

#: The names of the documents that hold contact details, as Word files and as PDFs.
CONTACT_FILES = frozenset(
    name
    for spec in DOCUMENTS
    if spec.contacts
    for name in (spec.filename, str(Path(spec.filename).with_suffix(".pdf")))
)

#: Reports a step of the build as it starts (the CLI shows it as progress).
Step = Callable[[str], None]


@dataclass
class BuildResult:
    """What was written and removed, what was skipped or kept, and every problem."""

    report: Report
    written: list[BuiltFile] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    #: Files of earlier builds that this build no longer makes, removed.
    removed: list[RemovedFile] = field(default_factory=list)
    #: Files changed by hand since the last build: kept, and their workshop was not built.
    kept: list[KeptFile] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        """True when a workshop could not be built."""
        return bool(self.skipped)


@dataclass(frozen=True)
class BuildOptions:
    """How a build renders: the user's templates, circulation copies, progress."""

    templates: Path | None = None
    shared: bool = False
    step: Step | None = None
    #: The documents ``--only`` names (``None``: all of them).
    selected: frozenset[str] | None = None
    #: Further languages to build every document in (``--language``).
    languages: tuple[str, ...] = ()
    #: The date outcome reports give their status as of (``--as-of``); ``None``: each picks it.
    as_of: dt.date | None = None
    #: How many processes render documents at once (``--jobs``).
    workers: int = 1

    def announce(self, text: str) -> None:
        """Report a step, when someone listens."""
        if self.step:
            self.step(text)

    def templates_for(self, owner: Workshop | AgreementDocument) -> Path | None:
        """The user's template folder: ``--templates``, else the programme's ``templates:``.

        Raises:
            TemplateError: the programme's ``templates:`` names a folder that does not exist
                (the diagnostic stands at that line), as ``--templates`` would be a usage error.
        """
        if self.templates is not None:
            return self.templates
        return programme_templates(owner)


def programme_templates(owner: Workshop | AgreementDocument) -> Path | None:
    """The folder that ``templates:`` names for ``owner``, which must exist.

    It is given in the programme file or in the workshop's (or agreement's) ``programme:``
    overrides, relative to the file that gives it; the loader has made it absolute.
    """
    if not owner.programme.templates:
        return None
    folder = Path(owner.programme.templates)
    if folder.is_dir():
        return folder
    override = owner.spec.programme
    if override is not None and override.templates is not None:
        location = owner.where(("programme", "templates"))
    else:
        location = owner.where(("templates",), file=owner.programme_file)
    raise TemplateError(
        Diagnostic(
            codes.TEMPLATE_MISSING,
            f"the template folder {display_path(folder)} does not exist",
            location,
            hint="give a folder relative to this file; `facilitation templates copy DIR` "
            "makes one with the default templates",
        )
    )


def template_option(templates: Path | None) -> Path | None:
    """``--templates``: a folder that exists, else a usage error that names it."""
    if templates is not None and not templates.is_dir():
        raise UserError(
            f"the template folder {display_path(templates)} (given with --templates) "
            "does not exist",
            hint="`facilitation templates copy DIR` makes one with the default templates",
        )
    return templates


def select_documents(only: Sequence[str] | None) -> list[DocumentSpec]:
    """The documents named in ``--only`` (all when empty)."""
    if not only:
        return list(DOCUMENTS)
    wanted = [name.strip() for item in only for name in item.split(",") if name.strip()]
    unknown = [name for name in wanted if name not in DOCUMENT_NAMES]
    if unknown:
        raise UserError(
            f"unknown document(s): {', '.join(unknown)}",
            hint="choose from: " + ", ".join(DOCUMENT_NAMES),
        )
    return [spec for spec in DOCUMENTS if spec.name in wanted]


def select_languages(languages: Sequence[str]) -> tuple[str, ...]:
    """The locales that ``--language`` names.

    Raises:
        UserError: a language the documents cannot be written in.
    """
    for tag in languages:
        if normalise_tag(tag) is None:
            raise UserError(
                f"documents cannot be written in `{tag}`",
                hint="choose from: " + ", ".join(LOCALES),
            )
    # Kept as written: plain `sr` means the script of each workshop's programme.
    return tuple(dict.fromkeys(languages))


def build(
    paths: Sequence[Path],
    out: Path,
    *,
    only: Sequence[str] | None = None,
    pdf: bool = False,
    templates: Path | None = None,
    shared: bool = False,
    strict: bool = False,
    force: bool = False,
    step: Step | None = None,
    languages: Sequence[str] = (),
    as_of: dt.date | None = None,
    workers: int = 1,
) -> BuildResult:
    """Build the documents of every workshop that ``paths`` name into ``out/<workshop-id>/``.

    Everything is rendered (and converted to PDF) before the first file is written. A file
    changed by hand since the last build is kept, and its workshop is not built, unless
    ``force``; files of earlier builds that this build no longer makes are removed (those of
    documents that ``only`` leaves out stay; a ``shared`` build removes every file with contact
    details). ``workers`` processes render documents at once (:mod:`.workers`).

    Raises:
        UserError: a usage problem, or a folder that cannot be written.
        PartialWrite: interrupted or failed after some files were written; it lists them.
    """
    chosen = select_documents(only)
    specs = [spec for spec in chosen if not (shared and spec.internal)]
    converter = find_soffice() if pdf else None
    selected = frozenset(spec.name for spec in chosen) if only else None
    options = BuildOptions(
        template_option(templates),
        shared,
        step,
        selected,
        select_languages(languages),
        as_of,
        workers,
    )
    result = BuildResult(analyse_paths(paths))
    pending = _plan_workshops(specs, options, result, strict=strict)
    pending.extend(_plan_agreements(specs, options, result, strict=strict))
    plans = _render(pending, options, result)
    if converter:
        options.announce("PDF (LibreOffice)")
        _add_pdfs(converter, plans, out)
    if shared:
        plans.extend(_other_language_folders(out, plans))
    written = write_plans(out, plans, force=force, step=step)
    result.written.extend(written.written)
    result.removed.extend(written.removed)
    result.kept.extend(written.kept)
    result.skipped.extend(display_path(plan.source) for plan in written.refused)
    return result


def _plan_workshops(
    specs: list[DocumentSpec], options: BuildOptions, result: BuildResult, *, strict: bool
) -> list[_Pending]:
    """What to render of every workshop (``strict``: only those without warnings)."""
    pending: list[_Pending] = []
    for analysis in result.report.analyses:
        problems = []
        if analysis.workshop is not None and options.languages:
            extra = _extra(options.languages, analysis.workshop.serbian)
            problems = list(check_workshop_languages(analysis.workshop, extra))
        blocked = analysis.has_errors or (strict and analysis.diagnostics)
        if blocked or analysis.workshop is None or analysis.schedule is None:
            pending.append(_Pending(analysis.path, problems=problems, blocked=True))
            continue
        pending.append(_plan_workshop(analysis, specs, options, problems))
    return pending


def _plan_agreements(
    specs: list[DocumentSpec], options: BuildOptions, result: BuildResult, *, strict: bool
) -> list[_Pending]:
    """What to render of every agreement (``strict``: only those without warnings)."""
    pending: list[_Pending] = []
    agreement_specs = [spec for spec in specs if spec.subject == "agreement"]
    for agreement in result.report.agreements if agreement_specs else []:
        blocked = agreement.has_errors or (strict and agreement.diagnostics)
        if blocked or agreement.agreement is None:
            pending.append(_Pending(agreement.path, blocked=True))
            continue
        document = agreement.agreement
        extra = _extra(options.languages, document.serbian)
        problems = [
            problem
            for language in (tag for tag in extra if tag not in document.versions)
            for problem in check_agreement_languages(_in_language(document, language))
        ]
        pending.append(_plan_agreement(document, agreement_specs, options, problems))
    return pending


def _add_pdfs(converter: str, plans: list[FolderPlan], out: Path) -> None:
    """Convert every Word file of the plans, in one LibreOffice run, and add the PDFs."""
    documents = [
        (plan, item) for plan in plans for item in plan.files if item.name.endswith(".docx")
    ]
    pdfs = convert_to_pdf(
        converter,
        [(display_path(out / plan.subject / item.name), item.data) for plan, item in documents],
    )
    for (plan, item), data in zip(documents, pdfs, strict=True):
        plan.files.append(
            PlannedFile(
                item.name.removesuffix(".docx") + ".pdf",
                item.document,
                data,
                "PDF for printing",
                item.private,
            )
        )


def _plan_agreement(
    document: AgreementDocument,
    specs: list[DocumentSpec],
    options: BuildOptions,
    problems: list[Diagnostic],
) -> _Pending:
    agreement = document.spec.agreement
    pending = _Pending(document.path, problems=problems)
    extra = [
        tag for tag in _extra(options.languages, document.serbian) if tag not in document.versions
    ]
    try:
        user_templates = options.templates_for(document)
    except TemplateError as error:
        pending.error = error.diagnostic
        return pending
    for language in [None, *extra]:
        subject = agreement.id if language is None else f"{agreement.id}/{language}"
        plan = FolderPlan(subject, document.path, selected=options.selected)
        pending.plans.append(plan)
        version = document if language is None else _in_language(document, language)
        for spec in specs:
            render = functools.partial(_render_agreement, spec, version, user_templates)
            pending.add(plan, spec, private=False, job=Job(f"{subject}: {spec.filename}", render))
    return pending


def _render_agreement(
    spec: DocumentSpec,
    version: AgreementDocument,
    user_templates: Path | None,
    warnings: list[Diagnostic],
) -> bytes:
    view = spec.view_function()(version)
    title = view["workshop"]["title"]
    return render_view(
        spec, view, user_templates, title=title, language=version.language, warnings=warnings
    )


def _in_language(document: AgreementDocument, language: str) -> AgreementDocument:
    """``document`` as one version in ``language`` (``build --language``)."""
    agreement = document.spec.agreement.model_copy(update={"versions": [language]})
    return replace(document, spec=document.spec.model_copy(update={"agreement": agreement}))


def _plan_workshop(
    analysis: Analysis,
    specs: list[DocumentSpec],
    options: BuildOptions,
    problems: list[Diagnostic],
) -> _Pending:
    """What to render of one workshop: each wanted document in each of its languages."""
    workshop, schedule = analysis.workshop, analysis.schedule
    assert workshop is not None
    assert schedule is not None
    pending = _Pending(analysis.path, problems=problems)
    plan = FolderPlan(
        workshop.info.id,
        analysis.path,
        selected=options.selected,
        shared=options.shared,
        contact_files=CONTACT_FILES,
    )
    from facilitation.documents.language import localise_workshop

    pending.plans.append(plan)
    try:
        user_templates = options.templates_for(workshop)
    except TemplateError as error:
        pending.error = error.diagnostic
        return pending
    for language, documents in _languages(workshop, _extra(options.languages, workshop.serbian)):
        if language != workshop.language:
            plan = replace(plan, subject=f"{workshop.info.id}/{language}", files=[])
            pending.plans.append(plan)
        wanted = [spec for spec in specs if _wanted(spec, workshop, documents)]
        if not wanted:  # e.g. `--only participants`: a language for the agenda only
            continue
        localised = localise_workshop(workshop, language)
        timed = schedule_workshop(localised)
        for spec in wanted:
            render = functools.partial(
                _render_workshop_document, spec, localised, timed, user_templates, options
            )
            private = spec.contacts and not options.shared
            job = Job(f"{plan.subject}: {spec.filename}", render, charts=spec.charts)
            pending.add(plan, spec, private, job)
    return pending


def _render_workshop_document(
    spec: DocumentSpec,
    workshop: Workshop,
    schedule: Schedule,
    user_templates: Path | None,
    options: BuildOptions,
    warnings: list[Diagnostic],
) -> bytes:
    return render_document(
        spec,
        workshop,
        schedule,
        user_templates,
        shared=options.shared,
        warnings=warnings,
        as_of=options.as_of,
    )


@dataclass
class _Pending:
    """One workshop's or agreement's documents, planned and waiting to be rendered."""

    source: Path
    problems: list[Diagnostic] = field(default_factory=list)
    blocked: bool = False
    error: Diagnostic | None = None
    plans: list[FolderPlan] = field(default_factory=list)
    slots: list[tuple[FolderPlan, DocumentSpec, bool]] = field(default_factory=list)
    jobs: list[Job] = field(default_factory=list)

    def add(self, plan: FolderPlan, spec: DocumentSpec, private: bool, job: Job) -> None:
        """Render ``job`` into the file of ``spec`` in ``plan``."""
        self.slots.append((plan, spec, private))
        self.jobs.append(job)


def _render(
    pending: list[_Pending], options: BuildOptions, result: BuildResult
) -> list[FolderPlan]:
    """Render every planned document and fill the plans, in the order they were planned.

    A workshop or agreement whose template fails builds nothing: its first template error is
    reported (as when its documents were rendered one after another and the first error stopped
    them) with the warnings of the documents before it.
    """
    rendered = iter(
        render_all(
            [job for item in pending for job in item.jobs], options.workers, options.announce
        )
    )
    plans: list[FolderPlan] = []
    for item in pending:
        results = [next(rendered) for _ in item.jobs]
        result.problems.extend(item.problems)
        error = item.error
        for (plan, spec, private), done in zip(item.slots, results, strict=True):
            if error is not None:
                break
            result.problems.extend(done.warnings)
            error = done.error
            plan.files.append(
                PlannedFile(spec.filename, spec.name, done.data, spec.purpose, private)
            )
        if item.blocked or error is not None:
            if error is not None:
                result.problems.append(error)
            result.skipped.append(display_path(item.source))
            continue
        plans.extend(item.plans)
    return plans


def _other_language_folders(out: Path, plans: list[FolderPlan]) -> list[FolderPlan]:
    """For a ``--shared`` build: the language folders of earlier builds that this one skips.

    Their files with contact details are removed like those of the folders built now; their
    other files stay.
    """
    built = {plan.subject for plan in plans}
    workshops = {plan.subject: plan for plan in plans if plan.shared and "/" not in plan.subject}
    return [
        FolderPlan(
            subject,
            workshops[subject.split("/")[0]].source,
            selected=frozenset(),
            shared=True,
            contact_files=CONTACT_FILES,
        )
        for subject in Manifest.load(out).folders
        if "/" in subject and subject not in built and subject.split("/")[0] in workshops
    ]


def _extra(languages: Sequence[str], serbian: str) -> list[str]:
    """The locales of ``--language`` for a programme whose plain ``sr`` is ``serbian``."""
    found = (normalise_tag(tag, serbian) for tag in languages)
    return list(dict.fromkeys(tag for tag in found if tag))


def _languages(workshop: Workshop, extra: Sequence[str]) -> list[tuple[str, tuple[str, ...]]]:
    """The workshop's languages, then those asked for with ``--language``.

    A language asked for on the command line is built with every document, even where the
    workshop lists it for some documents only.
    """
    languages = [
        (tag, () if tag in extra else documents) for tag, documents in workshop.document_languages()
    ]
    languages += [(tag, ()) for tag in extra if all(tag != seen for seen, _ in languages)]
    return languages


def _wanted(spec: DocumentSpec, workshop: Workshop, documents: tuple[str, ...]) -> bool:
    """Whether ``spec`` is built for ``workshop`` in a language that is for ``documents``."""
    if spec.subject != "workshop" or (documents and spec.name not in documents):
        return False
    if spec.needs_participants and not workshop.participants:
        return False
    return not (spec.needs_outcomes and not workshop.outcomes)


def render_document(
    spec: DocumentSpec,
    workshop: Workshop,
    schedule: Schedule,
    user_templates: Path | None,
    *,
    shared: bool = False,
    today: dt.date | None = None,
    warnings: list[Diagnostic] | None = None,
    as_of: dt.date | None = None,
) -> bytes:
    """Render one document of ``workshop`` into bytes.

    Warnings about its template go to ``warnings``; ``as_of`` is the date an outcome report's
    status is as of (``None``: the report picks it).
    """
    if spec.kind == "ics":
        from facilitation.documents.calendar import render_ics

        return render_ics(workshop, schedule)
    from facilitation.documents.views.base import ViewContext

    ctx = ViewContext.of(workshop, schedule, today, shared=shared or spec.shared, as_of=as_of)
    view = spec.view_function()(ctx)
    title = f"{view['document']['title']} – {workshop.info.title}"
    return render_view(
        spec, view, user_templates, title=title, language=workshop.language, warnings=warnings
    )


def render_view(
    spec: DocumentSpec,
    view: dict[str, Any],
    user_templates: Path | None,
    *,
    title: str,
    language: str,
    warnings: list[Diagnostic] | None = None,
) -> bytes:
    """Render ``view`` with the template of ``spec`` (Word or text).

    Warnings about a Word template (R308: what it held that Word does not show) are added to
    ``warnings``.
    """
    folder = user_templates.resolve() if user_templates is not None else None
    env = _environment(user_templates, folder, spec.kind == "docx", language)
    assert spec.template is not None
    if spec.kind == "text":
        from facilitation.documents.text import render_text

        return render_text(spec.template, view, env)
    from facilitation.documents.templates import find_template
    from facilitation.documents.word.render import render_docx

    source = find_template(spec.template, user_templates)
    return render_docx(source, view, env, title=title, language=language, warnings=warnings)


@functools.lru_cache(maxsize=16)
def _environment(
    user_templates: Path | None, folder: Path | None, word: bool, language: str
) -> TemplateEnvironment:
    """The environment for documents of one kind and language, made once per process.

    ``folder`` is ``user_templates`` resolved: a relative path names another folder once the
    working folder changes.

    Why: an environment keeps the templates it compiled; a new one for each document compiled
    the same templates again and again.
    """
    del folder  # only a part of the key
    from facilitation.documents.sandbox.environment import make_environment

    return make_environment(user_templates, word=word, language=language)


def build_synthesis(
    paths: Sequence[Path],
    out: Path,
    *,
    as_of: dt.date | None = None,
    pdf: bool = False,
    templates: Path | None = None,
) -> BuildResult:
    """Write ``out/synthesis.docx`` from the outcomes of every workshop that ``paths`` name.

    Its status is as of ``as_of``; when ``None``, as of the latest date the workshops' outcomes
    were reported (see :func:`~facilitation.documents.views.synthesis.find_synthesis_date`).
    """
    converter = find_soffice() if pdf else None
    options = BuildOptions(template_option(templates))
    result = BuildResult(analyse_paths(paths))
    pairs = _with_outcomes(result, paths)
    if not pairs:
        return result
    from facilitation.documents.language import localise_workshop

    result.problems.extend(check_synthesis([workshop for workshop, _ in pairs]))
    language = pairs[0][0].programme_language
    workshops = [localise_workshop(workshop, language) for workshop, _ in pairs]
    view = SYNTHESIS.view_function()(workshops, [schedule for _, schedule in pairs], as_of)
    try:
        data = render_view(
            SYNTHESIS,
            view,
            options.templates_for(workshops[0]),
            title=view["workshop"]["title"],
            language=language,
            warnings=result.problems,
        )
    except TemplateError as error:
        result.problems.append(error.diagnostic)
        result.skipped.append("synthesis")
        return result
    rendered = [(SYNTHESIS, data)]
    if converter:
        [pdf_data] = convert_to_pdf(converter, [(display_path(out / SYNTHESIS.filename), data)])
        rendered.append((replace(SYNTHESIS, filename="synthesis.pdf"), pdf_data))
    result.written.extend(write_documents(out, "synthesis", rendered, shared=False))
    return result


def _with_outcomes(result: BuildResult, paths: Sequence[Path]) -> list[tuple[Workshop, Schedule]]:
    """The analysed workshops that have outcomes; none when any workshop has errors."""
    report = result.report
    broken = [analysis for analysis in report.analyses if analysis.has_errors]
    if broken:
        result.skipped.extend(display_path(analysis.path) for analysis in broken)
        return []
    pairs = [
        (analysis.workshop, analysis.schedule)
        for analysis in report.analyses
        if analysis.workshop is not None
        and analysis.schedule is not None
        and analysis.workshop.outcomes
    ]
    if not pairs:
        result.problems.append(
            Diagnostic(
                codes.NO_OUTCOMES,
                f"none of the {len(report.analyses)} workshop(s) has outcomes recorded; "
                "there is nothing to synthesise",
                Location(", ".join(display_path(path) for path in paths)),
                hint="record outcomes with `facilitation record`, or in an `outcomes:` section",
            )
        )
        result.skipped.append("synthesis")
    return pairs
