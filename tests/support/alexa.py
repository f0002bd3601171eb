"""Talking to the skill the way Alexa does, for tests.

Envelopes start from the real Alexa JSON in tests/events/*.json; the driver
fills in the intent, slots, session and user, sends them through the same
`invoke` the Lambda uses, and reads the response back as a person would hear it.
"""

from __future__ import annotations

import copy
import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ask_sdk_core.skill import CustomSkill

from secure_differentiation.skill import invoke
from secure_differentiation.skill.speech import to_plain_text
from support.clock import Clock, stamp
from support.screens import with_screen

EVENTS = Path(__file__).resolve().parents[1] / "events"
SKILL_ID = "amzn1.ask.skill.00000000-0000-0000-0000-000000000000"
REMINDERS_SCOPE = "alexa::alerts:reminders:skill:readwrite"
RENDER_DOCUMENT = "Alexa.Presentation.APL.RenderDocument"


def load_event(name: str) -> dict[str, Any]:
    return json.loads((EVENTS / f"{name}.json").read_text(encoding="utf-8"))


def number_slot(value: str) -> dict[str, Any]:
    return {"name": "number", "value": value, "confirmationStatus": "NONE", "source": "USER"}


def value_slot(name: str, value: str) -> dict[str, Any]:
    """A built-in slot (AMAZON.TIME "19:30", AMAZON.DayOfWeek "sunday") as Alexa sends it."""
    return {"name": name, "value": value, "confirmationStatus": "NONE", "source": "USER"}


def custom_slot(name: str, value: str, type_name: str, matched_id: str | None) -> dict[str, Any]:
    """A custom slot as Alexa sends it, with entity resolution matched or not."""
    authority = {
        "authority": f"amzn1.er-authority.echo-sdk.{SKILL_ID}.{type_name}",
        "status": {"code": "ER_SUCCESS_MATCH" if matched_id else "ER_SUCCESS_NO_MATCH"},
    }
    if matched_id:
        authority["values"] = [{"value": {"name": value, "id": matched_id}}]
    return {
        "name": name,
        "value": value,
        "confirmationStatus": "NONE",
        "source": "USER",
        "resolutions": {"resolutionsPerAuthority": [authority]},
    }


@dataclass
class Reply:
    """One response, as a person experiences it."""

    raw: dict[str, Any]

    @property
    def response(self) -> dict[str, Any]:
        return self.raw.get("response") or {}

    @property
    def ssml(self) -> str:
        return (self.response.get("outputSpeech") or {}).get("ssml", "")

    @property
    def text(self) -> str:
        return to_plain_text(self.ssml)

    @property
    def reprompt(self) -> str:
        reprompt = self.response.get("reprompt") or {}
        return to_plain_text((reprompt.get("outputSpeech") or {}).get("ssml", ""))

    @property
    def ends_session(self) -> bool:
        return bool(self.response.get("shouldEndSession"))

    @property
    def card(self) -> dict[str, Any] | None:
        return self.response.get("card")

    @property
    def directives(self) -> list[dict[str, Any]]:
        return list(self.response.get("directives") or [])

    @property
    def session_attributes(self) -> dict[str, Any]:
        return self.raw.get("sessionAttributes") or {}

    @property
    def eliciting(self) -> tuple[str, str] | None:
        """The (intent, slot) a Dialog.ElicitSlot directive asks Alexa to hear next, if any."""
        for directive in self.directives:
            if directive.get("type") == "Dialog.ElicitSlot":
                return directive["updatedIntent"]["name"], directive["slotToElicit"]
        return None

    @property
    def screens(self) -> list[dict[str, Any]]:
        """The APL RenderDocument directives in this reply."""
        return [d for d in self.directives if d.get("type") == RENDER_DOCUMENT]

    @property
    def screen(self) -> dict[str, Any] | None:
        """The one screen this reply shows, if any (never more than one)."""
        shown = self.screens
        assert len(shown) <= 1, f"{len(shown)} screens in one reply"
        return shown[0] if shown else None


