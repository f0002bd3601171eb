"""The spoken library is heard every day, so its style rules are enforced here, not hoped for.

The library is read straight from the packaged JSON so these tests do not depend on the
prompts file; one test checks the typed loader agrees once prompts exist.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

PACKAGE = "secure_differentiation.skill.content"
LIBRARY_FILE = "library.en.json"


def _load_library() -> dict[str, Any]:
    text = resources.files(PACKAGE).joinpath(LIBRARY_FILE).read_text(encoding="utf-8")
    return json.loads(text)


# Loaded at import so the rules can be parametrized per item, naming the offender in the test id.
LIBRARY: dict[str, Any] = _load_library()
SKILLS: list[dict[str, Any]] = LIBRARY["skills"]
SIGNS: list[dict[str, Any]] = LIBRARY["threat_signs"]
MANTRAS: list[dict[str, Any]] = LIBRARY["mantras"]
MODES: list[dict[str, Any]] = LIBRARY["practice_modes"]
SELF_EMPATHY: dict[str, Any] = LIBRARY["self_empathy"]
PRACTICES: list[tuple[int, dict[str, Any]]] = [
    (skill["number"], practice) for skill in SKILLS for practice in skill["practices"]
]

SIGN_IDS = ("defending", "judging", "disregarding", "harmonizing")
MODE_IDS = ("in_the_moment", "regular_practice")
PRACTICE_TIMES = ("any", "morning", "midday", "evening", "weekly")

# Heard every day for a year: enough of each that a person meets the same line rarely.
MIN_MANTRAS_PER_SKILL = 8
MIN_MANTRAS_PER_SIGN = 8
MIN_PRACTICES_PER_SKILL = 8
# Ids once used for mantras since rewritten: people's records remember recent mantra ids, so an
# old id must never come back meaning different words.
RETIRED_MANTRA_IDS = frozenset(
    {
        "m-ground-05", "m-own-04", "m-differ-01", "m-differ-02", "m-differ-03", "m-differ-05",
        "m-listen-03", "m-listen-06", "m-change-02", "m-choose-03", "m-express-01",
        "m-express-04",
    }
)  # fmt: skip

# Plain ASCII letters and a few punctuation marks: nothing SSML must escape, no digits, no emoji.
SPEAKABLE = re.compile(r"[A-Za-z ,.'?!:;-]+")
SYNONYM = re.compile(r"[a-z]+(?:[ '][a-z]+)*")
TITLE = re.compile(r"[A-Z][A-Za-z' -]*[A-Za-z]")
MANTRA_ID = re.compile(r"m-[a-z]+-\d{2}")
SENTENCE_END = re.compile(r"[.!?](?=\s|$)")
FIRST_PERSON = re.compile(r"\b(?:i|me|my|mine|myself)\b", re.IGNORECASE)
SECOND_PERSON = re.compile(r"\b(?:you|your|yours|yourself|yourselves)\b", re.IGNORECASE)
# In Alexa's voice "we", "us" and "our" take in Alexa and the listener, so a mantra using them
# sounds like a remark about the two of them, not the listener's own words.
FIRST_PERSON_PLURAL = re.compile(r"\b(?:we|us|our|ours|ourselves)\b", re.IGNORECASE)
# An apostrophe that opens or closes a quotation rather than sitting inside a word.
QUOTE_MARK = re.compile(r"(?:^|\s)'|'(?=\s|[,.?!:;]|$)")
# Ways of pointing at quoted words that the ear cannot hear as a quotation.
QUOTING = re.compile(r"\b(?:the words?|the phrase|swap)\b", re.IGNORECASE)

# Wellness practice, not therapy: no diagnosis, no promised outcomes.
FORBIDDEN_CLAIMS = (
    re.compile(r"\bwill heal\b", re.IGNORECASE),
    re.compile(r"\bcur(?:e|es|ed|ing)\b", re.IGNORECASE),
    re.compile(r"\bfix(?:es)? you\b", re.IGNORECASE),
    re.compile(r"\bwill fix\b", re.IGNORECASE),
    re.compile(r"\bguarantee", re.IGNORECASE),
    re.compile(r"\bdiagnos", re.IGNORECASE),
    re.compile(r"\bdisorder\b", re.IGNORECASE),
    re.compile(r"\btherap", re.IGNORECASE),
)

# The second word of every mantra must be one of these action verbs (the seed's process
# orientation: "I dedicate myself to compassion", never "I am compassionate").
MANTRA_VERBS = frozenset(
    {
        "act", "allow", "ask", "breathe", "bring", "celebrate", "check", "choose", "claim", "come",
        "commit", "consider", "decide", "dedicate", "devote", "draw", "embrace", "find", "flow",
        "follow", "give", "grow", "hear", "hold", "honor", "keep", "learn", "lean", "let",
        "listen", "look", "make", "meet", "move", "name", "notice", "offer", "open", "own",
        "pause", "practice", "reach", "release", "remember", "rest", "return", "risk", "root",
        "shape", "show", "slow", "soften", "soothe", "speak", "stand", "stay", "step", "tend",
        "trust", "turn", "voice", "walk", "welcome", "witness",
        "anchor", "build", "carry", "enjoy", "explore", "gather", "greet", "live", "nourish",
        "practise", "protect", "say", "share", "steer", "take",
    }
)  # fmt: skip
FORBIDDEN_MANTRA_FORMS = (
    re.compile(r"\bI am\b", re.IGNORECASE),
    re.compile(r"\bI'm\b", re.IGNORECASE),
    re.compile(r"\bwill be\b", re.IGNORECASE),
)

# A practice is an instruction: it opens with a verb, or with a short lead-in ("Tonight,",
# "Before you answer,") followed by a verb.
IMPERATIVE_VERBS = frozenset(
    {
        "add", "ask", "bring", "breathe", "call", "catch", "celebrate", "check", "choose", "count",
        "decide", "do", "drink", "find", "give", "guess", "hold", "let", "list", "listen", "look",
        "make", "meet", "name", "notice", "offer", "open", "pause", "pick", "place", "plant",
        "press", "put", "recall", "repeat", "reschedule", "rest", "say", "send", "set", "share",
        "sit", "spend", "stand", "state", "step", "stop", "take", "tell", "think", "translate",
        "try", "turn", "walk", "write",
    }
)  # fmt: skip
# "Doable today" means the practice says when: a time of day or a moment that triggers it.
WHEN_CUE = re.compile(
    r"\b(?:today|tonight|morning|afternoon|midday|evening|week|lunch|dinner|bed|wake|before|"
    r"after|when|whenever|next)\b",
    re.IGNORECASE,
)

# How a practice says when it fits. An "any" practice names none of these (nor "today" or
# "afternoon", which also tie it to an hour); a timed one names its own time and no other.
TIME_CUES: dict[str, re.Pattern[str]] = {
    "morning": re.compile(r"\b(?:morning|wake|waking|breakfast)\b", re.IGNORECASE),
    "midday": re.compile(r"\b(?:midday|lunch|noon|middle of the day)\b", re.IGNORECASE),
    "evening": re.compile(
        r"\b(?:evening|tonight|bed|bedtime|dinner|end of the day)\b", re.IGNORECASE
    ),
    "weekly": re.compile(r"\b(?:week|weekly|weekend)\b", re.IGNORECASE),
}
ANY_HOUR_FORBIDDEN = re.compile(r"\b(?:today|afternoon|this day)\b", re.IGNORECASE)

# Words that tie each skill's title or description back to the seed's wording.
SKILL_KEYWORDS: dict[int, tuple[str, ...]] = {
    1: ("ground", "identity", "goodness", "good", "lovab", "loving"),
    2: ("aware", "empathy", "sooth", "calm", "regulat"),
    3: ("responsib", "blam", "demand", "critic"),
    4: ("differen", "curiosity", "respect", "celebrat"),
    5: ("listen",),
    6: ("relationship", "respect", "collaborat"),
    7: ("thriv", "habit", "activit"),
    8: ("strateg", "ways to meet"),
    9: ("meaning", "purpose"),
    10: ("autonomy", "agency", "choice", "choose"),
    11: ("authentic", "true", "express", "conflict"),
    12: ("notic", "mindful"),
}
SIGN_KEYWORDS: dict[str, tuple[str, ...]] = {
    "defending": ("defend", "defensive"),
    "judging": ("judg", "critic"),
    "disregarding": ("disregard", "others", "ignor"),
    "harmonizing": ("harmon", "peace", "smooth", "own expense", "own cost"),
}
# Every word here must be in the sign's name, so the name keeps the seed's meaning: "acting
# without consideration of others' needs", "harmonize at the cost of your own authenticity".
SIGN_NAME_WORDS: dict[str, tuple[str, ...]] = {
    "defending": ("defending",),
    "judging": ("judging", "others"),
    "disregarding": ("acting", "without", "others", "need"),
    "harmonizing": ("peace", "cost", "authenticity"),
}
# Other names a sign has gone by: in anything the skill says, each sign has only its one name
# (synonyms, which are what a person may say, are exempt).
OTHER_SIGN_NAMES = (
    re.compile(r"\bdisregard", re.IGNORECASE),
    re.compile(r"\bharmoni[sz]", re.IGNORECASE),
    re.compile(r"\bpeople.pleas", re.IGNORECASE),
    re.compile(r"\bdefensive", re.IGNORECASE),
    re.compile(r"\bjudging\b(?! others)", re.IGNORECASE),
    re.compile(r"\bkeeping the peace\b(?! at the cost of authenticity)", re.IGNORECASE),
)

# The seed lives in shared/, beside the repository checkout (as in CI).
SEED_PATH = Path(
    os.environ.get(
        "SECURE_DIFFERENTIATION_SEED",
        Path(__file__).resolve().parents[3] / "shared" / "seed" / "secure-differentiation.txt",
    )
)
COPIED_RUN_WORDS = 7


def words(text: str) -> list[str]:
    return text.split()


def sentence_count(text: str) -> int:
    return len(SENTENCE_END.findall(text))


def normalized(text: str) -> str:
    """Titles and synonyms compare as spoken: case and hyphens do not change what is heard."""
    return " ".join(text.lower().replace("-", " ").split())


def addressed_strings() -> Iterator[tuple[str, str]]:
    """Everything the skill says to the person (as "you"), labelled with where it lives."""
    yield "about", LIBRARY["about"]
    for skill in SKILLS:
        label = f"skill {skill['number']}"
        yield f"{label} description", skill["description"]
        yield f"{label} more", skill["more"]
        for practice in skill["practices"]:
            yield f"{label} practice {practice['id']}", practice["text"]
    for sign in SIGNS:
        for field in ("acknowledgement", "practice", "more", "card"):
            yield f"sign {sign['id']} {field}", sign[field]
    for mode in MODES:
        yield f"mode {mode['id']} description", mode["description"]
    yield "self-empathy intro", SELF_EMPATHY["intro"]
    yield "self-empathy card", SELF_EMPATHY["card"]
    for step in SELF_EMPATHY["steps"]:
        yield f"self-empathy step {step['id']}", step["text"]


def named_strings() -> Iterator[tuple[str, str]]:
    """Names the skill speaks or shows: titles and sign names."""
    for skill in SKILLS:
        yield f"skill {skill['number']} title", skill["title"]
    for sign in SIGNS:
        yield f"sign {sign['id']} name", sign["name"]
    for mode in MODES:
        yield f"mode {mode['id']} title", mode["title"]
    yield "self-empathy title", SELF_EMPATHY["title"]


def spoken_strings() -> Iterator[tuple[str, str]]:
    """Every string a person may hear or say, labelled with where it lives in the file."""
    yield from named_strings()
    yield from addressed_strings()
    for skill in SKILLS:
        for synonym in skill["synonyms"]:
            yield f"skill {skill['number']} synonym", synonym
    for sign in SIGNS:
        for synonym in sign["synonyms"]:
            yield f"sign {sign['id']} synonym", synonym
    for mantra in MANTRAS:
        yield f"mantra {mantra['id']}", mantra["text"]


SPOKEN = list(spoken_strings())
ADDRESSED = list(addressed_strings())
ADDRESSED_IDS = [f"{label}: {text[:30]}" for label, text in ADDRESSED]
# What the skill itself says (not what a person says to it): one name per sign here.
SAID_BY_SKILL = [*named_strings(), *ADDRESSED, *((m["id"], m["text"]) for m in MANTRAS)]
SPOKEN_IDS = [f"{label}: {text[:30]}" for label, text in SPOKEN]
SKILL_IDS = [f"skill-{s.get('number')}" for s in SKILLS]
SIGN_TEST_IDS = [str(s.get("id")) for s in SIGNS]
MANTRA_IDS = [str(m.get("id")) for m in MANTRAS]
PRACTICE_IDS = [str(p.get("id")) for _, p in PRACTICES]


# --- structure ---------------------------------------------------------------------------------


def test_library_has_exactly_the_documented_sections() -> None:
    assert set(LIBRARY) == {
        "about",
        "skills",
        "threat_signs",
        "mantras",
        "practice_modes",
        "self_empathy",
    }


def test_twelve_skills_numbered_one_to_twelve_in_order() -> None:
    assert [s["number"] for s in SKILLS] == list(range(1, 13))


@pytest.mark.parametrize("skill", SKILLS, ids=SKILL_IDS)
def test_skill_has_exactly_the_schema_fields(skill: dict[str, Any]) -> None:
    assert set(skill) == {
        "number",
        "title",
        "description",
        "more",
        "related",
        "practices",
        "synonyms",
    }, skill


@pytest.mark.parametrize("skill", SKILLS, ids=SKILL_IDS)
def test_skill_names_two_or_three_other_skills_that_support_it(skill: dict[str, Any]) -> None:
    """The skill of the day turns to these on the days it is not the focus."""
    related = skill["related"]
    assert 2 <= len(related) <= 3 and len(set(related)) == len(related), skill["number"]
    assert skill["number"] not in related and set(related) <= set(range(1, 13))


# --- skills ------------------------------------------------------------------------------------


@pytest.mark.parametrize("skill", SKILLS, ids=SKILL_IDS)
def test_skill_title_is_short_and_speakable(skill: dict[str, Any]) -> None:
    title = skill["title"]
    assert TITLE.fullmatch(title), f"skill {skill['number']} title {title!r} is not speakable"
    assert 1 <= len(words(title)) <= 4, f"skill {skill['number']} title {title!r} is not 1-4 words"


def test_skill_titles_are_unique() -> None:
    counts = Counter(normalized(s["title"]) for s in SKILLS)
    assert not [t for t, n in counts.items() if n > 1], f"duplicate titles: {counts}"


@pytest.mark.parametrize("skill", SKILLS, ids=SKILL_IDS)
def test_skill_relates_to_the_seed(skill: dict[str, Any]) -> None:
    text = f"{skill['title']} {skill['description']}".lower()
    keywords = SKILL_KEYWORDS[skill["number"]]
    assert any(k in text for k in keywords), (
        f"skill {skill['number']} ({skill['title']!r}) mentions none of {keywords}"
    )


@pytest.mark.parametrize("skill", SKILLS, ids=SKILL_IDS)
def test_skill_description_is_one_breath_in_second_person(skill: dict[str, Any]) -> None:
    description = skill["description"]
    label = f"skill {skill['number']} description {description!r}"
    assert len(words(description)) <= 25, f"{label} is longer than 25 words"
    assert 1 <= sentence_count(description) <= 2, f"{label} is not one or two sentences"
    assert description.endswith((".", "!", "?")), f"{label} does not end a sentence"
    assert SECOND_PERSON.search(description), f"{label} does not speak to 'you'"
    assert not FIRST_PERSON.search(description), f"{label} slips into the first person"


@pytest.mark.parametrize("skill", SKILLS, ids=SKILL_IDS)
def test_skill_more_says_what_it_looks_like_in_two_or_three_breaths(skill: dict[str, Any]) -> None:
    more = skill["more"]
    label = f"skill {skill['number']} more {more!r}"
    assert len(words(more)) <= 40, f"{label} is longer than 40 words"
    assert 2 <= sentence_count(more) <= 3, f"{label} is not two or three sentences"
    assert more.endswith("."), f"{label} does not end a sentence"
    assert SECOND_PERSON.search(more), f"{label} does not speak to 'you'"
    assert normalized(more) != normalized(skill["description"]), f"{label} repeats the description"


@pytest.mark.parametrize("skill", SKILLS, ids=SKILL_IDS)
def test_skill_has_enough_practices_for_a_year(skill: dict[str, Any]) -> None:
    count = len(skill["practices"])
    assert count >= MIN_PRACTICES_PER_SKILL, f"skill {skill['number']} has only {count} practices"


@pytest.mark.parametrize(("number", "practice"), PRACTICES, ids=PRACTICE_IDS)
def test_practice_has_exactly_the_schema_fields(number: int, practice: dict[str, Any]) -> None:
    assert set(practice) == {"id", "text", "when"}, practice
    assert practice["when"] in PRACTICE_TIMES, f"{practice['id']} when {practice['when']!r}"


def test_practice_ids_are_unique_and_name_their_skill() -> None:
    ids = [p["id"] for _, p in PRACTICES]
    assert len(set(ids)) == len(ids), f"duplicate practice ids: {Counter(ids).most_common(3)}"
    for number, practice in PRACTICES:
        assert re.fullmatch(rf"p-{number:02d}-\d{{2}}", practice["id"]), practice["id"]


@pytest.mark.parametrize("skill", SKILLS, ids=SKILL_IDS)
def test_skill_practices_fit_every_hour_and_the_week(skill: dict[str, Any]) -> None:
    """Most practices suit any hour; each time of day and the week has at least one of its own."""
    whens = Counter(p["when"] for p in skill["practices"])
    label = f"skill {skill['number']} practices {dict(whens)}"
    assert whens["any"] * 2 > len(skill["practices"]), f"{label}: any-hour ones are not a majority"
    missing = [when for when in PRACTICE_TIMES if not whens[when]]
    assert not missing, f"{label}: none for {missing}"


@pytest.mark.parametrize("skill", SKILLS, ids=SKILL_IDS)
def test_first_practice_suits_any_hour(skill: dict[str, Any]) -> None:
    """Choosing a focus offers the first practice, and a focus can be chosen at any hour."""
    assert skill["practices"][0]["when"] == "any", skill["practices"][0]


@pytest.mark.parametrize(("number", "practice"), PRACTICES, ids=PRACTICE_IDS)
def test_practice_is_a_short_concrete_instruction(number: int, practice: dict[str, Any]) -> None:
    text = practice["text"]
    label = f"skill {number} practice {text!r}"
    assert len(words(text)) <= 25, f"{label} is longer than 25 words"
    assert 1 <= sentence_count(text) <= 2, f"{label} is not one breath"
    assert text.endswith((".", "?")), f"{label} does not end a sentence"
    first = text.split()[0].lower()
    after_lead_in = text.split(",", 1)[1].split()[0].strip(",.").lower() if "," in text else ""
    assert first in IMPERATIVE_VERBS or after_lead_in in IMPERATIVE_VERBS, (
        f"{label} is not an instruction: start with a verb or 'When ..., <verb>'"
    )
    assert WHEN_CUE.search(text), f"{label} does not say when to do it"


@pytest.mark.parametrize(("number", "practice"), PRACTICES, ids=PRACTICE_IDS)
def test_practice_is_phrased_for_when_it_is_offered(number: int, practice: dict[str, Any]) -> None:
    """An any-hour practice names no time; a timed one names its own time and no other."""
    text, when = practice["text"], practice["when"]
    label = f"skill {number} {when} practice {text!r}"
    named = [time for time, cue in TIME_CUES.items() if cue.search(text)]
    if when == "any":
        assert not named, f"{label} names a time ({named}), yet is offered at any hour"
        assert not ANY_HOUR_FORBIDDEN.search(text), f"{label} is tied to today"
    else:
        assert named == [when], f"{label} names {named or 'no time'}, not only {when}"


def test_practices_are_not_repeated_across_skills() -> None:
    counts = Counter(p["text"].lower() for _, p in PRACTICES)
    assert not [p for p, n in counts.items() if n > 1], "a practice appears twice"


@pytest.mark.parametrize("skill", SKILLS, ids=SKILL_IDS)
def test_skill_synonyms_are_speakable_names(skill: dict[str, Any]) -> None:
    synonyms = skill["synonyms"]
    assert 4 <= len(synonyms) <= 30, f"skill {skill['number']} has {len(synonyms)} synonyms"
    for synonym in synonyms:
        assert SYNONYM.fullmatch(synonym), (
            f"skill {skill['number']} synonym {synonym!r}: lowercase letters, spaces, "
            "apostrophes only"
        )
        assert normalized(synonym) != normalized(skill["title"]), (
            f"skill {skill['number']} lists its own title {synonym!r} as a synonym"
        )


def test_skill_synonyms_are_unique_and_never_another_title() -> None:
    owners: dict[str, list[int]] = {}
    for skill in SKILLS:
        for synonym in skill["synonyms"]:
            owners.setdefault(normalized(synonym), []).append(skill["number"])
    shared = {syn: nums for syn, nums in owners.items() if len(nums) > 1}
    assert not shared, f"synonyms shared between skills: {shared}"
    titles = {normalized(s["title"]): s["number"] for s in SKILLS}
    clashes = {syn: (nums, titles[syn]) for syn, nums in owners.items() if syn in titles}
    assert not clashes, f"synonyms equal to a skill title (synonym: owners, title): {clashes}"


# --- threat signs ------------------------------------------------------------------------------


def test_threat_signs_are_the_seeds_four_in_order() -> None:
    assert tuple(s["id"] for s in SIGNS) == SIGN_IDS


@pytest.mark.parametrize("sign", SIGNS, ids=SIGN_TEST_IDS)
def test_threat_sign_has_exactly_the_schema_fields(sign: dict[str, Any]) -> None:
    assert set(sign) == {
        "id",
        "name",
        "acknowledgement",
        "practice",
        "more",
        "card",
        "synonyms",
    }, sign


@pytest.mark.parametrize("sign", SIGNS, ids=SIGN_TEST_IDS)
def test_threat_sign_name_is_short_and_relates_to_the_seed(sign: dict[str, Any]) -> None:
    name = sign["name"]
    assert SYNONYM.fullmatch(name), f"sign {sign['id']} name {name!r} is not plain lowercase"
    assert 1 <= len(words(name)) <= 8, f"sign {sign['id']} name {name!r} is not 1-8 words"
    text = f"{name} {sign['acknowledgement']}".lower()
    keywords = SIGN_KEYWORDS[sign["id"]]
    assert any(k in text for k in keywords), f"sign {sign['id']} mentions none of {keywords}"
    missing = [w for w in SIGN_NAME_WORDS[sign["id"]] if w not in name.split()]
    assert not missing, f"sign {sign['id']} name {name!r} drifts from the seed: lacks {missing}"
    assert not SECOND_PERSON.search(name) and not FIRST_PERSON.search(name), (
        f"sign {sign['id']} name {name!r} must read the same said by Alexa or by the person"
    )


@pytest.mark.parametrize("sign", SIGNS, ids=SIGN_TEST_IDS)
def test_threat_sign_acknowledgement_is_one_warm_breath(sign: dict[str, Any]) -> None:
    text = sign["acknowledgement"]
    label = f"sign {sign['id']} acknowledgement {text!r}"
    assert len(words(text)) <= 16, f"{label} is longer than 16 words"
    assert 1 <= sentence_count(text) <= 2, f"{label} is not one or two sentences"
    blaming = re.compile(r"\b(?:should|shouldn't|wrong|bad|fault|stop)\b", re.IGNORECASE)
    assert not blaming.search(text), f"{label} sounds like blame"


@pytest.mark.parametrize("sign", SIGNS, ids=SIGN_TEST_IDS)
def test_threat_sign_practice_is_short_and_grounding(sign: dict[str, Any]) -> None:
    text = sign["practice"]
    assert len(words(text)) <= 25, f"sign {sign['id']} practice is longer than 25 words"
    assert text.endswith((".", "?")), f"sign {sign['id']} practice does not end a sentence"
    assert re.search(r"\bbreath", text, re.IGNORECASE), (
        f"sign {sign['id']} practice {text!r} does not ground in the breath"
    )


@pytest.mark.parametrize("sign", SIGNS, ids=SIGN_TEST_IDS)
def test_threat_reply_leaves_room_in_one_breath(sign: dict[str, Any]) -> None:
    """The reply speaks acknowledgement and practice, then a question: one breath is 50 words."""
    spoken = len(words(sign["acknowledgement"])) + len(words(sign["practice"]))
    assert spoken <= 40, f"sign {sign['id']} acknowledgement and practice are {spoken} words"


@pytest.mark.parametrize("sign", SIGNS, ids=SIGN_TEST_IDS)
def test_threat_sign_more_explains_it_in_two_or_three_breaths(sign: dict[str, Any]) -> None:
    more = sign["more"]
    label = f"sign {sign['id']} more {more!r}"
    assert len(words(more)) <= 40, f"{label} is longer than 40 words"
    assert 2 <= sentence_count(more) <= 3, f"{label} is not two or three sentences"
    blaming = re.compile(r"\b(?:should|shouldn't|bad|fault)\b", re.IGNORECASE)
    assert not blaming.search(more), f"{label} sounds like blame"


@pytest.mark.parametrize("sign", SIGNS, ids=SIGN_TEST_IDS)
def test_threat_sign_card_names_the_sign_then_the_practice(sign: dict[str, Any]) -> None:
    card = sign["card"]
    label = f"sign {sign['id']} card {card!r}"
    assert card.startswith(f"{sign['name'].capitalize()}: "), f"{label} does not lead with its name"
    assert len(words(card)) <= 25, f"{label} is longer than 25 words"
    assert card.endswith("."), f"{label} does not end a sentence"


@pytest.mark.parametrize(("label", "text"), SAID_BY_SKILL, ids=[t[0] for t in SAID_BY_SKILL])
def test_each_sign_goes_by_one_name(label: str, text: str) -> None:
    for other in OTHER_SIGN_NAMES:
        assert not other.search(text), f"{label} {text!r} names a sign as {other.pattern!r}"


@pytest.mark.parametrize("sign", SIGNS, ids=SIGN_TEST_IDS)
def test_threat_sign_synonyms_are_sayable_after_im(sign: dict[str, Any]) -> None:
    synonyms = sign["synonyms"]
    assert 5 <= len(synonyms) <= 80, f"sign {sign['id']} has {len(synonyms)} synonyms"
    for synonym in synonyms:
        assert SYNONYM.fullmatch(synonym), (
            f"sign {sign['id']} synonym {synonym!r}: lowercase letters, spaces, apostrophes only"
        )
        assert synonym != sign["name"], f"sign {sign['id']} lists its own name as a synonym"


def test_threat_sign_synonyms_and_names_are_unique_across_signs() -> None:
    owners: dict[str, list[str]] = {}
    for sign in SIGNS:
        for phrase in (sign["name"], *sign["synonyms"]):
            owners.setdefault(phrase, []).append(sign["id"])
    shared = {phrase: ids for phrase, ids in owners.items() if len(ids) > 1}
    assert not shared, f"phrases claimed by more than one sign: {shared}"


# --- mantras -----------------------------------------------------------------------------------


def test_there_are_mantras_for_a_year() -> None:
    assert len(MANTRAS) >= 12 * MIN_MANTRAS_PER_SKILL, f"only {len(MANTRAS)} mantras"


def test_retired_mantra_ids_are_never_reused() -> None:
    reused = sorted(RETIRED_MANTRA_IDS & {m["id"] for m in MANTRAS})
    assert not reused, f"ids of rewritten mantras back in use: {reused}"


@pytest.mark.parametrize("mantra", MANTRAS, ids=MANTRA_IDS)
def test_mantra_has_exactly_the_schema_fields(mantra: dict[str, Any]) -> None:
    assert set(mantra) == {"id", "text", "skills", "signs"}, mantra


def test_mantra_ids_are_unique_and_well_formed() -> None:
    bad = [m["id"] for m in MANTRAS if not MANTRA_ID.fullmatch(m["id"])]
    assert not bad, f"mantra ids not like 'm-ground-01': {bad}"
    dupes = [i for i, n in Counter(m["id"] for m in MANTRAS).items() if n > 1]
    assert not dupes, f"duplicate mantra ids: {dupes}"


def test_mantra_texts_are_unique() -> None:
    counts = Counter(m["text"].lower() for m in MANTRAS)
    dupes = [t for t, n in counts.items() if n > 1]
    assert not dupes, f"duplicate mantra texts: {dupes}"


@pytest.mark.parametrize("mantra", MANTRAS, ids=MANTRA_IDS)
def test_mantra_is_a_first_person_action(mantra: dict[str, Any]) -> None:
    text = mantra["text"]
    label = f"mantra {mantra['id']} {text!r}"
    assert text.startswith("I "), f"{label} does not start with 'I '"
    verb = text.split()[1].strip(",.").lower()
    assert verb in MANTRA_VERBS, f"{label}: {verb!r} is not an allowed action verb"
    for form in FORBIDDEN_MANTRA_FORMS:
        assert not form.search(text), f"{label} uses a state form {form.pattern!r}, not an action"


@pytest.mark.parametrize("mantra", MANTRAS, ids=MANTRA_IDS)
def test_mantra_means_the_same_in_alexas_voice(mantra: dict[str, Any]) -> None:
    """Alexa says the mantra first: "you" or "we" would sound aimed at the listener."""
    text = mantra["text"]
    for pattern in (SECOND_PERSON, FIRST_PERSON_PLURAL):
        found = pattern.search(text)
        assert not found, f"mantra {mantra['id']} {text!r} says {found.group()!r}"


@pytest.mark.parametrize("mantra", MANTRAS, ids=MANTRA_IDS)
def test_mantra_is_one_short_sentence(mantra: dict[str, Any]) -> None:
    text = mantra["text"]
    label = f"mantra {mantra['id']} {text!r}"
    assert len(words(text)) <= 14, f"{label} is longer than 14 words"
    assert text.endswith("."), f"{label} does not end with a period"
    assert not re.search(r"[.!?;:]", text[:-1]), f"{label} is more than one sentence"


@pytest.mark.parametrize("mantra", MANTRAS, ids=MANTRA_IDS)
def test_mantra_links_to_real_skills_and_signs(mantra: dict[str, Any]) -> None:
    skills, signs = mantra["skills"], mantra["signs"]
    label = f"mantra {mantra['id']}"
    assert skills, f"{label} is tied to no skill"
    assert all(isinstance(n, int) and 1 <= n <= 12 for n in skills), f"{label} skills {skills}"
    assert len(set(skills)) == len(skills), f"{label} repeats a skill"
    assert all(s in SIGN_IDS for s in signs), f"{label} has unknown signs {signs}"
    assert len(set(signs)) == len(signs), f"{label} repeats a sign"


@pytest.mark.parametrize("number", range(1, 13))
def test_each_skill_has_enough_mantras_for_a_year(number: int) -> None:
    tied = [m["id"] for m in MANTRAS if number in m["skills"]]
    assert len(tied) >= MIN_MANTRAS_PER_SKILL, f"skill {number} has only {len(tied)}: {tied}"


@pytest.mark.parametrize("sign_id", SIGN_IDS)
def test_each_sign_has_enough_mantras_for_a_year(sign_id: str) -> None:
    tied = [m["id"] for m in MANTRAS if sign_id in m["signs"]]
    assert len(tied) >= MIN_MANTRAS_PER_SIGN, f"sign {sign_id} has only {len(tied)}: {tied}"


def test_mantra_verbs_are_varied() -> None:
    """Heard daily for a year, the same opening verb again and again would wear thin."""
    verbs = Counter(m["text"].split()[1].strip(",.").lower() for m in MANTRAS)
    overused = {v: n for v, n in verbs.items() if n > 6}
    assert not overused, f"verbs opening too many mantras: {overused}"
    assert len(verbs) >= 20, f"only {len(verbs)} different opening verbs"


def test_process_orientation_mantras_are_present() -> None:
    """The seed's identity as an ever-changing flow directed by intention, said with verbs."""
    process = re.compile(r"\b(?:flow|change|becoming|grow|intention)\b", re.IGNORECASE)
    found = [m["id"] for m in MANTRAS if process.search(m["text"])]
    assert len(found) >= 3, f"too few process-orientation mantras: {found}"


