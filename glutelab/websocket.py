"""Kernel websockets that send each widget update at once (Nagle's algorithm off).

Jupyter's server relays every message of a kernel to the browser as a websocket frame, over
a TCP connection that keeps Nagle's algorithm on, tornado's default. A control change is
answered by a few small messages in a row: the kernel's "busy", the widget updates, "idle".
With the algorithm on, a small frame waits until the browser has acknowledged the one before
it, and the browser's network stack may hold that acknowledgement back (delayed ACK); tornado's
documentation of ``WebSocketHandler.set_nodelay`` describes the stall, and the browser
latency benchmark (``benchmarks/RESULTS.md``) measures the explorers with the setting. Turning
the algorithm off costs a few more packets, which a kernel's small messages can afford.

:class:`NoDelayKernelWebsocketConnection` is the server's usual kernel connection with the
algorithm off. A server takes it by name, ``CONNECTION_CLASS``:

* JupyterLab (``make course`` and the test server):
  ``--ServerApp.kernel_websocket_connection_class=glutelab.websocket.NoDelayKernelWebsocketConnection``;
* Binder: ``postBuild`` runs ``python -m glutelab.websocket``, which writes the same setting
  into the user's Jupyter configuration (:func:`enable_in`);
* the classroom server: ``Voila.kernel_websocket_connection_class`` in
  ``classroom/voila.json``.

This module is not imported by the course's notebooks; only a Jupyter server loads it.

>>> CONNECTION_CLASS
'glutelab.websocket.NoDelayKernelWebsocketConnection'
>>> issubclass(NoDelayKernelWebsocketConnection, ZMQChannelsWebsocketConnection)
True
"""

from __future__ import annotations

import asyncio
import json
import socket
import sys
from pathlib import Path

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection

__all__ = ["CONNECTION_CLASS", "NoDelayKernelWebsocketConnection", "enable_in", "nodelay"]

CONNECTION_CLASS = "glutelab.websocket.NoDelayKernelWebsocketConnection"


def nodelay(sock: socket.socket | None) -> bool | None:
    """Whether Nagle's algorithm is off on ``sock``: None for a socket that is not TCP.

    >>> with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
    ...     before = nodelay(s)
    ...     s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    ...     before, nodelay(s)
    (False, True)
    """
    if sock is None or sock.family not in (socket.AF_INET, socket.AF_INET6):
        return None
    return bool(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))


class NoDelayKernelWebsocketConnection(ZMQChannelsWebsocketConnection):
    """The server's kernel websocket connection, with Nagle's algorithm off on its socket.

    Logs one line per connection with the socket's state as read back from the socket, so
    a server's log shows that the setting took effect.
    """

    # the signature of ZMQChannelsWebsocketConnection.connect, which differs from its base's
    def connect(self) -> asyncio.Future[None] | None:  # type: ignore[override]
        """Turn the algorithm off, then connect to the kernel as usual."""
        handler = self.websocket_handler
        handler.set_nodelay(True)
        stream = getattr(handler.ws_connection, "stream", None)
        state = nodelay(getattr(stream, "socket", None))
        self.log.info(
            "Kernel %s websocket: TCP_NODELAY %s",
            self.kernel_id,
            {True: "on", False: "off", None: "not applicable (not TCP)"}[state],
        )
        future: asyncio.Future[None] | None = super().connect()
        return future


def enable_in(config_dir: Path) -> Path:
    """Set the connection class in ``config_dir/jupyter_server_config.json``; its path.

    Other settings in the file are kept. A file that is not a JSON object is an error that
    names it, rather than being overwritten.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = enable_in(Path(folder))
    ...     json.loads(path.read_text(encoding="utf-8"))["ServerApp"]
    {'kernel_websocket_connection_class': 'glutelab.websocket.NoDelayKernelWebsocketConnection'}
    """
    path = Path(config_dir) / "jupyter_server_config.json"
    config: dict[str, object] = {}
    if path.exists():
        text = path.read_text(encoding="utf-8")
        try:
            config = json.loads(text) if text.strip() else {}
        except json.JSONDecodeError as error:
            raise ValueError(f"{path}: not valid JSON ({error}); fix or remove it") from error
        if not isinstance(config, dict) or not isinstance(config.get("ServerApp", {}), dict):
            raise ValueError(f"{path}: expected a JSON object with a ServerApp object")
    server = config.setdefault("ServerApp", {})
    assert isinstance(server, dict)
    server["kernel_websocket_connection_class"] = CONNECTION_CLASS
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    return path


if __name__ == "__main__":  # python -m glutelab.websocket [CONFIG_DIR]: Binder's postBuild
    from jupyter_core.paths import jupyter_config_dir

    print(enable_in(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(jupyter_config_dir())))
