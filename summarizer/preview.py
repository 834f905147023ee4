"""``summarizer preview``: the site as it will look, with its problems shown, rebuilt as the editor works.

As mkdocs' ``serve`` does, the preview runs the same ``build`` (with ``preview=True``, which adds
the diagnostics layer) into a private temporary folder, serves that folder, watches the sources
(:mod:`summarizer.watch`) and rebuilds when they change. Each rebuild writes a fresh folder; only
a good one replaces the folder being served, so a broken template or record leaves the last good
pages up, and the error is shown over them. Open pages learn of both through server-sent events
(``/__preview/events``), from a small script the server adds to every HTML page it serves.

Each rebuild starts from a copy of the last good build, so the incremental store ``build`` keeps
in its output folder redoes only what changed; without one, every input is rebuilt.

Safe by default: it binds 127.0.0.1, answers only requests addressed to the loopback names, serves
only files inside the built folder (no path traversal, no listings), and writes only under its
temporary folder, removed on exit.
"""
from __future__ import annotations

import json
import logging
import mimetypes
import shutil
import socket
import tempfile
import threading
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from functools import cache
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from urllib.parse import unquote, urlsplit

import jinja2
from markupsafe import escape

from .config import CONFIG_NAMES, Settings
from .errors import SummarizerError, UsageError
from .pipeline import BuildResult, build
from .watch import ChangeWatcher

log = logging.getLogger(__name__)

EVENTS_PATH = "/__preview/events"
KEEPALIVE_SECONDS = 15.0
LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1"})
WORKSPACE_FOLDERS = ("templates", "prompts", "overrides")


@dataclass(frozen=True)
class Status:
    """What open pages need to know: the number of the build being served, and the last rebuild's error."""

    build: int
    error: str | None = None


def describe_error(exc: BaseException) -> str:
    """The overlay's message: a template syntax error also names its file and line, where the editor looks."""
    message = f"{type(exc).__name__}: {exc}"
    cause = exc.__cause__
    if isinstance(cause, jinja2.TemplateSyntaxError) and cause.lineno:
        message += f"\n  in {cause.filename or cause.name}, line {cause.lineno}"
    return message


def _failure_lines(failures: Iterable) -> str:
    return "\n".join(f"{o.source}{' ' + o.record if o.record else ''}: {o.error}" for o in failures)


class PreviewSite:
    """Builds into fresh folders under ``root`` and keeps serving the last good one."""

    def __init__(self, inputs: list[Path], workspace: Path, settings: Callable[[], Settings], root: Path):
        self.inputs = inputs
        self.workspace = workspace
        self.settings = settings  # read again at every rebuild: the config is one of the watched files
        self.root = root
        self.current: Path | None = None  # the folder being served
        self.status = Status(build=0)
        self._attempts = 0
        self._standing_failures: set[tuple[str, str]] = set()
        self._retired: list[Path] = []
        self._changed = threading.Condition()
        self._closed = False

    def rebuild(self, changed: Iterable[str] = ()) -> bool:
        """Build everything again; serve the result only when it is no worse than the last good build.

        A rebuild fails when ``build`` raises (templates, config, overrides) or when a record fails
        that did not before; its folder is discarded and its error published instead."""
        changed = sorted(changed)
        if changed:
            log.info("rebuilding after changes to %s", ", ".join(changed))
        self._attempts += 1
        target = self.root / f"build-{self._attempts}"
        try:
            if self.current is not None:
                shutil.copytree(self.current, target)
            result = build(self.inputs, target, self.settings(), self.workspace, preview=True)
        except (SummarizerError, OSError) as exc:
            return self._failed(target, describe_error(exc))
        new = [o for o in result.failures if (o.source, o.record) not in self._standing_failures]
        if new and self.current is not None:
            return self._failed(target, f"{len(new)} record(s) failed that built before:\n{_failure_lines(new)}")
        self._serve(target, result)
        return True

    def _failed(self, target: Path, error: str) -> bool:
        log.error("rebuild failed; still serving the last good build: %s", error)
        shutil.rmtree(target, ignore_errors=True)
        self._publish(Status(self.status.build, error))
        return False

    def _serve(self, target: Path, result: BuildResult) -> None:
        self._standing_failures = {(o.source, o.record) for o in result.failures}
        if self.current is not None:
            self._retired.append(self.current)
        # Keep the folder just replaced: a request may still be reading from it.
        while len(self._retired) > 1:
            shutil.rmtree(self._retired.pop(0), ignore_errors=True)
        self.current = target
        log.info("preview build %d: %d pages, %d failed (%.1fs)", self.status.build + 1, len(result.pages),
                 len(result.failures), result.seconds)
        self._publish(Status(self.status.build + 1, None))

    def _publish(self, status: Status) -> None:
        with self._changed:
            self.status = status
            self._changed.notify_all()

    def wait(self, seen: Status | None, timeout: float) -> Status | None:
        """The status once it differs from ``seen`` (or after ``timeout``); None when the preview closes."""
        with self._changed:
            self._changed.wait_for(lambda: self._closed or self.status != seen, timeout)
            return None if self._closed else self.status

    def close(self) -> None:
        with self._changed:
            self._closed = True
            self._changed.notify_all()


