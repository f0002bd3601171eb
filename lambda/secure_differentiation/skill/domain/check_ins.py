"""Scheduled check-ins as plain data: what was asked, when it fires, how it is spoken.

A check-in is an Alexa reminder, daily or weekly on one day, at a local time.
This module reads slot values (AMAZON.TIME, AMAZON.DayOfWeek), works out the
first time a reminder fires in the person's time zone, and packs a pending
check-in into the short token that travels through Alexa's permission prompt.
Nothing here knows about the ASK SDK.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .state import CHECK_IN_KINDS, WEEKDAYS, CheckIn

DAILY, WEEKLY = CHECK_IN_KINDS

# AMAZON.TIME's parts of the day, and the time a check-in takes for each.
PART_OF_DAY_TIMES = {"MO": "08:00", "AF": "13:00", "EV": "19:00", "NI": "21:00"}
# AMAZON.DayOfWeek values (English day names) and the Reminders API's byDay codes.
DAY_CODES = {
    "monday": "MO",
    "tuesday": "TU",
    "wednesday": "WE",
    "thursday": "TH",
    "friday": "FR",
    "saturday": "SA",
    "sunday": "SU",
}
DAY_NAMES = {code: name.capitalize() for name, code in DAY_CODES.items()}

_HH_MM = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
_TOKEN = re.compile(
    r"^check-in:(?:daily:(?P<daily>\d\d:\d\d)"
    r"|weekly:(?P<day>MO|TU|WE|TH|FR|SA|SU):(?P<weekly>\d\d:\d\d))$"
)


@dataclass(frozen=True)
class CheckInRequest:
    """A check-in being set up: cadence, and the day and time once known."""

    cadence: str  # "daily" / "weekly"
    time: str | None = None  # "HH:MM", local
    day: str | None = None  # "MO".."SU", weekly only

    @property
    def missing(self) -> str | None:
        """What still has to be asked: "day", "time", or None when complete."""
        if self.cadence == WEEKLY and self.day is None:
            return "day"
        if self.time is None:
            return "time"
        return None

    def with_answers(self, time: str | None, day: str | None) -> CheckInRequest:
        """Fill in (or change) the time and day from an answer; a day makes it weekly."""
        cadence = WEEKLY if day is not None else self.cadence
        return replace(
            self,
            cadence=cadence,
            time=time or self.time,
            day=(day or self.day) if cadence == WEEKLY else None,
        )

    def valid(self) -> bool:
        """Whether every detail is one the skill could have set (a session can carry anything)."""
        return (
            self.cadence in CHECK_IN_KINDS
            and (self.time is None or bool(_HH_MM.match(self.time)))
            and (self.day is None or self.day in WEEKDAYS)
        )

    def stored(self, token: str) -> CheckIn:
        """What is kept once Alexa has confirmed the reminder."""
        return CheckIn(time=self.time or "", token=token, day=self.day)


def read_time(value: str | None) -> str | None:
    """An AMAZON.TIME value as "HH:MM": "07:30" stays, "EV" becomes "19:00"; else None."""
    if not value:
        return None
    value = value.strip().upper()
    if value in PART_OF_DAY_TIMES:
        return PART_OF_DAY_TIMES[value]
    match = _HH_MM.match(value)
    return f"{int(match.group(1)):02d}:{match.group(2)}" if match else None


def read_day(value: str | None) -> str | None:
    """An AMAZON.DayOfWeek value ("sunday", "Sundays") as a byDay code ("SU"); else None."""
    if not value:
        return None
    name = value.strip().lower()
    return DAY_CODES.get(name) or DAY_CODES.get(name.removesuffix("s"))


def spoken_time(hh_mm: str) -> str:
    """A time for the ear: "08:00" -> "8 AM", "19:30" -> "7:30 PM"."""
    hour, minute = (int(part) for part in hh_mm.split(":"))
    suffix = "AM" if hour < 12 else "PM"
    hour = hour % 12 or 12
    return f"{hour} {suffix}" if minute == 0 else f"{hour}:{minute:02d} {suffix}"


def encode_token(request: CheckInRequest) -> str:
    """The permission prompt's token: the check-in's shape only, nothing personal."""
    if request.cadence == WEEKLY:
        return f"check-in:weekly:{request.day}:{request.time}"
    return f"check-in:daily:{request.time}"


def decode_token(token: str | None) -> CheckInRequest | None:
    """The check-in a permission prompt was for, or None for any other token."""
    match = _TOKEN.match(token or "")
    if match is None:
        return None
    if match.group("daily"):
        hh_mm = read_time(match.group("daily"))
        return CheckInRequest(DAILY, hh_mm) if hh_mm else None
    hh_mm = read_time(match.group("weekly"))
    return CheckInRequest(WEEKLY, hh_mm, match.group("day")) if hh_mm else None


def first_occurrence(now: datetime, zone: ZoneInfo | None, request: CheckInRequest) -> datetime:
    """When the reminder first fires, as the person's local wall-clock time (naive).

    The next time of day (today if still ahead, else tomorrow), on the
    requested weekday for weekly check-ins. Without a known zone, UTC dates it.
    """
    local_now = now.astimezone(zone or UTC).replace(tzinfo=None)
    hour, minute = (int(part) for part in (request.time or "00:00").split(":"))
    candidate = datetime.combine(local_now.date(), time(hour, minute))
    if request.cadence == WEEKLY and request.day in WEEKDAYS:
        ahead = (WEEKDAYS.index(request.day) - candidate.weekday()) % 7
        candidate += timedelta(days=ahead)
        if candidate <= local_now:
            candidate += timedelta(days=7)
    elif candidate <= local_now:
        candidate += timedelta(days=1)
    return candidate


def local_timestamp(moment: datetime) -> str:
    """ISO 8601 with milliseconds and no offset, as the Reminders API wants local times."""
    return moment.replace(tzinfo=None).isoformat(timespec="milliseconds")
