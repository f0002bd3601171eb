"""Skill of the day: one skill and one practice, the same all day, hands-free."""

from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from ..content import Prompt
from ..conversation import Turn
from ..domain.clock import parse_date
from ..domain.daily import practice_index, skill_of_the_day
from ..domain.state import UserState
from ..screens import DAILY_SCREEN, daily_data
from .common import said, skill_phrase, tried
from .mantra import offer_mantra


class SkillOfTheDayHandler(AbstractRequestHandler):
    """ "What's my skill for today?": advances daily from the focus skill through all twelve."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return said(handler_input, "SkillOfTheDayIntent")

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        today = turn.today()
        anchor = parse_date(turn.state.daily_anchor)
        if anchor is None or anchor > today:
            anchor = today
            start = today.isoformat()

            def start_cycle(state: UserState) -> None:
                state.daily_anchor = start

            turn.update(start_cycle)
        turn.update(tried("daily"))
        number = skill_of_the_day(today, anchor, turn.state.focus_skill)
        skill = turn.content.skill(number)
        practice = skill.practices[practice_index(today, anchor, len(skill.practices))]
        speech = turn.ssml(
            turn.say(Prompt.DAILY_SKILL, skill=skill_phrase(turn, number)),
            turn.say(Prompt.DAILY_PRACTICE, practice=practice),
        )
        card = (turn.say(Prompt.DAILY_CARD_TITLE), f"{skill.title}\n{practice}")
        turn.show(DAILY_SCREEN, daily_data(turn.content, number, practice))
        if turn.is_one_shot:
            return turn.end(speech.text(turn.say(Prompt.DAILY_CLOSE)), card=card)
        return offer_mantra(turn, speech, skill=number, card=card)


QUESTIONS = ()
HANDLERS = (SkillOfTheDayHandler(),)
