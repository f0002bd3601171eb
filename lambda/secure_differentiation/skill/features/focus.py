"""The focus skill: choose it by number, ordinal or name, hear it, change it."""

from __future__ import annotations

from dataclasses import dataclass

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from ..content import Prompt
from ..conversation import Turn
from ..dialog import NEXT, NO, NOT_SURE, SKIP, YES, Nav, OpenQuestion, Question, navigation
from ..domain.state import UserState, is_skill_number
from ..domain.walkthrough import suggest_focus
from ..speech import Ssml
from .answers import clarify
from .common import menu, not_a_skill, said, skill_phrase
from .explain import EXAMPLE, EXPLAIN, example, more_about
from .mantra import offer_mantra
from .slots import SkillRequest, requested_skill

FEATURE = "focus"
NAMING = frozenset({"ChooseSkillIntent", "SetFocusIntent", "GoToSkillIntent"})


@dataclass(frozen=True)
class Choosing:
    """Choosing a focus; nothing to keep but the question itself."""


@dataclass(frozen=True)
class Proposed:
    """A skill offered as the focus, waiting on yes or no."""

    skill: int

    def valid(self) -> bool:
        return is_skill_number(self.skill)


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
    speech = turn.ssml(
        turn.say(Prompt.FOCUS_SET, skill=skill_phrase(turn, number)),
        turn.say(Prompt.FOCUS_FIRST_PRACTICE, practice=skill.practices[0]),
    )
    card = (turn.say(Prompt.FOCUS_CARD_TITLE), f"{skill.title}: {skill.description}")
    return offer_mantra(turn, speech, skill=number, card=card)


def ask_for_focus(turn: Turn, lead: Ssml) -> Response:
    """Ask which skill to bring more attention to."""
    question = turn.say(Prompt.CHOOSE_FOCUS_ASK)
    return turn.ask(
        CHOOSE_FOCUS,
        Choosing(),
        lead.pause().text(question),
        turn.ssml(turn.say(Prompt.CHOOSE_FOCUS_REPROMPT)),
    )


def propose(turn: Turn, number: int, lead: str) -> Response:
    """Offer `number` as the focus and wait on yes or no."""
    skill = turn.content.skill(number)
    return turn.ask(
        CONFIRM_FOCUS,
        Proposed(number),
        turn.ssml(lead).text(skill.description).pause().text(turn.say(Prompt.CONFIRM_FOCUS_ASK)),
        turn.ssml(turn.say(Prompt.CONFIRM_FOCUS_REPROMPT, title=skill.title)),
    )


def no_focus_now(turn: Turn) -> Response:
    """The person would rather not choose: say how to later, truthfully, and move on."""
    if turn.state.focus_skill is not None:
        return menu(turn, turn.say(Prompt.FOCUS_KEPT))
    return menu(turn, turn.say(Prompt.FOCUS_NONE_FOR_NOW))


def _suggest(turn: Turn) -> Response:
    """ "I don't know": a suggestion from their own answers, as a yes-or-no."""
    number = suggest_focus(turn.state.walkthrough, turn.rng)
    reason = (
        Prompt.FOCUS_SUGGEST_GROWTH
        if turn.state.walkthrough.answers.get(number) is False
        else Prompt.FOCUS_SUGGEST
    )
    return propose(turn, number, turn.say(reason, skill=skill_phrase(turn, number)))


def _choose(turn: Turn, intent: str, _: Choosing) -> Response:
    if intent in (NO, NEXT, SKIP):
        return no_focus_now(turn)
    if intent == NOT_SURE:
        return _suggest(turn)
    if intent == YES:
        return turn.ask_again(
            OpenQuestion(CHOOSE_FOCUS, Choosing()), turn.ssml(turn.say(Prompt.WHICH_ONE))
        )
    asked = requested_skill(turn)
    if asked.number is None:
        return _not_understood(turn, asked)
    return set_focus(turn, asked.number)


def _not_understood(turn: Turn, asked: SkillRequest) -> Response:
    lead = not_a_skill(turn, asked)
    return clarify(turn, lead)


