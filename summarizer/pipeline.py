"""Orchestration: inputs -> records -> trials -> pages -> files, one record at a time.

Each record is isolated: a record that cannot be read, extracted, drafted or rendered becomes one
failed outcome with its reason, and the batch goes on. Files are written atomically.
"""
from __future__ import annotations

import json
import logging
import os
import statistics
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from . import __version__
from .checks import CheckDocument, run_checks
from .config import Settings
from .disclaimers import DisclaimerPolicy, DisclaimerWriter
from .drafting import draft_many, get_drafter
from .drafting.wording import full_date
from .duplicates import DuplicateGroup, find_probable_duplicates
from .errors import RecordError, SummarizerError
from .extract import extract
from .fsutil import write_atomic
from .models import DateInfo, Draft, Page, RawRecord, Trial
from .overrides import Overrides
from .readability import score
from .readers import read_paths
from .render import Renderer
from .webpage_merge import merge_trials

log = logging.getLogger(__name__)
WEBPAGE_SUFFIXES = (".txt", ".html", ".htm")


def build_date() -> str:
    """The build's date: ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else today (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), timezone.utc) if epoch else datetime.now(timezone.utc)
    return moment.date().isoformat()


@dataclass
class Outcome:
    """One input record's fate, as build-report.json lists it."""

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


@dataclass
class BuildResult:
    out: Path
    outcomes: list[Outcome] = field(default_factory=list)
    duplicates: list[DuplicateGroup] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def pages(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.ok]

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.ok]

    @property
    def error_findings(self) -> int:
        return sum(o.errors for o in self.outcomes)

    @property
    def exit_code(self) -> int:
        return 1 if self.failures or self.error_findings else 0

    def grade_spread(self) -> dict[str, float] | None:
        grades = sorted(o.grade for o in self.pages if o.grade is not None)
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
                                   model=settings.model, check=settings.check)
        self.disclaimers = DisclaimerWriter(DisclaimerPolicy.load(workspace))
        self.renderer = Renderer(workspace, preview=preview, check=settings.check)
        self.overrides = Overrides.load(workspace)
        self.generated = generated or build_date()
        self.generated_words = full_date(DateInfo(date=self.generated))

    def page(self, trial: Trial, draft: Draft | None = None) -> Page:
        """The page of ``trial``, from ``draft`` when the caller drafted a batch of records at once."""
        draft = self.overrides.draft(self.drafter, trial, draft)
        sections = [s.model_copy(update={"readability": score(s.text, draft.names)}) for s in draft.sections]
        prose = "\n\n".join(s.text for s in sections if s.id != "at_a_glance")
        disclaimers = self.disclaimers.attach(trial, self.generated_words, full_date(trial.last_update))
        findings, override = self.overrides.checked(
            trial, run_checks(CheckDocument.from_page(trial, sections, disclaimers), self.settings.check))
        return Page(
            trial=trial, sections=sections, disclaimers=disclaimers, generated=self.generated,
            findings=findings, readability=score(prose, draft.names), override=override,
        )

    def files(self, page: Page) -> dict[str, str]:
        wanted = {f".{fmt}" for fmt in self.settings.formats}
        return {name: text for name, text in self.renderer.page_files(page).items() if Path(name).suffix in wanted}


def _webpage_inputs(inputs: Iterable[Path]) -> list[Path]:
    """Trial web pages among the inputs, read first so a registry record with the same ID can absorb them."""
    found: list[Path] = []
    for path in inputs:
        if path.is_file() and path.suffix.lower() in WEBPAGE_SUFFIXES:
            found.append(path)
        elif path.is_dir():
            found.extend(p for p in sorted(path.rglob("*")) if p.is_file() and p.suffix.lower() in WEBPAGE_SUFFIXES
                         and not any(part.startswith(".") for part in p.relative_to(path).parts))
    return found


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


