"""Launch: a welcome that knows whether this person is new, and what is timely for them.

A voice Alexa recognises is greeted by name: the welcome carries Alexa's name
tag for their personId, and Alexa says the name (speech.py).
"""

from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_request_type
from ask_sdk_model import Response

from ..content import Prompt, PromptKey
from ..conversation import Turn
from ..domain import reflection as weekly
from ..domain import visits
from ..domain.clock import local_time
from ..domain.state import UserState
from ..persistence.base import person_key
from ..speech import NAME, Ssml
from .common import menu, offered, skill_phrase
from .reflection import offer_reflection
from .walkthrough import offer_resume

# A suggested feature and the tip that mentions it.
TIPS = {
    "sign": Prompt.TIP_SIGN,
    "daily": Prompt.TIP_DAILY,
    "walkthrough": Prompt.TIP_WALKTHROUGH,
    "check_in": Prompt.TIP_CHECK_IN,
    "progress": Prompt.TIP_PROGRESS,
}


# Each greeting and its wording with the recognised person's name.
NAMED = {
    Prompt.WELCOME_FIRST: Prompt.WELCOME_FIRST_NAMED,
    Prompt.WELCOME_BACK: Prompt.WELCOME_BACK_NAMED,
    Prompt.WELCOME_BACK_MORNING: Prompt.WELCOME_BACK_MORNING_NAMED,
    Prompt.WELCOME_BACK_EVENING: Prompt.WELCOME_BACK_EVENING_NAMED,
}


def _welcome(turn: Turn, greeting: PromptKey) -> Ssml:
    """The greeting, by name for a recognised voice (a first visit adds the welcome to it)."""
    person_id = person_key(turn.handler_input.request_envelope)
    if person_id is None:
        return turn.ssml(turn.say(greeting))
    speech = Ssml().named(turn.say(NAMED[greeting], name=NAME), person_id)
    return speech.text(turn.say(greeting)) if greeting is Prompt.WELCOME_FIRST else speech


def _count_visit(state: UserState) -> None:
    state.visits += 1


def _greeting(turn: Turn) -> PromptKey:
    hour = local_time(turn.now, turn.time_zone()).hour
    if 5 <= hour < 12:
        return Prompt.WELCOME_BACK_MORNING
    if 17 <= hour < 23:
        return Prompt.WELCOME_BACK_EVENING
    return Prompt.WELCOME_BACK


class LaunchHandler(AbstractRequestHandler):
    """Greets: a fuller welcome the first time, a short varied one after, one timely offer."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_request_type("LaunchRequest")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        state, today = turn.state, turn.today()
        welcome = visits.plan(state, today, reflection_due=weekly.is_due(state, today))
        turn.update(_count_visit)
        if welcome.first_visit:
            return menu(turn, _welcome(turn, Prompt.WELCOME_FIRST), full=True)
        speech = _welcome(turn, _greeting(turn))
        if welcome.mention_focus and state.focus_skill is not None:
            turn.update(offered("focus", today))
            speech.text(turn.say(Prompt.WELCOME_FOCUS, skill=skill_phrase(turn, state.focus_skill)))
        if welcome.offer == "reflection":
            return offer_reflection(turn, speech)
        if welcome.offer == "resume":
            return offer_resume(turn, speech)
        if welcome.offer in TIPS:
            turn.update(offered("suggestion", today))
            speech.text(turn.say(TIPS[welcome.offer]))
        return menu(turn, speech)


QUESTIONS = ()
HANDLERS = (LaunchHandler(),)