def _confirm(turn: Turn, intent: str, proposed: Proposed) -> Response:
    if intent == YES:
        return set_focus(turn, proposed.skill)
    if intent in (EXPLAIN, EXAMPLE):  # about the skill offered, then the question again
        skill = turn.content.skill(requested_skill(turn).number or proposed.skill)
        said = more_about(turn, skill) if intent == EXPLAIN else example(turn, skill)
        question = OpenQuestion(CONFIRM_FOCUS, proposed)
        return turn.ask_again(question, said.text(turn.say(Prompt.EXAMPLE_BACK)))
    if intent in (NO, NEXT, SKIP):
        return no_focus_now(turn)
    asked = requested_skill(turn)
    if asked.number is not None:
        return set_focus(turn, asked.number)
    if intent == "SetFocusIntent" and not asked.given:  # "make it my focus"
        return set_focus(turn, proposed.skill)
    lead = not_a_skill(turn, asked)
    return clarify(turn, lead)


def _leave_focus(turn: Turn, _: object) -> Response:
    return no_focus_now(turn)


CHOOSE_FOCUS: Question[Choosing] = Question(
    kind="choose_focus",
    feature=FEATURE,
    payload=Choosing,
    answers=NAMING | {YES, NO, NEXT, SKIP, NOT_SURE},
    answer=_choose,
    give_up=_leave_focus,
    help=Prompt.HELP_CHOOSE_FOCUS,
    on=navigation(start_over=Nav.LEAVE, previous=Nav.LEAVE, resume=Nav.LEAVE),
    kept=Prompt.FOCUS_LEFT_FOR_LATER,
    elicits=("ChooseSkillIntent", "skill"),
)
CONFIRM_FOCUS: Question[Proposed] = Question(
    kind="confirm_focus",
    feature=FEATURE,
    payload=Proposed,
    answers=frozenset(
        {YES, NO, NEXT, SKIP, "SetFocusIntent", "ChooseSkillIntent", EXPLAIN, EXAMPLE}
    ),
    answer=_confirm,
    give_up=_leave_focus,
    help=Prompt.HELP_CONFIRM_FOCUS,
    on=navigation(start_over=Nav.LEAVE, previous=Nav.LEAVE, resume=Nav.LEAVE),
)


class SetFocusHandler(AbstractRequestHandler):
    """ "Make self-empathy my focus", "change my focus to listening", "set my focus"."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return said(handler_input, "SetFocusIntent")

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        asked = requested_skill(turn)
        if asked.number is not None:
            return set_focus(turn, asked.number)
        lead = not_a_skill(turn, asked) if asked.given else ""
        return ask_for_focus(turn, turn.ssml(lead))


class ChooseSkillHandler(AbstractRequestHandler):
    """A skill named with nothing asked ("number seven", "self-empathy"): describe it, offer it."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return said(handler_input, "ChooseSkillIntent")

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        asked = requested_skill(turn)
        if asked.number is None:
            lead = not_a_skill(turn, asked)
            return ask_for_focus(turn, turn.ssml(lead))
        phrase = skill_phrase(turn, asked.number)
        return propose(turn, asked.number, turn.say(Prompt.SKILL_DESCRIBED, skill=phrase))


class GetFocusHandler(AbstractRequestHandler):
    """ "What is my focus?"."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return said(handler_input, "GetFocusIntent")

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        focus = turn.state.focus_skill
        if focus is None:
            return ask_for_focus(turn, turn.ssml(turn.say(Prompt.FOCUS_NONE_YET)))
        skill = turn.content.skill(focus)
        speech = turn.ssml(turn.say(Prompt.FOCUS_IS, skill=skill_phrase(turn, focus)))
        speech.text(skill.description)
        if turn.is_one_shot:
            return turn.end(speech)
        return turn.listen(
            speech.pause().text(turn.say(Prompt.FOCUS_NEXT_STEP)),
            turn.ssml(turn.say(Prompt.MENU_REPROMPT)),
        )


QUESTIONS = (CHOOSE_FOCUS, CONFIRM_FOCUS)
HANDLERS = (SetFocusHandler(), ChooseSkillHandler(), GetFocusHandler())
