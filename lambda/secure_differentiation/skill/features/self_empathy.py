"""The seed's weekly self-empathy practice, guided by voice: intention, feelings, needs, requests.

Spoken in parts of at most a minute and a half, each step followed by real
silence (chained breaks of at most ten seconds, Alexa's limit). Between parts
it asks whether to go on, so a person can pause ("not now", "pause", "stop")
and come back to the same place later ("continue the self-empathy practice");
the place is kept in their record. Offered on its own, at the end of the weekly
reflection, and by the weekly check-in.
"""

from __future__ import annotations

from dataclasses import dataclass

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from ..content import Prompt, SelfEmpathyStep
from ..conversation import Change, Turn
from ..dialog import (
    MORE,
    NEXT,
    NO,
    PREVIOUS,
    RESUME,
    SKIP,
    START_OVER,
    YES,
    Nav,
    Question,
    navigation,
)
from ..domain.state import UserState, is_int, log_practice
from ..domain.threats import week_key
from ..screens import SELF_EMPATHY_SCREEN, self_empathy_data
from ..speech import Ssml
from .common import said, tried
from .mantra import MantraFor, next_mantra, speak_mantra

FEATURE = "self_empathy"
START = "SelfEmpathyIntent"
# The longest a part may speak (and stay silent) before asking whether to go on.
PART_SECONDS = 90.0


@dataclass(frozen=True)
class AtPart:
    """The part that would be spoken next."""

    part: int

    def valid(self) -> bool:
        return is_int(self.part) and 0 <= self.part < 64


def _parts(turn: Turn) -> tuple[tuple[SelfEmpathyStep, ...], ...]:
    return turn.content.self_empathy.segments(PART_SECONDS)


def _keep_place(part: int | None) -> Change:
    def keep(state: UserState) -> None:
        state.self_empathy_at = part

    return keep


def _finished(week: str) -> Change:
    def count(state: UserState) -> None:
        state.self_empathy_at = None
        log_practice(state, week, FEATURE)

    return count


def speak_part(turn: Turn, part: int, lead: Ssml | None = None) -> Response:
    """One part of the practice, its silences included; then the next step, or the close."""
    parts = _parts(turn)
    part = min(part, len(parts) - 1)
    speech = lead or turn.ssml()
    if part == 0:
        speech.text(turn.content.self_empathy.intro).pause()
    for step in parts[part]:
        speech.text(step.text)
        for seconds in step.silence_breaks():
            speech.pause(seconds * 1000)
    first = sum(len(earlier) for earlier in parts[:part])
    turn.show(SELF_EMPATHY_SCREEN, self_empathy_data(turn.content, first, len(parts[part])))
    turn.update(tried(FEATURE))
    if part + 1 < len(parts):
        turn.update(_keep_place(part + 1))
        question = turn.say(Prompt.SELF_EMPATHY_GO_ON)
        return turn.ask(PRACTISING, AtPart(part + 1), speech.text(question), turn.ssml(question))
    turn.update(_finished(week_key(turn.today())))
    card = (turn.content.self_empathy.title, turn.content.self_empathy.card)
    return turn.end(speech.text(turn.say(Prompt.SELF_EMPATHY_DONE)), card=card)


def paused_at(turn: Turn) -> int | None:
    """The part a paused practice goes on from, if one was left midway."""
    at = turn.state.self_empathy_at
    return at if at is not None and 0 < at < len(_parts(turn)) else None


def start(turn: Turn) -> Response:
    """Begin the practice, or go on from a paused one."""
    paused = paused_at(turn)
    if paused is not None:
        return speak_part(turn, paused, turn.ssml(turn.say(Prompt.SELF_EMPATHY_RESUMING)))
    return speak_part(turn, 0)


def start_over(turn: Turn) -> Response:
    """The practice from its first part."""
    return speak_part(turn, 0)


def offer(turn: Turn, speech: Ssml) -> Response:
    """End `speech` by offering the practice (after the weekly reflection)."""
    question = turn.say(Prompt.SELF_EMPATHY_OFFER)
    return turn.ask(OFFERED, AtPart(0), speech.text(question), turn.ssml(question))


def _go_on(turn: Turn, intent: str, at: AtPart) -> Response:
    if intent in (NO, SKIP):
        turn.update(_keep_place(at.part))
        return turn.end(turn.ssml(turn.say(Prompt.SELF_EMPATHY_PAUSED)))
    if intent == START_OVER:
        return start_over(turn)
    if intent == PREVIOUS:
        return speak_part(turn, max(0, at.part - 1))
    return speak_part(turn, at.part)


def _offered(turn: Turn, intent: str, at: AtPart) -> Response:
    if intent in (NO, SKIP):
        return _week_ahead(turn)
    return start(turn)


def _week_ahead(turn: Turn) -> Response:
    """Declined after the reflection: a mantra for the focus to carry into the week instead."""
    tie = MantraFor(skill=turn.state.focus_skill)
    mantra = next_mantra(turn, tie)
    lead = turn.ssml(
        turn.say(Prompt.SELF_EMPATHY_DECLINED), turn.say(Prompt.REFLECT_CLOSING_MANTRA)
    )
    card = (turn.say(Prompt.MANTRA_CARD_TITLE), mantra.text)
    return turn.end(speak_mantra(turn, lead, mantra), card=card)


def _pause_here(turn: Turn, at: AtPart) -> Response:
    turn.update(_keep_place(at.part))
    return turn.end(turn.ssml(turn.say(Prompt.SELF_EMPATHY_PAUSED)))


def _not_now(turn: Turn, _: AtPart) -> Response:
    return turn.end(turn.ssml(turn.say(Prompt.SELF_EMPATHY_ANOTHER_TIME)))


PRACTISING: Question[AtPart] = Question(
    kind="self_empathy",
    feature=FEATURE,
    payload=AtPart,
    answers=frozenset({YES, NO, NEXT, SKIP, MORE, RESUME, PREVIOUS, START_OVER, START}),
    answer=_go_on,
    give_up=_pause_here,
    help=Prompt.HELP_SELF_EMPATHY,
    on=navigation(pause=Nav.CLOSE),
    kept=Prompt.SELF_EMPATHY_KEPT,
    resumable=True,
)
OFFERED: Question[AtPart] = Question(
    kind="self_empathy_offer",
    feature=FEATURE,
    payload=AtPart,
    answers=frozenset({YES, NO, SKIP, START}),
    answer=_offered,
    give_up=_not_now,
    help=Prompt.HELP_SELF_EMPATHY_OFFER,
    on=navigation(),
)


class SelfEmpathyHandler(AbstractRequestHandler):
    """ "Guide me through self-empathy", "continue the self-empathy practice"."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return said(handler_input, START)

    def handle(self, handler_input: HandlerInput) -> Response:
        return start(Turn.of(handler_input))


QUESTIONS = (PRACTISING, OFFERED)
HANDLERS = (SelfEmpathyHandler(),)
