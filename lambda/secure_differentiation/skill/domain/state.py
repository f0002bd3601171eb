"""One person's stored state, as plain data.

Everything the skill remembers about a person lives in one `UserState`, saved as
one record keyed by their Alexa userId. Stored answers are structured (numbers,
ids, dates), never free speech. `from_attributes` is forgiving: a field that is
missing or malformed falls back to its default, so an old or damaged record can
never crash a request, and `to_attributes` always produces a record that passes
`validate_attributes`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeGuard

SKILL_COUNT = 12
RECENT_MANTRAS_KEPT = 60
THREAT_WEEKS_KEPT = 26
SCHEMA_VERSION = 1

REFLECTION_WEEKS_KEPT = 52
SIGN_IDS = ("defending", "judging", "disregarding", "harmonizing")
CHECK_IN_KINDS = ("daily", "weekly")
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# What a person can try; launch suggests, over the weeks, what they have not tried yet.
FEATURES_TRIED = (
    "mantra",
    "sign",
    "walkthrough",
    "daily",
    "reflection",
    "check_in",
    "progress",
)
# What launches offer or mention, dated so that none comes back too soon (domain/visits.py).
OFFERS = ("reflection", "resume", "suggestion", "focus")
# Practices counted week by week, for progress.
PRACTICES = ("self_empathy", "daily")
# What a person can stop midway and "resume" (features/resume.py).
RESUMABLE = ("self_empathy", "reflection", "walkthrough")
# The weekly reflection's questions, in order.
REFLECTION_STEPS = ("practised", "signs", "presence", "focus", "choose_focus")

_WEEK_KEY = re.compile(r"^\d{4}-W\d{2}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def is_int(value: Any) -> TypeGuard[int]:
    """An int, and not a bool (which Python counts as one)."""
    return isinstance(value, int) and not isinstance(value, bool)


def is_skill_number(value: Any) -> TypeGuard[int]:
    return is_int(value) and 1 <= value <= SKILL_COUNT


def _date(raw: Any) -> date | None:
    if not (isinstance(raw, str) and _DATE.match(raw)):
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:  # "2026-02-30"
        return None


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


@dataclass
class Walkthrough:
    """Where a person is in the guided walk through the twelve skills.

    `position` is the skill currently being presented (1-12), or None before
    the first start. `answers` maps skill number to "I already do this with
    some consistency and confidence" (True) or not (False); skipped skills
    have no entry.
    """

    position: int | None = None
    answers: dict[int, bool] = field(default_factory=dict)
    finished: bool = False

    @property
    def in_progress(self) -> bool:
        return self.position is not None and not self.finished

    def to_attributes(self) -> dict[str, Any]:
        return {
            "position": self.position,
            "answers": {str(number): done for number, done in sorted(self.answers.items())},
            "finished": self.finished,
        }

    @classmethod
    def from_attributes(cls, raw: Any) -> Walkthrough:
        if not isinstance(raw, dict):
            return cls()
        position = raw.get("position")
        answers: dict[int, bool] = {}
        raw_answers = raw.get("answers")
        if isinstance(raw_answers, dict):
            for key, value in raw_answers.items():
                if str(key).isdigit() and is_skill_number(int(key)) and isinstance(value, bool):
                    answers[int(key)] = value
        return cls(
            position=position if is_skill_number(position) else None,
            answers=answers,
            finished=raw.get("finished") is True,
        )


def _skill_list(raw: Any) -> list[int]:
    return sorted({n for n in raw if is_skill_number(n)}) if isinstance(raw, list) else []


def _sign_list(raw: Any) -> list[str]:
    return sorted({s for s in raw if s in SIGN_IDS}) if isinstance(raw, list) else []


@dataclass
class CheckIn:
    """A scheduled Alexa reminder: daily, or weekly on `day`. `token` is Alexa's alertToken."""

    time: str  # "HH:MM", the person's local time
    token: str
    day: str | None = None  # "MO".."SU" for weekly check-ins

    def to_attributes(self) -> dict[str, Any]:
        return {"time": self.time, "token": self.token, "day": self.day}

    @classmethod
    def from_attributes(cls, raw: Any) -> CheckIn | None:
        if not isinstance(raw, dict):
            return None
        time, token, day = raw.get("time"), raw.get("token"), raw.get("day")
        if not (isinstance(time, str) and _TIME.match(time) and isinstance(token, str) and token):
            return None
        return cls(time=time, token=token, day=day if day in WEEKDAYS else None)


