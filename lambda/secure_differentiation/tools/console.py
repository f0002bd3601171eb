"""A text console that talks to the skill the way an Echo would.

A person types what they would say; the console resolves it with the skill's
own interaction model (`nlu.py`), wraps it in the same request envelope Alexa
sends, hands it to `invoke`, and prints the answer as Alexa would say it. The
skill under test therefore sees real requests, sessions included: attributes
carry between turns, and a session ends exactly when the response says so.
`invoke` is whatever runs the skill (in-process, or over HTTP), so the console
never depends on how the skill is hosted.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TextIO

from ..skill.speech import to_plain_text
from .nlu import ModelResolver, Resolution, skill_id_from_env
from .screen_text import RENDER_DOCUMENT, describe

__all__ = [
    "API_ENDPOINT",
    "ConsoleSession",
    "build_envelope",
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
Type "quit" (or press Ctrl-D) to leave.
"""


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
    screen: bool = False,
) -> dict[str, Any]:
    """A complete Alexa request envelope around a request body.

    `request` holds the type-specific fields (type, intent, reason); the ids,
    timestamp and locale every request carries are added here. With `screen`,
    the device says it renders APL, as a device with a screen does.
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
                "apiEndpoint": API_ENDPOINT,
                "apiAccessToken": API_ACCESS_TOKEN,
            }
        },
        "request": body,
    }
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
    screen: bool = False

    @property
    def is_open(self) -> bool:
        return self.session_id is not None

    def send(self, request: dict[str, Any]) -> dict[str, Any]:
        """Send one request in the current session (opening one if none is open)."""
        new = self.session_id is None
        if self.session_id is None:
            self.session_id = _new_session_id()
            self.attributes = {}
        envelope = build_envelope(
            request,
            session_id=self.session_id,
            new=new,
            attributes=self.attributes,
            user_id=self.user_id,
            skill_id=self.skill_id,
            locale=self.locale,
            screen=self.screen,
        )
        response = self.invoke(envelope) or {}
        attributes = response.get("sessionAttributes")
        self.attributes = dict(attributes) if isinstance(attributes, dict) else {}
        # Absent shouldEndSession ends the session on a voice-only device, as on an Echo Dot.
        if (response.get("response") or {}).get("shouldEndSession") is not False:
            self.close()
        return response

    def end(self, reason: str = "USER_INITIATED") -> None:
        """Tell the skill the session is over, as Alexa does when a person leaves."""
        if self.session_id is None:
            return
        request = {"type": "SessionEndedRequest", "reason": reason}
        envelope = build_envelope(
            request,
            session_id=self.session_id,
            new=False,
            attributes=self.attributes,
            user_id=self.user_id,
            skill_id=self.skill_id,
            locale=self.locale,
            screen=self.screen,
        )
        self.close()
        self.invoke(envelope)

    def close(self) -> None:
        self.session_id = None
        self.attributes = {}


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
    screen: bool = False,
) -> None:
    """Read what a person says, line by line, and print what the skill answers.

    Interactive mode is for a terminal (banner, prompt); otherwise each input
    line is echoed so a transcript of a scripted run reads like a conversation.
    With `screen`, the device has a screen, and what it shows is printed too.
    """
    skill_id = skill_id or skill_id_from_env()
    resolver = resolver or ModelResolver(locale=locale, skill_id=skill_id)
    session = ConsoleSession(
        invoke=invoke, user_id=user_id, skill_id=skill_id, locale=locale, screen=screen
    )

    def emit(*lines: str) -> None:
        for line in lines:
            output_stream.write(line + "\n")
        output_stream.flush()

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
        if said.lower() in QUIT_COMMANDS:
            session.end()
            return
        resolution = resolver.resolve(said)
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
