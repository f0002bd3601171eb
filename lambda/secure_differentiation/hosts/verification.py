"""Proof that a request to the webservice came from Alexa, as Amazon requires.

A skill hosted outside Lambda must refuse any request that Alexa did not sign
(https://developer.amazon.com/docs/custom-skills/host-a-custom-skill-as-a-web-service.html).
The ASK SDK's own verifier imports certvalidator and oscrypto, and oscrypto
cannot load on OpenSSL >= 3.0.10, so this module does the same checks with
`cryptography` alone, its X.509 path validation included.

The checks, each a small verifier with the ASK SDK's
`verify(headers, serialized_request_env, deserialized_request_env)` shape
(here `verify(headers, body, envelope)`: the raw body bytes and the parsed JSON):

- `SignatureVerifier`: the signing certificate chain comes from Amazon's
  S3 location, chains to a trusted root, is valid now and names
  echo-api.amazon.com; its key signed the exact body bytes (`Signature-256`).
  Anyone can send a request naming a chain URL, so what a forged request can
  make the server do is bounded: one cache entry per canonical URL (a query
  string makes no new one), a failed URL is not fetched again for a while, a
  download never takes longer than its timeout or the request's deadline, and
  only a few run at once.
- `TimestampVerifier`: the request is fresh (150 s; an hour for skill events).
- `SkillIdVerifier`: the request is for this skill.

`RequestVerifier` runs all three; any failure raises `VerificationError`.
"""

from __future__ import annotations

import base64
import binascii
import logging
import posixpath
import threading
import time
import warnings
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeoutError
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache, partial
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from ask_sdk_webservice_support import verifier_constants as sdk
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.x509.verification import PolicyBuilder, Store
from cryptography.x509.verification import VerificationError as PathValidationError

from ..skill.alexa_api import opener
from ..skill.deadline import current_deadline

__all__ = [
    "CERT_CHAIN_URL_HEADER",
    "ECHO_API_DOMAIN",
    "SIGNATURE_HEADER",
    "AbstractVerifier",
    "RequestVerifier",
    "SignatureVerifier",
    "SkillIdVerifier",
    "TimestampVerifier",
    "VerificationError",
    "application_id",
    "canonical_cert_chain_url",
    "default_trust_roots",
    "fetch_cert_chain",
]

Fetch = Callable[[str], bytes]
Clock = Callable[[], datetime]
Headers = Mapping[str, str]
Envelope = Mapping[str, Any]

# Amazon's contract, from the ASK SDK's own constants (that module imports nothing
# broken; only the SDK's verifier, which needs oscrypto, is left unimported).
CERT_CHAIN_URL_HEADER = sdk.SIGNATURE_CERT_CHAIN_URL_HEADER
SIGNATURE_HEADER = sdk.SIGNATURE_HEADER
ECHO_API_DOMAIN = sdk.CERT_CHAIN_DOMAIN
CERT_CHAIN_URL_SCHEME = sdk.CERT_CHAIN_URL_PROTOCOL
CERT_CHAIN_URL_HOST = sdk.CERT_CHAIN_URL_HOSTNAME
CERT_CHAIN_URL_PORT = sdk.CERT_CHAIN_URL_PORT
# The SDK builds this with os.path.sep, which is wrong on Windows: a URL path uses "/".
CERT_CHAIN_URL_PATH_PREFIX = "/echo.api/"
MAX_REQUEST_AGE = timedelta(milliseconds=sdk.MAX_NORMAL_REQUEST_TOLERANCE_IN_MILLIS)
MAX_SKILL_EVENT_AGE = timedelta(milliseconds=sdk.MAX_SKILL_EVENT_TOLERANCE_IN_MILLIS)
SKILL_EVENT_PREFIX = "AlexaSkillEvent."
DEFAULT_TIMEOUT_SECONDS = 2.0
# Amazon's chain is three certificates, about 5 KB; anything far larger is not it.
MAX_CERT_CHAIN_BYTES = 64 * 1024
# Amazon serves one chain at a time; a few slots cover a rotation with room to spare.
MAX_CACHED_CHAINS = 16
# A URL whose chain could not be fetched or trusted is refused without a new
# download for this long: forged requests repeating it cost nothing, and Amazon's
# own URL is tried again soon after S3 recovers.
FAILURE_CACHE_SECONDS = 30
MAX_CACHED_FAILURES = 256
# Downloads running at once (each in its own thread, so a request waits for one
# no longer than its budget); more are refused, not queued.
MAX_CONCURRENT_FETCHES = 4
SYSTEM_CA_BUNDLE = Path("/etc/ssl/certs/ca-certificates.crt")
_PEM_END = b"-----END CERTIFICATE-----"

