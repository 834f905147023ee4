"""The preview without a browser: the diagnostics layer, serving only the built folder, events, failed rebuilds, the CLI."""
import http.client
import json
import os
import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from summarizer.config import Settings, load_settings
from summarizer.diagnostics import Diagnostics
from summarizer.pipeline import build
from summarizer.preview import EVENTS_PATH, PreviewServer, safe_path, watched_paths
from summarizer.watch import snapshot

PAGE = "trials/NCT03630471.html"


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")


@pytest.fixture
def server(preview_workspace):
    """A preview of the workspace, serving on a free loopback port; its watcher is not started."""
    preview = PreviewServer([preview_workspace / "inputs"], preview_workspace,
                            lambda: load_settings(folder=preview_workspace), port=0)
    preview.start()
    preview.watcher.stop()  # these tests rebuild by hand, to be deterministic
    yield preview
    preview.close()


def fetch(url: str, headers: dict | None = None) -> tuple[int, str, str]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.headers["Content-Type"], response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read().decode()


# --------------------------------------------------------------------------- diagnostics


def test_index_entries_for_review_put_failing_then_hardest_first():
    entries = [{"id": "A", "grade": 9.0, "errors": 0}, {"id": "B", "grade": 5.0, "errors": 1},
               {"id": "C", "grade": None, "errors": 0}, {"id": "D", "grade": 7.0, "errors": 2}]
    assert [e["id"] for e in Diagnostics.worst_first(entries)] == ["D", "B", "A", "C"]


def test_only_preview_builds_carry_the_diagnostics_layer(preview_workspace, tmp_path):
    inputs = [preview_workspace / "inputs"]
    build(inputs, tmp_path / "published", Settings(), preview_workspace)
    build(inputs, tmp_path / "preview", Settings(), preview_workspace, preview=True)
    published = (tmp_path / "published" / PAGE).read_text()
    preview = (tmp_path / "preview" / PAGE).read_text()
    assert "diag" not in published and "preview" not in (tmp_path / "published" / "index.html").read_text().lower()
    assert 'id="diag-page"' in preview and 'class="diag-source"' in preview and "toggle-source" in preview
    assert 'class="review"' in (tmp_path / "preview" / "index.html").read_text()
    # The source panel shows where each value came from in the record.
    assert "protocolSection.designModule.enrollmentInfo" in preview
    assert (tmp_path / "published" / "trials" / "NCT03630471.json").read_text() == \
        (tmp_path / "preview" / "trials" / "NCT03630471.json").read_text()


# --------------------------------------------------------------------------- serving


def test_safe_path_stays_inside_the_built_folder(tmp_path):
    root = tmp_path / "site"
    (root / "trials").mkdir(parents=True)
    (root / "index.html").write_text("index")
    (root / "trials" / "A.html").write_text("a")
    (root / ".hidden").write_text("secret")
    (tmp_path / "secret.txt").write_text("secret")
    (root / "link.txt").symlink_to(tmp_path / "secret.txt")
    assert safe_path(root, "/") == (root / "index.html").resolve()
    assert safe_path(root, "/trials/A.html") == (root / "trials" / "A.html").resolve()
    for path in ("/../secret.txt", "/%2e%2e/secret.txt", "/trials/..%2f..%2fsecret.txt", "/.hidden", "/link.txt",
                 "/trials/", "/missing.html", "/trials%5c..%5c..%5csecret.txt", "/%00"):
        assert safe_path(root, path) is None, path


def test_server_serves_the_build_with_the_reload_script_and_nothing_else(server):
    status, kind, index = fetch(server.url)
    assert status == 200 and kind == "text/html; charset=utf-8"
    assert 'href="trials/NCT03630471.html"' in index and '<script data-build="1">' in index
    status, kind, body = fetch(server.url + "trials/NCT03630471.json")
    assert status == 200 and kind == "application/json; charset=utf-8" and "data-build" not in body
    assert json.loads(body)["id"] == "NCT03630471"
    assert fetch(server.url + "trials/NCT99999999.html")[0] == 404
    assert fetch(server.url + "x", headers={"Host": "attacker.example:80"})[0] == 403
    host, port = server.httpd.server_address[:2]
    assert host == "127.0.0.1"
    connection = http.client.HTTPConnection(host, port, timeout=5)
    connection.request("GET", "/../../../../etc/passwd")
    assert connection.getresponse().status == 404
    connection.request("POST", "/", body=b"x")
    assert connection.getresponse().status == 501
    connection.close()


