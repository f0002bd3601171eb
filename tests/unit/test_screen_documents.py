"""The screens' documents and data: valid APL, no words of their own, every binding bound.

Each document is checked with Amazon's APL validator (apl-suggester, run by
node from tests/apl), and by rules it cannot check: every word shown comes
from the datasource, every @resource and Alexa layout property exists in the
packages the document imports, and every viewport class the skill supports
gets its own sizes. Each datasource builder is checked against its document
in both directions: the document reads nothing the builder leaves out, and
the builder sends nothing the document does not show.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from datetime import date
from importlib import resources
from typing import Any

import pytest
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope
from ask_sdk_model.interfaces.alexa.presentation.apl import UserEvent

from secure_differentiation.skill import screens
from secure_differentiation.skill.content import SELF_EMPATHY_PARTS, Content, content_for
from secure_differentiation.skill.domain.charts import CHART_WEEKS, weeks_of_practice
from secure_differentiation.skill.domain.state import Reflection, UserState
from support.alexa import load_event
from support.screens import (
    DEVICES,
    PACKAGES,
    document_reads,
    dp,
    findings,
    leaf_paths,
    validate,
    with_screen,
)

# Properties whose value a person sees or a screen reader says.
SHOWN = frozenset(
    {
        "text",
        "headerTitle",
        "headerSubtitle",
        "headerAttributionText",
        "headerBackButtonAccessibilityLabel",
        "buttonText",
        "accessibilityLabel",
        "hintText",
    }
)
# Properties any component has, so a layout takes them whatever its parameters.
BASE_PROPERTIES = frozenset(
    {
        "when",
        "id",
        "width",
        "height",
        "minWidth",
        "maxWidth",
        "minHeight",
        "maxHeight",
        "padding",
        "paddingLeft",
        "paddingRight",
        "paddingTop",
        "paddingBottom",
        "spacing",
        "grow",
        "shrink",
        "alignSelf",
        "opacity",
        "display",
    }
)
PURE_BINDING = re.compile(r"^\$\{[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*\}$")
RESOURCE = re.compile(r"@([A-Za-z_]\w*)")
LAYOUTS: dict[str, list[str]] = PACKAGES["packages"]["alexa-layouts"]["layouts"]
PROFILE_RESOURCES = set(PACKAGES["packages"]["alexa-viewport-profiles"]["resources"])
NOW = date(2026, 11, 23)  # a Monday


@pytest.fixture(scope="module")
def content() -> Content:
    return content_for("en-US")


def _nodes(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _nodes(value)
    elif isinstance(node, list):
        for item in node:
            yield from _nodes(item)


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            if key != "description":  # notes for whoever edits the document
                yield from _strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item)


ALL = pytest.mark.parametrize("screen", screens.SCREENS, ids=lambda s: s.name)


# -- the documents -------------------------------------------------------------------


@ALL
def test_document_imports_the_declared_alexa_packages(screen: screens.Screen[Any]) -> None:
    document = screen.document
    assert document["type"] == "APL"
    declared = {name: spec["version"] for name, spec in PACKAGES["packages"].items()}
    assert {i["name"]: i["version"] for i in document["import"]} == declared
    assert all(document["version"] == spec["apl"] for spec in PACKAGES["packages"].values())
    assert len(document["mainTemplate"]["parameters"]) == 1


@ALL
def test_every_word_shown_comes_from_the_datasource(screen: screens.Screen[Any]) -> None:
    shown = [
        (node.get("type"), key, value)
        for node in _nodes(screen.document)
        for key, value in node.items()
        if key in SHOWN
    ]
    assert shown, "a screen that shows no words"
    assert [s for s in shown if not PURE_BINDING.match(str(s[2]))] == []


@ALL
def test_every_resource_is_defined_here_or_in_an_imported_package(
    screen: screens.Screen[Any],
) -> None:
    document = screen.document
    defined = set(PROFILE_RESOURCES)
    for block in document.get("resources", []):
        for values in block.values():
            if isinstance(values, dict):
                defined.update(values)
    used = {name for text in _strings(document) for name in RESOURCE.findall(text)}
    assert used - defined == set()


@ALL
def test_alexa_layouts_get_only_their_documented_parameters(screen: screens.Screen[Any]) -> None:
    misused = [
        (node["type"], key)
        for node in _nodes(screen.document)
        if node.get("type") in LAYOUTS
        for key in node
        if key != "type" and key not in BASE_PROPERTIES and key not in LAYOUTS[node["type"]]
    ]
    assert misused == []


@ALL
def test_every_viewport_class_gets_sizes_of_its_own(screen: screens.Screen[Any]) -> None:
    """Echo Show 8 and 10 take the defaults; the rest each have a resource block."""
    blocks = screen.document["resources"]
    default, *overrides = blocks
    conditions = " ".join(str(block.get("when", "")) for block in overrides)
    for profile in ("hubLandscapeSmall", "hubRound", "hubLandscapeXLarge", "tvLandscape"):
        assert f"@{profile}" in conditions, profile
    for block in overrides:
        assert set(block["dimensions"]) == set(default["dimensions"])


def test_every_device_named_in_the_issue_falls_in_a_declared_profile() -> None:
    """The devices' viewports as Alexa reports them, sized as the profiles are defined."""
    profiles = {
        "hubRoundSmall": ("ROUND", (100, 599), (100, 599)),
        "hubLandscapeSmall": ("RECTANGLE", (960, 1279), (100, 599)),
        "hubLandscapeMedium": ("RECTANGLE", (960, 1279), (600, 959)),
        "hubLandscapeLarge": ("RECTANGLE", (1280, 1920), (600, 1279)),
        "hubLandscapeXLarge": ("RECTANGLE", (1920, 2560), (960, 1279)),
        "tvLandscapeXLarge": ("RECTANGLE", (960, 960), (540, 540)),
    }
    for name, profile in PACKAGES["devices"].items():
        if name == "about":
            continue
        viewport = DEVICES[name]
        shape, widths, heights = profiles[profile]
        width, height = dp(viewport)
        assert viewport["shape"] == shape, name
        assert widths[0] <= width <= widths[1] and heights[0] <= height <= heights[1], name


