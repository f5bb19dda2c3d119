"""The review app's HTTP server: the standard library's ThreadingHTTPServer and a JSON API.

Why no web framework: the app is one page, four endpoints and a few static files; the
standard library serves them with no dependency to install, audit or keep compatible, and
the security rules below are easy to see in one place.

Security (the results contain text scraped from the web; the server may run on a shared
machine):

- binds to 127.0.0.1 unless told otherwise;
- the ``Host`` header must name the server (blocks DNS-rebinding pages from reading or
  writing through a victim's browser);
- a write (POST) must carry the per-session token embedded in the page
  (``X-Review-Token``), be ``application/json`` (a cross-site form cannot send that
  without a CORS preflight, which is never granted) and, when the browser sends ``Origin``,
  come from the app's own origin;
- a strict Content-Security-Policy: only the app's own script and style run, nothing is
  fetched from elsewhere; the page builds every text node with ``textContent``;
- record text is never executed, fetched or interpreted as markup.
"""

from __future__ import annotations

import hmac
import html
import json
import secrets
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from aligner.errors import AlignerError
from aligner.review.app import RequestProblem, ReviewApp

MAX_BODY_BYTES = 64 * 1024
TOKEN_HEADER = "X-Review-Token"
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
WILDCARD_HOSTS = ("0.0.0.0", "::", "")
STATIC_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


class ReviewServer(ThreadingHTTPServer):
    """A threading HTTP server holding the app, its session token and allowed Host names."""

    daemon_threads = True

    def __init__(self, app: ReviewApp, host: str = "127.0.0.1", port: int = 0) -> None:
        super().__init__((host, port), ReviewHandler)
        self.app = app
        self.token = secrets.token_urlsafe(32)
        self.bound_host = host
        self.port = self.server_address[1]

    @property
    def url(self) -> str:
        host = "127.0.0.1" if self.bound_host in WILDCARD_HOSTS else self.bound_host
        if ":" in host and not host.startswith("["):
            host = f"[{host}]"
        return f"http://{host}:{self.port}/"

    def host_allowed(self, host_header: str | None) -> bool:
        """Is ``Host`` this server? Any name is accepted only when bound to all interfaces."""
        if self.bound_host in WILDCARD_HOSTS:
            return True
        if not host_header:
            return False
        bound = self.bound_host if ":" not in self.bound_host else f"[{self.bound_host}]"
        names = {bound, *LOOPBACK_NAMES} if bound in LOOPBACK_NAMES else {bound}
        return host_header.lower() in {f"{name}:{self.port}" for name in names}


