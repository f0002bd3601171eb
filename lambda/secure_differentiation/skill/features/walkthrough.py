"""The walk through the twelve skills: move around, answer, pause, resume, finish."""

from __future__ import annotations

from dataclasses import dataclass

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from ..content import Prompt
from ..conversation import Turn
from ..dialog import (
    NEXT,
    NO,
    NOT_SURE,
    PREVIOUS,
    RESUME,
    SKIP,
    SOMETIMES,
    START_OVER,
    YES,
    Nav,
    NoDetails,
    OpenQuestion,
    Question,
    navigation,
)
from ..domain import walkthrough as walk
from ..domain.state import SKILL_COUNT, UserState, is_skill_number
from ..screens import WALK_SCREEN, walk_data
from ..speech import Ssml
from .answers import clarify
from .common import declined, menu, not_a_skill, said, tried
from .explain import EXAMPLE, EXPLAIN, example, more_about
from .focus import ask_for_focus, set_focus
from .slots import SkillRequest, requested_skill

FEATURE = "walkthrough"


@dataclass(frozen=True)
class AtSkill:
    """The skill being presented."""

    skill: int

    def valid(self) -> bool:
        return is_skill_number(self.skill)


def present(turn: Turn, number: int, lead: str = "") -> Response:
    """Say where we are and the skill, then ask whether they already do it."""
    skill = turn.content.skill(number)
    speech = turn.ssml(lead)
    if number == 1 and not lead:
        speech.text(turn.say(Prompt.WALK_INTRO))
    speech.text(
        turn.say(Prompt.WALK_POSITION, number=number, total=SKILL_COUNT, title=skill.title),
        skill.description,
    ).pause().text(turn.say(Prompt.WALK_ASK))
    card_body = "\n".join([skill.description, *(f"- {p}" for p in skill.practices)])
    turn.show(WALK_SCREEN, walk_data(turn.content, number))
    return turn.ask(
        WALK,
        AtSkill(number),
        speech,
        turn.ssml(turn.say(Prompt.WALK_ASK_REPROMPT, title=skill.title)),
        card=(turn.say(Prompt.WALK_CARD_TITLE, number=number, title=skill.title), card_body),
    )


def summary(turn: Turn) -> str:
    """The person's strengths, as a sentence: none, a few by name, or how many and a few."""
    strengths = walk.strengths(turn.state.walkthrough)
    titles = [turn.content.skill(n).title for n in strengths]
    if not strengths:
        return turn.say(Prompt.WALK_SUMMARY_NONE)
    if len(strengths) == SKILL_COUNT:
        return turn.say(Prompt.WALK_SUMMARY_ALL)
    if len(strengths) <= 3:
        return turn.say(Prompt.WALK_SUMMARY_FEW, skills=turn.spoken_list(titles))
    return turn.say(
        Prompt.WALK_SUMMARY_MANY,
        count=turn.content.number_word(len(strengths)),
        skills=turn.spoken_list(titles[:3]),
    )


def move_on(turn: Turn, lead: str = "") -> Response:
    """Advance to the next skill, or after the twelfth name the strengths and ask for a focus."""
    turn.update(lambda state: walk.advance(state.walkthrough))
    position = turn.state.walkthrough.position
    if turn.state.walkthrough.finished or position is None:
        return ask_for_focus(turn, turn.ssml(lead, turn.say(Prompt.WALK_DONE), summary(turn)))
    return present(turn, position, lead)


def resume(turn: Turn) -> Response:
    """Begin the walk, or pick it up where it was left."""
    resuming = turn.state.walkthrough.in_progress and turn.state.walkthrough.position != 1
    turn.update(lambda state: walk.start(state.walkthrough))
    turn.update(tried(FEATURE))
    lead = turn.say(Prompt.WALK_RESUMING) if resuming else ""
    return present(turn, turn.state.walkthrough.position or 1, lead)


