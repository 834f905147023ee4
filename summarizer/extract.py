"""The extract stage: ``RawRecord`` -> ``Trial``, dispatching on the record's format.

Each format has its own module (``extract_v2``, ``extract_xml``, ``extract_webpage``);
this one only picks the right one and makes sure a malformed record ends as a
``RecordError`` naming the record, not as a stray exception that stops a batch.
"""
from __future__ import annotations

import logging

from pydantic import ValidationError

from summarizer.errors import RecordError
from summarizer.extract_v2 import extract_v2
from summarizer.extract_xml import extract_xml
from summarizer.models import RawRecord, Trial

log = logging.getLogger(__name__)


def extract(raw: RawRecord) -> Trial:
    """The normalised ``Trial`` of one record; raises ``RecordError`` when it cannot be one."""
    try:
        if raw.format == "ctgov-v2":
            return extract_v2(raw)
        if raw.format == "ctgov-xml":
            return extract_xml(raw)
        if raw.format == "webpage":
            from summarizer.extract_webpage import extract_webpage  # written separately; optional here

            return extract_webpage(raw)
    except RecordError:
        raise
    except (ValueError, TypeError, AttributeError, KeyError) as exc:
        # A field of an unexpected type or shape (a string where the registry has a list...).
        log.debug("cannot extract %s", raw.label, exc_info=True)
        reason = _describe(exc)
        raise RecordError(raw.source, raw.key, f"malformed record: {reason}") from exc
    raise RecordError(raw.source, raw.key, f"unknown record format {raw.format!r}")


def _describe(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        error = exc.errors()[0]
        return f"{'.'.join(map(str, error['loc']))}: {error['msg']}"
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
