"""A private JupyterLab server for the browser tests, and Debian's Chromium to look at it.

The server serves the project folder (``ServerApp.root_dir``) but keeps everything it would
write for itself in a temporary folder: Jupyter's user config/data/runtime dirs, the Lab user
settings and workspaces, IPython's profile. Those settings switch off what a
test must not see or cause: the news and update checks (network, pop-ups) and autosave (the
course's notebooks are committed without outputs). A pre-save hook refuses every save, so a
test can never write its outputs into ``notebooks/``, and checkpoints (Lab makes one when it
opens a notebook) go to the temporary folder, not to ``notebooks/.ipynb_checkpoints``.

The server runs in its own process group; :meth:`LabServer.stop` shuts the kernels down
through the REST API, then ends the group and any kernel that is still alive.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from glutelab.websocket import CONNECTION_CLASS

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
CHROMIUM = Path(os.environ.get("GLUTELAB_CHROMIUM", "/usr/bin/chromium"))  # Debian's
# Without the background-networking flags Chromium's own connections are refused on a closed
# network, and it logs errors; the sandbox needs privileges a container (root) does not have.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
START_TIMEOUT = 90.0  # seconds; a cold start on a 2-core machine builds caches first

# Lab user settings: {plugin id: settings}, written as <dir>/<package>/<plugin>.jupyterlab-settings
LAB_SETTINGS: dict[str, dict[str, Any]] = {
    # No "fetch news?" toast, no request to the internet for news or a newer version.
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
    # Run All changes the notebook; it must never be written back to notebooks/.
    "@jupyterlab/docmanager-extension:plugin": {"autosave": False},
    # Keep every cell and its outputs in the DOM, so checks over all outputs see all of them.
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
}

SERVER_CONFIG = '''\
"""Written by tests/browser/lab.py: the browser tests never save a file."""
from tornado.web import HTTPError


def refuse_save(model, path, contents_manager, **kwargs):
    raise HTTPError(403, f"browser tests never save files (tried to save {path!r})")


c.FileContentsManager.pre_save_hook = refuse_save
'''

LAB_CONFIG = '''\
"""Written by tests/browser/lab.py: no news feed, no update check (a closed network)."""
c.LabApp.news_url = None
c.LabApp.check_for_updates_class = "jupyterlab.handlers.announcements.NeverCheckForUpdate"
'''


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


# String hashing, and with it the order in which traitlets cross-validates a widget's
# constructor arguments (it iterates over a set), is random per kernel start unless
# PYTHONHASHSEED is fixed. ipywidgets' Dropdown whose first option has the value None then
# starts with *no* option selected (index None, a blank box) under some seeds and not others:
# glutelab's explorers did so in about one run in three until their "Any ..." options got a
# real value (glutelab.widgets.ANY). The kernels get a fixed seed so every run sees the same
# widgets; a second kernel spec with a seed that showed the defect (6) is a regression test.
KERNEL_HASH_SEED = "0"
BLANK_DROPDOWN_KERNEL = "python3-hashseed-6"
EXTRA_KERNELS = {BLANK_DROPDOWN_KERNEL: "6"}


def write_kernel_specs(kernels_dir: Path, seeds: dict[str, str]) -> None:
    """Python kernel specs ``{name: PYTHONHASHSEED}`` in ``kernels_dir`` (the test's data dir).

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     write_kernel_specs(Path(tmp), {"py-seed-6": "6"})
    ...     json.loads((Path(tmp) / "py-seed-6" / "kernel.json").read_text())["env"]
    {'PYTHONHASHSEED': '6'}
    """
    for name, seed in seeds.items():
        spec = {
            "argv": ["python", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": f"Python 3 (PYTHONHASHSEED={seed})",
            "language": "python",
            "env": {"PYTHONHASHSEED": seed},
        }
        (kernels_dir / name).mkdir(parents=True, exist_ok=True)
        (kernels_dir / name / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")


def write_lab_settings(settings_dir: Path, settings: dict[str, dict[str, Any]]) -> None:
    """Write JupyterLab user settings files for ``{plugin id: values}``.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     write_lab_settings(Path(tmp), {"@x/y-extension:plugin": {"a": 1}})
    ...     (Path(tmp) / "@x" / "y-extension" / "plugin.jupyterlab-settings").read_text()
    '{"a": 1}'
    """
    for plugin, values in settings.items():
        package, _, name = plugin.partition(":")
        path = settings_dir / package / f"{name}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")


def _descendants(pid: int) -> list[int]:
    """Every live process below ``pid`` (from /proc; kernels run in sessions of their own)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # the command name (field 2) is in parentheses and may contain spaces
        fields = stat.rsplit(")", 1)[1].split()
        parents[int(entry.name)] = int(fields[1])
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        children = [p for p, parent in parents.items() if parent == current]
        found += children
        todo += children
    return found


def end_process_group(process: subprocess.Popen[bytes]) -> None:
    """End a server started with ``start_new_session=True``, its group and its kernels.

    SIGTERM to the group first (a Jupyter server shuts its kernels down), SIGKILL if it has not
    ended after 20 s; then every process that was below it, since kernels start sessions of
    their own and are not in the group.
    """
    leftovers = _descendants(process.pid)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    for pid in leftovers:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)


def spawn_server(
    command: list[str], env: dict[str, str], log_path: Path, cwd: Path
) -> subprocess.Popen[bytes]:
    """Start a server process in its own process group, output appended to ``log_path``.

    The group is what :func:`end_process_group` ends as a whole; stdin is closed so a server
    never waits for a keyboard.
    """
    with log_path.open("ab") as log:
        return subprocess.Popen(
            command,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, ended as a whole
        )


