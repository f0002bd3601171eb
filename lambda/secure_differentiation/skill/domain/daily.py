"""The skill of the day: the focus at the centre, the skills that support it around it.

The rule, counted in days from the day the person chose their focus (the anchor):
in every seven days, the focus skill is the skill of the day on five, and on the
third and the sixth day a skill related to it takes its place, the related skills
taking turns. Before a focus is chosen, the days walk through all twelve skills.

Each time a skill comes round it brings its next practice, among those that fit
the hour the person asks at (any-hour ones, and the ones for that part of the day).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from .state import SKILL_COUNT

DAYS_IN_A_ROUND = 7
# Which days of each round of seven (counted from 0) go to a related skill.
RELATED_DAYS = (2, 5)


@dataclass(frozen=True)
class DailySkill:
    """Today's skill, whether it is the focus, and how many times it came round before."""

    number: int
    is_focus: bool
    times_before: int

    def practice_index(self, practice_count: int) -> int:
        """Which of the practices on offer: the next one each time the skill comes round."""
        return self.times_before % practice_count if practice_count else 0


def skill_of_the_day(
    today: date,
    anchor: date,
    focus_skill: int | None,
    related: Mapping[int, Sequence[int]],
) -> DailySkill:
    """Today's skill for someone whose cycle started on `anchor` (see the module's rule)."""
    days = max(0, (today - anchor).days)
    if focus_skill is None:
        return DailySkill(days % SKILL_COUNT + 1, False, days // SKILL_COUNT)
    rounds, day = divmod(days, DAYS_IN_A_ROUND)
    others = [n for n in related.get(focus_skill, ()) if n != focus_skill]
    if day in RELATED_DAYS and others:
        turn = rounds * len(RELATED_DAYS) + RELATED_DAYS.index(day)
        return DailySkill(others[turn % len(others)], False, turn // len(others))
    focus_days = DAYS_IN_A_ROUND - len(RELATED_DAYS) if others else DAYS_IN_A_ROUND
    earlier_today = day - sum(1 for d in RELATED_DAYS if d < day) if others else day
    return DailySkill(focus_skill, True, rounds * focus_days + earlier_today)
