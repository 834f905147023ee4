"""Reporters (text, json, github, junit) and the exit status."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from summarizer.checks import CheckConfig, check_paths, exit_code, render_report, tally
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


def _whole_document_json(result: CheckResult) -> str:
    """The JSON report as one json.dumps of the whole document (what write_report spools piece by piece)."""
    from summarizer.checks.report import finding_json

    return json.dumps({"version": 1, "files": len(result.files), "counts": tally(result).counts(),
                       "findings": [finding_json(f) for f in result.findings]}, indent=2, ensure_ascii=False)


def _whole_tree_junit(result: CheckResult, strict: bool) -> str:
    """The JUnit report as ElementTree writes the whole tree at once (the reporter before it streamed)."""
    from summarizer.checks.report import _line

    def fails(f: Finding) -> bool:
        return not f.suppressed and (f.severity == "error" or (strict and f.severity == "warning"))

    suites = ET.Element("testsuites", name="summarizer check")
    per_file = list(result.each())
    suite = ET.SubElement(suites, "testsuite", name="summarizer check", tests=str(len(per_file)),
                          failures=str(sum(any(map(fails, found)) for _file, found in per_file)), errors="0", skipped="0")
    for file, found in per_file:
        case = ET.SubElement(suite, "testcase", classname="summarizer.check", name=file)
        failures = [f for f in found if fails(f)]
        if failures:
            failure = ET.SubElement(case, "failure", type=failures[0].check,
                                    message=f"{len(failures)} finding(s): {', '.join(sorted({f.check for f in failures}))}")
            failure.text = "\n".join(map(_line, failures))
        others = [f for f in found if not fails(f)]
        if others:
            ET.SubElement(case, "system-out").text = "\n".join(map(_line, others))
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True)


@pytest.mark.parametrize("strict", [False, True])
def test_streamed_json_and_junit_are_what_one_dump_of_the_whole_report_writes(result, strict):
    for case in (result, tricky(), CheckResult((), ())):
        assert render_report(case, "json", strict=strict) == _whole_document_json(case)
        assert render_report(case, "junit", strict=strict) == _whole_tree_junit(case, strict)


def test_the_report_is_written_as_the_files_come_not_at_the_end(result):
    # a check of the whole registry finds millions of things: none of them may wait for the last file
    import io

    from summarizer.checks import write_report

    per_file = [(file, found) for file, found in result.each() if found]
    for fmt in ("text", "github"):
        out = io.StringIO()
        seen: list[int] = []

        def checked():
            for file, found in per_file:
                seen.append(len(out.getvalue()))  # what was written before this file was handed over
                yield file, found

        totals = write_report(out, checked(), fmt)
        assert seen[0] == 0 and all(a < b for a, b in zip(seen[1:], seen[2:])) and seen[-1] > 0
        assert totals.files == len(per_file) and totals.exit_code == exit_code(result) == 1
    spooled = io.StringIO()
    totals = write_report(spooled, iter(per_file), "json")
    assert totals.counts() == tally(result).counts() and json.loads(spooled.getvalue())["files"] == len(per_file)
    clean = io.StringIO()
    totals = write_report(clean, iter([("clean.md", [])]), "github")
    assert clean.getvalue() == "" and totals.files == 1 and not any(totals.totals.values()) and totals.exit_code == 0


def test_each_gives_every_file_in_order_with_its_findings(result):
    per_file = list(result.each())
    assert [file for file, _found in per_file] == list(result.files)
    assert [f for _file, found in per_file for f in found] == list(result.findings)
    finding = tricky().findings[0]
    assert list(CheckResult(("clean.md", finding.file), (finding,)).each()) == [("clean.md", []), (finding.file, [finding])]


@pytest.mark.parametrize("finding", [
    Finding(check="a.b", severity="info", message='quote " backslash \\ é 😀 newline \n tab \t nul \x00 \u2028',
            value=float("nan"), threshold=1e-05),
    Finding(check="a.b", severity="error", message="m", value=10**20, threshold=float("-inf"), suppressed=True, line=3,
            file="x/ö.md", section="s"),
    Finding(check="a.b", severity="warning", message="", value=-0.0, threshold="12.5"),
    Finding(check="a.b", severity="warning", message="x", value=12.345, threshold=8),
])
def test_a_finding_item_is_what_json_dumps_writes(finding):
    from summarizer.checks.report import _finding_item, finding_json

    assert _finding_item(finding) == "    " + json.dumps(finding_json(finding), indent=2, ensure_ascii=False).replace("\n", "\n    ")
