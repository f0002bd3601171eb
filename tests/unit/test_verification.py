"""The webservice refuses every request Alexa did not sign, and only those.

A private PKI shaped like Amazon's (root, intermediate, echo-api.amazon.com
leaf) signs request bodies the way Alexa does; the certificate chain is served
by an in-memory fetcher, so no test reaches Amazon. Each rejection path of
Amazon's contract has a test that makes it, and only it, fail.
"""

from __future__ import annotations

import base64
import http.server
import json
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509

from secure_differentiation.hosts.verification import (
    CERT_CHAIN_URL_HEADER,
    FAILURE_CACHE_SECONDS,
    MAX_CACHED_CHAINS,
    MAX_CONCURRENT_FETCHES,
    SIGNATURE_HEADER,
    AbstractVerifier,
    RequestVerifier,
    SignatureVerifier,
    TimestampVerifier,
    VerificationError,
    canonical_cert_chain_url,
    default_trust_roots,
    fetch_cert_chain,
)
from secure_differentiation.skill.deadline import request_deadline
from support import certs

EVENTS = Path(__file__).resolve().parents[1] / "events"
SKILL_ID = "amzn1.ask.skill.00000000-0000-0000-0000-000000000000"
OTHER_SKILL_ID = "amzn1.ask.skill.11111111-1111-1111-1111-111111111111"
CERT_URL = "https://s3.amazonaws.com/echo.api/echo-api-cert-test.pem"
NOW = datetime.now(UTC).replace(microsecond=0)


# --- the test PKI ---------------------------------------------------------------------


@dataclass(frozen=True)
class Chain:
    """What a fetch of the chain URL returns, and the key that signs for its leaf."""

    pem: bytes
    signer: certs.Issued


@dataclass(frozen=True)
class Pki:
    root: x509.Certificate
    chains: dict[str, Chain]


@pytest.fixture(scope="session")
def pki() -> Pki:
    """One trusted root, one rogue root, and a leaf for each way a chain can be wrong."""
    root = certs.root_ca("Test Root CA", certs.new_key(), NOW)
    intermediate = certs.intermediate_ca("Test Intermediate CA", certs.new_key(), root, NOW)
    rogue_root = certs.root_ca("Test Root CA", certs.new_key(), NOW)
    rogue_intermediate = certs.intermediate_ca(
        "Test Intermediate CA", certs.new_key(), rogue_root, NOW
    )
    leaf_key = certs.new_key()

    def chain(
        issuer: certs.Issued,
        *,
        not_before: timedelta = timedelta(days=-30),
        not_after: timedelta = timedelta(days=60),
        dns_names: tuple[str, ...] = (certs.ECHO_API_DOMAIN,),
    ) -> Chain:
        signer = certs.leaf(
            leaf_key,
            issuer,
            not_before=NOW + not_before,
            not_after=NOW + not_after,
            dns_names=dns_names,
        )
        return Chain(certs.pem_chain(signer.certificate, issuer.certificate), signer)

    good = chain(intermediate)
    return Pki(
        root=root.certificate,
        chains={
            "good": good,
            "expired": chain(intermediate, not_before=-timedelta(days=90), not_after=-timedelta(1)),
            "not_yet_valid": chain(intermediate, not_before=timedelta(days=1)),
            "wrong_san": chain(intermediate, dns_names=("echo-api.example.com",)),
            "wildcard_san": chain(intermediate, dns_names=("*.amazon.com",)),
            "untrusted_root": chain(rogue_intermediate),
            "leaf_only": Chain(certs.pem_chain(good.signer.certificate), good.signer),
        },
    )


