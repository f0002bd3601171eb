"""The lean DynamoDB client signs and sends exactly what botocore's stock client would.

`build_client()` gives botocore a data loader that skips two cold-start costs
(persistence/dynamodb.py says which). The decisive check: for every region
botocore knows, in every partition, both clients prepare the same GetItem:
the same URL, signed for the same region and service with the same signature
version. The requests are observed at botocore's `before-sign` event and
stopped there, so nothing leaves the machine.
"""

from __future__ import annotations

import functools
import json
from typing import Any

import botocore.session
import pytest
from botocore.loaders import Loader

from secure_differentiation.skill.persistence import dynamodb

OPERATION = "before-sign.dynamodb.GetItem"


class _Prepared(Exception):
    """Raised from before-sign: the request as it would be signed, then nothing is sent."""

    def __init__(self, request: Any, signing_name: str, region_name: str, version: str) -> None:
        super().__init__(request.url)
        self.seen = (
            request.url,
            signing_name,
            region_name,
            version,
            json.dumps(request.context.get("signing", {}), sort_keys=True, default=str),
        )


def _stop_before_signing(request: Any, signing_name: str, region_name: str, **kw: Any) -> None:
    raise _Prepared(request, signing_name, region_name, kw["signature_version"])


def _prepared_get_item(client: Any) -> tuple[str, ...]:
    client.meta.events.register(OPERATION, _stop_before_signing)
    with pytest.raises(_Prepared) as prepared:
        client.get_item(TableName="people", Key={"id": {"S": "someone"}})
    return prepared.value.seen


@functools.cache
def _stock_session() -> botocore.session.Session:
    return botocore.session.Session()


def _stock_client(region: str) -> Any:
    """botocore as it comes, configured as the adapter configures its client."""
    return _stock_session().create_client(
        "dynamodb", region_name=region, config=dynamodb._client_config()
    )


@pytest.fixture
def aws_environment(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """Credentials and nothing else: no endpoint override, no profile, no config file."""
    for name in (
        "AWS_ENDPOINT_URL",
        "AWS_ENDPOINT_URL_DYNAMODB",
        "AWS_PROFILE",
        "AWS_USE_FIPS_ENDPOINT",
        "AWS_USE_DUALSTACK_ENDPOINT",
        "AWS_REGION",
        "AWS_DATA_PATH",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "example-secret")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/dev/null")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
    return monkeypatch


def _every_region() -> list[str]:
    """All regions of all partitions in the installed botocore's own partitions file."""
    partitions = Loader().load_data("partitions")["partitions"]
    regions = sorted({region for partition in partitions for region in partition["regions"]})
    assert {"us-east-1", "cn-north-1", "us-gov-west-1", "eu-west-1"} <= set(regions)
    return regions


def test_the_lean_client_prepares_the_same_request_as_botocore_in_every_region(
    aws_environment: pytest.MonkeyPatch,
) -> None:
    differences = []
    regions = _every_region()
    for region in regions:
        aws_environment.setenv("AWS_DEFAULT_REGION", region)
        lean, stock = (
            _prepared_get_item(dynamodb.build_client()),
            _prepared_get_item(_stock_client(region)),
        )
        if lean != stock:
            differences.append((region, lean, stock))
    assert differences == [], differences
    assert len(regions) > 20


def test_the_region_lambda_sets_is_the_one_signed_for(
    aws_environment: pytest.MonkeyPatch,
) -> None:
    """Lambda sets AWS_REGION, which botocore alone does not read."""
    aws_environment.delenv("AWS_DEFAULT_REGION", raising=False)
    aws_environment.setenv("AWS_REGION", "eu-central-1")
    url, name, region, version, _ = _prepared_get_item(dynamodb.build_client())
    assert url == "https://dynamodb.eu-central-1.amazonaws.com/"
    assert (name, region, version) == ("dynamodb", "eu-central-1", "v4")


@pytest.mark.parametrize("variable", ["AWS_USE_FIPS_ENDPOINT", "AWS_USE_DUALSTACK_ENDPOINT"])
def test_fips_and_dual_stack_endpoints_are_left_to_the_stock_loader(
    aws_environment: pytest.MonkeyPatch, variable: str
) -> None:
    aws_environment.setenv("AWS_DEFAULT_REGION", "us-east-1")
    aws_environment.setenv(variable, "true")
    url, *_ = lean = _prepared_get_item(dynamodb.build_client())
    assert lean == _prepared_get_item(_stock_client("us-east-1"))
    assert "fips" in url or "api.aws" in url


def test_an_endpoint_override_is_used_as_it_is(aws_environment: pytest.MonkeyPatch) -> None:
    """DynamoDB Local, moto, or a VPC endpoint: AWS_ENDPOINT_URL_DYNAMODB wins, as with botocore."""
    aws_environment.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    aws_environment.setenv("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:8000")
    lean = _prepared_get_item(dynamodb.build_client())
    assert lean == _prepared_get_item(_stock_client("eu-west-1"))
    assert lean[0] == "http://127.0.0.1:8000/"


def test_the_client_skips_the_service_directory_scan_and_the_legacy_table(
    aws_environment: pytest.MonkeyPatch,
) -> None:
    """What makes it lean: botocore/data is not listed and endpoints.json is not decoded."""
    aws_environment.setenv("AWS_DEFAULT_REGION", "us-east-1")
    listed: list[str] = []
    decoded: list[str] = []
    original_list = Loader.list_available_services
    original_load = Loader.load_data_with_path

    def spy_list(self: Loader, type_name: str) -> list[str]:
        listed.append(type_name)
        return original_list(self, type_name)  # type: ignore[no-any-return]

    def spy_load(self: Loader, name: str) -> tuple[Any, str]:
        decoded.append(name)
        return original_load(self, name)  # type: ignore[no-any-return]

    aws_environment.setattr(Loader, "list_available_services", spy_list)
    aws_environment.setattr(Loader, "load_data_with_path", spy_load)
    client = dynamodb.build_client()
    assert listed == [] and "endpoints" not in decoded
    assert client.meta.service_model.service_name == "dynamodb"
    botocore.session.Session().create_client("dynamodb", region_name="us-east-1")
    assert listed and "endpoints" in decoded  # the spies see the stock loader do both


def test_a_botocore_without_dynamodb_rule_sets_keeps_the_stock_loader(
    aws_environment: pytest.MonkeyPatch,
) -> None:
    """Before rule sets (botocore < 1.28) the legacy table chose the URL: then it must stay."""
    from botocore.exceptions import DataNotFoundError

    aws_environment.setenv("AWS_DEFAULT_REGION", "us-east-1")
    original = Loader.list_api_versions

    def without_rule_sets(self: Loader, service_name: str, type_name: str) -> list[str]:
        if type_name == "endpoint-rule-set-1":
            raise DataNotFoundError(data_path=service_name)
        return original(self, service_name, type_name)  # type: ignore[no-any-return]

    session = botocore.session.Session()
    assert dynamodb._dynamodb_data_loader(session) is not None
    aws_environment.setattr(Loader, "list_api_versions", without_rule_sets)
    assert dynamodb._dynamodb_data_loader(session) is None  # so build_client keeps botocore's
