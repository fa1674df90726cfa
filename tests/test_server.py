"""``facilitation server``: commands handed to a warm process answer as they would in their own."""

from __future__ import annotations

import csv
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLE
from facilitation.cli import client
from helpers.docx_text import docx_text

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"),
    reason="the server runs on Linux only",
)


def _environment(runtime: Path, **extra: str) -> dict[str, str]:
    environment = {**os.environ, "XDG_RUNTIME_DIR": str(runtime), **extra}
    environment.pop(client.NO_SERVER_VARIABLE, None)
    return environment


def _run(
    arguments: list[str], environment: dict[str, str], cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "facilitation", *arguments],
        env=environment,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


class Running:
    """A server started for one test, in a runtime folder of its own."""

    def __init__(self, runtime: Path) -> None:
        self.runtime = runtime
        self.environment = _environment(runtime)

    def run(
        self, arguments: list[str], cwd: Path | None = None
    ) -> subprocess.CompletedProcess[str]:
        return _run(arguments, self.environment, cwd)

    def local(
        self, arguments: list[str], cwd: Path | None = None
    ) -> subprocess.CompletedProcess[str]:
        return _run(arguments, {**self.environment, client.NO_SERVER_VARIABLE: "1"}, cwd)

    def status(self) -> dict[str, Any]:
        import json

        result = self.run(["server", "status", "--json"])
        answer: dict[str, Any] = json.loads(result.stdout)
        return answer