class Clock:
    """A clock the tests can move."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@dataclass
class FakeFetch:
    """Serves one PEM body for any URL and records what was asked for."""

    body: bytes | None = None
    error: BaseException | None = None
    calls: list[str] = field(default_factory=list)

    def __call__(self, url: str) -> bytes:
        self.calls.append(url)
        if self.error is not None:
            raise self.error
        assert self.body is not None
        return self.body


def envelope(
    *,
    request_type: str = "LaunchRequest",
    age: timedelta = timedelta(0),
    application_id: str | None = SKILL_ID,
) -> dict[str, Any]:
    """A real launch envelope, sent `age` before NOW to `application_id`."""
    event = json.loads((EVENTS / "launch.json").read_text(encoding="utf-8"))
    event["request"]["type"] = request_type
    event["request"]["timestamp"] = (NOW - age).isoformat().replace("+00:00", "Z")
    for holder in (event["context"]["System"], event["session"]):
        if application_id is None:
            del holder["application"]
        else:
            holder["application"]["applicationId"] = application_id
    return event


@dataclass
class Signed:
    """A request as it reaches the webservice: headers, raw body, parsed body."""

    headers: dict[str, str]
    body: bytes
    envelope: dict[str, Any]


def signed(chain: Chain, event: dict[str, Any] | None = None, *, url: str = CERT_URL) -> Signed:
    """`event` serialized and signed by the chain's leaf key, as Alexa sends it."""
    event = envelope() if event is None else event
    body = json.dumps(event, separators=(",", ":")).encode("utf-8")
    headers = {CERT_CHAIN_URL_HEADER: url, SIGNATURE_HEADER: chain.signer.sign(body)}
    return Signed(headers, body, event)


@dataclass
class Harness:
    """A verifier wired to the test PKI, its fetcher, and its clock.

    The fetcher serves the chain named `chain_name` unless a test gave it a body.
    """

    pki: Pki
    fetch: FakeFetch
    clock: Clock
    skill_id: str | None = SKILL_ID
    chain_name: str = "good"
    _verifier: RequestVerifier | None = None

    @property
    def chain(self) -> Chain:
        return self.pki.chains[self.chain_name]

    @property
    def verifier(self) -> RequestVerifier:
        if self._verifier is None:
            if self.fetch.body is None:
                self.fetch.body = self.chain.pem
            self._verifier = RequestVerifier(
                skill_id=self.skill_id,
                trust_roots=[self.pki.root],
                fetch=self.fetch,
                clock=self.clock,
            )
        return self._verifier

    def verify(self, request: Signed) -> None:
        self.verifier.verify(request.headers, request.body, request.envelope)

    def refusal(self, request: Signed) -> str:
        """The reason the request is refused; fails the test if it is accepted."""
        with pytest.raises(VerificationError) as refused:
            self.verify(request)
        return refused.value.reason


@pytest.fixture
def harness(pki: Pki) -> Harness:
    return Harness(pki=pki, fetch=FakeFetch(), clock=Clock(NOW))


# --- acceptance -----------------------------------------------------------------------


def test_accepts_a_request_alexa_signed(harness: Harness) -> None:
    harness.verify(signed(harness.chain))
    assert harness.fetch.calls == [CERT_URL]


def test_header_names_match_in_any_case(harness: Harness) -> None:
    request = signed(harness.chain)
    request.headers = {name.lower(): value for name, value in request.headers.items()}
    harness.verify(request)


def test_every_check_is_an_ask_sdk_shaped_verifier(harness: Harness) -> None:
    verifier = harness.verifier
    assert isinstance(verifier, AbstractVerifier)
    assert all(isinstance(part, AbstractVerifier) for part in verifier.verifiers)


def test_works_with_the_real_clock(pki: Pki) -> None:
    """No clock injected: timestamps are compared with the wall clock, in UTC."""
    chain = pki.chains["good"]
    verifier = RequestVerifier(
        skill_id=SKILL_ID, trust_roots=[pki.root], fetch=FakeFetch(chain.pem)
    )
    event = envelope()
    event["request"]["timestamp"] = datetime.now(UTC).isoformat()
    request = signed(chain, event)
    verifier.verify(request.headers, request.body, request.envelope)


# --- headers --------------------------------------------------------------------------


@pytest.mark.parametrize("missing", [CERT_CHAIN_URL_HEADER, SIGNATURE_HEADER])
def test_refuses_a_request_without_a_signature_header(harness: Harness, missing: str) -> None:
    request = signed(harness.chain)
    del request.headers[missing]
    assert "missing" in harness.refusal(request)
    assert harness.fetch.calls == []


