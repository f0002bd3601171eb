"""Running helpers on 127.0.0.1 for tests and the benchmark: ports, processes, servers."""

from __future__ import annotations

import socket
import subprocess
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def stop(process: subprocess.Popen[bytes] | subprocess.Popen[str]) -> None:
    """End a child process: politely, then firmly after ten seconds."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def wait_until_answering(
    url: str,
    process: subprocess.Popen[bytes],
    *,
    seconds: float = 30.0,
    log_path: str | Path | None = None,
) -> None:
    """Poll `url` until it answers; fail at once, with the child's log, if it exits."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log = Path(log_path).read_text(errors="replace") if log_path else ""
            raise RuntimeError(f"{process.args!r} exited with {process.returncode}\n{log}")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                response.read()
            return
        except OSError:  # refused, reset, timed out, or an HTTP error while starting
            time.sleep(0.05)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


class ThreadedServer:
    """An HTTP server in a background thread on a free loopback port.

    `stopping` is set on close, so handlers holding a request (to play a slow
    peer) can wait on it and let the server shut down at once.
    """

    def __init__(self, handler_class: type[BaseHTTPRequestHandler], name: str) -> None:
        self.stopping = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler_class)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=name,
            daemon=True,
        )
        self._thread.start()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def close(self) -> None:
        """Stop accepting, release held requests, free the port."""
        self.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
