"""Grounding mantras: one-shot or in session, for a skill or a sign when asked, fresh each time."""

from __future__ import annotations

from dataclasses import dataclass

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Response

from ..content import Mantra, Prompt, PromptKey
from ..conversation import Turn
from ..dialog import MORE, NEXT, NO, SKIP, YES, Question, navigation
from ..domain.mantras import choose_mantra, remember
from ..domain.state import RECENT_MANTRAS_KEPT, SIGN_IDS, UserState, is_skill_number
from ..screens import MANTRA_SCREEN, mantra_data
from ..speech import BREATH_PAUSE_MS, MANTRA_PAUSE_MS, Ssml
from .common import said, tried
from .slots import requested_sign, requested_skill

FEATURE = "mantra"
GET_MANTRA = "GetMantraIntent"
ANOTHER = frozenset({YES, NEXT, SKIP, MORE, GET_MANTRA})


@dataclass(frozen=True)
class MantraFor:
    """What the mantras on offer are tied to: a skill, a sign, or neither."""

    skill: int | None = None
    sign: str | None = None

    def valid(self) -> bool:
        return (self.skill is None or is_skill_number(self.skill)) and (
            self.sign is None or self.sign in SIGN_IDS
        )


def next_mantra(turn: Turn, tie: MantraFor) -> Mantra:
    """Choose a mantra for this person, tied to `tie` when it names something, and remember it."""
    state = turn.state
    mantra = choose_mantra(
        turn.content.mantras,
        state.recent_mantras,
        turn.rng,
        focus_skill=state.focus_skill,
        skill=tie.skill,
        sign=tie.sign,
    )

    def hear(state: UserState) -> None:
        state.recent_mantras = remember(state.recent_mantras, mantra.id, RECENT_MANTRAS_KEPT)

    turn.update(hear)
    turn.update(tried(FEATURE))
    return mantra


def speak_mantra(turn: Turn, speech: Ssml, mantra: Mantra) -> Ssml:
    """The mantra slowly, then an invitation to breathe and repeat it, with room to do so."""
    return (
        speech.pause()
        .mantra(mantra.text)
        .pause(MANTRA_PAUSE_MS)
        .text(turn.say(Prompt.MANTRA_BREATHE))
        .pause(BREATH_PAUSE_MS)
    )


def _intro(turn: Turn, tie: MantraFor, again: bool) -> str:
    if tie.skill is not None:
        return turn.say(Prompt.MANTRA_INTRO_FOR, title=turn.content.skill(tie.skill).title)
    if tie.sign is not None:
        sign = turn.content.sign(tie.sign)
        return turn.say(Prompt.MANTRA_INTRO_FOR, title=sign.name if sign else "")
    return turn.say(Prompt.MANTRA_INTRO_ANOTHER if again else Prompt.MANTRA_INTRO)


def mantra_reply(turn: Turn, tie: MantraFor, *, again: bool = False) -> Response:
    """A mantra, then (in a session) the offer of another like it."""
    mantra = next_mantra(turn, tie)
    speech = speak_mantra(turn, turn.ssml(_intro(turn, tie, again)), mantra)
    card = (turn.say(Prompt.MANTRA_CARD_TITLE), mantra.text)
    turn.show(MANTRA_SCREEN, mantra_data(turn.content, mantra, tie.skill, tie.sign))
    return close_or_offer_another(
        turn,
        speech,
        tie,
        card,
        close=Prompt.MANTRA_ONE_SHOT_CLOSE,
        offer=Prompt.MANTRA_OFFER_ANOTHER,
    )


def close_or_offer_another(
    turn: Turn,
    speech: Ssml,
    tie: MantraFor,
    card: tuple[str, str],
    *,
    close: PromptKey,
    offer: PromptKey,
) -> Response:
    """After a mantra: a one-shot says `close` and goes; a session offers another like it."""
    if turn.is_one_shot:
        return turn.end(speech.text(turn.say(close)), card=card)
    return turn.ask(
        ANOTHER_MANTRA,
        tie,
        speech.text(turn.say(offer)),
        turn.ssml(turn.say(Prompt.MANTRA_OFFER_ANOTHER_REPROMPT)),
        card=card,
    )


def offer_mantra(
    turn: Turn, speech: Ssml, *, skill: int, card: tuple[str, str] | None = None
) -> Response:
    """End `speech` by offering a mantra for skill `skill` (answer and go for a one-shot)."""
    if turn.is_one_shot:
        return turn.end(speech, card=card)
    return turn.ask(
        OFFER_MANTRA,
        MantraFor(skill=skill),
        speech.pause().text(turn.say(Prompt.FOCUS_OFFER_MANTRA)),
        turn.ssml(turn.say(Prompt.FOCUS_OFFER_MANTRA_REPROMPT)),
        card=card,
    )


def _asked_for(turn: Turn, tie: MantraFor) -> MantraFor:
    """What a mantra request names ("a mantra for listening"), else what was on offer."""
    named = MantraFor(requested_skill(turn).number, requested_sign(turn))
    return named if named.skill is not None or named.sign is not None else tie


def _another(turn: Turn, intent: str, tie: MantraFor) -> Response:
    if intent == NO:
        return turn.end(turn.ssml(turn.say(Prompt.GOODBYE_AFTER_MANTRA)))
    asked = _asked_for(turn, tie) if intent == GET_MANTRA else tie
    return mantra_reply(turn, asked, again=asked == tie)


def _offered(turn: Turn, intent: str, tie: MantraFor) -> Response:
    if intent in (NO, SKIP):
        return turn.end(turn.ssml(turn.say(Prompt.OKAY), turn.say(Prompt.GOODBYE)))
    return mantra_reply(turn, _asked_for(turn, tie) if intent == GET_MANTRA else tie)


def _enough(turn: Turn, _: MantraFor) -> Response:
    return turn.end(turn.ssml(turn.say(Prompt.GOODBYE_AFTER_MANTRA)))


ANOTHER_MANTRA: Question[MantraFor] = Question(
    kind="another_mantra",
    feature=FEATURE,
    payload=MantraFor,
    answers=ANOTHER | {NO},
    answer=_another,
    give_up=_enough,
    help=Prompt.HELP_ANOTHER_MANTRA,
    on=navigation(),
)
OFFER_MANTRA: Question[MantraFor] = Question(
    kind="offer_mantra",
    feature=FEATURE,
    payload=MantraFor,
    answers=frozenset({YES, NO, NEXT, SKIP, MORE, GET_MANTRA}),
    answer=_offered,
    give_up=_enough,
    help=Prompt.HELP_OFFER_MANTRA,
    on=navigation(),
)


class MantraHandler(AbstractRequestHandler):
    """ "Give me a grounding mantra", "a mantra for listening", "another one"."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return said(handler_input, GET_MANTRA)

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn.of(handler_input)
        return mantra_reply(turn, _asked_for(turn, MantraFor()))


QUESTIONS = (ANOTHER_MANTRA, OFFER_MANTRA)
HANDLERS = (MantraHandler(),)