def safe_path(root: Path, url_path: str) -> Path | None:
    """The file ``url_path`` names inside ``root`` (a folder means its index.html); None for anything
    outside it, hidden, or missing."""
    parts = [p for p in unquote(url_path).split("/") if p not in ("", ".")]
    if any(p == ".." or p.startswith(".") or "\\" in p or "\x00" in p for p in parts):
        return None
    base = root.resolve()
    candidate = base.joinpath(*parts)
    if candidate.is_dir():
        candidate = candidate / "index.html"
    resolved = candidate.resolve()
    return resolved if resolved.is_relative_to(base) and resolved.is_file() else None


@cache
def _client_script() -> str:
    return resources.files("summarizer").joinpath("data/preview-client.js").read_text(encoding="utf-8")


def with_client(html: bytes, status: Status) -> bytes:
    """``html`` with the reload-and-error script before ``</body>``."""
    tag = f'<style>{_OVERLAY_CSS}</style><script data-build="{status.build}">{_client_script()}</script>'.encode()
    end = html.lower().rfind(b"</body>")
    return html[:end] + tag + html[end:] if end >= 0 else html + tag


_OVERLAY_CSS = (
    "#preview-error{position:fixed;left:1rem;right:1rem;bottom:1rem;max-height:45vh;overflow:auto;z-index:1000;"
    "background:#fff;color:#1b1b1b;border:3px solid #a4161a;border-radius:.5rem;padding:.5rem 1rem;"
    "box-shadow:0 .3rem 1.2rem rgba(0,0,0,.3);font:1rem/1.5 system-ui,sans-serif}"
    "#preview-error h2{color:#a4161a;margin:.3rem 0;font-size:1.15rem}"
    "#preview-error pre{white-space:pre-wrap;font-size:.9rem;background:#f6f7f9;padding:.5rem;margin:.3rem 0}"
)

_NOTHING_BUILT = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Preview</title></head>'
    '<body><main><h1>Nothing to show yet</h1><p>{message}</p></main></body></html>'
)


