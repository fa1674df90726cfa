"""Hand ``check``, ``show`` and ``build`` to a running ``facilitation server``, first of all.

A new process spends most of a ``check`` importing pydantic, typer and rich and building the
product's models; the server (:mod:`facilitation.cli.serving`) has done that once. This module is
what the console script runs first: it finds this user's server for this very installation,
passes it the command line, the folder, the environment and the terminal itself (the three
standard file descriptors, so colours, widths and pipes behave exactly as in a process of its
own), and waits for the exit code. Anything unusual (no server, another installation's server, a
folder others could write to, a descriptor that is closed) answers ``None``, and the command runs
here as usual.

Why by hand: passing descriptors over a Unix socket (``sendmsg`` with ``SCM_RIGHTS``) is the
whole transport, and no kept library offers a client for a server of this shape. Why ``os.path``,
``zlib``, ``_socket`` and a request of plain strings: this module runs before every command, and
``pathlib``, ``hashlib``, ``json`` and ``socket`` would cost more to import (about 40 ms together)
than the rest of the hand-over.
"""

from __future__ import annotations

# NOTE: `_socket` is the module `socket` wraps; `socket` itself imports `enum` and `selectors`,
# which cost more than the rest of the hand-over.
import _socket
import array
import os
import stat
import struct
import sys
import zlib

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

#: The commands the server runs; every other runs in its own process.
SERVED = frozenset({"check", "show", "build"})

#: Set (to anything but ``0``) to run every command in its own process.
NO_SERVER_VARIABLE = "FACILITATION_NO_SERVER"

#: The byte the server sends once a command started in it.
STARTED = b"S"

#: Seconds to wait for the server to start a command before running it here.
_START_TIMEOUT = 10.0


def collect_rarely() -> None:
    """Collect young objects every 50,000 allocations, not Python's 700 (cycles still freed).

    Why: a command lives from a second to a minute and keeps most of what it makes (models,
    rows, parsed parts); collecting every 700 allocations visited them again and again, 5 % of
    a participant list's time.
    """
    import gc

    gc.set_threshold(50_000, 10, 10)


#: Exit code for a command that Ctrl-C interrupted (`cli.shared.EXIT_INTERRUPTED`, which this
#: module cannot import: it comes with typer).
INTERRUPTED = 130

#: Separates the strings of a request: no argument, variable or path can hold it.
SEPARATOR = "\0"


