"""Answers to what people ask: what the practice is, the signs, the skills, more, an example."""

from __future__ import annotations

from dataclasses import dataclass

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from ..content import Prompt, Skill
from ..conversation import Turn
from ..dialog import MORE, NEXT, NO, SKIP, YES, Question, navigation
from ..domain.state import SKILL_COUNT, is_int
from ..domain.walkthrough import suggest_focus
from ..speech import Ssml
from .answers import clarify
from .common import finish, menu, not_a_skill, said, skill_phrase
from .slots import heard, requested_sign, requested_skill

FEATURE = "explain"
EXPLAIN, EXAMPLE = "ExplainIntent", "ExampleIntent"
# How many skills are read out before asking whether to go on.
SKILLS_AT_A_TIME = 4
CHOOSE = "ChooseSkillIntent"


def about(turn: Turn) -> Response:
    """What secure differentiation is, in a few sentences, then where to go from there."""
    speech = turn.ssml(turn.content.about)
    if turn.is_one_shot:
        return turn.end(speech)
    question = turn.say(Prompt.ABOUT_CLOSE)
    return turn.listen(speech.pause().text(question), turn.ssml(question))


def signs(turn: Turn) -> Response:
    """The four signs of threat, by their one name each, and what to do when one shows up."""
    names = [s.name for s in turn.content.threat_signs]
    speech = turn.ssml(turn.say(Prompt.SIGNS_LIST, signs=turn.spoken_list(names)))
    if turn.is_one_shot:
        return turn.end(speech)
    close = turn.say(Prompt.SIGNS_LIST_CLOSE)
    return turn.listen(speech.text(close), turn.ssml(turn.say(Prompt.MENU_REPROMPT)))


@dataclass(frozen=True)
class FromSkill:
    """The first skill the next part of the list would read."""

    start: int

    def valid(self) -> bool:
        return is_int(self.start) and 1 <= self.start <= SKILL_COUNT


def list_skills(turn: Turn, start: int = 1) -> Response:
    """The twelve skills, a few at a time; "more" for the rest."""
    end = min(SKILL_COUNT, start + SKILLS_AT_A_TIME - 1)
    items = [
        turn.say(Prompt.SKILLS_LIST_ITEM, number=n, title=turn.content.skill(n).title)
        for n in range(start, end + 1)
    ]
    speech = turn.ssml(turn.say(Prompt.SKILLS_LIST, skills=turn.spoken_list(items)))
    if end == SKILL_COUNT:
        return finish(turn, speech.text(turn.say(Prompt.SKILLS_LIST_DONE)))
    more = turn.say(Prompt.SKILLS_LIST_MORE)
    return turn.ask(LIST_SKILLS, FromSkill(end + 1), speech.text(more), turn.ssml(more))


def _more_skills(turn: Turn, intent: str, at: FromSkill) -> Response:
    if intent in (NO, SKIP):
        return menu(turn, turn.say(Prompt.OKAY))
    if intent == CHOOSE:
        return _chosen_from_list(turn, at)
    return list_skills(turn, at.start)


def _chosen_from_list(turn: Turn, at: FromSkill) -> Response:
    """A skill picked from the list: "the second one" is the second just read (skill six
    after "five, six, seven and eight"); a number or a name is that skill."""
    from .focus import propose  # focus answers with explain's words; this is the way back

    ordinal = heard(turn, "ordinal")
    read_from = at.start - SKILLS_AT_A_TIME
    asked = requested_skill(turn)
    if ordinal is not None and ordinal.isdigit() and 1 <= int(ordinal) <= SKILLS_AT_A_TIME:
        number = read_from + int(ordinal) - 1
    elif asked.number is not None:
        number = asked.number
    else:
        return clarify(turn, not_a_skill(turn, asked))
    phrase = skill_phrase(turn, number)
    return propose(turn, number, turn.say(Prompt.SKILL_DESCRIBED, skill=phrase))


def _enough(turn: Turn, _: FromSkill) -> Response:
    return menu(turn, turn.say(Prompt.LEAVE_IT_THERE))


LIST_SKILLS: Question[FromSkill] = Question(
    kind="list_skills",
    feature=FEATURE,
    payload=FromSkill,
    answers=frozenset({YES, NO, NEXT, MORE, SKIP, CHOOSE, "ListSkillsIntent"}),
    answer=_more_skills,
    give_up=_enough,
    help=Prompt.HELP_LIST_SKILLS,
    on=navigation(),
)


def more_about(turn: Turn, skill: Skill) -> Ssml:
    """A skill in a few more words: what it looks like in daily life."""
    return turn.ssml(
        turn.say(Prompt.SKILL_DESCRIBED, skill=skill_phrase(turn, skill.number)), skill.more
    )


def example(turn: Turn, skill: Skill) -> Ssml:
    """One way to practise `skill`, fitting the person's hour (never a weekly one)."""
    practices = skill.daily_practices(turn.hour())
    practice = turn.rng.choice(practices) if practices else skill.practices[0]
    return turn.ssml(turn.say(Prompt.EXAMPLE_INTRO, title=skill.title), practice.text)


class AboutHandler(AbstractRequestHandler):
    """ "What is secure differentiation?"."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return said(handler_input, "AboutIntent")

    def handle(self, handler_input: HandlerInput) -> Response:
        return about(Turn.of(handler_input))


class ListSignsHandler(AbstractRequestHandler):
    """ "What are the signs of threat?"."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return said(handler_input, "ListSignsIntent")

    def handle(self, handler_input: HandlerInput) -> Response:
        return signs(Turn.of(handler_input))


class ListSkillsHandler(AbstractRequestHandler):
    """ "What are the twelve skills?": four at a time."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return said(handler_input, "ListSkillsIntent")

    def handle(self, handler_input: HandlerInput) -> Response:
        return list_skills(Turn.of(handler_input))


class ExplainHandler(AbstractRequestHandler):
    """ "Tell me more about judging", "explain skill five"; with nothing named, the practice."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return said(handler_input, EXPLAIN)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        sign = turn.content.sign(requested_sign(turn) or "")
        if sign is not None:
            return finish(turn, turn.ssml(sign.more))
        asked = requested_skill(turn)
        if asked.number is None:
            return about(turn)
        speech = more_about(turn, turn.content.skill(asked.number))
        return finish(turn, speech)


class ExampleHandler(AbstractRequestHandler):
    """ "Give me an example of listening"; with nothing named, one for the focus skill."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return said(handler_input, EXAMPLE)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        number = requested_skill(turn).number or turn.state.focus_skill
        if number is None:  # one the person said is not steady yet, or one not yet answered
            number = suggest_focus(turn.state.walkthrough, turn.rng)
        return finish(turn, example(turn, turn.content.skill(number)))


QUESTIONS = (LIST_SKILLS,)
HANDLERS = (
    AboutHandler(),
    ListSignsHandler(),
    ListSkillsHandler(),
    ExplainHandler(),
    ExampleHandler(),
)
