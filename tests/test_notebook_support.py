"""The one-line DataError display used in notebooks, and the course command."""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from glutelab.errors import DataError, show_data_errors_briefly

from .conftest import ROOT


def test_data_error_handler_is_not_installed_outside_ipython() -> None:
    assert show_data_errors_briefly() is False


def test_data_error_shows_as_one_line_in_ipython(capsys: pytest.CaptureFixture[str]) -> None:
    from IPython.testing.globalipapp import start_ipython

    shell = start_ipython()
    assert show_data_errors_briefly() is True
    error = DataError("x.csv", "n", "0", "is below the minimum 1", row=2)
    shell.user_ns["error"] = error
    result = shell.run_cell("raise error")
    assert result.error_in_exec is error  # the cell still fails (nbval sees it)
    captured = capsys.readouterr()
    assert "Data problem: x.csv, row 2 (line 3), column 'n', value '0'" in captured.err
    assert "Traceback" not in captured.out + captured.err


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_course_command_serves_the_index_notebook(tmp_path: Path) -> None:
    port, token = _free_port(), "glutelab-test"
    env = dict(
        os.environ,
        JUPYTER_CONFIG_DIR=str(tmp_path / "config"),
        JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
    )
    args = f"--no-browser --port={port} --port-retries=0 --IdentityProvider.token={token}"
    process = subprocess.Popen(
        ["make", "--no-print-directory", "course", f"LAB_ARGS={args}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        url = (
            f"http://127.0.0.1:{port}/api/contents/notebooks/00_index.ipynb?content=0&token={token}"
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url, timeout=2) as reply:
                    body = reply.read().decode()
                break
            except OSError:
                assert process.poll() is None, "make course exited early"
                assert time.monotonic() < deadline, "JupyterLab did not answer within 60 s"
                time.sleep(0.5)
        assert '"name": "00_index.ipynb"' in body.replace('":"', '": "')
        home = f"http://127.0.0.1:{port}/?token={token}"
        with urllib.request.urlopen(home, timeout=5) as reply:  # the browser's first page
            assert reply.status == 200
            assert reply.url.split("?")[0].endswith("/lab/tree/notebooks/00_index.ipynb")
    finally:
        os.killpg(process.pid, 15)
        process.wait(timeout=20)
