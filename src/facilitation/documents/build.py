"""Build every document of each workshop: render in memory, then write atomically.

A workshop with errors builds nothing. For a workshop without errors, every selected document is
rendered first; only when all of them rendered are they written, each to a temporary file that is
then renamed into place. Files with contact details are readable by their owner only.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from facilitation import codes
from facilitation.checking.analyse import Analysis, Report, analyse_paths
from facilitation.checking.scheduling import Schedule
from facilitation.errors import Diagnostic, Location, UserError, display_path
from facilitation.fileio import atomic_write
from facilitation.model import Programme
from facilitation.model.loaded import AgreementDocument, Workshop

Kind = Literal["docx", "text", "ics"]

PDF_TIMEOUT_SECONDS = 300


@dataclass(frozen=True)
class DocumentSpec:
    """One document that ``build`` can write."""

    name: str
    filename: str
    kind: Kind
    template: str | None
    purpose: str
    contacts: bool = False
    needs_participants: bool = False
    needs_outcomes: bool = False
    subject: Literal["workshop", "agreement"] = "workshop"


DOCUMENTS: tuple[DocumentSpec, ...] = (
    DocumentSpec("agenda", "agenda.docx", "docx", "agenda.docx", "for participants"),
    DocumentSpec("run-sheet", "run-sheet.docx", "docx", "run-sheet.docx", "for the team"),
    DocumentSpec(
        "participants",
        "participants.docx",
        "docx",
        "participants.docx",
        "internal; contacts where consented",
        contacts=True,
        needs_participants=True,
    ),
    DocumentSpec(
        "participants-shared",
        "participants-shared.docx",
        "docx",
        "participants.docx",
        "for circulation; no contacts",
        needs_participants=True,
    ),
    DocumentSpec(
        "sign-in",
        "sign-in.docx",
        "docx",
        "sign-in.docx",
        "one sheet per day, to sign",
        contacts=True,
        needs_participants=True,
    ),
    DocumentSpec("agenda-md", "agenda.md", "text", "agenda.md.j2", "agenda for e-mail and wikis"),
    DocumentSpec("calendar", "agenda.ics", "ics", None, "one event per session"),
    DocumentSpec(
        "outcome-report",
        "outcome-report.docx",
        "docx",
        "outcome-report.docx",
        "what the workshop agreed",
        needs_outcomes=True,
    ),
    DocumentSpec(
        "agreement",
        "agreement.docx",
        "docx",
        "agreement.docx",
        "for signature",
        subject="agreement",
    ),
)
DOCUMENT_NAMES = tuple(spec.name for spec in DOCUMENTS)


@dataclass(frozen=True)
class BuiltFile:
    """A file that ``build`` wrote, for a workshop, an agreement or the synthesis."""

    subject: str
    path: Path
    size: int
    purpose: str
    private: bool


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


def soffice() -> str:
    """The LibreOffice command, or a clear error that says how to install it."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise UserError(
        "--pdf needs LibreOffice, which is not installed (no `soffice` on the PATH)",
        hint="install it: `sudo apt-get install libreoffice-writer-nogui` (Debian, Ubuntu), "
        "`brew install --cask libreoffice` (macOS), or from https://www.libreoffice.org/download/",
    )


