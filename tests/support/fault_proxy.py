"""A fault-injecting HTTP proxy in front of the DynamoDB-compatible test server.

`FaultProxy` listens on 127.0.0.1, forwards every request to the real server
(moto, in its own process) and can be programmed, per test, to misbehave the
way DynamoDB and networks do:

- `THROTTLE` / `THROTTLING`: HTTP 400 with DynamoDB's throttling errors
  (ProvisionedThroughputExceededException, ThrottlingException), which
  botocore's standard retry mode recognises by the `__type` code;
- `SERVER_ERROR`: HTTP 500 InternalServerError;
- `SLOW`: the request is held longer than the client's read timeout and then
  dropped, never reaching the table;
- `DROP`: the connection is closed without an answer, nothing forwarded;
- `LATE_REPLY` / `LOST_REPLY`: the request IS forwarded (the table applies a
  write) but the answer is held past the read timeout or dropped, the
  ambiguous outcome every client of a remote store must survive.

A fault applies to the next N calls or to all calls, optionally only to one
X-Amz-Target operation ("GetItem", "PutItem"). Every call is recorded with the
fault it met and whether it reached the server. Only the standard library is
used; handler threads are daemons, every wait ends when the proxy closes, and
idle connections time out, so the proxy always stops by itself.
"""

from __future__ import annotations

import binascii
import enum
import http.client
import json
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from urllib.parse import urlsplit

from support.loopback import ThreadedServer

# Longer than the product's READ_TIMEOUT_SECONDS (1 s): the client gives up first.
DEFAULT_HOLD_SECONDS = 1.6
# How long an idle client connection or the upstream server may keep a thread.
SOCKET_TIMEOUT_SECONDS = 10.0
_TARGET_PREFIX = "DynamoDB_20120810."
_HOP_BY_HOP = frozenset(
    {"connection", "keep-alive", "transfer-encoding", "content-length", "proxy-connection"}
)


class Fault(enum.Enum):
    PASS = "pass"
    THROTTLE = "throttle"
    THROTTLING = "throttling"
    SERVER_ERROR = "server_error"
    SLOW = "slow"
    DROP = "drop"
    LATE_REPLY = "late_reply"
    LOST_REPLY = "lost_reply"

    def __str__(self) -> str:
        return self.value

    @property
    def reaches_server(self) -> bool:
        return self in (Fault.PASS, Fault.LATE_REPLY, Fault.LOST_REPLY)


# DynamoDB's JSON error documents: (status, code as in x-amzn-ErrorType, __type, message).
_ERRORS: dict[Fault, tuple[int, str, str, str]] = {
    Fault.THROTTLE: (
        400,
        "ProvisionedThroughputExceededException",
        "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
        "The level of configured provisioned throughput for the table was exceeded. "
        "Consider increasing your provisioning level with the UpdateTable API.",
    ),
    Fault.THROTTLING: (
        400,
        "ThrottlingException",
        "com.amazon.coral.availability#ThrottlingException",
        "Rate of requests exceeds the allowed throughput.",
    ),
    Fault.SERVER_ERROR: (
        500,
        "InternalServerError",
        "com.amazonaws.dynamodb.v20120810#InternalServerError",
        "Internal server error",
    ),
}


@dataclass
class _Rule:
    fault: Fault
    remaining: int | None  # None: every matching call
    target: str | None  # "GetItem", "PutItem" or None for any operation
    hold_seconds: float


@dataclass(frozen=True)
class Call:
    """One request the proxy received."""

    target: str  # the operation, e.g. "GetItem"
    fault: Fault
    forwarded: bool  # it reached the server


def _operation(target_header: str | None) -> str:
    target = target_header or ""
    return target.removeprefix(_TARGET_PREFIX)


