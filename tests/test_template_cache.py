"""Compiled templates are kept on disk between runs, and only where that is safe."""

from __future__ import annotations

from pathlib import Path

import jinja2.environment
import pytest

from facilitation.documents.sandbox import compiled, environment
from facilitation.documents.sandbox.environment import make_environment

TEMPLATE = "{% for name in names %}{{ name }}{% if not loop.last %}, {% endif %}{% endfor %}"


def _folder(cache_home: Path) -> Path:
    return cache_home / "facilitation" / "templates"


def _render(source: str, *, word: bool = False) -> str:
    environment._COMPILED.clear()  # NOTE: as a new process starts
    return make_environment(word=word).from_string(source).render(names=["Ana", "Ben <b>"])


def _forbid_compiling(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("compiled again")

    monkeypatch.setattr(jinja2.environment.Environment, "compile", refuse)


def test_a_template_compiled_once_is_read_back_in_the_next_run(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _render(TEMPLATE, word=True)
    assert first == "Ana, Ben &lt;b&gt;"
    assert len(list(_folder(cache_home).glob("*.jinja"))) == 1
    assert _folder(cache_home).stat().st_mode & 0o077 == 0
    _forbid_compiling(monkeypatch)
    assert _render(TEMPLATE, word=True) == first


def test_the_settings_and_the_text_are_part_of_the_key(cache_home: Path) -> None:
    _render(TEMPLATE, word=True)
    _render(TEMPLATE, word=False)
    _render(TEMPLATE + ".", word=True)
    assert len(list(_folder(cache_home).glob("*.jinja"))) == 3
    assert compiled._name((True,), TEMPLATE) != compiled._name((False,), TEMPLATE)


def test_a_setting_without_a_lasting_name_is_never_kept() -> None:
    def made_here(value: object) -> object:
        return value

    assert compiled._stable((True, "x", 3, None, made_here)) is None
    assert compiled._stable((True, "x", 3, None, compiled.stored_code)) is not None
    assert compiled._stable((object(),)) is None


def test_a_damaged_cache_file_is_compiled_anew(cache_home: Path) -> None:
    _render(TEMPLATE)
    (stored,) = _folder(cache_home).glob("*.jinja")
    stored.write_bytes(stored.read_bytes()[:20])
    assert _render(TEMPLATE) == "Ana, Ben &lt;b&gt;"
    assert len(stored.read_bytes()) > 20


def test_no_cache_when_asked_or_when_others_can_write_to_the_folder(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FACILITATION_NO_CACHE", "1")
    assert _render(TEMPLATE) == "Ana, Ben &lt;b&gt;"
    assert not _folder(cache_home).exists()
    monkeypatch.delenv("FACILITATION_NO_CACHE")
    _folder(cache_home).mkdir(parents=True)
    _folder(cache_home).chmod(0o777)
    assert _render(TEMPLATE) == "Ana, Ben &lt;b&gt;"
    assert not list(_folder(cache_home).iterdir())


def test_only_the_newest_compiled_templates_are_kept(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(compiled, "KEPT", 2)
    for end in ("a", "b", "c", "d"):
        _render(TEMPLATE + end)
    assert len(list(_folder(cache_home).glob("*.jinja"))) == 2
