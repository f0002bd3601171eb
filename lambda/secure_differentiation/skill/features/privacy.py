"""A person's data: deleted on request and when they disable the skill."""

from __future__ import annotations

import logging

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_intent_name, is_request_type
from ask_sdk_model import Response
from ask_sdk_model.events.skillevents import PermissionAcceptedRequest, PermissionChangedRequest

from ..content import Prompt
from ..conversation import Turn, user_reference
from ..domain.state import UserState
from ..persistence.base import StorageUnavailableError
from ..redelivery import request_redelivery
from ..reminders import AlexaReminders
from ..speech import Ssml
from .common import answers, menu

logger = logging.getLogger(__name__)


class ForgetMeHandler(AbstractRequestHandler):
    """ "Forget me", "delete my data": says what would go, and asks first."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("ForgetMeIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        turn.expect("forget")
        return turn.reply(
            Ssml().text(turn.say(Prompt.FORGET_CONFIRM)),
            Ssml().text(turn.say(Prompt.FORGET_CONFIRM_REPROMPT)),
        )


class ForgetMeAnswerHandler(AbstractRequestHandler):
    """Yes deletes everything stored for the person; no deletes nothing."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return answers(handler_input, "forget")

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        turn.expect(None)
        if is_intent_name("AMAZON.NoIntent")(handler_input):
            return menu(turn, turn.say(Prompt.FORGET_CANCELLED))
        # Reminders live in Alexa, not in the record: remove them too, as far as Alexa
        # lets us now (a reminder left behind only ever says "time for your practice").
        # Alexa lists only this skill's reminders, so the list also finds one whose
        # creation the record never learnt of.
        alexa = AlexaReminders(handler_input)
        tokens = {check_in.token for check_in in turn.state.check_ins.values()}
        tokens |= {found.token for found in alexa.listed() or []}
        for token in sorted(tokens):
            alexa.delete(token)
        turn.forget()
        turn.session.clear()
        logger.info("deleted stored data on request for user %s", user_reference(handler_input))
        return turn.reply(Ssml().text(turn.say(Prompt.FORGET_DONE)))


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
