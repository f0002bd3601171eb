"""What a device with a screen shows beside what Alexa says: APL documents and their data.

Each `Screen` is one APL document, a data file in content/screens/ beside the
rest of the content. A document holds layout only: every word it shows is bound
from its datasource, which a typed builder here makes from the content (and,
for progress, the person's record). Words that exist only on screens (button
labels, chart titles) are in content/screens/labels.<lang>.json.

A feature calls `turn.show(SCREEN, data)` before it replies. The directive is
attached only when the request's device says it renders APL (and a version of
it as recent as the document's); everywhere else nothing changes, and speech
never relies on the screen.

Touch: a button sends a `SendEvent` whose first argument names what it does
("next", "previous", "focus"). `TouchInterceptor` turns that
`Alexa.Presentation.APL.UserEvent` into the intent a person would say, and
reopens the question the screen was shown with (carried in the directive's
token, which Alexa returns with every event), so the dialog and the features
answer a touch exactly as they answer the words, even after the session that
showed the screen has ended.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from ask_sdk_core.dispatch_components import (
    AbstractRequestInterceptor,
    AbstractResponseInterceptor,
)
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model import Intent, IntentConfirmationStatus, IntentRequest, RequestEnvelope, Response

if TYPE_CHECKING:  # the SDK's APL models load only when a screen is shown or touched
    from ask_sdk_model.interfaces.alexa.presentation.apl import RenderDocumentDirective, UserEvent

from .content import Content, Mantra, has_file, read_json
from .conversation import PENDING_KEY, Turn
from .dialog import NEXT, PREVIOUS
from .domain.charts import weeks_of_practice
from .domain.state import SKILL_COUNT, UserState

logger = logging.getLogger(__name__)

DOCUMENTS = "screens"
DEFAULT_LANGUAGE = "en"
# Where a reply's screen waits (request attributes) until the reply is complete.
SHOWN_KEY = "screen"
# The directive's token: the screen's name, then the question it was shown with.
TOKEN_SEPARATOR = "|"
MAX_TOKEN_CHARS = 1000
USER_EVENT = "Alexa.Presentation.APL.UserEvent"
# What each button does, as the intent a person would say instead.
TOUCH_INTENTS = {"next": NEXT, "previous": PREVIOUS, "focus": "SetFocusIntent"}

D = TypeVar("D")


# --- the documents -------------------------------------------------------------------


@cache
def load_document(name: str) -> dict[str, Any]:
    """The APL document content/screens/<name>.json, read once."""
    return cast(dict[str, Any], read_json(DOCUMENTS, f"{name}.json"))


def _version(text: str) -> tuple[int, ...] | None:
    """APL versions compare as numbers: "1.9" < "2023.2"."""
    if not re.fullmatch(r"\d{1,4}(\.\d{1,4}){0,3}", text):
        return None
    return tuple(int(part) for part in text.split("."))


def renders(envelope: RequestEnvelope, version: str) -> bool:
    """Whether the request's device renders APL documents of `version`.

    Only a device with a screen lists Alexa.Presentation.APL among its supported
    interfaces; its runtime says the newest APL it understands (none said: any).
    """
    system = envelope.context.system if envelope.context is not None else None
    device = system.device if system is not None else None
    interfaces = device.supported_interfaces if device is not None else None
    apl = interfaces.alexa_presentation_apl if interfaces is not None else None
    if apl is None:
        return False
    newest = apl.runtime.max_version if apl.runtime is not None else None
    if not newest:
        return True
    theirs, ours = _version(str(newest)), _version(version)
    return theirs is not None and ours is not None and theirs >= ours


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(word.capitalize() for word in rest)


def fields(data: Any) -> Any:
    """A screen's data as its datasource: dataclasses become objects with camelCase keys."""
    if dataclasses.is_dataclass(data) and not isinstance(data, type):
        return {
            _camel(item.name): fields(getattr(data, item.name)) for item in dataclasses.fields(data)
        }
    if isinstance(data, list | tuple):
        return [fields(item) for item in data]
    return data


