"""The spoken weekly reflection: five short questions, answers kept as structured data.

The reflection for the current ISO week lives in the person's record from the
first answer on, with the step it reached, so leaving midway loses nothing and
the next visit offers to continue. Answers are numbers and ids, never words.
"""

from __future__ import annotations

from collections.abc import Callable

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import is_intent_name
from ask_sdk_model import Response

from ..content import Prompt
from ..conversation import Turn
from ..domain import reflection as weekly
from ..domain.mantras import choose_mantra
from ..domain.state import Reflection, UserState
from ..domain.threats import week_key
from ..speech import Ssml
from .common import answers, menu, spoken_list
from .focus import change_focus
from .mantra import speak_mantra
from .slots import requested_skill, resolved_id

KIND = "reflection"
# Intents that can answer one of the reflection's questions.
ANSWERS = (
    "ChooseSkillIntent",
    "SetFocusIntent",
    "GoToSkillIntent",
    "NoticeThreatIntent",
    "AMAZON.YesIntent",
    "AMAZON.NoIntent",
)

# "defending once", "judging twice", "harmonizing 3 times": counts as people say them.
_COUNTED = {1: Prompt.REFLECT_SIGN_COUNT_ONCE, 2: Prompt.REFLECT_SIGN_COUNT_TWICE}


def _edit(turn: Turn, week: str, edit: Callable[[Reflection], object]) -> None:
    """Apply `edit(reflection)` to the week's reflection, creating it if needed."""

    def change(state: UserState) -> None:
        edit(state.reflections.setdefault(week, Reflection(step="practised")))

    turn.update(change)


def _restart(state: UserState, week: str) -> None:
    state.reflections[week] = Reflection(step="practised")


def ask(turn: Turn, step: str, lead: str = "") -> Response:
    """Ask the question for `step`, remembering where the reflection is."""
    week = week_key(turn.today())
    _edit(turn, week, lambda r: setattr(r, "step", step))
    turn.expect(KIND, step=step)
    speech = Ssml().text(lead)
    focus = turn.state.focus_skill
    if step == "practised":
        question = turn.say(Prompt.REFLECT_ASK_PRACTISED)
    elif step == "signs":
        logged = weekly.logged_signs(turn.state, turn.today())
        if logged:
            counts = [
                turn.say(
                    _COUNTED.get(logged[sign.id], Prompt.REFLECT_SIGN_COUNT),
                    sign=sign.name,
                    count=logged[sign.id],
                )
                for sign in turn.content.threat_signs
                if sign.id in logged
            ]
            speech.text(turn.say(Prompt.REFLECT_LOGGED, signs=spoken_list(turn, counts)))
        question = turn.say(Prompt.REFLECT_ASK_SIGNS)
    elif step == "presence" and focus is not None:
        question = turn.say(Prompt.REFLECT_ASK_PRESENCE, title=turn.content.skill(focus).title)
    elif step == "presence":
        question = turn.say(Prompt.REFLECT_ASK_PRESENCE_NO_FOCUS)
    elif step == "focus" and focus is not None:
        question = turn.say(Prompt.REFLECT_ASK_KEEP_FOCUS, title=turn.content.skill(focus).title)
    else:
        turn.expect(KIND, step="choose_focus")
        _edit(turn, week, lambda r: setattr(r, "step", "choose_focus"))
        question = turn.say(Prompt.CHOOSE_FOCUS_ASK)
    return turn.reply(speech.text(question), Ssml().text(question))


def start(turn: Turn) -> Response:
    """Begin this week's reflection, or continue it where it stopped."""
    today = turn.today()
    current = weekly.this_weeks(turn.state, today)
    if current is not None and not current.complete and current.step:
        return ask(turn, current.step, turn.say(Prompt.REFLECT_RESUMING))
    if current is not None:
        week = week_key(today)
        turn.update(lambda state: _restart(state, week))
        return ask(turn, "practised", turn.say(Prompt.REFLECT_AGAIN))
    return ask(turn, "practised", turn.say(Prompt.REFLECT_INTRO))


def advance(turn: Turn, step: str, lead: str = "") -> Response:
    following = weekly.next_step(step)
    return finish(turn, lead) if following is None else ask(turn, following, lead)


def finish(turn: Turn, lead: str = "") -> Response:
    """Close the week: record it, say the trend, and leave a mantra tied to the focus."""
    today = turn.today()
    week = week_key(today)
    focus = turn.state.focus_skill

    def complete(reflection: Reflection) -> None:
        reflection.step = None
        reflection.done_on = today.isoformat()
        reflection.focus = focus

    _edit(turn, week, complete)
    turn.expect(None)
    speech = Ssml().text(lead, turn.say(Prompt.REFLECT_DONE))
    speech.text(*trend_sentences(turn, week))
    tied = [m for m in turn.content.mantras if focus in m.skills] or list(turn.content.mantras)
    mantra = choose_mantra(tied, turn.state.recent_mantras, turn.rng)
    speak_mantra(turn, speech.text(turn.say(Prompt.REFLECT_CLOSING_MANTRA)), mantra)
    return turn.reply(speech)


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
        sentences.append(turn.say(Prompt.REFLECT_STREAK, weeks=trend.streak))
    return sentences


def clarify_or_move_on(turn: Turn, step: str, clarification: str) -> Response:
    """One clarifying question per step; after that, the reflection moves on."""
    if turn.pending.get("clarified"):
        return advance(turn, step, turn.say(Prompt.REFLECT_MOVING_ON))
    response = ask(turn, step, clarification)
    turn.expect(KIND, step=step, clarified=True)
    return response


