"""The loader of text templates, which keeps every name inside its template folder."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from jinja2 import BaseLoader, TemplateNotFound
from jinja2 import TemplateError as JinjaTemplateError
from jinja2.environment import Environment
from jinja2.exceptions import SecurityError

from facilitation.documents.sandbox.bounds import MAX_TEXT_TEMPLATE_BYTES, TemplateLimitError


class IncludeOutsideFolder(SecurityError):
    """A template named a file outside its template folder (an absolute name, ``..``, a link)."""

    def __init__(self, name: str) -> None:
        super().__init__(
            f"`{name}` is outside the template folder; templates may include only files from it"
        )
        self.name = name


class NotATextTemplate(JinjaTemplateError):
    """A file that a text template names is not a text template (binary, or not UTF-8)."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"`{name}` is not a text template: {reason}")
        self.name = name


_DRIVE = re.compile(r"^[A-Za-z]:")


class FolderLoader(BaseLoader):
    """Text templates from one folder; no name leads outside it.

    An absolute name, a name with ``..`` and a link that points outside the folder are refused
    (:class:`IncludeOutsideFolder`), not looked up elsewhere; a file that is not UTF-8 text is
    refused as :class:`NotATextTemplate`.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder.resolve()

    def get_source(
        self,
        environment: Environment,  # noqa: ARG002 - Jinja's signature
        template: str,
    ) -> tuple[str, str, Callable[[], bool]]:
        """The text of ``template``, its file name, and whether it is still up to date."""
        pieces = re.split(r"[/\\]", template)
        if template.startswith(("/", "\\")) or _DRIVE.match(template) or ".." in pieces:
            raise IncludeOutsideFolder(template)
        path = self.folder.joinpath(*[piece for piece in pieces if piece not in ("", ".")])
        if not path.exists() and not path.is_symlink():
            raise TemplateNotFound(template)
        resolved = path.resolve()
        if not resolved.is_relative_to(self.folder):
            raise IncludeOutsideFolder(template)
        if not resolved.is_file():
            raise TemplateNotFound(template)
        if resolved.stat().st_size > MAX_TEXT_TEMPLATE_BYTES:
            raise TemplateLimitError(f"`{template}` is larger than 1 MB")
        data = resolved.read_bytes()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise NotATextTemplate(template, "it is not UTF-8 text (a binary file?)") from None
        if "\x00" in text:
            raise NotATextTemplate(template, "it holds binary data")
        mtime = resolved.stat().st_mtime
        return text, str(resolved), lambda: _unchanged(resolved, mtime)


def _unchanged(path: Path, mtime: float) -> bool:
    try:
        return path.stat().st_mtime == mtime
    except OSError:
        return False


__all__ = [
    "FolderLoader",
    "IncludeOutsideFolder",
    "NotATextTemplate",
]