@pytest.mark.parametrize("empty", [CERT_CHAIN_URL_HEADER, SIGNATURE_HEADER])
def test_refuses_an_empty_signature_header(harness: Harness, empty: str) -> None:
    request = signed(harness.chain)
    request.headers[empty] = ""
    assert "missing" in harness.refusal(request)


def test_the_legacy_sha1_signature_header_is_not_enough(harness: Harness) -> None:
    request = signed(harness.chain)
    request.headers["Signature"] = request.headers.pop(SIGNATURE_HEADER)
    assert "missing" in harness.refusal(request)


# --- the certificate chain URL --------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://s3.amazonaws.com/echo.api/echo-api-cert.pem",
        "https://notamazon.com/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com.evil.example/echo.api/echo-api-cert.pem",
        "https://evil.example@s3.amazonaws.com/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com:8443/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com:notaport/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com/EcHo.aPi/echo-api-cert.pem",
        "https://s3.amazonaws.com/invalid.path/echo-api-cert.pem",
        "https://s3.amazonaws.com/echo.api",
        "https://s3.amazonaws.com/echo.api/../invalid.pem",
        "https://s3.amazonaws.com/echo.api/%2e%2e/invalid.pem",
        "https://s3.amazonaws.com//echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com",
        "s3.amazonaws.com/echo.api/echo-api-cert.pem",
        "https://[s3.amazonaws.com/echo.api/echo-api-cert.pem",
    ],
)
def test_refuses_a_chain_url_amazon_would_not_send(harness: Harness, url: str) -> None:
    reason = harness.refusal(signed(harness.chain, url=url))
    assert reason.startswith("certificate chain URL")
    assert harness.fetch.calls == []


@pytest.mark.parametrize(
    "url",
    [
        "https://s3.amazonaws.com/echo.api/echo-api-cert-test.pem",
        "HTTPS://s3.amazonaws.com/echo.api/echo-api-cert-test.pem",
        "https://S3.AMAZONAWS.COM/echo.api/echo-api-cert-test.pem",
        "HtTpS://S3.AmAzOnAwS.CoM/echo.api/echo-api-cert-test.pem",
        "https://s3.amazonaws.com:443/echo.api/echo-api-cert-test.pem",
        "https://s3.amazonaws.com/echo.api/../echo.api/echo-api-cert-test.pem",
        "https://s3.amazonaws.com/echo.api/./echo-api-cert-test.pem",
    ],
)
def test_accepts_every_form_amazon_allows_and_fetches_it_canonically(
    harness: Harness, url: str
) -> None:
    harness.verify(signed(harness.chain, url=url))
    assert harness.fetch.calls == [CERT_URL]


def test_canonical_url_drops_the_query_and_the_fragment() -> None:
    """S3 serves one object whatever query is added; only the object names the chain."""
    assert (
        canonical_cert_chain_url("https://S3.amazonaws.com:443/echo.api/a.pem?versionId=1#x")
        == "https://s3.amazonaws.com/echo.api/a.pem"
    )


# --- the certificate chain ------------------------------------------------------------


@pytest.mark.parametrize(
    ("chain_name", "reason"),
    [
        ("expired", "signing certificate has expired"),
        ("not_yet_valid", "signing certificate is not valid yet"),
        ("wrong_san", "signing certificate is not for echo-api.amazon.com"),
        ("wildcard_san", "signing certificate is not for echo-api.amazon.com"),
        ("untrusted_root", "certificate chain is not trusted"),
        ("leaf_only", "certificate chain is not trusted"),
    ],
)
def test_refuses_a_chain_that_is_not_amazons_valid_chain(
    harness: Harness, chain_name: str, reason: str
) -> None:
    harness.chain_name = chain_name
    assert harness.refusal(signed(harness.chain)) == reason


