"""The skill as an HTTPS webservice (Flask): POST / takes an Alexa request envelope.

Only what is needed to turn HTTP into a skill call lives here; the skill itself
is the same object the Lambda uses. Every request is verified before the skill
sees it (signature, timestamp, skill id: see verification.py), inside the
request's deadline, so verification spends Alexa's 8 seconds like the rest. A
refused or malformed request gets a 4xx with a short reason in the log, never a
5xx; the one 5xx is a 503 for a skill event the skill could not act on (a
deletion that storage refused), which Alexa then sends again.

`create_server` runs the app under waitress with limits, so that no client can
hold the server: bodies over MAX_BODY_BYTES are refused from their headers,
before a byte of them is read; connections are capped in all and per client;
an idle connection is closed, and so is one whose request has not fully
arrived a few seconds after it began (a client trickling header lines).
"""

from __future__ import annotations

import ipaddress
import json
import logging
import math
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ask_sdk_core.exceptions import SerializationException
from flask import Flask, Response, jsonify, request
from waitress.adjustments import Adjustments
from waitress.channel import HTTPChannel
from waitress.server import TcpWSGIServer

from ..skill.deadline import request_deadline
from ..skill.redelivery import redelivery_scope
from .verification import AbstractVerifier, VerificationError

logger = logging.getLogger(__name__)

Invoke = Callable[[dict[str, Any]], dict[str, Any]]
StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]

# Alexa's request bodies are a few kilobytes; anything far larger is not Alexa.
MAX_BODY_BYTES = 256 * 1024
# Alexa's headers are a few hundred bytes; nginx allows 32 KiB by default.
MAX_HEADER_BYTES = 32 * 1024
# Alexa sends a skill event again when it is not acknowledged; a minute is plenty
# for storage to come back, and well inside the hour Alexa keeps trying.
REDELIVERY_RETRY_AFTER_SECONDS = 60


def create_app(invoke: Invoke, verifier: AbstractVerifier | None) -> Flask:
    """A Flask app that passes verified, well-formed Alexa envelopes to `invoke`.

    `verifier` None accepts every request: for local development only.
    """
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    # Refuse by Content-Length before Flask (or any server that streams) reads a byte.
    app.wsgi_app = BodyLimit(app.wsgi_app, MAX_BODY_BYTES)  # type: ignore[method-assign]

    @app.get("/health")
    def health() -> Response:
        return jsonify(status="ok")

    @app.post("/")
    def alexa() -> tuple[Response, int] | Response:
        with request_deadline():
            return _answer(invoke, verifier)

    return app


def _answer(invoke: Invoke, verifier: AbstractVerifier | None) -> tuple[Response, int] | Response:
    body = request.get_data(cache=False)
    try:
        event = json.loads(body, parse_constant=_not_json, parse_float=_finite)
    except (ValueError, RecursionError):  # undecodable, not JSON, or nested beyond the stack
        return _refuse(400, "body is not JSON")
    if not isinstance(event, dict) or not isinstance(event.get("request"), dict):
        return _refuse(400, "body is not an Alexa request envelope")
    if verifier is not None:
        try:
            verifier.verify(dict(request.headers), body, event)
        except VerificationError as refused:
            return _refuse(400, f"verification failed: {refused.reason}")
    try:
        with redelivery_scope() as redelivery:
            answer = invoke(event)
    except (SerializationException, ValueError, TypeError, AttributeError) as error:
        logger.info("malformed envelope: %s", type(error).__name__)
        return _refuse(400, "malformed Alexa request envelope")
    if redelivery.requested:
        logger.error("asked Alexa to send the request again: %s", "; ".join(redelivery.reasons))
        unavailable, status = _refuse(503, "not done; send it again")
        unavailable.headers["Retry-After"] = str(REDELIVERY_RETRY_AFTER_SECONDS)
        return unavailable, status
    return jsonify(answer)


def _not_json(constant: str) -> Any:
    """NaN and Infinity: Python's parser reads them, but they are not JSON (RFC 8259)."""
    raise ValueError(f"{constant} is not JSON")


def _finite(text: str) -> float:
    """A JSON number as a float; one too large for a float ("1e400") is refused too."""
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text[:20]} is out of range")
    return value


def _refuse(status: int, reason: str) -> tuple[Response, int]:
    logger.info("refused request: %s", reason)
    return jsonify(error=reason), status


