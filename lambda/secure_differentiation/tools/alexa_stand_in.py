"""A stand-in for Alexa's Reminders and Settings APIs, served over HTTP on 127.0.0.1.

The text console runs it so check-ins work with no network, and the tests run
it (tests/support/alexa_api_server.py) so the skill's own API client, the ASK
SDK's service clients and their (de)serialisation meet the documented
contracts over real HTTP, as they do against Amazon. One implementation, so
what the console shows is what the tests check:

- `POST /v1/alerts/reminders`: 201 and {alertToken, createdTime, updatedTime,
  status "ON", version, href};
- `GET /v1/alerts/reminders`: 200 and {totalCount, alerts: [the caller's
  reminders as GET returns each], links}: only the reminders made with the
  caller's access token, as Alexa lists only one skill's, for one person;
- `PUT|GET|DELETE /v1/alerts/reminders/{alertToken}`: 200, or 404 when the
  reminder is gone (`delete_in_app` removes one, as a person can in the app);
- `GET /v2/devices/{deviceId}/settings/System.timeZone`: a JSON string.

Every call must carry `Authorization: Bearer <token>`, one of `access_tokens`
(any token, when that is None). Reminder bodies are checked against Amazon's
shape (requestTime, a SCHEDULED_ABSOLUTE trigger whose scheduledTime has no
offset, a valid timeZoneId when given, a DAILY or WEEKLY-with-one-byDay
recurrence, spoken content with locale and text, a push-notification status);
a body that breaks it gets a 400 and is listed in `problems`.

Failures are programmed per call: `fail("create", 401)` answers the next
create with a 401 and Amazon's error document; `slow("update")` holds the next
update longer than the client waits and then drops it; `lose_answer("create")`
does the same after creating the reminder; `latency` delays every answer, half
before the call is carried out and half after, as a network would. Every call
is recorded (method, path, operation, headers, body, status).

`due(since, until)` says which reminders ring between two moments: how the
console shows a check-in coming due. Times come from an injected clock, so the
console's own (movable) clock dates reminders, and tests never read the real one.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import threading
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = [
    "DEFAULT_SLOW_SECONDS",
    "OPERATIONS",
    "AlexaStandIn",
    "Call",
    "Reminder",
    "Ringing",
    "contract_problems",
    "running_stand_in",
]

# Longer than the skill's per-call timeout (alexa_api.py, 2 s): the client gives up first.
DEFAULT_SLOW_SECONDS = 3.5
OPERATIONS = ("create", "update", "get", "list", "delete", "time_zone")

_REMINDER = re.compile(r"^/v1/alerts/reminders/(?P<token>[^/]+)$")
_TIME_ZONE = re.compile(r"^/v2/devices/(?P<device>[^/]+)/settings/System\.timeZone$")
_LOCAL_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?$")
_LOCALE = re.compile(r"^[a-z]{2}-[A-Z]{2}$")
_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_ERROR_CODES = {
    400: "INVALID_REQUEST",
    401: "UNAUTHORIZED",
    403: "DEVICE_NOT_SUPPORTED",
    404: "NOT_FOUND",
    429: "RATE_EXCEEDED",
    500: "INTERNAL_SERVER_ERROR",
    503: "SERVICE_UNAVAILABLE",
}
# The Settings API's error codes are an enumeration (ask_sdk_model.services.ups.ErrorCode).
_SETTINGS_ERROR_CODES = {
    400: "INVALID_VALUE",
    401: "INVALID_TOKEN",
    403: "INVALID_TOKEN",
    404: "INVALID_URI",
    503: "DEVICE_UNREACHABLE",
}

Clock = Callable[[], datetime]


@dataclass(frozen=True)
class Call:
    """One request the server received, and the status it answered (None: dropped)."""

    method: str
    path: str
    operation: str
    headers: dict[str, str]  # names lower-cased
    body: Any
    status: int | None


@dataclass
class _Rule:
    operation: str
    status: int | None  # None: slow
    seconds: float
    remaining: int
    applied: bool = False  # slow only: carry the call out, then lose its answer
    skip: int = 0  # calls of the operation to let through first


@dataclass
class Reminder:
    """A reminder as the server keeps it."""

    token: str
    body: dict[str, Any]
    created: str
    updated: str
    version: int = 1
    history: list[dict[str, Any]] = field(default_factory=list)
    owner: str = ""  # the access token it was made with: whose list it is in


@dataclass(frozen=True)
class Ringing:
    """One time a reminder rings: when (wall-clock time in its zone) and what it says."""

    token: str
    at: datetime  # local, naive
    zone: str
    text: str


def _real_now() -> datetime:
    return datetime.now(UTC)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="milliseconds")


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def contract_problems(body: Any) -> list[str]:
    """What breaks Amazon's documented shape for a SCHEDULED_ABSOLUTE reminder body."""
    if not isinstance(body, dict):
        return ["body is not a JSON object"]
    problems: list[str] = []
    request_time = body.get("requestTime")
    if not (isinstance(request_time, str) and _LOCAL_TIME.match(request_time)):
        problems.append(f"requestTime {request_time!r} is not an ISO time without offset")
    trigger = _mapping(body.get("trigger"))
    if trigger.get("type") != "SCHEDULED_ABSOLUTE":
        problems.append(f"trigger.type {trigger.get('type')!r}")
    scheduled = trigger.get("scheduledTime")
    if not (isinstance(scheduled, str) and _LOCAL_TIME.match(scheduled)):
        problems.append(f"trigger.scheduledTime {scheduled!r} must be local, without offset")
    zone = trigger.get("timeZoneId")
    if zone is not None:
        try:
            ZoneInfo(str(zone))
        except (ZoneInfoNotFoundError, ValueError):
            problems.append(f"trigger.timeZoneId {zone!r} is not a time zone")
    recurrence = _mapping(trigger.get("recurrence"))
    freq, by_day = recurrence.get("freq"), recurrence.get("byDay")
    if freq == "WEEKLY":
        if not (isinstance(by_day, list) and len(by_day) == 1 and by_day[0] in _DAYS):
            problems.append(f"a WEEKLY recurrence needs one byDay, got {by_day!r}")
    elif freq == "DAILY":
        if by_day:
            problems.append("a DAILY recurrence takes no byDay")
    else:
        problems.append(f"trigger.recurrence.freq {freq!r}")
    alert = _mapping(body.get("alertInfo"))
    spoken = _mapping(alert.get("spokenInfo"))
    content = spoken.get("content")
    if not (isinstance(content, list) and content):
        problems.append("alertInfo.spokenInfo.content is empty")
    for entry in content if isinstance(content, list) else []:
        locale = entry.get("locale") if isinstance(entry, dict) else None
        text = entry.get("text") if isinstance(entry, dict) else None
        if not (isinstance(locale, str) and _LOCALE.match(locale)):
            problems.append(f"spoken content locale {locale!r}")
        if not (isinstance(text, str) and text.strip()):
            problems.append("spoken content has no text")
    push = _mapping(body.get("pushNotification"))
    if push.get("status") not in ("ENABLED", "DISABLED"):
        problems.append(f"pushNotification.status {push.get('status')!r}")
    return problems


