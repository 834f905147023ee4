"""The ``openai`` drafter: any OpenAI-compatible chat-completions server (vLLM, TGI, llama.cpp, Ollama).

Requests run concurrently up to a bound; each attempt has a deadline for the whole request (not
just each socket read), 429 and 5xx answers and network errors are retried with exponential
backoff (honouring ``Retry-After``), and after many failures in a row the drafter stops asking,
so a dead server costs seconds, not hours: every request ends, and its section falls back to the
rules draft. The standard library does the HTTP, so the extra install stays empty.

Options come from the constructor or the environment: ``SUMMARIZER_OPENAI_BASE_URL`` (else
``OPENAI_BASE_URL``), ``SUMMARIZER_OPENAI_CONCURRENCY``, ``_TIMEOUT``, ``_RETRIES``, ``_BACKOFF``;
the API key is read from the variable named by ``api_key_env`` (``OPENAI_API_KEY``), never from
a file the project writes.
"""
from __future__ import annotations

import http.client
import json
import logging
import os
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import ConfigError, UsageError
from .model_base import Generation, ModelDrafter
from .prompts import RenderedPrompt

log = logging.getLogger(__name__)

ENV_PREFIX = "SUMMARIZER_OPENAI_"
MAX_RETRY_WAIT = 30.0


class OpenAIOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    base_url: str = Field(description="the server's API root, e.g. http://127.0.0.1:8000/v1")
    api_key_env: str = "OPENAI_API_KEY"
    concurrency: int = Field(4, ge=1, le=256)
    timeout: float = Field(60.0, gt=0, description="seconds one attempt may take, start to end")
    retries: int = Field(3, ge=0, le=10)
    backoff: float = Field(1.0, ge=0, description="seconds before the first retry; doubles each time")
    give_up_after: int = Field(20, ge=1, description="failed requests in a row after which no more are sent")

    @classmethod
    def from_env(cls, **given: Any) -> OpenAIOptions:
        """Options from ``given``, else the ``SUMMARIZER_OPENAI_*`` variables; every problem at once."""
        data = {name: os.environ[ENV_PREFIX + name.upper()] for name in cls.model_fields
                if ENV_PREFIX + name.upper() in os.environ}
        if "base_url" not in data and os.environ.get("OPENAI_BASE_URL"):
            data["base_url"] = os.environ["OPENAI_BASE_URL"]
        data.update({k: v for k, v in given.items() if v is not None})
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            problems = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]
            raise ConfigError(problems, source=f"openai drafter options ({ENV_PREFIX}* variables)") from exc


class RetryableError(Exception):
    """A 429, a 5xx or a network failure: worth asking again, after ``wait`` seconds if the server said."""

    def __init__(self, message: str, wait: float | None = None):
        super().__init__(message)
        self.wait = wait


class OpenAIDrafter(ModelDrafter):
    name = "openai"
    batch_records = 32

    def __init__(self, *, model: str | None = None, openai: OpenAIOptions | None = None, **options: Any):
        if not model:
            raise UsageError("the openai drafter needs --model: the model name the server serves")
        self.options = openai or OpenAIOptions.from_env()
        super().__init__(**options)
        self.model_name = model
        self.url = self.options.base_url.rstrip("/") + "/chat/completions"
        self.api_key = os.environ.get(self.options.api_key_env)
        self._failures_in_a_row = 0
        self._lock = threading.Lock()

    @property
    def model_id(self) -> str:
        return f"openai:{self.model_name}@{self.options.base_url.rstrip('/')}"

    def generate(self, prompts: list[RenderedPrompt]) -> list[Generation]:
        with ThreadPoolExecutor(max_workers=min(self.options.concurrency, max(1, len(prompts)))) as pool:
            return list(pool.map(self._complete, prompts))

    def _complete(self, prompt: RenderedPrompt) -> Generation:
        """One section's answer, with retries; a Generation with ``error`` when there is none."""
        begun = time.perf_counter()
        error = "not sent"
        for attempt in range(self.options.retries + 1):
            if self._given_up():
                error = f"not sent: {self.options.give_up_after} requests in a row failed ({error})"
                break
            try:
                text = self._request(prompt)
            except RetryableError as exc:
                error = str(exc)
                if attempt < self.options.retries:
                    wait = exc.wait if exc.wait is not None else self.options.backoff * 2 ** attempt
                    log.debug("openai: %s; retry %d in %.2fs", error, attempt + 1, wait)
                    time.sleep(min(wait, MAX_RETRY_WAIT))
                continue
            except ValueError as exc:  # an answer that is not a chat completion: asking again will not help
                error = str(exc)
                break
            self._count(ok=True)
            return Generation(text, seconds=time.perf_counter() - begun)
        self._count(ok=False)
        log.warning("openai: no answer for %s: %s", prompt.version, error)
        return Generation(None, error, time.perf_counter() - begun)

    def _given_up(self) -> bool:
        with self._lock:
            return self._failures_in_a_row >= self.options.give_up_after

    def _count(self, ok: bool) -> None:
        with self._lock:
            self._failures_in_a_row = 0 if ok else self._failures_in_a_row + 1

    def _request(self, prompt: RenderedPrompt) -> str:
        payload = {
            "model": self.model_name,
            "messages": [{"role": "system", "content": prompt.system}, {"role": "user", "content": prompt.user}],
            "temperature": 0,
            "max_tokens": prompt.max_new_tokens,
        }
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        request = urllib.request.Request(self.url, data=json.dumps(payload).encode("utf-8"), headers=headers, method="POST")
        deadline = time.monotonic() + self.options.timeout
        try:
            with urllib.request.urlopen(request, timeout=self.options.timeout) as response:
                body = self._read(response, deadline)
        except urllib.error.HTTPError as exc:
            status = exc.code
            if status == 429 or status >= 500:
                raise RetryableError(f"HTTP {status}", _retry_after(exc.headers.get("Retry-After"))) from exc
            raise ValueError(f"HTTP {status}: {exc.read(300).decode('utf-8', 'replace')}") from exc
        except (OSError, http.client.HTTPException) as exc:  # timeouts, refused or dropped connections, TLS
            raise RetryableError(f"{type(exc).__name__}: {getattr(exc, 'reason', exc)}") from exc
        try:
            content = json.loads(body)["choices"][0]["message"]["content"]
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise ValueError(f"not a chat completion: {body[:200]!r}") from exc
        if not isinstance(content, str):
            raise ValueError("the completion has no text content")
        return content

    @staticmethod
    def _read(response: http.client.HTTPResponse, deadline: float) -> bytes:
        """The body, read in chunks so a server that trickles bytes still meets the attempt's deadline."""
        chunks = []
        while chunk := response.read(65536):
            chunks.append(chunk)
            if time.monotonic() > deadline:
                raise TimeoutError("the answer took longer than the timeout")
        return b"".join(chunks)


def _retry_after(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None  # an HTTP date: use our own backoff
