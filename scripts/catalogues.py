"""Maintain the gettext catalogues of the documents' fixed texts, with Babel.

    python scripts/catalogues.py extract    # write locale/facilitation.pot from the sources
    python scripts/catalogues.py update     # extract, then merge the template into every .po
    python scripts/catalogues.py compile    # write the .mo files the tool reads
    python scripts/catalogues.py init LANG  # start the catalogue of a new language
    python scripts/catalogues.py check      # exit 1 when the .pot or a .mo is out of date

The sources are the catalogue's YAML files (see ``facilitation.catalogue.messages``): each
message's context is its key path, its msgid the English text. A translator opens
``src/facilitation/catalogue/data/locale/<language>/LC_MESSAGES/facilitation.po`` in Poedit or
Weblate, then runs ``update`` and ``compile``.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from facilitation.catalogue.locales import LOCALES, babel_locale
from facilitation.catalogue.messages import iter_messages

LOCALE_DIR = Path(__file__).resolve().parent.parent / "src/facilitation/catalogue/data/locale"
DOMAIN = "facilitation"
PROJECT = "facilitation"
TRANSLATED = [tag for tag in LOCALES if tag != "en"]


def po_path(language: str) -> Path:
    """Where the catalogue of ``language`` is."""
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def make_template() -> Catalog:
    """The template catalogue: every message with its context and source line."""
    template = Catalog(project=PROJECT, fuzzy=False)
    for message in iter_messages():
        entry = template.add(
            message.text, locations=[(message.file, message.line)], context=message.context
        )
        # The texts hold {placeholders}, never %-formats; "15% steps" is not one.
        entry.flags.discard("python-format")
    return template


def _po_bytes(catalog: Catalog, **options: bool) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, omit_header=False, **options)
    return buffer.getvalue()


def _without_date(text: bytes) -> bytes:
    return b"\n".join(
        line for line in text.splitlines() if not line.startswith((b'"POT-Creation-Date', b'"PO-'))
    )


def extract() -> bool:
    """Write the template; True when it changed."""
    path = LOCALE_DIR / f"{DOMAIN}.pot"
    new = _po_bytes(make_template())
    if path.exists() and _without_date(path.read_bytes()) == _without_date(new):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(new)
    return True


def read_catalogue(language: str) -> Catalog:
    """The catalogue of ``language`` as translated."""
    with po_path(language).open("rb") as handle:
        return read_po(handle, locale=babel_locale(language), domain=DOMAIN)


def update() -> None:
    """Merge the template into every catalogue: new messages empty, gone ones kept as obsolete."""
    extract()
    template = make_template()
    for language in TRANSLATED:
        catalog = read_catalogue(language)
        catalog.update(template, no_fuzzy_matching=True)
        po_path(language).write_bytes(_po_bytes(catalog, ignore_obsolete=False))


def compile_all() -> None:
    """Write each catalogue's .mo file next to it (fuzzy translations are left out)."""
    for language in TRANSLATED:
        buffer = io.BytesIO()
        write_mo(buffer, read_catalogue(language), use_fuzzy=False)
        po_path(language).with_suffix(".mo").write_bytes(buffer.getvalue())


def init(language: str) -> None:
    """Start the catalogue of ``language`` from the template."""
    path = po_path(language)
    if path.exists():
        raise SystemExit(f"{path} exists already; run `update` instead")
    catalog = Catalog(locale=babel_locale(language), domain=DOMAIN, project=PROJECT)
    catalog.update(make_template(), no_fuzzy_matching=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_po_bytes(catalog))


def check() -> int:
    """0 when the template and every .mo match their sources, else 1 with what is stale."""
    stale = []
    path = LOCALE_DIR / f"{DOMAIN}.pot"
    if not path.exists() or _without_date(path.read_bytes()) != _without_date(
        _po_bytes(make_template())
    ):
        stale.append(f"{path.name}: run `python scripts/catalogues.py update`")
    for language in TRANSLATED:
        buffer = io.BytesIO()
        write_mo(buffer, read_catalogue(language), use_fuzzy=False)
        mo = po_path(language).with_suffix(".mo")
        if not mo.exists() or mo.read_bytes() != buffer.getvalue():
            stale.append(f"{language}: run `python scripts/catalogues.py compile`")
    for line in stale:
        print(line, file=sys.stderr)
    return 1 if stale else 0


def main(argv: list[str]) -> int:
    """Run one command."""
    command = argv[0] if argv else ""
    if command == "extract":
        print("changed" if extract() else "up to date")
    elif command == "update":
        update()
    elif command == "compile":
        compile_all()
    elif command == "init" and len(argv) == 2:
        init(argv[1])
    elif command == "check":
        return check()
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
