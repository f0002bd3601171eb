"""Write skill/content/keys.py from prompts.en.json: every prompt's key and its placeholders.

    .venv/bin/python -m secure_differentiation.tools.prompt_keys

Run it after adding or renaming a prompt; a unit test fails while keys.py is out of date.
"""

from __future__ import annotations

import json
import string
from pathlib import Path

CONTENT = Path(__file__).resolve().parents[1] / "skill" / "content"

HEADER = '''"""The names of every conversational prompt; prompts.<lang>.json defines each.

Generated from prompts.en.json by `python -m secure_differentiation.tools.prompt_keys`.
A key is a plain string typed `PromptKey`, so mypy keeps a prompt's name apart from
spoken text, and importing these costs a cold start nothing (an Enum of this size took
8 ms to build). `PLACEHOLDERS` names the values a prompt may use; the content tests
check that every variant of every prompt, in every language, uses only those.
"""

from __future__ import annotations

from typing import Final, NewType

PromptKey = NewType("PromptKey", str)


class Prompt:
    """Keys into prompts.<lang>.json."""

'''


def placeholders(variants: list[str]) -> list[str]:
    """The {names} the variants of one prompt use."""
    return sorted({name for v in variants for _, name, _, _ in string.Formatter().parse(v) if name})


def render(prompts: dict[str, list[str]]) -> str:
    """keys.py's text, formatted as `ruff format` leaves it."""
    keys = sorted(k for k in prompts if not k.startswith("_"))
    lines = [HEADER]
    lines += [f'    {k.upper()}: Final = PromptKey("{k}")\n' for k in keys]
    lines.append(
        "\n\n# Every key, for the content tests.\nPROMPT_KEYS: tuple[PromptKey, ...] = (\n"
    )
    lines += [f"    Prompt.{k.upper()},\n" for k in keys]
    lines.append(")\n\nPLACEHOLDERS: dict[PromptKey, frozenset[str]] = {\n")
    for k in keys:
        names = placeholders(prompts[k])
        if names:
            lines.append(f"    Prompt.{k.upper()}: frozenset({json.dumps(names)}),\n")
    lines.append("}\n")
    return "".join(lines)


def main() -> None:
    prompts = json.loads((CONTENT / "prompts.en.json").read_text(encoding="utf-8"))
    (CONTENT / "keys.py").write_text(render(prompts), encoding="utf-8")


if __name__ == "__main__":
    main()