logger = logging.getLogger(__name__)


class VerificationError(Exception):
    """A request that must be refused; `reason` is short, safe to log and to return."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class AbstractVerifier(ABC):
    """One check on an incoming request, shaped like the ASK SDK's, so they compose.

    The signature is checked over `body`, the bytes exactly as received; `envelope`
    is that body parsed as JSON, for the checks that read fields.
    """

    @abstractmethod
    def verify(self, headers: Headers, body: bytes, envelope: Envelope) -> None:
        """Return quietly if the request passes; raise `VerificationError` if not."""


# --- the certificate chain URL --------------------------------------------------------


def canonical_cert_chain_url(url: str) -> str:
    """The URL to fetch, if `url` is one Amazon could have sent; otherwise refuse.

    Scheme and host compare case-insensitively, the path case-sensitively and
    after percent-decoding and removing dot segments, so `/echo.api/../x` cannot
    escape Amazon's folder. The URL returned is rebuilt from the checked parts,
    so what is fetched is exactly what was checked. Query and fragment are
    dropped: Amazon's URLs have neither, S3 serves the same object whatever
    query is added, and every distinct query would otherwise be a new download
    and a new cache entry pushing the real chain out.
    """
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise VerificationError("certificate chain URL is malformed") from error
    if parts.scheme.lower() != CERT_CHAIN_URL_SCHEME:
        raise VerificationError("certificate chain URL is not https")
    if parts.hostname != CERT_CHAIN_URL_HOST or parts.username is not None:
        raise VerificationError("certificate chain URL has the wrong host")
    if port is not None and port != CERT_CHAIN_URL_PORT:
        raise VerificationError("certificate chain URL has the wrong port")
    path = posixpath.normpath(unquote(parts.path)) if parts.path else ""
    if not path.startswith(CERT_CHAIN_URL_PATH_PREFIX):
        raise VerificationError("certificate chain URL has the wrong path")
    return f"{CERT_CHAIN_URL_SCHEME}://{CERT_CHAIN_URL_HOST}{quote(path)}"


# --- fetching and trusting the chain --------------------------------------------------


def fetch_cert_chain(url: str, *, timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS) -> bytes:
    """Download the PEM chain, giving up after about `timeout_seconds` or 64 KB.

    The socket timeout bounds each read and the deadline a server that trickles
    bytes; name resolution has no timeout of its own, which is why
    `SignatureVerifier` runs the download in a thread and waits only as long as
    the request can afford.
    """
    deadline = time.monotonic() + timeout_seconds
    # The opener follows no redirect: S3 serves the chain directly, and a redirect would
    # fetch from somewhere unchecked.
    with opener().open(url, timeout=timeout_seconds) as response:
        if response.status != 200:
            raise OSError(f"HTTP {response.status}")
        chunks: list[bytes] = []
        size = 0
        while chunk := response.read1(16 * 1024):
            size += len(chunk)
            if size > MAX_CERT_CHAIN_BYTES:
                raise ValueError("certificate chain too large")
            if time.monotonic() > deadline:
                raise TimeoutError("certificate chain download too slow")
            chunks.append(chunk)
    return b"".join(chunks)


def _load_pem_bundle(data: bytes) -> list[x509.Certificate]:
    """Every certificate in a CA bundle that parses; one odd root must not lose the rest."""
    certificates = []
    with warnings.catch_warnings():
        # Some long-trusted roots have negative serials, which cryptography warns about.
        warnings.simplefilter("ignore")
        for block in data.split(_PEM_END)[:-1]:
            try:
                certificates.append(x509.load_pem_x509_certificate(block + _PEM_END))
            except ValueError:
                continue
    return certificates


@cache
def default_trust_roots() -> tuple[x509.Certificate, ...]:
    """certifi's roots if installed (what pip and requests trust), else the system's."""
    try:
        import certifi
    except ImportError:
        bundle = SYSTEM_CA_BUNDLE
    else:
        bundle = Path(certifi.where())
    roots = _load_pem_bundle(bundle.read_bytes())
    if not roots:
        raise RuntimeError(f"no trusted root certificates in {bundle}")
    return tuple(roots)


@dataclass(frozen=True)
class _TrustedChain:
    """A validated chain's signing key, and when the whole chain stops being valid."""

    leaf: x509.Certificate
    valid_from: datetime
    valid_until: datetime

    def is_valid_at(self, now: datetime) -> bool:
        return self.valid_from <= now <= self.valid_until


