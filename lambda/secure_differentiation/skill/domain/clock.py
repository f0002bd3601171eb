"""A person's calendar: dates and times in their own time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def zone_or_none(name: str | None) -> ZoneInfo | None:
    """The IANA zone called `name`, or None when there is no such zone."""
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def local_date(now: datetime, time_zone: str | None) -> date:
    """The calendar date at `now` in `time_zone`; UTC's when the zone is unknown."""
    return now.astimezone(zone_or_none(time_zone) or UTC).date()


def local_time(now: datetime, time_zone: str | None) -> datetime:
    """`now` as wall-clock time in `time_zone` (UTC's when unknown), without an offset."""
    return now.astimezone(zone_or_none(time_zone) or UTC).replace(tzinfo=None)


def parse_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def now_utc() -> datetime:
    """The real clock: only for requests that carry no usable timestamp."""
    return datetime.now(UTC)
