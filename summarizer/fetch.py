"""``summarizer fetch``: registry records from the ClinicalTrials.gov API v2, as JSON Lines to build.

It asks ``/api/v2/studies`` by NCT IDs or by query (condition, term, overall status, last update
since a date), follows ``nextPageToken`` page by page, and is polite: one request at a time, at
least ``min_interval`` apart (the registry allows about 50 a minute). What a server says to retry
is retried with exponential backoff and a bounded number of attempts: 429 (after its
``Retry-After``), 5xx, timeouts and dropped connections. Every wait is capped, every request has
a timeout, so a fetch never hangs. Studies are streamed into a temporary file beside the output,
renamed into place only when the last page has come: a failed fetch leaves no half file.

This is the only module that reaches the network, and only when a user runs ``fetch``.
"""
from __future__ import annotations

import email.utils
import json
import logging
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone
from pathlib import Path

from . import __version__
from .errors import SummarizerError, UsageError
from .fsutil import open_atomic

log = logging.getLogger(__name__)

API_URL = "https://clinicaltrials.gov/api/v2/studies"
MAX_PAGE_SIZE = 1000  # the API's limit
IDS_PER_REQUEST = 200  # NCT IDs in one request's filter.ids: about 2.8 KB of URL (6,000 in one got HTTP 414)
SHOWN_IDS = 3  # NCT IDs a message shows of a request's list
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class FetchError(SummarizerError):
    """The registry could not be read (after the retries), or refused the query."""


@dataclass(frozen=True)
class Query:
    """What to fetch: studies matching every given criterion (or exactly the given NCT IDs)."""

    condition: str | None = None
    term: str | None = None
    statuses: tuple[str, ...] = ()  # RECRUITING, COMPLETED ...
    updated_since: date | None = None
    ids: tuple[str, ...] = ()

    def params(self) -> dict[str, str]:
        if not (self.condition or self.term or self.statuses or self.updated_since or self.ids):
            raise UsageError("say what to fetch: NCT IDs, a condition, a term, a status or an update date")
        params = {}
        if self.condition:
            params["query.cond"] = self.condition
        if self.term:
            params["query.term"] = self.term
        if self.statuses:
            params["filter.overallStatus"] = ",".join(s.upper() for s in self.statuses)
        if self.updated_since:
            params["filter.advanced"] = f"AREA[LastUpdatePostDate]RANGE[{self.updated_since.isoformat()},MAX]"
        if self.ids:
            params["filter.ids"] = ",".join(self.ids)
        return params

    def batches(self, size: int) -> list[Query]:
        """This query once per ``size`` of its NCT IDs, each ID once, in the order given: the registry
        refuses a URL that names thousands (HTTP 414)."""
        ids = tuple(dict.fromkeys(self.ids))
        if len(ids) <= size:
            return [replace(self, ids=ids)]
        return [replace(self, ids=ids[start:start + size]) for start in range(0, len(ids), size)]


@dataclass(frozen=True)
class Politeness:
    """How hard to try and how long to wait: every figure is a bound."""

    min_interval: float = 1.2  # seconds between requests
    timeout: float = 30.0  # seconds a request may take
    attempts: int = 6  # per page, the first one included
    backoff: float = 2.0  # the first retry's wait; it doubles each time
    max_wait: float = 120.0  # cap on any one wait, Retry-After included


@dataclass
class FetchResult:
    out: Path
    studies: int = 0
    pages: int = 0
    retries: list[str] = field(default_factory=list)  # why each retry happened


class _Retry(Exception):
    def __init__(self, reason: str, wait: float | None = None):
        super().__init__(reason)
        self.reason, self.wait = reason, wait


