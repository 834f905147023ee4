"""The command line through its real entry point: exit codes, error lines, output."""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
RECORDS = HERE / "fixtures" / "records"
BAD = HERE / "fixtures" / "bad"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "summarizer.cli", *args], capture_output=True, text=True, umask=0o022,
                          cwd=cwd, timeout=120, env={"SOURCE_DATE_EPOCH": "1795000000", "PATH": "/usr/bin:/bin",
                                                     "COLUMNS": "200", "SUMMARIZER_CACHE_DIR": os.environ["SUMMARIZER_CACHE_DIR"]})


def test_help_explains_every_command():
    result = run("--help")
    assert result.returncode == 0
    for command in ("build", "check", "draft", "extract"):
        assert command in result.stdout
    assert "--out" in run("build", "--help").stdout


def test_check_help_names_the_config_files_and_the_check_ids_document():
    help_text = " ".join(run("check", "--help").stdout.split())
    for needed in ("summarizer.yaml", "[tool.summarizer]", "pyproject.toml", "docs/check-json-schema.md", "NO_COLOR"):
        assert needed in help_text


def check_on_a_terminal(site: Path, **env: str) -> str:
    """The text report of ``check`` written to a pseudo-terminal, as a person sees it."""
    import pty

    leader, follower = pty.openpty()
    base = {"PATH": "/usr/bin:/bin", "COLUMNS": "200", "SUMMARIZER_CACHE_DIR": os.environ["SUMMARIZER_CACHE_DIR"]}
    process = subprocess.Popen([sys.executable, "-m", "summarizer.cli", "check", str(site)], stdout=follower,
                               stderr=subprocess.DEVNULL, env=base | env)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: the command ended
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=120)
    os.close(leader)
    return b"".join(chunks).decode()


def test_the_text_report_honours_no_color(tmp_path):
    run("build", str(RECORDS / "NCT04207047.json"), "--out", str(tmp_path / "site"))
    assert "\x1b[" in check_on_a_terminal(tmp_path / "site")
    plain = check_on_a_terminal(tmp_path / "site", NO_COLOR="1")
    assert "file(s) checked" in plain and "\x1b[" not in plain
    assert "\x1b[" in check_on_a_terminal(tmp_path / "site", NO_COLOR="")  # empty means unset (no-color.org)


def test_build_clean_batch_exits_0(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(RECORDS / "NCT04207047.json", src)
    result = run("build", str(src), "--out", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    assert "1 pages written" in result.stderr
    assert (tmp_path / "site" / "trials" / "NCT04207047.html").is_file()
    published = [p for p in (tmp_path / "site").rglob("*") if p.is_file() and not p.name.startswith(".")]
    assert len(published) > 5 and {p.stat().st_mode & 0o777 for p in published} == {0o644}  # a web server can read them
    assert "No sitemap.xml" in result.stderr and not (tmp_path / "site" / "sitemap.xml").exists()
    with_url = run("build", str(src), "--out", str(tmp_path / "site"), "--site-url", "https://trials.example", "--full")
    assert "No sitemap.xml" not in with_url.stderr and (tmp_path / "site" / "sitemap.xml").is_file()


def test_build_with_bad_records_prints_one_line_each_and_exits_1(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(RECORDS / "NCT04207047.json", src)
    for bad in BAD.iterdir():
        shutil.copy(bad, src)
    result = run("build", str(src), "--out", str(tmp_path / "site"), "--quiet")
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == len(list(BAD.iterdir()))
    for bad in BAD.iterdir():
        assert sum(bad.name in line for line in lines) == 1
    assert (tmp_path / "site" / "trials" / "NCT04207047.json").is_file()


def test_missing_input_and_bad_config_exit_2(tmp_path):
    assert run("build", str(tmp_path / "nope"), "--out", str(tmp_path / "o")).returncode == 2
    (tmp_path / "summarizer.yaml").write_text("drafter: 3\nshow_contacts: maybe\nunknown_key: 1\n")
    result = run("build", str(RECORDS / "NCT04207047.json"), "--out", str(tmp_path / "o"), cwd=tmp_path)
    assert result.returncode == 2
    for key in ("drafter", "show_contacts", "unknown_key"):
        assert key in result.stderr


def test_check_with_a_bad_config_lists_every_problem_at_once_and_exits_2(tmp_path):
    run("build", str(RECORDS / "NCT04207047.json"), "--out", str(tmp_path / "site"))
    (tmp_path / "summarizer.yaml").write_text("drafter: rulez\nshow_contacts: maybe\ncheck: {max_grade: x, colour: 1}\n")
    result = run("check", str(tmp_path / "site"), "--format", "json", cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    problems = [line.strip() for line in result.stderr.splitlines() if line.strip().startswith("- ")]
    assert [p[2:].split(":")[0] for p in problems] == ["drafter", "show_contacts", "check.max_grade", "check.colour"]
    assert "unknown drafter" in problems[0]


def test_extract_prints_trials_as_json():
    result = run("extract", str(RECORDS / "NCT00460057.xml"), str(RECORDS / "NCT04207047.json"))
    assert result.returncode == 0, result.stderr
    trials = json.loads(result.stdout)
    assert [t["nct_id"] for t in trials] == ["NCT00460057", "NCT04207047"]
    assert trials[0]["provenance"]["enrollment"] == "enrollment"


def test_draft_prints_one_page_as_markdown():
    result = run("draft", str(RECORDS / "NCT00973089.json"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("---\n") and "## What could go wrong" in result.stdout


@pytest.mark.parametrize("fmt", ["text", "json", "github", "junit"])
def test_check_formats_on_built_pages(tmp_path, fmt):
    run("build", str(RECORDS / "NCT04207047.json"), "--out", str(tmp_path / "site"))
    result = run("check", str(tmp_path / "site"), "--format", fmt)
    assert result.returncode in (0, 1), result.stderr
    assert result.stdout.strip() and result.stdout.endswith("\n") and not result.stdout.endswith("\n\n")
    assert "checking" not in result.stderr  # no progress bar where stderr is no terminal
    in_two_workers = run("check", str(tmp_path / "site"), "--format", fmt, "--jobs", "2")  # default here: one process
    assert (in_two_workers.returncode, in_two_workers.stdout) == (result.returncode, result.stdout)


def test_the_check_progress_passes_every_item_through_and_counts_it():
    from rich.progress import Progress

    from summarizer.cli import _with_progress

    progress = Progress(disable=True, auto_refresh=False)
    task = progress.add_task("check", total=3)
    assert list(_with_progress(iter("abc"), progress, task)) == ["a", "b", "c"]
    assert progress.tasks[0].completed == 3


@pytest.mark.parametrize("body, status, stdout, stderr", [
    ("print('x' * 200_000, end='')", 0, "x" * 200_000, ""),  # all of a long report, though the exit skips teardown
    ("sys.exit(1)", 1, "", ""),
    ("sys.exit('stopped: why')", 1, "", "stopped: why\n"),  # as Python reports sys.exit("...")
    ("sys.exit(None)", 0, "", ""),
    ("logging.getLogger('summarizer').error('logged')", 0, "", "logged"),  # log handlers flushed
])
def test_the_command_exits_fast_with_mains_status_and_all_its_output(body, status, stdout, stderr):
    script = (f"import logging, sys\nimport summarizer.cli as cli\n"
              f"def main():\n    logging.basicConfig(format='%(message)s')\n    {body}\n"
              f"cli.main = main\ncli.run()\nprint('never here')")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stdout) == (status, stdout)
    assert stderr in result.stderr and "never here" not in result.stdout