def build(
    paths: Sequence[Path],
    out: Path,
    *,
    only: Sequence[str] | None = None,
    pdf: bool = False,
    templates: Path | None = None,
    shared: bool = False,
    strict: bool = False,
    step: Callable[[str], None] | None = None,
) -> BuildResult:
    """Build the documents of every workshop that ``paths`` name into ``out/<workshop-id>/``."""
    specs = select_documents(only)
    if shared:
        specs = [spec for spec in specs if spec.name != "participants"]
    converter = soffice() if pdf else None
    if templates is not None and not templates.is_dir():
        raise UserError(f"the template folder {display_path(templates)} does not exist")
    report = analyse_paths(paths)
    result = BuildResult(report)
    for analysis in report.analyses:
        blocked = analysis.has_errors or (strict and analysis.diagnostics)
        if blocked or analysis.workshop is None or analysis.schedule is None:
            result.skipped.append(display_path(analysis.path))
            continue
        _build_one(analysis, specs, out, templates, shared, result, step)
    agreement_specs = [spec for spec in specs if spec.subject == "agreement"]
    for agreement in report.agreements if agreement_specs else []:
        blocked = agreement.has_errors or (strict and agreement.diagnostics)
        if blocked or agreement.agreement is None:
            result.skipped.append(display_path(agreement.path))
            continue
        _build_agreement(agreement.agreement, out, templates, result, step)
    if converter and result.written:
        if step:
            step("PDF (LibreOffice)")
        convert_to_pdf(converter, result)
    return result


def _build_agreement(
    document: AgreementDocument,
    out: Path,
    templates: Path | None,
    result: BuildResult,
    step: Callable[[str], None] | None,
) -> None:
    from facilitation.documents.templates import TemplateError
    from facilitation.documents.views.agreement import agreement_view

    agreement = document.spec.agreement
    spec = next(spec for spec in DOCUMENTS if spec.subject == "agreement")
    if step:
        step(f"{agreement.id}: {spec.filename}")
    user_templates = _user_templates(templates, document.programme)
    try:
        data = render_view(
            spec,
            agreement_view(document),
            user_templates,
            title=agreement.title,
            language=document.language,
        )
    except TemplateError as error:
        result.problems.append(error.diagnostic)
        result.skipped.append(display_path(document.path))
        return
    write_documents(out / agreement.id, agreement.id, [(spec, data)], False, result)


def _user_templates(templates: Path | None, programme: Programme) -> Path | None:
    if templates is not None:
        return templates
    return Path(programme.templates) if programme.templates else None


def write_documents(
    folder: Path,
    subject_id: str,
    rendered: list[tuple[DocumentSpec, bytes]],
    shared: bool,
    result: BuildResult,
) -> None:
    """Write rendered documents atomically into ``folder``."""
    for spec, data in rendered:
        target = folder / spec.filename
        private = spec.contacts and not shared
        atomic_write(target, data, private=private, keep_mode=False)
        result.written.append(BuiltFile(subject_id, target, len(data), spec.purpose, private))


def _build_one(
    analysis: Analysis,
    specs: list[DocumentSpec],
    out: Path,
    templates: Path | None,
    shared: bool,
    result: BuildResult,
    step: Callable[[str], None] | None,
) -> None:
    from facilitation.documents.templates import TemplateError

    workshop, schedule = analysis.workshop, analysis.schedule
    assert workshop is not None
    assert schedule is not None
    user_templates = _user_templates(templates, workshop.programme)
    rendered: list[tuple[DocumentSpec, bytes]] = []
    try:
        for spec in specs:
            if spec.subject != "workshop":
                continue
            if spec.needs_participants and not workshop.participants:
                continue
            if spec.needs_outcomes and not workshop.outcomes:
                continue
            if step:
                step(f"{workshop.info.id}: {spec.filename}")
            rendered.append(
                (spec, render_document(spec, workshop, schedule, user_templates, shared))
            )
    except TemplateError as error:
        result.problems.append(error.diagnostic)
        result.skipped.append(display_path(analysis.path))
        return
    write_documents(out / workshop.info.id, workshop.info.id, rendered, shared, result)


