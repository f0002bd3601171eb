"""The interaction model's slot values are the content library's, exactly.

Handlers look skills up by the slot's resolved id and speak the library's
title; if the model drifted from library.en.json, Alexa would resolve names
the skill no longer has (or miss ones it does).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
MODEL_PATH = ROOT / "interaction_models" / "en-US.json"
LIBRARY_PATH = ROOT / "lambda" / "secure_differentiation" / "skill" / "content" / "library.en.json"


def _types() -> dict[str, list[dict[str, Any]]]:
    model = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    return {t["name"]: t["values"] for t in model["interactionModel"]["languageModel"]["types"]}


def _library() -> dict[str, Any]:
    return json.loads(LIBRARY_PATH.read_text(encoding="utf-8"))


def _as_triples(values: list[dict[str, Any]]) -> list[tuple[str, str, list[str]]]:
    return [(v["id"], v["name"]["value"], list(v["name"].get("synonyms", []))) for v in values]


def test_skill_name_values_are_the_library_skills() -> None:
    expected = [
        (str(skill["number"]), skill["title"], list(skill["synonyms"]))
        for skill in _library()["skills"]
    ]
    assert _as_triples(_types()["SKILL_NAME"]) == expected
    assert [skill_id for skill_id, _, _ in expected] == [str(n) for n in range(1, 13)]


def test_threat_sign_values_are_the_library_signs() -> None:
    expected = [
        (sign["id"], sign["name"], list(sign["synonyms"])) for sign in _library()["threat_signs"]
    ]
    assert _as_triples(_types()["THREAT_SIGN"]) == expected
    assert {sign_id for sign_id, _, _ in expected} == {
        "defending",
        "judging",
        "disregarding",
        "harmonizing",
    }


def test_no_synonym_points_at_two_values() -> None:
    for type_name, values in _types().items():
        owners: dict[str, str] = {}
        for value in values:
            for phrase in (value["name"]["value"], *value["name"].get("synonyms", [])):
                key = phrase.lower()
                assert owners.setdefault(key, value["id"]) == value["id"], (type_name, phrase)


def test_every_english_locale_shares_the_en_us_model() -> None:
    """The content is one English library; a locale model that drifted would not match it."""
    models = Path(__file__).resolve().parents[2] / "interaction_models"
    reference = json.loads((models / "en-US.json").read_text(encoding="utf-8"))
    locales = sorted(p.stem for p in models.glob("*.json"))
    assert {"en-US", "en-GB", "en-CA", "en-AU", "en-IN"} <= set(locales)
    for locale in locales:
        if locale.startswith("en-"):
            model = json.loads((models / f"{locale}.json").read_text(encoding="utf-8"))
            assert model == reference, f"{locale}.json differs from en-US.json"
