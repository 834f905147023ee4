"""The ``openai`` drafter: any OpenAI-compatible chat-completions server (vLLM, TGI, llama.cpp, Ollama).

Requests run concurrently up to a bound; each attempt has a deadline for the whole request (not
just each socket read), 429 and 5xx answers and network errors are retried with exponential
backoff (honouring ``Retry-After``), and after many failures in a row the drafter stops asking,
so a dead server costs seconds, not hours: every request ends, and its section falls back to the
rules draft. The standard library does the HTTP, so the extra install stays empty.

Options (see :class:`~summarizer.config.OpenAISettings`), the first found wins: the constructor's,
a ``SUMMARIZER_OPENAI_<OPTION>`` environment variable (``SUMMARIZER_OPENAI_BASE_URL``, ``_TIMEOUT``,
``_RETRIES``, ...: this machine's server), the ``openai:`` block of the settings (the project's),
then for the base URL only ``OPENAI_BASE_URL`` (set for other tools too, so it comes last), then
the defaults. The API key is read from the variable named by ``api_key_env`` (``OPENAI_API_KEY``),
never from a file.
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

from pydantic import Field, ValidationError

from ..config import OpenAISettings
from ..errors import ConfigError, UsageError
from .model_base import Generation, ModelDrafter
from .prompts import RenderedPrompt

log = logging.getLogger(__name__)

ENV_PREFIX = "SUMMARIZER_OPENAI_"
MAX_RETRY_WAIT = 30.0


class OpenAIOptions(OpenAISettings):
    """The options in effect: the settings' block with the environment applied, and a base URL."""

    base_url: str = Field(description="the server's API root, e.g. http://127.0.0.1:8000/v1")

    @classmethod
    def from_env(cls, block: OpenAISettings | None = None, **given: Any) -> OpenAIOptions:
        """Options from ``given``, the ``SUMMARIZER_OPENAI_*`` variables, ``block`` and ``OPENAI_BASE_URL``,
        in that order; every problem at once."""
        data: dict[str, Any] = {"base_url": os.environ["OPENAI_BASE_URL"]} if os.environ.get("OPENAI_BASE_URL") else {}
        data.update(block.model_dump(exclude_unset=True) if block else {})
        data.update({name: os.environ[ENV_PREFIX + name.upper()] for name in cls.model_fields
                     if ENV_PREFIX + name.upper() in os.environ})
        data.update({k: v for k, v in given.items() if v is not None})
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            problems = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg'].removeprefix('Value error, ')}"
                        for e in exc.errors()]
            problems = [f"{p}: set openai.base_url in the config, or {ENV_PREFIX}BASE_URL or OPENAI_BASE_URL"
                        if p.startswith("base_url: Field required") else p for p in problems]
            source = f"openai drafter options (the openai: block, {ENV_PREFIX}* variables)"
            raise ConfigError(problems, source=source) from exc


class RetryableError(Exception):
    """A 429, a 5xx or a network failure: worth asking again, after ``wait`` seconds if the server said."""

    def __init__(self, message: str, wait: float | None = None):
        super().__init__(message)
        self.wait = wait


class OpenAIDrafter(ModelDrafter):
    name = "openai"
    batch_records = 32

    def __init__(self, *, model: str | None = None, openai: OpenAISettings | None = None, **options: Any):
        """``openai``: options in effect as they are (:class:`OpenAIOptions`), or the settings' block,
        merged with the environment. ``model`` (--model, or ``model:``) wins over ``openai.model``."""
        self.options = openai if isinstance(openai, OpenAIOptions) else OpenAIOptions.from_env(openai)
        model = model or self.options.model
        if not model:
            raise UsageError("the openai drafter needs --model (or openai.model in the config): "
                             "the model name the server serves")
        super().__init__(**options)
        self.model_name = model
        self.url = self.options.base_url.rstrip("/") + "/chat/completions"
        self.api_key = os.environ.get(self.options.api_key_env)
        if not self.api_key and "api_key_env" in self.options.model_fields_set:
            log.warning("openai: %s is not set; requests go without an API key", self.options.api_key_env)
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
