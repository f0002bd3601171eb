"""Alexa's Reminders and Settings APIs, through the ASK SDK's service clients.

Every call's failure becomes an `Outcome` the check-in handlers can speak
about, never an exception: a person hears a short apology, and nothing is
stored, when Alexa's APIs are slow or down. A call that could not finish
inside the request's deadline, with time kept back for the write that
records its outcome, is not started (deadline.py).

Known quirks of ask-sdk-model 1.82 handled here: `get_reminder(s)` cannot
deserialise a successful answer (a wrong type path for SpokenInfo), so the
list is fetched through the same API client and read here; a status the
client has no model for (401 on create, 404 on delete) arrives as a
`ServiceException` with "Unknown error", so this module branches on
`status_code`; and a failed HTTP call becomes a
`ServiceException` with status 500 and no headers, which is how this module
tells a call that got no answer (it may have been carried out: `UNKNOWN`)
from one Alexa refused.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from typing import Any

from ask_sdk_core.exceptions import ApiClientException, SerializationException
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.services.api_client_request import ApiClientRequest
from ask_sdk_model.services.reminder_management import (
    AlertInfo,
    PushNotification,
    PushNotificationStatus,
    Recurrence,
    RecurrenceDay,
    RecurrenceFreq,
    ReminderRequest,
    SpokenInfo,
    SpokenText,
    Trigger,
    TriggerType,
)
from ask_sdk_model.services.service_client_factory import ServiceClientFactory
from ask_sdk_model.services.service_exception import ServiceException

from .alexa_api import DEFAULT_TIMEOUT_SECONDS
from .deadline import WRITE_RESERVE_SECONDS, current_deadline
from .domain.check_ins import WEEKLY, CheckInRequest, local_timestamp
from .domain.state import WEEKDAYS

logger = logging.getLogger(__name__)

REMINDERS_SCOPE = "alexa::alerts:reminders:skill:readwrite"
_FAILURES = (ServiceException, SerializationException, ApiClientException, ValueError)


class Outcome(Enum):
    DONE = "done"
    GONE = "gone"  # 404: the person deleted the reminder (e.g. in the Alexa app)
    NEEDS_PERMISSION = "needs_permission"  # 401: reminders permission not granted
    DEVICE_CANNOT = "device_cannot"  # 403: this device cannot take reminders
    FAILED = "failed"  # Alexa answered 429 or 5xx, nothing could connect, or no time was left
    UNKNOWN = "unknown"  # sent, but no answer came (a time-out): it may have been carried out


@dataclass(frozen=True)
class Result:
    """What became of one call to Alexa's Reminders API, and the reminder it concerns."""

    outcome: Outcome
    token: str | None = None


# What a call that never reached Alexa says: refused, no such host, or not HTTPS.
_NEVER_SENT = re.compile(
    r"refused|name or service not known|nodename nor servname|name resolution|non-https",
    re.IGNORECASE,
)


def _unanswered(error: Exception) -> bool:
    """A call that got no answer from Alexa but may have reached it (a time-out, a reset)."""
    if isinstance(error, ApiClientException):
        failed_call = True
    else:  # the SDK's wrapping of a failed call: status 500, but no headers of any answer
        failed_call = (
            isinstance(error, ServiceException)
            and error.headers is None
            and str(error).startswith("Call to service failed")
        )
    return failed_call and not _NEVER_SENT.search(str(error))


def _outcome(error: Exception) -> Outcome:
    if _unanswered(error):
        return Outcome.UNKNOWN
    status = getattr(error, "status_code", None)
    return {
        401: Outcome.NEEDS_PERMISSION,
        403: Outcome.DEVICE_CANNOT,
        404: Outcome.GONE,
    }.get(status if isinstance(status, int) else 0, Outcome.FAILED)


def _service_client_factory(handler_input: HandlerInput) -> ServiceClientFactory | None:
    """The SDK's factory, or None: its property raises when no API client is configured."""
    try:
        return handler_input.service_client_factory
    except ValueError:
        return None