def start_over(turn: Turn) -> Response:
    """The walk from skill one, with earlier answers cleared (each is asked again)."""
    turn.update(lambda state: walk.start(state.walkthrough, from_beginning=True))
    return present(turn, 1, turn.say(Prompt.WALK_STARTING_OVER))


def jump_to(turn: Turn, number: int) -> Response:
    """Present skill `number` and continue the walk from there."""
    turn.update(lambda state: walk.go_to(state.walkthrough, number))
    return present(turn, number)


def _answer(turn: Turn, intent: str, at: AtSkill) -> Response:
    """Answers while a skill is presented: yes, no, sometimes, or moving around."""
    if intent in (YES, NO, SOMETIMES, NOT_SURE):  # not sure it is steady: one to grow
        already = intent == YES

        def record(state: UserState) -> None:
            walk.go_to(state.walkthrough, at.skill)
            walk.record_answer(state.walkthrough, at.skill, already)

        turn.update(record)
        ack = {
            YES: Prompt.WALK_ACK_YES,
            NO: Prompt.WALK_ACK_NO,
            NOT_SURE: Prompt.WALK_ACK_NOT_SURE,
        }.get(intent, Prompt.WALK_ACK_SOMETIMES)
        return move_on(turn, turn.say(ack))
    if intent in (NEXT, SKIP):
        turn.update(lambda state: walk.go_to(state.walkthrough, at.skill))
        return move_on(turn)
    if intent == PREVIOUS:
        lead = turn.say(Prompt.WALK_AT_START) if at.skill == 1 else ""
        turn.update(lambda state: walk.go_to(state.walkthrough, max(1, at.skill - 1)))
        return present(turn, max(1, at.skill - 1), lead)
    if intent == START_OVER:
        return start_over(turn)
    if intent in (EXPLAIN, EXAMPLE):  # about this skill, then the question again
        skill = turn.content.skill(requested_skill(turn).number or at.skill)
        said = more_about(turn, skill) if intent == EXPLAIN else example(turn, skill)
        return turn.ask_again(_open(at), said.text(turn.say(Prompt.EXAMPLE_BACK)))
    asked = requested_skill(turn)
    if intent == "SetFocusIntent":  # "make this my focus", or one named
        if asked.number is None and asked.given:
            return clarify(turn, not_a_skill(turn, asked))
        return set_focus(turn, asked.number or at.skill)
    if asked.number is None:  # "go to skill 47", a name that is not a skill
        return clarify(turn, not_a_skill(turn, asked))
    return jump_to(turn, asked.number)


def _open(at: AtSkill) -> OpenQuestion:
    return OpenQuestion(WALK, at)


def _give_up(turn: Turn, at: AtSkill) -> Response:
    """Two answers in a row that were not answers: leave this skill unanswered, go on."""
    turn.update(lambda state: walk.go_to(state.walkthrough, at.skill))
    return move_on(turn, turn.say(Prompt.WALK_LEFT_OPEN))


WALK: Question[AtSkill] = Question(
    kind="walkthrough",
    feature=FEATURE,
    payload=AtSkill,
    answers=frozenset(
        {YES, NO, SOMETIMES, NOT_SURE, NEXT, SKIP, PREVIOUS, START_OVER}
        | {"GoToSkillIntent", "ChooseSkillIntent", "SetFocusIntent", EXPLAIN, EXAMPLE}
    ),
    answer=_answer,
    give_up=_give_up,
    help=Prompt.HELP_WALKTHROUGH,
    on=navigation(),
    kept=Prompt.WALK_PLACE_KEPT,
    resumable=True,
)


def offer_resume(turn: Turn, speech: Ssml) -> Response:
    """End `speech` by offering to pick the walk up where it was left."""
    number = turn.state.walkthrough.position or 1
    return turn.ask(
        OFFER_RESUME,
        AtSkill(number),
        speech.text(turn.say(Prompt.OFFER_RESUME, number=number)),
        turn.ssml(turn.say(Prompt.OFFER_RESUME_REPROMPT)),
    )


