"""The openai drafter against a scripted chat-completions stub on 127.0.0.1: good drafts kept, bad
ones fall back with the failed check, 429s retried, timeouts bounded, a dead server never hangs."""
from __future__ import annotations

import json
import os
import threading
import time
from collections import defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from summarizer.cli import main
from summarizer.config import OpenAISettings
from summarizer.drafting.openai_drafter import OpenAIDrafter, OpenAIOptions
from summarizer.errors import ConfigError, UsageError
from summarizer.drafting.phrases import PhraseBank
from summarizer.drafting.rules import RulesDrafter
from summarizer.extract import extract
from summarizer.readers import read_paths

RECORD = "NCT04027062.json"  # a diabetes-education trial run by King Khalid University, no sites listed
GOOD = {
    "summary": ("This study tests the Diabetes Continuing Education Intervention. It is a course for family doctors. "
                "The study plans to include 65 people. It checks what the doctors know and do after 4 months."),
    "who_runs": "King Khalid University runs this study.",
}
BAD = {
    "what_it_could_mean": ("If the course works, it could help 3,000 doctors.", "faithfulness.number"),
    "what_could_go_wrong": ("Dr. Alan Grant says the risks are small.", "faithfulness.person"),
    "who_can_join": ("The educational program considerably emphasizes the comparative effectiveness of continuing "
                     "education for physicians, additionally evaluating institutional communication, professional "
                     "responsibilities, and organizational accountability throughout participating communities.",
                     "readability.grade"),
    "what_happens": ("Doctors go to classes. This page is not medical advice, so talk to your doctor.", "model.disclaimer"),
}
TIMEOUT = 0.3


class StubServer:
    """Answers by section (found through its title in the prompt) from a script of actions:
    a text to answer, an HTTP status to return, or ("sleep", seconds) to outlast the client."""

    def __init__(self, script: dict[str, list]):
        self.script = {section: list(actions) for section, actions in script.items()}
        self.titles = PhraseBank.load().sections
        self.requests: dict[str, int] = defaultdict(int)
        self.authorization: set[str | None] = set()
        self.in_flight = self.most_in_flight = 0
        self.lock = threading.Lock()
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - the http.server API
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                section = stub.section_of(body["messages"][-1]["content"])
                with stub.lock:
                    stub.requests[section] += 1
                    stub.authorization.add(self.headers.get("Authorization"))
                    stub.in_flight += 1
                    stub.most_in_flight = max(stub.most_in_flight, stub.in_flight)
                    actions = stub.script.get(section) or ["This study is for doctors."]
                    action = actions.pop(0) if len(actions) > 1 else actions[0]
                if isinstance(action, tuple):
                    time.sleep(action[1])
                    action = "This study is for doctors."
                with stub.lock:
                    stub.in_flight -= 1
                try:
                    if isinstance(action, int):
                        self.send_response(action)
                        self.send_header("Retry-After", "0")
                        self.end_headers()
                        return
                    payload = json.dumps({"choices": [{"message": {"role": "assistant", "content": action}}]}).encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up first, as it should

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def section_of(self, prompt: str) -> str:
        return next(sid for sid, title in self.titles.items() if f'"{title}"' in prompt)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def __enter__(self) -> StubServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


def options(url: str, **changes) -> OpenAIOptions:
    return OpenAIOptions(**{"base_url": url, "timeout": TIMEOUT, "retries": 1, "backoff": 0.01, "concurrency": 4, **changes})


@pytest.fixture(scope="module")
def rules():
    return RulesDrafter()


@pytest.fixture
def trial(fixtures_dir):
    return next(extract(raw) for raw in read_paths([fixtures_dir / "records" / RECORD]))


SCRIPT = {
    "summary": [GOOD["summary"]],
    **{section: [text] for section, (text, _check) in BAD.items()},
    "where": [("sleep", 3 * TIMEOUT)],
    "who_runs": [429, GOOD["who_runs"]],
}


