"""Scheduled check-ins by voice: set, move, list and cancel the daily and weekly reminders.

At most one daily and one weekly check-in per person: setting one again
moves the existing Alexa reminder (same alertToken) instead of adding a
second. The time and recurrence are restated and confirmed before anything
is created; Alexa's calls and the permission prompt are in `scheduling.py`.
"""

from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from ..content import Prompt
from ..conversation import Turn
from ..domain.check_ins import (
    DAILY,
    DAY_NAMES,
    WEEKLY,
    CheckInRequest,
    read_day,
    read_time,
    spoken_time,
)
from ..domain.state import CHECK_IN_KINDS, CheckIn
from ..reminders import AlexaReminders, Outcome
from ..speech import Ssml
from .common import answers, menu, said
from .scheduling import forget_check_in, schedule
from .slots import resolved_id

# The questions this feature asks, as pending kinds.
ASKING_TIME, ASKING_DAY = "check_in_time", "check_in_day"
CONFIRMING, CHOOSING_CANCEL = "confirm_check_in", "cancel_check_in"
# What can answer them; words the model could not place get the question again.
_ANSWERS = (
    "CheckInAnswerIntent",
    "SetCheckInIntent",
    "AMAZON.HelpIntent",
    "AMAZON.FallbackIntent",
)


def _heard(turn: Turn) -> tuple[str | None, str | None, str | None]:
    """(cadence, "HH:MM", day code) from the slots, each None when not said."""
    cadence = resolved_id(turn, "cadence") or resolved_id(turn, "choice")
    return (
        cadence if cadence in CHECK_IN_KINDS else None,
        read_time(turn.slot_value("time")),
        read_day(turn.slot_value("day")),
    )


def _when(check_in: CheckIn | CheckInRequest) -> dict[str, str]:
    """The {day} and {time} a prompt speaks."""
    values = {"time": spoken_time(check_in.time or "00:00")}
    if check_in.day:
        values["day"] = DAY_NAMES[check_in.day]
    return values


def ask_next(turn: Turn, request: CheckInRequest, lead: str = "") -> Response:
    """Ask for what is still missing (the day, then the time), else restate and confirm."""
    speech = Ssml().text(lead)
    if request.missing == "day":
        turn.expect(ASKING_DAY, **request.to_session())
        question, reprompt = Prompt.CHECK_IN_ASK_DAY, Prompt.CHECK_IN_ASK_DAY_REPROMPT
        return turn.reply(speech.text(turn.say(question)), Ssml().text(turn.say(reprompt)))
    if request.missing == "time":
        turn.expect(ASKING_TIME, **request.to_session())
        if request.cadence == WEEKLY and request.day:
            question = turn.say(Prompt.CHECK_IN_ASK_TIME_WEEKLY, day=DAY_NAMES[request.day])
        else:
            question = turn.say(Prompt.CHECK_IN_ASK_TIME_DAILY)
        reprompt = turn.say(Prompt.CHECK_IN_ASK_TIME_REPROMPT)
        return turn.reply(speech.text(question), Ssml().text(reprompt))
    existing = turn.state.check_ins.get(request.cadence)
    if existing is not None and (existing.time, existing.day) != (request.time, request.day):
        replaces = (
            Prompt.CHECK_IN_REPLACES_WEEKLY if existing.day else Prompt.CHECK_IN_REPLACES_DAILY
        )
        speech.text(turn.say(replaces, **_when(existing)))
    confirm = Prompt.CHECK_IN_CONFIRM_WEEKLY if request.day else Prompt.CHECK_IN_CONFIRM_DAILY
    turn.expect(CONFIRMING, **request.to_session())
    return turn.reply(
        speech.text(turn.say(confirm, **_when(request))),
        Ssml().text(turn.say(Prompt.CHECK_IN_CONFIRM_REPROMPT)),
    )


def _close(turn: Turn, lead: str) -> Response:
    """Answer and go for a one-shot request; in a session, offer what's next."""
    if turn.is_one_shot:
        turn.expect(None)
        return turn.reply(Ssml().text(lead))
    return menu(turn, lead)


def cancel(turn: Turn, cadence: str | None) -> Response:
    """Delete the reminder, then forget it; one already deleted in the app is just forgotten."""
    turn.expect(None)
    check_in = turn.state.check_ins.get(cadence) if cadence else None
    if cadence is None or check_in is None:
        return _close(turn, turn.say(Prompt.CHECK_IN_CANCEL_NOTHING))
    outcome = AlexaReminders(turn.handler_input).delete(check_in.token)
    if outcome not in (Outcome.DONE, Outcome.GONE):
        return _close(turn, turn.say(Prompt.CHECK_IN_CANCEL_FAILED))
    turn.update(forget_check_in(cadence, check_in.token))
    cancelled = (
        Prompt.CHECK_IN_CANCELLED_WEEKLY if cadence == WEEKLY else Prompt.CHECK_IN_CANCELLED_DAILY
    )
    return _close(turn, turn.say(cancelled))


