"""Build at registry scale: the figures of BENCHMARKS.md's "Build at registry scale".

Replicates the real records of ../shared/data under new NCT IDs (NCT9xxxxxxx) into a zip of one
file per study, as the registry's bulk download packs them (v2 JSON for the v2 records, legacy
XML for the XML ones), then measures in one run:

- the parse-only floor: reading every record of the zip with the build's readers, one process;
- full builds with --jobs 1 and --jobs 2 (rules drafter, all formats, all checks), and that both
  give byte-identical output;
- a no-change rebuild, and a rebuild after 1% of the records changed (their titles);
- peak memory: the largest process (ru_maxrss) and the whole process tree (sum of PSS, sampled),
  at --small records and at --records records.

Each build runs as ``summarizer build`` in a subprocess, on a snapshot of the package taken at the
start (so edits made meanwhile cannot change what is measured). Usage::

    .venv/bin/python scripts/bench_build.py [--records 100000] [--small 10000] [--work /tmp/summarizer-bench]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
EPOCH = "1795000000"
TITLE_MARKS = (b"<brief_title>", b'"briefTitle": "')


def originals() -> list[tuple[str, str, bytes]]:
    """(NCT ID, suffix, bytes) of every distinct real record in ../shared/data."""
    found: dict[str, tuple[str, bytes]] = {}
    for path in sorted((SHARED / "ctgov-v2").rglob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        studies = data if isinstance(data, list) else data.get("studies", [data])
        for study in studies:
            nct_id = study["protocolSection"]["identificationModule"]["nctId"]
            found.setdefault(nct_id, (".json", json.dumps(study, indent=2, ensure_ascii=False).encode()))
    for path in sorted((SHARED / "ctgov-xml").rglob("*.xml")):
        found.setdefault(path.stem, (".xml", path.read_bytes()))
    return [(nct_id, suffix, data) for nct_id, (suffix, data) in sorted(found.items())]


def make_corpus(path: Path, count: int, changed_every: int = 0) -> None:
    """``count`` studies in a zip; with ``changed_every`` every n-th study's title is revised."""
    records = originals()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for number in range(count):
            nct_id, suffix, data = records[number % len(records)]
            new_id = f"NCT9{number:07d}"
            data = data.replace(nct_id.encode(), new_id.encode())
            if changed_every and number % changed_every == 0:
                for mark in TITLE_MARKS:
                    data = data.replace(mark, mark + b"Revised: ", 1)
            archive.writestr(f"{new_id}{suffix}", data)


class TreeMemory:
    """Samples the summed proportional set size (PSS) of a process and its descendants."""

    def __init__(self, pid: int, every: float = 0.25):
        self.pid, self.every, self.peak = pid, every, 0
        self.started = time.perf_counter()
        self.at_peak: dict = {}  # when the peak was seen, and each process's share then (main first)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _tree(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    stat = Path(f"/proc/{entry}/stat").read_text()
                except OSError:
                    continue
                ppid = int(stat.rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
        tree, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            tree.append(pid)
            todo.extend(children.get(pid, []))
        return tree

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            shares = []
            for pid in self._tree():
                try:
                    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                        if line.startswith("Pss:"):
                            shares.append(int(line.split()[1]) * 1024)
                except OSError:
                    pass
            if sum(shares) > self.peak:
                self.peak = sum(shares)
                self.at_peak = {"s": round(time.perf_counter() - self.started, 1),
                                "pss_mb": [round(share / 2**20) for share in shares]}

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def run(label: str, args: list[str], src: Path, cwd: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(src), "SOURCE_DATE_EPOCH": EPOCH}
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, *args], cwd=cwd, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    memory = TreeMemory(process.pid)
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    tree_peak = memory.stop()
    stdout, stderr = process.stdout.read(), process.stderr.read()
    figures = {"label": label, "wall_s": round(wall, 2), "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
               "max_process_rss_mb": round(usage.ru_maxrss / 1024, 1), "tree_pss_mb": round(tree_peak / 2**20, 1),
               "tree_pss_peak": memory.at_peak,
               "exit": os.waitstatus_to_exitcode(status), "stdout": stdout.strip()[-300:], "log": stderr}
    if figures["exit"] not in (0, 1):
        figures["stderr"] = stderr[-2000:]
    print(json.dumps({k: v for k, v in figures.items() if k not in ("stdout", "log")}), flush=True)
    return figures


