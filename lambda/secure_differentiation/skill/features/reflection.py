"""The spoken weekly reflection: four short questions, answers kept as structured data.

Answers go into a draft kept in the person's record from the first answer on,
with the step it reached, so leaving midway loses nothing and the next visit
offers to continue. A week already reflected on stays as it was until an
update of it is finished: stopping halfway through an update loses nothing.
Answers are numbers and ids, never words.
"""

from __future__ import annotations

from collections.abc import Callable
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
    START_OVER,
    YES,
    NoDetails,
    Question,
    navigation,
)
from ..domain import reflection as weekly
from ..domain.state import REFLECTION_STEPS, Draft, Reflection, UserState
from ..domain.threats import week_key
from ..speech import Ssml
from . import self_empathy
from .answers import clarify
from .common import declined, menu, said, tried
from .focus import change_focus
from .slots import requested_sign, requested_skill

FEATURE = "reflection"
NAMING = frozenset({"ChooseSkillIntent", "SetFocusIntent", "GoToSkillIntent"})

# "defending once", "judging twice", "harmonizing 3 times": counts as people say them.
_COUNTED = {1: Prompt.REFLECT_SIGN_COUNT_ONCE, 2: Prompt.REFLECT_SIGN_COUNT_TWICE}


@dataclass(frozen=True)
class AtStep:
    """The reflection's question being asked, and the ISO week it is for."""

    step: str
    week: str

    def valid(self) -> bool:
        return self.step in REFLECTION_STEPS and len(self.week) == 8 and self.week[4:6] == "-W"


def _edit(turn: Turn, week: str, edit: Callable[[Reflection], object]) -> None:
    """Apply `edit` to the draft for `week`, starting one if there is none."""

    def change(state: UserState) -> None:
        if state.draft is None or state.draft.week != week:
            state.draft = Draft(week=week, reflection=Reflection(step="practised"))
        edit(state.draft.reflection)

    turn.update(change)


def _draft(turn: Turn, week: str) -> Reflection:
    draft = turn.state.draft
    return draft.reflection if draft is not None and draft.week == week else Reflection()


def _when(turn: Turn, week: str) -> str:
    """ "this week", or "last week" for a draft begun in the week before."""
    this = week == week_key(turn.today())
    return turn.say(Prompt.THIS_WEEK if this else Prompt.LAST_WEEK)


def ask(turn: Turn, step: str, week: str, lead: str = "") -> Response:
    """Ask the question for `step`, keeping the draft's place."""
    focus = turn.state.focus_skill
    when = _when(turn, week)
    if step == "focus" and focus is None:
        step = "choose_focus"
    _edit(turn, week, lambda r: setattr(r, "step", step))
    speech = turn.ssml(lead)
    if step == "practised":
        question = turn.say(Prompt.REFLECT_ASK_PRACTISED, when=when)
    elif step == "signs":
        question = _ask_signs(turn, week, speech, when)
    elif step == "presence" and focus is not None:
        title = turn.content.skill(focus).title
        question = turn.say(Prompt.REFLECT_ASK_PRESENCE, title=title, when=when)
    elif step == "presence":
        question = turn.say(Prompt.REFLECT_ASK_PRESENCE_NO_FOCUS, when=when)
    elif step == "focus" and focus is not None:
        question = turn.say(Prompt.REFLECT_ASK_KEEP_FOCUS, title=turn.content.skill(focus).title)
    else:
        question = turn.say(Prompt.REFLECT_ASK_CHOOSE_FOCUS)
    return turn.ask(REFLECTION, AtStep(step, week), speech.text(question), turn.ssml(question))


def _ask_signs(turn: Turn, week: str, speech: Ssml, when: str) -> str:
    """The signs question; signs logged during the week are already counted in."""
    logged = weekly.logged_signs(turn.state, week)
    if not logged:
        return turn.say(Prompt.REFLECT_ASK_SIGNS, signs=_sign_names(turn), when=when)
    named = [s for s in turn.content.threat_signs if s.id in logged]
    _edit(turn, week, lambda r: r.signs.extend(s.id for s in named if s.id not in r.signs))
    counts = [
        turn.say(
            _COUNTED.get(logged[s.id], Prompt.REFLECT_SIGN_COUNT),
            sign=s.name,
            count=turn.content.number_word(logged[s.id]),
        )
        for s in named
    ]
    speech.text(turn.say(Prompt.REFLECT_LOGGED, signs=turn.spoken_list(counts), when=when))
    return turn.say(Prompt.REFLECT_ASK_OTHER_SIGNS, when=when)


def _sign_names(turn: Turn) -> str:
    return turn.spoken_list([s.name for s in turn.content.threat_signs], joiner=Prompt.LIST_OR)


def unfinished(turn: Turn) -> str | None:
    """The week of a reflection left midway (this week's, or last week's still open)."""
    draft = weekly.open_draft(turn.state, turn.today())
    return draft.week if draft is not None and draft.reflection.step else None