def test_every_document_passes_amazons_apl_validator() -> None:
    results = validate([{"name": s.name, "document": s.document} for s in screens.SCREENS])
    assert {r["name"]: findings(r) for r in results} == {s.name: [] for s in screens.SCREENS}


def test_the_validator_reports_what_is_wrong() -> None:
    """A control: the same pipeline finds an unknown layout, a bad type and an unknown import."""
    broken = copy.deepcopy(screens.WALK_SCREEN.document)
    frame = broken["mainTemplate"]["items"][0]
    frame["item"]["items"][0]["type"] = "AlexaHeadr"
    frame["item"]["items"][2]["item"]["items"][0]["maxLines"] = "two"
    unknown = copy.deepcopy(screens.MANTRA_SCREEN.document)
    unknown["import"].append({"name": "alexa-icon", "version": "1.0.0"})
    results = validate(
        [
            {"name": "broken", "document": broken},
            {"name": "unknown", "document": unknown, "datasources": {"mantra": "text"}},
        ]
    )
    broken_found, unknown_found = (findings(r) for r in results)
    assert any("AlexaHeadr" in json.dumps(f) for f in broken_found)
    assert any("maxLines" in f["path"] for f in broken_found)
    assert any(f.get("error") == "PACKAGE_LOADER_CANNOT_FETCH_URL" for f in unknown_found)
    assert any("mantra" in f["path"] for f in unknown_found)


# -- the data -------------------------------------------------------------------------


def _binds_exactly(screen: screens.Screen[Any], data: Any) -> None:
    datasources = screen.datasources(data)
    reads = document_reads(screen.document, datasources)
    assert reads.missing == set(), f"{screen.name} reads what its data lacks"
    assert leaf_paths(datasources) - reads.found == set(), f"{screen.name} sends unshown data"
    text = [value for value in _strings(datasources) if isinstance(value, str)]
    assert all(value.strip() == value for value in text)


def _state_with_history(focus: int | None) -> UserState:
    state = UserState(focus_skill=focus)
    for weeks_back, presence, signs in ((1, 3, ["judging"]), (2, 4, []), (4, 2, ["defending"])):
        monday = date.fromordinal(NOW.toordinal() - 7 * weeks_back)
        key = f"{monday.isocalendar()[0]}-W{monday.isocalendar()[1]:02d}"
        state.reflections[key] = Reflection(
            practised=[1], signs=signs, presence=presence, focus=focus, done_on=monday.isoformat()
        )
    state.threat_log["2026-W47"] = {"judging": 2, "harmonizing": 1}
    return state


