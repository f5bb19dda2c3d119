"""Review server safety (issue 28): loopback by default, cross-site writes refused, every bad
request a JSON 4xx with the security headers (never a traceback), user text always escaped."""

from __future__ import annotations

import http.client
import json
import re
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from aligner.review.app import ReviewApp
from aligner.review.command import review
from aligner.review.server import MAX_BODY_BYTES, ReviewServer
from aligner.review.store import DecisionStore
from tests.review_data import hand_result, write_jsonl

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>\'"&'
REPO = Path(__file__).resolve().parent.parent


def hostile_results() -> list[dict[str, Any]]:
    record = hand_result(HOSTILE, [HOSTILE + " en."], [HOSTILE + " fr."],
                         [([0], [0], 0.1, ["low_fidelity"])], journal=HOSTILE, title=HOSTILE)
    record["reason"] = HOSTILE
    record["notes"] = [HOSTILE]
    record["beads"][0]["details"] = {"reason": HOSTILE}
    return [record, hand_result("plain", ["A."], ["A fr."], [([0], [0], 0.2, ["low_fidelity"])])]


@pytest.fixture()
def server(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> Iterator[ReviewServer]:
    results = write_jsonl(tmp_path / "<b onmouseover=x>results&.jsonl", hostile_results())
    app = ReviewApp(results, DecisionStore(tmp_path / "review.sqlite"), HOSTILE)
    srv = ReviewServer(app)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()
    assert "Traceback" not in capfd.readouterr().err


def call(srv: ReviewServer, method: str, path: str, body: bytes | None = None,
         headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=10)
    sent = {"Content-Type": "application/json", "X-Review-Token": srv.token}
    sent.update(headers or {})
    conn.request(method, path, body=body, headers=sent)
    response = conn.getresponse()
    raw = response.read()
    conn.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, raw


def raw_exchange(srv: ReviewServer, data: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", srv.port), timeout=10) as sock:
        sock.sendall(data)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def assert_safe_error(status: int, headers: dict[str, str], raw: bytes) -> None:
    assert 400 <= status < 500, (status, raw[:200])
    assert headers["content-type"].startswith("application/json")
    assert "default-src 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert "error" in json.loads(raw) and b"Traceback" not in raw


def strings_in(value: Any) -> set[str]:
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return set().union(*(strings_in(item) for item in value)) if value else set()
    return set()


def stored_decisions(srv: ReviewServer) -> dict:
    return srv.app.store.all()


def test_binds_loopback_unless_told(server: ReviewServer) -> None:
    assert server.server_address[0] == "127.0.0.1"
    host_option = next(p for p in review.params if p.name == "host")
    assert host_option.default == "127.0.0.1"


DECISION = json.dumps({"pos": 0, "bead": 0, "decision": "confirmed"}).encode()


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://evil.example"},
        {"Origin": "null"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"X-Review-Token": ""},
        {"X-Review-Token": "guess"},
        {"Content-Type": "text/plain"},  # what a cross-site form can send without preflight
        {"Content-Type": "application/x-www-form-urlencoded"},
    ],
    ids=lambda h: "-".join(f"{k}={v}" for k, v in h.items()),
)
def test_cross_site_or_tokenless_writes_are_refused(server: ReviewServer, headers: dict) -> None:
    status, got, raw = call(server, "POST", "/api/decision", DECISION, headers)
    assert_safe_error(status, got, raw)
    assert stored_decisions(server) == {}


def test_same_origin_write_with_token_is_saved(server: ReviewServer) -> None:
    origin = {"Origin": f"http://127.0.0.1:{server.port}", "Sec-Fetch-Site": "same-origin"}
    status, _, raw = call(server, "POST", "/api/decision", DECISION, origin)
    assert status == 200, raw
    assert len(stored_decisions(server)) == 1


@pytest.mark.parametrize("path", [
    "/static/../server.py", "/static/..%2fserver.py", "/static/%2e%2e/store.py",
    "/static/../../../../etc/passwd", "/static/app.js%00.css", "/static/.hidden.js",
    "/static/", "/static/app.py", "/../../etc/passwd", "//etc/passwd", "/api/record/../../x",
    "/api/record/-1", "/api/record/99", "/api/record/1e9", "/api/nothing", "/index.html",
    "/api/queue?flag=<script>", "/api/queue?limit=-5", "/api/queue?offset=inf",
])
def test_traversal_and_unknown_routes_are_4xx(server: ReviewServer, path: str) -> None:
    status, headers, raw = call(server, "GET", path)
    assert_safe_error(status, headers, raw)
    assert b"import " not in raw and b"root:" not in raw


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "BREW"])
def test_other_methods_are_405(server: ReviewServer, method: str) -> None:
    status, headers, raw = call(server, method, "/api/decision", DECISION)
    assert status == 405
    assert_safe_error(status, headers, raw)
    assert "GET" in headers["allow"]