def _occurrences(
    body: dict[str, Any], zone: ZoneInfo, since: datetime, until: datetime
) -> list[datetime]:
    """When a stored (valid) reminder body rings in (since, until], as local wall-clock times."""
    trigger = body["trigger"]
    first = datetime.fromisoformat(trigger["scheduledTime"])
    recurrence = trigger.get("recurrence") or {}
    step = timedelta(days=7 if recurrence.get("freq") == "WEEKLY" else 1)
    if recurrence.get("freq") == "WEEKLY":  # the first occurrence falls on byDay
        ahead = (_DAYS.index(recurrence["byDay"][0]) - first.weekday()) % 7
        first += timedelta(days=ahead)
    start = since.astimezone(zone).replace(tzinfo=None)
    end = until.astimezone(zone).replace(tzinfo=None)
    moment = first
    if moment <= start:  # jump close to `since`, then step past it
        moment += step * ((start - moment) // step)
        while moment <= start:
            moment += step
    found = []
    while moment <= end:
        found.append(moment)
        moment += step
    return found


class AlexaStandIn:
    """The Reminders and Settings APIs on 127.0.0.1, with programmable failures."""

    def __init__(
        self,
        time_zones: dict[str, str] | None = None,
        *,
        access_tokens: Collection[str] | None = None,
        clock: Clock = _real_now,
        state_path: str | os.PathLike[str] | None = None,
        latency: float = 0.0,
    ) -> None:
        self.time_zones = dict(time_zones or {})
        self.access_tokens = frozenset(access_tokens) if access_tokens is not None else None
        self.clock = clock
        self.latency = latency
        self.reminders: dict[str, Reminder] = {}
        self.problems: list[str] = []
        self._lock = threading.Lock()
        self._rules: list[_Rule] = []
        self._calls: list[Call] = []
        self._state_path = Path(state_path) if state_path is not None else None
        self._last_token = self._load()
        self.stopping = threading.Event()
        self._http = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._http.daemon_threads = True
        self._thread = threading.Thread(
            target=self._http.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="alexa-stand-in",
            daemon=True,
        )
        self._thread.start()

    @property
    def url(self) -> str:
        host, port = self._http.server_address[:2]
        return f"http://{host!s}:{port}"

    # --- programming ------------------------------------------------------------
    def fail(self, operation: str, status: int, *, times: int = 1, skip: int = 0) -> None:
        """Answer `times` calls of `operation`, after `skip` more, with `status` and an error."""
        self._add(_Rule(operation, status, 0.0, times, skip=skip))

    def slow(
        self,
        operation: str,
        *,
        seconds: float = DEFAULT_SLOW_SECONDS,
        times: int = 1,
        skip: int = 0,
    ) -> None:
        """Hold `times` calls of `operation`, after `skip` more, for `seconds`; then drop them."""
        self._add(_Rule(operation, None, seconds, times, skip=skip))

    def lose_answer(
        self,
        operation: str,
        *,
        seconds: float = DEFAULT_SLOW_SECONDS,
        times: int = 1,
        skip: int = 0,
    ) -> None:
        """Carry out `times` calls of `operation` (after `skip` more), then drop their answers.

        What a caller sees when Alexa made the change but the reply was lost.
        """
        self._add(_Rule(operation, None, seconds, times, applied=True, skip=skip))

    def _add(self, rule: _Rule) -> None:
        if rule.operation not in OPERATIONS:
            raise ValueError(f"unknown operation {rule.operation!r}; one of {OPERATIONS}")
        with self._lock:
            self._rules.append(rule)

    def delete_in_app(self, token: str) -> None:
        """The person deletes the reminder in the Alexa app: the API forgets it."""
        with self._lock:
            self.reminders.pop(token, None)
            self._save()

    @property
    def calls(self) -> list[Call]:
        with self._lock:
            return list(self._calls)

    def calls_to(self, operation: str) -> list[Call]:
        return [call for call in self.calls if call.operation == operation]

    # --- what rings -------------------------------------------------------------
    def due(self, since: datetime, until: datetime, *, owner: str | None = None) -> list[Ringing]:
        """Every time a reminder rings after `since` and up to `until`, earliest first.

        A reminder rings at its scheduled local time in its `timeZoneId`, or,
        without one, in its device's zone (the first known device's; else UTC).
        """
        fallback = next(iter(self.time_zones.values()), "UTC")
        with self._lock:
            kept = [r for r in self.reminders.values() if owner is None or r.owner == owner]
        rings: list[Ringing] = []
        for reminder in kept:
            name = str(reminder.body["trigger"].get("timeZoneId") or fallback)
            zone = ZoneInfo(name)
            content = reminder.body["alertInfo"]["spokenInfo"]["content"]
            text = " ".join(str(entry["text"]) for entry in content)
            rings.extend(
                Ringing(reminder.token, at, name, text)
                for at in _occurrences(reminder.body, zone, since, until)
            )
        return sorted(rings, key=lambda ring: ring.at.replace(tzinfo=ZoneInfo(ring.zone)))

    # --- lifecycle --------------------------------------------------------------
    def close(self) -> None:
        """Stop accepting, release held requests, free the port."""
        self.stopping.set()
        self._http.shutdown()
        self._http.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> AlexaStandIn:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # --- keeping reminders between runs (the console) --------------------------
    def _load(self) -> int:
        """Reminders kept by an earlier run; the highest token number used so far."""
        if self._state_path is None or not self._state_path.exists():
            return 0
        try:
            saved = json.loads(self._state_path.read_text(encoding="utf-8"))
            for raw in saved.get("reminders", []):
                reminder = Reminder(**raw)
                if not contract_problems(reminder.body):
                    self.reminders[reminder.token] = reminder
            return int(saved.get("last_token", 0))
        except (OSError, ValueError, TypeError, KeyError):
            return 0  # an unreadable file starts an empty Alexa, as a new account would

    def _save(self) -> None:
        """Write the reminders atomically, when a file keeps them (called under the lock)."""
        if self._state_path is None:
            return
        document = {
            "last_token": self._last_token,
            "reminders": [asdict(reminder) for reminder in self.reminders.values()],
        }
        self._state_path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self._state_path.parent, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(document, out, indent=1)
        os.replace(temporary, self._state_path)

    def _next_token(self) -> str:
        """A new reminder's token (called under the lock)."""
        self._last_token += 1
        return f"amzn1.alert.reminder.{self._last_token:04d}"

    # --- the contracts ----------------------------------------------------------
    def _rule_for(self, operation: str) -> _Rule | None:
        with self._lock:
            for rule in self._rules:
                if rule.operation == operation and rule.skip > 0:
                    rule.skip -= 1
                    return None
                if rule.operation == operation and rule.remaining > 0:
                    rule.remaining -= 1
                    return rule
        return None

    def _serve(self, method: str, path: str, body: Any, owner: str) -> tuple[int, Any]:
        """The documented answer to a well-formed, authorised call."""
        if path == "/v1/alerts/reminders" and method == "POST":
            return self._write(None, body, owner)
        if path == "/v1/alerts/reminders" and method == "GET":
            with self._lock:
                listed = [self._document(r) for r in self.reminders.values() if r.owner == owner]
            return 200, {"totalCount": str(len(listed)), "alerts": listed, "links": None}
        match = _REMINDER.match(path)
        if match:
            token = match.group("token")
            with self._lock:
                known = self.reminders.get(token)
            if known is None or known.owner != owner:
                return 404, {"code": "NOT_FOUND", "message": "No reminder with that token."}
            if method == "PUT":
                return self._write(known, body, owner)
            if method == "DELETE":
                with self._lock:
                    self.reminders.pop(token, None)
                    self._save()
                return 200, None
            return 200, self._document(known)
        match = _TIME_ZONE.match(path)
        zone = self.time_zones.get(match.group("device")) if match else None
        return (200, zone) if zone else (204, None)

    @staticmethod
    def _document(known: Reminder) -> dict[str, Any]:
        """A reminder as GET returns it, alone or in the list."""
        return {
            "alertToken": known.token,
            "createdTime": known.created,
            "updatedTime": known.updated,
            "status": "ON",
            "version": str(known.version),
            **{key: known.body[key] for key in ("trigger", "alertInfo", "pushNotification")},
        }

    def _write(self, known: Reminder | None, body: Any, owner: str) -> tuple[int, Any]:
        problems = contract_problems(body)
        if problems:
            with self._lock:
                self.problems.extend(problems)
            return 400, {"code": "INVALID_REQUEST", "message": "; ".join(problems)}
        now = _stamp(self.clock())
        with self._lock:
            if known is None:
                token = self._next_token()
                known = self.reminders[token] = Reminder(token, body, now, now, owner=owner)
                status = 201
            else:
                known.history.append(known.body)
                known.body, known.updated, known.version = body, now, known.version + 1
                status = 200
            self._save()
        return status, {
            "alertToken": known.token,
            "createdTime": known.created,
            "updatedTime": known.updated,
            "status": "ON",
            "version": str(known.version),
            "href": f"/v1/alerts/reminders/{known.token}",
        }

    def _authorised(self, headers: dict[str, str]) -> str | None:
        """The caller's access token when it may call; None otherwise."""
        scheme, _, token = headers.get("authorization", "").partition(" ")
        if scheme != "Bearer" or not token:
            return None
        if self.access_tokens is not None and token not in self.access_tokens:
            return None
        return token

    def _respond(
        self, method: str, operation: str, path: str, headers: dict[str, str], body: Any
    ) -> tuple[int | None, Any]:
        owner = self._authorised(headers)
        if owner is None:
            with self._lock:
                self.problems.append(f"{operation}: no valid Bearer token")
            return 401, {"code": "INVALID_TOKEN", "message": "Invalid token."}
        if operation == "unknown":
            return 404, {"code": "NOT_FOUND", "message": "No such resource."}
        rule = self._rule_for(operation)
        if rule is not None and rule.status is None:
            if rule.applied:
                self._serve(method, path, body, owner)
            self.stopping.wait(rule.seconds)
            return None, None
        if rule is not None and rule.status is not None:
            if operation == "time_zone":
                code = _SETTINGS_ERROR_CODES.get(rule.status, "UNKNOWN_ERROR")
            else:
                code = _ERROR_CODES.get(rule.status, "ERROR")
            return rule.status, {"code": code, "message": f"Programmed {rule.status}."}
        self.stopping.wait(self.latency / 2)
        answer = self._serve(method, path, body, owner)
        self.stopping.wait(self.latency / 2)
        return answer

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                """Quiet: callers read `calls` instead."""

            def _answer(self, status: int, document: Any) -> None:
                payload = b"" if document is None else json.dumps(document).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    body = json.loads(raw) if raw else None
                except ValueError:
                    body = raw.decode("utf-8", "replace")
                path = self.path.split("?", 1)[0]
                operation = _operation(self.command, path)
                headers = {name.lower(): value for name, value in self.headers.items()}
                status, document = server._respond(self.command, operation, path, headers, body)
                with server._lock:
                    server._calls.append(Call(self.command, path, operation, headers, body, status))
                if status is None:
                    self.close_connection = True
                else:
                    self._answer(status, document)

            def do_GET(self) -> None:
                self._handle()

            def do_POST(self) -> None:
                self._handle()

            def do_PUT(self) -> None:
                self._handle()

            def do_DELETE(self) -> None:
                self._handle()

        return Handler


def _operation(method: str, path: str) -> str:
    if path == "/v1/alerts/reminders":
        return {"POST": "create", "GET": "list"}.get(method, "unknown")
    if _REMINDER.match(path):
        return {"PUT": "update", "GET": "get", "DELETE": "delete"}.get(method, "unknown")
    if _TIME_ZONE.match(path) and method == "GET":
        return "time_zone"
    return "unknown"


@contextmanager
def running_stand_in(**options: Any) -> Iterator[AlexaStandIn]:
    """A stand-in for the duration of a `with` block."""
    stand_in = AlexaStandIn(**options)
    try:
        yield stand_in
    finally:
        stand_in.close()
