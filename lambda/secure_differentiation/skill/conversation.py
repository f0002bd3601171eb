"""One request's view of the conversation: content, the person's state and day, the reply.

A `Turn` is created for every request by `TurnInterceptor` and handed to
handlers through `Turn.of(handler_input)`. It keeps the storage budget in one
place: the person's record is read at most once, and only when a handler asks
for it (help and stop never do); changes are made through `update()`, which
records them so that `commit()` can re-apply them on a fresh read when another
device wrote in between. Nothing is written when nothing changed.

It also keeps time: a request's "now" is its own timestamp, and the person's
day is that moment in their device's time zone (the Settings API, kept in
their record and refreshed now and then), so a recorded request always replays
the same way. Replies go through `ask` (a question the dialog owns, see
dialog.py), `listen` (session open, nothing in particular asked) or `end`.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar, cast

from ask_sdk_core.dispatch_components import (
    AbstractRequestInterceptor,
    AbstractResponseInterceptor,
)
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Directive, Intent, IntentConfirmationStatus, IntentRequest, Response
from ask_sdk_model.dialog import ElicitSlotDirective
from ask_sdk_model.ui import SimpleCard

from .content import Content, Prompt, PromptKey, content_for, locale_of
from .dialog import Dialog, OpenQuestion, Question
from .domain.clock import local_date, local_time, zone_or_none
from .domain.state import UserState
from .persistence.base import VERSION_KEY, StaleStateError, VersionedPersistenceAdapter
from .speech import Ssml

if TYPE_CHECKING:
    from .screens import Screen

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
# How long a device's time zone is trusted before it is read again; how soon a
# failed read is tried again.
ZONE_REFRESH = timedelta(days=7)
ZONE_RETRY = timedelta(days=1)
# The tags the skill's own SSML uses (speech.py; Alexa's name tag in a namespace of our
# naming, only so that the parser reads it), and Alexa's limit on speech length.
_ALEXA = "urn:secure-differentiation:alexa-ssml"
_OWN_SSML_TAGS = frozenset({"speak", "break", "prosody", f"{{{_ALEXA}}}name"})
_MAX_SPEECH_CHARS = 8000

# A change to a person's state; any return value is ignored.
Change = Callable[[UserState], object]
NONE = IntentConfirmationStatus.NONE
# Reads the device's time zone through Alexa's Settings API; None when it cannot.
ZoneReader = Callable[[HandlerInput], str | None]
# What a screen shows (screens.py).
ScreenData = TypeVar("ScreenData")


@dataclass(frozen=True)
class SkillServices:
    """What every turn needs and the skill builder injects."""

    persistence: VersionedPersistenceAdapter
    rng: random.Random
    clock: Callable[[], datetime]  # used only when a request carries no usable timestamp
    dialog: Dialog
    zone_reader: ZoneReader


def _first_seen_on(day: str) -> Change:
    def stamp(state: UserState) -> None:
        if state.first_seen is None:
            state.first_seen = day

    return stamp


class Turn:
    """Content, state, time and reply for the request being handled."""

    def __init__(self, handler_input: HandlerInput, services: SkillServices) -> None:
        self.handler_input = handler_input
        self.services = services
        self.rng = services.rng
        self.content: Content = content_for(locale_of(handler_input))
        # The question this request arrived with (None: nothing was asked).
        self.asked: OpenQuestion | None = None
        # Set while the asking feature (or the dialog itself) answers `asked`.
        self.answering = False
        self._asking: OpenQuestion | None = None
        self._state: UserState | None = None
        self._loaded: dict[str, Any] | None = None
        self._changes: list[Change] = []
        self._forgotten = False
        self._no_session: dict[str, Any] = {}
        self._zone_read = False

    @staticmethod
    def of(handler_input: HandlerInput) -> Turn:
        return cast(Turn, handler_input.attributes_manager.request_attributes[TURN_KEY])

    # --- words -----------------------------------------------------------------
    def say(self, key: PromptKey, /, **values: object) -> str:
        return self.content.say(key, self.rng, **values)

    def ssml(self, *sentences: str) -> Ssml:
        return Ssml().text(*sentences)

    def spoken_list(self, items: Sequence[str], joiner: PromptKey = Prompt.LIST_JOIN) -> str:
        """Items the way people say lists: "a, b and c" (or "a, b or c")."""
        if len(items) <= 1:
            return "".join(items)
        return self.say(joiner, head=", ".join(items[:-1]), last=items[-1])

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

    def forget(self, *, household: bool = False) -> None:
        """Delete everything stored for this person; nothing is written after it.

        With `household`, every practice of the account goes (persistence/base.py).
        """
        persistence, envelope = self.services.persistence, self.handler_input.request_envelope
        if household:
            persistence.delete_household_attributes(envelope)
        else:
            persistence.delete_attributes(envelope)
        self._forgotten = True
        self._state = UserState()

    def commit(self) -> None:
        """Write the state if it changed; on a conflict, re-read, re-apply, retry.

        Changes are tried once: a handler may commit before it answers (so a
        storage failure need not undo what it says), and the response
        interceptor's commit then writes only what changed after it.
        """
        if self._forgotten or self._state is None or self._loaded is None or not self._changes:
            return
        loaded, state = self._loaded, self._state
        changes, self._changes = self._changes, []
        for attempt in range(1, MAX_WRITE_ATTEMPTS + 1):
            attributes = state.to_attributes()
            if attributes == UserState.from_attributes(loaded).to_attributes():
                return
            attributes[VERSION_KEY] = loaded.get(VERSION_KEY, 0)
            try:
                self.services.persistence.save_attributes(
                    self.handler_input.request_envelope, attributes
                )
                self._loaded, self._state = attributes, state
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
                for change in changes:
                    change(state)

    # --- time ------------------------------------------------------------------------
    @property
    def now(self) -> datetime:
        """This request's moment: Alexa's `request.timestamp`, else the injected clock."""
        stamp = getattr(self.handler_input.request_envelope.request, "timestamp", None)
        if isinstance(stamp, datetime):
            return stamp if stamp.tzinfo is not None else stamp.replace(tzinfo=UTC)
        return self.services.clock()

    def today(self) -> date:
        """The person's date now, in their time zone (UTC only when it cannot be had)."""
        return local_date(self.now, self.time_zone())

    def hour(self) -> int:
        """The person's hour of the day now, in their time zone (0-23)."""
        return local_time(self.now, self.time_zone()).hour

    def time_zone(self) -> str | None:
        """The device's time zone, kept in the record and read again now and then.

        Read from Alexa's Settings API the first time a request needs a date,
        then weekly; a failed read is retried the next day, and meanwhile the
        stored zone (or UTC) dates things.
        """
        state = self.state
        if self._zone_read:
            return state.time_zone
        self._zone_read = True
        checked = state.time_zone_checked
        wait = ZONE_REFRESH if state.time_zone else ZONE_RETRY
        utc_today = self.now.astimezone(UTC).date()
        if checked is not None and utc_today - checked < wait:
            return state.time_zone
        read = self.services.zone_reader(self.handler_input)
        zone = read if zone_or_none(read) is not None else None

        def remember(state: UserState) -> None:
            state.time_zone_checked = utc_today
            if zone is not None:
                state.time_zone = zone

        # Not `update`: that dates a first visit, which needs this very zone.
        self._apply(remember)
        return self.state.time_zone

    # --- conversation context ------------------------------------------------------
    @property
    def session(self) -> dict[str, Any]:
        """Session attributes; an empty scratch dict for out-of-session events."""
        if self.handler_input.request_envelope.session is None:
            return self._no_session
        return cast(dict[str, Any], self.handler_input.attributes_manager.session_attributes)

    @property
    def intent_name(self) -> str | None:
        request = self.handler_input.request_envelope.request
        if isinstance(request, IntentRequest) and request.intent is not None:
            return str(request.intent.name)
        return None

    @property
    def is_one_shot(self) -> bool:
        """An intent that opened the session ("Alexa, ask ... for a mantra"): answer and go."""
        envelope = self.handler_input.request_envelope
        return bool(
            isinstance(envelope.request, IntentRequest)
            and envelope.session is not None
            and envelope.session.new
        )

    # --- replies ---------------------------------------------------------------
    def show(self, screen: Screen[ScreenData], data: ScreenData) -> None:
        """Show `data` on `screen` with this reply, only on a device that renders APL.

        Call it before replying. Speech must stay complete without it: the screen
        shows what is said, for reading along, never something only seen.
        """
        screen.attach(self.handler_input, data)

    def ask(
        self,
        question: Question[Any],
        payload: Any,
        speech: Ssml,
        reprompt: Ssml,
        *,
        card: tuple[str, str] | None = None,
        misses: int = 0,
    ) -> Response:
        """Ask `question` and listen; the dialog keeps `payload` until it is answered
        (`misses`: answers that did not answer it so far)."""
        self._asking = OpenQuestion(question, payload, misses)
        return self._reply(speech, reprompt, card)

    def ask_again(self, asked: OpenQuestion, lead: Ssml, *, misses: int = 0) -> Response:
        """The question `asked`, put again after `lead` (its last wording as the reprompt)."""
        self._asking = OpenQuestion(asked.question, asked.payload, misses)
        question = self._last_reprompt()
        return self._reply(lead.extend(question), question, None)

    def listen(
        self, speech: Ssml, reprompt: Ssml, *, card: tuple[str, str] | None = None
    ) -> Response:
        """Speak and listen for anything: no particular question is open."""
        return self._reply(speech, reprompt, card)

    def end(self, speech: Ssml, *, card: tuple[str, str] | None = None) -> Response:
        """Speak and end the session."""
        return self._reply(speech, None, card)

    def apologise(self) -> Response:
        """After a failure: a short apology, no question kept, the session open to try again."""
        self.answering, self._asking = True, None
        return self.listen(
            self.ssml(self.say(Prompt.ERROR_APOLOGY)), self.ssml(self.say(Prompt.MENU_REPROMPT))
        )

    def hand_over(self, directive: Directive) -> Response:
        """Let Alexa speak next (a permission prompt): only the directive, nothing asked."""
        self._asking = None
        self.session.pop(PENDING_KEY, None)
        return self.handler_input.response_builder.add_directive(directive).response

    def repeat(self) -> Response:
        """The last reply again, word for word, still listening for its question."""
        last = self.session.get(LAST_REPLY_KEY)
        if self.asked is not None:
            self._asking = self.asked
        builder = self.handler_input.response_builder
        if isinstance(last, dict):
            self._keep_question()
            return (
                builder.speak(last["speech"]).ask(last.get("reprompt") or last["speech"]).response
            )
        return self.listen(
            self.ssml(self.say(Prompt.NOTHING_TO_REPEAT), self.say(Prompt.MENU_SHORT)),
            self.ssml(self.say(Prompt.MENU_REPROMPT)),
        )

    def _last_reprompt(self) -> Ssml:
        last = self.session.get(LAST_REPLY_KEY)
        if isinstance(last, dict) and last.get("reprompt"):
            return Ssml.stored(str(last["reprompt"]))
        return self.ssml(self.say(Prompt.MENU_REPROMPT))

    def _keep_question(self) -> None:
        if self._asking is None:
            self.session.pop(PENDING_KEY, None)
        else:
            self.session[PENDING_KEY] = self._asking.to_session()

    def _leaving_note(self) -> str:
        """What became of the question this request arrived with, if it was set aside.

        Said when the person went to another feature instead of answering, so
        that no flow is ever dropped without a word.
        """
        asked = self.asked
        if asked is None or self.answering or asked.question.kept is None:
            return ""
        if self._asking is not None and self._asking.question.feature == asked.question.feature:
            return ""
        return self.say(asked.question.kept, **asked.kept_values())

    def _reply(self, speech: Ssml, reprompt: Ssml | None, card: tuple[str, str] | None) -> Response:
        note = self._leaving_note()
        if note:
            speech = self.ssml(note).extend(speech)
        builder = self.handler_input.response_builder.speak(speech.inner)
        if reprompt is not None:
            builder.ask(reprompt.inner)
            self._keep_question()
            elicits = self._asking.elicits if self._asking is not None else None
            if elicits is not None:
                intent, slot = elicits
                builder.add_directive(
                    ElicitSlotDirective(
                        slot_to_elicit=slot,
                        updated_intent=Intent(name=intent, confirmation_status=NONE),
                    )
                )
            self.session[LAST_REPLY_KEY] = {"speech": speech.inner, "reprompt": reprompt.inner}
        else:
            self._asking = None
            self.session.pop(PENDING_KEY, None)
            builder.set_should_end_session(True)
        if card is not None:
            builder.set_card(SimpleCard(title=card[0], content=card[1]))
        return builder.response


