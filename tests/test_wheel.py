"""The built wheel works on its own: installed into a fresh virtual environment, run elsewhere.

The wheel is built without network access (``--no-isolation``) and installed with ``--no-deps``;
the new environment sees this environment's dependencies through a ``.pth`` line, but not its
editable ``facilitation``, so the code, templates and blueprints come from the wheel alone.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(out),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    [built] = out.glob("facilitation-*.whl")
    return built


@pytest.mark.slow
def test_wheel_carries_templates_agendas_and_data(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "facilitation/catalogue/data/methods.yaml" in names
    assert "facilitation/catalogue/data/methodology.yaml" in names
    assert any(name.startswith("facilitation/templates/") for name in names)
    assert any(name.startswith("facilitation/agendas/") for name in names)


@pytest.mark.slow
def test_installed_wheel_checks_a_workshop_outside_the_repository(
    wheel: Path, tmp_path: Path
) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = bindir / ("python.exe" if os.name == "nt" else "python")
    subprocess.run(
        [str(python), "-m", "pip", "install", "--no-deps", "--no-index", "--quiet", str(wheel)],
        check=True,
    )
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    Path(site, "_test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")

    work = tmp_path / "elsewhere"
    shutil.copytree(REPO / "examples" / "western-balkans", work / "western-balkans")
    env = {**os.environ, "PYTHONPATH": "", "NO_COLOR": "1", "COLUMNS": "100"}
    where = subprocess.run(
        [str(python), "-c", "import facilitation; print(facilitation.__file__)"],
        check=True,
        capture_output=True,
        text=True,
        cwd=work,
        env=env,
    ).stdout
    assert str(venv) in where, where
    result = subprocess.run(
        [str(bindir / "facilitation"), "check", "western-balkans"],
        capture_output=True,
        text=True,
        cwd=work,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    result = subprocess.run(
        [str(bindir / "facilitation"), "show", "western-balkans/regional-strategic-planning.yaml"],
        capture_output=True,
        text=True,
        cwd=work,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Day 4" in result.stdout