def fetch(out: Path, query: Query, *, base_url: str = API_URL, page_size: int = MAX_PAGE_SIZE,
          limit: int | None = None, politeness: Politeness = Politeness(),
          sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic,
          progress: Callable[[FetchResult], None] | None = None,
          ids_per_request: int = IDS_PER_REQUEST) -> FetchResult:
    """Write the studies ``query`` finds (at most ``limit``) to ``out`` as JSON Lines, one study a line.
    Many NCT IDs are asked ``ids_per_request`` at a time, batch after batch; a study that two batches
    return (its ID given twice in different case, say) is written once, as one request would."""
    size = str(max(1, min(page_size, MAX_PAGE_SIZE)))
    requests = [{**batch.params(), "format": "json", "pageSize": size} for batch in query.batches(ids_per_request)]
    result = FetchResult(out=out)
    written: set[str] = set()
    last_request = [float("-inf")]

    def polite_get(url: str) -> dict:
        for attempt in range(1, politeness.attempts + 1):
            sleep(max(0.0, last_request[0] + politeness.min_interval - clock()))
            last_request[0] = clock()
            try:
                return _get_json(url, politeness.timeout)
            except _Retry as retry:
                if attempt == politeness.attempts:
                    raise FetchError(f"{_shown(url)}: {retry.reason}, still after {attempt} attempts") from None
                wait = min(politeness.max_wait, retry.wait if retry.wait is not None
                           else politeness.backoff * 2 ** (attempt - 1))
                result.retries.append(retry.reason)
                log.warning("%s: %s; trying again in %.1fs", _shown(url), retry.reason, wait)
                sleep(wait)
        raise AssertionError("unreachable")

    with open_atomic(out) as lines:
        for params in requests:
            token: str | None = None
            while True:
                url = f"{base_url}?{urllib.parse.urlencode({**params, **({'pageToken': token} if token else {})})}"
                page = polite_get(url)
                studies = page.get("studies")
                if not isinstance(studies, list):
                    raise FetchError(f"{_shown(url)}: the answer has no 'studies' list")
                result.pages += 1
                for study in studies:
                    if limit is not None and result.studies >= limit:
                        break
                    if len(requests) > 1 and (nct_id := _nct_id(study)) is not None:
                        if nct_id in written:
                            continue
                        written.add(nct_id)
                    lines.write(json.dumps(study, ensure_ascii=False, separators=(",", ":")) + "\n")
                    result.studies += 1
                if progress:
                    progress(result)
                if limit is not None and result.studies >= limit:
                    return result
                token = page.get("nextPageToken")
                if not token:
                    break
    return result


def _nct_id(study: object) -> str | None:
    try:
        return study["protocolSection"]["identificationModule"]["nctId"]  # type: ignore[index]
    except (KeyError, TypeError):
        return None


def _get_json(url: str, timeout: float) -> dict:
    request = urllib.request.Request(url, headers={"Accept": "application/json",
                                                   "User-Agent": f"summarizer/{__version__} (fetch)"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) URL we built
            body = response.read()
    except urllib.error.HTTPError as error:
        if error.code in RETRY_STATUSES:
            raise _Retry(f"HTTP {error.code}", _retry_after(error.headers.get("Retry-After"))) from None
        detail = error.read(500).decode("utf-8", "replace").strip()
        raise FetchError(f"{_shown(url)}: HTTP {error.code} {error.reason}{': ' + detail if detail else ''}") from None
    except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
        reason = getattr(error, "reason", error)
        raise _Retry(f"{type(reason).__name__}: {reason}") from None
    try:
        data = json.loads(body)
    except ValueError as error:
        raise _Retry(f"unreadable JSON ({error})") from None
    if not isinstance(data, dict):
        raise FetchError(f"{_shown(url)}: the answer is not a JSON object")
    return data


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (moment - datetime.now(timezone.utc)).total_seconds())


def _shown(url: str) -> str:
    """The URL for a message: without its page token (long, and useless there), and with a list of
    more than SHOWN_IDS NCT IDs cut to its first ones and a count, after the URL."""
    parts = urllib.parse.urlsplit(url)
    query = [(k, v) for k, v in urllib.parse.parse_qsl(parts.query) if k != "pageToken"]
    ids = next((v.split(",") for k, v in query if k == "filter.ids"), [])
    if len(ids) > SHOWN_IDS:
        query = [(k, v) for k, v in query if k != "filter.ids"]
    shown = urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))
    return f"{shown} (filter.ids {','.join(ids[:SHOWN_IDS])},... {len(ids)} IDs)" if len(ids) > SHOWN_IDS else shown
