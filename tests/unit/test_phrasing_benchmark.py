"""The phrasing benchmark (benchmarks/phrasings, benchmarks/nlu_accuracy.py) stays honest.

The sets must name only intents, slots and values the skill really has, must never be
copied into the model's samples (or the figures would measure memory, not understanding),
and the accuracy reached must not slip back. The figures guarded here are floors: whoever
improves the model raises them.
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from secure_differentiation.tools.nlu import normalize

ROOT = Path(__file__).resolve().parents[2]
MODEL_PATH = ROOT / "interaction_models" / "en-US.json"
BENCHMARK_PATH = ROOT / "benchmarks" / "nlu_accuracy.py"

# Today's measured figures on the held-out test set, rounded down: share of phrasings with
# the right intent and exactly the right slots, and share of misfire phrases not captured.
# Raise them as the model improves; never lower them to make a change pass.
GUARDED_ACCURACY = 0.91
GUARDED_ACCURACY_VIRTUAL_ALEXA = 0.26
GUARDED_MISFIRE_PASS_RATE = 0.90
GUARDED_MISFIRE_PASS_RATE_VIRTUAL_ALEXA = 0.82

BUILT_IN_NAMES = (
    "Yes", "No", "Help", "Stop", "Cancel", "Next", "Previous", "Repeat", "StartOver", "Pause",
    "Resume", "More", "NavigateHome", "Fallback",
)  # fmt: skip

# The interaction model the phrasings are written for (issue 9): intent -> slot -> type.
TARGET_INTENTS: dict[str, dict[str, str]] = {
    "GetMantraIntent": {"skill": "SKILL_NAME", "sign": "THREAT_SIGN"},
    "NoticeThreatIntent": {"sign": "THREAT_SIGN"},
    "FeelingThreatenedIntent": {},
    "CrisisIntent": {},
    "StartWalkthroughIntent": {},
    "ListSkillsIntent": {},
    "GoToSkillIntent": {"number": "AMAZON.NUMBER"},
    "SkipSkillIntent": {},
    "ChooseSkillIntent": {
        "skill": "SKILL_NAME",
        "number": "AMAZON.NUMBER",
        "ordinal": "AMAZON.Ordinal",
    },
    "SetFocusIntent": {"skill": "SKILL_NAME", "number": "AMAZON.NUMBER"},
    "GetFocusIntent": {},
    "SkillOfTheDayIntent": {},
    "PracticeModesIntent": {},
    "ExplainIntent": {"skill": "SKILL_NAME", "sign": "THREAT_SIGN", "number": "AMAZON.NUMBER"},
    "ExampleIntent": {"skill": "SKILL_NAME", "number": "AMAZON.NUMBER"},
    "AboutIntent": {},
    "ListSignsIntent": {},
    "SelfEmpathyIntent": {},
    "StrengthsIntent": {},
    "MarkStrengthIntent": {"skill": "SKILL_NAME", "number": "AMAZON.NUMBER"},
    "UnmarkStrengthIntent": {"skill": "SKILL_NAME", "number": "AMAZON.NUMBER"},
    "SometimesIntent": {},
    "ThanksIntent": {},
    "StartReflectionIntent": {},
    "HowAmIDoingIntent": {},
    "ForgetMeIntent": {},
    "SetCheckInIntent": {
        "cadence": "CHECK_IN_KIND",
        "day": "AMAZON.DayOfWeek",
        "time": "AMAZON.TIME",
    },
    "ListCheckInsIntent": {},
    "CancelCheckInIntent": {"cadence": "CHECK_IN_KIND"},
    "CheckInAnswerIntent": {
        "cadence": "CHECK_IN_KIND",
        "day": "AMAZON.DayOfWeek",
        "time": "AMAZON.TIME",
        "choice": "CHECK_IN_CHOICE",
    },
    **{f"AMAZON.{name}Intent": {} for name in BUILT_IN_NAMES},
}
BUILT_IN_INTENTS = {name for name in TARGET_INTENTS if name.startswith("AMAZON.")}

# What the en-US model does not have yet. The model's author empties these lists: each entry
# is an expected failure, so the day the model gains it the test reports XPASS and fails,
# asking for the entry to be removed here.
PENDING_INTENTS: frozenset[str] = frozenset()
PENDING_SLOTS: frozenset[tuple[str, str]] = frozenset()

SETS = ("dev", "test", "misfires")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
TIME_VALUE = re.compile(r"^(?:(?:[01]\d|2[0-3]):[0-5]\d|MO|AF|EV|NI)$")
DIGITS = re.compile(r"^[1-9]\d*$")
ONE_SHOT = re.compile(
    r"^(?:ask|tell|open|launch|start|talk to) secure differentiation"
    r"(?: (?:to|for|about|that|and|if|whether))? (?P<rest>.+)$"
)


def _load_benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location("nlu_accuracy", BENCHMARK_PATH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


bench = _load_benchmark()


def _language_model() -> dict[str, Any]:
    model = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    return dict(model["interactionModel"]["languageModel"])


def _model_intents() -> dict[str, dict[str, str]]:
    return {
        intent["name"]: {slot["name"]: slot["type"] for slot in intent.get("slots", [])}
        for intent in _language_model()["intents"]
    }


def _model_type_ids() -> dict[str, set[str]]:
    return {
        slot_type["name"]: {str(value["id"]) for value in slot_type["values"]}
        for slot_type in _language_model().get("types", [])
    }


def _entries(set_name: str) -> list[dict[str, Any]]:
    data = json.loads(bench.SETS[set_name].read_text(encoding="utf-8"))
    return list(data["phrasings"])


def _named_intents(entry: dict[str, Any]) -> list[str]:
    return list(entry["accept"]) if "accept" in entry else [entry["intent"]]


# -- (a) the sets are well formed ---------------------------------------------------------


@pytest.mark.parametrize("set_name", SETS)
def test_entries_name_known_intents_and_their_slots(set_name: str) -> None:
    for entry in _entries(set_name):
        assert isinstance(entry["say"], str) and entry["say"].strip(), entry
        assert isinstance(entry["one_shot"], bool), entry
        intents = _named_intents(entry)
        assert intents, entry
        for intent in intents:
            assert intent in TARGET_INTENTS, (entry["say"], intent)
            for slot in entry["slots"]:
                assert slot in TARGET_INTENTS[intent], (entry["say"], intent, slot)


@pytest.mark.parametrize("set_name", SETS)
def test_slot_values_are_what_alexa_sends(set_name: str) -> None:
    """Digits for numbers and ordinals, HH:MM or a part of day, a weekday, a custom id."""
    ids = _model_type_ids()
    for entry in _entries(set_name):
        for intent in _named_intents(entry):
            for slot, value in entry["slots"].items():
                slot_type = TARGET_INTENTS[intent][slot]
                where = (entry["say"], slot, value)
                assert isinstance(value, str), where
                if slot_type in ("AMAZON.NUMBER", "AMAZON.Ordinal"):
                    assert DIGITS.match(value), where
                elif slot_type == "AMAZON.TIME":
                    assert TIME_VALUE.match(value), where
                elif slot_type == "AMAZON.DayOfWeek":
                    assert value in WEEKDAYS, where
                else:
                    assert slot_type in ids, (where, f"{slot_type} is not in the model")
                    assert value in ids[slot_type], where


@pytest.mark.parametrize("set_name", SETS)
def test_one_shot_flag_matches_how_the_phrasing_starts(set_name: str) -> None:
    for entry in _entries(set_name):
        starts_with_invocation = ONE_SHOT.match(normalize(entry["say"])) is not None
        assert entry["one_shot"] == starts_with_invocation, entry["say"]


def test_the_test_set_covers_every_intent_and_sign() -> None:
    """At least 400 phrasings, 8 per custom intent, 60 naming signs with 12 per sign."""
    entries = _entries("test")
    assert len(entries) >= 400
    per_intent = Counter(entry["intent"] for entry in entries)
    assert set(per_intent) == set(TARGET_INTENTS)
    for intent in set(TARGET_INTENTS) - BUILT_IN_INTENTS:
        assert per_intent[intent] >= 8, intent
    signs = Counter(
        entry["slots"].get("sign") for entry in entries if entry["intent"] == "NoticeThreatIntent"
    )
    assert sum(signs.values()) >= 60
    assert set(signs) == {"defending", "judging", "disregarding", "harmonizing"}
    assert min(signs.values()) >= 12, signs
    assert sum(entry["one_shot"] for entry in entries) >= 15


def test_the_dev_set_covers_every_intent_and_sign() -> None:
    entries = _entries("dev")
    assert len(entries) >= 150
    assert {entry["intent"] for entry in entries} == set(TARGET_INTENTS)
    signs = {e["slots"]["sign"] for e in entries if e["intent"] == "NoticeThreatIntent"}
    assert signs == {"defending", "judging", "disregarding", "harmonizing"}


def test_no_phrasing_is_in_two_sets_or_twice_in_one() -> None:
    """The held-out set shares nothing with the sets the model's author may read."""
    seen: dict[str, str] = {}
    for set_name in SETS:
        for entry in _entries(set_name):
            key = normalize(entry["say"])
            assert key not in seen, (entry["say"], seen.get(key), set_name)
            seen[key] = set_name