def test_head_is_a_get_without_body(server: ReviewServer) -> None:
    status, headers, raw = call(server, "HEAD", "/")
    assert status == 200 and raw == b"" and int(headers["content-length"]) > 0


@pytest.mark.parametrize("body", [
    b"{not json", b"\xff\xfe\x00{}", b"[]", b'"text"', b"null", b'{"pos": Infinity, "bead": 0}',
    b'{"pos": NaN, "bead": 0}', b'{"pos": 1e400, "bead": 0}', b'{"pos": "0", "bead": [0]}',
    b'{"pos": true, "bead": 0, "decision": "confirmed"}', b'{"pos": 0, "bead": 0}',
    b'{"pos": 0, "bead": 0, "decision": 5}', b'{"pos": 0, "bead": 0, "decision": {"a": 1}}',
    b'{"pos": 0, "bead": 0, "note": 7}', b'{"pos": 0, "bead": 0, "decision": "merge_prev"}',
    b'{"pos": 0, "bead": 0, "note": "' + b"x" * 20_000 + b'"}', b'{"pos": 0, "bead": 9}',
    b"[" * 10_000 + b"]" * 10_000,
], ids=lambda body: body[:30].decode("latin-1"))
def test_malformed_bodies_are_4xx(server: ReviewServer, body: bytes) -> None:
    status, headers, raw = call(server, "POST", "/api/decision", body)
    assert_safe_error(status, headers, raw)
    assert stored_decisions(server) == {}


def test_oversized_body_is_413_without_reading_it(server: ReviewServer) -> None:
    status, headers, raw = call(server, "POST", "/api/decision", b"{}",
                                {"Content-Length": str(100 * MAX_BODY_BYTES)})
    assert status == 413
    assert_safe_error(status, headers, raw)


@pytest.mark.parametrize("length", ["-1", "abc", "0", "1" * 40])
def test_bad_content_lengths_are_4xx(server: ReviewServer, length: str) -> None:
    status, headers, raw = call(server, "POST", "/api/decision", b"{}", {"Content-Length": length})
    assert_safe_error(status, headers, raw)


@pytest.mark.parametrize("request_bytes", [
    b"GARBAGE\r\n\r\n",
    b"GET / HTTP/9.9\r\n\r\n",
    b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Long: " + b"b" * 70_000 + b"\r\n\r\n",
    b"GET / HTTP/1.1\r\n" + b"".join(b"H%d: v\r\n" % i for i in range(200)) + b"\r\n",
])
def test_malformed_requests_get_a_4xx_answer(server: ReviewServer, request_bytes: bytes) -> None:
    answer = raw_exchange(server, request_bytes)
    status = int(answer.split(b" ", 2)[1])
    assert 400 <= status < 500, answer[:200]
    assert b"Traceback" not in answer
    head, _, body = answer.partition(b"\r\n\r\n")
    assert b"Content-Security-Policy" in head and b"X-Content-Type-Options: nosniff" in head
    assert "error" in json.loads(body)
    assert call(server, "GET", "/api/queue")[0] == 200  # still serving


def test_every_response_carries_the_security_headers(server: ReviewServer) -> None:
    for method, path in [("GET", "/"), ("GET", "/static/app.js"), ("GET", "/static/app.css"),
                         ("GET", "/api/queue"), ("GET", "/api/record/0"), ("GET", "/nope"),
                         ("GET", "/favicon.ico")]:
        _, headers, _ = call(server, method, path)
        assert "frame-ancestors 'none'" in headers["content-security-policy"], path
        assert headers["x-content-type-options"] == "nosniff", path


def test_user_text_is_escaped_in_the_page_and_data_in_the_api(server: ReviewServer) -> None:
    _, headers, page = call(server, "GET", "/")
    text = page.decode()
    assert "<b onmouseover" not in text and "&lt;b onmouseover=x&gt;results&amp;" in text
    assert "<script>alert" not in text
    for path in ("/api/queue", "/api/record/0"):
        _, headers, raw = call(server, "GET", path)
        assert headers["content-type"].startswith("application/json")  # data, never markup
        assert HOSTILE in strings_in(json.loads(raw))  # intact as data, shown with textContent


def test_the_page_script_never_parses_text_as_html() -> None:
    script = (REPO / "aligner" / "review" / "static" / "app.js").read_text(encoding="utf-8")
    sinks = re.findall(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|"
                       r"new Function|setAttribute\(\s*['\"]on", script)
    assert sinks == []