def test_the_mantra_screen_binds_every_mantra(content: Content) -> None:
    for mantra in content.mantras:
        _binds_exactly(screens.MANTRA_SCREEN, screens.mantra_data(content, mantra))
    sign = content.threat_signs[0]
    data = screens.mantra_data(content, content.mantras[0], sign=sign.id, note=sign.practice)
    _binds_exactly(screens.MANTRA_SCREEN, data)
    assert sign.name in data.belongs_to and data.note == sign.practice


def test_the_mantra_names_what_was_asked_for_before_what_it_anchors(content: Content) -> None:
    mantra = next(m for m in content.mantras if m.skills and m.skills[0] != 5)
    asked = screens.mantra_data(content, mantra, 5)
    assert content.skill(5).title in asked.belongs_to
    plain = screens.mantra_data(content, mantra)
    assert content.skill(mantra.skills[0]).title in plain.belongs_to
    unknown_sign = screens.mantra_data(content, mantra, sign="not-a-sign")
    assert unknown_sign.belongs_to == plain.belongs_to


def test_the_walk_screen_binds_every_skill(content: Content) -> None:
    for number in range(1, 13):
        data = screens.walk_data(content, number)
        _binds_exactly(screens.WALK_SCREEN, data)
        assert data.position == f"Skill {number} of 12"
        assert data.practice == content.skill(number).practices[0].text


def test_the_daily_screen_binds_the_practice_spoken(content: Content) -> None:
    skill = content.skill(7)
    data = screens.daily_data(content, 7, skill.practices[2])
    _binds_exactly(screens.DAILY_SCREEN, data)
    assert data.practice == skill.practices[2].text and data.title == skill.title


def test_the_self_empathy_screen_shows_the_steps_being_spoken(content: Content) -> None:
    steps = content.self_empathy.steps
    for index, step in enumerate(steps):
        data = screens.self_empathy_data(content, index)
        _binds_exactly(screens.SELF_EMPATHY_SCREEN, data)
        assert [s.text for s in data.steps] == [step.text]
        assert data.position == f"Step {index + 1} of {len(steps)}"
        assert str(step.silence_seconds) in data.quiet
    run = screens.self_empathy_data(content, 4, 3)
    assert [s.text for s in run.steps] == [s.text for s in steps[4:7]]
    assert run.position == f"Steps 5 to 7 of {len(steps)}" and run.reached == 7
    parts = screens.labels("en")["empathy_parts"]
    assert set(parts) == set(SELF_EMPATHY_PARTS)
    start = 0
    for segment in content.self_empathy.segments(45):  # as a reply of the practice would say
        data = screens.self_empathy_data(content, start, len(segment))
        _binds_exactly(screens.SELF_EMPATHY_SCREEN, data)
        assert data.part == parts[segment[0].part] and len(data.steps) == len(segment)
        start += len(segment)
    assert start == len(steps)
    for bad in ((-1, 1), (len(steps), 1), (0, 0)):
        with pytest.raises(ValueError):
            screens.self_empathy_data(content, *bad)


@pytest.mark.parametrize("focus", [None, 3])
def test_the_progress_screen_binds_empty_and_full_histories(
    content: Content, focus: int | None
) -> None:
    for state in (UserState(focus_skill=focus), _state_with_history(focus)):
        _binds_exactly(screens.PROGRESS_SCREEN, screens.progress_data(content, state, NOW))


def test_the_progress_charts_draw_the_weeks(content: Content) -> None:
    data = screens.progress_data(content, _state_with_history(3), NOW)
    assert data.week_count == CHART_WEEKS == len(data.weeks)
    assert [w.label for w in data.weeks][-2:] == ["Nov 16", "Nov 23"]
    assert [w.rating for w in data.weeks] == [0, 0, 0, 2, 0, 4, 3, 0]
    assert [w.previous for w in data.weeks][1:] == [w.rating for w in data.weeks][:-1]
    assert [w.signs for w in data.weeks] == [0, 0, 0, 1, 0, 0, 3, 0]
    assert data.most_signs == 3 and data.rating_note == data.signs_note == ""
    assert "Nov 16: 3" in data.rating_summary and "Nov 23: none" in data.rating_summary
    empty = screens.progress_data(content, UserState(), NOW)
    assert empty.most_signs == 1 and empty.rating_note and empty.signs_note
    assert "No focus" in empty.focus


