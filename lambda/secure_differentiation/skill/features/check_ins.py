"""Scheduled check-ins by voice: set, move, list and cancel the daily and weekly reminders.

At most one daily and one weekly check-in per person: setting one again
moves the existing Alexa reminder (same alertToken) instead of adding a
second. The time and recurrence are restated and confirmed before anything
is created; Alexa's calls and the permission prompt are in `scheduling.py`.
Listing and cancelling read Alexa's own list of the skill's reminders, so a
reminder the record never learnt of (a lost answer, a failed write) is still
listed and cancelled; the record is brought in line with it.
"""

from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from ..content import Prompt, PromptKey
from ..conversation import Turn
from ..dialog import NO, YES, NoDetails, OpenQuestion, Question, navigation
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
from ..reminders import AlexaReminders
from ..speech import Ssml
from .answers import clarify
from .common import finish, menu, said, tried
from .scheduling import (
    REMOVED,
    AtAlexa,
    as_recorded,
    at_alexa,
    forget_check_in,
    record_now,
    schedule,
    sync_record,
)
from .slots import resolved_id, slot_value

FEATURE = "check_in"
SET, ANSWER, CANCEL = "SetCheckInIntent", "CheckInAnswerIntent", "CancelCheckInIntent"
BARE_NUMBER = "ChooseSkillIntent"  # "nine" alone reads as a skill number
# A cadence Alexa may hear that the skill cannot set ("every weekday").
WEEKDAYS_ONLY = "weekdays"


def _heard(turn: Turn) -> tuple[str | None, str | None, str | None]:
    """(cadence, "HH:MM", day code) from the slots, each None when not said."""
    cadence = resolved_id(turn, "cadence") or resolved_id(turn, "choice")
    time = read_time(slot_value(turn, "time"))
    if time is None and said(turn.handler_input, BARE_NUMBER):
        number = slot_value(turn, "number")
        time = read_time(f"{int(number):02d}:00") if number and number.isdigit() else None
    return (
        cadence if cadence in (*CHECK_IN_KINDS, WEEKDAYS_ONLY) else None,
        time,
        read_day(slot_value(turn, "day")),
    )


def _when(check_in: CheckIn | CheckInRequest) -> dict[str, str]:
    """The {day} and {time} a prompt speaks."""
    values = {"time": spoken_time(check_in.time or "00:00")}
    if check_in.day:
        values["day"] = DAY_NAMES[check_in.day]
    return values


def ask_next(turn: Turn, request: CheckInRequest, lead: str = "") -> Response:
    """Ask for what is still missing (the day, then the time), else restate and confirm."""
    speech = turn.ssml(lead)
    turn.update(tried(FEATURE))
    if request.missing == "day":
        return turn.ask(
            ASKING_DAY,
            request,
            speech.text(turn.say(Prompt.CHECK_IN_ASK_DAY)),
            turn.ssml(turn.say(Prompt.CHECK_IN_ASK_DAY_REPROMPT)),
        )
    if request.missing == "time":
        if request.cadence == WEEKLY and request.day:
            question = turn.say(Prompt.CHECK_IN_ASK_TIME_WEEKLY, day=DAY_NAMES[request.day])
        else:
            question = turn.say(Prompt.CHECK_IN_ASK_TIME_DAILY)
        reprompt = turn.say(Prompt.CHECK_IN_ASK_TIME_REPROMPT)
        return turn.ask(ASKING_TIME, request, speech.text(question), turn.ssml(reprompt))
    existing = turn.state.check_ins.get(request.cadence)
    if existing is not None and (existing.time, existing.day) != (request.time, request.day):
        replaces = (
            Prompt.CHECK_IN_REPLACES_WEEKLY if existing.day else Prompt.CHECK_IN_REPLACES_DAILY
        )
        speech.text(turn.say(replaces, **_when(existing)))
    confirm = Prompt.CHECK_IN_CONFIRM_WEEKLY if request.day else Prompt.CHECK_IN_CONFIRM_DAILY
    return turn.ask(
        CONFIRMING,
        request,
        speech.text(turn.say(confirm, **_when(request))),
        turn.ssml(turn.say(Prompt.CHECK_IN_CONFIRM_REPROMPT)),
    )