# --- practice modes ----------------------------------------------------------------------------


def test_practice_modes_are_the_seeds_two_in_order() -> None:
    assert tuple(m["id"] for m in MODES) == MODE_IDS
    for mode in MODES:
        assert set(mode) == {"id", "title", "description"}, mode


@pytest.mark.parametrize("mode", MODES, ids=[str(m.get("id")) for m in MODES])
def test_practice_mode_is_short(mode: dict[str, Any]) -> None:
    label = f"mode {mode['id']}"
    assert 1 <= len(words(mode["title"])) <= 5, f"{label} title is not 1-5 words"
    description = mode["description"]
    assert len(words(description)) <= 30, f"{label} description is longer than 30 words"
    assert 1 <= sentence_count(description) <= 2, f"{label} description is not one breath"


@pytest.mark.parametrize(
    ("mode_id", "keywords"),
    [
        ("in_the_moment", ("notice", "mantra")),
        ("regular_practice", ("week", "time", "self-empathy")),
    ],
)
def test_practice_mode_matches_the_seed(mode_id: str, keywords: tuple[str, ...]) -> None:
    mode = next(m for m in MODES if m["id"] == mode_id)
    text = mode["description"].lower()
    missing = [k for k in keywords if k not in text]
    assert not missing, f"mode {mode_id} description lacks {missing}"