class ReviewHandler(BaseHTTPRequestHandler):
    """Routes: ``/`` (the page), ``/static/*``, ``GET /api/queue``, ``GET /api/record/N``,
    ``GET /api/heatmap/N`` (SVG), ``GET /summary`` (the corpus summary page),
    ``POST /api/decision``, ``POST /api/pattern``."""

    server: ReviewServer
    protocol_version = "HTTP/1.1"
    server_version = "aligner-review"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - base signature
        """Quiet: the terminal shows the URL, not every request."""

    def do_GET(self) -> None:  # noqa: N802 - http.server naming
        if not self._host_ok():
            return
        url = urlsplit(self.path)
        params = dict(parse_qsl(url.query))
        app = self.server.app
        try:
            if url.path == "/":
                self._send(HTTPStatus.OK, self._page(), "text/html; charset=utf-8")
            elif url.path == "/favicon.ico":
                self._send(HTTPStatus.NO_CONTENT, b"", "image/x-icon")
            elif url.path.startswith("/static/"):
                self._static(url.path.removeprefix("/static/"))
            elif url.path == "/api/queue":
                self._json(HTTPStatus.OK, app.queue(params))
            elif url.path.startswith("/api/record/"):
                self._json(HTTPStatus.OK, app.record(_pos(url.path)))
            elif url.path.startswith("/api/heatmap/"):
                svg = app.heatmap(_pos(url.path, "/api/heatmap/")).encode("utf-8")
                self._send(HTTPStatus.OK, svg, "image/svg+xml; charset=utf-8")
            elif url.path == "/summary":
                self._send(HTTPStatus.OK, summary_page(app), "text/html; charset=utf-8")
            else:
                self._error(HTTPStatus.NOT_FOUND, "no such page")
        except RequestProblem as exc:
            self._error(HTTPStatus.BAD_REQUEST, str(exc))
        except AlignerError as exc:
            self._error(HTTPStatus.INTERNAL_SERVER_ERROR, str(exc))

    def do_POST(self) -> None:  # noqa: N802 - http.server naming
        if not self._host_ok() or not self._write_allowed():
            return
        endpoint = POST_ENDPOINTS.get(urlsplit(self.path).path)
        if endpoint is None:
            self._error(HTTPStatus.NOT_FOUND, "no such endpoint")
            return
        try:
            body = self._read_json()
            self._json(HTTPStatus.OK, getattr(self.server.app, endpoint)(body))
        except RequestProblem as exc:
            self._error(HTTPStatus.BAD_REQUEST, str(exc))
        except AlignerError as exc:
            self._error(HTTPStatus.INTERNAL_SERVER_ERROR, str(exc))

    def _host_ok(self) -> bool:
        if self.server.host_allowed(self.headers.get("Host")):
            return True
        self._error(HTTPStatus.FORBIDDEN, "unexpected Host header")
        return False

    def _write_allowed(self) -> bool:
        """Refuse cross-origin or token-less writes (see the module docstring)."""
        origin = self.headers.get("Origin")
        if origin is not None and origin != f"http://{self.headers.get('Host')}":
            self._error(HTTPStatus.FORBIDDEN, "cross-origin write refused")
            return False
        token = self.headers.get(TOKEN_HEADER, "")
        if not hmac.compare_digest(token.encode(), self.server.token.encode()):
            self._error(HTTPStatus.FORBIDDEN, "missing or wrong session token; reload the page")
            return False
        content_type = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if content_type != "application/json":
            self._error(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "writes must be application/json")
            return False
        return True

    def _read_json(self) -> Any:
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError as exc:
            raise RequestProblem("bad Content-Length") from exc
        if not 0 < length <= MAX_BODY_BYTES:
            self.close_connection = True
            raise RequestProblem(f"request body must be 1 to {MAX_BODY_BYTES} bytes")
        try:
            return json.loads(self.rfile.read(length).decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise RequestProblem(f"request body is not JSON ({exc})") from exc

    def _page(self) -> bytes:
        template = resources.files("aligner.review").joinpath("templates/index.html")
        page = template.read_text(encoding="utf-8")
        page = page.replace("{{token}}", html.escape(self.server.token))
        page = page.replace("{{source}}", html.escape(self.server.app.index.path.name))
        return page.encode("utf-8")

    def _static(self, name: str) -> None:
        suffix = name[name.rfind(".") :] if "." in name else ""
        if "/" in name or "\\" in name or name.startswith(".") or suffix not in STATIC_TYPES:
            self._error(HTTPStatus.NOT_FOUND, "no such file")
            return
        resource = resources.files("aligner.review").joinpath("static", name)
        if not resource.is_file():
            self._error(HTTPStatus.NOT_FOUND, "no such file")
            return
        self._send(HTTPStatus.OK, resource.read_bytes(), STATIC_TYPES[suffix])

    def _json(self, status: HTTPStatus, payload: Any) -> None:
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self._send(status, body, "application/json; charset=utf-8")

    def _error(self, status: HTTPStatus, message: str) -> None:
        self._json(status, {"error": message})

    def _send(self, status: HTTPStatus, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in SECURITY_HEADERS.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def summary_page(app: ReviewApp) -> bytes:
    """The corpus summary page: server-side HTML and SVG, styled by the app's own CSS."""
    from aligner.summary import summary_html

    summary = app.summary()
    name = html.escape(app.index.path.name)
    body = summary_html(summary["corpus"], "/#r={position}")
    data = summary["data"]
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f'<title>aligner review — summary of {name}</title>'
        '<link rel="stylesheet" href="/static/app.css"></head><body class="summary-page">'
        f'<header id="top"><div class="brand">aligner review <span class="source">{name}'
        '</span></div><a href="/">back to the queue</a></header><main id="summary">'
        f"<h1>Summary: {data['records']} record(s)</h1>{body}</main></body></html>"
    ).encode()


# POST path -> the ReviewApp method that handles its JSON body.
POST_ENDPOINTS = {"/api/decision": "decide", "/api/pattern": "add_pattern"}


def _pos(path: str, prefix: str = "/api/record/") -> int:
    text = path.removeprefix(prefix)
    if not text.isdigit():
        raise RequestProblem("record position must be a whole number")
    return int(text)