def start_over(turn: Turn, week: str | None = None) -> Response:
    """The reflection of `week` (an unfinished one's, else this week) from its first
    question, its earlier answers cleared."""
    week = week or unfinished(turn) or week_key(turn.today())
    turn.update(lambda state: setattr(state, "draft", None))
    return ask(turn, "practised", week, turn.say(Prompt.REFLECT_STARTING_OVER))


def start(turn: Turn) -> Response:
    """Begin this week's reflection, continue a draft, or update a finished week."""
    today = turn.today()
    week = week_key(today)
    turn.update(tried(FEATURE))
    draft = weekly.open_draft(turn.state, today)
    if draft is not None and draft.reflection.step:
        lead = Prompt.REFLECT_RESUMING if draft.week == week else Prompt.REFLECT_RESUMING_LAST_WEEK
        return ask(turn, draft.reflection.step, draft.week, turn.say(lead))
    if weekly.this_weeks(turn.state, today) is not None:
        turn.update(lambda state: setattr(state, "draft", None))
        return ask(turn, "practised", week, turn.say(Prompt.REFLECT_AGAIN))
    turn.update(lambda state: setattr(state, "draft", None))
    count = turn.content.number_word(weekly.QUESTION_COUNT)
    return ask(turn, "practised", week, turn.say(Prompt.REFLECT_INTRO, count=count))


def advance(turn: Turn, at: AtStep, lead: str = "") -> Response:
    following = weekly.next_step(at.step)
    return finish(turn, at.week, lead) if following is None else ask(turn, following, at.week, lead)


def finish(turn: Turn, week: str, lead: str = "") -> Response:
    """Close the week: keep it, say the trend, and offer the week's self-empathy practice."""
    today = turn.today()
    focus = turn.state.focus_skill
    answers = _draft(turn, week)
    done = Reflection(
        practised=list(answers.practised),
        signs=list(answers.signs),
        presence=answers.presence,
        focus=focus,
        done_on=today.isoformat(),
    )

    def complete(state: UserState) -> None:
        state.reflections[week] = done
        state.draft = None

    turn.update(complete)
    speech = turn.ssml(lead, turn.say(Prompt.REFLECT_DONE))
    speech.text(*trend_sentences(turn, week))
    return self_empathy.offer(turn, speech)


def trend_sentences(turn: Turn, week: str) -> list[str]:
    trend = weekly.trend(turn.state, week)
    if trend.first:
        return [turn.say(Prompt.REFLECT_TREND_FIRST)]
    sentences = []
    if trend.presence_change is not None:
        if trend.presence_change > 0:
            sentences.append(turn.say(Prompt.REFLECT_TREND_UP))
        elif trend.presence_change < 0:
            sentences.append(turn.say(Prompt.REFLECT_TREND_DOWN))
        else:
            sentences.append(turn.say(Prompt.REFLECT_TREND_SAME))
    if trend.streak >= 2:
        sentences.append(
            turn.say(Prompt.REFLECT_STREAK, weeks=turn.content.number_word(trend.streak))
        )
    return sentences


def _answer(turn: Turn, intent: str, at: AtStep) -> Response:
    """Answers to the reflection's questions: skills, signs, a number, yes or no, moving."""
    if intent in (NEXT, SKIP):
        return advance(turn, at, turn.say(Prompt.REFLECT_SKIPPED))
    if intent == PREVIOUS:
        return ask(turn, weekly.previous_step(at.step), at.week)
    if intent == START_OVER:
        return start_over(turn, at.week)
    if intent == NOT_SURE and at.step in ("practised", "signs", "presence"):
        return _move_on(turn, at)  # no answer is an answer: nothing is recorded for it
    if at.step in ("practised", "signs"):
        if intent == NO:
            return advance(turn, at)
        if intent == YES:  # "yeah" to "any other?": just "which one?"; a second "yes" moves on
            if turn.asked is not None and turn.asked.misses:
                return _move_on(turn, at)
            which = turn.ssml(turn.say(Prompt.WHICH_ONE))
            return turn.ask(REFLECTION, at, which, which, misses=1)
        return _collect(turn, at)
    asked = requested_skill(turn)
    if at.step == "presence":
        if intent == NO:
            return advance(turn, at)
        if asked.number is not None and asked.number <= 5:
            rating = asked.number
            _edit(turn, at.week, lambda r: setattr(r, "presence", rating))
            return advance(turn, at, turn.say(Prompt.REFLECT_PRESENCE_NOTED))
        return clarify(turn, turn.say(Prompt.REFLECT_PRESENCE_RANGE))
    if asked.number is not None and intent != YES:
        change_focus(turn, asked.number)
        title = turn.content.skill(asked.number).title
        return finish(turn, at.week, turn.say(Prompt.REFLECT_FOCUS_CHANGED, title=title))
    if at.step == "focus" and intent in (YES, NOT_SURE):
        return finish(turn, at.week, turn.say(Prompt.REFLECT_FOCUS_KEPT))
    if at.step == "focus" and intent == NO:
        return ask(turn, "choose_focus", at.week)
    if intent in (NO, NOT_SURE):
        none = Prompt.REFLECT_FOCUS_KEPT if turn.state.focus_skill else Prompt.REFLECT_NO_FOCUS
        return finish(turn, at.week, turn.say(none))
    heard = asked.unmatched or asked.out_of_range
    lead = turn.say(Prompt.SKILL_NOT_MATCHED, heard=heard) if heard else turn.say(Prompt.WHICH_ONE)
    return clarify(turn, lead)