def requested(turn: Turn, base: CheckInRequest | None = None) -> tuple[CheckInRequest, str]:
    """The check-in being asked for, from the slots over `base`, and what to say first.

    A day makes it weekly; a check-in that exists already keeps what was not
    said. "Every weekday" cannot be set, so it becomes a daily one, said so.
    """
    cadence, time, day = _heard(turn)
    lead = ""
    if cadence == WEEKDAYS_ONLY:
        cadence, lead = DAILY, turn.say(Prompt.CHECK_IN_ONLY_DAILY_OR_WEEKLY)
    if base is None:
        cadence = cadence or (WEEKLY if day else DAILY)
        existing = turn.state.check_ins.get(cadence)
        if existing is not None:  # moving: what was not said stays as it was
            time, day = time or existing.time, day or existing.day
        base = CheckInRequest(cadence)
    elif cadence is not None and cadence != base.cadence:
        base = CheckInRequest(cadence, base.time, base.day if cadence == WEEKLY else None)
    return base.with_answers(time, day), lead


def _answer(turn: Turn, intent: str, pending: CheckInRequest) -> Response:
    """A time, a day or a cadence for the check-in being set up; yes or no to setting it."""
    asked = turn.asked or OpenQuestion(CONFIRMING, pending)
    if intent == NO:
        return menu(turn, turn.say(Prompt.CHECK_IN_NOT_SET))
    if intent == YES:
        if asked.question is CONFIRMING and not pending.missing:
            return schedule(turn, pending)
        return clarify(turn, turn.say(Prompt.CHECK_IN_WHICH_TIME))
    understood, lead = requested(turn, pending)
    if understood == pending and not lead:
        return clarify(turn, turn.say(Prompt.FALLBACK_LEAD))
    return ask_next(turn, understood, lead)


def _nothing_set(turn: Turn, _: object) -> Response:
    return menu(turn, turn.say(Prompt.CHECK_IN_LEFT))


def _setting(kind: str, answers: frozenset[str], help: PromptKey) -> Question[CheckInRequest]:
    return Question(
        kind=kind,
        feature=FEATURE,
        payload=CheckInRequest,
        answers=answers,
        answer=_answer,
        give_up=_nothing_set,
        help=help,
        on=navigation(),
        kept=Prompt.CHECK_IN_NOT_SET,
    )


_SETTING = frozenset({SET, ANSWER, BARE_NUMBER, YES, NO})
ASKING_TIME = _setting("check_in_time", _SETTING, Prompt.HELP_CHECK_IN_TIME)
ASKING_DAY = _setting("check_in_day", _SETTING, Prompt.HELP_CHECK_IN_DAY)
CONFIRMING = _setting("confirm_check_in", _SETTING, Prompt.HELP_CHECK_IN_CONFIRM)


def cancel(turn: Turn, cadence: str) -> Response:
    """Cancel the check-in of `cadence`, as Alexa's list shows it."""
    alexa = AlexaReminders(turn.handler_input)
    return _cancel(turn, alexa, cadence, at_alexa(turn, alexa))


def _cancel(turn: Turn, alexa: AlexaReminders, cadence: str, found: AtAlexa | None) -> Response:
    """Delete every reminder of that check-in at Alexa, then drop it from the record.

    Without Alexa's list, the record's reminder is the one deleted. A
    reminder already deleted in the app (404) counts as gone.
    """
    recorded = turn.state.check_ins.get(cadence)
    if found is not None:
        tokens = [reminder.token for reminder in found.get(cadence, [])]
    else:
        tokens = [recorded.token] if recorded is not None else []
    if not tokens:
        if found is None:  # nothing known, and Alexa could not be asked
            return finish(turn, turn.ssml(turn.say(Prompt.CHECK_IN_CANCEL_FAILED)))
        sync_record(turn, found)
        record_now(turn)
        return finish(turn, turn.ssml(turn.say(Prompt.CHECK_IN_CANCEL_NOTHING)))
    left = [token for token in tokens if alexa.delete(token) not in REMOVED]
    if found is not None:
        found[cadence] = [reminder for reminder in found[cadence] if reminder.token in left]
        sync_record(turn, found)
    elif recorded is not None and not left:
        turn.update(forget_check_in(cadence, recorded.token))
    record_now(turn)
    if left:  # it still rings
        return finish(turn, turn.ssml(turn.say(Prompt.CHECK_IN_CANCEL_FAILED)))
    cancelled = (
        Prompt.CHECK_IN_CANCELLED_WEEKLY if cadence == WEEKLY else Prompt.CHECK_IN_CANCELLED_DAILY
    )
    return finish(turn, turn.ssml(turn.say(cancelled)))