@pytest.fixture
def runtime() -> Iterator[Path]:
    # NOTE: a socket's path is limited to about a hundred bytes: pytest's folders are too deep.
    folder = Path(tempfile.mkdtemp(prefix="fs-", dir="/tmp"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def server(runtime: Path) -> Iterator[Running]:
    running = Running(runtime)
    started = running.run(["server", "start", "--idle-minutes", "5"])
    assert started.returncode == 0, started.stderr
    assert "server started" in started.stdout
    pid = running.status()["pid"]
    yield running
    running.run(["server", "stop"])
    _wait_gone(pid)


def _wait_gone(pid: int, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    os.kill(pid, signal.SIGKILL)
    pytest.fail(f"the server (process {pid}) did not stop")


def test_check_through_the_server_prints_and_exits_as_in_its_own_process(server: Running) -> None:
    arguments = ["check", "--no-cache", str(EXAMPLE)]
    served = server.run(arguments)
    local = server.local(arguments)
    assert (served.returncode, served.stdout, served.stderr) == (
        local.returncode,
        local.stdout,
        local.stderr,
    )
    assert "no problems in 14 files" in served.stderr + served.stdout
    assert server.status()["served"] == 1


def test_problems_exit_codes_and_relative_paths_come_from_the_clients_folder(
    server: Running, tmp_path: Path
) -> None:
    folder = tmp_path / "work"
    shutil.copytree(EXAMPLE, folder)
    workshop = folder / "regional-strategic-planning.yaml"
    workshop.write_text(
        workshop.read_text(encoding="utf-8").replace("minutes: 90", "minutes: ninety", 1),
        encoding="utf-8",
    )
    for arguments in (
        ["check", "--no-cache", "regional-strategic-planning.yaml"],
        ["check", "--no-cache", "--format", "json", "."],
        ["show", "regional-strategic-planning.yaml"],
        ["check", "missing.yaml"],
        ["show", "--no-such-option", "x.yaml"],
    ):
        served, local = server.run(arguments, cwd=folder), server.local(arguments, cwd=folder)
        assert served.returncode == local.returncode != 0, arguments
        assert (served.stdout, served.stderr) == (local.stdout, local.stderr), arguments
    assert server.status()["served"] == 5


def test_the_clients_environment_and_terminal_settings_reach_the_command(
    server: Running,
) -> None:
    environment = {k: v for k, v in server.environment.items() if k != "NO_COLOR"}
    environment |= {"FORCE_COLOR": "1", "COLUMNS": "60", "TERM": "xterm-256color"}
    arguments = ["show", str(EXAMPLE / "regional-strategic-planning.yaml")]
    served = _run(arguments, environment)
    local = _run(arguments, {**environment, client.NO_SERVER_VARIABLE: "1"})
    assert "\x1b[" in served.stdout
    assert served.stdout == local.stdout
    assert max(len(line) for line in served.stdout.splitlines() if "\x1b" not in line) <= 60


def test_a_served_build_writes_the_documents_a_build_of_its_own_writes(
    server: Running, tmp_path: Path
) -> None:
    results = {}
    for way in ("served", "local"):
        shutil.copytree(EXAMPLE, tmp_path / way)
        arguments = ["build", "kickoffs/albania.yaml", "-o", "out", "--jobs", "2"]
        results[way] = (server.run if way == "served" else server.local)(arguments, tmp_path / way)
        assert results[way].returncode == 0, results[way].stderr
    assert (results["served"].stdout, results["served"].stderr) == (
        results["local"].stdout,
        results["local"].stderr,
    )
    written = {way: sorted((tmp_path / way / "out").rglob("*.*")) for way in results}
    names = [path.relative_to(tmp_path / "served") for path in written["served"]]
    assert names == [path.relative_to(tmp_path / "local") for path in written["local"]]
    assert any(name.suffix == ".docx" for name in names)
    for name in names:
        if name.suffix == ".docx":
            assert docx_text(tmp_path / "served" / name) == docx_text(tmp_path / "local" / name)
        assert (tmp_path / "served" / name).stat().st_mode == (
            tmp_path / "local" / name
        ).stat().st_mode, name
    assert server.status()["served"] == 1


def test_other_commands_run_in_their_own_process(server: Running, tmp_path: Path) -> None:
    result = server.run(
        ["new", str(tmp_path / "new.yaml"), "--blueprint", "national-kick-off-1-day"]
    )
    assert result.returncode == 0, result.stderr
    assert server.status()["served"] == 0


def test_ctrl_c_in_the_client_interrupts_the_command_in_the_server(
    server: Running, tmp_path: Path
) -> None:
    folder = tmp_path / "large"
    shutil.copytree(EXAMPLE, folder)
    with (folder / "participants.csv").open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["First name", "Last name", "Institution", "Country", "E-mail"])
        for index in range(20000):
            writer.writerow(
                ["Ana", f"Petrović {index}", "rs-police", "RS", f"p{index}@example.org"]
            )
    process = subprocess.Popen(
        [sys.executable, "-m", "facilitation", "check", "--no-cache", str(folder)],
        env=server.environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while server.status()["running"] == 0:
        assert process.poll() is None, "the check ended before it could be interrupted"
        assert time.monotonic() < deadline
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=30) == client.INTERRUPTED
    deadline = time.monotonic() + 10
    while (status := server.status())["running"]:
        assert time.monotonic() < deadline, "the interrupted command still runs"
    assert status["interrupted"] == 1


def test_stop_status_and_a_second_start(server: Running) -> None:
    again = server.run(["server", "start"])
    assert again.returncode == 0
    assert "already running" in again.stdout
    foreground = server.run(["server", "run"])
    assert foreground.returncode == 2
    assert "already running" in foreground.stderr
    pid = server.status()["pid"]
    stopped = server.run(["server", "stop"])
    assert f"stopped the server (process {pid})" in stopped.stdout
    _wait_gone(pid)
    status = server.run(["server", "status"])
    assert status.returncode == 1
    assert "no server is running" in status.stdout
    assert not list((server.runtime / "facilitation").glob("*.sock"))
    checked = server.run(["check", str(EXAMPLE)])
    assert checked.returncode == 0


def test_an_idle_server_stops_by_itself(runtime: Path) -> None:
    running = Running(runtime)
    started = running.run(["server", "start", "--idle-minutes", "0.01"])
    assert started.returncode == 0, started.stderr
    pid = re.search(r"process (\d+)", started.stdout)
    assert pid is not None
    _wait_gone(int(pid.group(1)), seconds=20)
    assert running.run(["server", "status"]).returncode == 1


def test_a_folder_others_can_open_is_never_used(runtime: Path) -> None:
    folder = runtime / "facilitation"
    folder.mkdir(mode=0o700)
    folder.chmod(0o777)
    running = Running(runtime)
    started = running.run(["server", "start"])
    assert started.returncode == 2
    assert "others may read or write" in started.stderr
    assert not list(folder.iterdir())
    assert running.run(["check", str(EXAMPLE)]).returncode == 0


def test_a_socket_left_by_a_dead_server_is_passed_by(runtime: Path) -> None:
    folder = runtime / "facilitation"
    folder.mkdir(mode=0o700)
    environment = _environment(runtime)
    key = subprocess.run(
        [
            sys.executable,
            "-c",
            "from facilitation.cli.client import installation_key as k; print(k())",
        ],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    dead = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    dead.bind(str(folder / f"server-{key}.sock"))
    dead.close()
    result = _run(["check", str(EXAMPLE)], environment)
    assert result.returncode == 0, result.stderr
    assert "no problems" in result.stderr + result.stdout


def test_the_installation_key_changes_with_any_file_of_the_package(tmp_path: Path) -> None:
    package = tmp_path / "facilitation"
    (package / "cli").mkdir(parents=True)
    (package / "cli" / "app.py").write_text("x = 1\n", encoding="utf-8")
    (package / "__pycache__").mkdir()
    before = client.installation_key(package)
    (package / "__pycache__" / "app.cpython-311.pyc").write_bytes(b"compiled")
    assert client.installation_key(package) == before
    (package / "cli" / "app.py").write_text("x = 22\n", encoding="utf-8")
    assert client.installation_key(package) != before


@pytest.mark.parametrize(
    "arguments",
    [[], ["record", "x.yaml"], ["--help"], ["methods"], ["site", "x.yaml"]],
)
def test_only_check_show_and_build_are_handed_over(
    arguments: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    assert client.run_on_server(arguments) is None


def test_a_socket_path_too_long_for_the_system_is_refused_in_words(tmp_path: Path) -> None:
    deep = tmp_path / ("d" * 60) / ("e" * 60)
    deep.mkdir(parents=True, mode=0o700)
    result = _run(["server", "start"], _environment(deep))
    assert result.returncode == 2
    assert "longer than this system allows" in result.stderr
    assert _run(["check", str(EXAMPLE)], _environment(deep)).returncode == 0


def test_a_malformed_request_is_dropped_and_the_server_goes_on(server: Running) -> None:
    path = str(server.runtime / "facilitation" / f"server-{_key(server)}.sock")
    messages = (b"run\0only-two", b"run\0p\0/\0022\0utf-8", b"run\0p\0/\0zz", b"\xff\xfe", b"")
    with Path(os.devnull).open("w") as null:
        for message in messages:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
                connection.connect(path)
                socket.send_fds(connection, [client.frame(message)], [null.fileno()] * 3)
                connection.settimeout(5)
                assert connection.recv(16) == b"", message  # dropped: no start, no answer
    assert server.status()["served"] == 0
    assert server.run(["check", str(EXAMPLE)]).returncode == 0
    assert server.status()["served"] == 1


def _key(server: Running) -> str:
    code = "from facilitation.cli.client import installation_key as k; print(k())"
    result = subprocess.run(
        [sys.executable, "-c", code], env=server.environment, capture_output=True, text=True
    )
    return result.stdout.strip()