def test_refuses_a_chain_whose_intermediate_has_expired() -> None:
    """Path validation covers every certificate, not only the leaf Amazon's list names."""
    old_root = certs.root_ca("Old Root CA", certs.new_key(), NOW)
    stale = certs.intermediate_ca("Stale CA", certs.new_key(), old_root, NOW - timedelta(3650))
    signer = certs.leaf(
        certs.new_key(), stale, not_before=NOW - timedelta(1), not_after=NOW + timedelta(1)
    )
    verifier = RequestVerifier(
        skill_id=None,
        trust_roots=[old_root.certificate],
        fetch=FakeFetch(certs.pem_chain(signer.certificate, stale.certificate)),
        clock=Clock(NOW),
    )
    request = signed(Chain(b"", signer))
    with pytest.raises(VerificationError, match="not trusted"):
        verifier.verify(request.headers, request.body, request.envelope)


@pytest.mark.parametrize("body", [b"", b"not a certificate", b"-----BEGIN CERTIFICATE-----\n"])
def test_refuses_a_download_that_is_not_a_pem_chain(harness: Harness, body: bytes) -> None:
    request = signed(harness.chain)
    harness.fetch.body = body
    assert harness.refusal(request) == "certificate chain is not PEM"


def test_refuses_an_oversized_download(harness: Harness) -> None:
    request = signed(harness.chain)
    harness.fetch.body = harness.chain.pem + b"\n" * (64 * 1024)
    assert "not a PEM chain" in harness.refusal(request)


def test_the_real_amazon_chain_is_trusted_by_the_default_roots() -> None:
    """What Amazon serves passes the Web PKI policy with certifi's (or the system's) roots."""
    verifier = SignatureVerifier(
        fetch=FakeFetch(certs.AMAZON_ECHO_API_CHAIN_PEM),
        clock=Clock(certs.AMAZON_CHAIN_VALID_AT),
    )
    leaf = verifier.signing_certificate(CERT_URL)
    assert leaf.subject.rfc4514_string() == "CN=echo-api.amazon.com"
    body = b'{"version":"1.0"}'
    headers = {
        CERT_CHAIN_URL_HEADER: CERT_URL,
        SIGNATURE_HEADER: base64.b64encode(b"\0" * 256).decode(),
    }
    with pytest.raises(VerificationError, match="signature does not match"):
        verifier.verify(headers, body, {})


def test_default_trust_roots_are_a_real_bundle() -> None:
    roots = default_trust_roots()
    assert len(roots) > 50
    assert any("Amazon Root CA 1" in root.subject.rfc4514_string() for root in roots)


def test_an_empty_trust_store_is_a_configuration_error() -> None:
    with pytest.raises(ValueError, match="trust_roots"):
        RequestVerifier(skill_id=None, trust_roots=[])


# --- the signature --------------------------------------------------------------------


def test_refuses_a_tampered_body(harness: Harness) -> None:
    request = signed(harness.chain)
    request.body = request.body.replace(b"LaunchRequest", b"IntentRequest")
    assert harness.refusal(request) == "signature does not match the request body"


def test_refuses_a_body_signed_with_another_key(harness: Harness) -> None:
    request = signed(harness.chain)
    impostor = certs.Issued(harness.chain.signer.certificate, certs.new_key())
    request.headers[SIGNATURE_HEADER] = impostor.sign(request.body)
    assert harness.refusal(request) == "signature does not match the request body"


@pytest.mark.parametrize("signature", ["not base64!", "abc", "YWJj\nZGVm", "ÿÿÿÿ"])
def test_refuses_a_signature_that_is_not_base64(harness: Harness, signature: str) -> None:
    request = signed(harness.chain)
    request.headers[SIGNATURE_HEADER] = signature
    assert harness.refusal(request) == "signature is not base64"
    assert harness.fetch.calls == []


def test_an_unsigned_request_is_refused_for_its_signature_first(harness: Harness) -> None:
    request = signed(harness.chain, envelope(age=timedelta(days=1), application_id="x"))
    request.body += b" "
    assert harness.refusal(request) == "signature does not match the request body"


