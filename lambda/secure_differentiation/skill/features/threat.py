"""Noticing a sign of threat: name it without blame, offer a practice and an anchor."""

from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from ..content import Prompt
from ..conversation import Turn
from ..domain.state import UserState
from ..domain.threats import record_sign
from ..screens import MANTRA_SCREEN, mantra_data
from ..speech import BREATH_PAUSE_MS
from .common import said, tried
from .mantra import ANOTHER_MANTRA, MantraFor, next_mantra
from .slots import requested_sign


class NoticeThreatHandler(AbstractRequestHandler):
    """ "I'm feeling defensive", "I'm judging her", "I'm keeping the peace at my own cost"."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return said(handler_input, "NoticeThreatIntent")

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        sign_id = requested_sign(turn)
        sign = turn.content.sign(sign_id) if sign_id else None
        speech = turn.ssml()
        if sign is not None:
            today = turn.today()

            def count(state: UserState) -> None:
                record_sign(state.threat_log, today, sign.id)

            turn.update(count)
            speech.text(sign.acknowledgement).pause().text(sign.practice)
            practice, title = sign.practice, sign.name
        else:
            practice = turn.say(Prompt.THREAT_GENERAL_PRACTICE)
            speech.text(turn.say(Prompt.THREAT_UNNAMED)).pause().text(practice)
            title = turn.say(Prompt.THREAT_CARD_TITLE)
        turn.update(tried("sign"))
        mantra = next_mantra(turn, MantraFor(sign=sign.id if sign else None))
        speech.pause().text(turn.say(Prompt.THREAT_MANTRA_INTRO)).pause()
        speech.mantra(mantra.text).pause(BREATH_PAUSE_MS)
        card = (title[:1].upper() + title[1:], f"{practice}\n\n{mantra.text}")
        turn.show(MANTRA_SCREEN, mantra_data(turn.content, mantra, sign=sign_id, note=practice))
        if turn.is_one_shot:
            return turn.end(speech.text(turn.say(Prompt.THREAT_CLOSE)), card=card)
        return turn.ask(
            ANOTHER_MANTRA,
            MantraFor(sign=sign.id if sign else None),
            speech.text(turn.say(Prompt.THREAT_OFFER_ANOTHER)),
            turn.ssml(turn.say(Prompt.MANTRA_OFFER_ANOTHER_REPROMPT)),
            card=card,
        )


QUESTIONS = ()
HANDLERS = (NoticeThreatHandler(),)
