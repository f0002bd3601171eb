"""The walk through the twelve skills: move around, answer, pause, resume, finish."""

from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_intent_name
from ask_sdk_model import Response

from ..content import Prompt
from ..conversation import Turn
from ..domain import walkthrough as walk
from ..domain.state import SKILL_COUNT, UserState
from ..speech import Ssml
from .common import answers, menu, said, spoken_list
from .slots import requested_skill

# Spoken in full only on the first skill a person hears in a session.
INTRO_SEEN_KEY = "walkthrough_intro_heard"


def present(turn: Turn, number: int, lead: str = "") -> Response:
    """Say where we are and the skill, then ask whether they already do it."""
    skill = turn.content.skill(number)
    turn.expect("walkthrough", skill=number)
    speech = Ssml().text(lead)
    if not turn.session.get(INTRO_SEEN_KEY):
        turn.session[INTRO_SEEN_KEY] = True
        speech.text(turn.say(Prompt.WALK_INTRO))
    speech.text(
        turn.say(Prompt.WALK_POSITION, number=number, total=SKILL_COUNT, title=skill.title),
        skill.description,
    ).pause().text(turn.say(Prompt.WALK_ASK))
    card_body = "\n".join([skill.description, *(f"- {p}" for p in skill.practices)])
    return turn.reply(
        speech,
        Ssml().text(turn.say(Prompt.WALK_ASK_REPROMPT, title=skill.title)),
        card=(turn.say(Prompt.WALK_CARD_TITLE, number=number, title=skill.title), card_body),
    )


def finish(turn: Turn, lead: str = "") -> Response:
    """Name the person's strengths, then ask which skill to bring more attention to."""
    strengths = walk.strengths(turn.state.walkthrough)
    titles = [turn.content.skill(n).title for n in strengths]
    if not strengths:
        summary = turn.say(Prompt.WALK_SUMMARY_NONE)
    elif len(strengths) <= 3:
        summary = turn.say(Prompt.WALK_SUMMARY_FEW, skills=spoken_list(turn, titles))
    else:
        summary = turn.say(
            Prompt.WALK_SUMMARY_MANY,
            count=len(strengths),
            skills=spoken_list(turn, titles[:3]),
        )
    turn.expect("choose_focus")
    return turn.reply(
        Ssml()
        .text(lead, turn.say(Prompt.WALK_DONE), summary)
        .pause()
        .text(turn.say(Prompt.CHOOSE_FOCUS_ASK)),
        Ssml().text(turn.say(Prompt.CHOOSE_FOCUS_REPROMPT)),
    )


def move_on(turn: Turn, lead: str = "") -> Response:
    """Advance to the next skill, or finish after the twelfth."""
    turn.update(lambda state: walk.advance(state.walkthrough))
    position = turn.state.walkthrough.position
    if turn.state.walkthrough.finished or position is None:
        return finish(turn, lead)
    return present(turn, position, lead)


class StartWalkthroughHandler(AbstractRequestHandler):
    """ "Walk me through the skills": begins, or resumes an unfinished walk."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return said(handler_input, "StartWalkthroughIntent", "AMAZON.ResumeIntent")

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        resuming = turn.state.walkthrough.in_progress and turn.state.walkthrough.position != 1
        turn.update(lambda state: walk.start(state.walkthrough))
        position = turn.state.walkthrough.position or 1
        lead = turn.say(Prompt.WALK_RESUMING) if resuming else ""
        return present(turn, position, lead)


class StartOverHandler(AbstractRequestHandler):
    """ "Start over": the walk from skill one, with earlier answers cleared."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("AMAZON.StartOverIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        turn.update(lambda state: walk.start(state.walkthrough, from_beginning=True))
        return present(turn, 1, turn.say(Prompt.WALK_STARTING_OVER))


class ResumeOfferAnswerHandler(AbstractRequestHandler):
    """Yes or no to the launch's "shall we pick up where you left off?"."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return answers(handler_input, "resume")

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        if is_intent_name("AMAZON.NoIntent")(handler_input):
            return menu(turn, turn.say(Prompt.RESUME_DECLINED))
        return present(turn, turn.state.walkthrough.position or 1)


class ConsistencyAnswerHandler(AbstractRequestHandler):
    """Yes or no to "do you already do this with some consistency and confidence?"."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return answers(handler_input, "walkthrough")

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        number = int(turn.pending.get("skill") or turn.state.walkthrough.position or 1)
        already = is_intent_name("AMAZON.YesIntent")(handler_input)

        def record(state: UserState) -> None:
            walk.go_to(state.walkthrough, number)
            walk.record_answer(state.walkthrough, number, already)

        turn.update(record)
        return move_on(turn, turn.say(Prompt.WALK_ACK_YES if already else Prompt.WALK_ACK_NO))


class NextSkillHandler(AbstractRequestHandler):
    """ "Next" or "skip": move on without recording an answer."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return said(handler_input, "AMAZON.NextIntent", "SkipSkillIntent")

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        if not turn.state.walkthrough.in_progress:
            return present(turn, _begin(turn))
        return move_on(turn)


class PreviousSkillHandler(AbstractRequestHandler):
    """ "Previous", "go back"."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("AMAZON.PreviousIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        if not turn.state.walkthrough.in_progress:
            return present(turn, _begin(turn))
        at_start = turn.state.walkthrough.position == 1
        turn.update(lambda state: walk.back(state.walkthrough))
        lead = turn.say(Prompt.WALK_AT_START) if at_start else ""
        return present(turn, turn.state.walkthrough.position or 1, lead)


class GoToSkillHandler(AbstractRequestHandler):
    """ "Go to skill 7"; a number outside one to twelve gets the range, not a crash."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("GoToSkillIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        asked = requested_skill(turn)
        if asked.number is None:
            return out_of_range(turn, asked.out_of_range)
        return jump_to(turn, asked.number)


class PauseHandler(AbstractRequestHandler):
    """ "Pause": keep the place and end the session."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("AMAZON.PauseIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        turn.expect(None)
        walk_state = turn.state.walkthrough
        if walk_state.in_progress and walk_state.position is not None:
            return turn.reply(Ssml().text(turn.say(Prompt.WALK_PAUSED, number=walk_state.position)))
        return turn.reply(Ssml().text(turn.say(Prompt.GOODBYE)))


def out_of_range(turn: Turn, heard: str | None) -> Response:
    """Name the range and keep listening, whatever the person's number was."""
    speech = (
        turn.say(Prompt.NUMBER_OUT_OF_RANGE, heard=heard)
        if heard and heard.isdigit()
        else turn.say(Prompt.NUMBER_NOT_HEARD)
    )
    question = turn.say(Prompt.NUMBER_REPROMPT)
    return turn.reply(Ssml().text(speech, question), Ssml().text(question))


def jump_to(turn: Turn, number: int) -> Response:
    """Present skill `number` and continue the walk from there."""
    turn.update(lambda state: walk.go_to(state.walkthrough, number))
    return present(turn, number)


def _begin(turn: Turn) -> int:
    turn.update(lambda state: walk.start(state.walkthrough))
    return turn.state.walkthrough.position or 1
