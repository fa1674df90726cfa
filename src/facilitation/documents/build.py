"""Build every document of each workshop: render in memory, then write atomically.

A workshop with errors builds nothing. For a workshop without errors, every selected document is
rendered first; only when all of them rendered are they written, each to a temporary file that is
then renamed into place. Files with contact details are readable by their owner only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from facilitation import codes
from facilitation.checking.analyse import Analysis, Report, analyse_paths
from facilitation.checking.scheduling import Schedule
from facilitation.documents.output import BuiltFile, write_documents
from facilitation.documents.pdf import convert_to_pdf, find_soffice
from facilitation.documents.registry import DOCUMENT_NAMES, DOCUMENTS, SYNTHESIS, DocumentSpec
from facilitation.errors import Diagnostic, Location, TemplateError, UserError, display_path
from facilitation.model import Programme
from facilitation.model.loaded import AgreementDocument, Workshop

#: Reports a step of the build as it starts (the CLI shows it as progress).
Step = Callable[[str], None]


@dataclass
class BuildResult:
    """What was written, what was skipped, and every problem."""

    report: Report
    written: list[BuiltFile] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

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

    def announce(self, text: str) -> None:
        """Report a step, when someone listens."""
        if self.step:
            self.step(text)

    def templates_for(self, programme: Programme) -> Path | None:
        """The user's template folder: ``--templates``, else the programme's ``templates:``."""
        if self.templates is not None:
            return self.templates
        return Path(programme.templates) if programme.templates else None


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


def build(
    paths: Sequence[Path],
    out: Path,
    *,
    only: Sequence[str] | None = None,
    pdf: bool = False,
    templates: Path | None = None,
    shared: bool = False,
    strict: bool = False,
    step: Step | None = None,
) -> BuildResult:
    """Build the documents of every workshop that ``paths`` name into ``out/<workshop-id>/``."""
    specs = select_documents(only)
    if shared:
        specs = [spec for spec in specs if not spec.internal]
    converter = find_soffice() if pdf else None
    if templates is not None and not templates.is_dir():
        raise UserError(f"the template folder {display_path(templates)} does not exist")
    options = BuildOptions(templates, shared, step)
    result = BuildResult(analyse_paths(paths))
    for analysis in result.report.analyses:
        blocked = analysis.has_errors or (strict and analysis.diagnostics)
        if blocked or analysis.workshop is None or analysis.schedule is None:
            result.skipped.append(display_path(analysis.path))
            continue
        _build_workshop(analysis, specs, out, options, result)
    agreement_specs = [spec for spec in specs if spec.subject == "agreement"]
    for agreement in result.report.agreements if agreement_specs else []:
        blocked = agreement.has_errors or (strict and agreement.diagnostics)
        if blocked or agreement.agreement is None:
            result.skipped.append(display_path(agreement.path))
            continue
        _build_agreement(agreement.agreement, agreement_specs, out, options, result)
    if converter and result.written:
        options.announce("PDF (LibreOffice)")
        result.written.extend(convert_to_pdf(converter, result.written))
    return result


def _build_agreement(
    document: AgreementDocument,
    specs: list[DocumentSpec],
    out: Path,
    options: BuildOptions,
    result: BuildResult,
) -> None:
    agreement = document.spec.agreement
    rendered = []
    try:
        for spec in specs:
            options.announce(f"{agreement.id}: {spec.filename}")
            view = spec.view_function()(document)
            data = render_view(
                spec,
                view,
                options.templates_for(document.programme),
                title=agreement.title,
                language=document.language,
            )
            rendered.append((spec, data))
    except TemplateError as error:
        result.problems.append(error.diagnostic)
        result.skipped.append(display_path(document.path))
        return
    folder = out / agreement.id
    result.written.extend(write_documents(folder, agreement.id, rendered, shared=False))


def _build_workshop(
    analysis: Analysis,
    specs: list[DocumentSpec],
    out: Path,
    options: BuildOptions,
    result: BuildResult,
) -> None:
    workshop, schedule = analysis.workshop, analysis.schedule
    assert workshop is not None
    assert schedule is not None
    user_templates = options.templates_for(workshop.programme)
    rendered: list[tuple[DocumentSpec, bytes]] = []
    try:
        for spec in specs:
            if spec.subject != "workshop":
                continue
            if spec.needs_participants and not workshop.participants:
                continue
            if spec.needs_outcomes and not workshop.outcomes:
                continue
            options.announce(f"{workshop.info.id}: {spec.filename}")
            data = render_document(spec, workshop, schedule, user_templates, shared=options.shared)
            rendered.append((spec, data))
    except TemplateError as error:
        result.problems.append(error.diagnostic)
        result.skipped.append(display_path(analysis.path))
        return
    folder = out / workshop.info.id
    written = write_documents(folder, workshop.info.id, rendered, shared=options.shared)
    result.written.extend(written)


def render_document(
    spec: DocumentSpec,
    workshop: Workshop,
    schedule: Schedule,
    user_templates: Path | None,
    *,
    shared: bool = False,
    today: dt.date | None = None,
) -> bytes:
    """Render one document of ``workshop`` into bytes."""
    if spec.kind == "ics":
        from facilitation.documents.calendar import render_ics

        return render_ics(workshop, schedule)
    from facilitation.documents.views.base import ViewContext

    ctx = ViewContext.of(workshop, schedule, today, shared=shared or spec.shared)
    view = spec.view_function()(ctx)
    title = f"{view['document']['title']} – {workshop.info.title}"
    return render_view(spec, view, user_templates, title=title, language=workshop.language)


def render_view(
    spec: DocumentSpec,
    view: dict[str, Any],
    user_templates: Path | None,
    *,
    title: str,
    language: str,
) -> bytes:
    """Render ``view`` with the template of ``spec`` (Word or text)."""
    from facilitation.documents.environment import make_environment

    env = make_environment(user_templates)
    assert spec.template is not None
    if spec.kind == "text":
        from facilitation.documents.text import render_text

        return render_text(spec.template, view, env)
    from facilitation.documents.docx import render_docx
    from facilitation.documents.templates import find_template

    source = find_template(spec.template, user_templates)
    return render_docx(source, view, env, title=title, language=language)


def build_synthesis(
    paths: Sequence[Path],
    out: Path,
    *,
    as_of: dt.date,
    pdf: bool = False,
    templates: Path | None = None,
) -> BuildResult:
    """Write ``out/synthesis.docx`` from the outcomes of every workshop that ``paths`` name."""
    converter = find_soffice() if pdf else None
    result = BuildResult(analyse_paths(paths))
    pairs = _with_outcomes(result, paths)
    if not pairs:
        return result
    workshops = [workshop for workshop, _ in pairs]
    programme = workshops[0].programme
    view = SYNTHESIS.view_function()(workshops, [schedule for _, schedule in pairs], as_of)
    try:
        data = render_view(
            SYNTHESIS,
            view,
            BuildOptions(templates).templates_for(programme),
            title=view["workshop"]["title"],
            language=programme.language or "en",
        )
    except TemplateError as error:
        result.problems.append(error.diagnostic)
        result.skipped.append("synthesis")
        return result
    result.written.extend(write_documents(out, "synthesis", [(SYNTHESIS, data)], shared=False))
    if converter:
        result.written.extend(convert_to_pdf(converter, result.written))
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