def private_jupyter_env(home: Path) -> dict[str, str]:
    """The environment for a test server: Jupyter's and IPython's user folders under ``home``.

    Only user-level folders move: the venv's kernel spec and widget extensions live under
    sys.prefix, which Jupyter still searches.
    """
    env = dict(
        os.environ,
        JUPYTER_CONFIG_DIR=str(home / "jupyter-config"),
        JUPYTER_DATA_DIR=str(home / "jupyter-data"),
        JUPYTER_RUNTIME_DIR=str(home / "jupyter-runtime"),
        IPYTHONDIR=str(home / "ipython"),  # no user startup files in the kernels
        PYTHONUNBUFFERED="1",
        PYTHONHASHSEED=KERNEL_HASH_SEED,  # see KERNEL_HASH_SEED
    )
    env.pop("JUPYTER_PATH", None)
    env.pop("JUPYTER_CONFIG_PATH", None)
    return env


@dataclass
class Server:
    """A server started by :func:`spawn_server` on ``127.0.0.1:port``: process and log."""

    port: int
    process: subprocess.Popen[bytes]
    log_path: Path
    _stopped: bool = field(default=False, repr=False, kw_only=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        """End the server, its process group and its kernels; safe to call twice."""
        if self._stopped:
            return
        self._stopped = True
        if self.process.poll() is None:
            self.before_stop()
        end_process_group(self.process)

    def before_stop(self) -> None:
        """What to ask of the running server before its process group ends (nothing)."""


@dataclass
class LabServer(Server):
    """A running ``jupyter lab``: its address, token, process and private folders."""

    token: str
    home: Path

    def notebook_url(self, notebook: str, workspace: str) -> str:
        """The Lab URL that opens ``notebook`` (relative to the root) in a fresh workspace."""
        return f"{self.base_url}/lab/workspaces/{workspace}/tree/{notebook}?token={self.token}"

    def api(self, method: str, path: str, timeout: float = 10.0, body: Any = None) -> Any:
        """Call the server's REST API (``body`` sent as JSON); the decoded JSON answer."""
        headers = {"Authorization": f"token {self.token}"}
        data = None
        if body is not None:
            data = json.dumps(body).encode("utf-8")
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(
            f"{self.base_url}{path}", data=data, method=method, headers=headers
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:
            answer = response.read()
        return json.loads(answer) if answer else None

    def shutdown_kernels(self) -> None:
        """Shut down every session and kernel (the next test starts from none)."""
        for session in self.api("GET", "/api/sessions"):
            with contextlib.suppress(urllib.error.HTTPError):
                self.api("DELETE", f"/api/sessions/{session['id']}", timeout=30)
        for kernel in self.api("GET", "/api/kernels"):
            with contextlib.suppress(urllib.error.HTTPError):
                self.api("DELETE", f"/api/kernels/{kernel['id']}", timeout=30)

    def before_stop(self) -> None:
        """Shut the kernels down through the REST API first (they save nothing)."""
        with contextlib.suppress(OSError, urllib.error.URLError, TimeoutError):
            self.shutdown_kernels()


def start_lab(home: Path, root_dir: Path = ROOT) -> LabServer:
    """Start JupyterLab on a free port with private settings; wait until /api/status answers."""
    settings_dir, workspaces_dir = home / "lab-user-settings", home / "lab-workspaces"
    write_lab_settings(settings_dir, LAB_SETTINGS)
    write_kernel_specs(home / "jupyter-data" / "kernels", EXTRA_KERNELS)
    workspaces_dir.mkdir(parents=True, exist_ok=True)
    config_dir = home / "jupyter-config"
    config_dir.mkdir(parents=True, exist_ok=True)
    (config_dir / "jupyter_server_config.py").write_text(SERVER_CONFIG, encoding="utf-8")
    (config_dir / "jupyter_lab_config.py").write_text(LAB_CONFIG, encoding="utf-8")
    env = private_jupyter_env(home)
    log_path = home / "jupyter-lab.log"
    last_error = ""
    for _attempt in range(3):  # another program may take the free port before the server does
        port, token = free_port(), secrets.token_hex(24)
        command = [
            str(VENV_BIN / "jupyter"),
            "lab",
            "--no-browser",
            f"--port={port}",
            "--ip=127.0.0.1",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={root_dir}",
            # as `make course` runs it (Makefile WEBSOCKET_FLAG): updates are sent at once
            f"--ServerApp.kernel_websocket_connection_class={CONNECTION_CLASS}",
            f"--LabApp.user_settings_dir={settings_dir}",
            f"--LabApp.workspaces_dir={workspaces_dir}",
            # Lab makes a checkpoint when it opens a notebook: keep it out of the project
            f"--FileCheckpoints.checkpoint_dir={home / 'checkpoints'}",
            "--allow-root",
        ]
        process = spawn_server(command, env, log_path, cwd=root_dir)
        server = LabServer(port, process, log_path, token=token, home=home)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline and process.poll() is None:
            try:
                status = server.api("GET", "/api/status", timeout=5)
            except (OSError, urllib.error.URLError) as error:
                last_error = repr(error)
                time.sleep(0.5)
                continue
            if "started" in status:
                return server
        server.stop()
        if process.returncode not in (None, 0) and "already in use" not in server.log():
            break
    raise RuntimeError(
        f"JupyterLab did not answer /api/status within {START_TIMEOUT:.0f} s "
        f"(last error: {last_error}).\n--- server log ---\n{log_path.read_text(errors='replace')}"
    )
