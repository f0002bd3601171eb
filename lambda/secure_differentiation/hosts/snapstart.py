"""Lambda SnapStart: work done once before the snapshot, uniqueness restored after each restore.

With SnapStart on (infra/template.yaml, parameter `SnapStart`), Lambda runs the
function's initialisation once, when a version is published, snapshots its
memory, and starts later execution environments from that snapshot instead
of a cold start. Two things follow:

- Work done before the snapshot is never done again: `prepare_snapshot` builds
  the skill and its DynamoDB client (the largest part of a first request), and
  makes no call, so no connection is captured in the snapshot. botocore reads
  the credentials Lambda provides to SnapStart functions, and refreshes them
  when they expire.
- Whatever the snapshot holds, every environment restored from it shares. The
  random generators are the ones that matter here: every environment would
  pick the same mantras and prompt variants, and back off after throttling in
  step. `after_restore` reseeds them from the operating system (fresh entropy
  in each environment) and drops the Alexa API opener, so a TLS context is
  made afresh in each environment when a check-in first needs one.

The hooks come from `snapshot_restore_py`, which Lambda's Python runtimes
(3.12 and later) provide; elsewhere it is absent and nothing is registered.
Without SnapStart the runtime never calls them.
"""

from __future__ import annotations

import logging
import os
import random
from collections.abc import Iterator, Mapping
from typing import Any

from ..skill.alexa_api import opener
from . import default_skill, default_storage

logger = logging.getLogger(__name__)

# How far `_generators` looks from the skill's dispatcher: handlers and interceptors,
# the services they hold, and those services' attributes.
_SEARCH_DEPTH = 4


def prepare_snapshot() -> None:
    """Before the snapshot: build what every restored environment would otherwise build first."""
    default_skill()
    client = getattr(default_storage(), "client", None)  # DynamoDB: built, not called
    logger.info("snapshot prepared: skill built, storage client %s", type(client).__name__)


def after_restore() -> None:
    """After each restore: new seeds for every generator the snapshot shared, a new opener."""
    random.seed()  # the module's own generator: botocore's retry jitter, our storage backoff
    reseeded = 0
    for generator in _generators(default_skill().request_dispatcher):
        generator.seed()  # from os.urandom: different in each restored environment
        reseeded += 1
    opener.cache_clear()
    logger.info("restored from a snapshot: %d skill generator(s) reseeded", reseeded)


def _generators(root: object) -> Iterator[random.Random]:
    """The random generators reachable from `root` through attributes and containers.

    The skill's generator lives in the services its request interceptor
    holds; looking for it by type, not by attribute names, keeps this hook
    right when the dialog code is rearranged (tests/unit/test_snapstart.py
    checks it finds the one that picks what is said).
    """
    seen: set[int] = set()
    pending: list[tuple[object, int]] = [(root, 0)]
    while pending:
        node, depth = pending.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, random.Random):
            if not isinstance(node, random.SystemRandom):  # nothing to reseed there
                yield node
            continue
        if depth >= _SEARCH_DEPTH:
            continue
        children: list[Any]
        if isinstance(node, dict):
            children = list(node.values())
        elif isinstance(node, list | tuple | set | frozenset):
            children = list(node)
        elif hasattr(node, "__dict__"):
            children = list(vars(node).values())
        else:
            children = [getattr(node, name, None) for name in getattr(type(node), "__slots__", ())]
        pending.extend((child, depth + 1) for child in children if not _is_leaf(child))


def _is_leaf(value: object) -> bool:
    return value is None or isinstance(value, str | bytes | int | float | bool | type)


def register(environ: Mapping[str, str] = os.environ) -> bool:
    """Register the hooks with Lambda's runtime when this init is a SnapStart one.

    Lambda says so in AWS_LAMBDA_INITIALIZATION_TYPE ("snap-start"); an on-demand
    cold start skips the runtime's hook registry (2 ms of its first launch).
    """
    if environ.get("AWS_LAMBDA_INITIALIZATION_TYPE") != "snap-start":
        return False
    try:
        from snapshot_restore_py import register_after_restore, register_before_snapshot
    except ImportError:  # not on Lambda's runtime (webservice, console, tests without it)
        return False
    register_before_snapshot(prepare_snapshot)
    register_after_restore(after_restore)
    return True


REGISTERED = register()
