"""Reporters (text, json, github, junit) and the exit status."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from summarizer.checks import CheckConfig, check_paths, exit_code, render_report
from summarizer.checks.engine import CheckResult
from summarizer.errors import UsageError
from summarizer.models import Finding

PAGES = Path(__file__).parent / "fixtures" / "pages"
GITHUB_LINE = re.compile(r"^::(error|warning|notice) (file=[^,:]+,)?(line=\d+,)?title=[^,:]+::.+$")


@pytest.fixture(scope="module")
def result() -> CheckResult:
    return check_paths([PAGES], CheckConfig(), workers=1)


def tricky() -> CheckResult:
    finding = Finding(check="placeholder.value", severity="warning", file="dir,with:odd%name.md", line=3, section="summary",
                      message="100% sure:\nline two, with comma\r", value="None")
    suppressed = finding.model_copy(update={"suppressed": True, "severity": "error"})
    return CheckResult(("dir,with:odd%name.md",), (finding, suppressed))


def test_text_groups_by_file_and_counts_per_check(result):
    text = render_report(result, "text")
    assert "\033[" not in text
    assert text.index(str(PAGES / "clean.html")) < text.index(str(PAGES / "cures.md"))
    assert "Findings per check:" in text and re.search(r"claims\.promotional\s+1\n", text)
    assert text.rstrip().endswith("suppressed.") and "8 file(s) checked" in text


def test_text_colours_only_when_told():
    coloured = render_report(tricky(), "text", color=True)
    assert "\033[33mwarning" in coloured and "\033[2m" in coloured and "(suppressed)" in coloured


def test_json_has_the_documented_schema(result):
    data = json.loads(render_report(result, "json"))
    assert list(data) == ["version", "files", "counts", "findings"]
    assert data["version"] == 1 and data["files"] == 8 and data["counts"]["claims.promotional"] == 1
    assert list(data["findings"][0]) == ["file", "line", "section", "check", "severity", "message", "value", "threshold", "suppressed"]


def test_github_lines_match_the_documented_shape(result):
    lines = render_report(result, "github").splitlines()
    assert lines and all(GITHUB_LINE.match(line) for line in lines)
    assert any(line.startswith("::error file=") and "title=claims.promotional in what_it_could_mean::" in line for line in lines)


def test_github_escapes_data_and_properties():
    first, second = render_report(tricky(), "github").splitlines()
    assert first == ("::warning file=dir%2Cwith%3Aodd%25name.md,line=3,title=placeholder.value in summary::"
                     "100%25 sure:%0Aline two, with comma%0D")
    assert second.startswith("::notice ") and "(suppressed)" in second and GITHUB_LINE.match(second)


def test_junit_is_valid_xml_with_a_case_per_file(result):
    root = ET.fromstring(render_report(result, "junit"))
    [suite] = root.findall("testsuite")
    cases = suite.findall("testcase")
    assert len(cases) == 8 and suite.get("tests") == "8"
    failing = {Path(case.get("name")).name for case in cases if case.find("failure") is not None}
    assert failing == {"cures.md", "doctor.json", "grade16.md", "missing-disclaimer.md", "placeholder.md"}
    assert suite.get("failures") == "5"
    strict = ET.fromstring(render_report(result, "junit", strict=True)).find("testsuite")
    assert int(strict.get("failures")) > 5


def test_exit_code(result):
    assert exit_code(result) == 1
    clean = check_paths([PAGES / "clean.md"], CheckConfig())
    assert exit_code(clean) == 0 and exit_code(clean, strict=True) == 0
    warned = check_paths([PAGES / "chewing-study.json"], CheckConfig())
    assert exit_code(warned) == 0 and exit_code(warned, strict=True) == 1
    assert exit_code(CheckResult((), tricky().findings[1:])) == 0  # suppressed errors do not count


def test_unknown_format():
    with pytest.raises(UsageError, match="unknown report format"):
        render_report(tricky(), "xml")
