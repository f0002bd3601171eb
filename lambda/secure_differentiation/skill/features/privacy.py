"""A person's data: deleted on request and when they disable the skill."""

from __future__ import annotations

import logging

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_request_type
from ask_sdk_model import Response
from ask_sdk_model.events.skillevents import PermissionAcceptedRequest, PermissionChangedRequest

from ..content import Prompt
from ..conversation import Turn
from ..dialog import NO, SKIP, YES, NoDetails, Question, navigation
from ..domain.state import UserState
from ..log_ids import user_reference
from ..persistence.base import StorageUnavailableError
from ..redelivery import request_redelivery
from ..reminders import AlexaReminders
from .check_ins import FEATURE, check_in_name
from .common import menu, said
from .scheduling import REMOVED, cadence_of

logger = logging.getLogger(__name__)


def _forget_or_not(turn: Turn, intent: str, _: NoDetails) -> Response:
    """Yes deletes everything stored for the person and their reminders; no deletes nothing.

    Reminders live in Alexa, not in the record: every one in Alexa's list of
    this skill's reminders (which also holds one whose creation the record
    never learnt of) and every one the record names is deleted, as far as
    Alexa lets us now. The record goes either way; the reply says exactly
    which check-ins are gone and which may still ring.
    """
    if intent != YES:
        return menu(turn, turn.say(Prompt.FORGET_CANCELLED))
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
    turn.forget()
    turn.session.clear()
    logger.info("deleted stored data on request for user %s", user_reference(turn.handler_input))
    if not left and not unknown:
        return turn.end(turn.ssml(turn.say(Prompt.FORGET_DONE)))
    left_names = [check_in_name(turn, cadence) for cadence in sorted(c for c in left if c)]
    if None in left or unknown:
        left_names.append(turn.say(Prompt.CHECK_IN_NAME_ANY))
    removed_names = [check_in_name(turn, cadence) for cadence in sorted(c for c in removed if c)]
    if removed_names:
        said = turn.say(
            Prompt.CHECK_IN_FORGET_PARTLY,
            removed=turn.spoken_list(removed_names),
            left=turn.spoken_list(left_names),
        )
    else:
        said = turn.say(Prompt.CHECK_IN_FORGET_LEFT, left=turn.spoken_list(left_names))
    return turn.end(turn.ssml(said))


def _keep_everything(turn: Turn, _: NoDetails) -> Response:
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


class ForgetMeHandler(AbstractRequestHandler):
    """ "Forget me", "delete my data": says what would go, and asks first."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return said(handler_input, "ForgetMeIntent")

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        return turn.ask(
            FORGET,
            NoDetails(),
            turn.ssml(turn.say(Prompt.FORGET_CONFIRM)),
            turn.ssml(turn.say(Prompt.FORGET_CONFIRM_REPROMPT)),
        )


class SkillDisabledHandler(AbstractRequestHandler):
    """Disabling the skill deletes the record: re-enabling brings a new userId anyway.

    If storage cannot delete it now, the event is not acknowledged, so Alexa
    sends it again (for up to an hour); the record's expiry is the last resort.
    """

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("AlexaSkillEvent.SkillDisabled")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        try:
            Turn.of(handler_input).forget()
        except StorageUnavailableError:
            logger.error(
                "skill disabled: could NOT delete data for user %s; asking Alexa to resend",
                user_reference(handler_input),
                exc_info=True,
            )
            request_redelivery("the disabled person's record could not be deleted")
            return handler_input.response_builder.response
        logger.info("skill disabled: deleted data for user %s", user_reference(handler_input))
        return handler_input.response_builder.response


class PermissionEventHandler(AbstractRequestHandler):
    """Records which permissions the person granted, for scheduled check-ins."""

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


QUESTIONS = (FORGET,)
HANDLERS = (ForgetMeHandler(), SkillDisabledHandler(), PermissionEventHandler())
