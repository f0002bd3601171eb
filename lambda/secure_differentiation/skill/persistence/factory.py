"""Choose the storage backend from the environment.

On AWS Lambda the table name is set by the template, so SKILL_TABLE_NAME
selects DynamoDB; a self-hosted web service gets SQLite with no setup. The
backend modules are imported here, inside the function, so a Lambda never
imports sqlite and a local run never imports botocore before it needs it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from .base import VersionedPersistenceAdapter

TABLE_NAME_VARIABLE = "SKILL_TABLE_NAME"
DB_PATH_VARIABLE = "SKILL_DB_PATH"
APP_DIRECTORY = "secure-differentiation"
DB_FILE_NAME = "skill.sqlite3"

# For the README: where SQLite data lives when SKILL_DB_PATH is not set.
DEFAULT_DB_PATH = (
    f"$XDG_DATA_HOME/{APP_DIRECTORY}/{DB_FILE_NAME}, i.e. "
    f"~/.local/share/{APP_DIRECTORY}/{DB_FILE_NAME} when XDG_DATA_HOME is not set"
)


class StorageConfigurationError(RuntimeError):
    """The environment does not name a usable, durable store."""


def default_db_path(environ: Mapping[str, str] = os.environ) -> Path:
    """The SQLite file's default location, following the XDG base directory spec."""
    data_home = environ.get("XDG_DATA_HOME", "")
    # The spec says a relative XDG_DATA_HOME is invalid and must be ignored.
    if data_home and Path(data_home).is_absolute():
        base = Path(data_home)
    else:
        home = environ.get("HOME")
        base = (Path(home) if home else Path.home()) / ".local" / "share"
    return base / APP_DIRECTORY / DB_FILE_NAME


def adapter_from_environment(
    environ: Mapping[str, str] = os.environ,
) -> VersionedPersistenceAdapter:
    """DynamoDB when SKILL_TABLE_NAME is set, else SQLite at SKILL_DB_PATH or the default.

    On Lambda, SQLite would write to a disk that disappears with the
    container, silently losing everyone's progress, so that is refused.
    """
    table_name = environ.get(TABLE_NAME_VARIABLE, "").strip()
    if table_name:
        from .dynamodb import DynamoDbPersistenceAdapter

        return DynamoDbPersistenceAdapter(table_name)
    if environ.get("AWS_LAMBDA_FUNCTION_NAME"):
        raise StorageConfigurationError(
            f"{TABLE_NAME_VARIABLE} is not set: on AWS Lambda the skill needs its DynamoDB "
            "table, because the function's local disk does not keep data between containers."
        )
    from .sqlite import SqlitePersistenceAdapter

    configured = environ.get(DB_PATH_VARIABLE, "").strip()
    path = Path(configured).expanduser() if configured else default_db_path(environ)
    return SqlitePersistenceAdapter(path)
