"""A person's data: deleted on request and when they disable the skill.

In a household (see persistence/base.py), "forget me" from a voice Alexa
recognises deletes that person's own practice, then offers to delete the
whole household's: every practice on the account, the shared one, and the
check-ins, which are the account's. From a voice Alexa does not recognise it
deletes the account's shared practice and the check-ins, as it always did, and
offers nothing more: that voice may be a guest's, and the others' practices
are theirs (the account's owner can still delete everything by disabling the
skill). Only the voice that was asked can say yes: a yes that Alexa hears from
another voice, or recognises as no one, deletes nothing.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_request_type
from ask_sdk_model import Response
from ask_sdk_model.events.skillevents import PermissionAcceptedRequest, PermissionChangedRequest

from ..content import Prompt, PromptKey
from ..conversation import Turn
from ..dialog import NO, SKIP, YES, NoDetails, Question, navigation
from ..domain.state import UserState
from ..log_ids import person_reference, user_reference
from ..persistence.base import StorageUnavailableError, person_key
from ..redelivery import request_redelivery
from ..reminders import AlexaReminders
from .check_ins import FEATURE, check_in_name
from .common import menu, said
from .scheduling import REMOVED, cadence_of

logger = logging.getLogger(__name__)
# Hex digits of a voice's tag in the session: plenty to tell a household's voices apart.
VOICE_TAG_DIGITS = 16


@dataclass(frozen=True)
class AskedVoice:
    """Whom a question about deleting was put to: a tag of their personId, never the id."""

    voice: str


def voice_tag(person_id: str) -> str:
    """The tag a question keeps to know its answer comes from the voice it asked.

    A plain digest, the same in every container (a question may be answered
    by another one), kept in the session only.
    """
    return hashlib.sha256(person_id.encode("utf-8")).hexdigest()[:VOICE_TAG_DIGITS]


def _same_voice(turn: Turn, asked: AskedVoice) -> bool:
    person_id = person_key(turn.handler_input.request_envelope)
    return person_id is not None and voice_tag(person_id) == asked.voice


def _remove_reminders(turn: Turn) -> tuple[set[str | None], set[str | None], bool]:
    """Delete the account's check-in reminders at Alexa, as far as Alexa lets us now.

    Every one in Alexa's list of this skill's reminders (which also holds one
    whose creation the record never learnt of) and every one the record names.
    Returns the check-ins left, those removed (None: a reminder that is no
    check-in), and whether one the record never learnt of may be left.
    """
    alexa = AlexaReminders(turn.handler_input)
    listed = alexa.listed()
    reminders: dict[str, str | None] = {  # token: the check-in it is (None: not one)
        check_in.token: cadence for cadence, check_in in turn.state.check_ins.items()
    }
    if listed is not None:  # Alexa's list is the truth: a recorded one not in it is gone
        reminders = {r.token: cadence_of(turn, r) or reminders.get(r.token) for r in listed}
    left = {cadence for token, cadence in reminders.items() if alexa.delete(token) not in REMOVED}
    removed = set(reminders.values()) - left
    # Without Alexa's list, a reminder the record never learnt of may be left.
    unknown = listed is None and (bool(reminders) or FEATURE in turn.state.tried)
    return left, removed, unknown


def _after_reminders(
    turn: Turn,
    removal: tuple[set[str | None], set[str | None], bool],
    done: PromptKey,
    left_prompt: PromptKey,
    partly_prompt: PromptKey,
) -> Response:
    """The goodbye after a deletion: exactly which check-ins are gone and which may still ring."""
    left, removed, unknown = removal
    if not left and not unknown:
        return turn.end(turn.ssml(turn.say(done)))
    left_names = [check_in_name(turn, cadence) for cadence in sorted(c for c in left if c)]
    if None in left or unknown:
        left_names.append(turn.say(Prompt.CHECK_IN_NAME_ANY))
    removed_names = [check_in_name(turn, cadence) for cadence in sorted(c for c in removed if c)]
    if removed_names:
        said = turn.say(
            partly_prompt,
            removed=turn.spoken_list(removed_names),
            left=turn.spoken_list(left_names),
        )
    else:
        said = turn.say(left_prompt, left=turn.spoken_list(left_names))
    return turn.end(turn.ssml(said))


def _forget_or_not(turn: Turn, intent: str, _: NoDetails) -> Response:
    """Yes deletes the account's shared practice and its reminders; no deletes nothing.

    The record goes either way; the reply says exactly which check-ins are
    gone and which may still ring.
    """
    if intent != YES:
        return menu(turn, turn.say(Prompt.FORGET_CANCELLED))
    removal = _remove_reminders(turn)
    turn.forget()
    turn.session.clear()
    logger.info("deleted stored data on request for user %s", user_reference(turn.handler_input))
    return _after_reminders(
        turn,
        removal,
        Prompt.FORGET_DONE,
        Prompt.CHECK_IN_FORGET_LEFT,
        Prompt.CHECK_IN_FORGET_PARTLY,
    )


def _keep_everything(turn: Turn, _: object) -> Response:
    return menu(turn, turn.say(Prompt.FORGET_CANCELLED))


FORGET: Question[NoDetails] = Question(
    kind="forget",
    feature="privacy",
    payload=NoDetails,
    answers=frozenset({YES, NO, SKIP}),
    answer=_forget_or_not,
    give_up=_keep_everything,
    help=Prompt.HELP_FORGET,
    on=navigation(),
    kept=Prompt.FORGET_NOTHING_DELETED,
)


def _forget_mine_or_not(turn: Turn, intent: str, asked: AskedVoice) -> Response:
    """Yes from the voice asked deletes their own practice, then offers the household's."""
    if intent != YES:
        return menu(turn, turn.say(Prompt.FORGET_CANCELLED))
    if not _same_voice(turn, asked):
        return menu(turn, turn.say(Prompt.FORGET_OTHER_VOICE))
    turn.forget()
    turn.session.clear()
    logger.info(
        "deleted a person's practice on request: user %s, person %s",
        user_reference(turn.handler_input),
        person_reference(turn.handler_input),
    )
    return turn.ask(
        FORGET_HOUSEHOLD,
        asked,
        turn.ssml(turn.say(Prompt.FORGET_HOUSEHOLD_OFFER)),
        turn.ssml(turn.say(Prompt.FORGET_HOUSEHOLD_OFFER_REPROMPT)),
    )


