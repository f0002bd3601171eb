"""What a returning person hears first: a short welcome and at most one timely offer.

A person who opens the skill every day should not hear the same menu, the
same focus and the same offer every morning. The plan is pure: it reads the
state and the day, and says what to mention. A "not now" is respected for a
while; the focus is restated about once a week; and, over the weeks,
launches mention, as a tip, something the person has not tried yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .state import UserState

# After "not now", how long before the same offer is made again.
RESPECT_NOT_NOW = {
    "reflection": timedelta(days=3),
    "resume": timedelta(days=7),
}
# How often a suggestion, and a reminder of the focus, may come up.
SUGGEST_EVERY = timedelta(days=3)
MENTION_FOCUS_EVERY = timedelta(days=7)
# What launches suggest, in order, skipping what the person has tried.
SUGGESTIONS = ("sign", "daily", "walkthrough", "check_in", "progress")


@dataclass(frozen=True)
class Welcome:
    """What the launch says: which welcome, whether to name the focus, and one offer."""

    first_visit: bool
    mention_focus: bool = False
    offer: str | None = None  # "reflection", "resume", or a tip about one of SUGGESTIONS


def _waited(last: date | None, today: date, gap: timedelta) -> bool:
    return last is None or today - last >= gap


def plan(state: UserState, today: date, *, reflection_due: bool) -> Welcome:
    """The welcome for a launch on `today`."""
    if state.is_new:
        return Welcome(first_visit=True)
    mention = state.focus_skill is not None and _waited(
        state.offered.get("focus"), today, MENTION_FOCUS_EVERY
    )

    def not_declined(offer: str) -> bool:
        return _waited(state.declined.get(offer), today, RESPECT_NOT_NOW[offer])

    if reflection_due and not_declined("reflection"):
        return Welcome(False, mention, "reflection")
    walk = state.walkthrough
    if walk.in_progress and walk.position is not None and not_declined("resume"):
        return Welcome(False, mention, "resume")
    if _waited(state.offered.get("suggestion"), today, SUGGEST_EVERY):
        return Welcome(False, mention, suggestion(state, today))
    return Welcome(False, mention)


def suggestion(state: UserState, today: date) -> str | None:
    """Something from SUGGESTIONS the person has not tried, varying from one tip to the next."""
    untried = [
        feature
        for feature in SUGGESTIONS
        if feature not in state.tried
        and not (feature == "walkthrough" and state.walkthrough.position is not None)
        and not (feature == "progress" and not (state.reflections or state.threat_log))
    ]
    if not untried:
        return None
    return untried[(today.toordinal() // SUGGEST_EVERY.days) % len(untried)]
