"""Convert the Word files a build rendered to PDF with LibreOffice, in one run, before writing."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from facilitation.errors import UserError

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


def convert_to_pdf(converter: str, documents: Sequence[tuple[str, bytes]]) -> list[bytes]:
    """Convert Word documents, given as ``(name, bytes)``, to PDF in one LibreOffice run.

    Returns the PDFs in the same order. Nothing is written to the output folder: the build
    writes the PDFs with the other files, so a failed conversion leaves the folder as it was.

    Why one run: starting LibreOffice takes seconds; one run for the whole build keeps ``--pdf``
    fast. The documents are saved under numbered names, since several workshops have an
    agenda.docx. ``name`` is how a document is named in messages.
    """
    if not documents:
        return []
    with tempfile.TemporaryDirectory(prefix="facilitation-pdf-") as work:
        folder = Path(work)
        for index, (_, data) in enumerate(documents):
            (folder / f"{index}.docx").write_bytes(data)
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
                hint="no file was written; build without --pdf, then open a Word file in "
                "LibreOffice to see why",
            ) from None
        pdfs = []
        for index, (name, _) in enumerate(documents):
            produced = folder / "pdf" / f"{index}.pdf"
            if not produced.is_file():
                raise UserError(
                    f"LibreOffice did not produce a PDF of {name}",
                    hint="no file was written; build without --pdf, then open it in "
                    "LibreOffice to see why",
                )
            pdfs.append(produced.read_bytes())
    return pdfs


def _quiet_env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("SAL_USE_VCLPLUGIN", "svp")
    return env
