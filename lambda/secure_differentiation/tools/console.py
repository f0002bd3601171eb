"""A text console that talks to the skill the way an Echo would.

A person types what they would say; the console resolves it with the skill's
own interaction model (`nlu.py`), wraps it in the same request envelope Alexa
sends, hands it to `invoke`, and prints the answer as Alexa would say it. The
skill under test therefore sees real requests, sessions included: attributes
carry between turns, and a session ends exactly when the response says so.
`invoke` is whatever runs the skill (in-process, or over HTTP), so the console
never depends on how the skill is hosted.

Time is the console's own: every request is stamped with `ConsoleClock`, which
follows the real clock unless started at a chosen moment, and which commands
move ("/an hour later", "/next day", "/next week"), so tomorrow's skill of the
day or a week of practice can be seen in one sitting. With an Alexa stand-in
(`alexa_stand_in.py`) behind the envelopes' apiEndpoint, check-ins work with no
network, and a reminder "rings" (a `[reminder rings ...]` line) when the
console's clock passes one of its times.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from ..skill.domain.clock import zone_or_none
from ..skill.speech import to_plain_text
from .alexa_stand_in import AlexaStandIn, Ringing
from .nlu import ModelResolver, Resolution, skill_id_from_env
from .screen_text import RENDER_DOCUMENT, describe

__all__ = [
    "API_ENDPOINT",
    "ConsoleClock",
    "ConsoleSession",
    "access_token_for",
    "build_envelope",
    "local_time_zone",
    "render_response",
    "run_console",
]

Invoke = Callable[[dict[str, Any]], dict[str, Any]]

API_ENDPOINT = "https://api.amazonalexa.com"
API_ACCESS_TOKEN = "local-console-access-token"
DEVICE_ID = "amzn1.ask.device.local-console"
# `chat --screen`: the device an Echo Show 8 would say it is (APL runtime and viewport).
SCREEN_INTERFACES = {"Alexa.Presentation.APL": {"runtime": {"maxVersion": "2024.2"}}}
SCREEN_VIEWPORT = {
    "mode": "HUB",
    "shape": "RECTANGLE",
    "pixelWidth": 1280,
    "pixelHeight": 800,
    "currentPixelWidth": 1280,
    "currentPixelHeight": 800,
    "dpi": 213,
    "touch": ["SINGLE"],
}
PROMPT = "you> "
NOTHING_SAID = (
    "(nothing to say: give one utterance per line on standard input, e.g.\n"
    "  printf 'open secure differentiation\\ngive me a mantra\\n' | secure-differentiation chat\n"
    " or run it at a terminal to type them)"
)
QUIT_COMMANDS = frozenset({"quit", "exit", ":q", "/quit"})
BANNER = """\
Secure Differentiation, text console. Type what you would say to Alexa, e.g.
  open secure differentiation
  give me a grounding mantra
  i'm feeling defensive
  walk me through the skills / yes / next / go to skill seven
  make self empathy my focus / what's my skill for today
  remind me every day at 8 am / what check-ins do i have