def build(label: str, corpus: Path, out: Path, jobs: int, src: Path, cwd: Path) -> dict:
    # With a site URL, as a published site is built: the sitemap is written only then.
    figures = run(label, ["-m", "summarizer.cli", "-v", "build", str(corpus), "--out", str(out), "--jobs", str(jobs),
                          "--site-url", "https://trials.example", "-q"], src, cwd)
    report = json.loads((out / "build-report.json").read_text())
    figures["totals"] = {k: report["totals"][k] for k in ("records", "built", "unchanged", "failed")}
    # The build's own timings of its phases: "records: ... (12.3s)", "related trials: ...", "site: ...".
    figures["phases"] = [" ".join(line.split()[1:]) for line in figures.pop("log", "").splitlines()
                         if line.split()[:1] == ["INFO"]]
    print(json.dumps({"phases": figures["phases"]}), flush=True)
    return figures


def tree_digest(folder: Path) -> str:
    h = hashlib.blake2b(digest_size=16)
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")):
        h.update(path.relative_to(folder).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/summarizer-bench"))
    parser.add_argument("--skip-j1", action="store_true", help="no --jobs 1 build (and no identity check)")
    options = parser.parse_args()
    work = options.work
    shutil.rmtree(work, ignore_errors=True)
    (work / "cwd").mkdir(parents=True)
    src = work / "src"
    for folder in ("summarizer", "templates", "prompts"):
        shutil.copytree(ROOT / folder, src / folder, ignore=shutil.ignore_patterns("__pycache__"))
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    dirty = bool(subprocess.run(["git", "status", "--porcelain", "summarizer", "templates", "prompts"], cwd=ROOT,
                                capture_output=True, text=True).stdout.strip())
    print(f"commit {commit}{' (with uncommitted changes)' if dirty else ''}; {os.cpu_count()} cores", flush=True)

    started = time.perf_counter()
    big, small, changed = work / "corpus.zip", work / "corpus-small.zip", work / "corpus-1pct.zip"
    make_corpus(big, options.records)
    make_corpus(small, options.small)
    make_corpus(changed, options.records, changed_every=100)
    print(f"corpus: {options.records} studies, {big.stat().st_size / 2**20:.0f} MiB zipped "
          f"({time.perf_counter() - started:.0f}s to make)", flush=True)

    cwd = work / "cwd"
    results: dict = {"commit": commit, "dirty": dirty, "records": options.records, "small": options.small}
    parse = "import sys; from summarizer.readers import read_paths; print(sum(1 for _ in read_paths([sys.argv[1]])))"
    results["parse"] = run("parse-only floor", ["-c", parse, str(big)], src, cwd)
    results["small_j2"] = build(f"full build {options.small}, --jobs 2", small, work / "out-small", 2, src, cwd)
    if not options.skip_j1:
        results["full_j1"] = build("full build, --jobs 1", big, work / "out-j1", 1, src, cwd)
    results["full_j2"] = build("full build, --jobs 2", big, work / "out-j2", 2, src, cwd)
    if not options.skip_j1:
        results["identical_j1_j2"] = tree_digest(work / "out-j1") == tree_digest(work / "out-j2")
        shutil.rmtree(work / "out-j1")
    results["nochange_j2"] = build("no-change rebuild, --jobs 2", big, work / "out-j2", 2, src, cwd)
    results["changed_j2"] = build("rebuild after 1% changed, --jobs 2", changed, work / "out-j2", 2, src, cwd)
    (work / "results.json").write_text(json.dumps(results, indent=2))
    print(report(results))


def report(r: dict) -> str:
    n = r["records"]
    floor = r["parse"]["wall_s"]

    def rate(key: str) -> str:
        return f"{n / r[key]['wall_s']:.0f}"

    rows = [
        ("parse-only floor (1 process)", r["parse"], f"{n / floor:.0f}", "—"),
        *([("full build, --jobs 1", r["full_j1"], rate("full_j1"), f"{r['full_j1']['wall_s'] / floor:.1f}x")]
          if "full_j1" in r else []),
        ("full build, --jobs 2", r["full_j2"], rate("full_j2"), f"{r['full_j2']['wall_s'] / floor:.1f}x"),
        (f"full build of {r['small']}, --jobs 2", r["small_j2"], f"{r['small'] / r['small_j2']['wall_s']:.0f}", "—"),
        ("no-change rebuild, --jobs 2", r["nochange_j2"], rate("nochange_j2"), "—"),
        ("rebuild after 1% changed, --jobs 2", r["changed_j2"], rate("changed_j2"), "—"),
    ]
    lines = ["| run | wall s | CPU s | records/s | x floor | largest process MB | process tree PSS MB | built / unchanged |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    for label, f, per_second, ratio in rows:
        totals = f.get("totals")
        done = f"{totals['built']} / {totals['unchanged']}" if totals else "—"
        lines.append(f"| {label} | {f['wall_s']} | {f['cpu_s']} | {per_second} | {ratio} | {f['max_process_rss_mb']} "
                     f"| {f['tree_pss_mb']} | {done} |")
    if "identical_j1_j2" in r:
        lines.append(f"\nOutput of --jobs 1 and --jobs 2 byte-identical: {r['identical_j1_j2']}.")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
