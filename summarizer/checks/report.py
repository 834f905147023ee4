"""Findings for people and for CI: ``text``, ``json``, ``github`` and ``junit``; and the exit status.

JSON schema (version 1, stable; documented in docs/check-json-schema.md)::

    {"version": 1,
     "files": <number of files checked>,
     "counts": {"<check id>": <active findings>, ...},          # sorted by id, suppressed not counted
     "findings": [{"file": str|null, "line": int|null, "section": str|null, "check": str,
                   "severity": "error"|"warning"|"info", "message": str,
                   "value": number|str|null, "threshold": number|str|null, "suppressed": bool}, ...]}

GitHub workflow commands, one line per finding (info and suppressed findings as notices)::

    ^::(error|warning|notice) (file=[^,:]+,)?(line=\\d+,)?title=[^,:]+::.+$

with ``%``, CR and LF escaped in the message, and also ``:`` and ``,`` in properties.
JUnit: one ``<testsuite>`` in ``<testsuites>``, one ``<testcase>`` per file, a ``<failure>`` listing
the file's error findings (and warnings under ``strict``); other findings go to ``<system-out>``.

``write_report`` writes a report while the files are being checked, one file at a time: memory stays
flat however many pages there are (a check of the whole registry finds millions of things). The JSON
and JUnit formats open with totals, so their body waits in a temporary file until the end.
"""
from __future__ import annotations

import io
import json
import shutil
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from typing import TextIO

from ..errors import UsageError
from ..models import Finding
from .engine import CheckResult

