"""Grounding mantras: one-shot or in session, never the same one twice in a row."""

from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_intent_name
from ask_sdk_model import Response

from ..content import Mantra, Prompt
from ..conversation import Turn
from ..domain.mantras import choose_mantra, remember
from ..domain.state import RECENT_MANTRAS_KEPT, UserState
from ..speech import BREATH_PAUSE_MS, MANTRA_PAUSE_MS, Ssml
from .common import answers


def next_mantra(turn: Turn, *, sign: str | None = None) -> Mantra:
    """Choose a mantra for this person and remember it, so it is not repeated soon."""
    state = turn.state
    mantra = choose_mantra(
        turn.content.mantras,
        state.recent_mantras,
        turn.rng,
        focus_skill=state.focus_skill,
        sign=sign,
    )

    def hear(state: UserState) -> None:
        state.recent_mantras = remember(state.recent_mantras, mantra.id, RECENT_MANTRAS_KEPT)

    turn.update(hear)
    return mantra


def speak_mantra(turn: Turn, speech: Ssml, mantra: Mantra) -> Ssml:
    """The mantra slowly, then an invitation to breathe and repeat it, with room to do so."""
    return (
        speech.pause()
        .mantra(mantra.text)
        .pause(MANTRA_PAUSE_MS)
        .text(turn.say(Prompt.MANTRA_BREATHE))
        .pause(BREATH_PAUSE_MS)
    )


def mantra_reply(turn: Turn, lead: Prompt = Prompt.MANTRA_INTRO) -> Response:
    mantra = next_mantra(turn)
    speech = speak_mantra(turn, Ssml().text(turn.say(lead)), mantra)
    card = (turn.say(Prompt.MANTRA_CARD_TITLE), mantra.text)
    if turn.is_one_shot:
        turn.expect(None)
        return turn.reply(speech.text(turn.say(Prompt.MANTRA_ONE_SHOT_CLOSE)), card=card)
    turn.expect("another_mantra")
    return turn.reply(
        speech.text(turn.say(Prompt.MANTRA_OFFER_ANOTHER)),
        Ssml().text(turn.say(Prompt.MANTRA_OFFER_ANOTHER_REPROMPT)),
        card=card,
    )


class MantraHandler(AbstractRequestHandler):
    """ "Give me a grounding mantra", "another one"."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("GetMantraIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        return mantra_reply(Turn.of(handler_input))


class MantraAnswerHandler(AbstractRequestHandler):
    """Yes or no to "would you like another?" or "would you like a mantra for it?"."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return answers(handler_input, "another_mantra", "offer_mantra")

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        if is_intent_name("AMAZON.YesIntent")(handler_input):
            return mantra_reply(turn, Prompt.MANTRA_INTRO_ANOTHER)
        turn.expect(None)
        return turn.reply(Ssml().text(turn.say(Prompt.GOODBYE_AFTER_MANTRA)))
