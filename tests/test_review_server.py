"""The review server's HTTP API: severity order, filters, and refusal of cross-origin writes."""

from __future__ import annotations

import http.client
import json
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from aligner.review.app import ReviewApp
from aligner.review.server import ReviewServer
from aligner.review.store import DecisionStore
from tests.review_data import hand_result, write_jsonl

REPO = Path(__file__).resolve().parent.parent


def corpus() -> list[dict[str, Any]]:
    return [
        hand_result(
            "soft",
            ["A.", "B."],
            ["A fr.", "B fr."],
            [([0], [0], 0.10, ["low_fidelity"]), ([1], [1], 0.30, ["low_fidelity"])],
            journal="J1",
        ),
        hand_result(
            "hard",
            ["C.", "D."],
            ["C fr.", "X fr.", "D fr."],
            [
                ([0], [0], 0.8, ["number_mismatch"]),
                ([], [1], None, ["addition"]),
                ([1], [2], 0.6, ["number_mismatch"]),
            ],
            journal="J2",
            title="<img src=x onerror=alert(1)>",
        ),
        hand_result("none", ["E."], ["E fr."], [([0], [0], 0.9, [])]),
    ]


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[ReviewServer]:
    results = write_jsonl(tmp_path / "out.jsonl", corpus())
    app = ReviewApp(results, DecisionStore(tmp_path / "review.sqlite"), "tester")
    srv = ReviewServer(app, "127.0.0.1", 0)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


def request(
    srv: ReviewServer, method: str, path: str, body: Any = None, headers: dict | None = None
) -> tuple[int, dict[str, str], Any]:
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=10)
    data = None if body is None else json.dumps(body).encode()
    sent = {"Content-Type": "application/json", "X-Review-Token": srv.token}
    sent.update(headers or {})
    conn.request(method, path, body=data, headers=sent)
    response = conn.getresponse()
    raw = response.read()
    conn.close()
    kind = response.getheader("Content-Type", "")
    payload = json.loads(raw) if kind.startswith("application/json") else raw.decode()
    return response.status, dict(response.getheaders()), payload


def test_queue_is_most_severe_first(server: ReviewServer) -> None:
    status, _, data = request(server, "GET", "/api/queue")
    assert status == 200
    order = [(item["id"], item["bead"]) for item in data["items"]]
    # addition first, then number mismatches (lower score first), then low fidelity.
    assert order == [("hard", 1), ("hard", 2), ("hard", 0), ("soft", 0), ("soft", 1)]
    assert data["progress"] == {"reviewed": 0, "total": 5}
    assert data["journals"] == ["(none)", "J1", "J2"]


def test_filters_by_flag_status_and_journal(server: ReviewServer) -> None:
    _, _, by_flag = request(server, "GET", "/api/queue?flag=low_fidelity")
    assert {item["id"] for item in by_flag["items"]} == {"soft"}
    _, _, by_journal = request(server, "GET", "/api/queue?journal=J2")
    assert by_journal["matching"] == 3
    request(server, "POST", "/api/decision", {"pos": 1, "bead": 1, "decision": "confirmed"})
    _, _, undecided = request(server, "GET", "/api/queue?status=undecided")
    assert undecided["matching"] == 4 and undecided["progress"]["reviewed"] == 1
    _, _, confirmed = request(server, "GET", "/api/queue?status=confirmed")
    assert [(i["id"], i["bead"]) for i in confirmed["items"]] == [("hard", 1)]
    status, _, error = request(server, "GET", "/api/queue?flag=nonsense")
    assert status == 400 and "unknown flag" in error["error"]


def test_write_with_token_and_json_is_saved(server: ReviewServer) -> None:
    status, _, data = request(
        server, "POST", "/api/decision", {"pos": 0, "bead": 0, "decision": "dismissed"}
    )
    assert status == 200 and data["review"]["decision"] == "dismissed"
    assert data["progress"] == {"reviewed": 1, "total": 5}


@pytest.mark.parametrize(
    "headers, expected",
    [
        ({"X-Review-Token": ""}, 403),
        ({"X-Review-Token": "guessed"}, 403),
        ({"Origin": "http://evil.example"}, 403),
        ({"Content-Type": "text/plain"}, 415),
        ({"Content-Type": "application/x-www-form-urlencoded"}, 415),
        ({"Host": "evil.example:80"}, 403),
    ],
)
def test_cross_origin_or_tokenless_writes_are_refused(
    server: ReviewServer, headers: dict[str, str], expected: int
) -> None:
    body = {"pos": 0, "bead": 0, "decision": "confirmed"}
    status, _, data = request(server, "POST", "/api/decision", body, headers)
    assert status == expected, data
    assert server.app.store.all() == {}


def test_same_origin_write_is_accepted(server: ReviewServer) -> None:
    origin = {"Origin": f"http://127.0.0.1:{server.port}"}
    status, _, _ = request(
        server, "POST", "/api/decision", {"pos": 0, "bead": 0, "note": "ok"}, origin
    )
    assert status == 200


def test_rebinding_host_cannot_read(server: ReviewServer) -> None:
    status, _, _ = request(server, "GET", "/api/queue", headers={"Host": "attacker.example"})
    assert status == 403


def test_page_carries_token_and_strict_policy(server: ReviewServer) -> None:
    status, headers, page = request(server, "GET", "/")
    assert status == 200
    assert server.token in page
    policy = headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert not re.search(r"(src|href)=\"https?://", page), "no external assets"
    status, _, _ = request(server, "GET", "/static/../store.py")
    assert status == 404


def test_record_text_is_returned_as_data(server: ReviewServer) -> None:
    _, _, record = request(server, "GET", "/api/record/1")
    assert record["meta"]["title"] == "<img src=x onerror=alert(1)>"
    assert record["beads"][1]["flags"] == ["addition"]
    js = (REPO / "aligner/review/static/app.js").read_text(encoding="utf-8")
    assert "innerHTML" not in js and "insertAdjacentHTML" not in js and "eval(" not in js


def test_review_command_binds_loopback_and_prints_url(tmp_path: Path) -> None:
    results = write_jsonl(tmp_path / "out.jsonl", corpus())
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "aligner",
            "review",
            str(results),
            "--port",
            "0",
            "--no-browser",
            "--reviewer",
            "cli",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        first = proc.stdout.readline() + proc.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:(\d+)/", first)
        assert url, first
        conn = http.client.HTTPConnection("127.0.0.1", int(url.group(1)), timeout=10)
        conn.request("GET", "/api/queue")
        data = json.loads(conn.getresponse().read())
        assert data["reviewer"] == "cli" and data["progress"]["total"] == 5
        assert (tmp_path / "review.sqlite").is_file(), "default database beside the results"
    finally:
        proc.terminate()
        proc.wait(timeout=20)
