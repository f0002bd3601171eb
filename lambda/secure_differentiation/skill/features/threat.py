"""Noticing a sign of threat: name it without blame, offer a practice and an anchor."""

from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from ..content import Prompt, ThreatSign
from ..conversation import Turn
from ..dialog import NO, NoDetails, Question, navigation
from ..domain.state import UserState, log_practice
from ..domain.threats import record_sign, week_key
from ..screens import MANTRA_SCREEN, mantra_data
from ..speech import BREATH_PAUSE_MS
from .answers import clarify
from .common import menu, said, tried
from .mantra import MantraFor, close_or_offer_another, next_mantra
from .slots import heard, requested_sign

NOTICE = "NoticeThreatIntent"


def ground(turn: Turn, sign: ThreatSign | None, *, lead: str = "") -> Response:
    """Acknowledge the sign (or the noticing), a short practice, then an anchor to repeat."""
    speech = turn.ssml(lead)
    today = turn.today()
    if sign is not None:

        def count(state: UserState) -> None:
            record_sign(state.threat_log, today, sign.id)

        turn.update(count)
        practice = sign.practice
        speech.text(sign.acknowledgement).pause().text(practice)
        card = (sign.name[:1].upper() + sign.name[1:], sign.card)
    else:
        practice = turn.say(Prompt.THREAT_GENERAL_PRACTICE)
        if not lead:  # a lead has already acknowledged the noticing
            speech.text(turn.say(Prompt.THREAT_UNNAMED))
        speech.pause().text(practice)
        card = (turn.say(Prompt.THREAT_CARD_TITLE), practice)
    turn.update(tried("sign"))
    turn.update(lambda state: log_practice(state, week_key(today), "grounding"))
    tie = MantraFor(sign=sign.id if sign else None)
    mantra = next_mantra(turn, tie)
    speech.pause().text(turn.say(Prompt.THREAT_MANTRA_INTRO)).pause()
    speech.mantra(mantra.text).pause(BREATH_PAUSE_MS)
    card = (card[0], f"{card[1]}\n\n{mantra.text}")
    turn.show(MANTRA_SCREEN, mantra_data(turn.content, mantra, sign=tie.sign, note=practice))
    return close_or_offer_another(
        turn, speech, tie, card, close=Prompt.THREAT_CLOSE, offer=Prompt.THREAT_OFFER_ANOTHER
    )


def sign_names(turn: Turn) -> str:
    """The four signs by their one speakable name: "defending, judging others ... or ..."."""
    names = [s.name for s in turn.content.threat_signs]
    return turn.spoken_list(names, joiner=Prompt.LIST_OR)


class NoticeThreatHandler(AbstractRequestHandler):
    """ "I'm feeling defensive", "I'm judging her", "I'm keeping the peace at my own cost".

    Words heard where a sign belongs that name no sign ("I'm good", "I'm
    anxious") are not taken for a sign of threat: the person hears that the
    skill is not sure, and the four signs to choose from.
    """

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return said(handler_input, NOTICE)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        sign_id = requested_sign(turn)
        sign = turn.content.sign(sign_id) if sign_id else None
        if sign is None and heard(turn, "sign") is not None:
            return ask_which_sign(turn, turn.say(Prompt.SIGN_NOT_SURE))
        return ground(turn, sign)


def ask_which_sign(turn: Turn, lead: str) -> Response:
    question = turn.say(Prompt.SIGN_WHICH, signs=sign_names(turn))
    return turn.ask(WHICH_SIGN, NoDetails(), turn.ssml(lead, question), turn.ssml(question))


def _which_sign(turn: Turn, intent: str, _: NoDetails) -> Response:
    if intent == NO:
        return menu(turn, turn.say(Prompt.OKAY))
    sign = turn.content.sign(requested_sign(turn) or "")
    if sign is None:
        return clarify(turn, turn.say(Prompt.SIGN_NOT_SURE))
    return ground(turn, sign)


def _no_sign(turn: Turn, _: NoDetails) -> Response:
    return menu(turn, turn.say(Prompt.LEAVE_IT_THERE))


WHICH_SIGN: Question[NoDetails] = Question(
    kind="which_sign",
    feature="threat",
    payload=NoDetails,
    answers=frozenset({NOTICE, NO}),
    answer=_which_sign,
    give_up=_no_sign,
    help=Prompt.HELP_WHICH_SIGN,
    on=navigation(),
    elicits=(NOTICE, "sign"),
)

QUESTIONS = (WHICH_SIGN,)
HANDLERS = (NoticeThreatHandler(),)
