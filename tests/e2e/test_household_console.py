"""The text console speaks as a recognised voice: `chat --person ID`.

The real command in a child process, on a SQLite file: two voices of one account,
each with their own practice, the household's check-in, and the name Alexa would
say shown as a placeholder.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from secure_differentiation.skill.content import content_for
from secure_differentiation.tools.console import build_envelope

CLI = Path(sys.executable).parent / "secure-differentiation"
USER = "amzn1.ask.account.CONSOLE-HOUSEHOLD"
ANNA = "amzn1.ask.person.ANNA"
BEN = "amzn1.ask.person.BEN"
LISTENING = content_for("en-US").skill(5).title


def chat(db: Path, lines: list[str], *options: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("SKILL_TABLE_NAME", "SKILL_ID")}
    env["SKILL_DB_PATH"] = str(db)
    return subprocess.run(
        [
            str(CLI),
            "chat",
            "--non-interactive",
            "--user-id",
            USER,
            "--now",
            "2026-11-23T09:00",
            "--time-zone",
            "Europe/London",
            *options,
        ],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_two_voices_in_the_console_keep_their_own_practice_and_share_check_ins(
    tmp_path: Path,
) -> None:
    db = tmp_path / "skill.sqlite3"
    anna = chat(
        db,
        [
            "open secure differentiation",
            "make listening my focus",
            "no",
            "remind me every day at 8 am",
            "yes",
        ],
        "--person",
        ANNA,
    )
    assert anna.returncode == 0, anna.stderr
    greeting = anna.stdout.split("alexa> ", 1)[1].splitlines()[0]
    assert "[first name]" in greeting  # where Alexa says Anna's name
    assert LISTENING in anna.stdout

    ben = chat(
        db,
        ["ask secure differentiation what's my focus", "what check-ins do i have"],
        "--person",
        BEN,
    )
    assert ben.returncode == 0, ben.stderr
    heard = ben.stdout.split("alexa> ", 1)[1]
    assert LISTENING not in heard  # Anna's focus is hers
    assert "check-in" in heard and "8 AM" in heard  # the household's check-in

    with sqlite3.connect(db) as raw:
        rows = dict(raw.execute("SELECT id, household FROM records").fetchall())
    raw.close()
    # Anna's practice, and the account's holding the check-in; Ben only asked, so nothing of
    # his is stored.
    assert rows == {USER: None, f"{USER}#{ANNA}": USER}


def test_a_person_id_that_alexa_would_never_send_is_refused(tmp_path: Path) -> None:
    refused = chat(tmp_path / "skill.sqlite3", [], "--person", 'x"/><audio src="y"/>')
    assert refused.returncode == 2
    assert "--person" in refused.stderr and "personId" in refused.stderr


def test_the_console_s_envelope_names_the_recognised_voice() -> None:
    request = {"type": "LaunchRequest"}
    common = {
        "session_id": "s",
        "new": True,
        "attributes": {},
        "user_id": USER,
        "skill_id": "amzn1.ask.skill.x",
    }
    recognised = build_envelope(request, person_id=ANNA, **common)  # type: ignore[arg-type]
    assert recognised["context"]["System"]["person"] == {"personId": ANNA}
    unrecognised = build_envelope(request, **common)  # type: ignore[arg-type]
    assert "person" not in unrecognised["context"]["System"]
