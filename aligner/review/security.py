"""Request-level safety rules of the review server, kept apart from its routes.

The server (:mod:`aligner.review.server`) applies the Host, token, content-type and Origin
rules its docstring lists; this module adds what makes every *bad* request end in a short
JSON 4xx answer carrying the security headers, never a traceback or an HTML error page:

- a browser's own cross-site signal (``Sec-Fetch-Site: cross-site`` / ``same-site``) refuses
  a write even when a page elsewhere somehow holds the token (Fetch Metadata,
  https://www.w3.org/TR/fetch-metadata/);
- the standard library's own error answers (a malformed request line, an over-long header,
  an unknown method: 501, which we report as 405; an unknown HTTP version: 505, reported
  as 400) go through the JSON error path;
- an exception escaping a handler is logged as one line on stderr and answered with 500
  (``internal error``) when nothing was sent yet; a client that went away is not an error.
"""

from __future__ import annotations

import sys
from http import HTTPStatus
from typing import Any

# Methods the server answers; anything else is 405 with this Allow header.
ALLOWED_METHODS = "GET, HEAD, POST"
# Fetch Metadata values of a request the app's own page makes ("none": typed in the bar).
SAME_SITE_FETCHES = ("same-origin", "none")
CLIENT_GONE = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError)


def cross_site_refusal(headers: Any) -> str | None:
    """Why a write is refused by the browser's Fetch Metadata, or None."""
    site = (headers.get("Sec-Fetch-Site") or "").strip().lower()
    if site and site not in SAME_SITE_FETCHES:
        return f"cross-site write refused (Sec-Fetch-Site: {site})"
    return None


def public_status(code: int) -> HTTPStatus:
    """The status to answer for one the standard library chose: an unknown method is the
    client's mistake (405), not ours (501)."""
    if code == HTTPStatus.NOT_IMPLEMENTED:
        return HTTPStatus.METHOD_NOT_ALLOWED
    if code == HTTPStatus.HTTP_VERSION_NOT_SUPPORTED:  # "HTTP/9.9": a malformed request
        return HTTPStatus.BAD_REQUEST
    try:
        return HTTPStatus(code)
    except ValueError:
        return HTTPStatus.BAD_REQUEST


def log_unexpected(method: str, path: str, exc: BaseException) -> None:
    """One line on the server's stderr for an error no rule foresaw (never sent to clients)."""
    where = path.split("?", 1)[0][:200]
    print(f"review server: internal error on {method} {where}: {type(exc).__name__}: "
          f"{str(exc)[:300]}", file=sys.stderr, flush=True)
