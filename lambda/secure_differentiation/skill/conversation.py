"""One request's view of the conversation: content, the person's state, the reply.

A `Turn` is created for every request by `TurnInterceptor` and handed to
handlers through `Turn.of(handler_input)`. It keeps the storage budget in one
place: the person's record is read at most once, and only when a handler asks
for it (help and stop never do); changes are made through `update()`, which
records them so that `commit()` can re-apply them on a fresh read when another
device wrote in between. Nothing is written when nothing changed.
"""

from __future__ import annotations

import logging
import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from xml.etree import ElementTree

from ask_sdk_core.dispatch_components import (
    AbstractRequestInterceptor,
    AbstractResponseInterceptor,
)
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import IntentRequest, Response
from ask_sdk_model.ui import SimpleCard

from .content import Content, Prompt, content_for
from .domain.daily import local_today
from .domain.state import SKILL_COUNT, UserState
from .log_ids import pseudonym
from .persistence.base import VERSION_KEY, StaleStateError, VersionedPersistenceAdapter, user_key
from .speech import Ssml

logger = logging.getLogger(__name__)

TURN_KEY = "turn"
PENDING_KEY = "pending"
LAST_REPLY_KEY = "last_reply"
# Attempts to write before giving up when other devices keep writing in between.
# Time is bounded by the request's deadline (deadline.py): the storage backends
# start no call that could not finish inside it.
MAX_WRITE_ATTEMPTS = 5
# A short random pause before a retry, so devices that collided do not collide again.
RETRY_JITTER_SECONDS = 0.02
# A BCP 47 language tag as Alexa sends it: "en-US".
_LOCALE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
# The tags the skill's own SSML uses (speech.py), and Alexa's limit on speech length.
_OWN_SSML_TAGS = frozenset({"speak", "break", "prosody"})
_MAX_SPEECH_CHARS = 8000

# A change to a person's state; any return value is ignored.
Change = Callable[[UserState], object]


@dataclass(frozen=True)
class SkillServices:
    """What every turn needs and the skill builder injects: storage, randomness, time."""

    persistence: VersionedPersistenceAdapter
    rng: random.Random
    clock: Callable[[], datetime]


def locale_of(handler_input: HandlerInput) -> str | None:
    """The request's locale ("en-US") when it looks like one, else None (the default).

    Content files are named after it, so anything else (a NUL byte, 10,000
    characters) would fail to open rather than fall back to the default.
    """
    locale = getattr(handler_input.request_envelope.request, "locale", None)
    if isinstance(locale, str) and len(locale) <= 35 and _LOCALE.fullmatch(locale):
        return locale
    return None


def _first_seen_on(day: str) -> Change:
    def stamp(state: UserState) -> None:
        if state.first_seen is None:
            state.first_seen = day

    return stamp