# --- the timestamp --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("request_type", "age"),
    [
        ("LaunchRequest", timedelta(seconds=150)),
        ("IntentRequest", timedelta(seconds=-150)),
        ("SessionEndedRequest", timedelta(seconds=149)),
        ("AlexaSkillEvent.SkillEnabled", timedelta(minutes=30)),
        ("AlexaSkillEvent.SkillDisabled", timedelta(minutes=60)),
        ("AlexaSkillEvent.SkillPermissionAccepted", timedelta(seconds=-150)),
    ],
)
def test_accepts_a_fresh_request(harness: Harness, request_type: str, age: timedelta) -> None:
    harness.verify(signed(harness.chain, envelope(request_type=request_type, age=age)))


@pytest.mark.parametrize(
    ("request_type", "age", "reason"),
    [
        ("LaunchRequest", timedelta(seconds=151), "too old"),
        ("IntentRequest", timedelta(minutes=30), "too old"),
        ("LaunchRequest", timedelta(seconds=-151), "in the future"),
        ("AlexaSkillEvent.SkillEnabled", timedelta(hours=2), "too old"),
        ("AlexaSkillEvent.SkillDisabled", timedelta(minutes=60, seconds=1), "too old"),
        ("AlexaSkillEvent.SkillEnabled", timedelta(minutes=-30), "in the future"),
    ],
)
def test_refuses_a_stale_or_early_request(
    harness: Harness, request_type: str, age: timedelta, reason: str
) -> None:
    event = envelope(request_type=request_type, age=age)
    assert harness.refusal(signed(harness.chain, event)) == f"request timestamp is {reason}"


@pytest.mark.parametrize(
    ("timestamp", "reason"),
    [
        (None, "missing"),
        (1_700_000_000_000, "malformed"),
        ("yesterday", "malformed"),
        # Valid ISO 8601, but before the first moment Python can hold in UTC.
        ("0001-01-01T00:00:00+01:00", "malformed"),
        ("9999-12-31T23:59:59-01:00", "malformed"),
    ],
)
def test_refuses_a_request_without_a_readable_timestamp(
    harness: Harness, timestamp: Any, reason: str
) -> None:
    event = envelope()
    event["request"]["timestamp"] = timestamp
    assert harness.refusal(signed(harness.chain, event)) == f"request timestamp is {reason}"


@pytest.mark.parametrize(
    "timestamp",
    [
        (NOW - timedelta(seconds=10)).strftime("%Y-%m-%dT%H:%M:%S.123Z"),
        NOW.astimezone(timezone(timedelta(hours=2))).isoformat(),
        NOW.replace(tzinfo=None).isoformat(),
    ],
)
def test_timestamps_with_fractions_offsets_or_no_zone_are_understood(timestamp: str) -> None:
    """Alexa sends UTC with a Z; other spellings of the same instant are read the same."""
    TimestampVerifier(clock=Clock(NOW)).verify({}, b"", {"request": {"timestamp": timestamp}})


# --- the skill id ---------------------------------------------------------------------


def test_refuses_a_request_for_another_skill(harness: Harness) -> None:
    event = envelope(application_id=OTHER_SKILL_ID)
    assert harness.refusal(signed(harness.chain, event)) == "request is for a different skill"


def test_refuses_a_request_naming_no_skill_when_one_is_expected(harness: Harness) -> None:
    event = envelope(application_id=None)
    assert harness.refusal(signed(harness.chain, event)) == "request is for a different skill"


def test_the_context_names_the_skill_before_the_session(harness: Harness) -> None:
    event = envelope(application_id=OTHER_SKILL_ID)
    event["context"]["System"]["application"]["applicationId"] = SKILL_ID
    harness.verify(signed(harness.chain, event))


def test_the_session_names_the_skill_when_there_is_no_context(harness: Harness) -> None:
    event = envelope()
    del event["context"]
    harness.verify(signed(harness.chain, event))


def test_any_skill_id_passes_when_none_is_configured(harness: Harness) -> None:
    harness.skill_id = None
    harness.verify(signed(harness.chain, envelope(application_id=OTHER_SKILL_ID)))
    harness.verify(signed(harness.chain, envelope(application_id=None)))


# --- fetching and caching -------------------------------------------------------------


def test_a_validated_chain_is_fetched_once_per_url(harness: Harness) -> None:
    harness.verify(signed(harness.chain))
    harness.clock.now += timedelta(minutes=10)
    harness.verify(signed(harness.chain, envelope(age=-timedelta(minutes=10))))
    assert harness.fetch.calls == [CERT_URL]


