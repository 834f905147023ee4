"""Orchestration: inputs -> records -> trials -> pages -> files, and the site around them.

Each record is isolated: a record that cannot be read, extracted, drafted or rendered becomes one
failed outcome with its reason, and the batch goes on. Files are written atomically. Builds are
incremental and parallel (``incremental.py``): the state store in the output folder says what is
unchanged, worker processes make the pages, and the output is the same whatever their number.
"""
from __future__ import annotations

import logging
import os
import statistics
from array import array
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import NamedTuple, TypeVar

from .checks import CheckDocument, run_checks
from .checks.engine import warm_up
from .config import Settings
from .disclaimers import DisclaimerPolicy, DisclaimerWriter
from .drafting import draft_many, get_drafter
from .drafting.wording import full_date
from .duplicates import DuplicateGroup, find_probable_duplicates
from .errors import RecordError, SummarizerError
from .extract import extract
from .build_report import ReportWriter
from .fsutil import remove_stale_temp_files
from .models import DateInfo, Draft, Page, RawRecord, Trial
from .overrides import Overrides, unmatched_overrides
from .parallel import ordered_map
from .readability import score, score_together
from .readers import read_paths
from .related import show_related
from .render import Renderer
from .site import write_site
from .sources import SourceUnit, source_units, webpage_inputs, webpage_unit
from .state import STATE_FILE, BuildLock, History, Store, input_hash, override_hashes, shape_hash

log = logging.getLogger(__name__)
T = TypeVar("T")
# The workers make the pages of this many steps each (about 1,000 records), then a fresh pool takes
# over: the caches of the drafting and checking code are bounded per entry count, not in bytes.
WORKER_STEPS = 125


def build_date() -> str:
    """The build's date: ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else today (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), timezone.utc) if epoch else datetime.now(timezone.utc)
    return moment.date().isoformat()


@dataclass(slots=True)
class Outcome:
    """One input record's fate, as build-report.json lists it. ``unchanged``: the page made by an
    earlier build still holds, so this build did not make it again."""

    source: str
    record: str
    ok: bool
    id: str | None = None
    title: str | None = None
    status: str | None = None
    error: str | None = None
    grade: float | None = None
    errors: int = 0
    warnings: int = 0
    duplicates: list[str] = field(default_factory=list)
    fallbacks: dict[str, str] = field(default_factory=dict)  # section -> check that sent a model draft back to rules
    unchanged: bool = False


class PageMade(NamedTuple):
    """A page the build made: what the summary needs, a few dozen bytes (a build may make 500,000)."""

    id: str
    grade: float | None
    errors: int


@dataclass
class BuildResult:
    """What a build did. Every record's full outcome is in build-report.json; this keeps the failed
    ones, a short note of each page made, and counts of the unchanged ones, so memory stays small."""

    out: Path
    pages: list[PageMade] = field(default_factory=list)
    failures: list[Outcome] = field(default_factory=list)
    duplicates: list[DuplicateGroup] = field(default_factory=list)
    seconds: float = 0.0
    unchanged: int = 0
    unchanged_grades: array = field(default_factory=lambda: array("d"))  # 8 bytes a page: a registry's fit
    unchanged_error_findings: int = 0  # error-level findings on unchanged pages: they still fail a CI gate
    removed: list[str] = field(default_factory=list)  # IDs of earlier builds no input holds any more
    pruned: bool = False  # whether the removed records' pages were deleted
    unmatched_overrides: list[str] = field(default_factory=list)  # override files whose study no input holds

    def add(self, outcome: Outcome) -> None:
        if outcome.unchanged:
            self.unchanged += 1
            self.unchanged_error_findings += outcome.errors
            if outcome.grade is not None:
                self.unchanged_grades.append(outcome.grade)
        elif outcome.ok:
            self.pages.append(PageMade(outcome.id or "", outcome.grade, outcome.errors))
        else:
            self.failures.append(outcome)

    @property
    def records(self) -> int:
        return len(self.pages) + len(self.failures) + self.unchanged

    @property
    def error_findings(self) -> int:
        return sum(page.errors for page in self.pages) + self.unchanged_error_findings

    @property
    def exit_code(self) -> int:
        return 1 if self.failures or self.error_findings else 0

    def grade_spread(self) -> dict[str, float] | None:
        """Median, 90th percentile and worst reading grade of every page the build holds, made or unchanged."""
        grades = sorted([page.grade for page in self.pages if page.grade is not None] + self.unchanged_grades.tolist())
        if not grades:
            return None
        return {
            "median": round(statistics.median(grades), 1),
            "p90": round(grades[min(len(grades) - 1, int(len(grades) * 0.9))], 1),
            "max": round(grades[-1], 1),
        }


class PageMaker:
    """Everything that turns one Trial into a checked, rendered Page; built once per run."""

    def __init__(self, settings: Settings, workspace: Path | None = None, generated: str | None = None,
                 preview: bool = False):
        self.settings = settings
        self.drafter = get_drafter(settings.drafter, workspace=workspace, show_contacts=settings.show_contacts,
                                   model=settings.model, check=settings.check, openai=settings.openai)
        self.disclaimers = DisclaimerWriter(DisclaimerPolicy.load(workspace))
        self.renderer = Renderer(workspace, preview=preview, check=settings.check)
        self.overrides = Overrides.load(workspace)
        self.generated = generated or build_date()
        warm_up()  # the word tables the checks read: loaded here once, not in every (forked) worker
        self.generated_words = full_date(DateInfo(date=self.generated))

    def page(self, trial: Trial, draft: Draft | None = None) -> Page:
        """The page of ``trial``, from ``draft`` when the caller drafted a batch of records at once."""
        draft = self.overrides.draft(self.drafter, trial, draft)
        sections = [s.model_copy(update={"readability": score(s.text, draft.names)}) for s in draft.sections]
        prose = [s.text for s in sections if s.id != "at_a_glance"]
        disclaimers = self.disclaimers.attach(trial, self.generated_words, full_date(trial.last_update))
        findings, override = self.overrides.checked(
            trial, run_checks(CheckDocument.from_page(trial, sections, disclaimers), self.settings.check))
        return Page(
            trial=trial, sections=sections, disclaimers=disclaimers, generated=self.generated,
            findings=findings, readability=score_together(prose, draft.names), override=override,
        )

    def files(self, page: Page, history: History | None = None,
              related: list[list[str]] | None = None) -> dict[str, str]:
        """The page's files in the configured formats; ``history`` and ``related`` come from the build's state."""
        wanted = page_suffixes(self.settings)
        return {name: text for name, text in self.renderer.page_files(page, history, related).items()
                if Path(name).suffix in wanted}


def page_suffixes(settings: Settings) -> tuple[str, ...]:
    return tuple(f".{fmt}" for fmt in settings.formats)


class PagesOnDemand:
    """The build's PageMaker, made the first time a record needs a page: loading the glossary, the
    phrase bank and the templates is most of the time of a rebuild that finds nothing changed."""

    def __init__(self, settings: Settings, workspace: Path | None, preview: bool):
        self.settings, self.workspace, self.preview = settings, workspace, preview
        self.generated = build_date()
        self._maker: PageMaker | None = None
        self._renderer: Renderer | None = None

    @property
    def maker(self) -> PageMaker:
        if self._maker is None:
            self._maker = PageMaker(self.settings, self.workspace, self.generated, preview=self.preview)
        return self._maker

    @property
    def renderer(self) -> Renderer:
        """The maker's renderer, or one set up the same way when no page was made."""
        if self._maker is not None:
            return self._maker.renderer
        if self._renderer is None:
            self._renderer = Renderer(self.workspace, preview=self.preview, check=self.settings.check)
        return self._renderer