class BodyLimit:
    """WSGI middleware: a declared body over `limit` is refused before it is read.

    waitress already refuses it while parsing headers (see `create_server`);
    this keeps the guarantee under any other WSGI server. A body sent without
    Content-Length (chunked) is left to Flask's MAX_CONTENT_LENGTH, which stops
    reading at the limit.
    """

    def __init__(self, app: WsgiApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        declared = environ.get("CONTENT_LENGTH") or ""
        if declared:
            try:
                length = int(declared)
            except ValueError:
                return _plain(start_response, "400 Bad Request", "Content-Length is not a number")
            if length > self.limit:
                logger.info("refused request: body of %d bytes over the limit", length)
                return _plain(start_response, "413 Request Entity Too Large", "body too large")
        return self.app(environ, start_response)


def _plain(start_response: StartResponse, status: str, reason: str) -> list[bytes]:
    body = json.dumps({"error": reason}).encode()
    start_response(
        status,
        [
            ("Content-Type", "application/json"),
            ("Content-Length", str(len(body))),
            ("Connection", "close"),
        ],
    )
    return [body]


# --- serving under abuse ----------------------------------------------------------------


@dataclass(frozen=True)
class ServerLimits:
    """What one client may take of the server; README "Serve it as a webservice" says why.

    `cap_loopback_clients` False leaves connections from loopback addresses
    out of the per-client cap: there, the one client is the reverse proxy
    carrying everyone's requests, and it does the per-client limiting.
    """

    connection_limit: int = 500
    idle_timeout_seconds: int = 10
    request_timeout_seconds: float = 5.0
    max_connections_per_client: int = 50
    max_body_bytes: int = MAX_BODY_BYTES
    cap_loopback_clients: bool = False


class GuardedChannel(HTTPChannel):
    """A waitress connection that notes when its unfinished request began arriving."""

    server: GuardedServer
    request_started: float | None = None

    def __init__(self, server: GuardedServer, sock: Any, addr: Any, adj: Any, map: Any = None):
        super().__init__(server, sock, addr, adj, map=map)
        if server.over_client_cap(self):
            server.refused_over_cap += 1
            self.will_close = True

    def received(self, data: bytes) -> bool:
        if self.request is None and data:
            self.request_started = time.monotonic()
        accepted = bool(super().received(data))
        if self.request is None:  # everything that arrived formed whole requests
            self.request_started = None
        return accepted


class GuardedServer(TcpWSGIServer):
    """waitress's TCP server with a request-arrival time limit and a per-client cap.

    waitress closes connections idle for `channel_timeout`, but a client that
    sends one header line every few seconds is never idle; the maintenance
    pass here also closes any connection whose request is still incomplete
    `request_timeout_seconds` after its first byte.
    """

    channel_class = GuardedChannel

    def __init__(self, application: Any, *, limits: ServerLimits, adj: Adjustments) -> None:
        self.limits = limits
        # Counted here and logged once per maintenance pass: an attack must not
        # become a flood of log lines.
        self.refused_over_cap = 0
        super().__init__(application, adj=adj)

    def over_client_cap(self, channel: GuardedChannel) -> bool:
        host = _host_of(channel.addr)
        if not self.limits.cap_loopback_clients and _is_loopback(host):
            return False
        same = sum(1 for other in self.active_channels.values() if _host_of(other.addr) == host)
        return same > self.limits.max_connections_per_client

    def maintenance(self, now: float) -> None:
        super().maintenance(now)
        cutoff = time.monotonic() - self.limits.request_timeout_seconds
        too_slow = 0
        for channel in list(self.active_channels.values()):
            started = getattr(channel, "request_started", None)
            if started is not None and started < cutoff and not channel.will_close:
                channel.will_close = True
                too_slow += 1
        if too_slow:
            logger.warning(
                "closed %d connections whose request was still arriving after %g s",
                too_slow,
                self.limits.request_timeout_seconds,
            )
        if self.refused_over_cap:
            logger.warning(
                "closed %d connections over the cap of %d per client",
                self.refused_over_cap,
                self.limits.max_connections_per_client,
            )
            self.refused_over_cap = 0


def _host_of(addr: Any) -> str:
    return str(addr[0]) if isinstance(addr, tuple) and addr else str(addr)


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def create_server(
    app: WsgiApp,
    *,
    host: str,
    port: int,
    threads: int = 8,
    limits: ServerLimits | None = None,
) -> GuardedServer:
    """A waitress server for `app`, listening now; `run()` serves until stopped."""
    limits = limits or ServerLimits()
    adj = Adjustments(
        host=host,
        port=port,
        threads=threads,
        ident=None,
        connection_limit=limits.connection_limit,
        channel_timeout=limits.idle_timeout_seconds,
        # How often the limits are checked; the loop itself wakes every second.
        cleanup_interval=1,
        # waitress refuses a Content-Length of this or more before reading the body,
        # and stops a chunked body when it reaches it; below 512 KiB nothing is
        # buffered on disk (inbuf_overflow).
        max_request_body_size=limits.max_body_bytes + 1,
        max_request_header_size=MAX_HEADER_BYTES,
        # select() cannot watch more than 1,024 descriptors; poll() can.
        asyncore_use_poll=True,
    )
    return GuardedServer(app, limits=limits, adj=adj)
