"""Creating or moving a check-in's Alexa reminder, and asking for the permission it needs.

A check-in is stored only after Alexa confirms the reminder; any failure is a
short spoken apology with the stored state untouched. A missing reminders
permission (401) is asked for by voice, with a token that says which check-in
was pending, so Alexa's answer (a Connections.Response) can finish the job.
"""

from __future__ import annotations

from collections.abc import Callable

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_request_type
from ask_sdk_model import Response
from ask_sdk_model.interfaces.connections import ConnectionsResponse, SendRequestDirective
from ask_sdk_model.ui import AskForPermissionsConsentCard

from ..content import Prompt, locale_of
from ..conversation import Turn
from ..domain.check_ins import (
    DAY_NAMES,
    WEEKLY,
    CheckInRequest,
    decode_token,
    encode_token,
    first_occurrence,
    spoken_time,
)
from ..domain.clock import zone_or_none
from ..domain.state import UserState
from ..reminders import REMINDERS_SCOPE, AlexaReminders, Outcome, Result, reminder_body

ASK_FOR = "AskFor"


def forget_check_in(cadence: str, token: str) -> Callable[[UserState], None]:
    """A change dropping the check-in, unless another device replaced it meanwhile."""

    def forget(state: UserState) -> None:
        stored = state.check_ins.get(cadence)
        if stored is not None and stored.token == token:
            del state.check_ins[cadence]

    return forget


def schedule(turn: Turn, request: CheckInRequest, *, may_ask: bool = True) -> Response:
    """Create the reminder, or move the existing one (PUT, same token); speak the outcome."""
    alexa = AlexaReminders(turn.handler_input)
    # The device's zone as last read; none, and Alexa uses the device's own.
    zone_name = turn.time_zone()
    now = turn.now
    locale = locale_of(turn.handler_input) or "en-US"
    body = reminder_body(
        request,
        first_occurrence(now, zone_or_none(zone_name), request),
        zone_name,
        locale,
        turn.say(_reminder_prompt(request.cadence)),
        now,
    )
    existing = turn.state.check_ins.get(request.cadence)
    result = alexa.update(existing.token, body) if existing is not None else None
    if result is None or result.outcome is Outcome.GONE:  # none yet, or deleted in the app
        unrecorded = unrecorded_reminder(turn, alexa, request.cadence)
        result = alexa.update(unrecorded, body) if unrecorded else alexa.create(body)
    return _spoken(turn, request, result, may_ask=may_ask)


def _reminder_prompt(cadence: str) -> Prompt:
    """The prompt the reminder says: it invites the practice and carries nothing personal."""
    return Prompt.CHECK_IN_REMINDER_WEEKLY if cadence == WEEKLY else Prompt.CHECK_IN_REMINDER_DAILY


def unrecorded_reminder(turn: Turn, alexa: AlexaReminders, cadence: str) -> str | None:
    """The token of a check-in reminder of this cadence that Alexa holds but the record does not.

    One exists when Alexa created a reminder but its answer never reached the
    skill (a time-out): setting the check-in again takes that reminder over,
    instead of leaving two ringing every day. Recognised by its text, which
    only this skill's check-ins say.
    """
    listed = alexa.listed()
    if not listed:
        return None
    texts = set(turn.content.variants(_reminder_prompt(cadence)))
    recorded = {check_in.token for check_in in turn.state.check_ins.values()}
    return next(
        (found.token for found in listed if found.token not in recorded and found.texts & texts),
        None,
    )


def _spoken(turn: Turn, request: CheckInRequest, result: Result, *, may_ask: bool) -> Response:
    if result.outcome is Outcome.DONE and result.token:
        token = result.token
        stored = request.stored(token)

        def keep(state: UserState) -> None:
            state.check_ins[request.cadence] = stored

        turn.update(keep)
        when = {"time": spoken_time(stored.time)}
        if request.cadence == WEEKLY and stored.day:
            done = turn.say(Prompt.CHECK_IN_SET_WEEKLY, day=DAY_NAMES[stored.day], **when)
            how_to_cancel = turn.say(Prompt.CHECK_IN_HOW_TO_CANCEL_WEEKLY)
        else:
            done = turn.say(Prompt.CHECK_IN_SET_DAILY, **when)
            how_to_cancel = turn.say(Prompt.CHECK_IN_HOW_TO_CANCEL_DAILY)
        return turn.end(turn.ssml(done, how_to_cancel))
    if result.outcome is Outcome.NEEDS_PERMISSION:
        return ask_permission(turn, request) if may_ask else permission_later(turn)
    if result.outcome is Outcome.DEVICE_CANNOT:
        return turn.end(turn.ssml(turn.say(Prompt.CHECK_IN_DEVICE_CANNOT)))
    return turn.end(turn.ssml(turn.say(Prompt.CHECK_IN_FAILED)))


def ask_permission(turn: Turn, request: CheckInRequest) -> Response:
    """Alexa asks for the reminders permission in its own words; the session stays open.

    The response carries only the directive: no speech of ours, no reprompt,
    and shouldEndSession left unset, as Connections.SendRequest requires.
    """
    directive = SendRequestDirective(
        name=ASK_FOR,
        payload={
            "@type": "AskForPermissionsConsentRequest",
            "@version": "2",
            "permissionScopes": [{"permissionScope": REMINDERS_SCOPE, "consentLevel": "ACCOUNT"}],
        },
        token=encode_token(request),
    )
    return turn.hand_over(directive)


def permission_later(turn: Turn) -> Response:
    """How to allow reminders in the Alexa app, with the app's consent card."""
    turn.handler_input.response_builder.set_card(
        AskForPermissionsConsentCard(permissions=[REMINDERS_SCOPE])
    )
    return turn.end(turn.ssml(turn.say(Prompt.CHECK_IN_PERMISSION_LATER)))


class PermissionAnswerHandler(AbstractRequestHandler):
    """Alexa's answer to the permission prompt: set the pending check-in, or say how to later."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        request = handler_input.request_envelope.request
        return (
            is_request_type("Connections.Response")(handler_input)
            and isinstance(request, ConnectionsResponse)
            and request.name == ASK_FOR
        )

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        request = handler_input.request_envelope.request
        if not isinstance(request, ConnectionsResponse):
            return permission_later(turn)
        payload = request.payload or {}
        code = str(request.status.code) if request.status and request.status.code else "200"
        if payload.get("status") != "ACCEPTED" or code != "200":  # DENIED, NOT_ANSWERED
            return permission_later(turn)
        pending = decode_token(request.token)
        if pending is None or pending.missing:
            return turn.end(turn.ssml(turn.say(Prompt.CHECK_IN_PERMISSION_THANKS)))
        return schedule(turn, pending, may_ask=False)


QUESTIONS = ()
HANDLERS = (PermissionAnswerHandler(),)
