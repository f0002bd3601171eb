"""The dialog's one owner: every question the skill can leave open, and what answers it.

A feature that asks something declares a `Question`: its kind, the typed
payload it keeps while waiting (a frozen dataclass), the intents that answer
it (handled by the feature's `answer` function), what Help says there, and
what every navigation intent does while it is open. `Dialog` holds them all;
features/answers.py is the one request handler that routes to them. Nothing
else reads or writes the open question: features call `Turn.ask()`, and the
`OpenQuestion` a request arrived with is `Turn.asked`.

What a navigation intent can do while a question is open (`Nav`):

- ANSWER: listed in `answers`; the feature decides.
- REPEAT: the last reply again, word for word.
- CLARIFY: not an answer. The first time, say so, name what can be said and
  ask again; the second time in a row, the question's `give_up` moves on, so
  nobody is asked the same thing three times.
- CLOSE: end the session, saying what was kept (`kept`).
- LEAVE: let the person go elsewhere: the general handler for the intent
  answers, and the reply starts by saying what became of the question.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Generic, TypeVar

from ask_sdk_model import Response

from .content import PromptKey
from .domain.state import is_int

HELP = "AMAZON.HelpIntent"
YES, NO = "AMAZON.YesIntent", "AMAZON.NoIntent"
NOT_SURE, SOMETIMES = "NotSureIntent", "SometimesIntent"
NEXT, SKIP, PREVIOUS = "AMAZON.NextIntent", "SkipSkillIntent", "AMAZON.PreviousIntent"
REPEAT, START_OVER = "AMAZON.RepeatIntent", "AMAZON.StartOverIntent"
STOP, CANCEL, FALLBACK = "AMAZON.StopIntent", "AMAZON.CancelIntent", "AMAZON.FallbackIntent"
HOME, PAUSE, RESUME, MORE = (
    "AMAZON.NavigateHomeIntent",
    "AMAZON.PauseIntent",
    "AMAZON.ResumeIntent",
    "AMAZON.MoreIntent",
)
# Every question says what each of these does while it is open.
NAVIGATION = (
    YES,
    NO,
    NOT_SURE,
    SOMETIMES,
    NEXT,
    SKIP,
    PREVIOUS,
    REPEAT,
    START_OVER,
    STOP,
    CANCEL,
    FALLBACK,
    HOME,
    PAUSE,
    RESUME,
    MORE,
)
# Misses in a row after which a question stops asking and moves on.
MISSES_BEFORE_GIVING_UP = 2
KIND_KEY, MISSES_KEY = "kind", "misses"


class Nav(Enum):
    """What a navigation intent does while a question is open (see the module docstring)."""

    REPEAT = "repeat"
    CLARIFY = "clarify"
    CLOSE = "close"
    LEAVE = "leave"


# Sensible defaults a question can start from and override.
ALWAYS: dict[str, Nav] = {
    REPEAT: Nav.REPEAT,
    STOP: Nav.CLOSE,
    CANCEL: Nav.CLOSE,
    PAUSE: Nav.CLOSE,
    FALLBACK: Nav.CLARIFY,
    HOME: Nav.LEAVE,
}


def navigation(**overrides: Nav) -> dict[str, Nav]:
    """ALWAYS, with every other navigation intent a CLARIFY unless overridden.

    Keyword names are the intents' short names: next, skip, previous, start_over,
    resume, more, yes, no, home, pause.
    """
    names = {
        "yes": YES,
        "no": NO,
        "next": NEXT,
        "skip": SKIP,
        "previous": PREVIOUS,
        "start_over": START_OVER,
        "resume": RESUME,
        "more": MORE,
        "home": HOME,
        "pause": PAUSE,
    }
    mapping = {intent: Nav.CLARIFY for intent in NAVIGATION}
    mapping.update(ALWAYS)
    mapping.update({names[name]: nav for name, nav in overrides.items()})
    return mapping


P = TypeVar("P")
# (turn, intent, payload) -> reply; (turn, payload) -> reply. The turn is a Turn
# (conversation.py), which imports this module, so it is not named here.
Answer = Callable[[Any, str, Any], Response]
GiveUp = Callable[[Any, Any], Response]


@dataclass(frozen=True)
class NoDetails:
    """The payload of a question that keeps nothing."""


@dataclass(frozen=True)
class Question(Generic[P]):
    """One question a feature may leave open, and everything about waiting on it."""

    kind: str
    feature: str
    payload: type[P]
    answers: frozenset[str]
    answer: Answer
    give_up: GiveUp
    help: PromptKey  # what this moment is, said before the hints
    on: Mapping[str, Nav] = field(default_factory=navigation)
    kept: PromptKey | None = None  # what stays when the person stops or goes elsewhere
    # Stopped or paused here, "resume" (features/resume.py) comes back to this feature.
    resumable: bool = False
    # Which hints Help names (content's dialog.<lang>.json); by default the question's kind.
    hints_key: Callable[[Any], str] | None = None
    # The (intent, slot) a bare answer fills, as Alexa's Dialog.ElicitSlot: "listening" alone
    # answers "which skill?" without a model sample that is only a slot (which would catch
    # unrelated speech everywhere). A function of the payload where it depends on the step.
    elicits: tuple[str, str] | Callable[[Any], tuple[str, str] | None] | None = None

    def __post_init__(self) -> None:
        undecided = [i for i in NAVIGATION if i not in self.answers and i not in self.on]
        if undecided:
            raise ValueError(f"question {self.kind!r} says nothing for {undecided}")
        if HELP in self.answers:
            raise ValueError(f"question {self.kind!r}: help belongs to the dialog")

    def route(self, intent: str) -> Nav | None:
        """None: the feature answers; else what the dialog does with a non-answer."""
        if intent in self.answers:
            return None
        return self.on.get(intent, Nav.LEAVE)


@dataclass(frozen=True)
class OpenQuestion:
    """The question a request arrived with: what was asked, its details, misses so far."""

    question: Question[Any]
    payload: Any
    misses: int = 0

    def to_session(self) -> dict[str, Any]:
        return {
            KIND_KEY: self.question.kind,
            **dataclasses.asdict(self.payload),
            MISSES_KEY: self.misses,
        }

    def kept_values(self) -> dict[str, Any]:
        """The payload's fields, for a prompt such as "Your place at skill {skill} is kept"."""
        return dataclasses.asdict(self.payload)

    @property
    def elicits(self) -> tuple[str, str] | None:
        """The intent and slot a bare answer to this question fills, if any."""
        elicits = self.question.elicits
        return elicits(self.payload) if callable(elicits) else elicits

    @property
    def hints_key(self) -> str:
        key = self.question.hints_key
        return key(self.payload) if key is not None else self.question.kind


