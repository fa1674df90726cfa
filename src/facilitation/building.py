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

from facilitation.errors import Diagnostic, UserError, display_path
from facilitation.fileio import atomic_write
from facilitation.loading import Workshop
from facilitation.project import Analysis, Report, analyse_paths
from facilitation.scheduling import Schedule

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
)
DOCUMENT_NAMES = tuple(spec.name for spec in DOCUMENTS)


@dataclass(frozen=True)
class BuiltFile:
    """A file that ``build`` wrote."""

    workshop: str
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
        _build_one(analysis, specs, out, templates, shared, converter, result, step)
    return result


def _build_one(
    analysis: Analysis,
    specs: list[DocumentSpec],
    out: Path,
    templates: Path | None,
    shared: bool,
    converter: str | None,
    result: BuildResult,
    step: Callable[[str], None] | None,
) -> None:
    from facilitation.rendering.templates import TemplateError

    workshop, schedule = analysis.workshop, analysis.schedule
    assert workshop is not None
    assert schedule is not None
    folder = out / workshop.info.id
    user_templates = templates or (
        Path(workshop.programme.templates) if workshop.programme.templates else None
    )
    rendered: list[tuple[DocumentSpec, bytes]] = []
    try:
        for spec in specs:
            if spec.needs_participants and not workshop.participants:
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
    for spec, data in rendered:
        target = folder / spec.filename
        atomic_write(target, data, private=spec.contacts and not shared, keep_mode=False)
        result.written.append(
            BuiltFile(
                workshop.info.id, target, len(data), spec.purpose, spec.contacts and not shared
            )
        )
    if converter:
        documents = [folder / spec.filename for spec, _ in rendered if spec.kind == "docx"]
        if step:
            step(f"{workshop.info.id}: PDF")
        for pdf_path, size, private in _convert_to_pdf(converter, documents, rendered):
            result.written.append(
                BuiltFile(workshop.info.id, pdf_path, size, "PDF for printing", private)
            )


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
    from facilitation.rendering import views
    from facilitation.rendering.environment import make_environment

    ctx = views.ViewContext.of(workshop, schedule, today)
    if spec.kind == "ics":
        from facilitation.rendering.ics import render_ics

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
    else:  # pragma: no cover - DOCUMENTS and this dispatch are kept together
        raise AssertionError(spec.name)
    env = make_environment(user_templates)
    assert spec.template is not None
    if spec.kind == "text":
        from facilitation.rendering.text import render_text

        return render_text(spec.template, view, env)
    from facilitation.rendering.docx import render_docx
    from facilitation.rendering.templates import find_template

    source = find_template(spec.template, user_templates)
    title = f"{view['document']['title']} – {workshop.info.title}"
    return render_docx(source, view, env, title=title, language=workshop.language)


def _convert_to_pdf(
    converter: str, documents: list[Path], rendered: list[tuple[DocumentSpec, bytes]]
) -> list[tuple[Path, int, bool]]:
    private = {spec.filename for spec, _ in rendered if spec.contacts}
    written = []
    with tempfile.TemporaryDirectory(prefix="facilitation-pdf-") as work:
        profile = Path(work, "profile").as_uri()
        command = [
            converter,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            work,
            *map(str, documents),
        ]
        try:
            subprocess.run(
                command,
                check=True,
                capture_output=True,
                timeout=PDF_TIMEOUT_SECONDS,
                env=_quiet_env(),
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
            raise UserError(
                f"LibreOffice could not convert the documents to PDF ({type(error).__name__})",
                hint="the .docx files were written; open one in LibreOffice to see why",
            ) from None
        for document in documents:
            produced = Path(work, document.with_suffix(".pdf").name)
            if not produced.is_file():
                raise UserError(f"LibreOffice did not produce a PDF of {display_path(document)}")
            data = produced.read_bytes()
            target = document.with_suffix(".pdf")
            is_private = document.name in private
            atomic_write(target, data, private=is_private, keep_mode=False)
            written.append((target, len(data), is_private))
    return written


def _quiet_env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("SAL_USE_VCLPLUGIN", "svp")
    return env
