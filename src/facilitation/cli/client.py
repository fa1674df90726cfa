"""Hand ``check`` and ``show`` to a running ``facilitation server``, before anything is imported.

A new process spends most of a ``check`` importing pydantic, typer and rich and building the
product's models; the server (:mod:`facilitation.cli.server`) has done that once. This module is
what the console script runs first: with the standard library only, it finds this user's server
for this very installation, passes it the command line, the folder, the environment and the
terminal itself (the three standard file descriptors, so colours, widths and pipes behave exactly
as in a process of its own), and waits for the exit code. Anything unusual (no server, another
installation's server, a folder others could write to, a descriptor that is closed) answers
``None``, and the command runs here as usual.

Why by hand: the standard library's ``socket.send_fds`` is the whole transport, and no kept
library offers a client for a server of this shape.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import stat
import struct
import sys
from collections.abc import Sequence
from pathlib import Path

#: The commands the server runs; every other runs in its own process.
SERVED = frozenset({"check", "show"})

#: Set (to anything but ``0``) to run every command in its own process.
NO_SERVER_VARIABLE = "FACILITATION_NO_SERVER"

#: The byte the server sends once a command started in it.
STARTED = b"S"

#: Seconds to wait for the server to start a command before running it here.
_START_TIMEOUT = 10.0

#: Exit code for a command that Ctrl-C interrupted, as a shell reports it.
INTERRUPTED = 130


def server_folder() -> Path:
    """Where this user's servers keep their sockets (checked by :func:`private_folder`)."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and Path(runtime).is_absolute():
        return Path(runtime) / "facilitation"
    import tempfile

    return Path(tempfile.gettempdir()) / f"facilitation-{os.getuid()}"


def private_folder(folder: Path) -> str | None:
    """Why ``folder`` is unsafe for a socket (not this user's own, or open to others); else None."""
    try:
        status = folder.lstat()
    except OSError as error:
        return f"cannot read {folder}: {error.strerror}"
    if not stat.S_ISDIR(status.st_mode):
        return f"{folder} is not a folder"
    if status.st_uid != os.getuid():
        return f"{folder} belongs to another user"
    if stat.S_IMODE(status.st_mode) & 0o077:
        return f"others may read or write {folder} (mode {stat.S_IMODE(status.st_mode):o})"
    return None


def installation_key(package: Path | None = None) -> str:
    """A fingerprint of this interpreter and this installation's code and data.

    A server answers only the installation it was started from: a reinstall, an upgrade or an
    edited source file gives another key, so a server never runs old code for a new command.
    Stat-ing the package's ~170 files costs about a millisecond.
    """
    root = package if package is not None else Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(f"{sys.executable}\0{sys.version}\0{root}".encode())
    for path, status in sorted(_package_files(root)):
        digest.update(f"{path}\0{status.st_mtime_ns}\0{status.st_size}\n".encode())
    return digest.hexdigest()[:16]


def _package_files(root: Path) -> list[tuple[str, os.stat_result]]:
    """Every file under ``root`` but compiled bytecode, with its status."""
    found: list[tuple[str, os.stat_result]] = []
    pending = [str(root)]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name != "__pycache__":
                        pending.append(entry.path)
                elif not entry.name.endswith(".pyc"):
                    found.append((entry.path, entry.stat()))
    return found


def socket_path(key: str | None = None) -> Path:
    """The socket of this installation's server."""
    return server_folder() / f"server-{key or installation_key()}.sock"


def encode(message: dict[str, object]) -> bytes:
    """A message on the wire: its length, then its JSON."""
    data = json.dumps(message).encode()
    return struct.pack("!I", len(data)) + data


def run_on_server(arguments: Sequence[str]) -> int | None:
    """The exit code of the command run by this installation's server; ``None`` to run it here."""
    if not _may_serve(arguments):
        return None
    folder = server_folder()
    if private_folder(folder) is not None:
        return None
    path = folder / f"server-{installation_key()}.sock"
    if not path.exists():
        return None
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    # NOTE: a server that does not start the command within this time is taken for stuck; the
    # command then runs here (a server reads a request within two seconds or drops it).
    connection.settimeout(_START_TIMEOUT)
    try:
        connection.connect(str(path))
        socket.send_fds(connection, [encode(_request(arguments))], [0, 1, 2])
        if connection.recv(1) != STARTED:
            connection.close()
            return None
        connection.settimeout(None)
    except OSError:
        connection.close()
        return None
    return _await_exit(connection)


def _may_serve(arguments: Sequence[str]) -> bool:
    """Whether the command is one the server runs, on a system that can pass descriptors."""
    if not arguments or arguments[0] not in SERVED:
        return False
    if os.environ.get(NO_SERVER_VARIABLE, "0") not in ("", "0"):
        return False
    if sys.platform == "win32" or not hasattr(socket, "send_fds"):
        return False
    try:
        for descriptor in (0, 1, 2):
            os.fstat(descriptor)
    except OSError:
        return False
    return True


def _request(arguments: Sequence[str]) -> dict[str, object]:
    """What the server needs to run the command as this process would."""
    umask = os.umask(0o077)
    os.umask(umask)
    streams = {
        name: [stream.encoding, stream.errors]
        for name, stream in (("stdin", sys.stdin), ("stdout", sys.stdout), ("stderr", sys.stderr))
        if stream is not None and stream.errors is not None
    }
    return {
        "kind": "run",
        "program": _program(),
        "arguments": list(arguments),
        "folder": str(Path.cwd()),
        "environment": dict(os.environ),
        "umask": umask,
        "streams": streams,
    }


def _program() -> str:
    """The command's name in usage lines, as click would name this process."""
    name = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else ""
    if name in ("", "__main__.py", "-c"):
        return "python -m facilitation"
    return name


def _await_exit(connection: socket.socket) -> int:
    """Wait for the command's exit code; Ctrl-C here stops the command there."""
    received = b""
    try:
        with connection:
            while len(received) < 4:
                chunk = connection.recv(4 - len(received))
                if not chunk:
                    break
                received += chunk
    except KeyboardInterrupt:
        # NOTE: closing the connection is the signal: the server interrupts the command.
        return INTERRUPTED
    if len(received) < 4:
        sys.stderr.write(
            "facilitation: the background server stopped before the command finished; "
            "run it again (or stop the server: facilitation server stop)\n"
        )
        return 1
    code: int = struct.unpack("!i", received)[0]
    return code