def _collect(turn: Turn, at: AtStep) -> Response:
    """Add one named skill or sign to the draft and ask for more."""
    current = _draft(turn, at.week)
    if at.step == "practised":
        asked = requested_skill(turn)
        if asked.number is None:
            heard = asked.unmatched or asked.out_of_range or turn.say(Prompt.THAT)
            return clarify(turn, turn.say(Prompt.SKILL_NOT_MATCHED, heard=heard))
        number = asked.number
        named = turn.content.skill(number).title
        is_new = number not in current.practised
        if is_new:
            _edit(turn, at.week, lambda r: r.practised.append(number))
    else:
        sign = turn.content.sign(requested_sign(turn) or "")
        if sign is None:
            lead = turn.say(Prompt.REFLECT_SIGN_NOT_MATCHED, signs=_sign_names(turn))
            return clarify(turn, lead)
        sign_id, named = sign.id, sign.name
        is_new = sign_id not in current.signs
        if is_new:
            _edit(turn, at.week, lambda r: r.signs.append(sign_id))
    question = turn.say(Prompt.REFLECT_ANY_OTHER)
    said_back = turn.say(Prompt.REFLECT_ADDED if is_new else Prompt.REFLECT_ALREADY, item=named)
    return turn.ask(REFLECTION, at, turn.ssml(said_back, question), turn.ssml(question))


def _move_on(turn: Turn, at: AtStep) -> Response:
    return advance(turn, at, turn.say(Prompt.REFLECT_MOVING_ON))


# A bare answer to these steps: "listening" for a skill, "defending" for a sign.
_ELICITS = {
    "practised": ("ChooseSkillIntent", "skill"),
    "choose_focus": ("ChooseSkillIntent", "skill"),
    "signs": ("NoticeThreatIntent", "sign"),
}

REFLECTION: Question[AtStep] = Question(
    kind="reflection",
    feature=FEATURE,
    payload=AtStep,
    answers=NAMING | {"NoticeThreatIntent", YES, NO, NOT_SURE, NEXT, SKIP, PREVIOUS, START_OVER},
    answer=_answer,
    give_up=_move_on,
    help=Prompt.HELP_REFLECTION,
    on=navigation(),
    kept=Prompt.REFLECT_KEPT,
    resumable=True,
    hints_key=lambda at: f"reflection.{at.step}",
    elicits=lambda at: _ELICITS.get(at.step),
)


def offer_reflection(turn: Turn, speech: Ssml, *, first_time: bool = False) -> Response:
    """End `speech` by offering the reflection: to finish a draft, or to begin one."""
    today = turn.today()
    draft = weekly.open_draft(turn.state, today)
    if draft is not None and draft.week not in turn.state.reflections:
        offer = Prompt.REFLECT_OFFER_CONTINUE
    elif first_time:
        offer = Prompt.REFLECT_OFFER_FIRST
    else:
        offer = Prompt.REFLECT_OFFER
    return turn.ask(
        OFFER_REFLECTION, NoDetails(), speech.text(turn.say(offer)), turn.ssml(turn.say(offer))
    )


def _reflect_or_not(turn: Turn, intent: str, _: NoDetails) -> Response:
    if intent in (NO, SKIP):
        turn.update(declined("reflection", turn.today()))
        return menu(turn, turn.say(Prompt.REFLECT_LATER))
    return start(turn)


def _not_now(turn: Turn, _: NoDetails) -> Response:
    return menu(turn, turn.say(Prompt.REFLECT_LATER))


OFFER_REFLECTION: Question[NoDetails] = Question(
    kind="reflection_offer",
    feature=FEATURE,
    payload=NoDetails,
    answers=frozenset({YES, NO, SKIP, RESUME, "StartReflectionIntent"}),
    answer=_reflect_or_not,
    give_up=_not_now,
    help=Prompt.HELP_OFFER_REFLECTION,
    on=navigation(),
)


class StartReflectionHandler(AbstractRequestHandler):
    """ "Start my weekly reflection" (also from a reminder): begins or continues."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return said(handler_input, "StartReflectionIntent")

    def handle(self, handler_input: HandlerInput) -> Response:
        return start(Turn.of(handler_input))


QUESTIONS = (REFLECTION, OFFER_REFLECTION)
HANDLERS = (StartReflectionHandler(),)
