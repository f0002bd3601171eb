"""The webservice as Alexa meets it: waitress on loopback, every request verified.

The tests make their own PKI (root, intermediate, leaf for echo-api.amazon.com),
sign request bodies with the leaf key, and serve the chain through the
verifier's injectable fetcher (the URL must name Amazon's S3, which is not
reachable here). Everything else is real: HTTP, waitress, Flask, the skill.
"""

from __future__ import annotations

import json
import random
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import waitress
from waitress.server import BaseWSGIServer

from secure_differentiation.hosts.verification import RequestVerifier
from secure_differentiation.hosts.webservice import create_app
from secure_differentiation.skill import build_skill, invoke
from secure_differentiation.skill.persistence.memory import InMemoryPersistenceAdapter
from support.alexa import SKILL_ID, load_event
from support.certs import Issued, intermediate_ca, leaf, new_key, pem_chain, root_ca

CERT_URL = "https://s3.amazonaws.com/echo.api/echo-api-cert-test.pem"
FOREIGN_URL = "https://s3.amazonaws.com/echo.api/echo-api-cert-foreign.pem"


@dataclass
class Signer:
    """Signs bodies as Alexa does, with a leaf certificate's key."""

    issued: Issued

    def headers(self, body: bytes, url: str = CERT_URL) -> dict[str, str]:
        return {"SignatureCertChainUrl": url, "Signature-256": self.issued.sign(body)}


@dataclass
class Service:
    url: str
    signer: Signer
    foreign_signer: Signer
    store: InMemoryPersistenceAdapter

    def post(self, body: bytes, headers: dict[str, str]) -> tuple[int, dict[str, Any]]:
        call = urllib.request.Request(
            self.url,
            data=body,
            method="POST",
            headers={"Content-Type": "application/json", **headers},
        )
        try:
            with urllib.request.urlopen(call, timeout=10) as answer:
                return answer.status, json.loads(answer.read())
        except urllib.error.HTTPError as error:
            with error:
                return error.code, json.loads(error.read())


def fresh_launch(skill_id: str = SKILL_ID) -> dict[str, Any]:
    event = load_event("launch")
    event["request"]["timestamp"] = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    event["session"]["application"]["applicationId"] = skill_id
    event["context"]["System"]["application"]["applicationId"] = skill_id
    return event


def body_of(event: dict[str, Any]) -> bytes:
    return json.dumps(event).encode("utf-8")


@pytest.fixture(scope="module")
def service() -> Iterator[Service]:
    now = datetime.now(UTC)
    root = root_ca("Test Root", new_key(), now)
    intermediate = intermediate_ca("Test Intermediate", new_key(), root, now)
    signing = leaf(
        new_key(),
        intermediate,
        not_before=now - timedelta(days=1),
        not_after=now + timedelta(days=30),
    )
    stranger_root = root_ca("Untrusted Root", new_key(), now)
    stranger = leaf(
        new_key(),
        stranger_root,
        not_before=now - timedelta(days=1),
        not_after=now + timedelta(days=30),
    )
    chains = {
        CERT_URL: pem_chain(signing.certificate, intermediate.certificate),
        FOREIGN_URL: pem_chain(stranger.certificate),
    }
    verifier = RequestVerifier(
        skill_id=SKILL_ID, trust_roots=[root.certificate], fetch=lambda url: chains[url]
    )
    store = InMemoryPersistenceAdapter()
    skill = build_skill(store, rng=random.Random(4))
    app = create_app(lambda event: invoke(skill, event), verifier)
    server: BaseWSGIServer = waitress.create_server(app, host="127.0.0.1", port=0)  # type: ignore[assignment]
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield Service(
            url=f"http://127.0.0.1:{server.effective_port}/",
            signer=Signer(signing),
            foreign_signer=Signer(stranger),
            store=store,
        )
    finally:
        server.close()
        thread.join(timeout=5)


def test_a_request_alexa_signed_is_served(service: Service) -> None:
    body = body_of(fresh_launch())
    status, answer = service.post(body, service.signer.headers(body))
    assert status == 200
    assert "<speak>" in answer["response"]["outputSpeech"]["ssml"]


def test_an_unsigned_request_is_refused(service: Service) -> None:
    status, answer = service.post(body_of(fresh_launch()), {})
    assert status == 400 and "verification" in answer["error"]


def test_a_tampered_body_is_refused(service: Service) -> None:
    body = body_of(fresh_launch())
    headers = service.signer.headers(body)
    tampered = body.replace(b"TESTUSER", b"SOMEBODY")
    assert tampered != body
    status, _ = service.post(tampered, headers)
    assert status == 400


def test_a_stale_request_is_refused_even_if_well_signed(service: Service) -> None:
    event = fresh_launch()
    old = datetime.now(UTC) - timedelta(seconds=200)
    event["request"]["timestamp"] = old.strftime("%Y-%m-%dT%H:%M:%SZ")
    body = body_of(event)
    status, _ = service.post(body, service.signer.headers(body))
    assert status == 400


def test_a_request_for_another_skill_is_refused_with_a_4xx(service: Service) -> None:
    body = body_of(fresh_launch("amzn1.ask.skill.someone-elses-skill"))
    status, answer = service.post(body, service.signer.headers(body))
    assert status == 400 and "skill" in answer["error"]


def test_a_chain_from_an_untrusted_root_is_refused(service: Service) -> None:
    body = body_of(fresh_launch())
    status, _ = service.post(body, service.foreign_signer.headers(body, FOREIGN_URL))
    assert status == 400


def test_a_cert_url_outside_amazons_bucket_is_refused(service: Service) -> None:
    body = body_of(fresh_launch())
    headers = service.signer.headers(body, "https://example.com/echo.api/cert.pem")
    status, _ = service.post(body, headers)
    assert status == 400


def test_refused_requests_never_reach_the_skill(service: Service) -> None:
    before = service.store.reads
    service.post(body_of(fresh_launch()), {})
    assert service.store.reads == before
