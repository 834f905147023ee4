"""``make bench-check``: pages per second of ``summarizer check`` over a built corpus, beside textstat.

Builds ../shared/data into a folder once (unless it is there), then measures, each cold measure in a
fresh Python process so that no table, cache or worker is left over from another measure:

- the CLI as a user runs it (``summarizer check SITE --format json``): wall clock of the whole
  process, interpreter start-up and imports included;
- ``check_paths`` as the CLI calls it (default workers, then 1 and 2 workers forced): the time of
  the call alone, in a fresh process after the imports;
- ``run_checks`` on pages already loaded, with every table and cache warm (a second pass in one
  process): the floor of the engine itself;
- textstat's four scores (FK grade, SMOG, reading ease, Dale-Chall) on the same section texts, in a
  fresh process: the raw-readability floor the issue compares with.

Every measure is repeated (``--repeat``, 3 by default) and the best run is shown beside the others:
the machine is shared, so the best run is the one least disturbed. The load average is printed too.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

_IN_PROCESS = {
    "check_paths": """
import sys, time
from summarizer.checks import CheckConfig, check_paths
workers = None if sys.argv[2] == "default" else int(sys.argv[2])
config = CheckConfig()
started = time.perf_counter()
result = check_paths([sys.argv[1]], config, workers=workers)
print(time.perf_counter() - started, len(result.files))
""",
    "run_checks_warm": """
import sys, time
from summarizer.checks import CheckConfig, run_checks
from summarizer.checks.engine import expand_paths
from summarizer.checks.loaders import load_document
config = CheckConfig()
docs = [load_document(p) for p in expand_paths([sys.argv[1]])]
for doc in docs:
    run_checks(doc, config)
started = time.perf_counter()
for doc in docs:
    run_checks(doc, config)
print(time.perf_counter() - started, len(docs))
""",
    "textstat": """
import json, sys, time
from summarizer.checks.engine import expand_paths
from summarizer.readability import textstat_scores
pages = expand_paths([sys.argv[1]])
texts = [s["text"] for p in pages for s in json.loads(p.read_text(encoding="utf-8"))["sections"]]
started = time.perf_counter()
for text in texts:
    textstat_scores(text)
print(time.perf_counter() - started, len(pages))
""",
}


def built_pages(site: Path, inputs: list[str]) -> list[Path]:
    if not (site / "trials").is_dir():
        subprocess.run([sys.executable, "-m", "summarizer.cli", "build", *inputs, "--out", str(site), "--quiet"],
                       check=False, env={**os.environ, "SOURCE_DATE_EPOCH": "1795000000"})
    return sorted((site / "trials").glob("*.json"))


def in_fresh_process(kind: str, site: Path, *args: str) -> float:
    """Seconds that the snippet ``kind`` reports, run in a new interpreter."""
    done = subprocess.run([sys.executable, "-c", _IN_PROCESS[kind], str(site), *args],
                          check=True, capture_output=True, text=True)
    return float(done.stdout.split()[0])


def cli_wall_clock(site: Path) -> float:
    """Seconds of ``summarizer check SITE --format json`` from process start to exit (exit 1 is findings)."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "summarizer.cli", "check", str(site), "--format", "json"],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"summarizer check failed ({done.returncode}): {done.stderr[-2000:]}")
    return elapsed


def load_average() -> str:
    try:
        return " ".join(f"{v:.2f}" for v in os.getloadavg())
    except OSError:
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, default=Path(".bench/check-site"))
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measure; the best is shown (default 3)")
    parser.add_argument("inputs", nargs="*", default=["../shared/data/ctgov-v2", "../shared/data/ctgov-xml"])
    args = parser.parse_args(argv)
    pages = built_pages(args.site, args.inputs)
    if not pages:
        print("bench-check: no pages built (is ../shared/data there?)", file=sys.stderr)
        return 2
    sections = sum(len(json.loads(p.read_text(encoding="utf-8"))["sections"]) for p in pages)
    measures = [
        ("summarizer check CLI, wall clock incl. start-up (default workers)", lambda: cli_wall_clock(args.site)),
        ("check_paths in a fresh process, cold (default workers)", lambda: in_fresh_process("check_paths", args.site, "default")),
        ("check_paths in a fresh process, cold (1 worker)", lambda: in_fresh_process("check_paths", args.site, "1")),
        ("check_paths in a fresh process, cold (2 workers)", lambda: in_fresh_process("check_paths", args.site, "2")),
        ("run_checks on loaded pages, warm caches (1 process)", lambda: in_fresh_process("run_checks_warm", args.site)),
        ("textstat's 4 scores on the same section texts (fresh process)", lambda: in_fresh_process("textstat", args.site)),
    ]
    n = len(pages)
    print(f"{n} pages, {sections} sections; {platform.processor() or platform.machine()}, {os.cpu_count()} cores; "
          f"load average before: {load_average()}")
    print(f"{'measure':66} {'best s':>7} {'pages/s':>8}  runs (s)")
    for name, measure in measures:
        runs = [measure() for _ in range(max(1, args.repeat))]
        best = min(runs)
        print(f"{name:66} {best:7.2f} {n / best:8.0f}  {' '.join(f'{r:.2f}' for r in runs)}", flush=True)
    print(f"load average after: {load_average()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
