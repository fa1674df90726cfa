"""Compiled templates kept between builds, in Jinja's own bytecode cache.

Compiling the example's 22 templates (each part of each Word template, and the Markdown agenda)
takes most of a second in every build, and again in every worker of a parallel build. The code
Jinja compiles depends only on the template's text and its environment's settings, so it is kept
in ``$XDG_CACHE_HOME/facilitation/templates/`` (by default ``~/.cache/facilitation/templates/``)
through :class:`jinja2.FileSystemBytecodeCache`, which checks the text's checksum and Jinja's and
Python's versions, and writes each file whole or not at all.

The cache's folder must be this user's own and closed to others (the files hold code that is
run); otherwise, on Windows and with ``FACILITATION_NO_CACHE=1``, templates are compiled every
time. The newest 500 compiled templates are kept.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
from collections.abc import Callable
from pathlib import Path
from types import CodeType

import jinja2
from jinja2 import Environment, FileSystemBytecodeCache
from jinja2.bccache import Bucket

import facilitation
from facilitation.checking.cache import cache_disabled, cache_folder

#: How many compiled templates the folder keeps (a build of the example writes 22).
KEPT = 500
#: The pattern of the cache's file names.
_PATTERN = "%s.jinja"


def stored_code(
    environment: Environment,
    settings: tuple[object, ...],
    source: str,
    compile: Callable[[], CodeType],
) -> CodeType:
    """The compiled code of ``source`` under ``settings``: from the cache, or compiled and kept."""
    cache = _open_cache()
    name = _name(settings, source)
    if cache is None or name is None:
        return compile()
    try:
        stored = cache.get_bucket(environment, name, None, source).code
    except Exception:  # NOTE: a damaged file (Jinja unpickles its checksum) is only a miss
        stored = None
    if stored is not None:
        return stored
    code = compile()
    _store(cache, environment, name, source, code)
    return code


def _store(
    cache: FileSystemBytecodeCache, environment: Environment, name: str, source: str, code: CodeType
) -> None:
    """Keep ``code`` (a file that cannot be written is no error: it is compiled next time)."""
    bucket = Bucket(environment, cache.get_cache_key(name), cache.get_source_checksum(source))
    bucket.code = code
    with contextlib.suppress(OSError):
        cache.set_bucket(bucket)
        _prune(Path(cache.directory))


def _open_cache() -> FileSystemBytecodeCache | None:
    """The bytecode cache in a private folder; ``None`` where it cannot or must not be used."""
    if cache_disabled() or not hasattr(os, "getuid"):
        return None
    try:
        folder = cache_folder().parent / "templates"
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        status = folder.lstat()
    except (OSError, RuntimeError):  # no home folder, a read-only one
        return None
    if (
        not stat.S_ISDIR(status.st_mode)
        or status.st_uid != os.getuid()
        or stat.S_IMODE(status.st_mode) & 0o077
    ):
        return None
    return FileSystemBytecodeCache(str(folder), _PATTERN)


def _name(settings: tuple[object, ...], source: str) -> str | None:
    """A name for the template that changes with its settings, its text and the compiler.

    ``None`` when a setting has no name that stays the same from one process to the next (a
    function made inside another, an object): such a template is compiled every time.
    """
    named = _stable(settings)
    if named is None:
        return None
    compiler = Path(__file__).with_name("environment.py").stat()
    identity = (
        f"{facilitation.__version__}\0{jinja2.__version__}\0{compiler.st_size}\0"
        f"{compiler.st_mtime_ns}\0{named}\0"
    )
    return hashlib.sha256(identity.encode() + source.encode("utf-8", "surrogatepass")).hexdigest()


def _stable(value: object) -> str | None:
    """``value`` as text that is the same in every process, or ``None``."""
    if isinstance(value, tuple):
        parts = [_stable(item) for item in value]
        return None if None in parts else "(" + ",".join(map(str, parts)) + ")"
    if value is None or isinstance(value, bool | int | str):
        return repr(value)
    if isinstance(value, type) or callable(value):
        qualified = getattr(value, "__qualname__", "")
        if not qualified or "<locals>" in qualified or "<lambda>" in qualified:
            return None
        return f"{getattr(value, '__module__', '')}.{qualified}"
    return None


def _prune(folder: Path) -> None:
    """Keep the newest :data:`KEPT` compiled templates."""
    files = [entry for entry in os.scandir(folder) if entry.name.endswith(".jinja")]
    if len(files) <= KEPT:
        return
    files.sort(key=lambda entry: entry.stat().st_mtime_ns, reverse=True)
    for entry in files[KEPT:]:
        with contextlib.suppress(OSError):
            Path(entry.path).unlink()
