"""Counting noticed signs of threat per ISO week, for the weekly reflection."""

from __future__ import annotations

from datetime import date


def week_key(day: date) -> str:
    """ISO week label such as "2026-W48": the unit the weekly reflection reads."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def record_sign(log: dict[str, dict[str, int]], day: date, sign_id: str) -> int:
    """Count one more noticing of `sign_id` this week; return this week's count for it."""
    week = log.setdefault(week_key(day), {})
    week[sign_id] = week.get(sign_id, 0) + 1
    return week[sign_id]
