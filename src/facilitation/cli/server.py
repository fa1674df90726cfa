"""``facilitation server``: ``check``, ``show`` and ``build`` kept loaded, in the background.

The server itself is :mod:`facilitation.cli.serving`; the console script's side is
:mod:`facilitation.cli.client`. ``start`` runs ``server run`` as a process of its own, detached
from the terminal, and waits until it answers.
"""

from __future__ import annotations

import json
import os
import socket
import struct
import subprocess
import sys
import time
from pathlib import Path
from typing import Annotated, Any

import typer

from facilitation.cli.client import SERVED, frame, private_folder, server_folder, socket_path
from facilitation.cli.shared import EXIT_PROBLEMS, fail

#: Seconds ``server start`` waits for the new server to answer (it imports and warms up first).
_START_WAIT = 60.0

#: The longest path of a Unix socket on Linux, with its closing zero byte.
_SOCKET_PATH_LIMIT = 108

IdleOption = Annotated[
    float,
    typer.Option(
        "--idle-minutes",
        min=0,
        help="Stop after this many minutes without a command (0: run until stopped).",
    ),
]

_SERVED_TEXT = ", ".join(f"`{name}`" for name in ("check", "show", "build") if name in SERVED)


def start(idle_minutes: IdleOption = 60) -> None:
    """Start the server in the background: check, show and build then start at once.

    The server keeps the libraries and the method catalogue loaded; each command still reads
    every file afresh, in a process of its own forked from the server. It serves only this
    installation and this user, and stops after --idle-minutes without a command.
    """
    from facilitation.cli.terminal import out

    path = _prepared_socket()
    running = ask(path, "ping")
    if running is not None:
        out.print(f"the server is already running ({_describe(running)})", highlight=False)
        return
    log = path.with_suffix(".log")
    with log.open("ab") as handle:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "facilitation",
                "server",
                "run",
                "--idle-minutes",
                f"{idle_minutes:g}",
            ],
            stdin=subprocess.DEVNULL,
            stdout=handle,
            stderr=handle,
            start_new_session=True,
            cwd="/",
        )
    started = _await_start(path, process)
    if started is None:
        fail(
            f"the server did not start; its log: {log}",
            "run it in the foreground to see why: facilitation server run",
        )
    until = f"after {idle_minutes:g} idle minutes or" if idle_minutes else "only"
    out.print(
        f"[ok]✓[/ok] server started (process {started['pid']}): {_SERVED_TEXT} run in it from now "
        f"on; it stops {until} when told: facilitation server stop",
        highlight=False,
    )


def stop() -> None:
    """Stop the server; the commands it runs finish first."""
    from facilitation.cli.terminal import out

    answer = ask(Path(socket_path()), "stop")
    if answer is None:
        out.print("no server is running for this installation", highlight=False)
        return
    out.print(f"[ok]✓[/ok] stopped the server (process {answer['pid']})", highlight=False)


def status(
    as_json: Annotated[bool, typer.Option("--json", help="Print the status as JSON.")] = False,
) -> None:
    """Say whether the server runs, since when, and what it served.

    Exits with 1 when no server runs.
    """
    from facilitation.cli.terminal import out

    answer = ask(Path(socket_path()), "ping")
    if as_json:
        out.print_json(json.dumps(answer or {"running": False}))
    elif answer is None:
        out.print(
            "no server is running for this installation; start one with: facilitation server start",
            highlight=False,
        )
    else:
        out.print(f"the server is running ({_describe(answer)})", highlight=False)
    if answer is None:
        raise typer.Exit(EXIT_PROBLEMS)


def run(idle_minutes: IdleOption = 60) -> None:
    """Run the server in the foreground; Ctrl-C stops it (`start` runs it detached)."""
    path = _prepared_socket()
    # NOTE: the server is a module of its own, run in this process's place: it imports the
    # command line it serves, which imports this module.
    sys.stdout.flush()
    os.execv(
        sys.executable,
        [sys.executable, "-m", "facilitation.cli.serving", str(path), f"{idle_minutes * 60:g}"],
    )


def _prepared_socket() -> Path:
    """This installation's socket, in a private folder made if missing."""
    if not sys.platform.startswith("linux") or not hasattr(socket, "send_fds"):
        fail(
            "the server runs on Linux only (it forks a process per command)",
            "commands run on their own here, as they always did",
        )
    folder = Path(server_folder())
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
    except OSError as error:
        fail(f"cannot make the server's folder {folder}: {error.strerror}")
    reason = private_folder(folder)
    if reason is not None:
        fail(
            f"cannot use {folder} for the server: {reason}",
            "set XDG_RUNTIME_DIR to a folder only you can open, or remove that one",
        )
    path = Path(socket_path())
    if len(os.fsencode(path)) >= _SOCKET_PATH_LIMIT:
        fail(
            f"the server's socket would be {path}, longer than this system allows",
            "set XDG_RUNTIME_DIR to a folder with a shorter path that only you can open",
        )
    return path


def ask(path: Path, kind: str) -> dict[str, Any] | None:
    """The server's answer to a ``ping`` or ``stop``; ``None`` when no server answers."""
    if private_folder(path.parent) is not None:
        return None
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        connection.settimeout(5)
        try:
            connection.connect(str(path))
            connection.sendall(frame(kind.encode()))
            return _read_message(connection)
        except (OSError, ValueError):
            return None


def _read_message(connection: socket.socket) -> dict[str, Any]:
    """One length-prefixed JSON message."""
    data = b""
    while len(data) < 4 or len(data) < 4 + struct.unpack("!I", data[:4])[0]:
        chunk = connection.recv(65536)
        if not chunk:
            raise ValueError("the answer ended early")
        data += chunk
    message = json.loads(data[4:])
    if not isinstance(message, dict):
        raise ValueError("the answer is not a message")
    return message


def _await_start(path: Path, process: subprocess.Popen[bytes]) -> dict[str, Any] | None:
    """The new server's status once it answers; ``None`` if it exited or took too long."""
    deadline = time.monotonic() + _START_WAIT
    while time.monotonic() < deadline:
        status = ask(path, "ping")
        if status is not None:
            return status
        if process.poll() is not None:
            return None
        time.sleep(0.05)
    return None


def _describe(status: dict[str, Any]) -> str:
    """A server's status in a line."""
    idle = status.get("idle_minutes") or 0
    stops = f"stops after {idle:g} idle minutes" if idle else "runs until stopped"
    return (
        f"process {status.get('pid')}, since {str(status.get('started', ''))[:19]}, "
        f"{_count(status.get('served', 0), 'command')} served, {status.get('running', 0)} "
        "running now, "
        f"{stops}"
    )


def _count(number: int, noun: str) -> str:
    """``1 command``, ``2 commands``."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
