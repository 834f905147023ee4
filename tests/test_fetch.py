"""`fetch` against a local replay of the API v2 (stdlib server on 127.0.0.1, port 0, in a thread):
pages followed by nextPageToken, a 429 and a 500 retried, tight timeouts, atomic output. Nothing
here reaches the network."""
import json
import os
import subprocess
import sys
import threading
import time
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from summarizer.fetch import IDS_PER_REQUEST, FetchError, Politeness, Query, _retry_after, fetch
from summarizer.readers import read_paths

RECORDS = Path(__file__).parent / "fixtures" / "records"
STUDIES = [json.loads(p.read_text()) for p in sorted(RECORDS.glob("NCT*.json"))]
FAST = Politeness(min_interval=0.0, timeout=2.0, attempts=3, backoff=0.01, max_wait=0.05)


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch):
    """The replay server is on this machine: a proxy from the environment must not be asked."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")


class Replay:
    """Serves the committed v2 records page by page; ``script`` says what the n-th request gets instead."""

    def __init__(self, script: dict[int, tuple[int, dict[str, str]]] | None = None, delay: float = 0.0):
        self.script, self.delay = script or {}, delay
        self.requests: list[dict[str, list[str]]] = []
        replay = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - the stdlib's name
                query = parse_qs(urlsplit(self.path).query)
                replay.requests.append(query)
                number = len(replay.requests)
                if replay.delay:
                    time.sleep(replay.delay)
                if number in replay.script:
                    status, headers = replay.script[number]
                    self.send_response(status)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(b'{"message": "scripted failure"}')
                    return
                studies = STUDIES
                if "filter.ids" in query:  # as the registry: case does not matter
                    wanted = query["filter.ids"][0].upper().split(",")
                    studies = [s for s in STUDIES if s["protocolSection"]["identificationModule"]["nctId"] in wanted]
                size = int(query.get("pageSize", ["10"])[0])
                start = int(query.get("pageToken", ["0"])[0])
                page = {"studies": studies[start:start + size]}
                if start + size < len(studies):
                    page["nextPageToken"] = str(start + size)
                body = json.dumps(page).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/api/v2/studies"

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def test_pages_are_followed_and_a_429_and_a_500_are_retried(tmp_path):
    waits: list[float] = []
    out = tmp_path / "studies.jsonl"
    with Replay({2: (429, {"Retry-After": "0"}), 4: (500, {})}) as server:
        result = fetch(out, Query(condition="asthma", statuses=("recruiting",), updated_since=date(2024, 1, 31)),
                       base_url=server.url, page_size=4, politeness=FAST, sleep=waits.append)
    assert (result.studies, result.pages) == (len(STUDIES), 3)
    assert result.retries == ["HTTP 429", "HTTP 500"]
    assert 0.0 in waits and 0.01 in waits  # Retry-After: 0, then the first backoff step
    tokens = [q.get("pageToken", [None])[0] for q in server.requests]
    assert tokens == [None, "4", "4", "8", "8"]
    first = server.requests[0]
    assert first["query.cond"] == ["asthma"] and first["filter.overallStatus"] == ["RECRUITING"]
    assert first["filter.advanced"] == ["AREA[LastUpdatePostDate]RANGE[2024-01-31,MAX]"]
    assert first["pageSize"] == ["4"] and first["format"] == ["json"]
    lines = out.read_text().splitlines()
    assert [json.loads(line)["protocolSection"]["identificationModule"]["nctId"] for line in lines] == [
        s["protocolSection"]["identificationModule"]["nctId"] for s in STUDIES]
    assert [r.payload for r in read_paths([out])] == STUDIES  # what build reads
    assert list(tmp_path.iterdir()) == [out]


def test_ids_and_a_limit(tmp_path):
    wanted = ("NCT04207047", "NCT00973089", "NCT05594173")
    with Replay() as server:
        result = fetch(tmp_path / "s.jsonl", Query(ids=wanted), base_url=server.url, page_size=1, limit=2,
                       politeness=FAST, sleep=lambda _s: None)
    assert (result.studies, result.pages) == (2, 2)
    assert server.requests[0]["filter.ids"] == [",".join(wanted)]


def nct_ids(path: Path) -> list[str]:
    lines = path.read_text().splitlines()
    return [json.loads(line)["protocolSection"]["identificationModule"]["nctId"] for line in lines]


def test_many_ids_are_asked_in_batches_each_once_in_order(tmp_path):
    ids = [s["protocolSection"]["identificationModule"]["nctId"] for s in STUDIES]
    wanted = (ids[5], ids[0], ids[7], ids[0], ids[2], ids[7].lower(), ids[1], ids[3])  # twice, once in lower case
    with Replay() as server:
        result = fetch(tmp_path / "s.jsonl", Query(ids=wanted), base_url=server.url, page_size=2,
                       politeness=FAST, sleep=lambda _s: None, ids_per_request=3)
    batches = [q["filter.ids"][0].split(",") for q in server.requests]
    assert batches == [[ids[5], ids[0], ids[7]], [ids[5], ids[0], ids[7]], [ids[2], ids[7].lower(), ids[1]],
                       [ids[2], ids[7].lower(), ids[1]], [ids[3]]]  # two pages of two for the first two batches
    by_file = sorted(ids)  # the replay answers in its own order (file order), batch by batch
    expected = [*sorted([ids[5], ids[0], ids[7]], key=by_file.index), *sorted([ids[2], ids[1]], key=by_file.index),
                ids[3]]  # ids[7] in lower case: the registry's study again, not written twice
    assert nct_ids(tmp_path / "s.jsonl") == expected and (result.studies, result.pages) == (6, 5)
    with Replay() as server:
        limited = fetch(tmp_path / "l.jsonl", Query(ids=wanted), base_url=server.url, page_size=2, limit=4,
                        politeness=FAST, sleep=lambda _s: None, ids_per_request=3)
    assert nct_ids(tmp_path / "l.jsonl") == expected[:4] and limited.studies == 4 and len(server.requests) == 3


def test_thousands_of_ids_make_short_urls_and_short_messages(tmp_path):
    wanted = tuple(f"NCT9{n:07d}" for n in range(6000))
    with Replay() as server:
        result = fetch(tmp_path / "s.jsonl", Query(ids=wanted), base_url=server.url, politeness=FAST,
                       sleep=lambda _s: None)
    assert len(server.requests) == 6000 // IDS_PER_REQUEST and result.studies == 0
    assert [i for q in server.requests for i in q["filter.ids"][0].split(",")] == list(wanted)
    assert max(len(urlencode({k: v[0] for k, v in q.items()})) for q in server.requests) < 4000
    with Replay({1: (414, {})}) as server:
        with pytest.raises(FetchError, match="HTTP 414") as refused:
            fetch(tmp_path / "s.jsonl", Query(ids=wanted), base_url=server.url, politeness=FAST,
                  sleep=lambda _s: None, ids_per_request=6000)
    shown, _reason = str(refused.value).split(": HTTP 414", 1)  # the replay server itself refused the long URL
    assert shown.endswith("?format=json&pageSize=1000 (filter.ids NCT90000000,NCT90000001,NCT90000002,... 6000 IDs)")
    assert len(shown) < 200


def test_requests_keep_their_distance(tmp_path):
    waits: list[float] = []
    with Replay() as server:
        fetch(tmp_path / "s.jsonl", Query(term="x"), base_url=server.url, page_size=3,
              politeness=Politeness(min_interval=1.5, timeout=2.0), sleep=waits.append, clock=lambda: 100.0)
    assert waits == [0.0, 1.5, 1.5]  # the clock stands still: every request after the first waits the interval


def test_a_server_that_keeps_failing_ends_the_fetch_and_writes_nothing(tmp_path):
    out = tmp_path / "s.jsonl"
    out.write_text("the last good fetch\n")
    with Replay({n: (503, {"Retry-After": "3600"}) for n in range(2, 10)}) as server:
        with pytest.raises(FetchError, match="HTTP 503, still after 3 attempts"):
            fetch(out, Query(term="x"), base_url=server.url, page_size=4, politeness=FAST, sleep=lambda _s: None)
    assert out.read_text() == "the last good fetch\n" and list(tmp_path.iterdir()) == [out]


def test_a_slow_server_times_out_and_never_hangs(tmp_path):
    started = time.monotonic()
    with Replay(delay=1.0) as server:
        with pytest.raises(FetchError, match="timed out"):
            fetch(tmp_path / "s.jsonl", Query(term="x"), base_url=server.url, sleep=lambda _s: None,
                  politeness=Politeness(min_interval=0.0, timeout=0.2, attempts=2, backoff=0.0))
    assert time.monotonic() - started < 5


def test_a_refused_query_is_not_retried(tmp_path):
    with Replay({1: (400, {})}) as server:
        with pytest.raises(FetchError, match="HTTP 400"):
            fetch(tmp_path / "s.jsonl", Query(term="x"), base_url=server.url, politeness=FAST, sleep=lambda _s: None)
        assert len(server.requests) == 1


def test_retry_after_as_seconds_or_date():
    assert _retry_after("7") == 7.0 and _retry_after(None) is None and _retry_after("soon") is None
    assert _retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past


def test_the_fetch_command(tmp_path):
    env = {**os.environ, "NO_PROXY": "127.0.0.1"}
    with Replay({1: (429, {"Retry-After": "0"})}) as server:
        done = subprocess.run([sys.executable, "-m", "summarizer.cli", "fetch", "--cond", "asthma", "-o",
                               str(tmp_path / "a.jsonl"), "--base-url", server.url, "--page-size", "5",
                               "--min-interval", "0"], capture_output=True, text=True, timeout=60, env=env)
    assert done.returncode == 0, done.stderr
    assert f"{len(STUDIES)} studies from 2 pages" in done.stderr and "1 retries" in done.stderr
    nothing = subprocess.run([sys.executable, "-m", "summarizer.cli", "fetch", "-o", str(tmp_path / "b.jsonl")],
                             capture_output=True, text=True, timeout=60, env=env)
    assert nothing.returncode == 2 and "say what to fetch" in nothing.stderr
