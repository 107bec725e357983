"""Every server the course starts sends kernel messages at once (glutelab/websocket.py).

The browser tests check the running servers: their logs show, per kernel websocket, the
TCP_NODELAY state read back from the socket. These tests check that each way of starting a
server names the class, and that the class and its config writer do what they say.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection
from traitlets.utils.importstring import import_item

from classroom.voila_classroom import ClassroomVoila
from glutelab.websocket import CONNECTION_CLASS, NoDelayKernelWebsocketConnection, enable_in

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
FLAG = f"--ServerApp.kernel_websocket_connection_class={CONNECTION_CLASS}"


def test_the_class_name_imports_the_server_connection_subclass() -> None:
    cls = import_item(CONNECTION_CLASS)
    assert cls is NoDelayKernelWebsocketConnection
    assert issubclass(cls, ZMQChannelsWebsocketConnection)
    assert "connect" in vars(cls), "the class must change how a connection starts"


def test_make_course_starts_jupyterlab_with_the_class() -> None:
    result = subprocess.run(
        ["make", "-n", "course"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    (lab,) = [line for line in result.stdout.splitlines() if "jupyter lab" in line]
    assert FLAG in lab.split()


def test_the_classroom_server_loads_the_class_from_its_configuration() -> None:
    app = ClassroomVoila()
    app.load_config_file("voila", path=app.config_file_paths)  # as Voila.initialize does
    assert app.config_file_paths[0] == str(ROOT / "classroom")
    assert app.kernel_websocket_connection_class is NoDelayKernelWebsocketConnection


def _server_config(config_dir: Path) -> str:
    """What ``jupyter server --show-config`` loads with ``config_dir`` as the user's folder."""
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(config_dir))
    env.pop("JUPYTER_CONFIG_PATH", None)
    result = subprocess.run(
        [str(VENV_BIN / "jupyter"), "server", "--show-config"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return result.stdout


def test_binder_postbuild_enables_the_class_for_jupyter_server(tmp_path: Path) -> None:
    lines = [line.strip() for line in (ROOT / "postBuild").read_text("utf-8").splitlines()]
    assert lines.index("python -m glutelab.websocket") > lines.index(
        "python -m pip install --no-deps -e ."
    ), "postBuild writes the setting after installing the package"
    assert f"kernel_websocket_connection_class = '{CONNECTION_CLASS}'" not in _server_config(
        tmp_path
    ), "without the file the server uses its default class"
    subprocess.run(
        [sys.executable, "-m", "glutelab.websocket", str(tmp_path)], check=True, timeout=60
    )
    assert f"kernel_websocket_connection_class = '{CONNECTION_CLASS}'" in _server_config(tmp_path)


def test_enable_in_keeps_other_settings(tmp_path: Path) -> None:
    path = tmp_path / "jupyter_server_config.json"
    path.write_text(json.dumps({"ServerApp": {"port": 9999}, "LabApp": {"x": 1}}), "utf-8")
    assert enable_in(tmp_path) == path
    assert json.loads(path.read_text("utf-8")) == {
        "ServerApp": {"port": 9999, "kernel_websocket_connection_class": CONNECTION_CLASS},
        "LabApp": {"x": 1},
    }


@pytest.mark.parametrize("text", ["{not json", "[1, 2]", '{"ServerApp": 3}'])
def test_enable_in_names_a_file_it_cannot_read(tmp_path: Path, text: str) -> None:
    path = tmp_path / "jupyter_server_config.json"
    path.write_text(text, "utf-8")
    with pytest.raises(ValueError, match=str(path)):
        enable_in(tmp_path)
    assert path.read_text("utf-8") == text, "the file is left as it was"