def test_equivalent_urls_share_one_cache_entry(harness: Harness) -> None:
    harness.verify(signed(harness.chain))
    harness.verify(signed(harness.chain, url=CERT_URL.replace("https", "HTTPS")))
    assert harness.fetch.calls == [CERT_URL]


def test_a_different_url_is_fetched_and_validated_on_its_own(harness: Harness) -> None:
    harness.verify(signed(harness.chain))
    other = "https://s3.amazonaws.com/echo.api/echo-api-cert-next.pem"
    harness.verify(signed(harness.chain, url=other))
    assert harness.fetch.calls == [CERT_URL, other]


def test_a_refused_chain_is_remembered_briefly_then_fetched_again(harness: Harness) -> None:
    harness.chain_name = "untrusted_root"
    first = harness.refusal(signed(harness.chain))
    assert harness.refusal(signed(harness.chain)) == first == "certificate chain is not trusted"
    assert harness.fetch.calls == [CERT_URL]
    harness.clock.now += timedelta(seconds=FAILURE_CACHE_SECONDS + 1)
    harness.refusal(signed(harness.chain, envelope(age=-timedelta(seconds=31))))
    assert harness.fetch.calls == [CERT_URL, CERT_URL]


def test_a_cached_chain_is_not_trusted_past_its_leafs_expiry(harness: Harness) -> None:
    harness.verify(signed(harness.chain))
    leaf_expiry = harness.chain.signer.certificate.not_valid_after_utc
    harness.clock.now = leaf_expiry + timedelta(seconds=1)
    late = envelope(age=NOW - harness.clock.now)
    assert harness.refusal(signed(harness.chain, late)) == "signing certificate has expired"
    assert harness.fetch.calls == [CERT_URL, CERT_URL]


@pytest.mark.parametrize(
    "error",
    [
        TimeoutError("timed out"),
        OSError("connection refused"),
        ValueError("bad url"),
        RuntimeError("anything at all"),
    ],
)
def test_a_failed_fetch_is_a_refusal(harness: Harness, error: BaseException) -> None:
    request = signed(harness.chain)
    harness.fetch.error = error
    assert harness.refusal(request) == "could not fetch the certificate chain"


# --- what a forged request can make the verifier do -----------------------------------


def test_forged_query_strings_neither_download_nor_evict_the_real_chain(
    harness: Harness,
) -> None:
    """More `?v=N` variants than the cache holds still cost one download in all."""
    harness.verify(signed(harness.chain))
    for n in range(MAX_CACHED_CHAINS + 4):
        harness.verify(signed(harness.chain, url=f"{CERT_URL}?v={n}"))
    harness.verify(signed(harness.chain))
    assert harness.fetch.calls == [CERT_URL]


def test_a_failed_download_is_not_repeated_until_the_failure_is_forgotten(
    harness: Harness,
) -> None:
    harness.fetch.error = OSError("S3 is down")
    for _ in range(5):
        assert harness.refusal(signed(harness.chain)) == "could not fetch the certificate chain"
    assert harness.fetch.calls == [CERT_URL]
    harness.fetch.error = None
    harness.clock.now += timedelta(seconds=FAILURE_CACHE_SECONDS + 1)
    harness.verify(signed(harness.chain, envelope(age=-timedelta(seconds=31))))
    assert harness.fetch.calls == [CERT_URL, CERT_URL]


@dataclass
class GatedFetch:
    """Serves the good chain for any URL once `gate` opens (or after `delay`)."""

    body: bytes
    gate: threading.Event = field(default_factory=threading.Event)
    delay: float | None = None
    calls: list[str] = field(default_factory=list)
    finished: threading.Event = field(default_factory=threading.Event)

    def __call__(self, url: str) -> bytes:
        self.calls.append(url)
        if self.delay is not None:
            time.sleep(self.delay)
        else:
            assert self.gate.wait(timeout=5)
        self.finished.set()
        return self.body