# --- about -------------------------------------------------------------------------------------


def test_about_answers_what_secure_differentiation_is_in_one_breath() -> None:
    """Spoken, then followed by a short question: it must leave room within 50 words."""
    about = LIBRARY["about"]
    assert isinstance(about, str)
    assert len(words(about)) <= 40, f"about is {len(words(about))} words"
    assert 2 <= sentence_count(about) <= 4, "about is not a few short sentences"
    assert "secure differentiation" in about.lower(), "about does not name what it explains"
    # The seed's two sides: closeness and security, and being oneself.
    assert re.search(r"\bclose|secur|safe", about, re.IGNORECASE), "about misses closeness"
    assert re.search(r"\byourself\b|\bown\b", about, re.IGNORECASE), "about misses the self"


# --- everything said to the person -------------------------------------------------------------


@pytest.mark.parametrize(("label", "text"), ADDRESSED, ids=ADDRESSED_IDS)
def test_addressed_text_quotes_no_words(label: str, text: str) -> None:
    """Said to "you", a first-person word can only be a quotation, which the ear cannot hear."""
    found = FIRST_PERSON.search(text)
    assert not found, f"{label} {text!r} quotes first-person words ({found.group()!r})"
    assert not QUOTE_MARK.search(text), f"{label} {text!r} has a quotation mark"
    assert not QUOTING.search(text), f"{label} {text!r} points at quoted words"


