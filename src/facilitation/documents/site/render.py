"""Render the site's pages with the sandboxed template environment, escaping every value as HTML.

The pages' templates live in ``templates/site/`` (``index.html.j2``, ``agenda.html.j2``,
``dashboard.html.j2``) beside the stylesheet and the script, which are copied as they are. A
folder given with ``--templates`` (or the programme's ``templates:``) is searched first, as
for the documents: ``DIR/site/agenda.html.j2`` replaces the default agenda page.

The environment is its own, not the documents': it escapes every printed value for HTML, whatever
a template includes, while keeping every rule of the documents' sandbox (no Python internals, no
file outside the template folder, a bounded amount of work).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from facilitation.documents.sandbox.environment import TemplateEnvironment, make_environment
from facilitation.documents.sandbox.errors import describe_error
from facilitation.documents.text import render_text
from facilitation.errors import Diagnostic, Location, TemplateError

#: The folder of the site's templates, inside a template folder.
FOLDER = "site"
#: Files copied into the site as they are, from the same folders as the templates.
STATIC_FILES = ("style.css", "agenda.js")


def render_page(name: str, view: dict[str, Any], user_templates: Path | None) -> bytes:
    """The page ``site/<name>`` rendered from ``view`` as UTF-8 HTML.

    Raises:
        TemplateError: the template is broken or unsafe (a diagnostic at its file and line).
    """
    env = site_environment(user_templates, _resolved(user_templates), view["lang"])
    return render_text(f"{FOLDER}/{name}", view, env)


def static_file(name: str, user_templates: Path | None) -> bytes:
    """The stylesheet or script ``site/<name>``, read under the template folder's rules.

    Raises:
        TemplateError: it is missing, not text, or a link to a file outside its folder.
    """
    env = site_environment(user_templates, _resolved(user_templates), None)
    path = f"{FOLDER}/{name}"
    assert env.loader is not None
    try:
        text, _, _ = env.loader.get_source(env, path)
    except Exception as error:  # every refusal of the loader becomes a diagnostic
        problem = describe_error(error)
        raise TemplateError(
            Diagnostic(problem.code, problem.message, Location(path), hint=problem.hint)
        ) from None
    return text.encode("utf-8")


def _resolved(user_templates: Path | None) -> Path | None:
    return user_templates.resolve() if user_templates is not None else None


@functools.lru_cache(maxsize=16)
def site_environment(
    user_templates: Path | None, folder: Path | None, language: str | None
) -> TemplateEnvironment:
    """The environment of the site's pages in ``language``, made once per process.

    ``folder`` is ``user_templates`` resolved, as part of the key only (a relative folder names
    another one once the working folder changes).
    """
    del folder
    env = make_environment(user_templates, language=language)
    # NOTE: every page is HTML: escape every value, whatever name an included template has
    # (the documents' environment leaves `.md.j2` and `.txt.j2` to their own escaping).
    env.autoescape = True
    return env


__all__ = ["FOLDER", "STATIC_FILES", "render_page", "site_environment", "static_file"]