def _resume_or_not(turn: Turn, intent: str, at: AtSkill) -> Response:
    if intent in (NO, SKIP):
        turn.update(declined("resume", turn.today()))
        return menu(turn, turn.say(Prompt.RESUME_DECLINED, number=at.skill))
    if intent == START_OVER:
        return start_over(turn)
    return resume(turn)


def _not_resuming(turn: Turn, at: AtSkill) -> Response:
    return menu(turn, turn.say(Prompt.RESUME_DECLINED, number=at.skill))


OFFER_RESUME: Question[AtSkill] = Question(
    kind="resume",
    feature=FEATURE,
    payload=AtSkill,
    answers=frozenset({YES, NO, NEXT, SKIP, START_OVER, RESUME, "StartWalkthroughIntent"}),
    answer=_resume_or_not,
    give_up=_not_resuming,
    help=Prompt.HELP_OFFER_RESUME,
    on=navigation(),
)


class StartWalkthroughHandler(AbstractRequestHandler):
    """ "Walk me through the skills": begins, or resumes an unfinished walk."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return said(handler_input, "StartWalkthroughIntent")

    def handle(self, handler_input: HandlerInput) -> Response:
        return resume(Turn.of(handler_input))


class MoveHandler(AbstractRequestHandler):
    """ "Next", "skip", "previous" with no skill presented: the walk, from where it stands."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return said(handler_input, NEXT, SKIP, PREVIOUS)

    def handle(self, handler_input: HandlerInput) -> Response:
        return resume(Turn.of(handler_input))


def which_skill(turn: Turn, asked: SkillRequest) -> Response:
    """Say why that was no skill, and ask which skill to go to."""
    question = turn.say(Prompt.NUMBER_REPROMPT)
    return turn.ask(
        WHICH_SKILL, NoDetails(), turn.ssml(not_a_skill(turn, asked), question), turn.ssml(question)
    )


def _go_to(turn: Turn, intent: str, _: NoDetails) -> Response:
    if intent == NO:
        return menu(turn, turn.say(Prompt.OKAY))
    asked = requested_skill(turn)
    if asked.number is None:
        lead = not_a_skill(turn, asked)
        return clarify(turn, lead)
    turn.update(tried(FEATURE))
    return jump_to(turn, asked.number)


def _no_skill_chosen(turn: Turn, _: NoDetails) -> Response:
    return menu(turn, turn.say(Prompt.LEAVE_IT_THERE))


WHICH_SKILL: Question[NoDetails] = Question(
    kind="which_skill",
    feature=FEATURE,
    payload=NoDetails,
    answers=frozenset({NO, "GoToSkillIntent", "ChooseSkillIntent"}),
    answer=_go_to,
    give_up=_no_skill_chosen,
    help=Prompt.HELP_WHICH_SKILL,
    on=navigation(skip=Nav.LEAVE, next=Nav.LEAVE, previous=Nav.LEAVE, start_over=Nav.LEAVE),
    elicits=("ChooseSkillIntent", "skill"),
)


class GoToSkillHandler(AbstractRequestHandler):
    """ "Go to skill 7"; a number outside one to twelve gets the range and a question."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return said(handler_input, "GoToSkillIntent")

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        asked = requested_skill(turn)
        if asked.number is None:
            return which_skill(turn, asked)
        turn.update(tried(FEATURE))
        return jump_to(turn, asked.number)


class PauseHandler(AbstractRequestHandler):
    """ "Pause" with nothing open: keep the walk's place, if any, and end the session."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return said(handler_input, "AMAZON.PauseIntent")

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        walk_state = turn.state.walkthrough
        if walk_state.in_progress and walk_state.position is not None:
            return turn.end(turn.ssml(turn.say(Prompt.WALK_PAUSED, number=walk_state.position)))
        return turn.end(turn.ssml(turn.say(Prompt.GOODBYE)))


QUESTIONS = (WALK, WHICH_SKILL, OFFER_RESUME)
HANDLERS = (
    StartWalkthroughHandler(),
    MoveHandler(),
    GoToSkillHandler(),
    PauseHandler(),
)
