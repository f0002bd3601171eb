"""How often everyday phrasings resolve to the right intent and slots.

    .venv/bin/python benchmarks/nlu_accuracy.py                  # held-out test set, both resolvers
    .venv/bin/python benchmarks/nlu_accuracy.py --set dev --show-failures
    .venv/bin/python benchmarks/nlu_accuracy.py --resolver console --json

The phrasings in benchmarks/phrasings/ were written apart from the interaction model's
samples, so the figures say how well the model copes with words it was not written from.
Two resolvers are measured: the console's (tools/nlu.py, over the model) and virtual-alexa
(npm, benchmarks/virtual_alexa/, installed by `.ci/run` or `npm ci --prefix
benchmarks/virtual_alexa`). The test set is held out: its failing phrasings are not printed
unless --i-am-not-writing-the-model is given, so whoever writes the model sees only figures.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "lambda")]

from secure_differentiation.tools.nlu import (  # noqa: E402 - after the path is set
    ModelResolver,
    normalize,
    parse_day,
    parse_number,
    parse_time,
)

PHRASINGS_DIR = ROOT / "benchmarks" / "phrasings"
VIRTUAL_ALEXA_DIR = ROOT / "benchmarks" / "virtual_alexa"
DEFAULT_MODEL = ROOT / "interaction_models" / "en-US.json"
SETS = {
    "dev": PHRASINGS_DIR / "dev.en-US.json",
    "test": PHRASINGS_DIR / "test.en-US.json",
    "misfires": PHRASINGS_DIR / "misfires.en-US.json",
}
HELD_OUT = {"test"}
RESOLVERS = ("console", "virtual-alexa")
FALLBACK = "AMAZON.FallbackIntent"
NOT_RESOLVED = "<not resolved>"

_ORDINALS = (
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
    "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
    "eighteenth", "nineteenth", "twentieth",
)  # fmt: skip
_ORDINAL_DIGITS = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)$")
_QUARTERS = re.compile(r"^(?:at )?(half|quarter) (past|after|to) (\S+)(.*)$")


@dataclass(frozen=True)
class Phrasing:
    """One thing a person says, and what it should resolve to.

    A misfire phrasing lists every acceptable intent (`accept`) and only the slots that
    must be there; a dev or test phrasing has exactly one intent and exactly its slots.
    """

    say: str
    accept: tuple[str, ...]
    slots: dict[str, str]
    one_shot: bool
    exact_slots: bool

    @property
    def intent(self) -> str:
        return self.accept[0]


@dataclass(frozen=True)
class Outcome:
    """What a resolver made of a phrasing: a request kind, an intent and slot values.

    Slot values are in Alexa's formats: custom slots by resolved id, built-in ones as
    Alexa sends them ("7", "19:30", "sunday").
    """

    kind: str
    intent: str | None
    slots: dict[str, str]
    one_shot: bool


@dataclass
class Tally:
    """Counts for one expected intent (or the whole set)."""

    total: int = 0
    intent_right: int = 0
    all_right: int = 0

    def add(self, intent_right: bool, all_right: bool) -> None:
        self.total += 1
        self.intent_right += intent_right
        self.all_right += all_right

    def as_dict(self) -> dict[str, float | int]:
        return {
            "phrasings": self.total,
            "intent_right": self.intent_right,
            "intent_and_slots_right": self.all_right,
            "intent_accuracy": _ratio(self.intent_right, self.total),
            "accuracy": _ratio(self.all_right, self.total),
        }


@dataclass
class Report:
    """One resolver's figures on one set; `failures` holds (phrasing, outcome) pairs."""

    resolver: str
    set_name: str
    overall: Tally = field(default_factory=Tally)
    per_intent: dict[str, Tally] = field(default_factory=dict)
    failures: list[tuple[Phrasing, Outcome]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        """Share of phrasings with the right intent and exactly the right slots."""
        return _ratio(self.overall.all_right, self.overall.total)

    @property
    def intent_accuracy(self) -> float:
        return _ratio(self.overall.intent_right, self.overall.total)


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


# -- the sets -----------------------------------------------------------------------------


def load_set(name_or_path: str | Path) -> list[Phrasing]:
    """A phrasing set by name ("dev", "test", "misfires") or path."""
    path = SETS.get(str(name_or_path), Path(name_or_path))
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    phrasings = []
    for entry in data["phrasings"]:
        if "accept" in entry:
            accept, exact = tuple(entry["accept"]), False
        else:
            accept, exact = (entry["intent"],), True
        phrasings.append(
            Phrasing(
                say=entry["say"],
                accept=accept,
                slots={name: str(value) for name, value in entry.get("slots", {}).items()},
                one_shot=bool(entry.get("one_shot", False)),
                exact_slots=exact,
            )
        )
    return phrasings


# Slots the model fills only to hear more ways of saying an intent, never read by the skill:
# the crisis intent's person ("my husband hits me") and self_harm ("I want to die").
# The sets were written before they existed, so their labels name none; they are not scored.
INFORMATIONAL_SLOTS = {"CrisisIntent": frozenset({"person", "self_harm"})}


def judge(phrasing: Phrasing, outcome: Outcome) -> tuple[bool, bool]:
    """(intent right, intent and slots right) for one phrasing."""
    intent_right = (
        outcome.kind == "intent"
        and outcome.intent in phrasing.accept
        and outcome.one_shot == phrasing.one_shot
    )
    ignored = INFORMATIONAL_SLOTS.get(outcome.intent or "", frozenset())
    filled = {name: value for name, value in outcome.slots.items() if name not in ignored}
    if phrasing.exact_slots:
        slots_right = filled == phrasing.slots
    else:
        slots_right = all(filled.get(k) == v for k, v in phrasing.slots.items())
    return intent_right, intent_right and slots_right


# -- Alexa's slot value formats -----------------------------------------------------------


def parse_ordinal(text: str) -> str | None:
    """AMAZON.Ordinal's value: "third" or "3rd" -> "3"."""
    words = normalize(text).split()
    while words and words[0] == "the":
        words = words[1:]
    word = " ".join(words)
    if word in _ORDINALS:
        return str(_ORDINALS.index(word) + 1)
    digits = _ORDINAL_DIGITS.match(word)
    return str(int(digits.group(1))) if digits else None


def spoken_time(text: str) -> str | None:
    """AMAZON.TIME's value for words said, "half past seven pm" included.

    The console's parse_time does clock readings; Alexa also reads half past and quarter
    to, so virtual-alexa's raw words are read here with those added.
    """
    normalized = normalize(text)
    quarters = _QUARTERS.match(normalized)
    if quarters is None:
        return parse_time(normalized)
    amount, direction, hour_word, rest = quarters.groups()
    hour_digits = parse_number(hour_word)
    if hour_digits is None:
        return None
    hour, minute = int(hour_digits), 30 if amount == "half" else 15
    if direction == "to":
        if amount == "half":
            return None
        hour, minute = (hour - 1) % 12 or 12, 45
    return parse_time(f"{hour} {minute}{rest}")


_BUILT_IN_VALUES = {
    "AMAZON.NUMBER": parse_number,
    "AMAZON.TIME": spoken_time,
    "AMAZON.DayOfWeek": parse_day,
    "AMAZON.Ordinal": parse_ordinal,
}


# -- resolvers ----------------------------------------------------------------------------


def console_outcomes(phrasings: Sequence[Phrasing], model_path: Path) -> list[Outcome]:
    """The console resolver's answer for each phrasing, slots as the skill receives them."""
    resolver = ModelResolver(model_path)
    outcomes = []
    for phrasing in phrasings:
        resolution = resolver.resolve(phrasing.say)
        types = resolver.slot_types(resolution.intent) if resolution.intent else {}
        slots: dict[str, str] = {}
        for name, slot in resolution.slots.items():
            if types.get(name, "").startswith("AMAZON."):
                slots[name] = slot.value
            else:
                slots[name] = slot.resolved_id or NOT_RESOLVED
        outcomes.append(Outcome(resolution.kind, resolution.intent, slots, resolution.one_shot))
    return outcomes


def virtual_alexa_unavailable() -> str | None:
    """Why virtual-alexa cannot run here, or None when it can."""
    if shutil.which("node") is None:
        return "node is not on PATH"
    if not (VIRTUAL_ALEXA_DIR / "node_modules" / "virtual-alexa" / "package.json").exists():
        return "virtual-alexa is not installed (npm ci --prefix benchmarks/virtual_alexa)"
    return None


def virtual_alexa_outcomes(
    phrasings: Sequence[Phrasing], model_path: Path, *, raw: bool = False
) -> list[Outcome]:
    """virtual-alexa's answer for each phrasing, through benchmarks/virtual_alexa/resolve.js.

    virtual-alexa has no fallback: an utterance no sample matches throws. Alexa sends
    AMAZON.FallbackIntent then, when the model declares it, so that is what is scored.
    Built-in slot values come back as the words said and are put in Alexa's formats here.
    """
    reason = virtual_alexa_unavailable()
    if reason is not None:
        raise RuntimeError(f"virtual-alexa cannot run: {reason}")
    command = ["node", str(VIRTUAL_ALEXA_DIR / "resolve.js"), str(model_path)]
    if raw:
        command.append("--raw")
    completed = subprocess.run(
        command,
        input=json.dumps([p.say for p in phrasings]),
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        cwd=VIRTUAL_ALEXA_DIR,
        # virtual-alexa loads aws-sdk v2, which prints an end-of-support notice otherwise.
        env={**os.environ, "AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE": "1"},
    )
    if completed.returncode != 0:
        raise RuntimeError(f"virtual-alexa failed:\n{completed.stderr}")
    declares_fallback = FALLBACK in _declared_intents(model_path)
    outcomes = []
    for answer in json.loads(completed.stdout):
        if answer["kind"] == "unmatched":
            intent = FALLBACK if declares_fallback else None
            kind = "intent" if declares_fallback else "unmatched"
            outcomes.append(Outcome(kind, intent, {}, answer["one_shot"]))
            continue
        slots = {name: _alexa_value(slot) for name, slot in answer["slots"].items()}
        outcomes.append(Outcome(answer["kind"], answer["intent"], slots, answer["one_shot"]))
    return outcomes


def _alexa_value(slot: Mapping[str, Any]) -> str:
    slot_type = slot.get("type") or ""
    if slot_type.startswith("AMAZON."):
        parser = _BUILT_IN_VALUES.get(slot_type)
        value = parser(slot["value"]) if parser else slot["value"]
        return value if value is not None else NOT_RESOLVED
    return str(slot["id"]) if slot.get("id") is not None else NOT_RESOLVED


def _declared_intents(model_path: Path) -> set[str]:
    model = json.loads(model_path.read_text(encoding="utf-8"))
    return {i["name"] for i in model["interactionModel"]["languageModel"]["intents"]}


# -- measuring ----------------------------------------------------------------------------


def measure(
    set_name: str,
    resolver: str,
    *,
    model_path: Path = DEFAULT_MODEL,
    raw_virtual_alexa: bool = False,
) -> Report:
    """One resolver's figures on one set."""
    phrasings = load_set(set_name)
    if resolver == "console":
        outcomes = console_outcomes(phrasings, model_path)
    elif resolver == "virtual-alexa":
        outcomes = virtual_alexa_outcomes(phrasings, model_path, raw=raw_virtual_alexa)
    else:
        raise ValueError(f"unknown resolver {resolver!r}")
    report = Report(resolver=resolver, set_name=set_name)
    for phrasing, outcome in zip(phrasings, outcomes, strict=True):
        intent_right, all_right = judge(phrasing, outcome)
        report.overall.add(intent_right, all_right)
        report.per_intent.setdefault(phrasing.intent, Tally()).add(intent_right, all_right)
        if not all_right:
            report.failures.append((phrasing, outcome))
    return report


# -- output -------------------------------------------------------------------------------


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"


def render_table(reports: Sequence[Report]) -> str:
    """Per-intent accuracy, one pair of columns per resolver: intent right, and slots too."""
    intents = sorted({name for r in reports for name in r.per_intent})
    header = ["intent", "n"]
    for report in reports:
        header += [f"{report.resolver}: intent", f"{report.resolver}: intent+slots"]
    rows = [header, ["---"] * len(header)]
    for intent in intents:
        tallies = [r.per_intent.get(intent, Tally()) for r in reports]
        row = [intent, str(tallies[0].total)]
        for tally in tallies:
            row += [
                _percent(tally.intent_right, tally.total),
                _percent(tally.all_right, tally.total),
            ]
        rows.append(row)
    overall = ["**overall**", str(reports[0].overall.total)]
    for report in reports:
        tally = report.overall
        overall += [
            f"**{_percent(tally.intent_right, tally.total)}**",
            f"**{_percent(tally.all_right, tally.total)}**",
        ]
    rows.append(overall)
    return "\n".join("| " + " | ".join(row) + " |" for row in rows)


def describe(outcome: Outcome) -> str:
    if outcome.kind != "intent":
        return outcome.kind
    slots = ", ".join(f"{k}={v}" for k, v in sorted(outcome.slots.items()))
    shot = " (one-shot)" if outcome.one_shot else ""
    return f"{outcome.intent}{shot}" + (f" [{slots}]" if slots else "")


def render_failures(report: Report) -> str:
    lines = [f"{report.resolver} on {report.set_name}: {len(report.failures)} wrong"]
    for phrasing, outcome in report.failures:
        wanted = "|".join(phrasing.accept)
        if phrasing.slots:
            wanted += " [" + ", ".join(f"{k}={v}" for k, v in sorted(phrasing.slots.items())) + "]"
        if phrasing.one_shot:
            wanted += " (one-shot)"
        lines.append(f"  {phrasing.say!r}\n      wanted {wanted}\n      got    {describe(outcome)}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--set",
        choices=("dev", "test"),
        default="test",
        dest="set_name",
        help="phrasing set to score (default: the held-out test set); misfires always run",
    )
    parser.add_argument("--resolver", choices=(*RESOLVERS, "both"), default="both")
    parser.add_argument(
        "--model", type=Path, default=DEFAULT_MODEL, help="interaction model (default: en-US)"
    )
    parser.add_argument("--json", action="store_true", help="machine-readable figures")
    parser.add_argument(
        "--show-failures", action="store_true", help="list the phrasings that went wrong"
    )
    parser.add_argument(
        "--i-am-not-writing-the-model",
        action="store_true",
        help="allow --show-failures on the held-out test set",
    )
    parser.add_argument(
        "--virtual-alexa-raw",
        action="store_true",
        help="virtual-alexa exactly as shipped (see benchmarks/virtual_alexa/resolve.js)",
    )
    args = parser.parse_args(argv)
    if args.show_failures and args.set_name in HELD_OUT and not args.i_am_not_writing_the_model:
        parser.error(
            "the test set is held out: its failing phrasings are not shown, so the model is "
            "never written from them. Use --set dev, or pass --i-am-not-writing-the-model."
        )

    wanted = list(RESOLVERS) if args.resolver == "both" else [args.resolver]
    notes = []
    if "virtual-alexa" in wanted and (reason := virtual_alexa_unavailable()) is not None:
        if args.resolver == "virtual-alexa":
            parser.error(f"virtual-alexa cannot run: {reason}")
        wanted.remove("virtual-alexa")
        notes.append(f"virtual-alexa skipped: {reason}")

    def run(set_name: str, resolver: str) -> Report:
        return measure(
            set_name, resolver, model_path=args.model, raw_virtual_alexa=args.virtual_alexa_raw
        )

    reports = [run(args.set_name, resolver) for resolver in wanted]
    misfires = [run("misfires", resolver) for resolver in wanted]

    if args.json:
        print(
            json.dumps(
                {
                    "set": args.set_name,
                    "model": str(args.model),
                    "virtual_alexa_raw": args.virtual_alexa_raw,
                    "notes": notes,
                    "resolvers": {
                        r.resolver: {
                            "overall": r.overall.as_dict(),
                            "per_intent": {k: v.as_dict() for k, v in sorted(r.per_intent.items())},
                            "misfire_pass_rate": m.accuracy,
                            "misfires": m.overall.as_dict(),
                        }
                        for r, m in zip(reports, misfires, strict=True)
                    },
                },
                indent=2,
            )
        )
    else:
        print(f"{args.set_name} set, {reports[0].overall.total} phrasings, model {args.model}\n")
        print(render_table(reports))
        print()
        for report, misfire in zip(reports, misfires, strict=True):
            print(
                f"{report.resolver}: intent right {report.intent_accuracy:.1%}, intent and "
                f"slots right {report.accuracy:.1%}; misfires avoided {misfire.accuracy:.1%} "
                f"({misfire.overall.all_right}/{misfire.overall.total})"
            )
        for note in notes:
            print(note)
    if args.show_failures:
        for report, misfire in zip(reports, misfires, strict=True):
            print(render_failures(report), file=sys.stderr)
            print(render_failures(misfire), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