def test_good_drafts_are_kept_bad_ones_fall_back_and_the_run_stays_bounded(trial, rules, tmp_path):
    with StubServer(SCRIPT) as stub:
        drafter = OpenAIDrafter(model="stub", openai=options(stub.url), rules=rules, log_path=tmp_path / "log.db")
        started = time.monotonic()
        sections = {s.id: s for s in drafter.draft(trial).sections}
        elapsed = time.monotonic() - started
    for section_id, text in GOOD.items():
        assert (sections[section_id].text, sections[section_id].drafter) == (text, "openai")
        assert sections[section_id].model == f"openai:stub@{stub.url}"
    for section_id, (_text, check) in BAD.items():
        assert sections[section_id].drafter == "rules"
        assert any(r.startswith(check + ":") for r in sections[section_id].fallback_reasons), section_id
    assert sections["where"].variant == "fallback:model.failed"
    assert "timed out" in sections["where"].fallback_reasons[0]
    assert stub.requests["who_runs"] == 2  # a 429, then the answer
    assert stub.requests["where"] == 2  # one retry, then give up
    assert elapsed < 2 * (TIMEOUT + 0.2) + 1.5


def test_a_dead_server_costs_little_and_every_section_falls_back(trial, rules, tmp_path):
    with StubServer({}) as stub:
        url = stub.url
    drafter = OpenAIDrafter(model="stub", openai=options(url, give_up_after=2), rules=rules, log_path=tmp_path / "log.db")
    started = time.monotonic()
    sections = drafter.draft(trial).sections
    assert time.monotonic() - started < 5
    assert {s.variant for s in sections if s.id in drafter.templates} == {"fallback:model.failed"}


def test_requests_run_concurrently_within_the_bound(trial, rules, tmp_path):
    with StubServer({section: [("sleep", 0.05)] for section in SCRIPT}) as stub:
        drafter = OpenAIDrafter(model="stub", openai=options(stub.url, concurrency=2), rules=rules,
                                log_path=tmp_path / "log.db")
        drafter.draft(trial)
    assert stub.most_in_flight == 2


def test_a_rebuild_is_served_from_the_log_without_a_request(fixtures_dir, tmp_path, monkeypatch):
    records = fixtures_dir / "records"
    with StubServer({k: v for k, v in SCRIPT.items() if k != "where"}) as stub:
        monkeypatch.setenv("SUMMARIZER_OPENAI_BASE_URL", stub.url)
        monkeypatch.setenv("SUMMARIZER_OPENAI_TIMEOUT", str(TIMEOUT))
        monkeypatch.setenv("SUMMARIZER_OPENAI_RETRIES", "1")
        monkeypatch.setenv("SUMMARIZER_OPENAI_BACKOFF", "0.01")
        monkeypatch.setenv("SUMMARIZER_MODEL_LOG", str(tmp_path / "log.db"))
        argv = ["build", str(records / RECORD), str(records / "NCT00460005.xml"), "--drafter", "openai", "--model", "stub", "-q"]
        for run in ("first", "second"):
            with pytest.raises(SystemExit):
                main(argv + ["--out", str(tmp_path / run)])
            if run == "first":
                asked = sum(stub.requests.values())
        assert asked >= 2 * len(SCRIPT)
        assert sum(stub.requests.values()) == asked
    page = json.loads((tmp_path / "second" / "trials" / "NCT04027062.json").read_text())
    sections = {s["id"]: s for s in page["sections"]}
    assert sections["summary"]["drafter"] == "openai" and sections["summary"]["prompt_version"] == "summary@2"
    report = json.loads((tmp_path / "second" / "build-report.json").read_text())
    fallbacks = next(r["fallbacks"] for r in report["records"] if r["id"] == "NCT04027062")
    assert fallbacks["what_it_could_mean"] == "faithfulness.number" and "summary" not in fallbacks