# Intents and slots the phrasings name, checked against the model; pending ones are xfail.
def _intent_cases() -> list[Any]:
    return [
        pytest.param(
            intent,
            marks=pytest.mark.xfail(
                intent in PENDING_INTENTS, reason="not in the en-US model yet", strict=True
            ),
        )
        for intent in sorted(TARGET_INTENTS)
    ]


def _slot_cases() -> list[Any]:
    cases = []
    for intent, slots in sorted(TARGET_INTENTS.items()):
        for slot, slot_type in sorted(slots.items()):
            pending = intent in PENDING_INTENTS or (intent, slot) in PENDING_SLOTS
            cases.append(
                pytest.param(
                    intent,
                    slot,
                    slot_type,
                    marks=pytest.mark.xfail(
                        pending, reason="not in the en-US model yet", strict=True
                    ),
                    id=f"{intent}.{slot}",
                )
            )
    return cases


@pytest.mark.parametrize("intent", _intent_cases())
def test_model_has_the_intent(intent: str) -> None:
    assert intent in _model_intents()


@pytest.mark.parametrize(("intent", "slot", "slot_type"), _slot_cases())
def test_model_declares_the_slot(intent: str, slot: str, slot_type: str) -> None:
    assert _model_intents().get(intent, {}).get(slot) == slot_type


