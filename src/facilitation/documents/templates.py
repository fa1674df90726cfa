"""Find templates and refuse the ones that are not plain, safe Word files.

A template is code that runs when a document is built, and a ``.docx`` is a zip of XML parts that
may carry macros, external links or entity tricks. Before docxtpl sees a template, it must be a
real ``.docx`` (not a ``.docm``, not an encrypted or old ``.doc``), of sane size, with no DOCTYPE
in any part and no relationship that points outside the file (hyperlinks excepted). Every XML
part is parsed as XML, in whatever encoding it declares (UTF-8, UTF-16...), with no DTD, no
entities and no network; a regular expression over the bytes would miss single quotes or
UTF-16.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.abc import Traversable
from pathlib import Path

from lxml import etree

from facilitation import codes
from facilitation.errors import Diagnostic, Location, TemplateError, UserError, display_path
from facilitation.fileio import atomic_write
from facilitation.resources import find_packaged

MAX_TEMPLATE_BYTES = 20 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
MAX_RATIO = 100
MAX_ENTRIES = 1000

_MAIN_DOCUMENT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_HYPERLINKS = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
    "http://purl.oclc.org/ooxml/officeDocument/relationships/hyperlink",
)
#: A relationship target that is not a part of the file: a URL (``scheme:``) or a share.
_OUTSIDE = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.\-]*:|\\\\|//)")
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class TemplateSource:
    """A template found for a document: its name, where it is shown from, and its bytes."""

    name: str
    shown: str
    data: bytes


def find_template(name: str, user_folder: Path | None) -> TemplateSource:
    """The template ``name``: from ``user_folder`` if it has one, else the packaged default."""
    if user_folder is not None:
        candidate = user_folder / name
        if candidate.is_file():
            data = candidate.read_bytes()
            return TemplateSource(name, display_path(candidate), data)
    item: Traversable = find_packaged("templates").joinpath(name)
    if not item.is_file():
        raise TemplateError(
            Diagnostic(
                codes.TEMPLATE_MISSING,
                f"there is no template `{name}`",
                Location(str(user_folder / name) if user_folder else name),
                hint="copy the defaults with `facilitation templates copy DIR`",
            )
        )
    return TemplateSource(name, f"(built-in) {name}", item.read_bytes())


def _refuse(source: TemplateSource, problem: str, hint: str | None = None) -> TemplateError:
    return TemplateError(
        Diagnostic(
            codes.TEMPLATE_REFUSED,
            f"the template is refused: {problem}",
            Location(source.shown),
            hint=hint or "save it again from Word as a Word Document (.docx)",
        )
    )


#: Digests of templates already inspected and found safe in this process.
_SAFE: set[bytes] = set()


def inspect_docx(source: TemplateSource) -> bytes:
    """Check that ``source`` is a plain, safe ``.docx``; return its bytes.

    Why the cache: one build renders the same few templates for every workshop, and reading
    every part of a template takes longer than rendering it; the same bytes get the same answer.
    """
    data = source.data
    digest = hashlib.sha256(data).digest()
    if digest in _SAFE:
        return data
    _inspect_bytes(source, data)
    _SAFE.add(digest)
    return data


def _inspect_bytes(source: TemplateSource, data: bytes) -> None:
    if len(data) > MAX_TEMPLATE_BYTES:
        raise _refuse(source, f"it is {len(data) / 1048576:.1f} MB; templates up to 20 MB are used")
    if data.startswith(_OLE_SIGNATURE):
        raise _refuse(
            source, "it is encrypted (password-protected) or an old Word 97–2003 .doc file"
        )
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise _refuse(source, "it is not a Word (.docx) file")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _inspect_archive(source, archive)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as error:
        # NOTE: a damaged entry, an unknown compression or an encrypted entry: read only now.
        raise _refuse(source, f"it is damaged ({error})") from None


def _inspect_archive(source: TemplateSource, archive: zipfile.ZipFile) -> None:
    entries = archive.infolist()
    if len(entries) > MAX_ENTRIES:
        raise _refuse(source, f"it holds {len(entries)} parts; at most {MAX_ENTRIES} are read")
    total = sum(entry.file_size for entry in entries)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise _refuse(source, "it unpacks to more than 100 MB")
    for entry in entries:
        if entry.compress_size and entry.file_size / entry.compress_size > MAX_RATIO:
            raise _refuse(source, f"the part {entry.filename} is compressed suspiciously well")
    names = {entry.filename for entry in entries}
    if "[Content_Types].xml" not in names or "word/document.xml" not in names:
        raise _refuse(source, "it is not a Word (.docx) file")
    types = _content_types(source, archive)
    if any(name.lower().endswith("vbaproject.bin") for name in names) or any(
        "macroenabled" in kind.lower() or "vbaproject" in kind.lower()
        for kind in types.everything()
    ):
        raise _refuse(source, "it is macro-enabled (.docm)", "save it as a Word Document (.docx)")
    if types.of("word/document.xml") != _MAIN_DOCUMENT:
        raise _refuse(source, "it is not a Word document (.docx)")
    for entry in entries:
        name = entry.filename
        if not (name.endswith((".xml", ".rels")) or types.of(name).endswith("xml")):
            continue
        root = _parse_part(source, name, archive.read(entry))
        if name.endswith(".rels"):
            _check_relationships(source, name, root)


@dataclass(frozen=True)
class _ContentTypes:
    """``[Content_Types].xml``: the type of each part, by its name or its extension."""

    defaults: dict[str, str]
    overrides: dict[str, str]

    def of(self, name: str) -> str:
        """The content type of the part ``name`` (``word/document.xml``), or ``""``."""
        override = self.overrides.get("/" + name.lower())
        if override is not None:
            return override
        return self.defaults.get(name.rpartition(".")[2].lower(), "")

    def everything(self) -> list[str]:
        """Every content type the file declares."""
        return [*self.defaults.values(), *self.overrides.values()]


def _content_types(source: TemplateSource, archive: zipfile.ZipFile) -> _ContentTypes:
    root = _parse_part(source, "[Content_Types].xml", archive.read("[Content_Types].xml"))
    defaults: dict[str, str] = {}
    overrides: dict[str, str] = {}
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        local = etree.QName(element).localname
        kind = element.get("ContentType") or ""
        if local == "Default":
            defaults[(element.get("Extension") or "").lower()] = kind
        elif local == "Override":
            overrides[(element.get("PartName") or "").lower()] = kind
    return _ContentTypes(defaults, overrides)


def _parse_part(source: TemplateSource, name: str, data: bytes) -> etree._Element:
    """The XML part ``name`` parsed in its declared encoding, with no DTD, entity or network."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise _refuse(source, f"the part {name} is not well-formed XML ({error})") from None
    if root.getroottree().docinfo.doctype:
        raise _refuse(source, f"the part {name} declares a DOCTYPE")
    return root


