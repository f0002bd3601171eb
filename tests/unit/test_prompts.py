"""Every conversational line, in every language, obeys the rules of a calm voice practice.

Prompts are read straight from each packaged prompts.<lang>.json so that a language file
added later is checked by the same rules, and each failure names the key at fault.
"""

from __future__ import annotations

import json
import re
import string
from importlib import resources
from typing import Any

import pytest

from secure_differentiation.skill.content.keys import PLACEHOLDERS, PROMPT_KEYS, Prompt, PromptKey
from secure_differentiation.tools import prompt_keys

PACKAGE = "secure_differentiation.skill.content"

# Spoken in one breath: a listener should not have to hold more than this.
MAX_WORDS = 30
# Characters that SSML would need escaped, or that a voice would read oddly.
SSML_UNSAFE = ("&", "<", ">", '"', "\\")
# A wellness practice, not therapy: no diagnosis, no promised outcomes.
FORBIDDEN_CLAIMS = (
    re.compile(r"\bcur(?:e|es|ed|ing)\b", re.IGNORECASE),
    re.compile(r"\bheal(?:s|ed|ing|er)?\b", re.IGNORECASE),
    re.compile(r"\bdiagnos", re.IGNORECASE),
    re.compile(r"\bguarantee", re.IGNORECASE),
    re.compile(r"\btherap", re.IGNORECASE),
)
# Fragments slotted into other sentences rather than spoken whole.
FRAGMENT_KEYS = frozenset(
    {
        Prompt.SKILL_NAMED,
        Prompt.LIST_JOIN,
        Prompt.LIST_OR,
        Prompt.THAT,
        Prompt.THIS_WEEK,
        Prompt.LAST_WEEK,
    }
)
# Not said whole: card text (read, and for safety the same each time) and list items.
FRAGMENT_SUFFIXES = ("_card_title", "_card", "_list_item", "_fragment")


def _prompt_files() -> dict[str, dict[str, Any]]:
    files: dict[str, dict[str, Any]] = {}
    for entry in sorted(resources.files(PACKAGE).iterdir(), key=lambda e: e.name):
        match = re.fullmatch(r"prompts\.([a-z]+)\.json", entry.name)
        if match:
            files[match.group(1)] = json.loads(entry.read_text(encoding="utf-8"))
    return files


PROMPT_FILES = _prompt_files()
LANGUAGES = sorted(PROMPT_FILES)


def _variants() -> list[Any]:
    """(language, key, index, text) for every variant of every known key, named in the id."""
    cases = []
    for language in LANGUAGES:
        for key, variants in PROMPT_FILES[language].items():
            if not isinstance(variants, list):
                continue
            for index, text in enumerate(variants):
                cases.append(pytest.param(language, key, text, id=f"{language}-{key}-{index}"))
    return cases


VARIANTS = _variants()


def _is_spoken_whole(key: str) -> bool:
    return key not in FRAGMENT_KEYS and not key.endswith(FRAGMENT_SUFFIXES)


def _declared(key: str) -> frozenset[str]:
    """Placeholders a key may use; a key absent from PLACEHOLDERS (or unknown) takes none."""
    return PLACEHOLDERS.get(PromptKey(key), frozenset())


def _fields(text: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]


def test_there_is_an_english_prompts_file() -> None:
    assert "en" in LANGUAGES


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_prompt_key_has_at_least_one_variant(language: str) -> None:
    prompts = PROMPT_FILES[language]
    missing = [key for key in PROMPT_KEYS if key not in prompts]
    empty = [
        key
        for key in PROMPT_KEYS
        if key in prompts and not (isinstance(prompts[key], list) and prompts[key])
    ]
    assert missing == [], f"keys with no prompt in prompts.{language}.json"
    assert empty == [], f"keys with no variants in prompts.{language}.json"


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_orphan_prompts(language: str) -> None:
    known = {key for key in PROMPT_KEYS}
    orphans = sorted(set(PROMPT_FILES[language]) - known)
    assert orphans == [], f"prompts.{language}.json has keys no code can ask for"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_variant_is_a_non_empty_string(language: str) -> None:
    bad = [
        key
        for key, variants in PROMPT_FILES[language].items()
        if not isinstance(variants, list)
        or any(not isinstance(v, str) or not v.strip() for v in variants)
    ]
    assert bad == []


@pytest.mark.parametrize(("language", "key", "text"), VARIANTS)
def test_variant_uses_only_declared_placeholders(language: str, key: str, text: str) -> None:
    declared = _declared(key)
    used = set(_fields(text))
    assert used <= declared, f"undeclared placeholders {sorted(used - declared)}"


@pytest.mark.parametrize(("language", "key", "text"), VARIANTS)
def test_variant_formats_with_its_declared_values(language: str, key: str, text: str) -> None:
    declared = _declared(key)
    values = {name: f"VALUE_{name.upper()}" for name in declared}
    spoken = text.format(**values)
    for name in set(_fields(text)):
        assert values[name] in spoken
    assert "{" not in spoken
    assert "}" not in spoken


@pytest.mark.parametrize(("language", "key", "text"), VARIANTS)
def test_variant_is_ssml_safe_plain_ascii(language: str, key: str, text: str) -> None:
    unsafe = [c for c in SSML_UNSAFE if c in text]
    assert unsafe == [], f"characters SSML must escape: {unsafe}"
    non_ascii = [c for c in text if not c.isascii() or (not c.isprintable())]
    assert non_ascii == [], f"not plain ASCII: {non_ascii}"


@pytest.mark.parametrize(("language", "key", "text"), VARIANTS)
def test_variant_fits_in_one_breath(language: str, key: str, text: str) -> None:
    words = text.split()
    assert len(words) <= MAX_WORDS, f"{len(words)} words"


@pytest.mark.parametrize(("language", "key", "text"), VARIANTS)
def test_variant_makes_no_therapy_claims(language: str, key: str, text: str) -> None:
    claims = [pattern.pattern for pattern in FORBIDDEN_CLAIMS if pattern.search(text)]
    assert claims == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_sentences_vary_their_wording(language: str) -> None:
    canned = sorted(
        key
        for key, variants in PROMPT_FILES[language].items()
        if _is_spoken_whole(key) and len({v.strip() for v in variants if isinstance(v, str)}) < 2
    )
    assert canned == [], "spoken prompts with fewer than two distinct variants"


@pytest.mark.parametrize("language", LANGUAGES)
def test_listening_reprompts_are_questions(language: str) -> None:
    not_questions = sorted(
        f"{key}: {text}"
        for key, variants in PROMPT_FILES[language].items()
        if key.endswith("_reprompt")
        for text in variants
        if not text.rstrip().endswith("?")
    )
    assert not_questions == []


def test_every_reprompt_key_is_checked() -> None:
    # The question rule is keyed on the name; make sure it actually covers something.
    assert any(key.endswith("_reprompt") for key in PROMPT_KEYS)


def test_keys_py_is_generated_from_the_prompts_as_they_are() -> None:
    """A prompt added, renamed or given a new {placeholder} needs keys.py written again
    (`python -m secure_differentiation.tools.prompt_keys`)."""
    written = (prompt_keys.CONTENT / "keys.py").read_text(encoding="utf-8")
    assert written == prompt_keys.render(PROMPT_FILES["en"])