def test_pending_lists_name_only_target_intents_and_slots() -> None:
    assert set(TARGET_INTENTS) >= PENDING_INTENTS
    for intent, slot in PENDING_SLOTS:
        assert slot in TARGET_INTENTS[intent], (intent, slot)


# -- (b) no phrasing was copied into the model --------------------------------------------


def _sample_texts() -> set[str]:
    return {
        normalize(sample)
        for intent in _language_model()["intents"]
        for sample in intent.get("samples", [])
    }


@pytest.mark.parametrize("set_name", ["dev", "test"])
def test_no_phrasing_appears_among_the_model_samples(set_name: str) -> None:
    """Copying a phrasing into the model would turn the benchmark into a memory test.

    One- and two-word phrasings ("yes please", "thanks") are exempt: there are few ways to
    say them and any model has them. A one-shot is also checked without its carrier.
    """
    samples = _sample_texts()
    copied = []
    for entry in _entries(set_name):
        text = normalize(entry["say"])
        one_shot = ONE_SHOT.match(text)
        for candidate in (entry["say"], one_shot.group("rest") if one_shot else ""):
            if len(candidate.split()) > 2 and normalize(candidate) in samples:
                copied.append(entry["say"])
    assert copied == []


# -- the benchmark's own reading of Alexa's formats and of a right answer -----------------


@pytest.mark.parametrize(
    ("said", "value"),
    [
        ("half past seven in the evening", "19:30"),
        ("quarter to eight am", "07:45"),
        ("quarter past nine pm", "21:15"),
        ("7:30 pm", "19:30"),
        ("noon", "12:00"),
        ("in the afternoon", "AF"),
        ("half to seven", None),
        ("nonsense", None),
    ],
)
def test_spoken_times_read_as_alexa_sends_them(said: str, value: str | None) -> None:
    assert bench.spoken_time(said) == value


