"""Shared helpers: inline workshop files, diagnostics as (code, line, col) tuples, a CLI runner."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

# NOTE: rich reads these when the consoles are created, at import; set them first.
os.environ["NO_COLOR"] = "1"
os.environ["COLUMNS"] = "100"
os.environ["TERM"] = "dumb"

from typer.testing import CliRunner

from facilitation.checking.analyse import Report, analyse_paths
from facilitation.documents.language import localise_workshop
from facilitation.documents.views.base import ViewContext
from facilitation.errors import Diagnostic

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "western-balkans"

#: A small valid workshop; tests replace parts of it.
BASE_WORKSHOP = """\
programme:
  name: Test programme
  team:
    - id: ek
      name: Elena Kovač
    - id: ab
      name: Arben Berisha
  countries:
    - code: RS
      name: Serbia
    - code: XK
      name: Kosovo*
  institutions:
    - id: rs-police
      name: Police Directorate
      type: police
      country: RS
workshop:
  id: test
  title: Test workshop
  start: 2026-03-02
days:
  - start: 9:00
    end: 12:00
    sessions:
      - title: Welcome
        minutes: 45
        lead: ek
"""


@pytest.fixture(autouse=True)
def cache_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test keeps the cache of `check` in a folder of its own, never in the real home.

    The variable is set in os.environ, so commands run in a subprocess inherit it.
    """
    folder = tmp_path_factory.mktemp("cache-home")
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    monkeypatch.delenv("FACILITATION_NO_CACHE", raising=False)
    return folder


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """Write a dedented file below tmp_path and return its path."""

    def _write(name: str, text: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(dedent(text), encoding="utf-8")
        return path

    return _write


def analyse(path: Path) -> Report:
    return analyse_paths([path])


def regional_context() -> ViewContext:
    """The view context of the example's regional workshop, in its own language."""
    path = EXAMPLE / "regional-strategic-planning.yaml"
    [analysis] = [a for a in analyse_paths([path]).analyses if a.path == path]
    assert analysis.workshop is not None
    assert analysis.schedule is not None
    workshop = localise_workshop(analysis.workshop, analysis.workshop.language)
    return ViewContext.of(workshop, analysis.schedule, None)


def tuples(diagnostics: list[Diagnostic]) -> list[tuple[str, int | None, int | None]]:
    return [(d.code, d.location.line, d.location.column) for d in diagnostics]


def codes_of(report: Report) -> list[str]:
    return [d.code for d in report.diagnostics]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def needs_libreoffice() -> bool:
    """True when LibreOffice is there; under CI its absence is a failure, not a skip."""
    import shutil

    if shutil.which("soffice"):
        return True
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail("LibreOffice (soffice) is required under CI=true but is not installed")
    pytest.skip("LibreOffice (soffice) is not installed")
    return False


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="rewrite the golden text files from this run"
    )


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """Compare text with tests/golden/<name>; with --update-golden, rewrite it instead."""
    update = bool(request.config.getoption("--update-golden"))

    def _check(name: str, text: str) -> None:
        path = Path(__file__).parent / "golden" / name
        if update or not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
            if not update:
                pytest.fail(f"golden file {name} was missing and has been written; run again")
        assert text == path.read_text(encoding="utf-8"), f"{name} differs (pytest --update-golden)"

    return _check
