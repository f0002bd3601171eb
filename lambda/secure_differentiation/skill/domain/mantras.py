"""Choosing the next mantra: never a recent one, leaning toward the focus skill."""

from __future__ import annotations

import random
from collections.abc import Sequence

from ..content import Mantra

# How often a mantra tied to the person's focus skill is chosen when one is free.
FOCUS_LEAN = 0.6


def choose_mantra(
    mantras: Sequence[Mantra],
    recent_ids: Sequence[str],
    rng: random.Random,
    *,
    focus_skill: int | None = None,
    skill: int | None = None,
    sign: str | None = None,
) -> Mantra:
    """Pick a mantra the person has not heard recently.

    A mantra asked for a skill or a sign is tied to it whenever the library has
    one not heard recently; otherwise, more often than not, one tied to the
    focus skill. The last mantra heard is never repeated, even when every other
    one has been heard recently too.
    """
    if not mantras:
        raise ValueError("no mantras to choose from")
    recent = set(recent_ids)
    last = recent_ids[-1] if recent_ids else None
    fresh = [m for m in mantras if m.id not in recent] or [m for m in mantras if m.id != last]
    if not fresh:  # a library of one mantra
        fresh = list(mantras)
    if skill is not None or sign is not None:
        tied = [m for m in fresh if (skill is None or skill in m.skills)]
        tied = [m for m in tied if (sign is None or sign in m.signs)]
        if tied:
            return rng.choice(tied)
    if focus_skill is not None and rng.random() < FOCUS_LEAN:
        for_focus = [m for m in fresh if focus_skill in m.skills]
        if for_focus:
            return rng.choice(for_focus)
    return rng.choice(fresh)


def remember(recent_ids: list[str], mantra_id: str, keep: int) -> list[str]:
    """The recent-mantra list after hearing one more, oldest dropped first."""
    return [*(m for m in recent_ids if m != mantra_id), mantra_id][-keep:]