def _trials(records: Iterator[RawRecord | RecordError], outcomes: list[Outcome]) -> Iterator[tuple[RawRecord, Trial]]:
    for item in records:
        if isinstance(item, RecordError):
            outcomes.append(Outcome(source=item.source, record=item.record, ok=False, error=item.reason))
            log.error("%s", item)
            continue
        try:
            yield item, extract(item)
        except RecordError as exc:
            outcomes.append(Outcome(source=exc.source, record=exc.record, ok=False, error=exc.reason))
            log.error("%s", exc)


def _batches(items: Iterator[T], size: int) -> Iterator[list[T]]:
    """Records in groups of ``size``: a model drafter drafts the sections of a whole group at once."""
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _drafts(maker: PageMaker, trials: list[Trial]) -> list[Draft | None]:
    """One draft per trial from one batched call; all None when the batch fails, so that each
    record is drafted again on its own and only the bad one fails."""
    if len(trials) == 1:
        return [None]
    try:
        return list(draft_many(maker.drafter, trials))
    except (SummarizerError, OSError, ValueError) as exc:
        log.warning("drafting a batch of %d records failed (%s); drafting them one by one", len(trials), exc)
        return [None] * len(trials)


def build(
    inputs: list[Path],
    out: Path,
    settings: Settings,
    workspace: Path | None = None,
    progress: Callable[[Outcome], None] | None = None,
    preview: bool = False,
    jobs: int | None = None,
    full: bool = False,
    prune: bool = False,
    site_url: str | None = None,
) -> BuildResult:
    """Build every record of ``inputs`` into ``out``, remaking only what changed since the last build
    there (``full``: every page). Raises only for problems that stop the whole run (configuration,
    templates, another build writing to ``out``); a bad record is a failed outcome.

    ``preview`` adds the editor's diagnostics layer to the pages (``summarizer preview``); ``jobs``
    is the number of worker processes (default: one per core; 0 makes the pages in this process);
    ``prune`` deletes the pages of records no input holds any more; ``site_url``, the site's address,
    makes the feeds' links absolute and is what a sitemap needs (none is written without it)."""
    started = time.perf_counter()
    pages = PagesOnDemand(settings, workspace, preview)
    result = BuildResult(out=out)
    web, unreadable = Web(), []
    for raw, trial in _trials(read_paths(webpage_inputs(inputs)), unreadable):
        web.add(raw, trial)
    units = source_units(inputs)
    if settings.drafter != "rules":
        jobs = 0  # a model drafter runs here: it has its own concurrency, and a loaded model does not fork well
    with BuildLock(out):
        remove_stale_temp_files(out)  # of a build that was killed
        store = Store(out / STATE_FILE)
        try:
            with ReportWriter(out) as report:
                store.start_run()
                plan = Plan(out=out, today=pages.generated, run=store.run, full=full, suffixes=page_suffixes(settings),
                            shape=shape_hash(settings, workspace, f"preview={preview}"),
                            overrides=override_hashes(workspace))
                workers = (os.cpu_count() or 1) if jobs is None else jobs
                made = _make_pages(units, store, pages, plan, web, workers, result, report, progress, unreadable)
                log.info("records: %d pages made, %d unchanged, %d failed (%.1fs)", made, result.unchanged,
                         len(result.failures), time.perf_counter() - started)
                finish(store, pages, result, made, jobs=workers, prune=prune, site_url=site_url, shape=plan.shape)
                result.seconds = time.perf_counter() - started
                report.finish(result, pages.generated)
        finally:
            store.close()
    return result