# --- every spoken string -----------------------------------------------------------------------


@pytest.mark.parametrize(("label", "text"), SPOKEN, ids=SPOKEN_IDS)
def test_spoken_text_is_plain_ssml_safe_ascii(label: str, text: str) -> None:
    assert isinstance(text, str) and text, f"{label} is empty"
    bad = sorted({c for c in text if not SPEAKABLE.fullmatch(c)})
    assert not bad, f"{label} {text!r} has characters {bad} that are unsafe or unspeakable"
    assert text == text.strip() and "  " not in text, f"{label} {text!r} has stray spaces"


@pytest.mark.parametrize(("label", "text"), SPOKEN, ids=SPOKEN_IDS)
def test_spoken_text_makes_no_promises_or_diagnoses(label: str, text: str) -> None:
    for claim in FORBIDDEN_CLAIMS:
        assert not claim.search(text), f"{label} {text!r} matches forbidden {claim.pattern!r}"


def test_spoken_text_is_not_copied_from_the_seed() -> None:
    """Our own words: no run of seven words may match the seed text."""
    if not SEED_PATH.is_file():
        pytest.skip(f"seed text not available at {SEED_PATH}")

    def runs(text: str) -> set[tuple[str, ...]]:
        tokens = re.findall(r"[a-z']+", text.lower().replace("\u2019", "'"))
        n = COPIED_RUN_WORDS
        return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}

    seed_runs = runs(SEED_PATH.read_text(encoding="utf-8"))
    copied = {label: " ".join(r) for label, text in SPOKEN for r in runs(text) & seed_runs}
    assert not copied, f"phrases copied from the seed: {copied}"