def gated_verifier(
    harness: Harness, fetch: GatedFetch, *, timeout_seconds: float = 2.0
) -> SignatureVerifier:
    return SignatureVerifier(
        trust_roots=[harness.pki.root],
        fetch=fetch,
        clock=harness.clock,
        timeout_seconds=timeout_seconds,
    )


def test_a_download_is_waited_for_no_longer_than_its_timeout(harness: Harness) -> None:
    """The bound holds for the whole download, whatever the fetcher does meanwhile."""
    fetch = GatedFetch(harness.chain.pem, delay=1.5)
    verifier = gated_verifier(harness, fetch, timeout_seconds=0.3)
    request = signed(harness.chain)
    started = time.monotonic()
    with pytest.raises(VerificationError, match="took too long"):
        verifier.verify(request.headers, request.body, request.envelope)
    assert time.monotonic() - started < 1.0
    # The download finishes on its own and warms the cache for the next request.
    assert fetch.finished.wait(timeout=5)
    deadline = time.monotonic() + 2
    while True:
        try:
            verifier.verify(request.headers, request.body, request.envelope)
            break
        except VerificationError:
            assert time.monotonic() < deadline, "the late download never reached the cache"
            time.sleep(0.02)
    assert fetch.calls == [CERT_URL]


def test_a_download_is_waited_for_no_longer_than_the_requests_deadline(
    harness: Harness,
) -> None:
    fetch = GatedFetch(harness.chain.pem, delay=1.5)
    verifier = gated_verifier(harness, fetch, timeout_seconds=2.0)
    request = signed(harness.chain)
    started = time.monotonic()
    with request_deadline(0.3), pytest.raises(VerificationError, match="took too long"):
        verifier.verify(request.headers, request.body, request.envelope)
    assert time.monotonic() - started < 1.0


def _verify_in_thread(
    verifier: SignatureVerifier, request: Signed, outcomes: list[str]
) -> threading.Thread:
    def run() -> None:
        try:
            verifier.verify(request.headers, request.body, request.envelope)
            outcomes.append("accepted")
        except VerificationError as refused:
            outcomes.append(refused.reason)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def _wait_for_calls(fetch: GatedFetch, count: int) -> None:
    deadline = time.monotonic() + 5
    while len(fetch.calls) < count:
        assert time.monotonic() < deadline, f"only {len(fetch.calls)} downloads started"
        time.sleep(0.01)


def test_requests_waiting_for_one_url_share_one_download(harness: Harness) -> None:
    fetch = GatedFetch(harness.chain.pem)
    verifier = gated_verifier(harness, fetch)
    outcomes: list[str] = []
    threads = [_verify_in_thread(verifier, signed(harness.chain), outcomes) for _ in range(5)]
    _wait_for_calls(fetch, 1)
    time.sleep(0.1)  # every request is now waiting
    fetch.gate.set()
    for thread in threads:
        thread.join(timeout=5)
    assert outcomes == ["accepted"] * 5
    assert fetch.calls == [CERT_URL]


def test_only_a_few_downloads_run_at_once_and_the_rest_are_refused_at_once(
    harness: Harness,
) -> None:
    fetch = GatedFetch(harness.chain.pem)
    verifier = gated_verifier(harness, fetch)
    outcomes: list[str] = []
    urls = [f"https://s3.amazonaws.com/echo.api/forged-{n}.pem" for n in range(10)]
    threads = [
        _verify_in_thread(verifier, signed(harness.chain, url=url), outcomes)
        for url in urls[:MAX_CONCURRENT_FETCHES]
    ]
    _wait_for_calls(fetch, MAX_CONCURRENT_FETCHES)
    started = time.monotonic()
    for url in urls[MAX_CONCURRENT_FETCHES:]:
        request = signed(harness.chain, url=url)
        with pytest.raises(VerificationError, match="too many"):
            verifier.verify(request.headers, request.body, request.envelope)
    assert time.monotonic() - started < 0.5
    fetch.gate.set()
    for thread in threads:
        thread.join(timeout=5)
    assert outcomes == ["accepted"] * MAX_CONCURRENT_FETCHES
    assert len(fetch.calls) == MAX_CONCURRENT_FETCHES


