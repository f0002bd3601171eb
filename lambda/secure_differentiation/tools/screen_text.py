"""A screen as text, for the console: which APL document was sent, and the words it shows.

Reads a RenderDocument directive the way the device would bind it: each text
property of the document that binds a datasource field (`${walk.title}`), in
document order, with `data` arrays repeated per element. Buttons and charts are
marked as such; a chart is given by its screen-reader text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

RENDER_DOCUMENT = "Alexa.Presentation.APL.RenderDocument"
_BINDING = re.compile(r"^\$\{\s*([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\s*\}$")
# Per component type: the properties that show words, and how the console marks them.
_SHOWN = {
    "AlexaHeader": (("headerTitle", ""), ("headerSubtitle", "")),
    "AlexaButton": (("buttonText", "[button] "),),
    "VectorGraphic": (("accessibilityLabel", "[chart] "),),
    "Text": (("text", ""),),
}


def _resolve(binding: Any, scope: dict[str, Any]) -> Any:
    match = _BINDING.match(binding) if isinstance(binding, str) else None
    if match is None:
        return None
    head, *rest = match.group(1).split(".")
    value = scope.get(head)
    for name in rest:
        value = value.get(name) if isinstance(value, dict) else None
    return value


def _words(node: Any, scope: dict[str, Any]) -> Iterator[str]:
    if isinstance(node, list):
        for item in node:
            yield from _words(item, scope)
        return
    if not isinstance(node, dict):
        return
    for key, mark in _SHOWN.get(str(node.get("type")), ()):
        value = _resolve(node.get(key), scope)
        if isinstance(value, str | int) and str(value).strip():
            yield f"{mark}{value}"
    children = [node[key] for key in ("item", "items") if key in node]
    elements = _resolve(node.get("data"), scope)
    if isinstance(elements, list):
        for element in elements:
            yield from _words(children, {**scope, "data": element})
    else:
        yield from _words(children, scope)


def describe(directive: dict[str, Any]) -> list[str]:
    """`[screen: name]` and the screen's words, one per line, each said once."""
    name = str(directive.get("token") or "").split("|")[0] or "unnamed"
    document = directive.get("document") or {}
    template = document.get("mainTemplate") or {}
    scope = dict(directive.get("datasources") or {})
    lines = [f"  [screen: {name}]"]
    seen: set[str] = set()
    for words in _words(template.get("items", template.get("item")), scope):
        if words not in seen:
            seen.add(words)
            lines.append(f"    {words}")
    return lines