Move the console's clock with /an hour later, /next day, /next week,
/later 3 hours (minutes, hours, days, weeks); /time shows it.
Type "quit" (or press Ctrl-D) to leave.
"""
TIME_HELP = (
    "(time commands: /an hour later, /next day, /next week, "
    "/later N minutes|hours|days|weeks, /time)"
)
# Alexa's reason when a session ends because nobody answered.
NO_ANSWER = "EXCEEDED_MAX_REPROMPTS"
# More rings of one reminder than this in one move of the clock are summed up.
RINGS_SHOWN = 2
_NAMED_MOVES = {
    "an hour later": timedelta(hours=1),
    "later": timedelta(hours=1),
    "next day": timedelta(days=1),
    "tomorrow": timedelta(days=1),
    "a day later": timedelta(days=1),
    "next week": timedelta(weeks=1),
    "a week later": timedelta(weeks=1),
}
_MOVE = re.compile(r"^(?:later|wait)\s+(\d{1,4})\s*(minute|hour|day|week)s?$")


class ConsoleClock:
    """The moment the console says it is: real time, or a chosen start, plus every move.

    Started at a chosen moment it stands still between moves, so a scripted
    run (or a test) never reads the real clock.
    """

    def __init__(
        self, start: datetime | None = None, *, real: Callable[[], datetime] | None = None
    ) -> None:
        self._start = start.astimezone(UTC) if start is not None else None
        self._real = real or (lambda: datetime.now(UTC))
        self._moved = timedelta()

    def __call__(self) -> datetime:
        base = self._start if self._start is not None else self._real()
        return base + self._moved

    def advance(self, delta: timedelta) -> None:
        self._moved += delta


def local_time_zone(environ: Mapping[str, str] = os.environ) -> str:
    """This machine's IANA time zone: TZ, else /etc/localtime's target, else UTC."""
    candidates = [environ.get("TZ", "").lstrip(":")]
    with contextlib.suppress(OSError):
        target = os.readlink("/etc/localtime")
        candidates.append(target.split("zoneinfo/", 1)[-1] if "zoneinfo/" in target else "")
    with contextlib.suppress(OSError):
        candidates.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    return next((name for name in candidates if zone_or_none(name)), "UTC")


def access_token_for(user_id: str) -> str:
    """The console's apiAccessToken for a person: Alexa's APIs tell people apart by it."""
    return f"{API_ACCESS_TOKEN}.{hashlib.sha256(user_id.encode()).hexdigest()[:16]}"


def _spoken_moment(moment: datetime, zone: str) -> str:
    """ "Tue 24 Nov 2026, 8:00 AM": a moment as the person's wall clock shows it."""
    local = moment.astimezone(ZoneInfo(zone))
    hour = local.strftime("%I").lstrip("0")
    return f"{local:%a} {local.day} {local:%b %Y}, {hour}:{local:%M %p}"


def _time_command(command: str) -> timedelta | None:
    """How far a time command moves the clock; None when it is not one."""
    said = " ".join(command.lower().split())
    if said in _NAMED_MOVES:
        return _NAMED_MOVES[said]
    match = _MOVE.match(said)
    if match is None:
        return None
    return timedelta(**{f"{match.group(2)}s": int(match.group(1))})


def ring_lines(rings: list[Ringing]) -> list[str]:
    """How the console shows reminders that came due: each time, or the first few and a sum."""
    lines: list[str] = []
    shown: dict[str, int] = {}
    for ring in rings:
        shown[ring.token] = shown.get(ring.token, 0) + 1
        if shown[ring.token] <= RINGS_SHOWN:
            at = _spoken_moment(ring.at.replace(tzinfo=ZoneInfo(ring.zone)), ring.zone)
            lines.append(f"  [reminder rings, {at}: {ring.text}]")
    for token, count in shown.items():
        if count > RINGS_SHOWN:
            last = [ring for ring in rings if ring.token == token][-1]
            at = _spoken_moment(last.at.replace(tzinfo=ZoneInfo(last.zone)), last.zone)
            lines.append(f"  [... and {count - RINGS_SHOWN} more times, the last on {at}]")
    return lines


def _speech_text(speech: dict[str, Any] | None) -> str:
    if not speech:
        return ""
    if speech.get("type") == "SSML" or "ssml" in speech:
        return to_plain_text(str(speech.get("ssml") or ""))
    return str(speech.get("text") or "")


def render_response(response_envelope: dict[str, Any]) -> list[str]:
    """The lines the console prints for one skill response: speech, card, permission asks."""
    response = response_envelope.get("response") or {}
    lines: list[str] = []
    spoken = _speech_text(response.get("outputSpeech"))
    for index, line in enumerate(spoken.split("\n") if spoken else []):
        lines.append(("alexa> " if index == 0 else "       ") + line)
    card = response.get("card")
    if card:
        title = str(card.get("title") or "").strip()
        body = str(card.get("content") or card.get("text") or "").strip()
        lines.append(f"  [card] {title}".rstrip())
        lines.extend(f"    {line}".rstrip() for line in body.splitlines())
    for directive in response.get("directives") or []:
        # On a device, Alexa itself would now ask the person in its own words.
        if directive.get("type") == "Connections.SendRequest":
            payload = directive.get("payload") or {}
            scopes = [
                str(scope.get("permissionScope"))
                for scope in payload.get("permissionScopes") or []
                if isinstance(scope, dict)
            ]
            lines.append(f"  [Alexa asks you for permission: {', '.join(scopes) or 'unknown'}]")
        if directive.get("type") == RENDER_DOCUMENT:
            lines.extend(describe(directive))
    return lines


