"""Launch: a welcome that knows whether this person is new, and what is timely for them."""

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
            return menu(turn, turn.ssml(turn.say(Prompt.WELCOME_FIRST)), full=True)
        speech = turn.ssml(turn.say(_greeting(turn)))
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