@dataclass(frozen=True)
class Shown:
    """A screen and the datasource it will be shown with."""

    screen: Screen[Any]
    datasources: dict[str, Any]

    def directive(self, asked: dict[str, Any] | None) -> RenderDocumentDirective:
        from ask_sdk_model.interfaces.alexa.presentation.apl import RenderDocumentDirective

        token = self.screen.name
        if asked is not None:
            token += TOKEN_SEPARATOR + json.dumps(asked, separators=(",", ":"), sort_keys=True)
        return RenderDocumentDirective(
            token=token, document=self.screen.document, datasources=self.datasources
        )


class Screen(Generic[D]):
    """One APL document, and the type of the data it shows."""

    def __init__(self, name: str, data: type[D]) -> None:
        self.name = name
        self.data = data

    @property
    def document(self) -> dict[str, Any]:
        return load_document(self.name)

    @property
    def version(self) -> str:
        return str(self.document["version"])

    @property
    def parameter(self) -> str:
        """The name the document binds its datasource by (its mainTemplate's parameter)."""
        return str(self.document["mainTemplate"]["parameters"][0])

    def datasources(self, data: D) -> dict[str, Any]:
        return {self.parameter: fields(data)}

    def attach(self, handler_input: HandlerInput, data: D) -> None:
        """Show `data` with this reply if the device renders this document; else nothing."""
        if not isinstance(data, self.data):
            raise TypeError(f"screen {self.name!r} shows {self.data.__name__}, not {data!r}")
        if renders(handler_input.request_envelope, self.version):
            shown = Shown(self, self.datasources(data))
            handler_input.attributes_manager.request_attributes[SHOWN_KEY] = shown


class ScreenInterceptor(AbstractResponseInterceptor):
    """Adds the reply's screen, if any, once the reply is complete.

    Built last so the directive's token can carry the question the reply left
    open: a touch on that screen later answers that question.
    """

    def process(self, handler_input: HandlerInput, response: Response | None) -> None:
        shown = handler_input.attributes_manager.request_attributes.get(SHOWN_KEY)
        if not isinstance(shown, Shown) or response is None:
            return
        pending = Turn.of(handler_input).session.get(PENDING_KEY)
        asked = pending if isinstance(pending, dict) else None
        response.directives = [*(response.directives or []), shown.directive(asked)]


# --- touch -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Touch:
    """A button pressed on a screen: the intent it stands for, and the screen's question."""

    intent: str
    screen: str
    asked: dict[str, Any] | None


def read_touch(event: UserEvent) -> Touch | None:
    """What a UserEvent from one of the skill's screens means; None for anything else."""
    arguments = event.arguments or []
    action = arguments[0] if arguments else None
    intent = TOUCH_INTENTS.get(action) if isinstance(action, str) else None
    token = event.token if isinstance(event.token, str) else ""
    if intent is None or len(token) > MAX_TOKEN_CHARS:
        return None
    screen, _, question = token.partition(TOKEN_SEPARATOR)
    asked = None
    if question:
        try:
            loaded = json.loads(question)
        except ValueError:
            return None
        if not isinstance(loaded, dict):
            return None
        asked = loaded
    return Touch(intent=intent, screen=screen, asked=asked)


class TouchInterceptor(AbstractRequestInterceptor):
    """Makes a button press the request its words would be: the same handlers answer both.

    Runs after the TurnInterceptor. The screen's question (from the token) is the
    one answered: the person acted on what they saw. One the skill could not have
    written is ignored, as a forged session would be.
    """

    def process(self, handler_input: HandlerInput) -> None:
        envelope = handler_input.request_envelope
        event = envelope.request
        if getattr(event, "object_type", None) != USER_EVENT:
            return
        event = cast("UserEvent", event)
        touch = read_touch(event)
        if touch is None:
            logger.info("ignored a screen event that is no button of ours")
            return
        envelope.request = IntentRequest(
            request_id=event.request_id,
            timestamp=event.timestamp,
            locale=event.locale,
            intent=Intent(
                name=touch.intent, slots={}, confirmation_status=IntentConfirmationStatus.NONE
            ),
        )
        turn = Turn.of(handler_input)
        if touch.asked is not None:
            asked = turn.services.dialog.parse(touch.asked)
            if asked is not None:
                turn.asked = asked
        logger.info("touch on %s: %s", touch.screen[:40], touch.intent)