FORGET_MINE: Question[AskedVoice] = Question(
    kind="forget_mine",
    feature="privacy",
    payload=AskedVoice,
    answers=frozenset({YES, NO, SKIP}),
    answer=_forget_mine_or_not,
    give_up=_keep_everything,
    help=Prompt.HELP_FORGET_MINE,
    on=navigation(),
    kept=Prompt.FORGET_NOTHING_DELETED,
)


def _forget_household_or_not(turn: Turn, intent: str, asked: AskedVoice) -> Response:
    """Yes from the voice asked deletes the household's practices and its reminders."""
    if intent != YES:
        return _keep_household(turn, asked)
    if not _same_voice(turn, asked):
        return turn.end(turn.ssml(turn.say(Prompt.FORGET_HOUSEHOLD_OTHER_VOICE)))
    removal = _remove_reminders(turn)
    turn.forget(household=True)
    turn.session.clear()
    logger.info(
        "deleted a household's data on request: user %s, asked by person %s",
        user_reference(turn.handler_input),
        person_reference(turn.handler_input),
    )
    return _after_reminders(
        turn,
        removal,
        Prompt.FORGET_HOUSEHOLD_DONE,
        Prompt.FORGET_HOUSEHOLD_LEFT,
        Prompt.FORGET_HOUSEHOLD_PARTLY,
    )


def _keep_household(turn: Turn, _: object) -> Response:
    return turn.end(turn.ssml(turn.say(Prompt.FORGET_HOUSEHOLD_KEPT)))


FORGET_HOUSEHOLD: Question[AskedVoice] = Question(
    kind="forget_household",
    feature="privacy",
    payload=AskedVoice,
    answers=frozenset({YES, NO, SKIP}),
    answer=_forget_household_or_not,
    give_up=_keep_household,
    help=Prompt.HELP_FORGET_HOUSEHOLD,
    on=navigation(),
    kept=Prompt.FORGET_HOUSEHOLD_KEPT,
)


class ForgetMeHandler(AbstractRequestHandler):
    """ "Forget me", "delete my data": says what would go, and asks first."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return said(handler_input, "ForgetMeIntent")

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        person_id = person_key(handler_input.request_envelope)
        if person_id is not None:
            return turn.ask(
                FORGET_MINE,
                AskedVoice(voice_tag(person_id)),
                turn.ssml(turn.say(Prompt.FORGET_MINE_CONFIRM)),
                turn.ssml(turn.say(Prompt.FORGET_MINE_CONFIRM_REPROMPT)),
            )
        return turn.ask(
            FORGET,
            NoDetails(),
            turn.ssml(turn.say(Prompt.FORGET_CONFIRM)),
            turn.ssml(turn.say(Prompt.FORGET_CONFIRM_REPROMPT)),
        )


class SkillDisabledHandler(AbstractRequestHandler):
    """Disabling the skill deletes the account's records, everyone's: re-enabling brings a
    new userId anyway.

    If storage cannot delete them now, the event is not acknowledged, so Alexa
    sends it again (for up to an hour); the records' expiry is the last resort.
    """

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("AlexaSkillEvent.SkillDisabled")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        try:
            Turn.of(handler_input).forget(household=True)
        except StorageUnavailableError:
            logger.error(
                "skill disabled: could NOT delete data for user %s; asking Alexa to resend",
                user_reference(handler_input),
                exc_info=True,
            )
            request_redelivery("the disabled account's records could not be deleted")
            return handler_input.response_builder.response
        logger.info("skill disabled: deleted data for user %s", user_reference(handler_input))
        return handler_input.response_builder.response


class PermissionEventHandler(AbstractRequestHandler):
    """Records which permissions the account granted, for scheduled check-ins."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("AlexaSkillEvent.SkillPermissionAccepted")(
            handler_input
        ) or is_request_type("AlexaSkillEvent.SkillPermissionChanged")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        request = handler_input.request_envelope.request
        scopes: list[str] = []
        if (
            isinstance(request, PermissionAcceptedRequest | PermissionChangedRequest)
            and request.body
        ):
            scopes = [p.scope for p in request.body.accepted_permissions or [] if p.scope]

        def grant(state: UserState) -> None:
            state.granted_permissions = sorted(set(scopes))

        turn.update(grant)
        return handler_input.response_builder.response


QUESTIONS = (FORGET, FORGET_MINE, FORGET_HOUSEHOLD)
HANDLERS = (ForgetMeHandler(), SkillDisabledHandler(), PermissionEventHandler())
