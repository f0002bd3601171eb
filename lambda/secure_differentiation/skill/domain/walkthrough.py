"""Walking the twelve skills: position moves, answers, and the closing summary."""

from __future__ import annotations

import random

from .state import SKILL_COUNT, Walkthrough


def start(walk: Walkthrough, *, from_beginning: bool = False) -> int:
    """Begin, or resume where the person left off; return the skill to present."""
    if from_beginning or walk.position is None or walk.finished:
        walk.position = 1
        walk.finished = False
        if from_beginning:
            walk.answers.clear()
    return walk.position


def go_to(walk: Walkthrough, number: int) -> int:
    if not 1 <= number <= SKILL_COUNT:
        raise ValueError(number)
    walk.position = number
    walk.finished = False
    return number


def advance(walk: Walkthrough) -> int | None:
    """Move to the next skill; None when the last one has been presented."""
    current = walk.position or 0
    if current >= SKILL_COUNT:
        walk.finished = True
        return None
    walk.position = current + 1
    walk.finished = False
    return walk.position


def back(walk: Walkthrough) -> int:
    """Move to the previous skill, staying on the first one at the start."""
    walk.position = max(1, (walk.position or 1) - 1)
    walk.finished = False
    return walk.position


def record_answer(walk: Walkthrough, number: int, already_consistent: bool) -> None:
    walk.answers[number] = already_consistent


def strengths(walk: Walkthrough) -> list[int]:
    """Skills the person said they already practise with consistency and confidence."""
    return sorted(n for n, done in walk.answers.items() if done)


def growth_edges(walk: Walkthrough) -> list[int]:
    """Skills the person said they do not yet practise consistently."""
    return sorted(n for n, done in walk.answers.items() if not done)


def suggest_focus(walk: Walkthrough, rng: random.Random) -> int:
    """A skill to suggest as the focus: one the person said is not steady yet, else one
    they have not answered, else mindful noticing (skill 12), where every practice starts."""
    edges = growth_edges(walk)
    if edges:
        return rng.choice(edges)
    unanswered = [n for n in range(1, SKILL_COUNT + 1) if n not in walk.answers]
    return rng.choice(unanswered) if unanswered else SKILL_COUNT