# --- words on screens --------------------------------------------------------------------


@cache
def labels(language: str) -> dict[str, Any]:
    """The words only screens use (content/screens/labels.<lang>.json), English by default."""
    found = f"labels.{language}.json"
    if not has_file(DOCUMENTS, found):
        found = f"labels.{DEFAULT_LANGUAGE}.json"
    return cast(dict[str, Any], read_json(DOCUMENTS, found))


def label(content: Content, key: str, **values: object) -> str:
    return str(labels(content.language)[key]).format(**values)


def week_label(content: Content, monday: date) -> str:
    months = labels(content.language)["months"]
    return label(content, "week_label", month=months[monday.month - 1], day=monday.day)


# --- the screens and their data --------------------------------------------------------


@dataclass(frozen=True)
class MantraData:
    """What the mantra screen shows: the mantra, what it is for, a line to go with it."""

    text: str
    belongs_to: str  # the skill or sign the mantra is for
    note: str  # a practice said with it, or an invitation to repeat it


@dataclass(frozen=True)
class WalkData:
    """What the walk-through screen shows: skill N of 12, the skill, one practice, touch labels."""

    position: str
    number: int
    total: int
    title: str
    description: str
    practice_label: str
    practice: str
    previous: str
    next: str
    focus: str


@dataclass(frozen=True)
class DailyData:
    """What the skill-of-the-day screen shows: the skill and today's practice."""

    heading: str
    skill: str
    title: str
    description: str
    practice_label: str
    practice: str


@dataclass(frozen=True)
class EmpathyStep:
    """One step of the self-empathy practice, as the screen lists it."""

    text: str


@dataclass(frozen=True)
class SelfEmpathyData:
    """What the self-empathy screen shows: the steps so far and where the practice is."""

    title: str
    position: str
    part: str
    steps: tuple[EmpathyStep, ...]
    quiet: str
    reached: int  # the number of the last step shown, for the progress bar
    total: int


@dataclass(frozen=True)
class ChartWeek:
    """One week on the progress charts: its focus rating and the signs noticed."""

    label: str
    rating: int  # 1-5; 0 when the week has no rating of the focus
    previous: int  # the week before's rating (0: none), for the line between them
    signs: int


@dataclass(frozen=True)
class ProgressData:
    """What the progress screen shows: the two charts, their titles, and each as text."""

    heading: str
    focus: str
    rating_title: str
    rating_note: str  # said when there is no rating to draw
    rating_summary: str  # the chart as text, for screen readers
    signs_title: str
    signs_note: str
    signs_summary: str
    week_count: int
    most_signs: int  # the busiest week's count (at least 1): the bars' scale
    weeks: tuple[ChartWeek, ...]


MANTRA_SCREEN: Screen[MantraData] = Screen("mantra", MantraData)
WALK_SCREEN: Screen[WalkData] = Screen("walkthrough", WalkData)
DAILY_SCREEN: Screen[DailyData] = Screen("daily", DailyData)
SELF_EMPATHY_SCREEN: Screen[SelfEmpathyData] = Screen("self_empathy", SelfEmpathyData)
PROGRESS_SCREEN: Screen[ProgressData] = Screen("progress", ProgressData)
SCREENS: tuple[Screen[Any], ...] = (
    MANTRA_SCREEN,
    WALK_SCREEN,
    DAILY_SCREEN,
    SELF_EMPATHY_SCREEN,
    PROGRESS_SCREEN,
)


def _skill_label(content: Content, number: int) -> str:
    return label(content, "mantra_for_skill", number=number, title=content.skill(number).title)


def mantra_data(
    content: Content,
    mantra: Mantra,
    skill: int | None = None,
    sign: str | None = None,
    *,
    note: str | None = None,
) -> MantraData:
    """The mantra, with what it was asked for (a skill or a sign), else what it anchors."""
    found_sign = content.sign(sign) if sign else None
    if skill is not None:
        belongs_to = _skill_label(content, skill)
    elif found_sign is not None:
        belongs_to = label(content, "mantra_for_sign", sign=found_sign.name)
    elif mantra.skills:
        belongs_to = _skill_label(content, mantra.skills[0])
    else:
        first = content.sign(mantra.signs[0]) if mantra.signs else None
        belongs_to = label(content, "mantra_for_sign", sign=first.name) if first else ""
    return MantraData(
        text=mantra.text,
        belongs_to=belongs_to,
        note=note if note is not None else label(content, "mantra_note"),
    )


