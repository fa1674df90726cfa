"""The console script: a running ``facilitation server`` answers first, else this process.

Kept to the standard library until it knows which: handing a command to the server costs a
Python start-up and a socket, where running it here imports typer, rich and pydantic first.
"""

from __future__ import annotations

import sys


def main() -> None:
    """Entry point of ``facilitation`` and ``python -m facilitation``."""
    from facilitation.cli.client import collect_rarely, run_on_server

    code = run_on_server(sys.argv[1:])
    if code is not None:
        sys.exit(code)
    collect_rarely()
    from facilitation.cli.app import main as run_here

    run_here()