def _timestamp(now: datetime) -> str:
    return now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def build_envelope(
    request: dict[str, Any],
    *,
    session_id: str,
    new: bool,
    attributes: dict[str, Any],
    user_id: str,
    skill_id: str,
    locale: str = "en-US",
    now: datetime | None = None,
    api_endpoint: str = API_ENDPOINT,
    api_access_token: str = API_ACCESS_TOKEN,
    screen: bool = False,
    person_id: str | None = None,
) -> dict[str, Any]:
    """A complete Alexa request envelope around a request body.

    `request` holds the type-specific fields (type, intent, reason); the ids,
    timestamp and locale every request carries are added here. With `screen`,
    the device says it renders APL, as a device with a screen does. With
    `person_id`, Alexa recognised the voice: `context.System.person` names it.
    """
    application = {"applicationId": skill_id}
    user = {"userId": user_id}
    body = {
        "type": request["type"],
        "requestId": f"amzn1.echo-api.request.{uuid.uuid4()}",
        "timestamp": _timestamp(now or datetime.now(UTC)),
        "locale": locale,
        **{key: value for key, value in request.items() if key != "type"},
    }
    device: dict[str, Any] = {"deviceId": DEVICE_ID, "supportedInterfaces": {}}
    envelope: dict[str, Any] = {
        "version": "1.0",
        "session": {
            "new": new,
            "sessionId": session_id,
            "application": application,
            "attributes": dict(attributes),
            "user": user,
        },
        "context": {
            "System": {
                "application": application,
                "user": user,
                "device": device,
                "apiEndpoint": api_endpoint,
                "apiAccessToken": api_access_token,
            }
        },
        "request": body,
    }
    if person_id is not None:
        envelope["context"]["System"]["person"] = {"personId": person_id}
    if screen:
        device["supportedInterfaces"] = dict(SCREEN_INTERFACES)
        envelope["context"]["Viewport"] = dict(SCREEN_VIEWPORT)
    return envelope


def _new_session_id() -> str:
    return f"amzn1.echo-api.session.{uuid.uuid4()}"


@dataclass
class ConsoleSession:
    """The Alexa session as the device sees it: id, attributes, and whether it is open."""

    invoke: Invoke
    user_id: str
    skill_id: str
    locale: str = "en-US"
    session_id: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)
    # The (intent, slot) the last response asked Alexa to elicit: a bare answer fills it.
    eliciting: tuple[str, str] | None = None
    # What stamps each request (its `timestamp`: the skill's "now"); None: the real clock.
    clock: Callable[[], datetime] | None = None
    api_endpoint: str = API_ENDPOINT
    api_access_token: str = API_ACCESS_TOKEN
    # Whether the device has a screen (APL): what it shows is printed too.
    screen: bool = False
    # The voice Alexa recognises (a personId), or None: an unrecognised voice.
    person_id: str | None = None

    def _envelope(self, request: dict[str, Any], *, new: bool) -> dict[str, Any]:
        return build_envelope(
            request,
            session_id=self.session_id or _new_session_id(),
            new=new,
            attributes=self.attributes,
            user_id=self.user_id,
            skill_id=self.skill_id,
            locale=self.locale,
            now=self.clock() if self.clock is not None else None,
            api_endpoint=self.api_endpoint,
            api_access_token=self.api_access_token,
            screen=self.screen,
            person_id=self.person_id,
        )

    @property
    def is_open(self) -> bool:
        return self.session_id is not None

    def send(self, request: dict[str, Any]) -> dict[str, Any]:
        """Send one request in the current session (opening one if none is open)."""
        new = self.session_id is None
        if self.session_id is None:
            self.session_id = _new_session_id()
            self.attributes = {}
        envelope = self._envelope(request, new=new)
        response = self.invoke(envelope) or {}
        attributes = response.get("sessionAttributes")
        self.attributes = dict(attributes) if isinstance(attributes, dict) else {}
        self.eliciting = _elicited(response)
        # Absent shouldEndSession ends the session on a voice-only device, as on an Echo Dot.
        if (response.get("response") or {}).get("shouldEndSession") is not False:
            self.close()
        return response

    def end(self, reason: str = "USER_INITIATED") -> None:
        """Tell the skill the session is over, as Alexa does when a person leaves."""
        if self.session_id is None:
            return
        envelope = self._envelope({"type": "SessionEndedRequest", "reason": reason}, new=False)
        self.close()
        self.invoke(envelope)

    def close(self) -> None:
        self.session_id = None
        self.attributes = {}
        self.eliciting = None