# --- the default fetcher, against a local server --------------------------------------

Handler = Callable[[http.server.BaseHTTPRequestHandler], None]


@pytest.fixture
def serve() -> Iterator[Callable[[Handler], str]]:
    """Start a local HTTP server whose GET runs the given handler; yields its URL maker."""
    servers: list[http.server.ThreadingHTTPServer] = []

    def start(handle: Handler) -> str:
        class Handle(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                handle(self)

            def log_message(self, format: str, *args: Any) -> None:
                return

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handle)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/echo.api/chain.pem"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def _reply(body: bytes, *, status: int = 200, headers: dict[str, str] | None = None) -> Handler:
    def handle(request: http.server.BaseHTTPRequestHandler) -> None:
        request.send_response(status)
        for name, value in (headers or {}).items():
            request.send_header(name, value)
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)

    return handle


def test_the_default_fetcher_downloads_the_chain(serve: Callable[[Handler], str], pki: Pki) -> None:
    pem = pki.chains["good"].pem
    assert fetch_cert_chain(serve(_reply(pem))) == pem


def test_the_default_fetcher_gives_up_on_a_server_that_trickles(
    serve: Callable[[Handler], str],
) -> None:
    def trickle(request: http.server.BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Length", "1000")
        request.end_headers()
        for _ in range(20):
            request.wfile.write(b"-")
            request.wfile.flush()
            time.sleep(0.1)

    started = time.monotonic()
    with pytest.raises(TimeoutError):
        fetch_cert_chain(serve(trickle), timeout_seconds=0.5)
    assert time.monotonic() - started < 1.5


def test_the_default_fetcher_gives_up_on_a_silent_server(
    serve: Callable[[Handler], str],
) -> None:
    started = time.monotonic()
    with pytest.raises(OSError):  # socket timeouts are TimeoutError, an OSError
        fetch_cert_chain(serve(lambda request: time.sleep(2)), timeout_seconds=0.3)
    assert time.monotonic() - started < 1.5


def test_the_default_fetcher_refuses_an_oversized_chain(serve: Callable[[Handler], str]) -> None:
    with pytest.raises(ValueError, match="too large"):
        fetch_cert_chain(serve(_reply(b"x" * (65 * 1024))))


def test_the_default_fetcher_accepts_only_200(serve: Callable[[Handler], str]) -> None:
    with pytest.raises(OSError, match="404"):
        fetch_cert_chain(serve(_reply(b"<Error>NoSuchKey</Error>", status=404)))


def test_the_default_fetcher_follows_no_redirect(serve: Callable[[Handler], str], pki: Pki) -> None:
    """Only the checked URL is fetched, even if the server points elsewhere."""

    def moved(request: http.server.BaseHTTPRequestHandler) -> None:
        if request.path.endswith("/elsewhere.pem"):
            _reply(pki.chains["good"].pem)(request)
        else:
            _reply(b"", status=302, headers={"Location": "/echo.api/elsewhere.pem"})(request)

    with pytest.raises(OSError, match="302"):
        fetch_cert_chain(serve(moved))


# --- no dependency on the broken ASK SDK verifier -------------------------------------


def test_importing_the_verifier_loads_neither_certvalidator_nor_oscrypto() -> None:
    """oscrypto fails at import on OpenSSL >= 3.0.10; the verifier must never pull it in."""
    script = (
        "import sys\n"
        "from secure_differentiation.hosts.verification import RequestVerifier\n"
        "RequestVerifier(skill_id=None)\n"
        "banned = {'ask_sdk_webservice_support.verifier',\n"
        "          'ask_sdk_webservice_support.webservice_handler'}\n"
        "print(sorted(m for m in sys.modules if m in banned\n"
        "             or m.split('.')[0] in ('certvalidator', 'oscrypto')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"


def test_a_refusal_carries_a_short_reason(harness: Harness) -> None:
    request = signed(harness.chain)
    request.body += b"!"
    with pytest.raises(VerificationError) as refused:
        harness.verify(request)
    assert str(refused.value) == refused.value.reason
    assert len(refused.value.reason) < 80
