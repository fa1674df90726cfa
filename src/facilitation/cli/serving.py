"""The background server: one process that has imported everything, forking one child per command.

``facilitation server run`` imports the commands it serves, checks the packaged agendas and
builds the documents of one (so every validator, catalogue, label, library and shipped template
is built, loaded and compiled), freezes what it holds for the garbage collector (so children do
not copy it page by page) and listens on a Unix socket in a folder only this user can open. Each
``check``, ``show`` or ``build`` the client (:mod:`facilitation.cli.client`) hands over runs in
a child forked for it: the child takes the client's terminal descriptors, folder,
environment and umask, runs the command exactly as the console script would, and its exit code
goes back to the client. A child starts from the state the server had after its warm-up, so
nothing one command reads is seen by the next. When the client goes away (Ctrl-C), the child is
interrupted, then killed if it does not stop. The server stops after its idle time, on
``facilitation server stop``, on SIGTERM or Ctrl-C, or when its socket is removed.

Why by hand: a fork server passing descriptors is a few dozen lines of the standard library
(``selectors``, ``socket.recv_fds``, ``os.fork``); no kept library does it without a process
pool that would re-import everything or share one process between commands.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import gc
import io
import json
import locale
import os
import selectors
import signal
import socket
import struct
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from facilitation import __version__
from facilitation.cli.client import (
    INTERRUPTED,
    SEPARATOR,
    SERVED,
    STARTED,
    collect_rarely,
    frame,
    private_folder,
)

if TYPE_CHECKING:
    from importlib.abc import Traversable

    from facilitation.cli.app import CommandLine

#: Seconds a client has to send its request once connected.
_REQUEST_TIMEOUT = 2.0
#: Seconds an interrupted command has to stop before it is killed.
_INTERRUPT_GRACE = 3.0
#: The largest request read (the environment included).
_MAX_REQUEST = 1 << 20


class ServerError(Exception):
    """The server cannot start; the message says why."""


@dataclass
class _Child:
    """A command running in a child, and the client waiting for it."""

    connection: socket.socket
    kill_at: float | None = None


@dataclass
class Server:
    """The listening socket, the children and what ``server status`` reports."""

    path: Path
    idle_seconds: float
    command: CommandLine
    listener: socket.socket = field(init=False)
    selector: selectors.DefaultSelector = field(default_factory=selectors.DefaultSelector)
    children: dict[int, _Child] = field(default_factory=dict)
    served: int = 0
    interrupted: int = 0
    started: str = field(default_factory=lambda: dt.datetime.now().astimezone().isoformat())
    last_active: float = field(default_factory=time.monotonic)
    stopping: bool = False
    _inode: int = 0
    _wake: tuple[int, int] = (-1, -1)
    _lock: int = -1

    def status(self) -> dict[str, Any]:
        """What ``server status`` prints."""
        return {
            "pid": os.getpid(),
            "version": __version__,
            "started": self.started,
            "served": self.served,
            "interrupted": self.interrupted,
            "running": len(self.children),
            "idle_minutes": self.idle_seconds / 60,
            "socket": str(self.path),
        }


def warm_up() -> CommandLine:
    """Import what the served commands use, load every catalogue, check the packaged agendas.

    Returns the command line's click command, built once here (typer builds it again, reading
    every command's signature, each time it is called).
    """
    import typer.main

    from facilitation.catalogue.locales import LOCALES
    from facilitation.catalogue.translations import load_translations
    from facilitation.checking.analyse import analyse_paths
    from facilitation.checking.cache import cached_result  # noqa: F401  (imported to keep)
    from facilitation.cli import app, console, plan  # noqa: F401  (imported to keep)
    from facilitation.resources import find_packaged

    for language in LOCALES:
        load_translations(language)
    with contextlib.suppress(OSError):
        agendas = find_packaged("agendas")
        analyse_paths(
            sorted(Path(str(entry)) for entry in agendas.iterdir() if entry.name.endswith(".yaml"))
        )
        _warm_documents(agendas)
    command: CommandLine = typer.main.get_command(app.app)
    gc.collect()
    # NOTE: everything made so far is left out of the children's collections: a collection
    # that visits the server's objects would copy every page it touches into the child.
    gc.freeze()
    return command


def _warm_documents(agendas: Traversable) -> None:
    """Build the documents of a packaged agenda into a folder then removed.

    Imports the document and chart libraries, loads their fonts and compiles the shipped
    templates, once for every ``build`` the server runs.
    """
    import tempfile

    from facilitation.documents.build import build
    from facilitation.documents.charts import import_matplotlib
    from facilitation.errors import FacilitationError

    import_matplotlib()  # the charts' library, imported to keep
    agenda = agendas.joinpath("national-kick-off-1-day.yaml")
    with (
        tempfile.TemporaryDirectory(prefix="facilitation-server-") as folder,
        contextlib.suppress(FacilitationError),
    ):
        build([Path(str(agenda))], Path(folder), workers=1)


def open_server(path: Path, idle_seconds: float) -> Server:
    """Take the installation's lock, warm up and listen; :class:`ServerError` when one runs."""
    reason = private_folder(path.parent)
    if reason is not None:
        raise ServerError(reason)
    lock = os.open(path.with_suffix(".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(lock)
        raise ServerError("a server for this installation is already running") from None
    command = warm_up()
    server = Server(path, idle_seconds, command)
    server._lock = lock
    with contextlib.suppress(FileNotFoundError):
        path.unlink()  # NOTE: a socket left by a server that died; the lock says none runs
    server.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        server.listener.bind(str(path))
    except OSError as error:
        server.listener.close()
        os.close(lock)
        raise ServerError(f"cannot listen on {path}: {error}") from None
    path.chmod(0o600)
    server.listener.listen(16)
    server._inode = path.stat().st_ino
    read, write = os.pipe()
    os.set_blocking(read, False)
    os.set_blocking(write, False)
    server._wake = (read, write)
    server.selector.register(server.listener, selectors.EVENT_READ)
    server.selector.register(read, selectors.EVENT_READ)
    return server


def serve(server: Server) -> None:
    """Answer requests until the server stops; then remove its socket."""
    signal.set_wakeup_fd(server._wake[1])
    signal.signal(signal.SIGCHLD, lambda *_: None)
    for stop_signal in (signal.SIGTERM, signal.SIGINT):
        signal.signal(stop_signal, lambda *_: _stop(server))
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        while not _finished(server):
            for key, _ in server.selector.select(_timeout(server)):
                if key.fileobj is server.listener:
                    _accept(server)
                elif key.fileobj == server._wake[0]:
                    with contextlib.suppress(BlockingIOError):
                        os.read(server._wake[0], 512)
                else:
                    _client_spoke(server, key.data)
            _reap(server)
            _enforce_kills(server)
    finally:
        _close(server)


def _stop(server: Server) -> None:
    """Accept nothing new; finish what runs."""
    if not server.stopping:
        server.stopping = True
        with contextlib.suppress(OSError, ValueError):
            server.selector.unregister(server.listener)
        _remove_socket(server)


def _finished(server: Server) -> bool:
    """Whether the server has nothing left to do."""
    if server.children:
        return False
    if server.stopping:
        return True
    idle = server.idle_seconds and time.monotonic() - server.last_active > server.idle_seconds
    return bool(idle) or not _socket_is_ours(server)


def _timeout(server: Server) -> float:
    """How long to wait for the next event."""
    waits = [5.0]
    if server.idle_seconds:
        waits.append(server.idle_seconds - (time.monotonic() - server.last_active))
    waits.extend(
        child.kill_at - time.monotonic() for child in server.children.values() if child.kill_at
    )
    return max(min(waits), 0.05)


def _socket_is_ours(server: Server) -> bool:
    """Whether the socket is still the one this server made (not removed, not replaced)."""
    try:
        return server.path.stat().st_ino == server._inode
    except OSError:
        return False


def _remove_socket(server: Server) -> None:
    """Remove the socket if it is this server's."""
    if _socket_is_ours(server):
        with contextlib.suppress(OSError):
            server.path.unlink()


def _close(server: Server) -> None:
    """Release the socket, the lock and the wake-up pipe."""
    _remove_socket(server)
    signal.set_wakeup_fd(-1)
    server.selector.close()
    server.listener.close()
    for descriptor in (*server._wake, server._lock):
        with contextlib.suppress(OSError):
            os.close(descriptor)


def _accept(server: Server) -> None:
    """Read one request and answer it; a malformed one is dropped."""
    try:
        connection, _ = server.listener.accept()
    except OSError:
        return
    descriptors: list[int] = []
    try:
        connection.settimeout(_REQUEST_TIMEOUT)
        _check_peer(connection)
        request, descriptors = _read_request(connection)
        server.last_active = time.monotonic()
        _answer(server, connection, request, descriptors)
    except (OSError, ValueError, KeyError, TypeError, IndexError) as error:
        print(f"{now()} dropped a request: {error}", flush=True)
        connection.close()
    finally:
        for descriptor in descriptors:
            with contextlib.suppress(OSError):
                os.close(descriptor)


def _check_peer(connection: socket.socket) -> None:
    """Refuse a client of another user (the folder's mode already keeps them out)."""
    if not hasattr(socket, "SO_PEERCRED"):
        return
    credentials = connection.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, 12)
    _, uid, _ = struct.unpack("3i", credentials)
    if uid != os.getuid():
        raise ValueError(f"a client of user {uid} was refused")


def _read_request(connection: socket.socket) -> tuple[list[str], list[int]]:
    """The request's strings (see :func:`~facilitation.cli.client.encode_run`) and descriptors."""
    data, descriptors, _, _ = socket.recv_fds(connection, 65536, 3)
    if len(data) < 4:
        raise ValueError("the request ended early")
    (length,) = struct.unpack("!I", data[:4])
    if length > _MAX_REQUEST:
        raise ValueError(f"a request of {length} bytes is too large")
    while len(data) < 4 + length:
        chunk = connection.recv(4 + length - len(data))
        if not chunk:
            raise ValueError("the request ended early")
        data += chunk
    return data[4 : 4 + length].decode("utf-8", "surrogateescape").split(SEPARATOR), list(
        descriptors
    )


def _answer(
    server: Server, connection: socket.socket, request: list[str], descriptors: list[int]
) -> None:
    """Status, stop, or run a command in a child."""
    kind = request[0]
    if kind in ("ping", "stop"):
        connection.sendall(frame(json.dumps(server.status()).encode()))
        connection.close()
        if kind == "stop":
            _stop(server)
    elif kind == "run" and len(descriptors) == 3:
        run = Run.decode(request)
        if run.arguments[:1] and run.arguments[0] in SERVED:
            _fork(server, connection, run, descriptors)
            return
    connection.close()  # NOTE: the client sees no start and runs the command itself


@dataclass(frozen=True)
class Run:
    """A command to run as its client would have (see ``client.encode_run``)."""

    program: str
    folder: str
    umask: int
    streams: list[tuple[str, str]]
    arguments: list[str]
    environment: dict[str, str]

    @classmethod
    def decode(cls, strings: list[str]) -> Run:
        """The request's strings as a run; :class:`ValueError` when they are not one."""
        program, folder, umask = strings[1:4]
        streams = [(strings[index], strings[index + 1]) for index in (4, 6, 8)]
        count = int(strings[10])
        arguments = strings[11 : 11 + count]
        if len(arguments) != count:
            raise ValueError("the request's arguments ended early")
        environment = dict(item.partition("=")[::2] for item in strings[11 + count :])
        return cls(program, folder, int(umask, 8), streams, arguments, environment)


def _fork(server: Server, connection: socket.socket, run: Run, descriptors: list[int]) -> None:
    """Run the command in a child; tell the client it started."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child's coverage is not collected
        code = 1
        try:
            _detach_from_server(server, connection)
            code = _run_command(run, descriptors, server.command)
        finally:
            os._exit(code)
    server.served += 1
    # NOTE: the child is known before the client is told, so it is reaped even if telling fails.
    server.children[pid] = _Child(connection)
    connection.settimeout(None)
    server.selector.register(connection, selectors.EVENT_READ, pid)
    connection.sendall(STARTED)


def _client_spoke(server: Server, pid: int) -> None:
    """The client closed its end (Ctrl-C, or killed): interrupt its command."""
    child = server.children.get(pid)
    if child is None:
        return
    with contextlib.suppress(OSError):
        if child.connection.recv(64):
            return  # NOTE: a client sends nothing after its request; ignore stray bytes
    server.selector.unregister(child.connection)
    if child.kill_at is None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGINT)
        server.interrupted += 1
        child.kill_at = time.monotonic() + _INTERRUPT_GRACE


def _enforce_kills(server: Server) -> None:
    """Kill the interrupted commands that did not stop in time."""
    now = time.monotonic()
    for pid, child in server.children.items():
        if child.kill_at is not None and now >= child.kill_at:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def _reap(server: Server) -> None:
    """Send each finished command's exit code to its client."""
    for pid in list(server.children):
        try:
            done, status = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            done, status = pid, 1 << 8
        if done != pid:
            continue
        child = server.children.pop(pid)
        code = os.waitstatus_to_exitcode(status)
        with contextlib.suppress(OSError, KeyError, ValueError):
            if child.kill_at is None:
                server.selector.unregister(child.connection)
                child.connection.sendall(struct.pack("!i", code if code >= 0 else 128 - code))
        child.connection.close()
        server.last_active = time.monotonic()


def _detach_from_server(server: Server, connection: socket.socket) -> None:  # pragma: no cover
    """In the child: the server's signals, socket, lock and clients are not the command's."""
    signal.set_wakeup_fd(-1)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    for default in (signal.SIGTERM, signal.SIGCHLD, signal.SIGHUP):
        signal.signal(default, signal.SIG_DFL)
    server.listener.close()
    server.selector.close()  # NOTE: closes the child's copy only; nothing is unregistered
    for child in server.children.values():
        child.connection.close()
    connection.close()
    for descriptor in (*server._wake, server._lock):
        with contextlib.suppress(OSError):
            os.close(descriptor)


def _run_command(run: Run, descriptors: list[int], command: CommandLine) -> int:  # pragma: no cover
    """In the child: become the client's process, run the command, return its exit code."""
    for target, descriptor in zip((0, 1, 2), descriptors, strict=True):
        os.dup2(descriptor, target)
        os.close(descriptor)
    _attach_streams(run.streams)
    os.umask(run.umask)
    os.environ.clear()
    os.environ.update(run.environment)
    time.tzset()
    with contextlib.suppress(locale.Error):
        locale.setlocale(locale.LC_CTYPE, "")  # NOTE: as Python does at start-up
    collect_rarely()  # NOTE: about 85 collections less per check of the example
    sys.argv = [run.program, *run.arguments]
    from facilitation.cli import terminal
    from facilitation.cli.app import main

    terminal.reattach()
    try:
        os.chdir(run.folder)
    except OSError as error:
        sys.stderr.write(f"facilitation: cannot enter {run.folder}: {error.strerror}\n")
        return 1
    try:
        main(run.arguments, run.program, command)
    except SystemExit as exit:
        return _exit_code(exit.code)
    except KeyboardInterrupt:
        return INTERRUPTED
    except BaseException:
        sys.excepthook(*sys.exc_info())  # NOTE: as the interpreter would, typer's hook included
        return 1
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
    return 0


def _attach_streams(streams: list[tuple[str, str]]) -> None:  # pragma: no cover
    """Standard streams on the client's descriptors, with its encodings and buffering."""
    for number, (name, (encoding, errors)) in enumerate(
        zip(("stdin", "stdout", "stderr"), streams, strict=True)
    ):
        stream = io.TextIOWrapper(
            io.FileIO(number, "r" if number == 0 else "w", closefd=False),
            encoding=encoding,
            errors=errors,
            line_buffering=number == 2 or os.isatty(number),
            write_through=number == 2,
        )
        setattr(sys, name, stream)


def _exit_code(code: object) -> int:
    """``SystemExit``'s code as a process's exit code."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    sys.stderr.write(f"{code}\n")
    return 1


def now() -> str:
    """The time, for the server's log."""
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


def main(arguments: list[str]) -> int:
    """``python -m facilitation.cli.serving SOCKET IDLE-SECONDS``, as ``server run`` starts it."""
    path, idle_seconds = Path(arguments[0]), float(arguments[1])
    try:
        server = open_server(path, idle_seconds)
    except ServerError as error:
        sys.stderr.write(f"error: cannot run the server: {error}\n")
        return 2
    served = ", ".join(f"`{name}`" for name in sorted(SERVED))
    print(f"{now()} serving {served} on {path} (process {os.getpid()})", flush=True)
    serve(server)
    commands = "command" if server.served == 1 else "commands"
    print(f"{now()} stopped after {server.served} {commands}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