def _elicited(response: dict[str, Any]) -> tuple[str, str] | None:
    for directive in (response.get("response") or {}).get("directives") or []:
        if isinstance(directive, dict) and directive.get("type") == "Dialog.ElicitSlot":
            intent = (directive.get("updatedIntent") or {}).get("name")
            slot = directive.get("slotToElicit")
            if isinstance(intent, str) and isinstance(slot, str):
                return intent, slot
    return None


def _request_for(resolution: Resolution) -> dict[str, Any]:
    if resolution.kind == "launch":
        return {"type": "LaunchRequest", "shouldLinkResultBeReturned": False}
    return {"type": "IntentRequest", "intent": resolution.intent_json()}


def run_console(
    invoke: Invoke,
    *,
    user_id: str,
    locale: str = "en-US",
    input_stream: TextIO,
    output_stream: TextIO,
    interactive: bool,
    resolver: ModelResolver | None = None,
    skill_id: str | None = None,
    clock: ConsoleClock | None = None,
    alexa: AlexaStandIn | None = None,
    time_zone: str = "UTC",
    screen: bool = False,
    person_id: str | None = None,
) -> None:
    """Read what a person says, line by line, and print what the skill answers.

    Interactive mode is for a terminal (banner, prompt); otherwise each input
    line is echoed so a transcript of a scripted run reads like a conversation.
    With `alexa`, the envelopes name that stand-in as Alexa's API endpoint and
    its reminders ring as the console's clock passes them; `time_zone` is the
    device's, in which times are shown. With `screen`, the device has a screen, and
    what it shows is printed too. With `person_id`, every request comes from that
    recognised voice of the account (Alexa would say their name where the skill
    asks it to: "[first name]").
    """
    skill_id = skill_id or skill_id_from_env()
    resolver = resolver or ModelResolver(locale=locale, skill_id=skill_id)
    clock = clock or ConsoleClock()
    token = access_token_for(user_id) if alexa is not None else API_ACCESS_TOKEN
    session = ConsoleSession(
        invoke=invoke,
        user_id=user_id,
        skill_id=skill_id,
        locale=locale,
        clock=clock,
        api_endpoint=alexa.url if alexa is not None else API_ENDPOINT,
        api_access_token=token,
        screen=screen,
        person_id=person_id,
    )
    rung_until = clock()

    def emit(*lines: str) -> None:
        for line in lines:
            output_stream.write(line + "\n")
        output_stream.flush()

    def ring() -> None:
        """Show every reminder that came due since the last look."""
        nonlocal rung_until
        now = clock()
        if alexa is not None and now > rung_until:
            emit(*ring_lines(alexa.due(rung_until, now, owner=token)))
        rung_until = max(rung_until, now)

    def move(command: str) -> None:
        if command.lower() == "time":
            emit(f"  [it is {_spoken_moment(clock(), time_zone)} ({time_zone})]")
            return
        delta = _time_command(command)
        if delta is None:
            emit(TIME_HELP)
            return
        if session.is_open:  # nobody answered: Alexa closes the session long before
            session.end(NO_ANSWER)
            emit("(session ended: no answer)")
        clock.advance(delta)
        ring()
        emit(f"  [{command}: it is {_spoken_moment(clock(), time_zone)}]")

    if interactive:
        emit(BANNER)
    heard_anything = False
    while True:
        if interactive:
            output_stream.write(PROMPT)
            output_stream.flush()
        line = input_stream.readline()
        if not line and not interactive and not heard_anything:
            emit(NOTHING_SAID)
        heard_anything = heard_anything or bool(line.strip())
        if not line:  # EOF
            if interactive:
                emit("")
            session.end()
            return
        said = line.strip()
        if not said:
            continue
        if not interactive:
            emit(PROMPT + said)
        ring()
        if said.lower() in QUIT_COMMANDS:
            session.end()
            return
        if said.startswith("/"):
            move(said[1:].strip())
            continue
        resolution = resolver.resolve(said, eliciting=session.eliciting)
        if resolution.kind == "end":
            session.end()
            emit("(session ended)")
            continue
        if session.is_open and (resolution.kind == "launch" or resolution.one_shot):
            session.end()  # "open ..." mid-session starts over with a fresh session
        try:
            response = session.send(_request_for(resolution))
        except Exception as error:  # the console must survive a broken skill response
            session.close()
            emit(
                "alexa> There was a problem with the requested skill's response.",
                f"  (error: {type(error).__name__}: {error})",
                "(session ended)",
            )
            continue
        emit(*render_response(response))
        emit("(listening)" if session.is_open else "(session ended)")