FORMATS = ("text", "json", "github", "junit")
JSON_SCHEMA_VERSION = 1
_COLOURS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m", "suppressed": "\033[2m", "file": "\033[1m"}
_RESET = "\033[0m"
_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}

Checked = Iterable[tuple[str, Sequence[Finding]]]  # (file, its findings) per file, in order: engine.check_each


def _counts_against(finding: Finding, strict: bool) -> bool:
    return not finding.suppressed and (finding.severity == "error" or (strict and finding.severity == "warning"))


class Tally:
    """What a report adds up as the files go by: files, active findings per check and per severity,
    files that fail; and so the exit status."""

    def __init__(self, strict: bool = False):
        self.strict = strict
        self.files = self.failing_files = 0
        self.by_check: dict[str, int] = {}
        self.totals = {"error": 0, "warning": 0, "info": 0, "suppressed": 0}

    def add(self, findings: Sequence[Finding]) -> None:
        self.files += 1
        self.failing_files += any(_counts_against(f, self.strict) for f in findings)
        for finding in findings:
            self.totals["suppressed" if finding.suppressed else finding.severity] += 1
            if not finding.suppressed:
                self.by_check[finding.check] = self.by_check.get(finding.check, 0) + 1

    def counts(self) -> dict[str, int]:
        """Active findings per check id, sorted by id."""
        return dict(sorted(self.by_check.items()))

    @property
    def exit_code(self) -> int:
        """0 when no file fails (no active error finding; with ``strict``, no warning either), else 1."""
        return 1 if self.failing_files else 0


def tally(result: CheckResult, strict: bool = False) -> Tally:
    """The totals of a result held in memory."""
    totals = Tally(strict)
    for _file, findings in result.each():
        totals.add(findings)
    return totals


def exit_code(result: CheckResult, strict: bool = False) -> int:
    """0 when no active error finding (with ``strict``, no warning either), else 1."""
    return tally(result, strict).exit_code


class _Lines:
    """Lines written with a newline between them and none after the last, as ``"\\n".join`` would."""

    def __init__(self, out: TextIO):
        self.out, self.separator = out, ""

    def write(self, line: str) -> None:
        self.out.write(self.separator + line)
        self.separator = "\n"


def _write_text(out: TextIO, checked: Checked, tally: Tally, color: bool) -> None:
    def paint(text: str, style: str) -> str:
        return f"{_COLOURS[style]}{text}{_RESET}" if color else text

    lines = _Lines(out)
    for file, findings in checked:
        tally.add(findings)
        if not findings:
            continue
        lines.write(paint(file or "(no file)", "file"))
        for f in findings:
            where, severity = f"{f.line or '-':>5}", f"{f.severity:<7}"
            rest = f"{f.check}{f' [{f.section}]' if f.section else ''}  {f.message}"
            if f.suppressed:
                lines.write(paint(f"{where}  {severity}  {rest}  (suppressed)", "suppressed"))
            else:
                lines.write(f"{where}  {paint(severity, f.severity)}  {rest}")
        lines.write("")
    counts = tally.counts()
    if counts:
        width = max(map(len, counts))
        lines.write("Findings per check:")
        for check, count in counts.items():
            lines.write(f"  {check:<{width}}  {count:>6}")
    totals = tally.totals
    lines.write(f"{tally.files} file(s) checked: {totals['error']} error(s), {totals['warning']} warning(s), "
                f"{totals['info']} info, {totals['suppressed']} suppressed.")


_JSON_KEYS = ("file", "line", "section", "check", "severity", "message", "value", "threshold", "suppressed")
_JSON_ENCODE = json.JSONEncoder(ensure_ascii=False).encode
_JSON_STRING = json.encoder.encode_basestring  # C; json.dumps with an indent writes through pure Python
_JSON_CONSTANTS = {None: "null", True: "true", False: "false"}


def _json_value(value: object) -> str:
    """``json.dumps(value, ensure_ascii=False)`` of a finding's scalar, the common kinds directly."""
    if isinstance(value, str):
        return _JSON_STRING(value)
    if value is None or isinstance(value, bool):
        return _JSON_CONSTANTS[value]
    if isinstance(value, int):
        return int.__repr__(value)
    return _JSON_ENCODE(value)  # floats, NaN and Infinity as json writes them


def finding_json(finding: Finding) -> dict[str, object]:
    return {key: getattr(finding, key) for key in _JSON_KEYS}


def _finding_item(finding: Finding) -> str:
    """``json.dumps(finding_json(finding), indent=2, ensure_ascii=False)`` indented by four more
    spaces, as an item of the report's findings list: written value by value, 4 times faster."""
    return "    {\n" + ",\n".join(f'      "{key}": {_json_value(getattr(finding, key))}' for key in _JSON_KEYS) + "\n    }"


def _write_json(out: TextIO, checked: Checked, tally: Tally) -> None:
    """The document ``json.dumps(..., indent=2)`` would write, with the findings spooled as they come."""
    with tempfile.TemporaryFile("w+", encoding="utf-8", newline="") as spool:
        separator = ""
        for _file, findings in checked:
            tally.add(findings)
            for finding in findings:
                spool.write(separator + _finding_item(finding))
                separator = ",\n"
        head = json.dumps({"version": JSON_SCHEMA_VERSION, "files": tally.files, "counts": tally.counts(), "findings": []},
                          indent=2, ensure_ascii=False)
        if not separator:
            out.write(head)
            return
        out.write(head.removesuffix("[]\n}") + "[\n")
        spool.seek(0)
        shutil.copyfileobj(spool, out)
        out.write("\n  ]\n}")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _write_github(out: TextIO, checked: Checked, tally: Tally) -> None:
    lines = _Lines(out)
    for _file, findings in checked:
        tally.add(findings)
        for f in findings:
            level = "notice" if f.suppressed else _GITHUB_LEVEL[f.severity]
            properties = [f"file={_escape_property(f.file)}"] if f.file else []
            properties += [f"line={f.line}"] if f.line else []
            title = f.check + (f" in {f.section}" if f.section else "") + (" (suppressed)" if f.suppressed else "")
            properties.append(f"title={_escape_property(title)}")
            lines.write(f"::{level} {','.join(properties)}::{_escape_data(f.message)}")


def _testcase(file: str, findings: Sequence[Finding], strict: bool) -> str:
    case = ET.Element("testcase", classname="summarizer.check", name=file)
    failures = [f for f in findings if _counts_against(f, strict)]
    if failures:
        failure = ET.SubElement(case, "failure", type=failures[0].check,
                                message=f"{len(failures)} finding(s): {', '.join(sorted({f.check for f in failures}))}")
        failure.text = "\n".join(_line(f) for f in failures)
    others = [f for f in findings if not _counts_against(f, strict)]
    if others:
        ET.SubElement(case, "system-out").text = "\n".join(_line(f) for f in others)
    ET.indent(case, level=2)
    return ET.tostring(case, encoding="unicode")


def _write_junit(out: TextIO, checked: Checked, tally: Tally) -> None:
    """What ``ET.indent`` and ``ET.tostring`` write for the whole tree, with the test cases spooled."""
    with tempfile.TemporaryFile("w+", encoding="utf-8", newline="") as spool:
        for file, findings in checked:
            tally.add(findings)
            spool.write(f"\n    {_testcase(file, findings, tally.strict)}")
        suite = ET.Element("testsuite", name="summarizer check", tests=str(tally.files), failures=str(tally.failing_files),
                           errors="0", skipped="0")
        opening = ET.tostring(suite, encoding="unicode")  # <testsuite ... />
        out.write("<?xml version='1.0' encoding='utf-8'?>\n<testsuites name=\"summarizer check\">\n  ")
        if not tally.files:
            out.write(f"{opening}\n</testsuites>")
            return
        out.write(opening.removesuffix(" />") + ">")
        spool.seek(0)
        shutil.copyfileobj(spool, out)
        out.write("\n  </testsuite>\n</testsuites>")


def _line(f: Finding) -> str:
    suppressed = " (suppressed)" if f.suppressed else ""
    return f"line {f.line or '-'}: {f.severity} {f.check}{suppressed}: {f.message}"


def write_report(out: TextIO, checked: Checked, fmt: str = "text", color: bool = False, strict: bool = False) -> Tally:
    """Write the report of ``checked`` ((file, findings) per file, in order, e.g. from ``check_each``)
    to ``out`` in ``fmt`` (one of ``FORMATS``) as the files come; ``color`` only for a terminal;
    ``strict`` counts warnings as failures. Returns the tally, whose ``exit_code`` the run ends with."""
    writers = {"text": lambda: _write_text(out, checked, tally, color), "json": lambda: _write_json(out, checked, tally),
               "github": lambda: _write_github(out, checked, tally), "junit": lambda: _write_junit(out, checked, tally)}
    if fmt not in writers:
        raise UsageError(f"unknown report format {fmt!r}: use one of {', '.join(FORMATS)}")
    tally = Tally(strict)
    writers[fmt]()
    return tally


def render_report(result: CheckResult, fmt: str = "text", color: bool = False, strict: bool = False) -> str:
    """``write_report`` of a result held in memory, as a string."""
    buffer = io.StringIO()
    write_report(buffer, result.each(), fmt, color, strict)
    return buffer.getvalue()