class Dialog:
    """Every question of every feature, by kind."""

    def __init__(self, questions: Iterable[Question[Any]]) -> None:
        self.questions: dict[str, Question[Any]] = {}
        for question in questions:
            if question.kind in self.questions:
                raise ValueError(f"two questions named {question.kind!r}")
            _field_types(question.payload)  # fails now, not on a person's request
            self.questions[question.kind] = question

    def parse(self, raw: Any) -> OpenQuestion | None:
        """The open question a session holds, or None for anything the skill did not write."""
        if not isinstance(raw, dict):
            return None
        question = self.questions.get(raw.get(KIND_KEY))  # type: ignore[arg-type]
        if question is None:
            return None
        misses = raw.get(MISSES_KEY, 0)
        if not _is_count(misses):
            return None
        details = {k: v for k, v in raw.items() if k not in (KIND_KEY, MISSES_KEY)}
        payload = _payload(question.payload, details)
        return None if payload is None else OpenQuestion(question, payload, misses)


def _is_count(value: Any) -> bool:
    return is_int(value) and 0 <= value <= MISSES_BEFORE_GIVING_UP


_FIELD_TYPES: dict[type[Any], dict[str, tuple[type, ...]]] = {}


def _field_types(payload: type[Any]) -> dict[str, tuple[type, ...]]:
    """Each payload field's allowed runtime types: int, str, bool, each optionally None."""
    known = _FIELD_TYPES.get(payload)
    if known is not None:
        return known
    if not dataclasses.is_dataclass(payload):
        raise TypeError(f"{payload!r} is not a dataclass")
    hints = typing.get_type_hints(payload)
    allowed: dict[str, tuple[type, ...]] = {}
    for item in dataclasses.fields(payload):
        hint = hints[item.name]
        options = typing.get_args(hint) if isinstance(hint, types.UnionType) else (hint,)
        if not all(option in (int, str, bool, type(None)) for option in options):
            raise TypeError(f"{payload.__name__}.{item.name}: only int, str, bool or None")
        allowed[item.name] = options
    _FIELD_TYPES[payload] = allowed
    return allowed


def _payload(payload: type[P], details: dict[str, Any]) -> P | None:
    """The payload from session details, or None when any detail is missing or mistyped."""
    allowed = _field_types(payload)
    if set(details) != set(allowed):
        return None
    for name, value in details.items():
        kinds = allowed[name]
        if value is None:
            if type(None) not in kinds:
                return None
        elif (isinstance(value, bool) and bool not in kinds) or not isinstance(
            value, tuple(k for k in kinds if k is not type(None))
        ):
            return None
    made = payload(**details)
    valid = getattr(made, "valid", None)
    return made if valid is None or valid() else None
