"""The classroom Voilà (``classroom/voila_classroom.py``) as a private server for the tests.

It runs exactly what ``make apps`` runs (``python -m classroom.voila_classroom`` with
``classroom/voila.json``), with short culling times and a small cap from :class:`Classroom`
on the command line, in a temporary home like the JupyterLab test server (``lab.py``): its own
Jupyter and IPython folders and connection files, a fixed hash seed, its own process group.

The server gets one free port and ``--Voila.port_retries=0``: it never moves to another port
on its own. It is ready when ``/voila/classroom/status`` answers and every pre-heated pool is
full. :meth:`VoilaServer.stop` ends the group and every kernel below it (``lab.py``).
"""

from __future__ import annotations

import json
import re
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from classroom.voila_classroom import STATUS_PATH, pools_full

from .lab import (
    ROOT,
    Server,
    _descendants,
    free_port,
    private_jupyter_env,
    spawn_server,
)

START_TIMEOUT = 300.0  # seconds: six pre-heated kernels run their notebooks on two busy cores


@dataclass(frozen=True)
class Classroom:
    """The settings a test server runs with (``make apps`` takes the same as variables)."""

    max_learners: int = 2
    pool_size: int = 1
    cull_idle_timeout: int = 20  # seconds
    cull_interval: int = 2  # seconds
    apps_dir: Path | None = None  # the folder of app notebooks (None: the course's apps/)

    def arguments(self) -> list[str]:
        folder = [] if self.apps_dir is None else [f"--ClassroomVoila.root_dir={self.apps_dir}"]
        return [
            f"--ClassroomKernelManager.max_learners={self.max_learners}",
            f"--pool_size={self.pool_size}",
            f"--MappingKernelManager.cull_idle_timeout={self.cull_idle_timeout}",
            f"--MappingKernelManager.cull_interval={self.cull_interval}",
            *folder,
        ]


@dataclass
class VoilaServer(Server):
    """A running classroom Voilà: its address, settings, process and log."""

    settings: Classroom

    def url(self, path: str = "/") -> str:
        return f"{self.base_url}{path}"

    def app_url(self, app: str) -> str:
        return self.url(f"/voila/render/{app}.ipynb")

    def get(self, path: str, timeout: float = 10.0) -> tuple[int, Any]:
        """GET ``path``: the HTTP status and the decoded JSON answer (None for an error)."""
        try:
            with urllib.request.urlopen(self.url(path), timeout=timeout) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, None

    def status(self) -> dict[str, Any]:
        """Places and pools (``/voila/classroom/status``)."""
        code, answer = self.get(STATUS_PATH)
        assert code == 200, f"status answered {code}"
        result: dict[str, Any] = answer
        return result

    def kernel(self, kernel_id: str) -> dict[str, Any] | None:
        """The kernel's model from Voilà's kernel API, None once the kernel is gone."""
        code, model = self.get(f"/api/kernels/{kernel_id}")
        if code == 404:
            return None
        assert code == 200, f"/api/kernels/{kernel_id} answered {code}"
        result: dict[str, Any] = model
        return result

    def kernel_processes(self) -> int:
        """Kernel processes below the server, counted from /proc (not from the server)."""
        count = 0
        for pid in _descendants(self.process.pid):
            try:
                command = Path(f"/proc/{pid}/cmdline").read_bytes()
            except OSError:
                continue
            count += b"ipykernel_launcher" in command
        return count

    def pools_full(self) -> bool:
        return pools_full(self.status())

    def wait_until(self, condition: Callable[[], bool], what: str, timeout: float) -> float:
        """Poll ``condition`` (every 0.25 s) until it holds; the seconds it took."""
        start = time.monotonic()
        while not condition():
            if self.process.poll() is not None:
                raise RuntimeError(f"Voilà ended (code {self.process.returncode}):\n{self.log()}")
            if time.monotonic() - start > timeout:
                raise AssertionError(
                    f"not within {timeout:.0f} s: {what}; status: {self.status()}\n"
                    f"--- last lines of the server log ---\n{self.log()[-3000:]}"
                )
            time.sleep(0.25)
        return time.monotonic() - start

    def log_lines(self, pattern: str) -> list[str]:
        return [line for line in self.log().splitlines() if re.search(pattern, line)]


def start_voila(home: Path, settings: Classroom) -> VoilaServer:
    """Start the classroom Voilà on a free port; return once every pool is full."""
    env = private_jupyter_env(home)
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR"):
        Path(env[name]).mkdir(parents=True, exist_ok=True)
    (home / "connections").mkdir(parents=True, exist_ok=True)
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "classroom.voila_classroom",
        "--no-browser",
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        "--Voila.port_retries=0",  # never another port than the one the tests use
        f"--Voila.connection_dir_root={home / 'connections'}",
        *settings.arguments(),
    ]
    log_path = home / "voila.log"
    process = spawn_server(command, env, log_path, cwd=ROOT)
    server = VoilaServer(port, process, log_path, settings=settings)
    try:
        server.wait_until(lambda: _answers(server) and server.pools_full(), "ready", START_TIMEOUT)
    except BaseException:
        server.stop()
        raise
    return server


def _answers(server: VoilaServer) -> bool:
    try:
        return server.get(STATUS_PATH, timeout=5)[0] == 200
    except (OSError, urllib.error.URLError):
        return False
