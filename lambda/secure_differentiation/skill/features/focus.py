"""The focus skill: choose it by number or name, hear it, change it."""

from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_intent_name
from ask_sdk_model import Response

from ..content import Prompt
from ..conversation import Turn
from ..domain.state import UserState
from ..speech import Ssml
from .common import answers, menu, skill_phrase
from .slots import SkillRequest, requested_skill
from .walkthrough import jump_to, out_of_range


def change_focus(turn: Turn, number: int) -> None:
    """Make `number` the focus and restart the skill-of-the-day cycle from it."""
    today = turn.today().isoformat()

    def choose(state: UserState) -> None:
        state.focus_skill = number
        state.daily_anchor = today

    turn.update(choose)


def set_focus(turn: Turn, number: int) -> Response:
    """Make `number` the focus, then offer a first practice and a mantra for it."""
    change_focus(turn, number)
    skill = turn.content.skill(number)
    speech = Ssml().text(turn.say(Prompt.FOCUS_SET, skill=skill_phrase(turn, number)))
    speech.text(turn.say(Prompt.FOCUS_FIRST_PRACTICE, practice=skill.practices[0]))
    turn.expect("offer_mantra")
    return turn.reply(
        speech.text(turn.say(Prompt.FOCUS_OFFER_MANTRA)),
        Ssml().text(turn.say(Prompt.FOCUS_OFFER_MANTRA_REPROMPT)),
        card=(turn.say(Prompt.FOCUS_CARD_TITLE), f"{skill.title}: {skill.description}"),
    )


def ask_which(turn: Turn, asked: SkillRequest) -> Response:
    """A clear question back when the skill was missing or not recognised."""
    turn.expect("choose_focus")
    if asked.out_of_range is not None:
        return out_of_range(turn, asked.out_of_range)
    if asked.unmatched is not None:
        speech = turn.say(Prompt.SKILL_NOT_MATCHED, heard=asked.unmatched)
    else:
        speech = turn.say(Prompt.CHOOSE_FOCUS_ASK)
    return turn.reply(Ssml().text(speech), Ssml().text(turn.say(Prompt.CHOOSE_FOCUS_REPROMPT)))


class SetFocusHandler(AbstractRequestHandler):
    """ "Make self-empathy my focus", "set my focus to skill 3", "make this my focus"."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("SetFocusIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        asked = requested_skill(turn)
        if asked.number is not None:
            return set_focus(turn, asked.number)
        if not asked.given and turn.pending.get("kind") == "walkthrough":
            return set_focus(turn, int(turn.pending.get("skill") or 1))
        return ask_which(turn, asked)


class ChooseSkillHandler(AbstractRequestHandler):
    """A bare skill answer ("number seven", "self-empathy"), read in context."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("ChooseSkillIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        asked = requested_skill(turn)
        kind = turn.pending.get("kind")
        if asked.number is None:
            if kind == "walkthrough" and asked.out_of_range is not None:
                return out_of_range(turn, asked.out_of_range)
            return ask_which(turn, asked)
        if kind == "choose_focus":
            return set_focus(turn, asked.number)
        if kind == "walkthrough":
            return jump_to(turn, asked.number)
        skill = turn.content.skill(asked.number)
        turn.expect("confirm_focus", skill=asked.number)
        return turn.reply(
            Ssml()
            .text(turn.say(Prompt.SKILL_DESCRIBED, skill=skill_phrase(turn, asked.number)))
            .text(skill.description)
            .pause()
            .text(turn.say(Prompt.CONFIRM_FOCUS_ASK)),
            Ssml().text(turn.say(Prompt.CONFIRM_FOCUS_REPROMPT, title=skill.title)),
        )


class FocusAnswerHandler(AbstractRequestHandler):
    """Yes or no to "make it your focus?", and stray yes/no while choosing a focus."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return answers(handler_input, "confirm_focus", "choose_focus")

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        pending = turn.pending
        if pending.get("kind") == "choose_focus":
            return ask_which(turn, SkillRequest())
        if is_intent_name("AMAZON.YesIntent")(handler_input):
            return set_focus(turn, int(pending.get("skill") or 1))
        return menu(turn, turn.say(Prompt.FOCUS_KEPT))


class GetFocusHandler(AbstractRequestHandler):
    """ "What is my focus?"."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("GetFocusIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        focus = turn.state.focus_skill
        if focus is None:
            turn.expect("choose_focus")
            return turn.reply(
                Ssml().text(turn.say(Prompt.FOCUS_NONE_YET)),
                Ssml().text(turn.say(Prompt.CHOOSE_FOCUS_REPROMPT)),
            )
        skill = turn.content.skill(focus)
        turn.expect(None)
        speech = Ssml().text(turn.say(Prompt.FOCUS_IS, skill=skill_phrase(turn, focus)))
        speech.text(skill.description)
        if turn.is_one_shot:
            return turn.reply(speech)
        return turn.reply(
            speech.pause().text(turn.say(Prompt.FOCUS_NEXT_STEP)),
            Ssml().text(turn.say(Prompt.MENU_REPROMPT)),
        )