def server_folder() -> str:
    """Where this user's servers keep their sockets (checked by :func:`private_folder`)."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and os.path.isabs(runtime):  # noqa: PTH117
        return os.path.join(runtime, "facilitation")  # noqa: PTH118
    # NOTE: `tempfile.gettempdir()` would import half the standard library before every command.
    temporary = os.environ.get("TMPDIR") or "/tmp"
    return os.path.join(temporary, f"facilitation-{os.getuid()}")  # noqa: PTH118


def private_folder(folder: str | os.PathLike[str]) -> str | None:
    """Why ``folder`` is unsafe for a socket (not this user's own, or open to others); else None."""
    try:
        status = os.lstat(folder)
    except OSError as error:
        return f"cannot read {folder}: {error.strerror}"
    if not stat.S_ISDIR(status.st_mode):
        return f"{folder} is not a folder"
    if status.st_uid != os.getuid():
        return f"{folder} belongs to another user"
    if stat.S_IMODE(status.st_mode) & 0o077:
        return f"others may read or write {folder} (mode {stat.S_IMODE(status.st_mode):o})"
    return None


def installation_key(package: str | os.PathLike[str] | None = None) -> str:
    """A fingerprint of this interpreter and this installation's code and data.

    A server answers only the installation it was started from: a reinstall, an upgrade or an
    edited source file gives another key, so a server never runs old code for a new command.
    Stat-ing the package's ~170 files costs about a millisecond. Two 32-bit checksums make the
    key: it tells one user's installations apart, it guards nothing against an attacker (the
    socket's folder does).
    """
    here = os.path.realpath(__file__)
    root = os.fspath(package) if package is not None else os.path.dirname(os.path.dirname(here))  # noqa: PTH120
    listing = [f"{sys.executable}\0{sys.version}\0{root}"]
    for path, status in sorted(_package_files(root)):
        listing.append(f"{path}\0{status.st_mtime_ns}\0{status.st_size}")
    data = "\n".join(listing).encode("utf-8", "surrogateescape")
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"


def _package_files(root: str) -> list[tuple[str, os.stat_result]]:
    """Every file under ``root`` but compiled bytecode, with its status."""
    found: list[tuple[str, os.stat_result]] = []
    pending = [root]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name != "__pycache__":
                        pending.append(entry.path)
                elif not entry.name.endswith(".pyc"):
                    found.append((entry.path, entry.stat()))
    return found


def socket_path(key: str | None = None) -> str:
    """The socket of this installation's server."""
    return os.path.join(server_folder(), f"server-{key or installation_key()}.sock")  # noqa: PTH118


def frame(data: bytes) -> bytes:
    """A message on the wire: its length, then its bytes."""
    return struct.pack("!I", len(data)) + data


def run_on_server(arguments: Sequence[str]) -> int | None:
    """The exit code of the command run by this installation's server; ``None`` to run it here."""
    if not _may_serve(arguments):
        return None
    folder = server_folder()
    if private_folder(folder) is not None:
        return None
    path = os.path.join(folder, f"server-{installation_key()}.sock")  # noqa: PTH118
    if not os.path.exists(path):  # noqa: PTH110
        return None
    connection = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    # NOTE: a server that does not start the command within this time is taken for stuck; the
    # command then runs here (a server reads a request within two seconds or drops it).
    connection.settimeout(_START_TIMEOUT)
    try:
        connection.connect(path)
        # NOTE: what `socket.send_fds` does, on the module it wraps.
        rights = array.array("i", (0, 1, 2))
        connection.sendmsg(
            [frame(encode_run(arguments))], [(_socket.SOL_SOCKET, _socket.SCM_RIGHTS, rights)]
        )
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
    # NOTE: Linux only, as the build's workers: macOS forbids forking a process that has used
    # some of its system libraries, and Windows has neither fork nor descriptor passing.
    if not sys.platform.startswith("linux") or not hasattr(_socket, "SCM_RIGHTS"):
        return False
    try:
        for descriptor in (0, 1, 2):
            os.fstat(descriptor)
    except OSError:
        return False
    return True


def encode_run(arguments: Sequence[str]) -> bytes:
    """A ``run`` request: what the server needs to run the command as this process would.

    The strings in order: ``run``, the program's name, the folder, the umask (octal), each
    standard stream's encoding and error handler, the number of arguments, the arguments, then
    the environment as ``NAME=value``.
    """
    umask = os.umask(0o077)
    os.umask(umask)
    streams: list[str] = []
    for stream in (sys.stdin, sys.stdout, sys.stderr):
        streams += [
            getattr(stream, "encoding", None) or "utf-8",
            getattr(stream, "errors", None) or "strict",
        ]
    strings = [
        "run",
        _program(),
        os.getcwd(),  # noqa: PTH109
        f"{umask:o}",
        *streams,
        str(len(arguments)),
        *arguments,
        *(f"{name}={value}" for name, value in os.environ.items()),
    ]
    return SEPARATOR.join(strings).encode("utf-8", "surrogateescape")


def _program() -> str:
    """The command's name in usage lines, as click would name this process."""
    name = os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else ""  # noqa: PTH119
    if name in ("", "__main__.py", "-c"):
        return "python -m facilitation"
    return name


def _await_exit(connection: _socket.socket) -> int:
    """Wait for the command's exit code; Ctrl-C here stops the command there."""
    received = b""
    try:
        while len(received) < 4:
            chunk = connection.recv(4 - len(received))
            if not chunk:
                break
            received += chunk
    except KeyboardInterrupt:
        # NOTE: closing the connection is the signal: the server interrupts the command.
        return INTERRUPTED
    finally:
        connection.close()
    if len(received) < 4:
        sys.stderr.write(
            "facilitation: the background server stopped before the command finished; "
            "run it again (or stop the server: facilitation server stop)\n"
        )
        return 1
    code: int = struct.unpack("!i", received)[0]
    return code
