"""Every open question, answered with every intent the model has: always a sensible reply.

Each question the dialog registry holds (skill/dialog.py) is reached through real
envelopes from a fresh start, then met with every intent in the en-US model (with
typical slot values). Whatever is said, the reply must:

- be a real answer: valid, never the catch-all apology;
- lead somewhere: while listening, end with a question and carry a reprompt;
- never jump to another flow silently: leaving a question that keeps something
  (a walk-through place, a half-done reflection, a check-in not yet set) says so;
- never ask the same question twice in a row in the same words, and never a third
  time for the same non-answer;
- for help: name at least two things one can say there, and end with the question.

And every thing Help suggests saying, typed into the console's resolver, does
something there (it is not met with "I didn't catch that").
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from secure_differentiation.skill import build_skill
from secure_differentiation.skill.alexa_api import TimeoutApiClient
from secure_differentiation.skill.content import Prompt, content_for
from secure_differentiation.skill.dialog import HELP, REPEAT, Nav
from secure_differentiation.skill.features import dialog
from secure_differentiation.skill.persistence.memory import InMemoryPersistenceAdapter
from secure_differentiation.tools.nlu import ModelResolver
from support.alexa import AlexaDevice, Reply
from support.alexa_api_server import AlexaApiServer, running_api_server
from support.clock import Clock
from support.routes import ROUTES, SLOTS

ROOT = Path(__file__).resolve().parents[2]
MODEL = json.loads((ROOT / "interaction_models" / "en-US.json").read_text(encoding="utf-8"))
INTENTS = sorted(i["name"] for i in MODEL["interactionModel"]["languageModel"]["intents"])
DIALOG = dialog()
CONTENT = content_for("en-US")


@dataclass
class Conversation:
    device: AlexaDevice
    last: Reply


@pytest.fixture(scope="module")
def alexa_api() -> Iterator[AlexaApiServer]:
    with running_api_server() as server:
        yield server


@pytest.fixture
def reach(alexa_api: AlexaApiServer) -> Callable[[str], Conversation]:
    """A fresh person, brought to the question of this kind."""

    def at(route: str) -> Conversation:
        kind = route.split(".")[0]
        skill = build_skill(
            InMemoryPersistenceAdapter(),
            api_client=TimeoutApiClient(),
            rng=random.Random(3),
            clock=Clock(),
        )
        device = AlexaDevice(
            skill, user_id=f"amzn1.ask.account.{kind}", api_endpoint=alexa_api.url, clock=Clock()
        )
        reply = None
        for intent, slots in ROUTES[route]:
            reply = device.launch() if intent == "launch" else device.say(intent, **slots)
        assert reply is not None and _open_kind(reply) == kind, (route, reply and reply.text)
        asked = DIALOG.parse(reply.session_attributes["pending"])
        assert asked is not None and asked.hints_key in (route, kind), route
        return Conversation(device, reply)

    return at


def _open_kind(reply: Reply) -> str | None:
    pending = reply.session_attributes.get("pending")
    return pending.get("kind") if isinstance(pending, dict) else None


def _variants(prompt: Prompt, **values: Any) -> list[str]:
    return [variant.format(**values) for variant in CONTENT.variants(prompt)]


def test_every_question_in_the_registry_has_a_route_here() -> None:
    assert {route.split(".")[0] for route in ROUTES} == set(DIALOG.questions)


def test_every_slotted_intent_has_typical_values_here() -> None:
    slotted = {
        i["name"] for i in MODEL["interactionModel"]["languageModel"]["intents"] if i.get("slots")
    }
    assert slotted <= set(SLOTS)


def _check_reply(reply: Reply, where: str) -> None:
    assert reply.text, f"{where}: silence"
    assert not any(reply.text.startswith(v) for v in _variants(Prompt.ERROR_APOLOGY)), where
    if not reply.ends_session and not reply.directives:
        assert reply.reprompt, f"{where}: listening without a reprompt"
        assert reply.text.rstrip().endswith("?"), f"{where}: no clear next step: {reply.text!r}"
    sentences = re.split(r"(?<=[.?!])\s+", reply.text)
    questions = [s.lstrip(". ") for s in sentences if s.endswith("?")]
    assert len(questions) == len(set(questions)), f"{where}: a question said twice"


@pytest.mark.parametrize("intent", INTENTS)
@pytest.mark.parametrize("kind", sorted(ROUTES))
def test_any_intent_to_any_open_question_gets_a_sensible_reply(
    reach: Callable[[str], Conversation], kind: str, intent: str
) -> None:
    conversation = reach(kind)
    asked = DIALOG.parse(conversation.last.session_attributes["pending"])
    assert asked is not None
    question = asked.question
    reply = conversation.device.say(intent, **SLOTS.get(intent, {}))
    where = f"{intent} to {kind}"
    _check_reply(reply, where)
    # A question was open: never "I didn't ask a question just then".
    assert not any(v in reply.text for v in _variants(Prompt.NO_QUESTION_OPEN)), where

    route = question.route(intent)
    still_open = reply.session_attributes.get("pending") == (
        conversation.last.session_attributes.get("pending")
    )
    if intent == HELP:
        hints = CONTENT.hints(asked.hints_key)
        named = [hint for hint in hints if hint.lower() in reply.text.lower()]
        assert len(named) >= 2, f"{where}: help names {named}"
        assert reply.text.endswith(conversation.last.reprompt), f"{where}: help drops the question"
        return
    if intent == REPEAT:
        assert reply.ssml == conversation.last.ssml
        return
    if intent == "CrisisIntent":  # help first, and nothing else: not even what was kept
        assert reply.ends_session and reply.card and "mantra" not in reply.text.lower()
        return
    # No silent jump: going elsewhere from a question that keeps something says so.
    new_kind = _open_kind(reply)
    new_feature = DIALOG.questions[new_kind].feature if new_kind else None
    if route is Nav.LEAVE and question.kept is not None and new_feature != question.feature:
        kept = _variants(question.kept, **asked.kept_values())
        assert any(reply.text.startswith(k) for k in kept), f"{where}: dropped silently"
    # Never the same question in the same words twice in a row...
    if still_open:
        assert reply.text != conversation.last.text, f"{where}: the same question again"
    # ...and never a third time for the same thing that was not an answer (a request
    # for something else is answered as asked, even if that leads to the same question).
    if still_open and route is not None and route is not Nav.LEAVE:
        again = conversation.device.say(intent, **SLOTS.get(intent, {}))
        _check_reply(again, f"{where}, twice")
        assert again.session_attributes.get("pending") != reply.session_attributes.get("pending"), (
            f"{where}: asked a third time"
        )


@pytest.mark.parametrize(
    ("kind", "hint"), [(route, hint) for route in sorted(ROUTES) for hint in CONTENT.hints(route)]
)
def test_what_help_suggests_saying_works_there(
    reach: Callable[[str], Conversation], resolver: ModelResolver, kind: str, hint: str
) -> None:
    conversation = reach(kind)
    resolution = resolver.resolve(hint, eliciting=conversation.last.eliciting)
    assert resolution.intent not in (None, "AMAZON.FallbackIntent"), f"{hint!r} is not understood"
    intent = resolution.intent_json()
    reply = conversation.device.say(intent["name"], **intent["slots"])
    _check_reply(reply, f"{hint!r} to {kind}")
    not_understood = _variants(Prompt.FALLBACK_LEAD)
    assert not any(reply.text.startswith(lead) for lead in not_understood), (hint, reply.text)
