"""Creating or moving a check-in's Alexa reminder, and asking for the permission it needs.

Alexa's own list of this skill's reminders (`GET /v1/alerts/reminders`) is
the truth about what rings; the record's `check_ins` is a cache of it, used
when the list cannot be had. Setting a check-in therefore reconciles with
the list, and is idempotent across devices:

1. list first: a reminder of that cadence already at Alexa (set by another
   device, or created by a call whose answer was lost) is moved (PUT), and
   any duplicate of it removed; only when there is none is one created;
2. after a create (or a call that got no answer), list again: two devices
   that both found none and both created keep only the oldest of that
   cadence (by Alexa's createdTime, then token, an order every device
   computes alike), each deleting every other. The oldest is never deleted,
   and the device whose create came last sees every one, so exactly one is
   left; the record names it, and each device says what Alexa now holds;
3. a reminder is recognised by its recurrence (DAILY / WEEKLY), else by its
   fixed words, which carry nothing personal.

A missing reminders permission (401) is asked for by voice, with a token that
says which check-in was pending, so Alexa's answer (a Connections.Response)
can finish the job. The record is written before the reply is spoken, and a
failed write does not turn a true answer into an apology: the next check-in
request rebuilds the cache from Alexa's list.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_request_type
from ask_sdk_model import Response
from ask_sdk_model.interfaces.connections import ConnectionsResponse, SendRequestDirective
from ask_sdk_model.services.reminder_management import ReminderRequest
from ask_sdk_model.ui import AskForPermissionsConsentCard

from ..content import Prompt, PromptKey, locale_of
from ..conversation import Turn
from ..domain.check_ins import (
    DAILY,
    DAY_NAMES,
    WEEKLY,
    CheckInRequest,
    decode_token,
    encode_token,
    first_occurrence,
    spoken_time,
)
from ..domain.clock import zone_or_none
from ..domain.state import CHECK_IN_KINDS, CheckIn, UserState
from ..persistence.base import StaleStateError, StorageUnavailableError
from ..reminders import (
    REMINDERS_SCOPE,
    AlexaReminders,
    ListedReminder,
    Outcome,
    Result,
    reminder_body,
)

logger = logging.getLogger(__name__)

ASK_FOR = "AskFor"
# What a reminder's recurrence says about which check-in it is.
_CADENCE_OF_FREQ = {"DAILY": DAILY, "WEEKLY": WEEKLY}
# Outcomes after which a reminder is no longer at Alexa.
REMOVED = (Outcome.DONE, Outcome.GONE)

# Alexa's check-in reminders by cadence, oldest first; None when the list could not be had.
AtAlexa = dict[str, list[ListedReminder]]


def forget_check_in(cadence: str, token: str) -> Callable[[UserState], None]:
    """A change dropping the check-in, unless another device replaced it meanwhile."""

    def forget(state: UserState) -> None:
        stored = state.check_ins.get(cadence)
        if stored is not None and stored.token == token:
            del state.check_ins[cadence]

    return forget


def reminder_prompt(cadence: str) -> PromptKey:
    """The prompt the reminder says: it invites the practice and carries nothing personal."""
    return Prompt.CHECK_IN_REMINDER_WEEKLY if cadence == WEEKLY else Prompt.CHECK_IN_REMINDER_DAILY


def cadence_of(turn: Turn, found: ListedReminder) -> str | None:
    """Which check-in a listed reminder is: by its recurrence, else by its fixed words."""
    cadence = _CADENCE_OF_FREQ.get(found.freq or "")
    if cadence is not None:
        return cadence
    for kind in CHECK_IN_KINDS:
        if found.texts & set(turn.content.variants(reminder_prompt(kind))):
            return kind
    return None


def at_alexa(turn: Turn, alexa: AlexaReminders) -> AtAlexa | None:
    """The check-ins Alexa holds for this person, by cadence, oldest first; None if unknown."""
    listed = alexa.listed()
    if listed is None:
        return None
    found: AtAlexa = {}
    for reminder in sorted(listed, key=lambda r: r.age_order):
        cadence = cadence_of(turn, reminder)
        if cadence is not None:
            found.setdefault(cadence, []).append(reminder)
    return found


def as_recorded(turn: Turn, cadence: str, found: ListedReminder) -> CheckIn | None:
    """What the record keeps for a reminder at Alexa; None when its time cannot be known.

    Alexa's trigger says the time and day; the record fills in what it does not.
    """
    known = turn.state.check_ins.get(cadence)
    same = known if known is not None and known.token == found.token else None
    time = found.time or (same.time if same else None)
    if not time:
        return None
    day = (found.day or (same.day if same else None)) if cadence == WEEKLY else None
    return CheckIn(time=time, token=found.token, day=day)


def sync_record(turn: Turn, found: AtAlexa) -> None:
    """Make the record's check-ins what Alexa holds: the oldest of each cadence, or none."""
    wanted = {
        cadence: kept
        for cadence, reminders in found.items()
        if reminders and (kept := as_recorded(turn, cadence, reminders[0])) is not None
    }
    if wanted == turn.state.check_ins:
        return

    def mirror(state: UserState) -> None:
        state.check_ins = dict(wanted)

    turn.update(mirror)