def walk_data(content: Content, number: int) -> WalkData:
    """Skill `number` as the walk presents it, with one practice for any time of day."""
    skill = content.skill(number)
    practice = (skill.practices_for("any") or skill.practices)[0]
    return WalkData(
        position=label(content, "walk_position", number=number, total=SKILL_COUNT),
        number=number,
        total=SKILL_COUNT,
        title=skill.title,
        description=skill.description,
        practice_label=label(content, "walk_practice"),
        practice=practice.text,
        previous=label(content, "walk_previous"),
        next=label(content, "walk_next"),
        focus=label(content, "walk_focus"),
    )


def daily_data(content: Content, number: int, practice: object) -> DailyData:
    """Today's skill and the practice spoken with it."""
    skill = content.skill(number)
    return DailyData(
        heading=label(content, "daily_heading"),
        skill=label(content, "daily_skill", number=number, total=SKILL_COUNT),
        title=skill.title,
        description=skill.description,
        practice_label=label(content, "daily_practice"),
        practice=str(practice),
    )


def self_empathy_data(content: Content, first: int, count: int = 1) -> SelfEmpathyData:
    """The steps `first`..`first + count - 1` (0-based) of the guided practice, being spoken.

    Its part is the part of the first of them; the quiet is the silence after the last.
    """
    steps = content.self_empathy.steps
    if not 0 <= first < len(steps) or count < 1:
        raise ValueError(f"no steps {first}+{count} in a practice of {len(steps)}")
    shown = steps[first : first + count]
    last = first + len(shown)
    total = len(steps)
    if len(shown) == 1:
        position = label(content, "empathy_step", number=last, total=total)
    else:
        position = label(content, "empathy_steps", first=first + 1, last=last, total=total)
    parts = labels(content.language)["empathy_parts"]
    return SelfEmpathyData(
        title=content.self_empathy.title,
        position=position,
        part=str(parts[shown[0].part]),
        steps=tuple(EmpathyStep(step.text) for step in shown),
        quiet=label(content, "empathy_quiet", seconds=shown[-1].silence_seconds),
        reached=last,
        total=total,
    )


def _summary(content: Content, points: Sequence[tuple[str, int]]) -> str:
    none = label(content, "chart_no_value")
    return label(content, "chart_join").join(
        label(content, "chart_point", week=week, value=value or none) for week, value in points
    )


def progress_data(content: Content, state: UserState, today: date) -> ProgressData:
    """The focus rating and the signs noticed over the last weeks, ready to chart."""
    weeks = weeks_of_practice(state, today)
    focus = state.focus_skill
    charted = []
    previous = 0
    for week in weeks:
        rating = week.rating or 0
        charted.append(
            ChartWeek(
                label=week_label(content, week.monday),
                rating=rating,
                previous=previous,
                signs=week.signs,
            )
        )
        previous = rating
    rated = any(week.rating for week in charted)
    if rated:
        rating_note = ""
    else:
        rating_note = label(content, "rating_none" if focus else "rating_none_without_focus")
    focus_line = (
        label(content, "progress_focus", number=focus, title=content.skill(focus).title)
        if focus
        else label(content, "progress_no_focus")
    )
    return ProgressData(
        heading=label(content, "progress_heading"),
        focus=focus_line,
        rating_title=label(content, "rating_title"),
        rating_note=rating_note,
        rating_summary=_summary(content, [(w.label, w.rating) for w in charted]),
        signs_title=label(content, "signs_title"),
        signs_note="" if any(w.signs for w in charted) else label(content, "signs_none"),
        signs_summary=_summary(content, [(w.label, w.signs) for w in charted]),
        week_count=len(charted),
        most_signs=max([1, *(w.signs for w in charted)]),
        weeks=tuple(charted),
    )