class FaultProxy:
    """Forwards to `upstream` (e.g. "http://127.0.0.1:5000"), misbehaving on request."""

    def __init__(self, upstream: str) -> None:
        parts = urlsplit(upstream)
        if parts.hostname is None or parts.port is None:
            raise ValueError(f"upstream needs a host and a port: {upstream!r}")
        self._upstream = (parts.hostname, parts.port)
        self._lock = threading.Lock()
        self._rules: list[_Rule] = []
        self._calls: list[Call] = []
        self._http = ThreadedServer(self._handler_class(), "fault-proxy")
        self._stopping = self._http.stopping

    @property
    def url(self) -> str:
        return self._http.url

    # --- programming ------------------------------------------------------------
    def inject(
        self,
        fault: Fault,
        *,
        times: int | None = None,
        target: str | None = None,
        hold_seconds: float = DEFAULT_HOLD_SECONDS,
    ) -> None:
        """Meet the next `times` calls (all when None) to `target` (any when None) with `fault`.

        Rules are tried in the order they were added; one whose count is used
        up no longer applies.
        """
        if times is not None and times < 1:
            raise ValueError("times must be at least 1")
        with self._lock:
            self._rules.append(_Rule(fault, times, _operation(target) or None, hold_seconds))

    def clear(self) -> None:
        """Back to pass-through for every call."""
        with self._lock:
            self._rules.clear()

    def reset_calls(self) -> None:
        with self._lock:
            self._calls.clear()

    @property
    def calls(self) -> list[Call]:
        with self._lock:
            return list(self._calls)

    def count(self, target: str | None = None, *, forwarded: bool | None = None) -> int:
        """How many calls (to `target`, when given) were received, or forwarded."""
        operation = _operation(target) if target else None
        return sum(
            1
            for call in self.calls
            if (operation is None or call.target == operation)
            and (forwarded is None or call.forwarded == forwarded)
        )

    def _next_fault(self, operation: str) -> tuple[Fault, float]:
        with self._lock:
            for rule in self._rules:
                if rule.target not in (None, operation):
                    continue
                if rule.remaining is not None:
                    if rule.remaining <= 0:
                        continue
                    rule.remaining -= 1
                return rule.fault, rule.hold_seconds
        return Fault.PASS, 0.0

    def _record(self, call: Call) -> None:
        with self._lock:
            self._calls.append(call)

    # --- lifecycle --------------------------------------------------------------
    def close(self) -> None:
        """Stop accepting, end every held request, free the port."""
        self._http.close()

    def __enter__(self) -> FaultProxy:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # --- the HTTP side ----------------------------------------------------------
    def _forward(
        self, method: str, path: str, headers: list[tuple[str, str]], body: bytes
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        host, port = self._upstream
        connection = http.client.HTTPConnection(host, port, timeout=SOCKET_TIMEOUT_SECONDS)
        try:
            connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
            for name, value in headers:
                if name.lower() not in _HOP_BY_HOP:
                    connection.putheader(name, value)
            connection.putheader("Content-Length", str(len(body)))
            connection.endheaders(body)
            response = connection.getresponse()
            answer = response.read()
            answer_headers = [
                (name, value)
                for name, value in response.getheaders()
                if name.lower() not in _HOP_BY_HOP
            ]
            return response.status, answer_headers, answer
        finally:
            connection.close()

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as botocore's pool expects
            timeout = SOCKET_TIMEOUT_SECONDS
            disable_nagle_algorithm = True  # no 40 ms delayed-ACK stalls per answer

            def log_message(self, format: str, *args: object) -> None:
                """Quiet: the tests read `calls` instead."""

            def _answer(self, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
                self.send_response_only(status)
                for name, value in headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _drop(self) -> None:
                """Close without a byte of answer."""
                self.close_connection = True

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                operation = _operation(self.headers.get("X-Amz-Target"))
                fault, hold = proxy._next_fault(operation)
                proxy._record(Call(operation, fault, fault.reaches_server))
                if fault in _ERRORS:
                    status, code, type_name, message = _ERRORS[fault]
                    document = json.dumps({"__type": type_name, "message": message}).encode()
                    crc = binascii.crc32(document) & 0xFFFFFFFF
                    self._answer(
                        status,
                        [
                            ("Content-Type", "application/x-amz-json-1.0"),
                            ("x-amzn-ErrorType", code),
                            ("x-amzn-RequestId", uuid.uuid4().hex.upper()),
                            ("x-amz-crc32", str(crc)),
                        ],
                        document,
                    )
                    return
                if fault is Fault.SLOW:
                    proxy._stopping.wait(hold)
                    return self._drop()
                if fault is Fault.DROP:
                    return self._drop()
                answer = proxy._forward(self.command, self.path, list(self.headers.items()), body)
                if fault is Fault.LATE_REPLY:
                    proxy._stopping.wait(hold)
                    return self._drop()
                if fault is Fault.LOST_REPLY:
                    return self._drop()
                self._answer(*answer)

            def do_POST(self) -> None:
                self._handle()

            def do_GET(self) -> None:
                self._handle()

        return Handler


@contextmanager
def running_proxy(upstream: str) -> Iterator[FaultProxy]:
    """A proxy for the duration of a `with` block (fixtures use this)."""
    proxy = FaultProxy(upstream)
    try:
        yield proxy
    finally:
        proxy.close()
