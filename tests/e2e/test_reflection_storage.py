"""Weekly reflections survive restarts in both real backends, and in the text console."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from secure_differentiation.skill import build_skill
from secure_differentiation.skill.content import content_for
from support.alexa import AlexaDevice, number_slot

pytestmark = pytest.mark.dated

USER = "amzn1.ask.account.TESTUSER"
CLI = Path(sys.executable).parent / "secure-differentiation"


def test_a_reflection_survives_a_restart(adapter: Any, second_device: Any) -> None:
    device = AlexaDevice(build_skill(adapter, rng=random.Random(1)))
    device.one_shot("SetFocusIntent", number=number_slot("6"))
    device.one_shot("StartReflectionIntent")
    device.say("ChooseSkillIntent", number=number_slot("1"))
    device.say("AMAZON.NoIntent")
    device.say("AMAZON.NoIntent")
    device.say("ChooseSkillIntent", number=number_slot("3"))
    device.say("AMAZON.YesIntent")

    # A new process, talking to the same store through its own connection.
    restarted = AlexaDevice(build_skill(second_device, rng=random.Random(2)))
    summary = restarted.one_shot("HowAmIDoingIntent")
    assert "this week" in summary.text and "three out of five" in summary.text
    stored = second_device.load(USER)["reflections"]
    assert [(r["practised"], r["presence"], r["focus"]) for r in stored.values()] == [([1], 3, 6)]


def chat(lines: list[str], db: Path, user: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("SKILL_TABLE_NAME", "SKILL_ID")}
    env["SKILL_DB_PATH"] = str(db)
    result = subprocess.run(
        [str(CLI), "chat", "--non-interactive", "--user-id", user],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    )
    return result.stdout


def test_a_reflection_interrupted_and_finished_in_the_text_console(tmp_path: Path) -> None:
    db = tmp_path / "skill.sqlite3"
    user = "amzn1.ask.account.CONSOLE-REFLECTION"
    title = content_for("en-US").skill(4).title
    first = chat(
        [
            "ask secure differentiation to make skill four my focus",
            "open secure differentiation",
            "start my weekly reflection",
            "number two",
            "self empathy",
            "that's it",
            "stop",
        ],
        db,
        user,
    )
    assert "Any other?" in first or "Anything else?" in first
    assert "defending" in first.lower()  # it had reached the signs question
    second = chat(
        [
            "open secure differentiation",
            "yes",
            "judging",
            "none",
            "five",
            "yes",
            "ask secure differentiation how am i doing",
        ],
        db,
        user,
    )
    assert "reflection" in second.lower()
    assert title in second  # the presence and keep-focus questions name the focus
    assert "five out of five" in second
    assert "<speak" not in second
