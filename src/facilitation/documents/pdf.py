"""Convert the Word files a build wrote to PDF with LibreOffice, in one run."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path

from facilitation.documents.output import BuiltFile
from facilitation.errors import UserError, display_path
from facilitation.fileio import atomic_write

PDF_TIMEOUT_SECONDS = 300


def find_soffice() -> str:
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


def convert_to_pdf(converter: str, written: list[BuiltFile]) -> list[BuiltFile]:
    """Convert every Word file of ``written`` to PDF, in one LibreOffice run; return the PDFs.

    Why: starting LibreOffice takes seconds; one run for the whole build keeps ``--pdf`` fast.
    Files are copied under numbered names first, since several workshops have an agenda.docx.
    """
    documents = [item for item in written if item.path.suffix == ".docx"]
    pdfs: list[BuiltFile] = []
    if not documents:
        return pdfs
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
            pdfs.append(replace(item, path=target, size=len(data), purpose="PDF for printing"))
    return pdfs


def _quiet_env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("SAL_USE_VCLPLUGIN", "svp")
    return env