def _batches(pairs: Iterator[tuple[RawRecord, Trial]], size: int) -> Iterator[list[tuple[RawRecord, Trial]]]:
    """Records in groups of ``size``: a model drafter drafts the sections of a whole group at once."""
    batch: list[tuple[RawRecord, Trial]] = []
    for pair in pairs:
        batch.append(pair)
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
) -> BuildResult:
    """Build every record of ``inputs`` into ``out``. Raises only for problems that stop the whole run
    (configuration, templates); a bad record is a failed outcome. ``preview`` adds the editor's
    diagnostics layer to the pages (``summarizer preview``)."""
    started = time.perf_counter()
    maker = PageMaker(settings, workspace, preview=preview)
    result = BuildResult(out=out)
    web: dict[str, tuple[RawRecord, Trial]] = {
        trial.id: (raw, trial) for raw, trial in _trials(read_paths(_webpage_inputs(inputs)), result.outcomes)
    }
    seen: dict[str, str] = {}

    def emit(raw: RawRecord, trial: Trial, draft: Draft | None = None) -> None:
        outcome = Outcome(source=raw.source, record=raw.key, ok=False, id=trial.id, title=trial.title,
                          status=trial.overall_status)
        if trial.id in seen:
            outcome.error = f"duplicate study {trial.id}: already built from {seen[trial.id]}"
            log.error("%s %s: %s", raw.source, raw.key, outcome.error)
        else:
            try:
                page = maker.page(trial, draft)
                for name, text in maker.files(page).items():
                    write_atomic(out / name, text)
            except (SummarizerError, OSError, ValueError) as exc:
                outcome.error = f"{type(exc).__name__}: {exc}"
                log.error("%s %s: %s", raw.source, raw.key, outcome.error)
            else:
                seen[trial.id] = raw.label
                live = [f for f in page.findings if not f.suppressed]
                outcome.ok = True
                outcome.grade = round(page.readability.fk_grade, 1) if page.readability else None
                outcome.errors = sum(f.severity == "error" for f in live)
                outcome.warnings = sum(f.severity == "warning" for f in live)
                outcome.fallbacks = {s.id: s.variant.split(":", 1)[1] for s in page.sections
                                     if s.variant.startswith("fallback:")}
        result.outcomes.append(outcome)
        if progress:
            progress(outcome)

    def emit_batches(pairs: Iterator[tuple[RawRecord, Trial]]) -> None:
        for batch in _batches(pairs, getattr(maker.drafter, "batch_records", 1)):
            for (raw, trial), draft in zip(batch, _drafts(maker, [trial for _raw, trial in batch])):
                emit(raw, trial, draft)

    structured = (pair for pair in _trials(
        (r for r in read_paths(inputs) if isinstance(r, RecordError) or r.format != "webpage"), result.outcomes))
    emit_batches((raw, merge_trials(trial, web.pop(trial.id)[1]) if trial.id in web else trial)
                 for raw, trial in structured)
    web_trials = [trial for _raw, trial in web.values()]
    emit_batches(iter(list(web.values())))

    result.duplicates = find_probable_duplicates(web_trials)
    for group in result.duplicates:
        for outcome in result.outcomes:
            if outcome.id in group.ids:
                outcome.duplicates = [i for i in group.ids if i != outcome.id] + group.evidence
    result.seconds = time.perf_counter() - started
    write_site_files(result, maker)
    return result


def write_site_files(result: BuildResult, maker: PageMaker) -> None:
    """``index.html`` and ``build-report.json`` for the whole run."""
    pages = sorted(result.pages, key=lambda o: o.id or "")
    totals = {
        "records": len(result.outcomes),
        "pages": len(pages),
        "failed": len(result.failures),
        "error_findings": result.error_findings,
        "grade": result.grade_spread(),
    }
    entries = [{"id": o.id, "title": o.title, "status": (o.status or "").replace("_", " ").lower(),
                "grade": o.grade, "errors": o.errors, "warnings": o.warnings} for o in pages]
    write_atomic(result.out / "index.html", maker.renderer.index_page(entries, totals, maker.generated))
    report = {
        "version": 1,
        "generator": f"summarizer {__version__}",
        "generated": maker.generated,
        "totals": totals,
        "records": [asdict(o) for o in result.outcomes],
        "duplicates": [group.model_dump(mode="json") for group in result.duplicates],
    }
    write_atomic(result.out / "build-report.json", json.dumps(report, indent=2, ensure_ascii=False) + "\n")
