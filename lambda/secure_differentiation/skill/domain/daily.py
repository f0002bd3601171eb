"""The skill of the day: one skill, the same all day, advancing through all twelve."""

from __future__ import annotations

from datetime import date

from .state import SKILL_COUNT


def skill_of_the_day(today: date, anchor: date, focus_skill: int | None) -> int:
    """Skill number for `today` in a cycle that starts at the focus skill on `anchor`."""
    start = (focus_skill or 1) - 1
    return (start + (today - anchor).days) % SKILL_COUNT + 1


def practice_index(today: date, anchor: date, practice_count: int) -> int:
    """Which practice to offer: a different one each time the cycle comes round."""
    cycle = (today - anchor).days // SKILL_COUNT
    return cycle % practice_count