def _check_relationships(source: TemplateSource, name: str, root: etree._Element) -> None:
    """Refuse every relationship to an outside file, except hyperlinks."""
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        mode = element.get("TargetMode")
        target = (element.get("Target") or "").strip()
        if mode == "External" and element.get("Type") in _HYPERLINKS:
            continue
        if (mode is not None and mode != "Internal") or _OUTSIDE.match(target):
            raise _refuse(
                source,
                f"the part {name} links to an outside file",
                "remove linked images, linked templates and frames from the template",
            )


def copy_templates(folder: Path, *, force: bool = False) -> list[Path]:
    """Copy the packaged templates into ``folder``; refuse to overwrite unless ``force``.

    The web site's templates come along in ``folder/site/``, where ``--templates`` finds them.
    """
    items = sorted(_packaged_files(find_packaged("templates")), key=lambda pair: pair[0])
    existing = [folder / name for name, _ in items if (folder / name).exists()]
    if existing and not force:
        names = ", ".join(path.relative_to(folder).as_posix() for path in existing)
        raise UserError(
            f"{display_path(folder)} already has {names}",
            hint="choose an empty folder, or add --force to overwrite",
        )
    written = []
    for name, item in items:
        target = folder / name
        atomic_write(target, item.read_bytes(), keep_mode=False)
        written.append(target)
    return written


def _packaged_files(source: Traversable, prefix: str = "") -> Iterator[tuple[str, Traversable]]:
    """Every file below ``source`` (hidden ones left out), with its path relative to it."""
    for item in source.iterdir():
        if item.name.startswith("."):
            continue
        if item.is_file():
            yield prefix + item.name, item
        elif item.is_dir():
            yield from _packaged_files(item, f"{prefix}{item.name}/")


__all__ = ["TemplateSource", "copy_templates", "find_template", "inspect_docx"]
