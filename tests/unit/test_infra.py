"""The deployment artefacts agree with the code they deploy.

infra/template.yaml (AWS SAM) must create the table the code expects, grant
exactly the DynamoDB calls the code makes, and wire the function the way the
code reads its settings; infra/skill-package/skill.json must point Alexa at that
function, subscribe to the events the skill handles and advertise phrases the
interaction model understands. Each test derives its expectation from the code,
so changing one side without the other fails here, not in production.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from secure_differentiation.skill import deadline, log_ids
from secure_differentiation.skill.persistence import base, dynamodb, factory
from secure_differentiation.tools.nlu import FALLBACK_INTENT, ModelResolver, normalize
from support.screens import DEVICES, dp

ROOT = Path(__file__).resolve().parents[2]
INFRA = ROOT / "infra"
TEMPLATE = INFRA / "template.yaml"
MANIFEST = INFRA / "skill-package" / "skill.json"
DYNAMODB_SOURCE = (
    ROOT / "lambda" / "secure_differentiation" / "skill" / "persistence" / "dynamodb.py"
)
HANDLERS = ROOT / "lambda" / "secure_differentiation" / "skill" / "features"
ENTRY_POINT = ROOT / "lambda" / "lambda_function.py"
MODELS = ROOT / "interaction_models"

ALEXA_RESPONSE_DEADLINE_SECONDS = 8
REMINDERS = "alexa::alerts:reminders:skill:readwrite"
PERSONALIZATION = "alexa::person_id:read"
LOCALES = {"en-US", "en-GB", "en-CA", "en-AU", "en-IN"}
# Manifest subscription -> the request type Alexa then sends (Amazon's skill events).
EVENT_REQUEST_TYPES = {
    "SKILL_DISABLED": "AlexaSkillEvent.SkillDisabled",
    "SKILL_PERMISSION_ACCEPTED": "AlexaSkillEvent.SkillPermissionAccepted",
    "SKILL_PERMISSION_CHANGED": "AlexaSkillEvent.SkillPermissionChanged",
}
OPEN = "Alexa, open secure differentiation"
ASK = "Alexa, ask secure differentiation "


# -- reading CloudFormation YAML -------------------------------------------


class _CloudFormationLoader(yaml.SafeLoader):
    """SafeLoader that reads short-form intrinsics (!Ref, !GetAtt, !Sub, ...) as their JSON form."""


def _intrinsic(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> dict[str, Any]:
    value: Any
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    if suffix == "Ref":
        return {"Ref": value}
    if suffix == "GetAtt" and isinstance(value, str):
        value = value.split(".", 1)
    return {f"Fn::{suffix}": value}


_CloudFormationLoader.add_multi_constructor("!", _intrinsic)


@pytest.fixture(scope="module")
def template() -> dict[str, Any]:
    text = TEMPLATE.read_text(encoding="utf-8")
    loaded: dict[str, Any] = yaml.load(text, Loader=_CloudFormationLoader)  # a SafeLoader
    return loaded


@pytest.fixture(scope="module")
def resources(template: dict[str, Any]) -> dict[str, Any]:
    return dict(template["Resources"])


def _one_of_type(resources: dict[str, Any], type_name: str) -> tuple[str, dict[str, Any]]:
    found = [(name, body) for name, body in resources.items() if body["Type"] == type_name]
    assert len(found) == 1, f"expected one {type_name}, found {[name for name, _ in found]}"
    return found[0]


@pytest.fixture(scope="module")
def function(resources: dict[str, Any]) -> dict[str, Any]:
    return _one_of_type(resources, "AWS::Serverless::Function")[1]


@pytest.fixture(scope="module")
def table(resources: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    return _one_of_type(resources, "AWS::DynamoDB::Table")


# -- what the code does ------------------------------------------------------


def _dynamodb_operations_in_code() -> set[str]:
    """Every `self._call("<operation>", ...)` the DynamoDB adapter makes: botocore's names."""
    tree = ast.parse(DYNAMODB_SOURCE.read_text(encoding="utf-8"))
    adapter = next(
        node
        for node in tree.body
        if isinstance(node, ast.ClassDef) and node.name == "DynamoDbPersistenceAdapter"
    )
    operations = set()
    for node in ast.walk(adapter):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "_call"
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "self"
        ):
            (operation, *_) = node.args
            assert isinstance(operation, ast.Constant) and isinstance(operation.value, str)
            operations.add(operation.value)
    return operations