@dataclass
class Reflection:
    """One week's reflection, as structured answers (never free speech).

    `step` is where an unfinished reflection stopped; None once it is complete.
    """

    practised: list[int] = field(default_factory=list)
    signs: list[str] = field(default_factory=list)
    presence: int | None = None  # 1..5: how present the focus skill was
    focus: int | None = None  # the focus skill the week was reflected against
    step: str | None = None
    done_on: str | None = None  # the date it was completed

    @property
    def complete(self) -> bool:
        return self.step is None and self.done_on is not None

    def to_attributes(self) -> dict[str, Any]:
        return {
            "practised": sorted(set(self.practised)),
            "signs": sorted(set(self.signs)),
            "presence": self.presence,
            "focus": self.focus,
            "step": self.step,
            "done_on": self.done_on,
        }

    @classmethod
    def from_attributes(cls, raw: Any) -> Reflection | None:
        if not isinstance(raw, dict):
            return None
        presence, focus, step = raw.get("presence"), raw.get("focus"), raw.get("step")
        done_on = raw.get("done_on")
        return cls(
            practised=_skill_list(raw.get("practised")),
            signs=_sign_list(raw.get("signs")),
            presence=presence if is_int(presence) and 1 <= presence <= 5 else None,
            focus=focus if is_skill_number(focus) else None,
            step=step if step in REFLECTION_STEPS else None,
            done_on=done_on if _date(done_on) else None,
        )


@dataclass
class Draft:
    """A reflection being answered: the ISO week it is for, and the answers so far.

    A finished week stays in `UserState.reflections` untouched while an update
    of it is a draft: the update replaces it only once it is finished too.
    """

    week: str
    reflection: Reflection

    def to_attributes(self) -> dict[str, Any]:
        return {"week": self.week, **self.reflection.to_attributes()}

    @classmethod
    def from_attributes(cls, raw: Any) -> Draft | None:
        reflection = Reflection.from_attributes(raw)
        week = raw.get("week") if isinstance(raw, dict) else None
        if reflection is None or reflection.step is None or not _is_week(week):
            return None
        return cls(week=str(week), reflection=reflection)


def _is_week(value: Any) -> bool:
    return isinstance(value, str) and bool(_WEEK_KEY.match(value))