# --- typed loader ------------------------------------------------------------------------------


def test_typed_loader_reads_the_library() -> None:
    if not resources.files(PACKAGE).joinpath("prompts.en.json").is_file():
        pytest.skip("prompts.en.json not written yet")
    from secure_differentiation.skill.content import content_for

    content = content_for("en-US")
    assert [s.number for s in content.skills] == list(range(1, 13))
    assert content.skill(3).title == SKILLS[2]["title"]
    assert [s.id for s in content.threat_signs] == list(SIGN_IDS)
    assert len(content.mantras) == len(MANTRAS)
    assert content.practice_mode("regular_practice").title == MODES[1]["title"]
    assert content.about == LIBRARY["about"]
    assert content.skill(5).more == SKILLS[4]["more"]
    judging = content.sign("judging")
    assert judging is not None and (judging.more, judging.card) == (
        SIGNS[1]["more"],
        SIGNS[1]["card"],
    )
    assert [(p.id, p.text, p.when) for p in content.skill(12).practices] == [
        (p["id"], p["text"], p["when"]) for p in SKILLS[11]["practices"]
    ]
    assert [s.id for s in content.self_empathy.steps] == [s["id"] for s in SELF_EMPATHY["steps"]]


def test_a_practice_reads_as_its_text_where_only_words_are_needed() -> None:
    from secure_differentiation.skill.content import content_for

    practice = content_for("en-US").skill(3).practices[0]
    # Prompts fill {practice} with str.format, cards with f-strings: both must give the words.
    assert str(practice) == f"{practice}" == "{p}".format(p=practice) == practice.text  # noqa: UP032


@pytest.mark.parametrize(
    ("hour", "timed"),
    [(None, None), (3, None), (4, "morning"), (10, "morning"), (11, "midday"), (14, "midday"),
     (15, None), (16, None), (17, "evening"), (22, "evening"), (23, None)],
)  # fmt: skip
def test_daily_practices_suit_the_local_hour(hour: int | None, timed: str | None) -> None:
    from secure_differentiation.skill.content import content_for, time_of_day

    if hour is not None:
        assert time_of_day(hour) == timed
    for skill in content_for("en-US").skills:
        offered = skill.daily_practices(hour)
        whens = {p.when for p in offered}
        assert whens == ({"any", timed} if timed else {"any"}), (skill.number, hour, whens)
        expected = [p for p in skill.practices if p.when in whens]
        assert list(offered) == expected
        assert skill.practices_for("weekly") and not set(skill.practices_for("weekly")) & set(
            offered
        ), "weekly practices are never daily ones"