class PreviewHandler(BaseHTTPRequestHandler):
    """GET and HEAD of the built files, plus the event stream. Any other method is refused."""

    server: PreviewHTTPServer

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def log_message(self, format: str, *args: object) -> None:
        log.debug("%s %s", self.address_string(), format % args)

    def _host_allowed(self) -> bool:
        """Refuse requests addressed to another name (DNS rebinding) when serving on loopback."""
        if self.server.bound_host not in LOOPBACK_NAMES:
            return True
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0].strip("[]")
        return host in LOOPBACK_NAMES

    def _respond(self, send_body: bool) -> None:
        if not self._host_allowed():
            return self._send(HTTPStatus.FORBIDDEN, b"The preview answers only on its loopback address.\n",
                              "text/plain; charset=utf-8", send_body)
        site = self.server.site
        path = urlsplit(self.path).path
        if path == EVENTS_PATH and send_body:
            return self._events(site)
        status = site.status
        if site.current is None:
            page = _NOTHING_BUILT.format(message=escape(status.error or "The first build is running."))
            return self._send(HTTPStatus.SERVICE_UNAVAILABLE, with_client(page.encode(), status),
                              "text/html; charset=utf-8", send_body)
        file = safe_path(site.current, path)
        if file is None:
            page = _NOTHING_BUILT.format(message=f"No page at {escape(path)} in this build.")
            return self._send(HTTPStatus.NOT_FOUND, with_client(page.encode(), status), "text/html; charset=utf-8",
                              send_body)
        body = file.read_bytes()
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if kind == "text/html":
            body = with_client(body, status)
        if kind.startswith("text/") or kind == "application/json":
            kind += "; charset=utf-8"
        self._send(HTTPStatus.OK, body, kind, send_body)

    def _send(self, code: HTTPStatus, body: bytes, kind: str, send_body: bool) -> None:
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def _events(self, site: PreviewSite) -> None:
        """Server-sent events: the status now, then each change, with keep-alive comments between."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        seen: Status | None = None
        try:
            self.wfile.write(b"retry: 1000\n\n")
            while (status := site.wait(seen, KEEPALIVE_SECONDS)) is not None:
                if status == seen:
                    self.wfile.write(b": keep-alive\n\n")
                else:
                    self.wfile.write(f"event: status\ndata: {json.dumps(asdict(status))}\n\n".encode())
                    seen = status
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            log.debug("an event stream closed")


class PreviewHTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, host: str, port: int, site: PreviewSite):
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.bound_host = host
        self.site = site
        super().__init__((host, port), PreviewHandler)


def watched_paths(inputs: Iterable[Path], workspace: Path, config_files: Iterable[Path]) -> list[Path]:
    """What a rebuild depends on: the inputs, the workspace's templates/, prompts/ and overrides/
    (watched even before they exist), and the config files."""
    return [*inputs, *(workspace / name for name in WORKSPACE_FOLDERS), *config_files]


def config_files(config: Path | None, folder: Path) -> list[Path]:
    """The config file in use, or every file ``load_settings`` would look for in ``folder``."""
    return [config] if config else [folder / name for name in (*CONFIG_NAMES, "pyproject.toml")]


class PreviewServer:
    """The whole preview: temporary folder, first build, HTTP server and watcher. Close it to clean up."""

    def __init__(self, inputs: list[Path], workspace: Path, settings: Callable[[], Settings],
                 watch: Iterable[Path] = (), host: str = "127.0.0.1", port: int = 8000):
        self.root = Path(tempfile.mkdtemp(prefix="summarizer-preview-"))
        self.site = PreviewSite(inputs, workspace, settings, self.root)
        try:
            self.httpd = PreviewHTTPServer(host, port, self.site)
        except OSError as exc:
            shutil.rmtree(self.root, ignore_errors=True)
            raise UsageError(f"cannot serve the preview on {host}:{port}: {exc.strerror or exc}") from exc
        self.watcher = ChangeWatcher(watch, self.site.rebuild)  # snapshot now: edits during the first build count
        self._serving: threading.Thread | None = None
        try:
            self.site.rebuild()
        except BaseException:
            self.close()
            raise

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{f'[{host}]' if ':' in host else host}:{port}/"

    def serve_forever(self) -> None:
        """Watch and serve until interrupted (Ctrl-C) or closed from another thread."""
        self.watcher.start()
        self.httpd.serve_forever(poll_interval=0.2)

    def start(self) -> PreviewServer:
        """Serve from a background thread (tests, embedding)."""
        self._serving = threading.Thread(target=self.serve_forever, name="summarizer-preview", daemon=True)
        self._serving.start()
        return self

    def close(self) -> None:
        """Stop watching and serving, end open event streams, remove the temporary folder."""
        self.watcher.stop()
        self.site.close()
        if self._serving is not None and self._serving.is_alive():  # shutdown() waits for serve_forever to end
            self.httpd.shutdown()
            self._serving.join(timeout=10)
        self.httpd.server_close()
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> PreviewServer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
