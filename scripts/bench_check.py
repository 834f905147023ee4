"""``make bench-check``: pages per second of ``summarizer check`` over a built corpus, beside textstat.

Builds ../shared/data into a folder (unless one is given), then in one run measures:
- ``check`` as the CLI runs it (``check_paths``: read each page JSON, run every check), wall clock,
  with its default workers and with one worker;
- the engine alone on pages already loaded (``run_checks``), one process;
- textstat's four scores (FK grade, SMOG, reading ease, Dale-Chall) on the same section texts, one
  process: the raw-readability floor the issue compares with.
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

from summarizer.checks import CheckConfig, check_paths, run_checks
from summarizer.checks.loaders import load_document
from summarizer.readability import textstat_scores


def built_pages(site: Path, inputs: list[str]) -> list[Path]:
    if not (site / "trials").is_dir():
        subprocess.run([sys.executable, "-m", "summarizer.cli", "build", *inputs, "--out", str(site), "--quiet"],
                       check=False, env={**os.environ, "SOURCE_DATE_EPOCH": "1795000000"})
    return sorted((site / "trials").glob("*.json"))


def timed(func) -> float:
    started = time.perf_counter()
    func()
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--site", type=Path, default=Path(".bench/check-site"))
    parser.add_argument("inputs", nargs="*", default=["../shared/data/ctgov-v2", "../shared/data/ctgov-xml"])
    args = parser.parse_args(argv)
    pages = built_pages(args.site, args.inputs)
    if not pages:
        print("bench-check: no pages built (is ../shared/data there?)", file=sys.stderr)
        return 2
    config = CheckConfig()
    texts = [s["text"] for p in pages for s in json.loads(p.read_text())["sections"]]
    docs = [load_document(p) for p in pages]
    n = len(pages)
    rows = [
        ("summarizer check (check_paths, default workers)", timed(lambda: check_paths(pages, config))),
        ("summarizer check (check_paths, 1 worker)", timed(lambda: check_paths(pages, config, workers=1))),
        ("run_checks on loaded pages (1 process)", timed(lambda: [run_checks(d, config) for d in docs])),
        ("textstat's 4 scores on the same section texts (1 process)", timed(lambda: [textstat_scores(t) for t in texts])),
    ]
    print(f"{n} pages, {len(texts)} sections; {platform.processor() or platform.machine()}, {os.cpu_count()} cores")
    print(f"{'measure':62} {'seconds':>8} {'pages/s':>9}")
    for name, seconds in rows:
        print(f"{name:62} {seconds:8.2f} {n / seconds:9.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
