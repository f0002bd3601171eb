"""Devices with screens, as Alexa describes them in a request, and the APL validator.

`DEVICES` holds what a request's context says about each screen issue 12 names:
the APL runtime in `supportedInterfaces` and the `Viewport` (shape, pixels, dpi,
input). `validate` runs Amazon's apl-suggester (tests/apl, installed by .ci/run
with `npm ci`) over documents and returns what it found.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

APL_DIR = Path(__file__).resolve().parents[1] / "apl"
VALIDATOR = APL_DIR / "validate.js"
PACKAGES = json.loads((APL_DIR / "packages.json").read_text(encoding="utf-8"))
# The newest APL today's Echo devices report.
RUNTIME = {"maxVersion": "2024.2"}


def _viewport(mode: str, shape: str, width: int, height: int, dpi: int) -> dict[str, Any]:
    touch = ["SINGLE"] if mode == "HUB" else []
    keyboard = ["DIRECTION"] if mode == "TV" else []
    return {
        "experiences": [{"arcMinuteWidth": 246, "arcMinuteHeight": 144, "canRotate": False}],
        "mode": mode,
        "shape": shape,
        "pixelWidth": width,
        "pixelHeight": height,
        "currentPixelWidth": width,
        "currentPixelHeight": height,
        "dpi": dpi,
        "touch": touch,
        "keyboard": keyboard,
        "video": {"codecs": ["H_264_42", "H_264_41"]},
    }


# Each device's viewport, in pixels at its density (APL lays out in dp = px * 160 / dpi).
DEVICES: dict[str, dict[str, Any]] = {
    "Echo Spot": _viewport("HUB", "ROUND", 480, 480, 160),
    "Echo Show 5": _viewport("HUB", "RECTANGLE", 960, 480, 160),
    "Echo Show 8": _viewport("HUB", "RECTANGLE", 1280, 800, 213),
    "Echo Show 10": _viewport("HUB", "RECTANGLE", 1280, 800, 160),
    "Echo Show 15": _viewport("HUB", "RECTANGLE", 1920, 1080, 160),
    "Fire TV": _viewport("TV", "RECTANGLE", 1920, 1080, 320),
}


def dp(viewport: dict[str, Any]) -> tuple[int, int]:
    """A viewport's size in dp, the unit viewport profiles are defined in."""
    scale = 160 / viewport["dpi"]
    return round(viewport["pixelWidth"] * scale), round(viewport["pixelHeight"] * scale)


def with_screen(event: dict[str, Any], device: str) -> dict[str, Any]:
    """`event` as sent from `device`: APL among its interfaces, and its viewport."""
    context = event["context"]
    context["System"]["device"]["supportedInterfaces"]["Alexa.Presentation.APL"] = {
        "runtime": dict(RUNTIME)
    }
    context["Viewport"] = json.loads(json.dumps(DEVICES[device]))
    return event


def validator_unavailable() -> str | None:
    """Why the APL validator cannot run here, or None when it can."""
    if shutil.which("node") is None:
        return "node is not installed"
    if not (APL_DIR / "node_modules" / "apl-suggester").is_dir():
        return "apl-suggester is not installed (npm ci --prefix tests/apl)"
    return None


def require_validator() -> None:
    """Skip where the validator is missing on a developer's machine; in CI, fail instead."""
    missing = validator_unavailable()
    if missing is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"the APL validator must run in CI: {missing}")
    pytest.skip(f"the APL validator cannot run: {missing} (.ci/run installs it)")