def test_screen_words_need_no_locale_respelling() -> None:
    """Screens' words are shared by every English locale: none may differ by spelling."""
    locale = resources.files("secure_differentiation.skill.content") / "locale.en-US.json"
    spelling = json.loads(locale.read_text(encoding="utf-8"))["spelling"]
    words = {w.lower() for text in _strings(screens.labels("en")) for w in re.findall(r"\w+", text)}
    assert words & set(spelling) == set()


# -- the charts' weeks ----------------------------------------------------------------


def test_weeks_of_practice_end_with_this_week_and_cross_the_new_year() -> None:
    weeks = weeks_of_practice(UserState(), date(2027, 1, 2))  # a Saturday in 2026-W53
    assert [w.key for w in weeks][-3:] == ["2026-W51", "2026-W52", "2026-W53"]
    assert weeks[-1].monday == date(2026, 12, 28)
    assert [w.key for w in weeks_of_practice(UserState(), date(2027, 1, 4))][-1] == "2027-W01"


def test_ratings_of_another_focus_are_left_out_and_signs_never_count_twice() -> None:
    state = UserState(focus_skill=3)
    state.reflections["2026-W47"] = Reflection(
        signs=["judging", "defending"], presence=4, focus=3, done_on="2026-11-22"
    )
    state.reflections["2026-W46"] = Reflection(presence=5, focus=8, done_on="2026-11-15")
    state.threat_log["2026-W47"] = {"judging": 3}
    weeks = {w.key: w for w in weeks_of_practice(state, NOW)}
    assert weeks["2026-W47"].rating == 4 and weeks["2026-W46"].rating is None
    assert weeks["2026-W47"].signs == 4  # three logged judgings, and defending named once
    assert weeks["2026-W48"].rating is None and weeks["2026-W48"].signs == 0


# -- which devices, and touch ------------------------------------------------------------


def _envelope(**interfaces: Any) -> RequestEnvelope:
    event = load_event("intent")
    event["context"]["System"]["device"]["supportedInterfaces"] = interfaces
    return DefaultSerializer().deserialize(json.dumps(event), RequestEnvelope)


def test_only_a_device_rendering_the_documents_apl_version_gets_them() -> None:
    apl = "Alexa.Presentation.APL"
    version = screens.MANTRA_SCREEN.version
    assert not screens.renders(_envelope(), version)
    assert not screens.renders(_envelope(AudioPlayer={}), version)
    assert screens.renders(_envelope(**{apl: {"runtime": {"maxVersion": "2024.2"}}}), version)
    assert screens.renders(_envelope(**{apl: {"runtime": {"maxVersion": version}}}), version)
    assert not screens.renders(_envelope(**{apl: {"runtime": {"maxVersion": "1.9"}}}), version)
    assert not screens.renders(_envelope(**{apl: {"runtime": {"maxVersion": "soon"}}}), version)
    assert screens.renders(_envelope(**{apl: {}}), version)
    screen_event = with_screen(load_event("intent"), "Echo Spot")
    envelope = DefaultSerializer().deserialize(json.dumps(screen_event), RequestEnvelope)
    assert screens.renders(envelope, version)


def _event(token: Any, *arguments: Any) -> UserEvent:
    return UserEvent(token=token, arguments=list(arguments))


def test_a_touch_is_read_only_from_the_skills_own_buttons() -> None:
    question = {"kind": "walkthrough", "skill": 4, "misses": 0}
    token = "walkthrough|" + json.dumps(question)
    assert screens.read_touch(_event(token, "next")) == screens.Touch(
        "AMAZON.NextIntent", "walkthrough", question
    )
    assert screens.read_touch(_event("walkthrough", "focus")) == screens.Touch(
        "SetFocusIntent", "walkthrough", None
    )
    for event in (
        _event(token),
        _event(token, "launch-missiles"),
        _event(token, 7),
        _event("walkthrough|{not json", "next"),
        _event("walkthrough|[1, 2]", "next"),
        _event("walkthrough|" + " " * screens.MAX_TOKEN_CHARS, "next"),
    ):
        assert screens.read_touch(event) is None