def render_document(
    spec: DocumentSpec,
    workshop: Workshop,
    schedule: Schedule,
    user_templates: Path | None,
    shared: bool,
    *,
    today: dt.date | None = None,
) -> bytes:
    """Render one document of ``workshop`` into bytes."""
    from facilitation.documents.views import workshop as views

    ctx = views.ViewContext.of(workshop, schedule, today)
    if spec.kind == "ics":
        from facilitation.documents.calendar import render_ics

        return render_ics(workshop, schedule)
    view: dict[str, Any]
    if spec.name in ("agenda", "agenda-md"):
        view = views.agenda_view(ctx)
    elif spec.name == "run-sheet":
        view = views.run_sheet_view(ctx)
    elif spec.name in ("participants", "participants-shared"):
        view = views.participants_view(ctx, shared=shared or spec.name == "participants-shared")
    elif spec.name == "sign-in":
        view = views.sign_in_view(ctx, shared=shared)
    elif spec.name == "outcome-report":
        from facilitation.documents.views.outcomes import outcome_report_view

        view = outcome_report_view(ctx)
    else:  # pragma: no cover - DOCUMENTS and this dispatch are kept together
        raise AssertionError(spec.name)
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


def convert_to_pdf(converter: str, result: BuildResult) -> None:
    """Convert every Word file that ``result`` wrote to PDF, in one LibreOffice run.

    Why: starting LibreOffice takes seconds; one run for the whole build keeps ``--pdf`` fast.
    Files are copied under numbered names first, since several workshops have an agenda.docx.
    """
    documents = [item for item in result.written if item.path.suffix == ".docx"]
    if not documents:
        return
    with tempfile.TemporaryDirectory(prefix="facilitation-pdf-") as work:
        folder = Path(work)
        for index, item in enumerate(documents):
            shutil.copyfile(item.path, folder / f"{index}.docx")
        command = [
            converter,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder / "pdf"),
            *(str(folder / f"{index}.docx") for index in range(len(documents))),
        ]
        try:
            subprocess.run(
                command,
                check=True,
                capture_output=True,
                timeout=PDF_TIMEOUT_SECONDS + 20 * len(documents),
                env=_quiet_env(),
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
            raise UserError(
                f"LibreOffice could not convert the documents to PDF ({type(error).__name__})",
                hint="the .docx files were written; open one in LibreOffice to see why",
            ) from None
        for index, item in enumerate(documents):
            produced = folder / "pdf" / f"{index}.pdf"
            if not produced.is_file():
                raise UserError(f"LibreOffice did not produce a PDF of {display_path(item.path)}")
            data = produced.read_bytes()
            target = item.path.with_suffix(".pdf")
            atomic_write(target, data, private=item.private, keep_mode=False)
            result.written.append(
                BuiltFile(item.subject, target, len(data), "PDF for printing", item.private)
            )


def _quiet_env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("SAL_USE_VCLPLUGIN", "svp")
    return env


def build_synthesis(
    paths: Sequence[Path],
    out: Path,
    *,
    as_of: dt.date,
    pdf: bool = False,
    templates: Path | None = None,
    step: Callable[[str], None] | None = None,
) -> BuildResult:
    """Write ``out/synthesis.docx`` from the outcomes of every workshop that ``paths`` name.

    Raises:
        UserError: none of the workshops has outcomes.
    """
    from facilitation.documents.templates import TemplateError
    from facilitation.documents.views.outcomes import synthesis_view

    converter = soffice() if pdf else None
    report = analyse_paths(paths)
    result = BuildResult(report)
    broken = [analysis for analysis in report.analyses if analysis.has_errors]
    if broken:
        result.skipped.extend(display_path(analysis.path) for analysis in broken)
        return result
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
        return result
    workshops = [workshop for workshop, _ in pairs]
    spec = DocumentSpec(
        "synthesis", "synthesis.docx", "docx", "synthesis.docx", "across the workshops"
    )
    if step:
        step("synthesis.docx")
    view = synthesis_view(workshops, [schedule for _, schedule in pairs], as_of)
    try:
        data = render_view(
            spec,
            view,
            _user_templates(templates, workshops[0].programme),
            title=view["workshop"]["title"],
            language=workshops[0].programme.language or "en",
        )
    except TemplateError as error:
        result.problems.append(error.diagnostic)
        result.skipped.append("synthesis")
        return result
    write_documents(out, "synthesis", [(spec, data)], False, result)
    if converter:
        convert_to_pdf(converter, result)
    return result
