"""Legacy ClinicalTrials.gov XML (``<clinical_study>``), one study per file.

The reader checks what it can cheaply, up to the root element: an entity bomb, any DTD
or a document that is not a study is reported by the read stage with the file's name.
The rest of the document is parsed once, by extraction. The record's payload is the XML
text, as the contract says.

Parsing is safe and fast in two steps: defusedxml reads the prolog up to the root element
and refuses any DTD (the only place entities, and so entity bombs and external entities,
can be declared; CT.gov files have none), then the C parser reads the document, which
without a DTD cannot expand or fetch anything.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from xml.etree.ElementTree import Element, ParseError, fromstring

from defusedxml import DefusedXmlException, DTDForbidden
from defusedxml.ElementTree import DefusedXMLParser

from summarizer.errors import RecordError
from summarizer.models import RawRecord

MAX_BYTES = 64 << 20  # the largest real record is under 1 MB; this stops a zip bomb member
_DECLARED_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def read_xml(name: str, open_data: Callable) -> Iterator[RawRecord | RecordError]:
    """The study of one XML file (key ``""``), or one ``RecordError`` saying why not."""
    with open_data() as data:
        content = data.read(MAX_BYTES + 1)
    if len(content) > MAX_BYTES:
        yield RecordError(name, "", f"file larger than {MAX_BYTES >> 20} MB; not a single study")
        return
    try:
        root_tag = root_tag_of(content)
    except DTDForbidden as exc:
        yield RecordError(name, "", f"XML with a DTD (<!DOCTYPE {exc.name}>) refused: "
                                    "its entities could expand without limit or fetch files")
        return
    except DefusedXmlException as exc:
        yield RecordError(name, "", f"unsafe XML refused: {exc!r}")
        return
    except ParseError as exc:
        line, column = getattr(exc, "position", (1, 0))
        yield RecordError(name, "", f"invalid XML at line {line} column {column + 1}: {_parse_message(exc)}")
        return
    if root_tag != "clinical_study":
        yield RecordError(name, "", f"not a ClinicalTrials.gov study: root element is <{root_tag}>")
        return
    try:
        text = _decode(content)
    except (UnicodeDecodeError, LookupError) as exc:
        yield RecordError(name, "", f"cannot decode XML text: {exc}")
        return
    yield RawRecord(source=name, key="", format="ctgov-xml", payload=text)


def _decode(content: bytes) -> str:
    match = _DECLARED_ENCODING.match(content)
    return content.decode(match.group(1).decode("ascii") if match else "utf-8-sig")


def _parse_message(exc: ParseError) -> str:
    """expat's message without its own ': line 3, column 5' suffix (we say where already)."""
    return str(exc).split(": line ")[0]


class _RootReached(Exception):
    """Stops the guarded prolog parse at the root element: the DTD, if any, came before it."""

    def __init__(self, tag: str):
        super().__init__(tag)
        self.tag = tag


class _StopAtRoot:
    def start(self, tag, attrib):
        raise _RootReached(tag)

    def close(self) -> None:
        return None


def root_tag_of(data: bytes | str) -> str:
    """The root element's name, refusing any DTD (``DefusedXmlException``, ``ParseError``)."""
    guard = DefusedXMLParser(target=_StopAtRoot(), forbid_dtd=True)
    try:
        guard.feed(data)
        guard.close()
    except _RootReached as reached:
        return reached.tag
    raise ParseError("no root element")


def parse_xml(data: bytes | str) -> Element:
    """The root element of an XML document, refusing any DTD.

    Raises ``DefusedXmlException`` (DTDForbidden) for a document with a DTD and
    ``ParseError`` for one that is not well-formed.
    """
    root_tag_of(data)
    return fromstring(data)