def _permissions_the_code_needs(target: str) -> set[str]:
    """The IAM actions the adapter's calls need on `target` ("table" or "index")."""
    return {
        action
        for operation in _dynamodb_operations_in_code()
        for action, on in [dynamodb.CALL_PERMISSIONS[operation]]
        if on == target
    }


def test_the_operation_scan_sees_the_calls_the_adapter_makes() -> None:
    assert _dynamodb_operations_in_code() == {
        "get_item",
        "put_item",
        "transact_write_items",
        "delete_item",
        "query",
    }
    # Every call has its permission stated; nothing is stated for a call the code no longer makes.
    assert set(dynamodb.CALL_PERMISSIONS) == _dynamodb_operations_in_code()


# -- the template ------------------------------------------------------------


def test_template_is_a_sam_template_with_the_two_parameters(template: dict[str, Any]) -> None:
    assert template["Transform"] == "AWS::Serverless-2016-10-31"
    parameters = template["Parameters"]
    assert parameters["SkillId"]["Type"] == "String"
    assert "Default" not in parameters["SkillId"]  # required at deploy time
    assert re.fullmatch(
        parameters["SkillId"]["AllowedPattern"],
        "amzn1.ask.skill.00000000-0000-0000-0000-000000000000",
    )
    assert parameters["LogRetentionDays"]["Default"] == 30
    assert 30 in parameters["LogRetentionDays"]["AllowedValues"]


