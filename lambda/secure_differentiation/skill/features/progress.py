"""How am I doing: the last few weeks of practice, in a few sentences."""

from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from ..content import Prompt
from ..conversation import Turn
from ..domain import reflection as weekly
from ..screens import PROGRESS_SCREEN, progress_data
from .common import finish, said, tried
from .reflection import offer_reflection

FEATURE = "progress"


def report(turn: Turn) -> Response:
    """The last four weeks of reflections; before the first one, an offer to begin."""
    turn.update(tried(FEATURE))
    summary = weekly.summarise(turn.state, turn.today())
    if summary.weeks == 0:
        return offer_reflection(turn, turn.ssml(turn.say(Prompt.SUMMARY_NONE)), first_time=True)
    words = turn.content.number_word
    if summary.weeks == 1:
        speech = turn.ssml(turn.say(Prompt.SUMMARY_WEEKS_ONE))
    else:
        speech = turn.ssml(turn.say(Prompt.SUMMARY_WEEKS, count=words(summary.weeks)))
    if summary.focus is not None and summary.presences:
        title = turn.content.skill(summary.focus).title
        first, last = summary.presences[0], summary.presences[-1]
        if len(summary.presences) == 1:
            key = Prompt.SUMMARY_PRESENCE_ONE
        else:
            key = Prompt.SUMMARY_PRESENCE_STEADY if first == last else Prompt.SUMMARY_PRESENCE_MOVED
        speech.text(turn.say(key, title=title, first=words(first), last=words(last)))
    if summary.most_practised is not None:
        title = turn.content.skill(summary.most_practised).title
        speech.text(turn.say(Prompt.SUMMARY_MOST_PRACTISED, title=title))
    sign = turn.content.sign(summary.most_noticed) if summary.most_noticed else None
    if sign is not None:
        speech.text(turn.say(Prompt.SUMMARY_MOST_NOTICED, sign=sign.name))
    turn.show(PROGRESS_SCREEN, progress_data(turn.content, turn.state, turn.today()))
    return finish(turn, speech)


class HowAmIDoingHandler(AbstractRequestHandler):
    """ "How am I doing?"."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return said(handler_input, "HowAmIDoingIntent")

    def handle(self, handler_input: HandlerInput) -> Response:
        return report(Turn.of(handler_input))


QUESTIONS = ()
HANDLERS = (HowAmIDoingHandler(),)