class EventStream:
    """A bounded reader of the server-sent events."""

    def __init__(self, url: str):
        self.response = urllib.request.urlopen(url.rstrip("/") + EVENTS_PATH, timeout=10)

    def next_status(self) -> dict:
        data = None
        for raw in self.response:
            line = raw.decode().rstrip("\n")
            if line.startswith("data: "):
                data = json.loads(line[6:])
            elif line == "" and data is not None:
                return data
        raise AssertionError("the event stream ended")

    def close(self):
        self.response.close()


def test_events_announce_good_rebuilds_and_failed_ones_keep_the_last_good_pages(server, preview_workspace):
    events = EventStream(server.url)
    try:
        assert events.next_status() == {"build": 1, "error": None}
        title = "Problem-solving Intervention"
        assert title in fetch(server.url + PAGE)[2]

        template = preview_workspace / "templates" / "page.html.j2"
        good = template.read_text()
        template.write_text(good.replace("<footer>", "<footer><p>Edited footer</p>"))
        assert server.site.rebuild({str(template)}) is True
        assert events.next_status() == {"build": 2, "error": None}
        assert "Edited footer" in fetch(server.url + PAGE)[2]

        template.write_text(good.replace("{% for section in page.sections %}", "{% for section in %}"))
        assert server.site.rebuild({str(template)}) is False
        failed = events.next_status()
        assert failed["build"] == 2 and "TemplateError" in failed["error"]
        status, _kind, page = fetch(server.url + PAGE)
        assert status == 200 and "Edited footer" in page and title in page

        template.write_text(good)
        assert server.site.rebuild({str(template)}) is True
        assert events.next_status() == {"build": 3, "error": None}
    finally:
        events.close()


def test_a_record_that_breaks_is_a_failed_rebuild(server, preview_workspace):
    record = preview_workspace / "inputs" / "NCT03630471.json"
    record.write_text(record.read_text()[:200])
    assert server.site.rebuild({str(record)}) is False
    assert "record(s) failed that built before" in server.site.status.error
    assert "NCT03630471.json" in server.site.status.error
    assert fetch(server.url + PAGE)[0] == 200


def test_a_first_build_that_fails_serves_the_error_until_fixed(preview_workspace):
    (preview_workspace / "summarizer.yaml").write_text("drafter: rules\ncolour: blue\n")
    with PreviewServer([preview_workspace / "inputs"], preview_workspace,
                       lambda: load_settings(folder=preview_workspace), port=0) as preview:
        preview.start()
        preview.watcher.stop()
        status, _kind, body = fetch(preview.url)
        assert status == 503 and "ConfigError" in body and "colour" in body and 'data-build="0"' in body
        (preview_workspace / "summarizer.yaml").write_text("drafter: rules\n")
        assert preview.site.rebuild() is True
        assert fetch(preview.url)[0] == 200


def test_preview_writes_only_in_its_temporary_folder_and_removes_it(preview_workspace):
    before = snapshot([preview_workspace])
    preview = PreviewServer([preview_workspace / "inputs"], preview_workspace,
                            lambda: load_settings(folder=preview_workspace), port=0)
    root = preview.root
    assert (preview.site.current / PAGE).is_file() and preview.site.current.is_relative_to(root)
    preview.close()
    assert not root.exists()
    assert snapshot([preview_workspace]) == before


def test_watched_paths_cover_inputs_workspace_folders_and_config(tmp_path):
    paths = watched_paths([tmp_path / "in"], tmp_path, [tmp_path / "summarizer.yaml"])
    assert paths == [tmp_path / "in", tmp_path / "templates", tmp_path / "prompts", tmp_path / "overrides",
                     tmp_path / "summarizer.yaml"]


# --------------------------------------------------------------------------- command line


def test_cli_preview_on_port_zero_prints_the_url_and_serves(preview_workspace):
    command = [sys.executable, "-m", "summarizer.cli", "preview", "inputs", "--port", "0"]
    with subprocess.Popen(command, cwd=preview_workspace, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                          text=True, env={**os.environ, "PYTHONWARNINGS": "ignore"}) as process:
        try:
            line = process.stdout.readline()  # printed once the first build is served
            assert line.startswith("Preview: http://127.0.0.1:"), line
            url = line.split()[1]
            assert fetch(url)[0] == 200
            assert fetch(url + PAGE)[0] == 200
        finally:
            process.terminate()
            process.wait(timeout=10)


def test_cli_preview_without_inputs_or_seeds_is_a_usage_error(tmp_path):
    result = subprocess.run([sys.executable, "-m", "summarizer.cli", "preview", "--port", "0"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "no seeds/ folder" in result.stderr

