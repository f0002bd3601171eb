"""The HTTP client for Alexa's service APIs (Reminders, Settings), with a time limit.

The ASK SDK's `DefaultApiClient` has no timeout: one slow answer from Alexa's
APIs would hold the request until Alexa gives up on the skill (8 seconds) and
the person hears nothing at all. This client bounds every call, so a check-in
request that makes a settings call and a reminders call still answers in time.

It uses only the standard library (`urllib.request`), unlike `requests`, and
builds nothing at import: most requests never call Alexa's APIs, so the
opener (a default TLS context, which loads the CA bundle: tens of
milliseconds) and urllib.request itself are made on the first call that
needs them, and kept for the container's later calls. HTTP error statuses
come back as responses, for the SDK's service clients to map onto their
error models; connection failures and time-outs raise
`ApiClientException`. Plain HTTP is accepted only on loopback (local test
servers), so an access token never crosses a network in clear text; redirects
are never followed, for the same reason.
"""

from __future__ import annotations

import json
from functools import cache
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ask_sdk_core.exceptions import ApiClientException
from ask_sdk_model.services.api_client import ApiClient
from ask_sdk_model.services.api_client_request import ApiClientRequest
from ask_sdk_model.services.api_client_response import ApiClientResponse

if TYPE_CHECKING:
    from urllib.request import OpenerDirector

# Seconds per call. Alexa's APIs answer in a few hundred milliseconds; a
# settings call that hangs to this limit still leaves the request's deadline
# room for the reminders calls and the storage write after it (deadline.py).
DEFAULT_TIMEOUT_SECONDS = 2.0
_LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
_METHODS = frozenset({"GET", "POST", "PUT", "DELETE", "PATCH"})


@cache
def opener() -> OpenerDirector:
    """The container's one urllib opener, built on first use (`opener.cache_clear()` drops it).

    Redirects come back as they are: following one would resend the Bearer
    token to wherever it points.
    """
    import urllib.request

    class NoRedirects(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    return urllib.request.build_opener(NoRedirects())


class TimeoutApiClient(ApiClient):
    """`ApiClient` over urllib with a per-call timeout (seconds)."""

    def __init__(self, timeout: float = DEFAULT_TIMEOUT_SECONDS) -> None:
        self.timeout = timeout

    def invoke(self, request: ApiClientRequest) -> ApiClientResponse:
        method = (request.method or "").upper()
        if method not in _METHODS:
            raise ApiClientException(f"Invalid request method: {request.method}")
        url = str(request.url or "")
        parts = urlsplit(url)
        if parts.scheme != "https" and not (
            parts.scheme == "http" and parts.hostname in _LOOPBACK_HOSTS
        ):
            raise ApiClientException("Requests against non-HTTPS endpoints are not allowed.")
        headers: dict[str, str] = {}
        for name, value in request.headers or []:
            headers[name] = f"{headers[name]}, {value}" if name in headers else value
        data: bytes | None = None
        if request.body is not None:
            body = request.body
            data = (body if isinstance(body, str) else json.dumps(body)).encode("utf-8")
        import urllib.error
        import urllib.request
        from http.client import HTTPException

        http_request = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            with opener().open(http_request, timeout=self.timeout) as answer:
                return _response(answer.status, list(answer.headers.items()), answer.read())
        except urllib.error.HTTPError as error:
            try:
                payload = error.read()
            except OSError as failure:  # the error body itself timed out or broke off
                raise ApiClientException(f"Error reading the response: {failure}") from failure
            finally:
                error.close()
            return _response(error.code, list((error.headers or {}).items()), payload)
        except (urllib.error.URLError, HTTPException, OSError, ValueError) as error:
            # URLError (refused, DNS), TimeoutError and other OSErrors, broken HTTP.
            raise ApiClientException(f"Error executing the request: {error}") from error


def _response(status: int, headers: list[tuple[str, str]], payload: bytes) -> ApiClientResponse:
    text = payload.decode("utf-8", errors="replace")
    # No body is None, not "": the SDK's service clients deserialize any string they get.
    return ApiClientResponse(headers=list(headers), status_code=status, body=text or None)  # type: ignore[arg-type]
