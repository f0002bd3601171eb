"""Fixtures shared by the end-to-end tests: each real storage backend."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from secure_differentiation.skill.persistence.dynamodb import DynamoDbPersistenceAdapter
from secure_differentiation.skill.persistence.sqlite import SqlitePersistenceAdapter


def make_adapter(kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> Any:
    """A new adapter ("device") onto the same store as the `adapter` fixture."""
    if kind == "sqlite":
        sqlite_adapter = SqlitePersistenceAdapter(tmp_path / "store" / "skill.sqlite3")
        request.addfinalizer(sqlite_adapter.close)
        return sqlite_adapter
    return DynamoDbPersistenceAdapter(
        request.getfixturevalue("dynamodb_table"),
        client=request.getfixturevalue("dynamodb_client"),
    )


@pytest.fixture(params=["sqlite", "dynamodb"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def adapter(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Any:
    return make_adapter(backend, tmp_path, request)


@pytest.fixture
def second_device(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Any:
    return make_adapter(backend, tmp_path, request)