def record_now(turn: Turn) -> None:
    """Write the record now, so that a storage failure cannot turn a true answer into an apology.

    What the person asked for has happened at Alexa; the record is only a
    cache of Alexa's list, which the next check-in request reads again.
    """
    try:
        turn.commit()
    except (StorageUnavailableError, StaleStateError):
        logger.warning(
            "check-ins done at Alexa but not recorded; the next request reconciles", exc_info=True
        )


@dataclass
class _Set:
    """Where setting a check-in got to: the call's result and what it is known to have left."""

    result: Result
    created: bool
    duplicates_left: int = 0


def schedule(turn: Turn, request: CheckInRequest, *, may_ask: bool = True) -> Response:
    """Set the check-in at Alexa, reconciling with Alexa's list; say exactly what happened."""
    alexa = AlexaReminders(turn.handler_input)
    # The device's zone as last read; none, and Alexa uses the device's own.
    zone_name = turn.time_zone()
    now = turn.now
    body = reminder_body(
        request,
        first_occurrence(now, zone_or_none(zone_name), request),
        zone_name,
        locale_of(turn.handler_input) or "en-US",
        turn.say(reminder_prompt(request.cadence)),
        now,
    )
    before = at_alexa(turn, alexa)
    if before is None:  # the list is out of reach: the record's reminder, if any, is moved
        existing = turn.state.check_ins.get(request.cadence)
        candidates = [existing.token] if existing is not None else []
    else:
        candidates = [found.token for found in before.get(request.cadence, [])]
    done = _set(alexa, body, candidates)
    outcome = done.result.outcome
    if outcome is Outcome.UNKNOWN or (done.created and outcome is Outcome.DONE):
        return _settle(turn, alexa, request, done, may_ask=may_ask)
    if done.result.outcome is Outcome.DONE and done.result.token:
        if before is not None:
            sync_record(turn, before)
        _keep(turn, request, request.stored(done.result.token))
        return _set_reply(turn, request, done.duplicates_left)
    return _failed(turn, request, done.result, may_ask=may_ask)


def _set(alexa: AlexaReminders, body: ReminderRequest, candidates: list[str]) -> _Set:
    """Move the oldest candidate and delete the rest, or create one when there is none."""
    if candidates:
        result = alexa.update(candidates[0], body)
        if result.outcome is not Outcome.GONE:
            left = sum(alexa.delete(token) not in REMOVED for token in candidates[1:])
            return _Set(result, created=False, duplicates_left=left)
        # Deleted in the app meanwhile: a duplicate, if any, is the one to move.
        return _set(alexa, body, candidates[1:])
    return _Set(alexa.create(body), created=True)