@dataclass
class UserState:
    """Everything remembered about one person."""

    focus_skill: int | None = None
    recent_mantras: list[str] = field(default_factory=list)
    walkthrough: Walkthrough = field(default_factory=Walkthrough)
    # ISO week ("2026-W48") -> threat sign id -> times noticed that week.
    threat_log: dict[str, dict[str, int]] = field(default_factory=dict)
    # The day the skill-of-the-day cycle started from the focus skill.
    daily_anchor: str | None = None
    # The device's IANA time zone, and the UTC date it was last read from Alexa.
    time_zone: str | None = None
    time_zone_checked: date | None = None
    visits: int = 0
    # Alexa permission scopes the person granted (from skill events), sorted.
    granted_permissions: list[str] = field(default_factory=list)
    # "daily" / "weekly" -> the reminder Alexa confirmed.
    check_ins: dict[str, CheckIn] = field(default_factory=dict)
    # ISO week ("2026-W48") -> that week's finished reflection.
    reflections: dict[str, Reflection] = field(default_factory=dict)
    # A reflection being answered (a first one for its week, or an update).
    draft: Draft | None = None
    # The first day the person used the skill: when a weekly reflection becomes due.
    first_seen: str | None = None
    # What the person has tried (FEATURES_TRIED), for suggestions of what they have not.
    tried: list[str] = field(default_factory=list)
    # Offer (OFFERS) -> the last day the person said "not now" to it, or it was made.
    declined: dict[str, date] = field(default_factory=dict)
    offered: dict[str, date] = field(default_factory=dict)
    # Where a paused guided self-empathy practice stands (its next part), if one is paused.
    self_empathy_at: int | None = None
    # Which of RESUMABLE the person last stopped midway: what "resume" goes back to.
    left: str | None = None
    # ISO week -> practice (PRACTICES) -> how many that week: self-empathy practices
    # finished, and days a practice of the day was heard.
    practice_log: dict[str, dict[str, int]] = field(default_factory=dict)
    # The last day a practice of the day was heard (counted once a day).
    daily_heard_on: date | None = None

    @property
    def is_new(self) -> bool:
        return self.visits == 0

    def to_attributes(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA_VERSION,
            "focus_skill": self.focus_skill,
            "recent_mantras": list(self.recent_mantras[-RECENT_MANTRAS_KEPT:]),
            "walkthrough": self.walkthrough.to_attributes(),
            "threat_log": {
                week: dict(sorted(counts.items()))
                for week, counts in sorted(self.threat_log.items())[-THREAT_WEEKS_KEPT:]
            },
            "daily_anchor": self.daily_anchor,
            "time_zone": self.time_zone,
            "time_zone_checked": _iso(self.time_zone_checked),
            "visits": self.visits,
            "granted_permissions": sorted(set(self.granted_permissions)),
            "check_ins": {
                kind: check_in.to_attributes() for kind, check_in in sorted(self.check_ins.items())
            },
            "reflections": {
                week: reflection.to_attributes()
                for week, reflection in sorted(self.reflections.items())[-REFLECTION_WEEKS_KEPT:]
                if reflection.complete
            },
            "draft": self.draft.to_attributes() if self.draft is not None else None,
            "first_seen": self.first_seen,
            "tried": sorted(set(self.tried) & set(FEATURES_TRIED)),
            "declined": _day_map(self.declined),
            "offered": _day_map(self.offered),
            "self_empathy_at": self.self_empathy_at,
            "left": self.left if self.left in RESUMABLE else None,
            "practice_log": {
                week: {kind: n for kind, n in sorted(counts.items()) if kind in PRACTICES}
                for week, counts in sorted(self.practice_log.items())[-THREAT_WEEKS_KEPT:]
            },
            "daily_heard_on": _iso(self.daily_heard_on),
        }

    @classmethod
    def from_attributes(cls, raw: Any) -> UserState:
        if not isinstance(raw, dict):
            return cls()
        focus = raw.get("focus_skill")
        recent = raw.get("recent_mantras")
        threat_log: dict[str, dict[str, int]] = {}
        raw_log = raw.get("threat_log")
        if isinstance(raw_log, dict):
            for week, counts in raw_log.items():
                if _is_week(week) and isinstance(counts, dict):
                    threat_log[week] = {
                        str(sign): count
                        for sign, count in counts.items()
                        if is_int(count) and count > 0
                    }
        anchor = raw.get("daily_anchor")
        time_zone = raw.get("time_zone")
        visits = raw.get("visits")
        granted = raw.get("granted_permissions")
        check_ins: dict[str, CheckIn] = {}
        raw_check_ins = raw.get("check_ins")
        if isinstance(raw_check_ins, dict):
            for kind in CHECK_IN_KINDS:
                check_in = CheckIn.from_attributes(raw_check_ins.get(kind))
                if check_in is not None:
                    check_ins[kind] = check_in
        reflections, unfinished = _reflections(raw.get("reflections"))
        draft = Draft.from_attributes(raw.get("draft")) or unfinished
        first_seen = raw.get("first_seen")
        tried = raw.get("tried")
        at = raw.get("self_empathy_at")
        left = raw.get("left")
        return cls(
            focus_skill=focus if is_skill_number(focus) else None,
            recent_mantras=[m for m in recent if isinstance(m, str)][-RECENT_MANTRAS_KEPT:]
            if isinstance(recent, list)
            else [],
            walkthrough=Walkthrough.from_attributes(raw.get("walkthrough")),
            threat_log=threat_log,
            daily_anchor=anchor if _date(anchor) else None,
            time_zone=time_zone if isinstance(time_zone, str) and time_zone else None,
            time_zone_checked=_date(raw.get("time_zone_checked")),
            visits=visits if is_int(visits) else 0,
            granted_permissions=sorted({g for g in granted if isinstance(g, str) and g})
            if isinstance(granted, list)
            else [],
            check_ins=check_ins,
            reflections=reflections,
            draft=draft,
            first_seen=first_seen if _date(first_seen) else None,
            tried=sorted({t for t in tried if t in FEATURES_TRIED})
            if isinstance(tried, list)
            else [],
            declined=_read_day_map(raw.get("declined")),
            offered=_read_day_map(raw.get("offered")),
            self_empathy_at=at if is_int(at) and at >= 0 else None,
            left=left if left in RESUMABLE else None,
            practice_log=_practice_log(raw.get("practice_log")),
            daily_heard_on=_date(raw.get("daily_heard_on")),
        )