def _which_to_cancel(turn: Turn, intent: str, _: NoDetails) -> Response:
    if intent == NO:
        return menu(turn, turn.say(Prompt.CHECK_IN_NOTHING_CANCELLED))
    cadence = _heard(turn)[0]
    if intent == "StartReflectionIntent":  # "the weekly reflection"
        cadence = WEEKLY
    if cadence is None or cadence not in CHECK_IN_KINDS:
        return clarify(turn, turn.say(Prompt.FALLBACK_LEAD))
    return cancel(turn, cadence)


def _cancel_nothing(turn: Turn, _: NoDetails) -> Response:
    return menu(turn, turn.say(Prompt.CHECK_IN_NOTHING_CANCELLED))


CHOOSING_CANCEL: Question[NoDetails] = Question(
    kind="cancel_check_in",
    feature=FEATURE,
    payload=NoDetails,
    answers=frozenset({ANSWER, CANCEL, "StartReflectionIntent", NO}),
    answer=_which_to_cancel,
    give_up=_cancel_nothing,
    help=Prompt.HELP_CHECK_IN_CANCEL,
    on=navigation(),
    kept=Prompt.CHECK_IN_NOTHING_CANCELLED,
    elicits=(CANCEL, "cadence"),
)


class SetCheckInHandler(AbstractRequestHandler):
    """ "Remind me every day at 8 am", "set my weekly reflection for Sundays at 7 pm"."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return said(handler_input, SET, ANSWER)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        if said(handler_input, ANSWER) and not any(_heard(turn)):
            return menu(turn, turn.say(Prompt.FALLBACK_LEAD))  # an answer to no question
        request, lead = requested(turn)
        return ask_next(turn, request, lead)


def _listed_line(turn: Turn, cadence: str, check_in: CheckIn) -> str:
    prompt = Prompt.CHECK_IN_LIST_WEEKLY if cadence == WEEKLY else Prompt.CHECK_IN_LIST_DAILY
    return turn.say(prompt, **_when(check_in))


def check_in_name(turn: Turn, cadence: str) -> str:
    """ "your daily check-in": how a check-in is named inside a sentence."""
    name = Prompt.CHECK_IN_NAME_WEEKLY if cadence == WEEKLY else Prompt.CHECK_IN_NAME_DAILY
    return turn.say(name)


class ListCheckInsHandler(AbstractRequestHandler):
    """ "What check-ins do I have?": what Alexa holds; the record only when Alexa cannot say."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return said(handler_input, "ListCheckInsIntent")

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        found = at_alexa(turn, AlexaReminders(handler_input))
        if found is None:
            recorded = sorted(turn.state.check_ins.items())
            if not recorded:
                return finish(turn, Ssml().text(turn.say(Prompt.CHECK_IN_LIST_UNREACHABLE)))
            lines = [_listed_line(turn, cadence, check_in) for cadence, check_in in recorded]
            return finish(turn, Ssml().text(turn.say(Prompt.CHECK_IN_LIST_AS_RECORDED), *lines))
        sync_record(turn, found)
        record_now(turn)
        lines, said_already = [], set()
        for cadence, reminders in sorted(found.items()):
            for reminder in reminders:
                check_in = as_recorded(turn, cadence, reminder)
                if check_in is None:
                    line = turn.say(Prompt.CHECK_IN_LIST_UNTIMED, name=check_in_name(turn, cadence))
                else:
                    line = _listed_line(turn, cadence, check_in)
                if line not in said_already:
                    said_already.add(line)
                    lines.append(line)
        return finish(turn, Ssml().text(*lines or [turn.say(Prompt.CHECK_IN_LIST_NONE)]))


class CancelCheckInHandler(AbstractRequestHandler):
    """ "Cancel my weekly reflection": asks which one only when Alexa holds two."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return said(handler_input, CANCEL)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        cadence = _heard(turn)[0]
        alexa = AlexaReminders(handler_input)
        found = at_alexa(turn, alexa)
        if cadence is None or cadence not in CHECK_IN_KINDS:
            present = sorted(found if found is not None else turn.state.check_ins)
            if len(present) > 1:
                return turn.ask(
                    CHOOSING_CANCEL,
                    NoDetails(),
                    turn.ssml(turn.say(Prompt.CHECK_IN_CANCEL_WHICH)),
                    turn.ssml(turn.say(Prompt.CHECK_IN_CANCEL_WHICH_REPROMPT)),
                )
            if not present:
                return _cancel(turn, alexa, DAILY, found)  # nothing there: says so, or why not
            cadence = present[0]
        return _cancel(turn, alexa, cadence, found)


QUESTIONS = (ASKING_TIME, ASKING_DAY, CONFIRMING, CHOOSING_CANCEL)
HANDLERS = (SetCheckInHandler(), ListCheckInsHandler(), CancelCheckInHandler())
