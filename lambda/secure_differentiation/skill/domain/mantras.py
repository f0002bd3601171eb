"""Choosing the next mantra: from the pool asked for, never one heard in the last half of it.

The pool is what the person draws from: the mantras tied to a skill or a sign when
one is asked for ("a mantra for listening", the anchor after noticing a sign), else,
more often than not, those tied to their focus skill, else the whole library. No
mantra comes back until at least half of its pool has been heard since: the last
`len(pool) // 2` mantras heard from that pool are left out.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from ..content import Mantra

# How often a mantra asked for with nothing named comes from the focus skill's pool.
FOCUS_LEAN = 0.7


def pool_for(
    mantras: Sequence[Mantra],
    rng: random.Random,
    *,
    focus_skill: int | None = None,
    skill: int | None = None,
    sign: str | None = None,
) -> list[Mantra]:
    """The mantras to draw from: tied to what is asked for, or leaning toward the focus."""
    if skill is not None or sign is not None:
        tied = [
            m
            for m in mantras
            if (skill is None or skill in m.skills) and (sign is None or sign in m.signs)
        ]
        return tied or list(mantras)
    if focus_skill is not None and rng.random() < FOCUS_LEAN:
        for_focus = [m for m in mantras if focus_skill in m.skills]
        if for_focus:
            return for_focus
    return list(mantras)


def held_back(pool: Sequence[Mantra], recent_ids: Sequence[str]) -> set[str]:
    """The pool's mantras heard most recently: as many as half the pool."""
    in_pool = {m.id for m in pool}
    heard: list[str] = []
    for mantra_id in reversed(recent_ids):
        if len(heard) >= len(pool) // 2:
            break
        if mantra_id in in_pool and mantra_id not in heard:
            heard.append(mantra_id)
    return set(heard)


def choose_mantra(
    mantras: Sequence[Mantra],
    recent_ids: Sequence[str],
    rng: random.Random,
    *,
    focus_skill: int | None = None,
    skill: int | None = None,
    sign: str | None = None,
) -> Mantra:
    """A mantra from the pool asked for that was not heard in the last half of that pool."""
    if not mantras:
        raise ValueError("no mantras to choose from")
    pool = pool_for(mantras, rng, focus_skill=focus_skill, skill=skill, sign=sign)
    recent = held_back(pool, recent_ids)
    return rng.choice([m for m in pool if m.id not in recent])


def remember(recent_ids: list[str], mantra_id: str, keep: int) -> list[str]:
    """The recent-mantra list after hearing one more, oldest dropped first."""
    return [*(m for m in recent_ids if m != mantra_id), mantra_id][-keep:]
