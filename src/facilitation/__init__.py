"""facilitation: plan, check and document Dialogic Change Model workshops from one YAML file.

The public API, for scripts (imported on first use, so ``facilitation --version`` stays fast):

- :func:`analyse_paths` — load, time and check workshop and agreement files; returns a report
  with every diagnostic and, per workshop, the loaded workshop and its schedule;
- :func:`build` — write every document of each workshop (and agreement) into a folder;
- :func:`build_synthesis` — write the regional synthesis of many workshops' outcomes.
"""

from __future__ import annotations

# NOTE: not `typing.TYPE_CHECKING`: every command imports this module first, and `typing` costs
# more to import than handing `check` to a running server (mypy reads this name the same way).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__version__ = "0.1.0"
__all__ = ["__version__", "analyse_paths", "build", "build_synthesis"]

_API = {
    "analyse_paths": "facilitation.checking.analyse",
    "build": "facilitation.documents.build",
    "build_synthesis": "facilitation.documents.build",
}


def __getattr__(name: str) -> Any:
    if name in _API:
        import importlib

        return getattr(importlib.import_module(_API[name]), name)
    raise AttributeError(f"module 'facilitation' has no attribute {name!r}")
