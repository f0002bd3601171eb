"""Skill of the day, hands-free: the focus at the centre (domain/daily.py has the rule)."""

from __future__ import annotations

from datetime import date

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from ..content import Prompt, time_of_day
from ..conversation import Change, Turn
from ..domain.clock import parse_date
from ..domain.daily import skill_of_the_day
from ..domain.state import UserState, log_practice
from ..domain.threats import week_key
from ..screens import DAILY_SCREEN, daily_data
from .common import said, skill_phrase, tried
from .mantra import offer_mantra

FEATURE = "daily"


def todays_skill(turn: Turn) -> Response:
    """Today's skill (the focus most days, a skill that supports it on others) and a practice
    that fits the hour; the day's practice is counted once in the week's log."""
    today = turn.today()
    anchor = parse_date(turn.state.daily_anchor)
    if anchor is None or anchor > today:
        anchor = today
        start = today.isoformat()

        def start_cycle(state: UserState) -> None:
            state.daily_anchor = start

        turn.update(start_cycle)
    turn.update(tried("daily"))
    turn.update(_heard_today(today))
    focus = turn.state.focus_skill
    related = {skill.number: skill.related for skill in turn.content.skills}
    pick = skill_of_the_day(today, anchor, focus, related)
    skill = turn.content.skill(pick.number)
    practices = skill.daily_practices(turn.hour())
    practice = practices[pick.practice_index(len(practices))]
    if pick.is_focus:
        lead = turn.say(Prompt.DAILY_FOCUS, skill=skill_phrase(turn, pick.number))
    elif focus is not None:
        lead = turn.say(Prompt.DAILY_RELATED, skill=skill_phrase(turn, pick.number))
    else:
        lead = turn.say(Prompt.DAILY_SKILL, skill=skill_phrase(turn, pick.number))
    speech = turn.ssml(lead, turn.say(Prompt.DAILY_PRACTICE, practice=practice))
    card = (turn.say(Prompt.DAILY_CARD_TITLE), f"{skill.title}\n{practice}")
    turn.show(DAILY_SCREEN, daily_data(turn.content, pick.number, practice))
    if turn.is_one_shot:
        late = time_of_day(turn.hour()) == "evening" or turn.hour() < 4
        close = Prompt.DAILY_CLOSE_EVENING if late else Prompt.DAILY_CLOSE
        return turn.end(speech.text(turn.say(close)), card=card)
    return offer_mantra(turn, speech, skill=pick.number, card=card)


def _heard_today(today: date) -> Change:
    """Count the day in the week's practice log, once however often it is asked."""

    def count(state: UserState) -> None:
        if state.daily_heard_on != today:
            state.daily_heard_on = today
            log_practice(state, week_key(today), FEATURE)

    return count


class SkillOfTheDayHandler(AbstractRequestHandler):
    """ "What's my skill for today?"."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return said(handler_input, "SkillOfTheDayIntent")

    def handle(self, handler_input: HandlerInput) -> Response:
        return todays_skill(Turn.of(handler_input))


QUESTIONS = ()
HANDLERS = (SkillOfTheDayHandler(),)