class Turn:
    """Content, state and reply for the request being handled."""

    def __init__(self, handler_input: HandlerInput, services: SkillServices) -> None:
        self.handler_input = handler_input
        self.services = services
        self.rng = services.rng
        self.content: Content = content_for(locale_of(handler_input))
        self._state: UserState | None = None
        self._loaded: dict[str, Any] | None = None
        self._changes: list[Change] = []
        self._forgotten = False
        self._no_session: dict[str, Any] = {}

    @staticmethod
    def of(handler_input: HandlerInput) -> Turn:
        return handler_input.attributes_manager.request_attributes[TURN_KEY]

    # --- words -----------------------------------------------------------------
    def say(self, key: Prompt, /, **values: object) -> str:
        return self.content.say(key, self.rng, **values)

    # --- the person's state ------------------------------------------------------
    @property
    def state(self) -> UserState:
        """The person's state, read from storage on first use in this request."""
        if self._state is None:
            self._loaded = self.services.persistence.get_attributes(
                self.handler_input.request_envelope
            )
            self._state = UserState.from_attributes(self._loaded)
        return self._state

    def update(self, change: Change) -> None:
        """Apply a change to the state now, and remember it for a conflict retry.

        The first change to a person never seen before also dates their first
        visit (the weekly reflection becomes due a week later).
        """
        if not self._changes and self.state.first_seen is None:
            self._apply(_first_seen_on(self.today().isoformat()))
        self._apply(change)

    def _apply(self, change: Change) -> None:
        change(self.state)
        self._changes.append(change)

    def forget(self) -> None:
        """Delete everything stored for this person; nothing is written after it."""
        self.services.persistence.delete_attributes(self.handler_input.request_envelope)
        self._forgotten = True
        self._state = UserState()

    def commit(self) -> None:
        """Write the state if it changed; on a conflict, re-read, re-apply, retry."""
        if self._forgotten or self._state is None or self._loaded is None or not self._changes:
            return
        loaded, state = self._loaded, self._state
        for attempt in range(1, MAX_WRITE_ATTEMPTS + 1):
            attributes = state.to_attributes()
            if attributes == UserState.from_attributes(loaded).to_attributes():
                return
            attributes[VERSION_KEY] = loaded.get(VERSION_KEY, 0)
            try:
                self.services.persistence.save_attributes(
                    self.handler_input.request_envelope, attributes
                )
                return
            except StaleStateError:
                if attempt == MAX_WRITE_ATTEMPTS:
                    raise
                logger.info("state changed elsewhere; re-applying (attempt %d)", attempt)
                time.sleep(self.rng.uniform(0, RETRY_JITTER_SECONDS * attempt))
                loaded = self.services.persistence.get_attributes(
                    self.handler_input.request_envelope
                )
                state = UserState.from_attributes(loaded)
                for change in self._changes:
                    change(state)

    def today(self) -> date:
        """The person's date, in their time zone when known (reads state)."""
        return local_today(self.services.clock(), self.state.time_zone)

    # --- conversation context ------------------------------------------------------
    @property
    def session(self) -> dict[str, Any]:
        """Session attributes; an empty scratch dict for out-of-session events."""
        if self.handler_input.request_envelope.session is None:
            return self._no_session
        return self.handler_input.attributes_manager.session_attributes

    @property
    def pending(self) -> dict[str, Any]:
        """The question the skill is waiting on, e.g. {"kind": "walkthrough", "skill": 4}."""
        pending = self.session.get(PENDING_KEY)
        return pending if isinstance(pending, dict) else {}

    def expect(self, kind: str | None, **details: Any) -> None:
        if kind is None:
            self.session.pop(PENDING_KEY, None)
        else:
            self.session[PENDING_KEY] = {"kind": kind, **details}

    @property
    def is_one_shot(self) -> bool:
        """An intent that opened the session ("Alexa, ask ... for a mantra"): answer and go."""
        envelope = self.handler_input.request_envelope
        return bool(
            isinstance(envelope.request, IntentRequest)
            and envelope.session is not None
            and envelope.session.new
        )

    def slot_value(self, name: str) -> str | None:
        request = self.handler_input.request_envelope.request
        if not isinstance(request, IntentRequest) or request.intent is None:
            return None
        slot = (request.intent.slots or {}).get(name)
        value = slot.value if slot is not None else None
        return value.strip() if isinstance(value, str) and value.strip() else None

    # --- replies ---------------------------------------------------------------
    def reply(
        self,
        speech: Ssml,
        reprompt: Ssml | None = None,
        *,
        card: tuple[str, str] | None = None,
    ) -> Response:
        """Speak; listen when a reprompt is given, else end the session.

        Every listening reply has a reprompt, by construction. The reply is
        kept in the session so "repeat" can say it again.
        """
        builder = self.handler_input.response_builder.speak(speech.inner)
        if reprompt is not None:
            builder.ask(reprompt.inner)
            self.session[LAST_REPLY_KEY] = {"speech": speech.inner, "reprompt": reprompt.inner}
        else:
            builder.set_should_end_session(True)
        if card is not None:
            builder.set_card(SimpleCard(title=card[0], content=card[1]))
        return builder.response


def user_reference(handler_input: HandlerInput) -> str:
    """A short, non-reversible tag for logs: never log a raw userId."""
    try:
        key = user_key(handler_input.request_envelope)
    except ValueError:
        return "anonymous"
    return pseudonym(key)


def _is_own_ssml(value: Any) -> bool:
    """Whether `value` is an SSML fragment such as `Ssml.inner` produces."""
    if not isinstance(value, str) or len(value) > _MAX_SPEECH_CHARS:
        return False
    try:
        root = ElementTree.fromstring(f"<speak>{value}</speak>")
    except (ElementTree.ParseError, ValueError):
        return False
    return all(element.tag in _OWN_SSML_TAGS for element in root.iter())


def _is_skill_number(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= SKILL_COUNT


def _is_own_pending(pending: Any) -> bool:
    """Whether an open question has the details `Turn.expect` could have written."""
    if not isinstance(pending, dict) or not isinstance(pending.get("kind"), str):
        return False
    if "skill" in pending and not _is_skill_number(pending["skill"]):
        return False
    following = pending.get("next", 0)
    return isinstance(following, int) and not isinstance(following, bool) and following >= 0


def _is_own_last_reply(last: Any) -> bool:
    """Whether a kept reply is one `Turn.reply` could have written, safe to speak again."""
    return (
        isinstance(last, dict)
        and _is_own_ssml(last.get("speech"))
        and ("reprompt" not in last or _is_own_ssml(last["reprompt"]))
    )


class TurnInterceptor(AbstractRequestInterceptor):
    """Starts every request with a fresh Turn bound to the skill's services.

    Session attributes come back with every request: an open question or a
    kept reply the skill could not have written is dropped, not acted on or
    spoken, so the next answer starts clean.
    """

    def __init__(self, services: SkillServices) -> None:
        self.services = services

    def process(self, handler_input: HandlerInput) -> None:
        if handler_input.request_envelope.session is not None:
            session = handler_input.attributes_manager.session_attributes
            if PENDING_KEY in session and not _is_own_pending(session[PENDING_KEY]):
                del session[PENDING_KEY]
            if LAST_REPLY_KEY in session and not _is_own_last_reply(session[LAST_REPLY_KEY]):
                del session[LAST_REPLY_KEY]
        handler_input.attributes_manager.request_attributes[TURN_KEY] = Turn(
            handler_input, self.services
        )


class CommitInterceptor(AbstractResponseInterceptor):
    """Ends every successful request by writing the person's changed state once."""

    def process(self, handler_input: HandlerInput, response: Response | None) -> None:
        Turn.of(handler_input).commit()
