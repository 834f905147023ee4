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
"""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from itertools import groupby

from ..errors import UsageError
from ..models import Finding
from .engine import CheckResult

FORMATS = ("text", "json", "github", "junit")
JSON_SCHEMA_VERSION = 1
_COLOURS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m", "suppressed": "\033[2m", "file": "\033[1m"}
_RESET = "\033[0m"
_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _counts_against(finding: Finding, strict: bool) -> bool:
    return not finding.suppressed and (finding.severity == "error" or (strict and finding.severity == "warning"))


def exit_code(result: CheckResult, strict: bool = False) -> int:
    """0 when no active error finding (with ``strict``, no warning either), else 1."""
    return 1 if any(_counts_against(f, strict) for f in result.findings) else 0


def _by_file(result: CheckResult) -> list[tuple[str, list[Finding]]]:
    return [(file, list(group)) for file, group in groupby(result.findings, key=lambda f: f.file or "")]


def render_text(result: CheckResult, color: bool = False) -> str:
    def paint(text: str, style: str) -> str:
        return f"{_COLOURS[style]}{text}{_RESET}" if color else text

    lines: list[str] = []
    for file, findings in _by_file(result):
        lines.append(paint(file or "(no file)", "file"))
        for f in findings:
            where, severity = f"{f.line or '-':>5}", f"{f.severity:<7}"
            rest = f"{f.check}{f' [{f.section}]' if f.section else ''}  {f.message}"
            if f.suppressed:
                lines.append(paint(f"{where}  {severity}  {rest}  (suppressed)", "suppressed"))
            else:
                lines.append(f"{where}  {paint(severity, f.severity)}  {rest}")
        lines.append("")
    counts = result.counts()
    if counts:
        width = max(map(len, counts))
        lines.append("Findings per check:")
        lines += [f"  {check:<{width}}  {count:>6}" for check, count in counts.items()]
    totals = result.severities()
    lines.append(f"{len(result.files)} file(s) checked: {totals['error']} error(s), {totals['warning']} warning(s), "
                 f"{totals['info']} info, {totals['suppressed']} suppressed.")
    return "\n".join(lines)


def finding_json(finding: Finding) -> dict[str, object]:
    return {key: getattr(finding, key) for key in
            ("file", "line", "section", "check", "severity", "message", "value", "threshold", "suppressed")}


def render_json(result: CheckResult) -> str:
    document = {"version": JSON_SCHEMA_VERSION, "files": len(result.files), "counts": result.counts(),
                "findings": [finding_json(f) for f in result.findings]}
    return json.dumps(document, indent=2, ensure_ascii=False)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(result: CheckResult) -> str:
    lines = []
    for f in result.findings:
        level = "notice" if f.suppressed else _GITHUB_LEVEL[f.severity]
        properties = [f"file={_escape_property(f.file)}"] if f.file else []
        properties += [f"line={f.line}"] if f.line else []
        title = f.check + (f" in {f.section}" if f.section else "") + (" (suppressed)" if f.suppressed else "")
        properties.append(f"title={_escape_property(title)}")
        lines.append(f"::{level} {','.join(properties)}::{_escape_data(f.message)}")
    return "\n".join(lines)


def render_junit(result: CheckResult, strict: bool = False) -> str:
    suites = ET.Element("testsuites", name="summarizer check")
    failing = sum(any(_counts_against(f, strict) for f in findings) for _, findings in _by_file(result))
    suite = ET.SubElement(suites, "testsuite", name="summarizer check", tests=str(len(result.files)),
                          failures=str(failing), errors="0", skipped="0")
    findings_by_file = dict(_by_file(result))
    for file in result.files:
        findings = findings_by_file.get(file, [])
        case = ET.SubElement(suite, "testcase", classname="summarizer.check", name=file)
        failures = [f for f in findings if _counts_against(f, strict)]
        if failures:
            failure = ET.SubElement(case, "failure", type=failures[0].check,
                                    message=f"{len(failures)} finding(s): {', '.join(sorted({f.check for f in failures}))}")
            failure.text = "\n".join(_line(f) for f in failures)
        others = [f for f in findings if not _counts_against(f, strict)]
        if others:
            ET.SubElement(case, "system-out").text = "\n".join(_line(f) for f in others)
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True)


def _line(f: Finding) -> str:
    suppressed = " (suppressed)" if f.suppressed else ""
    return f"line {f.line or '-'}: {f.severity} {f.check}{suppressed}: {f.message}"


def render_report(result: CheckResult, fmt: str = "text", color: bool = False, strict: bool = False) -> str:
    """``result`` in ``fmt`` (one of ``FORMATS``); ``color`` only for a terminal; ``strict`` fails on warnings (JUnit)."""
    if fmt == "text":
        return render_text(result, color)
    if fmt == "json":
        return render_json(result)
    if fmt == "github":
        return render_github(result)
    if fmt == "junit":
        return render_junit(result, strict)
    raise UsageError(f"unknown report format {fmt!r}: use one of {', '.join(FORMATS)}")
