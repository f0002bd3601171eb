"""How am I doing: this week's signs and practice, weeks in a row, the focus rating."""

from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from ..content import Prompt
from ..conversation import Turn
from ..domain.progress import Progress, progress
from ..screens import PROGRESS_SCREEN, progress_data
from .common import finish, said, tried
from .reflection import offer_reflection

FEATURE = "progress"
_TIMES = {1: Prompt.ONCE_FRAGMENT, 2: Prompt.TWICE_FRAGMENT}


def times(turn: Turn, count: int) -> str:
    """ "once", "twice", "three times"."""
    return turn.say(_TIMES.get(count, Prompt.TIMES_FRAGMENT), count=turn.content.number_word(count))


def _signs(turn: Turn, seen: Progress) -> list[str]:
    this, last = seen.signs_this_week, seen.signs_last_week
    if this == 0:
        if last == 0:
            return [turn.say(Prompt.PROGRESS_SIGNS_NONE)]
        return [turn.say(Prompt.PROGRESS_SIGNS_NONE_THIS_WEEK, last=times(turn, last))]
    compared = (
        Prompt.PROGRESS_SIGNS_MORE
        if this > last
        else Prompt.PROGRESS_SIGNS_FEWER
        if this < last
        else Prompt.PROGRESS_SIGNS_SAME
    )
    said = [turn.say(compared, this=times(turn, this))]
    sign = turn.content.sign(seen.most_noticed or "")
    if sign is not None and this > 1:
        said.append(turn.say(Prompt.PROGRESS_SIGNS_MOSTLY, sign=sign.name))
    return said


def _practice(turn: Turn, seen: Progress) -> str:
    days, empathy = seen.days_practised, seen.self_empathy
    if days and empathy:
        return turn.say(
            Prompt.PROGRESS_DAYS_AND_SELF_EMPATHY,
            days=turn.content.number_word(days),
            times=times(turn, empathy),
        )
    if days:
        key = Prompt.PROGRESS_ONE_DAY if days == 1 else Prompt.PROGRESS_DAYS
        return turn.say(key, days=turn.content.number_word(days))
    if empathy:
        return turn.say(Prompt.PROGRESS_SELF_EMPATHY, times=times(turn, empathy))
    return turn.say(Prompt.PROGRESS_NO_PRACTICE)


def _weeks_and_rating(turn: Turn, seen: Progress) -> list[str]:
    said = []
    if seen.weeks_in_a_row >= 2:
        weeks = turn.content.number_word(seen.weeks_in_a_row)
        said.append(turn.say(Prompt.PROGRESS_WEEKS_IN_A_ROW, weeks=weeks))
    elif seen.weeks_in_a_row == 1:
        when = Prompt.THIS_WEEK if seen.reflected_this_week else Prompt.LAST_WEEK
        said.append(turn.say(Prompt.PROGRESS_REFLECTED, when=turn.say(when)))
    elif seen.reflected:
        said.append(turn.say(Prompt.PROGRESS_REFLECTED_A_WHILE_AGO))
    focus, ratings = turn.state.focus_skill, seen.ratings
    if focus is not None and ratings:
        words = turn.content.number_word
        first, last = ratings[0], ratings[-1]
        if len(ratings) == 1:
            key = Prompt.SUMMARY_PRESENCE_ONE
        else:
            key = Prompt.SUMMARY_PRESENCE_STEADY if first == last else Prompt.SUMMARY_PRESENCE_MOVED
        title = turn.content.skill(focus).title
        said.append(turn.say(key, title=title, first=words(first), last=words(last)))
    return said


def report(turn: Turn) -> Response:
    """This week's signs and practice, then the weeks and the focus rating; before a
    first reflection, an offer to begin one."""
    turn.update(tried(FEATURE))
    seen = progress(turn.state, turn.today())
    speech = turn.ssml(*_signs(turn, seen), _practice(turn, seen), *_weeks_and_rating(turn, seen))
    turn.show(PROGRESS_SCREEN, progress_data(turn.content, turn.state, turn.today()))
    if not seen.reflected:
        return offer_reflection(turn, speech.text(turn.say(Prompt.SUMMARY_NONE)), first_time=True)
    return finish(turn, speech)


class HowAmIDoingHandler(AbstractRequestHandler):
    """ "How am I doing?"."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return said(handler_input, "HowAmIDoingIntent")

    def handle(self, handler_input: HandlerInput) -> Response:
        return report(Turn.of(handler_input))


QUESTIONS = ()
HANDLERS = (HowAmIDoingHandler(),)
