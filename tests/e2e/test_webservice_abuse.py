"""The webservice under abuse: one client must not be able to hold `serve`.

`secure-differentiation serve` runs as its own process on 127.0.0.1 with
short limits (a couple of dozen connections, a 1 s idle timeout, 1.5 s for a
request to arrive), so each attack needs a few dozen sockets and a few seconds,
not the hundreds and minutes the defaults would. Each test then checks what an
operator would notice: whether a real request is still answered and how soon,
and how much the server wrote while refusing an oversized upload (the process's
own write count, /proc/<pid>/io).

The per-client cap and the verification budget are checked on the same server
code in a thread, where the test can choose which addresses count as one client
and how slow Amazon's S3 is.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, closing, contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from waitress import wasyncore

from secure_differentiation.hosts.verification import RequestVerifier
from secure_differentiation.hosts.webservice import (
    MAX_BODY_BYTES,
    GuardedServer,
    ServerLimits,
    create_app,
    create_server,
)
from secure_differentiation.skill.deadline import REQUEST_BUDGET_SECONDS, current_deadline
from support.alexa import SKILL_ID, load_event
from support.certs import intermediate_ca, leaf, new_key, pem_chain, root_ca
from support.loopback import free_port, stop

CLI = Path(sys.executable).parent / "secure-differentiation"

CONNECTION_LIMIT = 24  # waitress counts its own listening socket and wake-up pipe too
IDLE_TIMEOUT_SECONDS = 1
REQUEST_TIMEOUT_SECONDS = 1.5
ATTACKERS = 30  # more than the connection limit lets in
# An upload declared far larger than the limit; the test sends at most UPLOAD_SENT of it.
DECLARED_UPLOAD = 512 * 1024 * 1024
UPLOAD_SENT = 8 * 1024 * 1024
# What the server may write while refusing: log lines and the 413, nothing like the body.
MAX_WRITTEN_WHILE_REFUSING = 64 * 1024

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/io").exists(), reason="needs Linux's /proc/<pid>/io"
)


def environment(**settings: str) -> dict[str, str]:
    """This process's environment without the skill's own settings, plus `settings`."""
    own = ("SKILL_TABLE_NAME", "SKILL_DB_PATH", "SKILL_ID", "AWS_LAMBDA_FUNCTION_NAME")
    return {**{k: v for k, v in os.environ.items() if k not in own}, **settings}


@dataclass
class Serve:
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    def written(self) -> int:
        """Bytes the server process has passed to write() so far: files, sockets, logs."""
        for line in Path(f"/proc/{self.process.pid}/io").read_text().splitlines():
            if line.startswith("wchar:"):
                return int(line.split()[1])
        raise AssertionError("no wchar in /proc/<pid>/io")

    def connect(self) -> socket.socket:
        return socket.create_connection(("127.0.0.1", self.port), timeout=5)

    def health_within(self, seconds: float) -> float:
        """Time until GET /health is answered; fails the test after `seconds`."""
        started = time.monotonic()
        url = f"http://127.0.0.1:{self.port}/health"
        with urllib.request.urlopen(url, timeout=seconds) as answer:
            assert answer.status == 200
            assert json.loads(answer.read()) == {"status": "ok"}
        return time.monotonic() - started


@pytest.fixture(scope="module")
def serve(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Serve]:
    home = tmp_path_factory.mktemp("abuse")
    port = free_port()
    log = home / "stderr.log"
    with open(log, "wb") as stderr:
        process = subprocess.Popen(
            [
                str(CLI),
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--threads",
                "4",
                "--connection-limit",
                str(CONNECTION_LIMIT),
                "--idle-timeout",
                str(IDLE_TIMEOUT_SECONDS),
                "--request-timeout",
                str(REQUEST_TIMEOUT_SECONDS),
                "--insecure-skip-verification",
            ],
            env=environment(SKILL_DB_PATH=str(home / "skill.sqlite3"), TMPDIR=str(home)),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    running = Serve(process, port, log)
    try:
        deadline = time.monotonic() + 20
        while True:
            assert process.poll() is None, log.read_text(errors="replace")
            try:
                running.health_within(1)
                break
            except OSError:
                assert time.monotonic() < deadline, "`serve` never answered"
                time.sleep(0.05)
        yield running
    finally:
        stop(process)


def _status_line(sock: socket.socket, seconds: float) -> bytes:
    """The first line the server sent back within `seconds`, or b"" if none came."""
    sock.settimeout(seconds)
    received = b""
    try:
        while b"\r\n" not in received:
            chunk = sock.recv(4096)
            if not chunk:
                break
            received += chunk
    except (TimeoutError, ConnectionResetError):
        pass
    return received.split(b"\r\n", 1)[0]


def _push(sock: socket.socket, data: bytes, limit: int, seconds: float) -> int:
    """Send `data` repeatedly, up to `limit` bytes or `seconds`, until the server stops it."""
    sent = 0
    stop_at = time.monotonic() + seconds
    sock.settimeout(0.2)
    while sent < limit and time.monotonic() < stop_at:
        try:
            sent += sock.send(data)
        except TimeoutError:
            continue  # the server is not reading: the kernel's buffers are full
        except (BrokenPipeError, ConnectionResetError):
            break  # the server has answered and closed
    return sent


# --- item 5: an oversized body is refused before it is read -----------------------------


def test_a_body_declared_too_large_is_refused_before_it_is_read(serve: Serve) -> None:
    before = serve.written()
    with closing(serve.connect()) as sock:
        sock.sendall(
            b"POST / HTTP/1.1\r\nHost: skill\r\nContent-Type: application/json\r\n"
            b"Content-Length: %d\r\n\r\n" % DECLARED_UPLOAD
        )
        _push(sock, b"x" * 65536, UPLOAD_SENT, seconds=2)
        status = _status_line(sock, seconds=3)
    written = serve.written() - before
    print(f"declared {DECLARED_UPLOAD} bytes: answered {status!r}, server wrote {written} bytes")
    assert status.startswith(b"HTTP/1.1 413"), status
    assert written < MAX_WRITTEN_WHILE_REFUSING
    assert serve.health_within(2) < 2


def test_a_chunked_body_without_a_length_is_cut_off_at_the_limit(serve: Serve) -> None:
    before = serve.written()
    chunk = b"10000\r\n" + b"x" * 0x10000 + b"\r\n"  # 64 KiB chunks, never a last one
    with closing(serve.connect()) as sock:
        sock.sendall(
            b"POST / HTTP/1.1\r\nHost: skill\r\nContent-Type: application/json\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n"
        )
        sent = _push(sock, chunk, UPLOAD_SENT, seconds=2)
        status = _status_line(sock, seconds=3)
    written = serve.written() - before
    print(f"chunked upload: sent {sent} bytes, answered {status!r}, server wrote {written} bytes")
    assert status.startswith(b"HTTP/1.1 413"), status
    assert written < MAX_WRITTEN_WHILE_REFUSING
    assert sent < UPLOAD_SENT  # the server stopped reading; the rest never left the client


def test_a_body_just_under_the_limit_still_reaches_the_skill(serve: Serve) -> None:
    """The limit refuses only what is over it: a padded envelope below it is answered."""
    event = load_event("launch")
    event["request"]["timestamp"] = "2026-01-01T00:00:00Z"
    event["session"]["attributes"] = {"padding": ""}
    room = MAX_BODY_BYTES - len(json.dumps(event).encode())
    event["session"]["attributes"]["padding"] = "x" * (room - 16)
    body = json.dumps(event).encode()
    assert MAX_BODY_BYTES - 64 < len(body) <= MAX_BODY_BYTES
    call = urllib.request.Request(
        f"http://127.0.0.1:{serve.port}/",
        data=body,
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(call, timeout=10) as answer:
        assert answer.status == 200
        assert "outputSpeech" in json.loads(answer.read())["response"]


# --- item 6: idle and slow clients cannot hold the server --------------------------------


def test_idle_connections_beyond_the_limit_do_not_keep_others_out(serve: Serve) -> None:
    with ExitStack() as held:
        for _ in range(ATTACKERS):
            held.enter_context(closing(serve.connect()))
        waited = serve.health_within(IDLE_TIMEOUT_SECONDS + 3)
    print(f"{ATTACKERS} idle connections: a real request waited {waited:.2f} s")
    assert waited < IDLE_TIMEOUT_SECONDS + 2.5


def test_clients_trickling_header_lines_do_not_keep_others_out(serve: Serve) -> None:
    """Slowloris: a header line now and then keeps a connection from ever being idle."""
    stopping = threading.Event()
    sockets = [serve.connect() for _ in range(ATTACKERS)]

    def trickle() -> None:
        for sock in sockets:
            with suppress(OSError):
                sock.sendall(b"POST / HTTP/1.1\r\nHost: skill\r\n")
        while not stopping.wait(0.3):
            for sock in sockets:
                with suppress(OSError):  # closed by the server, as it should be
                    sock.sendall(b"X-Still-Here: yes\r\n")

    attacker = threading.Thread(target=trickle, daemon=True)
    attacker.start()
    try:
        time.sleep(0.5)  # every slot the server has is now taken by a trickler
        waited = serve.health_within(REQUEST_TIMEOUT_SECONDS + 4)
    finally:
        stopping.set()
        attacker.join(timeout=5)
        for sock in sockets:
            sock.close()
    print(f"{ATTACKERS} slowloris connections: a real request waited {waited:.2f} s")
    assert waited < REQUEST_TIMEOUT_SECONDS + 3


def test_the_server_says_which_limits_it_runs_with(serve: Serve) -> None:
    assert serve.process.poll() is None, "the server died during the tests"
    banner = serve.log.read_text(errors="replace")
    assert f"{CONNECTION_LIMIT} connections" in banner
    assert f"idle {IDLE_TIMEOUT_SECONDS} s" in banner
    assert f"request {REQUEST_TIMEOUT_SECONDS:g} s" in banner


# --- the same server code in a thread ---------------------------------------------------


@dataclass
class Running:
    server: GuardedServer

    @property
    def port(self) -> int:
        return int(self.server.effective_port)


@contextmanager
def in_thread(app: Any, limits: ServerLimits) -> Iterator[Running]:
    """`create_server`, as `serve` calls it, running in a thread of this process."""
    server = create_server(app, host="127.0.0.1", port=0, threads=4, limits=limits)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield Running(server)
    finally:
        server.task_dispatcher.shutdown()
        wasyncore.close_all(server._map)
        thread.join(timeout=5)


def _open_from(address: str, port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind((address, 0))
    sock.settimeout(5)
    sock.connect(("127.0.0.1", port))
    return sock


def _closed_by_server(sock: socket.socket, seconds: float) -> bool:
    sock.settimeout(seconds)
    try:
        return sock.recv(1) == b""
    except TimeoutError:
        return False
    except ConnectionResetError:
        return True


def test_one_client_gets_only_its_share_of_connections() -> None:
    """From one address, connections past the cap are closed; another address is served."""
    limits = ServerLimits(
        connection_limit=60,
        idle_timeout_seconds=30,
        max_connections_per_client=5,
        cap_loopback_clients=True,  # the test's two "clients" are both loopback addresses
    )
    app = create_app(lambda event: {"version": "1.0", "response": {}}, verifier=None)
    with ExitStack() as stack:
        running = stack.enter_context(in_thread(app, limits))
        greedy = [
            stack.enter_context(closing(_open_from("127.0.0.1", running.port))) for _ in range(20)
        ]
        closed = sum(_closed_by_server(sock, 0.3) for sock in greedy)
        assert closed == len(greedy) - limits.max_connections_per_client
        with closing(_open_from("127.0.0.2", running.port)) as other:
            other.sendall(b"GET /health HTTP/1.1\r\nHost: skill\r\nConnection: close\r\n\r\n")
            assert _status_line(other, seconds=2).startswith(b"HTTP/1.1 200")


# --- item 7: verification spends the request's budget -----------------------------------


def test_verification_time_counts_against_the_requests_budget() -> None:
    """A slow certificate download leaves the skill that much less of Alexa's 8 seconds."""
    now = datetime.now(UTC)
    root = root_ca("Test Root", new_key(), now)
    intermediate = intermediate_ca("Test Intermediate", new_key(), root, now)
    signing = leaf(
        new_key(),
        intermediate,
        not_before=now - timedelta(days=1),
        not_after=now + timedelta(days=30),
    )
    chain = pem_chain(signing.certificate, intermediate.certificate)
    download_seconds = 1.0

    def slow_fetch(url: str) -> bytes:
        time.sleep(download_seconds)
        return chain

    seen: list[float] = []

    def invoke(event: dict[str, Any]) -> dict[str, Any]:
        seen.append(current_deadline().remaining())
        return {"version": "1.0", "response": {}}

    verifier = RequestVerifier(skill_id=SKILL_ID, trust_roots=[root.certificate], fetch=slow_fetch)
    app = create_app(invoke, verifier)
    event = load_event("launch")
    event["request"]["timestamp"] = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    body = json.dumps(event).encode()
    headers = {
        "Content-Type": "application/json",
        "SignatureCertChainUrl": "https://s3.amazonaws.com/echo.api/echo-api-cert.pem",
        "Signature-256": signing.sign(body),
    }
    with in_thread(app, ServerLimits()) as running:
        call = urllib.request.Request(
            f"http://127.0.0.1:{running.port}/", data=body, method="POST", headers=headers
        )
        with urllib.request.urlopen(call, timeout=10) as answer:
            assert answer.status == 200
    (remaining,) = seen
    assert remaining <= REQUEST_BUDGET_SECONDS - download_seconds + 0.05
