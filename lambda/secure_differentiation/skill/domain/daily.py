"""The skill of the day: one skill, the same all day, advancing through all twelve."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .state import SKILL_COUNT


def local_today(now: datetime, time_zone: str | None) -> date:
    """The person's calendar date: their time zone where known, else UTC."""
    zone = UTC
    if time_zone:
        try:
            zone = ZoneInfo(time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            zone = UTC
    return now.astimezone(zone).date()


def skill_of_the_day(today: date, anchor: date, focus_skill: int | None) -> int:
    """Skill number for `today` in a cycle that starts at the focus skill on `anchor`."""
    start = (focus_skill or 1) - 1
    return (start + (today - anchor).days) % SKILL_COUNT + 1


def practice_index(today: date, anchor: date, practice_count: int) -> int:
    """Which practice to offer: a different one each time the cycle comes round."""
    cycle = (today - anchor).days // SKILL_COUNT
    return cycle % practice_count


def parse_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def now_utc() -> datetime:
    return datetime.now(UTC)