@pytest.fixture
def clean_env(monkeypatch):
    """No openai variables from the machine running the tests."""
    for name in list(os.environ):
        if name.startswith("SUMMARIZER_OPENAI_") or name in ("OPENAI_BASE_URL", "OPENAI_API_KEY"):
            monkeypatch.delenv(name)
    return monkeypatch


def test_options_come_from_the_config_block_with_the_environment_over_it(clean_env):
    block = OpenAISettings(base_url="http://config.test:8000/v1", timeout=5, retries=2)
    clean_env.setenv("OPENAI_BASE_URL", "http://generic.test/v1")
    merged = OpenAIOptions.from_env(block)
    assert (merged.base_url, merged.timeout, merged.retries, merged.concurrency) == ("http://config.test:8000/v1", 5, 2, 4)
    clean_env.setenv("SUMMARIZER_OPENAI_BASE_URL", "http://machine.test/v1")
    clean_env.setenv("SUMMARIZER_OPENAI_TIMEOUT", "7")
    merged = OpenAIOptions.from_env(block)
    assert (merged.base_url, merged.timeout, merged.retries) == ("http://machine.test/v1", 7, 2)
    clean_env.delenv("SUMMARIZER_OPENAI_BASE_URL")
    # OPENAI_BASE_URL is set for other tools too: it serves only when nothing else names a server.
    assert OpenAIOptions.from_env(OpenAISettings()).base_url == "http://generic.test/v1"


def test_option_problems_say_where_to_set_the_server_all_at_once(clean_env):
    clean_env.setenv("SUMMARIZER_OPENAI_RETRIES", "many")
    with pytest.raises(ConfigError) as caught:
        OpenAIOptions.from_env(OpenAISettings())
    assert caught.value.problems == [
        "base_url: Field required: set openai.base_url in the config, or SUMMARIZER_OPENAI_BASE_URL or OPENAI_BASE_URL",
        "retries: Input should be a valid integer, unable to parse string as an integer",
    ]


def test_the_model_comes_from_the_block_unless_one_is_given(clean_env, rules, tmp_path):
    block = OpenAISettings(base_url="http://127.0.0.1:9/v1", model="served")
    assert OpenAIDrafter(openai=block, rules=rules, log_path=tmp_path / "log.db").model_name == "served"
    assert OpenAIDrafter(model="flag", openai=block, rules=rules, log_path=tmp_path / "log.db").model_name == "flag"
    with pytest.raises(UsageError, match="openai.model"):
        OpenAIDrafter(openai=OpenAISettings(base_url="http://127.0.0.1:9/v1"), rules=rules, log_path=tmp_path / "log.db")


def test_a_build_takes_its_server_model_and_key_variable_from_the_config_file(fixtures_dir, tmp_path, clean_env):
    with StubServer({k: v for k, v in SCRIPT.items() if k != "where"}) as stub:
        config = tmp_path / "summarizer.yaml"
        config.write_text(f"drafter: openai\nopenai:\n  base_url: {stub.url}\n  model: stub\n  timeout: {TIMEOUT}\n"
                          "  retries: 1\n  backoff: 0.01\n  api_key_env: STUB_KEY\n")
        clean_env.setenv("STUB_KEY", "key-from-the-environment")
        clean_env.setenv("SUMMARIZER_MODEL_LOG", str(tmp_path / "log.db"))
        with pytest.raises(SystemExit):
            main(["build", str(fixtures_dir / "records" / RECORD), "--config", str(config), "--out", str(tmp_path / "site"), "-q"])
    assert stub.authorization == {"Bearer key-from-the-environment"}
    page = json.loads((tmp_path / "site" / "trials" / "NCT04027062.json").read_text())
    summary = next(s for s in page["sections"] if s["id"] == "summary")
    assert (summary["drafter"], summary["model"]) == ("openai", f"openai:stub@{stub.url}")