@pytest.mark.parametrize(
    ("said", "value"),
    [("third", "3"), ("the twelfth", "12"), ("2nd", "2"), ("last", None), ("three", None)],
)
def test_ordinals_read_as_alexa_sends_them(said: str, value: str | None) -> None:
    assert bench.parse_ordinal(said) == value


def test_a_right_answer_needs_intent_slots_and_one_shot() -> None:
    wanted = bench.Phrasing(
        "make listening my focus", ("SetFocusIntent",), {"skill": "5"}, False, True
    )
    assert bench.judge(
        wanted, bench.Outcome("intent", "SetFocusIntent", {"skill": "5"}, False)
    ) == (
        True,
        True,
    )
    extra = bench.Outcome("intent", "SetFocusIntent", {"skill": "5", "number": "2"}, False)
    assert bench.judge(wanted, extra) == (True, False)
    as_one_shot = bench.Outcome("intent", "SetFocusIntent", {"skill": "5"}, True)
    assert bench.judge(wanted, as_one_shot) == (False, False)
    assert bench.judge(wanted, bench.Outcome("launch", None, {}, False)) == (False, False)
    misfire = bench.Phrasing(
        "8 am", ("CheckInAnswerIntent", "SetCheckInIntent"), {"time": "08:00"}, False, False
    )
    both = bench.Outcome("intent", "SetCheckInIntent", {"time": "08:00", "cadence": "daily"}, False)
    assert bench.judge(misfire, both) == (True, True)