class AlexaDevice:
    """One person talking to the skill through one device, session by session."""

    def __init__(
        self,
        skill: CustomSkill,
        user_id: str = "amzn1.ask.account.TESTUSER",
        locale: str = "en-US",
        api_endpoint: str | None = None,
        clock: Clock | None = None,
        screen: str | None = None,
        person_id: str | None = None,
    ) -> None:
        self.skill = skill
        # Stamps every request: the skill's "now" is the request's timestamp.
        self.clock = clock or Clock()
        self.user_id = user_id
        self.locale = locale
        # Where the skill calls Alexa's APIs (a local test server); None keeps the event's.
        self.api_endpoint = api_endpoint
        self.session_id: str | None = None
        self.attributes: dict[str, Any] = {}
        self.last: Reply | None = None
        # A device with a screen (a name from support.screens.DEVICES), or None for voice only.
        self.screen = screen
        # The token of the document on screen: Alexa returns it with every touch on it.
        self.shown_token: str | None = None
        # The voice Alexa recognises speaking (context.System.person), or None: unrecognised.
        self.person_id = person_id

    def _envelope(
        self, name: str, request: dict[str, Any], person_id: str | None = None
    ) -> dict[str, Any]:
        event = load_event(name)
        new = self.session_id is None
        if new:
            self.session_id = f"amzn1.echo-api.session.{uuid.uuid4()}"
            self.attributes = {}
        event["session"].update(
            {"new": new, "sessionId": self.session_id, "attributes": copy.deepcopy(self.attributes)}
        )
        event["session"]["user"]["userId"] = self.user_id
        event["context"]["System"]["user"]["userId"] = self.user_id
        speaker = person_id or self.person_id
        if speaker is not None:
            event["context"]["System"]["person"] = {"personId": speaker}
        if self.api_endpoint is not None:
            event["context"]["System"]["apiEndpoint"] = self.api_endpoint
        event["request"].update(request)
        event["request"]["locale"] = self.locale
        event["request"]["requestId"] = f"amzn1.echo-api.request.{uuid.uuid4()}"
        event["request"]["timestamp"] = stamp(self.clock())
        if self.screen is not None:
            with_screen(event, self.screen)
        return event

    def send(self, event: dict[str, Any]) -> Reply:
        reply = Reply(invoke(self.skill, event))
        self.last = reply
        shown = reply.screens
        if shown:
            self.shown_token = shown[-1].get("token")
        if reply.ends_session or event["request"]["type"] == "SessionEndedRequest":
            self.session_id = None
            self.attributes = {}
        else:
            self.attributes = reply.session_attributes
        return reply

    def launch(self, person_id: str | None = None) -> Reply:
        """Open the skill; `person_id`: spoken by that recognised voice (default: the device's)."""
        self.session_id = None
        return self.send(self._envelope("launch", {}, person_id))

    def say(self, intent: str, person_id: str | None = None, **slots: dict[str, Any]) -> Reply:
        """An intent within the current session (or a one-shot when none is open).

        `person_id`: this request is spoken by that recognised voice (default: the device's).
        """
        request = {"intent": {"name": intent, "confirmationStatus": "NONE", "slots": slots}}
        return self.send(self._envelope("intent", request, person_id))

    def one_shot(self, intent: str, person_id: str | None = None, **slots: dict[str, Any]) -> Reply:
        self.session_id = None
        return self.say(intent, person_id, **slots)

    def touch(self, *arguments: Any) -> Reply:
        """A button pressed on the screen shown last: its SendEvent arguments, as Alexa sends them.

        Within the open session, or opening a new one after it ended, as a device does.
        """
        assert self.screen is not None, "a voice-only device has nothing to touch"
        request = {
            "token": self.shown_token,
            "arguments": list(arguments),
            "source": {"type": "TouchWrapper", "handler": "Press", "id": "", "value": False},
            "components": {},
        }
        return self.send(self._envelope("user_event", request))

    def end_session(self, reason: str = "USER_INITIATED") -> Reply:
        return self.send(self._envelope("session_ended", {"reason": reason}))

    def connections_response(
        self, status: str, token: str, *, name: str = "AskFor", code: str = "200"
    ) -> Reply:
        """Alexa's answer to a Connections.SendRequest (e.g. the permission prompt)."""
        payload = {"permissionScope": REMINDERS_SCOPE, "status": status, "isCardThrown": "false"}
        request = {
            "name": name,
            "status": {"code": code, "message": "OK" if code == "200" else "Error"},
            "payload": payload,
            "token": token,
        }
        return self.send(self._envelope("connections_response", request))
