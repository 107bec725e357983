"""Helpers for ``test_reliability.py``: a network blocker and a notebook runner.

Run as a script, this module executes notebooks with nbclient and records the
results; ``test_reliability.py`` runs it in a subprocess whose ``PYTHONPATH``
holds :data:`SITECUSTOMIZE` (as ``sitecustomize.py``), so the runner and every
kernel it starts (kernels inherit the environment) have no network::

    PYTHONPATH=<dir with sitecustomize.py> python tests/reliability_helpers.py \\
        OUT_DIR RUN_NUMBER NOTEBOOK...
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

SITECUSTOMIZE = r'''
"""Block every non-loopback network access (written by glutelab's reliability tests)."""

import errno
import ipaddress
import os
import socket
import sys

_LOG = os.environ.get("GLUTELAB_NETBLOCK_LOG")
_LOCAL_NAMES = {"", "localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}
MESSAGE = "network access blocked by the glutelab offline test"


def _log(kind, detail):
    if _LOG:
        flat = str(detail).replace("\n", "\\n").replace("\t", " ")
        with open(_LOG, "a", encoding="utf-8") as fh:
            fh.write(f"{kind}\t{os.getpid()}\t{flat}\n")


def _is_local_host(host):
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    host = str(host).split("%")[0].strip("[]").lower()
    if host in _LOCAL_NAMES:
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    return address.is_loopback or (mapped is not None and mapped.is_loopback)


def _is_local(address):
    if not isinstance(address, tuple):  # AF_UNIX paths and the like never leave the machine
        return True
    return _is_local_host(address[0])


def _blocked(kind, address):
    _log("blocked", f"{kind} {address!r}")
    raise OSError(errno.ENETUNREACH, f"{MESSAGE}: {kind} {address!r}")


_connect = socket.socket.connect
_connect_ex = socket.socket.connect_ex
_sendto = socket.socket.sendto
_create_connection = socket.create_connection
_getaddrinfo = socket.getaddrinfo


def connect(self, address):
    if not _is_local(address):
        _blocked("connect", address)
    return _connect(self, address)


def connect_ex(self, address):
    if not _is_local(address):
        _blocked("connect_ex", address)
    return _connect_ex(self, address)


def sendto(self, data, *args):
    address = args[-1] if args else None
    if not _is_local(address):
        _blocked("sendto", address)
    return _sendto(self, data, *args)


def create_connection(address, *args, **kwargs):
    if not _is_local(address):
        _blocked("create_connection", address)
    return _create_connection(address, *args, **kwargs)


def getaddrinfo(host, *args, **kwargs):
    """Name lookups fail (as offline), except loopback names, IP literals and this host."""
    name = host.decode("ascii", "replace") if isinstance(host, bytes) else host
    if name is not None and not _is_local_host(name) and name != socket.gethostname():
        try:
            ipaddress.ip_address(str(name).split("%")[0])
        except ValueError:
            _log("blocked", f"getaddrinfo {name!r}")
            raise socket.gaierror(socket.EAI_NONAME, f"{MESSAGE}: getaddrinfo {name!r}") from None
    return _getaddrinfo(host, *args, **kwargs)


socket.socket.connect = connect
socket.socket.connect_ex = connect_ex
socket.socket.sendto = sendto
socket.create_connection = create_connection
socket.getaddrinfo = getaddrinfo
_log("loaded", " ".join(getattr(sys, "orig_argv", sys.argv)))
'''
"""Source of the ``sitecustomize.py`` that blocks the network in the offline tests."""

BLOCK_MESSAGE = "network access blocked by the glutelab offline test"


def execute(notebook: Path, out_dir: Path, run: int) -> dict[str, object]:
    """Execute one notebook (kernel ``python3``, working folder = the notebook's folder).

    The executed notebook is written to ``out_dir/<stem>.run<run>.ipynb``; the
    result says whether it raised, what, and how long it took.
    """
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(notebook, as_version=4)
    client = NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(notebook.parent)}},
    )
    start = time.perf_counter()
    error = None
    try:
        client.execute()
    except Exception as exc:  # recorded and asserted on by the test
        error = f"{type(exc).__name__}: {exc}"[-3000:]
    seconds = time.perf_counter() - start
    target = out_dir / f"{notebook.stem}.run{run}.ipynb"
    nbformat.write(nb, target)
    return {"notebook": notebook.name, "run": run, "error": error, "seconds": seconds}


def main(argv: list[str]) -> int:
    out_dir, run, notebooks = Path(argv[0]), int(argv[1]), [Path(a) for a in argv[2:]]
    out_dir.mkdir(parents=True, exist_ok=True)
    results = [execute(nb, out_dir, run) for nb in notebooks]
    (out_dir / f"results.run{run}.json").write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