class CheckInAnswerHandler(AbstractRequestHandler):
    """Answers to the check-in questions: a time, a day, which one to cancel, or help."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return (
            answers(handler_input, ASKING_TIME, ASKING_DAY, CONFIRMING, intents=_ANSWERS)
            or answers(handler_input, ASKING_TIME, intents=("ChooseSkillIntent",))
            or answers(
                handler_input,
                CHOOSING_CANCEL,
                intents=(*_ANSWERS, "CancelCheckInIntent", "StartReflectionIntent"),
            )
        )

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        pending = turn.pending
        cadence, time, day = _heard(turn)
        if pending.get("kind") == CHOOSING_CANCEL:
            if said(handler_input, "StartReflectionIntent"):  # "the weekly reflection"
                cadence = WEEKLY
            if cadence is None:
                turn.expect(CHOOSING_CANCEL)
                question = Ssml().text(turn.say(Prompt.CHECK_IN_CANCEL_WHICH_REPROMPT))
                return turn.reply(question, question)
            return cancel(turn, cadence)
        if said(handler_input, "ChooseSkillIntent"):  # a bare "nine" reads as a number
            number = turn.slot_value("number")
            time = read_time(f"{int(number):02d}:00") if number and number.isdigit() else None
        request = CheckInRequest.from_session(pending)
        if cadence is not None and day is None:
            request = CheckInRequest(cadence, request.time, request.day)
        understood = request.with_answers(time, day)
        lead = ""
        if said(handler_input, "AMAZON.HelpIntent"):
            lead = turn.say(Prompt.CHECK_IN_HELP)
        elif said(handler_input, "AMAZON.FallbackIntent") or (
            understood == request and pending.get("kind") != CONFIRMING
        ):
            lead = turn.say(Prompt.FALLBACK_LEAD)
        return ask_next(turn, understood, lead)


class ConfirmCheckInHandler(AbstractRequestHandler):
    """Yes sets (or moves) the restated check-in; no sets nothing."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return answers(handler_input, CONFIRMING)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        request = CheckInRequest.from_session(turn.pending)
        if said(handler_input, "AMAZON.NoIntent"):
            return menu(turn, turn.say(Prompt.CHECK_IN_NOT_SET))
        if request.missing:
            return ask_next(turn, request)
        return schedule(turn, request)


class SetCheckInHandler(AbstractRequestHandler):
    """ "Remind me every day at 8 am", "set my weekly reflection for Sundays at 7 pm"."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return said(handler_input, "SetCheckInIntent", "CheckInAnswerIntent")

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        cadence, time, day = _heard(turn)
        if said(handler_input, "CheckInAnswerIntent") and not (cadence or time or day):
            return menu(turn, turn.say(Prompt.FALLBACK_LEAD))  # an answer to no question
        cadence = cadence or (WEEKLY if day else DAILY)
        existing = turn.state.check_ins.get(cadence)
        if existing is not None:  # moving: what was not said stays as it was
            time, day = time or existing.time, day or existing.day
        return ask_next(turn, CheckInRequest(cadence).with_answers(time, day))


class ListCheckInsHandler(AbstractRequestHandler):
    """ "What check-ins do I have?": the stored ones Alexa still has."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return said(handler_input, "ListCheckInsIntent")

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        alexa = AlexaReminders(handler_input)
        kept: dict[str, CheckIn] = {}
        for cadence, check_in in sorted(turn.state.check_ins.items()):
            if alexa.exists(check_in.token):
                kept[cadence] = check_in
            else:  # deleted in the Alexa app
                turn.update(forget_check_in(cadence, check_in.token))
        lines = [
            turn.say(
                Prompt.CHECK_IN_LIST_WEEKLY if cadence == WEEKLY else Prompt.CHECK_IN_LIST_DAILY,
                **_when(check_in),
            )
            for cadence, check_in in kept.items()
        ]
        return _close(turn, " ".join(lines) or turn.say(Prompt.CHECK_IN_LIST_NONE))


class CancelCheckInHandler(AbstractRequestHandler):
    """ "Cancel my weekly reflection": asks which one only when there are two."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return said(handler_input, "CancelCheckInIntent")

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        cadence = _heard(turn)[0]
        stored = sorted(turn.state.check_ins)
        if cadence is None and len(stored) > 1:
            turn.expect(CHOOSING_CANCEL)
            return turn.reply(
                Ssml().text(turn.say(Prompt.CHECK_IN_CANCEL_WHICH)),
                Ssml().text(turn.say(Prompt.CHECK_IN_CANCEL_WHICH_REPROMPT)),
            )
        return cancel(turn, cadence or (stored[0] if stored else None))