def _utc(moment: datetime) -> datetime:
    """Aware UTC; a naive datetime is taken to be UTC already."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _names_echo_api(leaf: x509.Certificate) -> bool:
    """Amazon asks for echo-api.amazon.com itself in the SANs, not a wildcard over it."""
    try:
        san = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return False
    return any(name.lower() == ECHO_API_DOMAIN for name in san.get_values_for_type(x509.DNSName))


class SignatureVerifier(AbstractVerifier):
    """The body was signed by the key of a trusted echo-api.amazon.com certificate.

    Validated chains are cached per canonical URL until the first certificate
    in them expires, so Amazon's S3 is asked once per chain, not once per
    request; a URL that failed is refused from memory for FAILURE_CACHE_SECONDS.
    Requests waiting for the same URL share one download. A request waits for
    it at most `timeout_seconds` and never past its deadline (deadline.py): the
    webservice opens the deadline before verifying, so verification spends
    Alexa's 8 seconds too. An injected `fetch` replaces the downloader only.
    """

    def __init__(
        self,
        *,
        trust_roots: list[x509.Certificate] | None = None,
        fetch: Fetch | None = None,
        clock: Clock | None = None,
        timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS,
    ) -> None:
        roots = list(default_trust_roots()) if trust_roots is None else list(trust_roots)
        if not roots:
            raise ValueError("trust_roots must hold at least one certificate")
        self._store = Store(roots)
        self._fetch = fetch or partial(fetch_cert_chain, timeout_seconds=timeout_seconds)
        self._timeout_seconds = timeout_seconds
        self._clock = clock or partial(datetime.now, UTC)
        self._cache: dict[str, _TrustedChain] = {}
        self._failures: dict[str, tuple[datetime, str]] = {}
        self._downloads: dict[str, Future[_TrustedChain]] = {}
        self._lock = threading.Lock()

    def verify(self, headers: Headers, body: bytes, envelope: Envelope) -> None:
        url = _header(headers, CERT_CHAIN_URL_HEADER)
        encoded_signature = _header(headers, SIGNATURE_HEADER)
        if not url or not encoded_signature:
            raise VerificationError("missing signature or certificate chain URL header")
        try:
            signature = base64.b64decode(encoded_signature, validate=True)
        except (binascii.Error, ValueError) as error:
            raise VerificationError("signature is not base64") from error
        public_key = self.signing_certificate(url).public_key()
        if not isinstance(public_key, RSAPublicKey):
            raise VerificationError("signing certificate key is not RSA")
        try:
            public_key.verify(signature, body, PKCS1v15(), SHA256())
        except InvalidSignature as error:
            raise VerificationError("signature does not match the request body") from error

    def signing_certificate(self, url: str) -> x509.Certificate:
        """The leaf of the trusted chain at `url`: cached, remembered as failed, or fetched."""
        canonical_url = canonical_cert_chain_url(url)
        now = _utc(self._clock())
        with self._lock:
            cached = self._cache.get(canonical_url)
            if cached is not None and cached.is_valid_at(now):
                return cached.leaf
            failed = self._failures.get(canonical_url)
            if failed is not None and now < failed[0]:
                raise VerificationError(failed[1])
            download = self._downloads.get(canonical_url)
            if download is None:
                if len(self._downloads) >= MAX_CONCURRENT_FETCHES:
                    raise VerificationError("too many certificate chain downloads at once")
                download = self._start_download(canonical_url)
        wait = min(self._timeout_seconds, current_deadline().remaining())
        try:
            return download.result(timeout=max(0.0, wait)).leaf
        except FutureTimeoutError as error:
            raise VerificationError("certificate chain download took too long") from error
        except VerificationError as refused:
            # A fresh exception per waiter: several threads may share this download.
            raise VerificationError(refused.reason) from None

    def _start_download(self, url: str) -> Future[_TrustedChain]:
        """Fetch and validate `url` in a thread of its own; the caller holds the lock.

        The thread finishes even after every waiter has given up, and caches
        what it found, so a slow S3 still warms the cache for later requests.
        """
        download: Future[_TrustedChain] = Future()
        self._downloads[url] = download

        def run() -> None:
            try:
                trusted = self._validate(self._download(url), _utc(self._clock()))
            except VerificationError as refused:
                with self._lock:
                    self._remember_failure(url, refused.reason)
                    del self._downloads[url]
                download.set_exception(refused)
            except BaseException as error:  # a bug must not leave waiters hanging
                logger.exception("certificate chain check failed unexpectedly")
                with self._lock:
                    del self._downloads[url]
                download.set_exception(VerificationError("certificate chain check failed"))
                if not isinstance(error, Exception):
                    raise
            else:
                with self._lock:
                    self._remember(url, trusted, _utc(self._clock()))
                    del self._downloads[url]
                download.set_result(trusted)

        threading.Thread(target=run, name="cert-chain-download", daemon=True).start()
        return download

    def _download(self, url: str) -> bytes:
        try:
            data = self._fetch(url)
        except Exception as error:
            # Whatever the fetcher raises (timeout, DNS, HTTP, TLS), the answer is a refusal.
            raise VerificationError("could not fetch the certificate chain") from error
        if not isinstance(data, bytes) or len(data) > MAX_CERT_CHAIN_BYTES:
            raise VerificationError("certificate chain download is not a PEM chain")
        return data

    def _validate(self, pem_chain: bytes, now: datetime) -> _TrustedChain:
        """Check the leaf the way Amazon lists it, then the whole path to a trusted root."""
        try:
            leaf, *intermediates = x509.load_pem_x509_certificates(pem_chain)
        except ValueError as error:
            raise VerificationError("certificate chain is not PEM") from error
        if now < leaf.not_valid_before_utc:
            raise VerificationError("signing certificate is not valid yet")
        if now > leaf.not_valid_after_utc:
            raise VerificationError("signing certificate has expired")
        if not _names_echo_api(leaf):
            raise VerificationError(f"signing certificate is not for {ECHO_API_DOMAIN}")
        verifier = (
            PolicyBuilder()
            .store(self._store)
            .time(now)
            .build_server_verifier(x509.DNSName(ECHO_API_DOMAIN))
        )
        try:
            path = verifier.verify(leaf, intermediates)
        except PathValidationError as error:
            raise VerificationError("certificate chain is not trusted") from error
        return _TrustedChain(
            leaf=leaf,
            valid_from=max(cert.not_valid_before_utc for cert in path),
            valid_until=min(cert.not_valid_after_utc for cert in path),
        )

    def _remember(self, url: str, trusted: _TrustedChain, now: datetime) -> None:
        """Cache `trusted`, dropping expired chains first and then the oldest."""
        self._failures.pop(url, None)
        self._cache.pop(url, None)
        for stale in [key for key, chain in self._cache.items() if not chain.is_valid_at(now)]:
            del self._cache[stale]
        while len(self._cache) >= MAX_CACHED_CHAINS:
            del self._cache[next(iter(self._cache))]
        self._cache[url] = trusted

    def _remember_failure(self, url: str, reason: str) -> None:
        """Refuse `url` from memory for a while, keeping at most MAX_CACHED_FAILURES."""
        now = _utc(self._clock())
        for gone in [key for key, (until, _) in self._failures.items() if until <= now]:
            del self._failures[gone]
        self._failures.pop(url, None)
        while len(self._failures) >= MAX_CACHED_FAILURES:
            del self._failures[next(iter(self._failures))]
        self._failures[url] = (now + timedelta(seconds=FAILURE_CACHE_SECONDS), reason)


# --- freshness and audience -----------------------------------------------------------


class TimestampVerifier(AbstractVerifier):
    """The request is recent, so a captured request cannot be replayed later.

    Ordinary requests may be 150 s old or early; skill events (enable, disable,
    permissions) can be delivered up to an hour late, but never early.
    """

    def __init__(self, *, clock: Clock | None = None) -> None:
        self._clock = clock or partial(datetime.now, UTC)

    def verify(self, headers: Headers, body: bytes, envelope: Envelope) -> None:
        request = _mapping(_mapping(envelope).get("request"))
        timestamp = request.get("timestamp")
        if timestamp is None:
            raise VerificationError("request timestamp is missing")
        try:
            sent = _utc(datetime.fromisoformat(timestamp))
        except (TypeError, ValueError, OverflowError) as error:  # "0001-01-01T00:00:00+01:00"
            raise VerificationError("request timestamp is malformed") from error
        age = _utc(self._clock()) - sent
        request_type = request.get("type")
        is_skill_event = isinstance(request_type, str) and request_type.startswith(
            SKILL_EVENT_PREFIX
        )
        max_age = MAX_SKILL_EVENT_AGE if is_skill_event else MAX_REQUEST_AGE
        if age > max_age:
            raise VerificationError("request timestamp is too old")
        if -age > MAX_REQUEST_AGE:
            raise VerificationError("request timestamp is in the future")


class SkillIdVerifier(AbstractVerifier):
    """The request is for this skill, not another skill's traffic sent here."""

    def __init__(self, skill_id: str) -> None:
        self._skill_id = skill_id

    def verify(self, headers: Headers, body: bytes, envelope: Envelope) -> None:
        if application_id(envelope) != self._skill_id:
            raise VerificationError("request is for a different skill")