def _reflections(raw: Any) -> tuple[dict[str, Reflection], Draft | None]:
    """Finished reflections by week, and the latest unfinished one as a draft.

    Records written before drafts existed kept a reflection in progress among
    the finished ones; it becomes the draft, so nothing answered is lost.
    """
    finished: dict[str, Reflection] = {}
    unfinished: Draft | None = None
    if not isinstance(raw, dict):
        return finished, None
    for week, entry in sorted(raw.items(), key=lambda item: str(item[0])):
        reflection = Reflection.from_attributes(entry)
        if not _is_week(week) or reflection is None:
            continue
        if reflection.complete:
            finished[week] = reflection
        elif reflection.step is not None:
            unfinished = Draft(week=week, reflection=reflection)
    return finished, unfinished


def _practice_log(raw: Any) -> dict[str, dict[str, int]]:
    if not isinstance(raw, dict):
        return {}
    return {
        week: {k: n for k, n in counts.items() if k in PRACTICES and is_int(n) and n > 0}
        for week, counts in raw.items()
        if _is_week(week) and isinstance(counts, dict)
    }


def _day_map(days: dict[str, date]) -> dict[str, str]:
    return {name: day.isoformat() for name, day in sorted(days.items()) if name in OFFERS}


def _read_day_map(raw: Any) -> dict[str, date]:
    if not isinstance(raw, dict):
        return {}
    days = {name: _date(value) for name, value in raw.items() if name in OFFERS}
    return {name: day for name, day in days.items() if day is not None}


def validate_attributes(raw: Any) -> list[str]:
    """Return what is wrong with a stored record (empty when it is well formed).

    Used by tests and fuzzing to prove that nothing the skill writes can fail
    its own schema.
    """
    problems: list[str] = []
    if not isinstance(raw, dict):
        return ["record is not a mapping"]
    if raw.get("schema") != SCHEMA_VERSION:
        problems.append("schema version missing or unknown")
    normalised = UserState.from_attributes(raw).to_attributes()
    for key, value in normalised.items():
        if raw.get(key) != value:
            problems.append(f"field {key!r} is malformed: {raw.get(key)!r}")
    return problems


def log_practice(state: UserState, week: str, kind: str) -> None:
    """Count one more practice of `kind` ("daily", "grounding", "self_empathy") in `week`."""
    counts = state.practice_log.setdefault(week, {})
    counts[kind] = counts.get(kind, 0) + 1