def validate(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """apl-suggester's findings for each {"name", "document", "datasources"?} entry."""
    require_validator()
    completed = subprocess.run(
        ["node", str(VALIDATOR)],
        input=json.dumps(entries),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    results: list[dict[str, Any]] = json.loads(completed.stdout)["results"]
    return results


def findings(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Everything the validator said about one document: warnings, errors, datasources."""
    return [*result["warnings"], *result["errors"], *result["datasources"]]


# --- what a document reads from its datasource ---------------------------------------------

_EXPRESSION = re.compile(r"\$\{(.*?)\}")
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
_CHAIN = re.compile(r"(?<![\w.@])([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)")
_PURE = re.compile(r"^\$\{\s*([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\s*\}$")
ELEMENT = "[]"

Path_ = tuple[str, ...]
# A name in scope: every value it can stand for, each with where it came from.
Scope = dict[str, list[tuple[Path_, Any]]]


@dataclass
class Reads:
    """What a document read from its datasources: paths found, and paths that were missing."""

    found: set[Path_] = field(default_factory=set)
    missing: set[str] = field(default_factory=set)


def _lookup(chain: str, scope: Scope, reads: Reads) -> list[tuple[Path_, Any]]:
    head, *rest = chain.split(".")
    results = []
    for path, value in scope[head]:
        for name in rest:
            if isinstance(value, list) and name == "length":
                path, value = (*path, name), len(value)
            elif isinstance(value, dict) and name in value:
                path, value = (*path, name), value[name]
            else:
                reads.missing.add(".".join((*path, name)))
                break
        else:
            reads.found.add(path)
            results.append((path, value))
    return results


def _check_string(text: str, scope: Scope, reads: Reads) -> None:
    for expression in _EXPRESSION.findall(text):
        for chain in _CHAIN.findall(_QUOTED.sub("''", expression)):
            if chain.split(".")[0] in scope:
                _lookup(chain, scope, reads)


def _values(binding: Any, scope: Scope, reads: Reads) -> list[tuple[Path_, Any]]:
    """What a property can hold: its bound values, or itself when it binds nothing."""
    pure = _PURE.match(binding) if isinstance(binding, str) else None
    if pure and pure.group(1).split(".")[0] in scope:
        return _lookup(pure.group(1), scope, reads)
    if isinstance(binding, str):
        _check_string(binding, scope, reads)
    return [((), binding)]


def _walk(node: Any, scope: Scope, graphics: dict[str, Any], reads: Reads) -> None:
    if isinstance(node, str):
        _check_string(node, scope, reads)
    elif isinstance(node, list):
        for item in node:
            _walk(item, scope, graphics, reads)
    elif isinstance(node, dict):
        inner = scope
        if "data" in node:
            elements = [
                ((*path, ELEMENT), element)
                for path, value in _values(node["data"], scope, reads)
                if isinstance(value, list)
                for element in value
            ]
            inner = {**scope, "data": elements}
        for key, value in node.items():
            if key != "data":
                _walk(value, inner, graphics, reads)
        if node.get("type") == "VectorGraphic" and node.get("source") in graphics:
            graphic = graphics[node["source"]]
            parameters: Scope = {}
            for parameter in graphic.get("parameters", []):
                name = parameter["name"]
                if name in node:
                    parameters[name] = _values(node[name], scope, reads)
                else:
                    parameters[name] = [((), parameter.get("default"))]
            _walk(graphic.get("items", graphic.get("item")), parameters, graphics, reads)


def document_reads(document: dict[str, Any], datasources: dict[str, Any]) -> Reads:
    """Every datasource path `document` reads, and those it reads that `datasources` lacks.

    Follows the document as APL binds it: its mainTemplate's parameters, `data`
    arrays (each element as `data`), and vector graphics' parameters as set on
    each VectorGraphic that shows them.
    """
    reads = Reads()
    scope: Scope = {}
    for name in document["mainTemplate"].get("parameters", []):
        if name in datasources:
            scope[name] = [((name,), datasources[name])]
        else:
            reads.missing.add(name)
    graphics = document.get("graphics", {})
    body = {key: value for key, value in document.items() if key != "graphics"}
    _walk(body, scope, graphics, reads)
    return reads


def leaf_paths(value: Any, path: Path_ = ()) -> set[Path_]:
    """Every leaf of a datasource, with list elements as ELEMENT."""
    if isinstance(value, dict):
        return {leaf for key, item in value.items() for leaf in leaf_paths(item, (*path, key))}
    if isinstance(value, list):
        return {leaf for item in value for leaf in leaf_paths(item, (*path, ELEMENT))}
    return {path}
