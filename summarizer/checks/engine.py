"""Run every check on a document, or on the pages under some paths; never stop at one bad file.

Folders are searched recursively for ``.json``, ``.md``/``.markdown`` and ``.html``/``.htm`` pages:

- a folder holding ``build-report.json`` is a ``build`` output: only its ``trials/`` pages are
  checked (``index.html`` and the report are not pages);
- where ``X.json`` sits beside ``X.md`` or ``X.html`` in one folder, only ``X.json`` is checked: they
  are one built page, and the JSON carries the record facts;
- files named on the command line are always checked.

Large runs are shared among worker processes (``check_paths(workers=...)``); the result is the same.
``check_each`` hands back each file's findings as soon as they are known, in file order, so that a
report of the whole registry is written as it goes instead of being held in memory.

A file that cannot be read as a page gives one ``check.unreadable`` error finding and the run goes on.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path
from typing import Iterable, Iterator

import yaml

from ..errors import SummarizerError, UsageError
from ..models import Finding
from ..parallel import fewer_collections
from ..readability import count_syllables, word_stats
from . import claims, faithfulness, jargon, placeholders, readability, sentences, structure
from .base import CheckRun
from .catalog import CHECKS, is_known
from .claims import claim_list
from .config import CheckConfig
from .document import CheckDocument
from .faithfulness import glossary_words, medical_names, places
from .jargon import jargon_terms, zipf
from .loaders import LOADERS_BY_SUFFIX, load_document

log = logging.getLogger(__name__)

# Below this many files one process is faster: starting two workers and warming their caches cost
# more than they save (measured on 2 cores, BENCHMARKS.md "Check": even at 400 pages, 1.6 times
# faster with 2 workers at 800).
PARALLEL_FROM_FILES = 500
MAX_CHUNK = 500  # files per worker task at most: findings come back (and progress shows) in steps this size
CHECK_RUNNERS = (structure.run, placeholders.run, claims.run, readability.run, sentences.run, jargon.run, faithfulness.run)


def _order(finding: Finding) -> tuple[str, int, str, str, str]:
    return (finding.file or "", finding.line or 0, finding.check, finding.section or "", finding.message)


def run_checks(doc: CheckDocument, config: CheckConfig) -> list[Finding]:
    """Every finding on ``doc``, suppressed ones included, sorted by file, line and check."""
    page = CheckRun(doc, config)
    for run in CHECK_RUNNERS:
        run(page)
    for check_id, line in doc.suppression_ids():
        if not is_known(check_id):
            page.report("suppression.unknown", f"The suppression names \"{check_id}\", which is not a check id: "
                        f"use one of {', '.join(sorted({c.split('.')[0] for c in CHECKS}))} or a full id such as readability.grade.",
                        line=line, value=check_id)
    return sorted(page.findings, key=_order)


@dataclass(frozen=True)
class CheckResult:
    """The outcome of checking some files, held in memory: what ``report.render_report``,
    ``report.tally`` and ``report.exit_code`` read."""

    files: tuple[str, ...]
    findings: tuple[Finding, ...]

    def each(self) -> Iterator[tuple[str, list[Finding]]]:
        """(file, its findings) for every file, in order, as ``check_each`` gives them."""
        by_file: dict[str, list[Finding]] = {}
        for finding in self.findings:
            by_file.setdefault(finding.file or "", []).append(finding)
        for file in self.files:
            yield file, by_file.pop(file, [])
        yield from by_file.items()  # findings of no listed file (a hand-made result)


def _page_names(folder: str) -> Iterator[tuple[str, list[str]]]:
    """(folder, names of its page files) for ``folder`` and every folder under it, hidden files and
    folders apart. Names stay strings until the end: a registry's ``trials/`` holds over a million
    files, and a ``Path`` for each cost hundreds of megabytes."""
    names: list[str] = []
    below: list[str] = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):  # as pathlib's rglob: no loops through linked folders
                below.append(entry.path)
            elif os.path.splitext(entry.name)[1].lower() in LOADERS_BY_SUFFIX and entry.is_file():
                names.append(entry.name)
    yield folder, names
    for path in below:
        yield from _page_names(path)


def _folder_pages(folder: Path) -> list[Path]:
    if (folder / "build-report.json").is_file():
        folder = folder / "trials"
        if not folder.is_dir():
            return []
    pages: list[str] = []
    for directory, names in _page_names(str(folder)):
        with_json = {stem for stem, suffix in map(os.path.splitext, names) if suffix.lower() == ".json"}
        pages += [os.path.join(directory, name) for name in names
                  if os.path.splitext(name)[1].lower() == ".json" or os.path.splitext(name)[0] not in with_json]
    pages.sort(key=lambda page: page.replace(os.sep, "\0"))  # Path order: part by part, as if "/" came first
    return [Path(page) for page in pages]


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """The page files under ``paths`` (rules in the module docstring); ``UsageError`` for a missing path."""
    files: list[Path] = []
    missing = [str(p) for p in paths if not Path(p).exists()]
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(missing)}")
    for path in map(Path, paths):
        files.extend(_folder_pages(path) if path.is_dir() else [path])
    return list(dict.fromkeys(files))


def _unreadable(path: Path, config: CheckConfig, reason: str) -> list[Finding]:
    severity = config.severity_of("check.unreadable")
    return [Finding(check="check.unreadable", severity=severity, message=reason, file=str(path))] if severity else []


def check_file(path: Path, config: CheckConfig) -> list[Finding]:
    """The findings of one file; a file that is not a readable page gives one ``check.unreadable`` finding."""
    try:
        doc = load_document(path)
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError, SummarizerError) as error:
        reason = " ".join(str(error).split()) or type(error).__name__
        return _unreadable(path, config, f"Could not read this file as a page: {reason}")
    try:
        return run_checks(doc, config)
    except Exception as error:  # one file must never stop the run; the traceback goes to the log
        log.exception("checking %s failed", path)
        return _unreadable(path, config, f"Checking this file failed ({type(error).__name__}: {error}); please report it.")


def warm_up() -> None:
    """Load the word tables (CMU syllables, wordfreq, Dale-Chall, jargon, claims, the faithfulness
    check's name lists and glossary index) once, e.g. before forking workers."""
    count_syllables("warm")
    word_stats((("warm",),))
    zipf("warm")
    zipf("warm-up")  # wordfreq's own path, for words its table does not hold as they are
    jargon_terms()
    claim_list()
    places()
    medical_names()
    glossary_words()


def _check_chunk(paths: list[Path], config: CheckConfig) -> list[tuple[str, list[Finding]]]:
    return [(str(path), check_file(path, config)) for path in paths]


def _worker_count(requested: int | None, files: int) -> int:
    if requested is not None:
        return max(1, requested)
    return 1 if files < PARALLEL_FROM_FILES else min(os.cpu_count() or 1, 8)


def _chunks(files: list[Path], workers: int) -> list[list[Path]]:
    """``files`` in chunks that shrink towards the end (a share of what is left, 8 to ``MAX_CHUNK``
    files), so that the workers finish together rather than one waiting on the other's last chunk."""
    chunks, start = [], 0
    while start < len(files):
        size = min(MAX_CHUNK, max(8, (len(files) - start) // (workers * 4)))
        chunks.append(files[start: start + size])
        start += size
    return chunks


def check_each(files: list[Path], config: CheckConfig, workers: int | None = None) -> Iterator[tuple[str, list[Finding]]]:
    """(file, its findings) for each of ``files``, in order, each as soon as it is known; one bad file
    never stops the run. ``workers`` processes share the files (default: one per CPU from
    ``PARALLEL_FROM_FILES`` files, else one); the findings are the same whatever the number."""
    count = _worker_count(workers, len(files))
    if count == 1:
        with fewer_collections():
            for path in files:
                yield str(path), check_file(path, config)
        return
    warm_up()  # forked workers inherit the loaded tables
    chunks = _chunks(files, count)
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with fewer_collections(), ProcessPoolExecutor(count, mp_context=context) as pool:
        for checked in pool.map(_check_chunk, chunks, repeat(config)):
            yield from checked


def check_paths(paths: Iterable[str | Path], config: CheckConfig, workers: int | None = None) -> CheckResult:
    """Check every page under ``paths`` (see ``check_each``), the findings held in memory."""
    files = expand_paths(list(paths))
    findings = tuple(finding for _file, found in check_each(files, config, workers) for finding in found)
    log.info("checked %d file(s): %d finding(s)", len(files), len(findings))
    return CheckResult(tuple(str(p) for p in files), findings)
