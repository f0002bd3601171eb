"""Noticing a sign of threat: name it without blame, offer a practice and an anchor."""

from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_intent_name
from ask_sdk_model import Response

from ..content import Prompt
from ..conversation import Turn
from ..domain.state import UserState
from ..domain.threats import record_sign
from ..speech import BREATH_PAUSE_MS, Ssml
from .mantra import next_mantra
from .slots import resolved_id


class NoticeThreatHandler(AbstractRequestHandler):
    """ "I'm feeling defensive", "I'm judging her", "I'm keeping the peace at my own cost"."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("NoticeThreatIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        sign_id = resolved_id(turn, "sign")
        sign = turn.content.sign(sign_id) if sign_id else None
        speech = Ssml()
        if sign is not None:
            today = turn.today()

            def count(state: UserState) -> None:
                record_sign(state.threat_log, today, sign.id)

            turn.update(count)
            speech.text(sign.acknowledgement).pause().text(sign.practice)
        else:
            speech.text(turn.say(Prompt.THREAT_UNNAMED)).pause().text(
                turn.say(Prompt.THREAT_GENERAL_PRACTICE)
            )
        # The practice already invites a breath, so the mantra follows with room, no more words.
        mantra = next_mantra(turn, sign=sign.id if sign else None)
        speech.pause().mantra(mantra.text).pause(BREATH_PAUSE_MS)
        if turn.is_one_shot:
            turn.expect(None)
            return turn.reply(speech.text(turn.say(Prompt.THREAT_CLOSE)))
        turn.expect("another_mantra")
        return turn.reply(
            speech.text(turn.say(Prompt.MANTRA_OFFER_ANOTHER)),
            Ssml().text(turn.say(Prompt.MANTRA_OFFER_ANOTHER_REPROMPT)),
        )
