"""The example's web site, built once per test module: for participants and with the dashboard."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLE
from facilitation.cli.app import app

#: The date the dashboard and the synthesis judge overdue actions as of: some are, some are not.
AS_OF = dt.date(2026, 9, 30)


def build_example_sites(paths: pytest.TempPathFactory) -> dict[str, Path]:
    """``public`` (``facilitation site``) and ``internal`` (``--internal --as-of AS_OF``)."""
    built = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(paths.mktemp("cache")))
        for kind, options in (("public", []), ("internal", ["--internal", "--as-of", str(AS_OF)])):
            out = paths.mktemp(f"site-{kind}")
            result = CliRunner().invoke(app, ["site", str(EXAMPLE), "-o", str(out), *options])
            assert result.exit_code == 0, result.output
            assert "index.html" in result.stdout
            built[kind] = out
    return built


def synthesis_overdue(as_of: dt.date) -> int:
    """The overdue action items of the example as the synthesis counts them on ``as_of``."""
    from facilitation.checking.analyse import analyse_paths
    from facilitation.documents.views.synthesis import make_synthesis_view

    pairs = [
        (analysis.workshop, analysis.schedule)
        for analysis in analyse_paths([EXAMPLE]).analyses
        if analysis.workshop and analysis.schedule and analysis.workshop.outcomes
    ]
    view = make_synthesis_view([w for w, _ in pairs], [s for _, s in pairs], as_of)
    return sum(int(row["overdue"]) for row in view["progress"])