def test_the_log_key_is_a_secret_parameter_that_may_be_left_empty(
    template: dict[str, Any],
) -> None:
    key = template["Parameters"]["LogPseudonymKey"]
    assert key["NoEcho"] is True
    assert key["Default"] == ""  # then each container makes its own random key
    pattern = key["AllowedPattern"]
    assert re.fullmatch(pattern, "")
    assert re.fullmatch(pattern, "ab" * (log_ids.MIN_KEY_CHARACTERS // 2))
    assert not re.fullmatch(pattern, "ab" * (log_ids.MIN_KEY_CHARACTERS // 2 - 1))
    assert not re.fullmatch(pattern, "not-hex" * 10)


def test_function_globals_fit_alexa_and_the_storage_budget(template: dict[str, Any]) -> None:
    globals_ = template["Globals"]["Function"]
    assert re.fullmatch(r"python3\.\d+", globals_["Runtime"])
    assert globals_["Architectures"] == ["arm64"]
    assert globals_["MemorySize"] == 256
    timeout = globals_["Timeout"]
    # The skill's budget ends a reply margin before Lambda would stop it, and Lambda
    # stops it no later than Alexa stops waiting.
    assert timeout >= deadline.REQUEST_BUDGET_SECONDS + deadline.HOST_REPLY_MARGIN_SECONDS
    assert timeout <= ALEXA_RESPONSE_DEADLINE_SECONDS
    assert deadline.budget_within(timeout) == deadline.REQUEST_BUDGET_SECONDS
    # A DynamoDB call that keeps failing gives up before the function is cut off,
    # so the skill's error handler still gets to speak.
    worst_call = dynamodb.MAX_ATTEMPTS * (
        dynamodb.CONNECT_TIMEOUT_SECONDS + dynamodb.READ_TIMEOUT_SECONDS
    )
    assert worst_call < deadline.budget_within(timeout)


def test_function_runs_the_lambda_entry_point_from_the_packaged_zip(
    function: dict[str, Any],
) -> None:
    properties = function["Properties"]
    module, _, attribute = properties["Handler"].rpartition(".")
    assert (module, attribute) == ("lambda_function", "lambda_handler")
    entry = ast.parse(ENTRY_POINT.read_text(encoding="utf-8"))
    bound = {
        alias.asname or alias.name
        for node in entry.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    } | {node.name for node in entry.body if isinstance(node, ast.FunctionDef)}
    assert attribute in bound
    assert properties["CodeUri"] == "../build/lambda.zip"
    assert (INFRA / properties["CodeUri"]).resolve() == ROOT / "build" / "lambda.zip"


def test_function_environment_is_what_the_code_reads(
    function: dict[str, Any], table: tuple[str, dict[str, Any]]
) -> None:
    variables = function["Properties"]["Environment"]["Variables"]
    assert variables == {
        factory.TABLE_NAME_VARIABLE: {"Ref": table[0]},
        "SKILL_ID": {"Ref": "SkillId"},
        "LOG_LEVEL": "INFO",
        log_ids.LOG_KEY_VARIABLE: {"Ref": "LogPseudonymKey"},
    }


def test_only_this_skill_can_trigger_the_function(function: dict[str, Any]) -> None:
    events = function["Properties"]["Events"]
    assert len(events) == 1
    (event,) = events.values()
    assert event["Type"] == "AlexaSkill"
    assert event["Properties"]["SkillId"] == {"Ref": "SkillId"}


def test_policy_allows_exactly_the_calls_the_code_makes_on_the_table_only(
    function: dict[str, Any], table: tuple[str, dict[str, Any]]
) -> None:
    """Item calls on the table, Query on its household index, nothing else anywhere."""
    policies = function["Properties"]["Policies"]
    assert len(policies) == 1 and isinstance(policies[0], dict), "one inline policy, no templates"
    items, members = policies[0]["Statement"]
    (index,) = dynamodb.TABLE_GLOBAL_SECONDARY_INDEXES
    for statement, target, resource in (
        (items, "table", {"Fn::GetAtt": [table[0], "Arn"]}),
        (members, "index", {"Fn::Sub": f"${{{table[0]}.Arn}}/index/{index['IndexName']}"}),
    ):
        assert statement["Effect"] == "Allow"
        actions = statement["Action"]
        assert isinstance(actions, list) and len(actions) == len(set(actions))
        assert set(actions) == _permissions_the_code_needs(target), target
        assert statement["Resource"] == resource
        assert "NotAction" not in statement and "NotResource" not in statement
    assert "*" not in json.dumps(policies)


def test_table_matches_the_code_and_keeps_everyone_s_progress(
    table: tuple[str, dict[str, Any]],
) -> None:
    _, body = table
    properties = body["Properties"]
    assert properties["KeySchema"] == dynamodb.TABLE_KEY_SCHEMA
    assert properties["AttributeDefinitions"] == dynamodb.TABLE_ATTRIBUTE_DEFINITIONS
    assert properties["GlobalSecondaryIndexes"] == dynamodb.TABLE_GLOBAL_SECONDARY_INDEXES
    assert properties["BillingMode"] == dynamodb.TABLE_BILLING_MODE == "PAY_PER_REQUEST"
    assert properties["PointInTimeRecoverySpecification"] == {
        "PointInTimeRecoveryEnabled": True,
        "RecoveryPeriodInDays": 35,
    }
    assert (
        properties["SSESpecification"]["SSEEnabled"] is dynamodb.TABLE_SSE_SPECIFICATION["Enabled"]
    )
    assert properties["SSESpecification"]["SSEEnabled"] is True
    assert properties["DeletionProtectionEnabled"] is True
    assert body["DeletionPolicy"] == "Retain"
    assert body["UpdateReplacePolicy"] == "Retain"


def test_records_expire_through_the_tables_ttl(table: tuple[str, dict[str, Any]]) -> None:
    """The attribute the adapter writes is the one DynamoDB's TTL deletes by."""
    ttl = table[1]["Properties"]["TimeToLiveSpecification"]
    assert ttl == {"AttributeName": dynamodb.EXPIRY_FIELD, "Enabled": True}


def test_the_readmes_privacy_section_states_what_the_template_keeps(
    table: tuple[str, dict[str, Any]],
) -> None:
    """Deleted data stays restorable as long as point-in-time recovery reaches back."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    privacy = readme.split("**Privacy.**", 1)[1].split("\n\n**", 1)[0]
    flat = " ".join(privacy.split())
    recovery_days = table[1]["Properties"]["PointInTimeRecoverySpecification"][
        "RecoveryPeriodInDays"
    ]
    assert f"restorable for {recovery_days} days" in flat
    assert f"{base.RETENTION_DAYS} days after" in flat
    assert "keyed hash" in flat and log_ids.LOG_KEY_VARIABLE in flat


def test_logs_have_a_retention(resources: dict[str, Any], template: dict[str, Any]) -> None:
    function_name = _one_of_type(resources, "AWS::Serverless::Function")[0]
    _, log_group = _one_of_type(resources, "AWS::Logs::LogGroup")
    properties = log_group["Properties"]
    assert properties["LogGroupName"] == {"Fn::Sub": f"/aws/lambda/${{{function_name}}}"}
    assert properties["RetentionInDays"] == {"Ref": "LogRetentionDays"}


def test_outputs_name_the_function_and_the_table(
    template: dict[str, Any], resources: dict[str, Any], table: tuple[str, dict[str, Any]]
) -> None:
    function_name = _one_of_type(resources, "AWS::Serverless::Function")[0]
    outputs = template["Outputs"]
    assert outputs["FunctionArn"]["Value"] == {"Fn::GetAtt": [function_name, "Arn"]}
    assert outputs["TableName"]["Value"] == {"Ref": table[0]}


def test_cfn_lint_passes() -> None:
    if importlib.util.find_spec("cfnlint") is None:
        pytest.skip("cfn-lint is not installed (pip install cfn-lint)")
    completed = subprocess.run(
        [sys.executable, "-c", "from cfnlint.runner import main; main()", str(TEMPLATE)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr


# -- the skill manifest ------------------------------------------------------


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(MANIFEST.read_text(encoding="utf-8"))["manifest"]
    return loaded


def test_manifest_points_alexa_and_events_at_one_lambda(manifest: dict[str, Any]) -> None:
    assert manifest["manifestVersion"] == "1.0"
    custom = manifest["apis"]["custom"]
    uri = custom["endpoint"]["uri"]
    assert re.fullmatch(r"arn:aws:lambda:[^:]+:[^:]+:function:[^:]+:[^:]+", uri)  # an alias
    assert [interface["type"] for interface in custom["interfaces"]] == ["ALEXA_PRESENTATION_APL"]
    assert manifest["events"]["endpoint"]["uri"] == uri


def test_manifest_declares_apl_for_every_screen_the_documents_fit(
    manifest: dict[str, Any],
) -> None:
    """Alexa sends APL requests only to viewports the manifest lists: each device with a
    screen the skill supports (support/screens.py has them as Alexa reports them) must fit one."""
    (apl,) = manifest["apis"]["custom"]["interfaces"]
    viewports = apl["supportedViewports"]
    for name, viewport in DEVICES.items():
        width, height = dp(viewport)
        fitting = [
            v
            for v in viewports
            if v["mode"] == viewport["mode"]
            and v["shape"] == viewport["shape"]
            and v["minWidth"] <= width <= v["maxWidth"]
            and v["minHeight"] <= height <= v["maxHeight"]
        ]
        assert fitting, f"no supported viewport for the {name} ({width} x {height} dp)"
    for viewport in viewports:
        assert viewport["mode"] in ("HUB", "TV") and viewport["shape"] in ("ROUND", "RECTANGLE")
        assert viewport["minWidth"] <= viewport["maxWidth"]
        assert viewport["minHeight"] <= viewport["maxHeight"]


def test_manifest_asks_for_reminders_and_recognised_voices(manifest: dict[str, Any]) -> None:
    """Without skill personalization Alexa never says who is speaking: one shared practice."""
    assert manifest["permissions"] == [{"name": REMINDERS}, {"name": PERSONALIZATION}]


def test_manifest_subscribes_to_the_events_the_skill_handles(manifest: dict[str, Any]) -> None:
    subscribed = [entry["eventName"] for entry in manifest["events"]["subscriptions"]]
    assert sorted(subscribed) == sorted(EVENT_REQUEST_TYPES)
    handler_source = "\n".join(
        path.read_text(encoding="utf-8") for path in sorted(HANDLERS.glob("*.py"))
    )
    for event in subscribed:
        assert f'"{EVENT_REQUEST_TYPES[event]}"' in handler_source, f"nothing handles {event}"


def test_privacy_and_compliance_answers(manifest: dict[str, Any]) -> None:
    privacy = manifest["privacyAndCompliance"]
    expected = {
        "allowsPurchases": False,
        "usesPersonalInfo": False,
        "isChildDirected": False,
        "isExportCompliant": True,
        "containsAds": False,
    }
    for flag, value in expected.items():
        assert privacy[flag] is value, flag  # booleans, not "false"
    assert set(privacy["locales"]) == LOCALES
    for locale in privacy["locales"].values():
        assert locale["privacyPolicyUrl"].startswith("https://")


def test_publishing_information_for_every_english_locale(manifest: dict[str, Any]) -> None:
    publishing = manifest["publishingInformation"]
    assert set(publishing["locales"]) == LOCALES
    assert publishing["category"] == "HEALTH_AND_FITNESS"
    assert publishing["isAvailableWorldwide"] is False
    countries = {locale.split("-")[1] for locale in LOCALES}
    assert sorted(publishing["distributionCountries"]) == sorted(countries)
    for locale in publishing["locales"].values():
        assert locale["name"] == "Secure Differentiation"
        assert 0 < len(locale["summary"]) <= 160
        assert 0 < len(locale["description"]) <= 4000
        assert 0 < len(locale["keywords"]) <= 30
        assert len(locale["examplePhrases"]) == 3


def _samples(model_path: Path) -> dict[str, set[str]]:
    model = json.loads(model_path.read_text(encoding="utf-8"))
    return {
        intent["name"]: {normalize(sample) for sample in intent.get("samples", [])}
        for intent in model["interactionModel"]["languageModel"]["intents"]
    }


@pytest.mark.parametrize("locale", sorted(LOCALES))
def test_example_phrases_are_what_the_interaction_model_understands(
    manifest: dict[str, Any], locale: str
) -> None:
    """The first phrase opens the skill; the others are verbatim samples of an intent."""
    # Only en-US has its own model so far; the other English locales share its phrases.
    model_path = MODELS / f"{locale}.json"
    if not model_path.exists():
        model_path = MODELS / "en-US.json"
    resolver = ModelResolver(model_path, locale=locale)
    samples = _samples(model_path)
    first, *others = manifest["publishingInformation"]["locales"][locale]["examplePhrases"]
    assert first == OPEN
    assert resolver.resolve(first).kind == "launch"
    for phrase in others:
        assert phrase.startswith(ASK), phrase
        rest = phrase.removeprefix(ASK)
        intent = resolver.resolve_intent(rest).intent
        assert intent != FALLBACK_INTENT, phrase
        assert resolver.resolve(phrase).intent == intent, phrase
        assert normalize(rest) in samples[intent], f"{rest!r} is not a sample of {intent}"