def _make_pages(units: Iterator[SourceUnit], store: Store, pages: PagesOnDemand, plan: Plan, web: Web, jobs: int,
                result: BuildResult, report: ReportWriter, progress: Callable[[Outcome], None] | None,
                unreadable: list[Outcome]) -> int:
    """Every record's page, made or found unchanged, in input order; then the web pages no record
    absorbed. ``unreadable``: the web pages that failed before. Returns how many pages were made."""
    notes: dict[str, list[str]] = {}  # probable duplicates among the web pages

    def emit(outcome: Outcome) -> None:
        outcome.duplicates = notes.get(outcome.id or "", [])
        report.add(outcome)
        result.add(outcome)
        if progress:
            progress(outcome)

    for outcome in unreadable:
        emit(outcome)
    applier = Applier(store, plan, emit)
    steps = plan_steps(units, store, plan, web)
    try:
        for step, results in ordered_map(steps, remote_part, run_step, jobs, start_worker,
                                         lambda: (pages.maker, plan, web, store.path), max_pending=64,
                                         max_tasks=WORKER_STEPS):
            applier.apply(step, results)
    finally:
        stop_worker()
    left = [(raw, trial) for record_id, (raw, trial) in web.trials.items() if not store.seen(record_id)]
    result.duplicates = find_probable_duplicates(trial for _raw, trial in left)
    for group in result.duplicates:
        for record_id in group.ids:
            notes[record_id] = [i for i in group.ids if i != record_id] + group.evidence
    if left:
        entries = [ToBuild(webpage_unit(raw.source), raw, input_hash(raw)) for raw, _trial in left]
        applier.apply(entries, PageWorker(pages.maker, plan, web, store).run(entries))
    return applier.made


def finish(store: Store, pages: PagesOnDemand, result: BuildResult, made: int, *, jobs: int, prune: bool,
           site_url: str | None, shape: str) -> None:
    """After the records: removed records, related trials, and the site's own pages, from the store."""
    started = time.perf_counter()
    store.begin()
    result.removed = store.removed()
    failed = {outcome.id for outcome in result.failures}
    result.unmatched_overrides = unmatched_overrides(pages.workspace, lambda i: i in failed or store.seen(i))
    spliced = show_related(store, pages.renderer, result.out, page_suffixes(pages.settings), made > 0, jobs)
    store.unlink_removed()
    log.info("related trials: %d pages show others now (%.1fs)", spliced, time.perf_counter() - started)
    if prune:
        for record_id in result.removed:
            for suffix in (".html", ".md", ".json"):
                (result.out / "trials" / f"{record_id}{suffix}").unlink(missing_ok=True)
            store.delete(record_id)
        result.pruned = True
    totals = {"records": result.records, "pages": store.count_current(),
              "failed": len(result.failures), "error_findings": result.error_findings, "grade": result.grade_spread()}
    started = time.perf_counter()
    site = write_site(store, pages.renderer, result.out, generated=pages.generated, totals=totals,
                      site_url=site_url, shape=shape)
    log.info("site: %d of %d files written (%.1fs)", site.changed, len(site.keys), time.perf_counter() - started)
    store.commit()


from .incremental import (  # noqa: E402 - it builds on PageMaker and Outcome above
    Applier, PageWorker, Plan, ToBuild, Web, plan_steps, remote_part, run_step, start_worker, stop_worker)