def _settle(
    turn: Turn, alexa: AlexaReminders, request: CheckInRequest, done: _Set, *, may_ask: bool
) -> Response:
    """After a create, or a call with no answer: list again, keep the oldest, say what is there."""
    after = at_alexa(turn, alexa)
    result = done.result
    if after is None:  # no second look: what the call itself said is all there is
        if result.outcome is Outcome.DONE and result.token:
            _keep(turn, request, request.stored(result.token))
            return _set_reply(turn, request, done.duplicates_left)
        if result.outcome is Outcome.UNKNOWN:
            return _unsure(turn)
        return _failed(turn, request, result, may_ask=may_ask)
    same = after.get(request.cadence, [])
    if not same:
        if result.outcome is Outcome.DONE and result.token:  # made, though not listed yet
            _keep(turn, request, request.stored(result.token))
            return _set_reply(turn, request, done.duplicates_left)
        return _failed(turn, request, Result(Outcome.FAILED), may_ask=may_ask)
    survivor, duplicates = same[0], same[1:]
    left = [dup for dup in duplicates if alexa.delete(dup.token) not in REMOVED]
    after[request.cadence] = [survivor, *left]
    sync_record(turn, after)
    kept = as_recorded(turn, request.cadence, survivor) or request.stored(survivor.token)
    _keep(turn, request, kept)
    if (kept.time, kept.day) == (request.time, request.day):
        return _set_reply(turn, request, done.duplicates_left + len(left))
    if done.created and result.outcome is Outcome.DONE:
        return _kept_other(turn, request, kept, len(left))  # an older one was already there
    return _failed(turn, request, Result(Outcome.FAILED), may_ask=may_ask)


def _keep(turn: Turn, request: CheckInRequest, stored: CheckIn) -> None:
    """Record the check-in Alexa holds, and write the record before answering."""

    def keep(state: UserState) -> None:
        state.check_ins[request.cadence] = stored

    if turn.state.check_ins.get(request.cadence) != stored:
        turn.update(keep)
    record_now(turn)


def _duplicate_note(turn: Turn, left: int) -> list[str]:
    return [turn.say(Prompt.CHECK_IN_DUPLICATE_LEFT)] if left else []


def _set_reply(turn: Turn, request: CheckInRequest, duplicates_left: int) -> Response:
    when = {"time": spoken_time(request.time or "00:00")}
    if request.cadence == WEEKLY and request.day:
        done = turn.say(Prompt.CHECK_IN_SET_WEEKLY, day=DAY_NAMES[request.day], **when)
        how_to_cancel = turn.say(Prompt.CHECK_IN_HOW_TO_CANCEL_WEEKLY)
    else:
        done = turn.say(Prompt.CHECK_IN_SET_DAILY, **when)
        how_to_cancel = turn.say(Prompt.CHECK_IN_HOW_TO_CANCEL_DAILY)
    return turn.end(turn.ssml(done, *_duplicate_note(turn, duplicates_left), how_to_cancel))


def _kept_other(turn: Turn, request: CheckInRequest, kept: CheckIn, left: int) -> Response:
    """An older reminder of this check-in was there (another device's): say what Alexa kept."""
    when = {"time": spoken_time(kept.time)}
    if request.cadence == WEEKLY and kept.day:
        said = turn.say(Prompt.CHECK_IN_KEPT_WEEKLY, day=DAY_NAMES[kept.day], **when)
    else:
        said = turn.say(Prompt.CHECK_IN_KEPT_DAILY, **when)
    return turn.end(turn.ssml(said, *_duplicate_note(turn, left)))


def _unsure(turn: Turn) -> Response:
    """Alexa got the call but never answered, and could not be asked again."""
    return turn.end(turn.ssml(turn.say(Prompt.CHECK_IN_UNSURE)))


def _failed(turn: Turn, request: CheckInRequest, result: Result, *, may_ask: bool) -> Response:
    """Nothing was set: say why, or ask for the permission that was missing."""
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