def _mapping(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


_CLOCK_TIME = re.compile(r"T(\d{2}):(\d{2})")
_RULE_PART = re.compile(r"(FREQ|BYDAY|BYHOUR|BYMINUTE)=([A-Z0-9,]+)")


@dataclass(frozen=True)
class ListedReminder:
    """One reminder from Alexa's list: its token, when it was made, when it rings, its words.

    `freq` ("DAILY"/"WEEKLY"), `day` ("SU") and `time` ("19:00", local) come
    from its trigger, in the `freq`/`byDay` form this skill writes or the
    `recurrenceRules` form Alexa may answer with; None when Alexa did not say.
    """

    token: str
    texts: frozenset[str]
    created: str = ""
    freq: str | None = None
    day: str | None = None
    time: str | None = None

    @classmethod
    def of(cls, alert: object) -> ListedReminder | None:
        """Read from the list's JSON; None for an entry without a token or one that is done."""
        if not isinstance(alert, dict) or not isinstance(alert.get("alertToken"), str):
            return None
        if alert.get("status") == "COMPLETED":
            return None
        info = alert.get("alertInfo")
        spoken = info.get("spokenInfo") if isinstance(info, dict) else None
        content = spoken.get("content") if isinstance(spoken, dict) else None
        texts = frozenset(
            item["text"]
            for item in (content if isinstance(content, list) else [])
            if isinstance(item, dict) and isinstance(item.get("text"), str)
        )
        trigger = _mapping(alert.get("trigger"))
        recurrence = _mapping(trigger.get("recurrence"))
        rules = {
            name: value
            for rule in recurrence.get("recurrenceRules") or []
            if isinstance(rule, str)
            for name, value in _RULE_PART.findall(rule)
        }
        freq = recurrence.get("freq") or rules.get("FREQ")
        by_day = recurrence.get("byDay")
        day = by_day[0] if isinstance(by_day, list) and by_day else rules.get("BYDAY")
        day = day.split(",")[0] if isinstance(day, str) and day[:2] in WEEKDAYS else None
        scheduled = _CLOCK_TIME.search(str(trigger.get("scheduledTime") or ""))
        hour = rules.get("BYHOUR", "").split(",")[0]
        minute = (rules.get("BYMINUTE") or "0").split(",")[0]
        time: str | None = None
        if scheduled:
            time = f"{scheduled.group(1)}:{scheduled.group(2)}"
        elif hour.isdigit() and minute.isdigit():
            time = f"{int(hour):02d}:{int(minute):02d}"
        created = alert.get("createdTime")
        return cls(
            alert["alertToken"],
            texts,
            created=created if isinstance(created, str) else "",
            freq=freq if isinstance(freq, str) else None,
            day=day,
            time=time,
        )

    @property
    def age_order(self) -> tuple[str, str]:
        """Oldest first; the token breaks ties, so every device orders a list alike."""
        return (self.created, self.token)


class AlexaReminders:
    """The calls one request makes, within one time budget."""

    def __init__(self, handler_input: HandlerInput) -> None:
        self.handler_input = handler_input
        self._deadline = current_deadline()
        self._factory = _service_client_factory(handler_input)
        client = self._factory.api_configuration.api_client if self._factory else None
        self._call_seconds = float(getattr(client, "timeout", DEFAULT_TIMEOUT_SECONDS))

    def _may_call(self, what: str) -> ServiceClientFactory | None:
        """The SDK's client factory when a call may start now; None (and why, logged) if not."""
        if self._factory is None:
            logger.info("no Alexa API client configured; skipped %s", what)
            return None
        if not self._deadline.allows(self._call_seconds + WRITE_RESERVE_SECONDS):
            left = self._deadline.remaining()
            logger.warning("skipped %s: only %.1f s left to answer", what, left)
            return None
        return self._factory

    def _failed(self, what: str, error: Exception) -> Outcome:
        outcome = _outcome(error)
        logger.warning(
            "%s: %s (status %s, %s)",
            what,
            outcome.value,
            getattr(error, "status_code", None),
            type(error).__name__,
        )
        return outcome

    # --- Settings API ------------------------------------------------------------
    def time_zone(self) -> str | None:
        """The device's time zone ("Europe/London"), or None when it cannot be read."""
        context = self.handler_input.request_envelope.context
        system = context.system if context is not None else None
        device = system.device if system is not None else None
        device_id = device.device_id if device is not None else None
        factory = self._may_call("time zone") if device_id else None
        if factory is None:
            return None
        try:
            ups = factory.get_ups_service()
            zone = ups.get_system_time_zone(device_id)
        except _FAILURES as error:
            self._failed("time zone", error)
            return None
        return zone if isinstance(zone, str) and zone else None

    # --- Reminders API -----------------------------------------------------------
    def create(self, body: ReminderRequest) -> Result:
        factory = self._may_call("create reminder")
        if factory is None:
            return Result(Outcome.FAILED)
        try:
            client = factory.get_reminder_management_service()
            answer = client.create_reminder(body)
        except _FAILURES as error:
            return Result(self._failed("create reminder", error))
        token = getattr(answer, "alert_token", None)
        return Result(Outcome.DONE, token) if token else Result(Outcome.FAILED)

    def update(self, token: str, body: ReminderRequest) -> Result:
        factory = self._may_call("update reminder")
        if factory is None:
            return Result(Outcome.FAILED)
        try:
            client = factory.get_reminder_management_service()
            answer = client.update_reminder(token, body)
        except _FAILURES as error:
            return Result(self._failed("update reminder", error))
        return Result(Outcome.DONE, getattr(answer, "alert_token", None) or token)

    def delete(self, token: str) -> Outcome:
        factory = self._may_call("delete reminder")
        if factory is None:
            return Outcome.FAILED
        try:
            client = factory.get_reminder_management_service()
            client.delete_reminder(token)
        except _FAILURES as error:
            return self._failed("delete reminder", error)
        return Outcome.DONE

    def listed(self) -> list[ListedReminder] | None:
        """The skill's reminders for this person, as Alexa holds them; None when unknown.

        ask-sdk-model's `get_reminders` cannot read Alexa's answer, so the call
        goes through the same API client and its JSON is read here.
        """
        factory = self._may_call("list reminders")
        if factory is None:
            return None
        configuration = factory.api_configuration
        request = ApiClientRequest(
            headers=[
                ("Authorization", f"Bearer {configuration.authorization_value}"),
                ("Accept", "application/json"),
            ],
            method="GET",
            url=f"{str(configuration.api_endpoint).rstrip('/')}/v1/alerts/reminders",
        )
        try:
            answer = configuration.api_client.invoke(request)
            document = json.loads(answer.body or "null")
        except (ApiClientException, ValueError) as error:
            self._failed("list reminders", error)
            return None
        alerts = document.get("alerts") if isinstance(document, dict) else None
        if not 200 <= int(answer.status_code or 0) < 300 or not isinstance(alerts, list):
            logger.warning("list reminders: status %s, unreadable answer", answer.status_code)
            return None
        return [listed for alert in alerts if (listed := ListedReminder.of(alert)) is not None]


def reminder_body(
    request: CheckInRequest,
    first: datetime,
    zone: str | None,
    locale: str,
    text: str,
    now: datetime,
) -> ReminderRequest:
    """A recurring SCHEDULED_ABSOLUTE reminder in local time, carrying only `text`.

    Without a known zone, `timeZoneId` is left out and Alexa uses the
    device's own time zone, so the local time still holds.
    """
    if request.cadence == WEEKLY and request.day in WEEKDAYS:
        recurrence = Recurrence(freq=RecurrenceFreq.WEEKLY, by_day=[RecurrenceDay(request.day)])
    else:
        recurrence = Recurrence(freq=RecurrenceFreq.DAILY)
    return ReminderRequest(
        request_time=local_timestamp(now.astimezone(UTC)),  # type: ignore[arg-type]
        trigger=Trigger(
            object_type=TriggerType.SCHEDULED_ABSOLUTE,
            scheduled_time=local_timestamp(first),  # type: ignore[arg-type]
            time_zone_id=zone,
            recurrence=recurrence,
        ),
        alert_info=AlertInfo(
            spoken_info=SpokenInfo(content=[SpokenText(locale=locale, text=text)])
        ),
        push_notification=PushNotification(status=PushNotificationStatus.ENABLED),
    )


def device_time_zone(handler_input: HandlerInput) -> str | None:
    """The requesting device's time zone from Alexa's Settings API; None when unavailable."""
    return AlexaReminders(handler_input).time_zone()