class StartReflectionHandler(AbstractRequestHandler):
    """ "Start my weekly reflection" (also from a reminder): begins or continues."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("StartReflectionIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        return start(Turn.of(handler_input))


class ReflectionOfferAnswerHandler(AbstractRequestHandler):
    """Yes or no to the launch's "shall we do your weekly reflection?"."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return answers(handler_input, "reflection_offer")

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        if is_intent_name("AMAZON.YesIntent")(handler_input):
            return start(turn)
        return menu(turn, turn.say(Prompt.REFLECT_LATER))


class ReflectionAnswerHandler(AbstractRequestHandler):
    """Answers to the reflection's questions: skills, signs, a number, yes or no."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return answers(handler_input, KIND, intents=ANSWERS)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        step = str(turn.pending.get("step") or "practised")
        week = week_key(turn.today())
        said_no = is_intent_name("AMAZON.NoIntent")(handler_input)
        said_yes = is_intent_name("AMAZON.YesIntent")(handler_input)
        if step in ("practised", "signs"):
            if said_no:
                return advance(turn, step)
            if said_yes:
                return ask(turn, step, turn.say(Prompt.REFLECT_WHICH_ONE))
            return self._collect(turn, step, week)
        if step == "presence":
            asked = requested_skill(turn)
            if said_no:
                return advance(turn, step)
            if asked.number is not None and asked.number <= 5:
                rating = asked.number
                _edit(turn, week, lambda r: setattr(r, "presence", rating))
                return advance(turn, step, turn.say(Prompt.REFLECT_PRESENCE_NOTED))
            return clarify_or_move_on(turn, step, turn.say(Prompt.REFLECT_PRESENCE_RANGE))
        asked = requested_skill(turn)
        if asked.number is not None:
            change_focus(turn, asked.number)
            return finish(
                turn,
                turn.say(
                    Prompt.REFLECT_FOCUS_CHANGED, title=turn.content.skill(asked.number).title
                ),
            )
        if step == "focus" and said_yes:
            return finish(turn, turn.say(Prompt.REFLECT_FOCUS_KEPT))
        if step == "focus" and said_no:
            return ask(turn, "choose_focus")
        if said_no:
            return finish(turn, turn.say(Prompt.REFLECT_FOCUS_KEPT))
        return clarify_or_move_on(
            turn, step, turn.say(Prompt.SKILL_NOT_MATCHED, heard=asked.unmatched or "that")
        )

    @staticmethod
    def _collect(turn: Turn, step: str, week: str) -> Response:
        """Add one named skill or sign to this week's answers and ask for more."""
        current = turn.state.reflections.get(week) or Reflection()
        if step == "practised":
            asked = requested_skill(turn)
            if asked.number is None:
                heard = asked.unmatched or asked.out_of_range or "that"
                clarification = turn.say(Prompt.SKILL_NOT_MATCHED, heard=heard)
                return clarify_or_move_on(turn, step, clarification)
            number = asked.number
            named = turn.content.skill(number).title
            is_new = number not in current.practised
            if is_new:
                _edit(turn, week, lambda r: r.practised.append(number))
        else:
            sign = turn.content.sign(resolved_id(turn, "sign") or "")
            if sign is None:
                return clarify_or_move_on(turn, step, turn.say(Prompt.REFLECT_SIGN_NOT_MATCHED))
            sign_id, named = sign.id, sign.name
            is_new = sign_id not in current.signs
            if is_new:
                _edit(turn, week, lambda r: r.signs.append(sign_id))
        turn.expect(KIND, step=step)
        question = turn.say(Prompt.REFLECT_ANY_OTHER)
        said = turn.say(Prompt.REFLECT_ADDED if is_new else Prompt.REFLECT_ALREADY, item=named)
        return turn.reply(Ssml().text(said, question), Ssml().text(question))


class HowAmIDoingHandler(AbstractRequestHandler):
    """ "How am I doing?": the last few weeks of reflections, in a few sentences."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_intent_name("HowAmIDoingIntent")(handler_input)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        summary = weekly.summarise(turn.state, turn.today())
        if summary.weeks == 0:
            turn.expect("reflection_offer")
            question = turn.say(Prompt.REFLECT_OFFER_FIRST)
            return turn.reply(
                Ssml().text(turn.say(Prompt.SUMMARY_NONE), question), Ssml().text(question)
            )
        weeks = Prompt.SUMMARY_WEEKS_ONE if summary.weeks == 1 else Prompt.SUMMARY_WEEKS
        speech = Ssml().text(turn.say(weeks, count=summary.weeks))
        if len(summary.presences) >= 2:
            first, last = summary.presences[0], summary.presences[-1]
            key = Prompt.SUMMARY_PRESENCE_STEADY if first == last else Prompt.SUMMARY_PRESENCE_MOVED
            speech.text(turn.say(key, first=first, last=last))
        elif summary.presences:
            speech.text(turn.say(Prompt.SUMMARY_PRESENCE_ONE, last=summary.presences[-1]))
        if summary.most_practised is not None:
            title = turn.content.skill(summary.most_practised).title
            speech.text(turn.say(Prompt.SUMMARY_MOST_PRACTISED, title=title))
        sign = turn.content.sign(summary.most_noticed) if summary.most_noticed else None
        if sign is not None:
            speech.text(turn.say(Prompt.SUMMARY_MOST_NOTICED, sign=sign.name))
        if turn.is_one_shot:
            return turn.reply(speech)
        return menu(turn, speech)