def application_id(envelope: Envelope) -> str | None:
    """The skill the envelope is addressed to: context first, as Amazon recommends."""
    for path in (("context", "System", "application"), ("session", "application")):
        node: Any = envelope
        for key in path:
            node = _mapping(node).get(key)
        value = _mapping(node).get("applicationId")
        if isinstance(value, str):
            return value
    return None


# --- all together ---------------------------------------------------------------------


class RequestVerifier(AbstractVerifier):
    """Everything Amazon requires of a webservice skill, in one call.

    The signature goes first: a request that Alexa did not sign is refused for
    that, whatever its timestamp or skill id say.
    """

    def __init__(
        self,
        *,
        skill_id: str | None,
        trust_roots: list[x509.Certificate] | None = None,
        fetch: Fetch | None = None,
        clock: Clock | None = None,
        timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS,
    ) -> None:
        self.verifiers: list[AbstractVerifier] = [
            SignatureVerifier(
                trust_roots=trust_roots,
                fetch=fetch,
                clock=clock,
                timeout_seconds=timeout_seconds,
            ),
            TimestampVerifier(clock=clock),
        ]
        if skill_id is not None:
            self.verifiers.append(SkillIdVerifier(skill_id))

    def verify(self, headers: Headers, body: bytes, envelope: Envelope) -> None:
        for verifier in self.verifiers:
            verifier.verify(headers, body, envelope)


def _header(headers: Headers, name: str) -> str | None:
    """HTTP header names are case-insensitive, whatever mapping the framework hands over."""
    wanted = name.lower()
    for key, value in headers.items():
        if key.lower() == wanted:
            return value
    return None


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}