def test_the_held_out_set_never_prints_its_failures_by_default(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as refused:
        bench.main(["--set", "test", "--resolver", "console", "--show-failures"])
    assert refused.value.code == 2
    out, err = capsys.readouterr()
    assert "held out" in err
    sayings = [entry["say"] for entry in _entries("test")]
    assert not any(say in out or say in err for say in sayings)


def test_the_held_out_set_prints_figures(capsys: pytest.CaptureFixture[str]) -> None:
    assert bench.main(["--set", "test", "--resolver", "console", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    console = figures["resolvers"]["console"]
    assert console["overall"]["phrasings"] == len(_entries("test"))
    assert set(console["per_intent"]) == set(TARGET_INTENTS)
    assert 0.0 <= console["misfire_pass_rate"] <= 1.0


# -- (c) the accuracy reached does not slip ----------------------------------------------


def test_console_accuracy_on_the_held_out_set_does_not_drop() -> None:
    report = bench.measure("test", "console")
    assert report.accuracy >= GUARDED_ACCURACY, f"{report.accuracy:.3f}"
    misfires = bench.measure("misfires", "console")
    assert misfires.accuracy >= GUARDED_MISFIRE_PASS_RATE, f"{misfires.accuracy:.3f}"


needs_virtual_alexa = pytest.mark.skipif(
    bench.virtual_alexa_unavailable() is not None,
    reason=f"virtual-alexa cannot run: {bench.virtual_alexa_unavailable()} (.ci/run installs it)",
)


@needs_virtual_alexa
def test_virtual_alexa_accuracy_on_the_held_out_set_does_not_drop() -> None:
    report = bench.measure("test", "virtual-alexa")
    assert report.accuracy >= GUARDED_ACCURACY_VIRTUAL_ALEXA, f"{report.accuracy:.3f}"
    misfires = bench.measure("misfires", "virtual-alexa")
    assert misfires.accuracy >= GUARDED_MISFIRE_PASS_RATE_VIRTUAL_ALEXA, f"{misfires.accuracy:.3f}"


# -- the virtual-alexa harness reports what virtual-alexa resolves ------------------------

TINY_MODEL = {
    "interactionModel": {
        "languageModel": {
            "invocationName": "secure differentiation",
            "intents": [
                {"name": "AMAZON.FallbackIntent", "samples": []},
                {"name": "AMAZON.StopIntent", "samples": []},
                {"name": "MantraIntent", "slots": [], "samples": ["give me a mantra"]},
                {
                    "name": "GoIntent",
                    "slots": [{"name": "number", "type": "AMAZON.NUMBER"}],
                    "samples": ["go to skill {number}"],
                },
                {
                    "name": "PickIntent",
                    "slots": [{"name": "skill", "type": "SKILL_NAME"}],
                    "samples": ["pick {skill}"],
                },
                {
                    "name": "AnswerIntent",
                    "slots": [
                        {"name": "time", "type": "AMAZON.TIME"},
                        {"name": "day", "type": "AMAZON.DayOfWeek"},
                    ],
                    "samples": ["{time}", "{day}"],
                },
            ],
            "types": [
                {
                    "name": "SKILL_NAME",
                    "values": [
                        {"id": "5", "name": {"value": "listening", "synonyms": ["hard talks"]}}
                    ],
                }
            ],
        }
    }
}


def _harness(tmp_path: Path, utterances: list[str], *extra: str) -> list[dict[str, Any]]:
    model = tmp_path / "model.json"
    model.write_text(json.dumps(TINY_MODEL), encoding="utf-8")
    completed = subprocess.run(
        ["node", str(bench.VIRTUAL_ALEXA_DIR / "resolve.js"), str(model), *extra],
        input=json.dumps(utterances),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        cwd=bench.VIRTUAL_ALEXA_DIR,
    )
    return list(json.loads(completed.stdout))


@needs_virtual_alexa
def test_harness_reports_intents_slots_and_entity_ids(tmp_path: Path) -> None:
    said = ["give me a mantra", "go to skill seven", "pick hard talks", "pick nothing known"]
    mantra, go, pick, unknown = _harness(tmp_path, said)
    assert (mantra["kind"], mantra["intent"], mantra["slots"]) == ("intent", "MantraIntent", {})
    assert go["slots"] == {"number": {"value": "seven", "type": "AMAZON.NUMBER", "id": None}}
    assert pick["slots"]["skill"] == {"value": "hard talks", "type": "SKILL_NAME", "id": "5"}
    assert unknown["kind"] == "unmatched"


@needs_virtual_alexa
def test_harness_reads_one_shots_as_alexa_does(tmp_path: Path) -> None:
    said = [
        "ask secure differentiation to give me a mantra",
        "open secure differentiation and give me a mantra",
        "ask secure differentiation to go to skill 7",
        "open secure differentiation",
        "tell me more",
    ]
    ask, open_and, go, launch, in_session = _harness(tmp_path, said)
    for one_shot in (ask, open_and):
        assert (one_shot["kind"], one_shot["intent"], one_shot["one_shot"]) == (
            "intent",
            "MantraIntent",
            True,
        )
    assert (go["intent"], go["slots"]["number"]["value"]) == ("GoIntent", "7")
    assert launch["kind"] == "launch"
    assert (in_session["kind"], in_session["one_shot"]) == ("unmatched", False)


@needs_virtual_alexa
def test_harness_checks_built_in_slot_values(tmp_path: Path) -> None:
    said = ["half past seven", "7:30 pm", "sundays", "what a day"]
    half_past, clock, day, anything = _harness(tmp_path, said)
    assert half_past["slots"] == {
        "time": {"value": "half past seven", "type": "AMAZON.TIME", "id": None}
    }
    assert clock["slots"]["time"]["value"] == "730 pm"  # virtual-alexa drops the colon
    assert day["slots"] == {"day": {"value": "sundays", "type": "AMAZON.DayOfWeek", "id": None}}
    assert anything["kind"] == "unmatched"


@needs_virtual_alexa
def test_harness_raw_mode_shows_virtual_alexas_own_quirks(tmp_path: Path) -> None:
    """As shipped: "tell" anywhere launches, one-shots need " to " and are cut at the last
    one, and "{time}" takes any words."""
    said = [
        "tell me more",
        "ask secure differentiation for a mantra",
        "ask secure differentiation to go to skill 7",
        "what a day",
    ]
    in_session, ask_for, go, anything = _harness(tmp_path, said, "--raw")
    assert in_session["kind"] == "launch"
    assert ask_for["kind"] == "launch"
    # Cut at the last " to ", the request became "skill 7", which "{time}" took.
    assert (go["intent"], go["slots"]["time"]["value"]) == ("AnswerIntent", "skill 7")
    assert (anything["intent"], anything["slots"]["time"]["value"]) == (
        "AnswerIntent",
        "what a day",
    )