def _is_own_ssml(value: Any) -> bool:
    """Whether `value` is an SSML fragment such as `Ssml.inner` produces."""
    if not isinstance(value, str) or len(value) > _MAX_SPEECH_CHARS:
        return False
    from xml.etree import ElementTree  # only when a kept reply is read back (repeat)

    try:
        root = ElementTree.fromstring(f'<speak xmlns:alexa="{_ALEXA}">{value}</speak>')
    except (ElementTree.ParseError, ValueError):
        return False
    return all(element.tag in _OWN_SSML_TAGS for element in root.iter())


def _is_own_last_reply(last: Any) -> bool:
    """Whether a kept reply is one `Turn` could have written, safe to speak again."""
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
        turn = Turn(handler_input, self.services)
        session = turn.session
        if handler_input.request_envelope.session is not None:
            if PENDING_KEY in session:
                turn.asked = self.services.dialog.parse(session[PENDING_KEY])
                if turn.asked is None:
                    del session[PENDING_KEY]
            if LAST_REPLY_KEY in session and not _is_own_last_reply(session[LAST_REPLY_KEY]):
                del session[LAST_REPLY_KEY]
        handler_input.attributes_manager.request_attributes[TURN_KEY] = turn


class CommitInterceptor(AbstractResponseInterceptor):
    """Ends every successful request by writing the person's changed state once."""

    def process(self, handler_input: HandlerInput, response: Response | None) -> None:
        Turn.of(handler_input).commit()
