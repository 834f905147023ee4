"""An incremental, parallel build: plan in input order, make pages in workers, apply in input order.

The main process lists the source units and decides, from the state store, what needs no work:
a unit whose fingerprint is unchanged and whose records' pages were made with today's templates,
prompts and settings is skipped unread; a record whose content hash and page hash match is
skipped unextracted. Everything else goes to the workers in steps, which extract, draft, check
and render it, and write each page file to a temporary file beside its place. The main process
applies the steps in input order: it catches duplicate studies (their temporary files are dropped),
renames the files into place, then commits the records' state.
So the output does not depend on the number of workers, and a build killed at any moment leaves
only whole files and a store that describes them.
"""
from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .errors import RecordError, SummarizerError
from .extract import extract
from .fsutil import discard_staged, publish_staged, write_staged
from .models import RawRecord, Trial
from .pipeline import Outcome, PageMaker, _batches, _drafts
from .sources import SourceUnit, UnitReader
from .state import (LEGACY_HASH, History, RecordState, Store, StoredRecord, digest, input_hash, legacy_input_hash,
                    page_hash)
from .webpage_merge import merge_trials

log = logging.getLogger(__name__)

STEP_RECORDS = 8  # records per worker task: big enough to amortise the hand-over, small enough to balance
STEP_ENTRIES = 2048  # a step is closed after this many entries even when none needs a worker
PLAN_BATCH = 512  # units looked up in the store with one query


@dataclass
class Web:
    """Trial web pages of the build, by ID: a registry record with the same ID absorbs its page."""

    trials: dict[str, tuple[RawRecord, Trial]] = field(default_factory=dict)
    hashes: dict[str, str] = field(default_factory=dict)

    def add(self, raw: RawRecord, trial: Trial) -> None:
        self.trials[trial.id] = (raw, trial)
        self.hashes[trial.id] = input_hash(raw)

    def record_hash(self, raw_hash: str, record_id: str) -> str:
        """The input hash of a record: its own, and its web page's when it absorbs one."""
        page = self.hashes.get(record_id)
        return digest(raw_hash, page) if page else raw_hash


@dataclass(frozen=True)
class Plan:
    """What every worker and the planner agree on for this build."""

    out: Path
    today: str
    run: int
    shape: str
    overrides: dict[str, str]  # record ID -> hash of its editor override file
    suffixes: tuple[str, ...]  # page file suffixes written
    full: bool

    def page_hash(self, record_id: str) -> str:
        return page_hash(self.shape, self.overrides.get(record_id))

    def is_current(self, row: RecordState | StoredRecord, record_hash: str) -> bool:
        """Whether ``row`` describes the page this build would make for a record with this hash."""
        if self.full or row.input_hash != record_hash or row.page_hash != self.page_hash(row.id):
            return False
        stem = os.path.join(self.out, "trials", row.id)
        return all(os.path.exists(stem + suffix) for suffix in self.suffixes)


# --------------------------------------------------------------------------- entries of a step


@dataclass
class SkippedUnit:
    unit: SourceUnit
    rows: list[StoredRecord]


@dataclass
class ReadFailure:
    unit: SourceUnit
    error: RecordError


@dataclass
class KnownRecord:
    """Read, and found unchanged by content hash without being extracted."""

    unit: SourceUnit
    raw: RawRecord
    row: RecordState


@dataclass
class ToBuild:
    unit: SourceUnit
    raw: RawRecord
    raw_hash: str


@dataclass
class UnitDone:
    unit: SourceUnit


Entry = SkippedUnit | ReadFailure | KnownRecord | ToBuild | UnitDone


def plan_steps(units: Iterable[SourceUnit], store: Store, plan: Plan, web: Web) -> Iterator[list[Entry]]:
    """The entries of every unit, in input order, grouped in steps of at most STEP_RECORDS to build."""
    reader = UnitReader()
    step: list[Entry] = []
    to_build = 0
    try:
        for batch in _batches(iter(units), PLAN_BATCH):
            known = {} if plan.full else store.units([unit.name for unit in batch])
            same = [unit.name for unit in batch if known.get(unit.name, ("",))[0] == unit.fingerprint]
            rows = store.unit_records(same) if same else {}
            for unit in batch:
                for entry in _unit_entries(unit, known.get(unit.name), rows.get(unit.name, []), store, plan, web,
                                           reader):
                    step.append(entry)
                    to_build += isinstance(entry, ToBuild)
                    if to_build >= STEP_RECORDS or len(step) >= STEP_ENTRIES:
                        yield step
                        step, to_build = [], 0
        if step:
            yield step
    finally:
        reader.close()


def _unit_entries(unit: SourceUnit, known: tuple[str, int] | None, rows: list[StoredRecord], store: Store,
                  plan: Plan, web: Web, reader: UnitReader) -> Iterator[Entry]:
    # Skipped unread: same fingerprint, and every record it had still its own (not claimed by another
    # input since) and current.
    if (known is not None and known[0] == unit.fingerprint and len(rows) == known[1]
            and all(row.id not in web.hashes and plan.is_current(row, row.input_hash) for row in rows)):
        yield SkippedUnit(unit, rows)
        return
    for item in reader.read(unit):
        if isinstance(item, RecordError):
            yield ReadFailure(unit, item)
        elif item.format != "webpage":  # pages inside archives are not merged: as read_paths-based builds did
            raw_hash = input_hash(item)
            row = store.record_at(item.source, item.key)
            if row is not None and plan.is_current(row, web.record_hash(raw_hash, row.id)):
                yield KnownRecord(unit, item, row)
            else:
                yield ToBuild(unit, item, raw_hash)
    yield UnitDone(unit)


def remote_part(step: list[Entry]) -> list[ToBuild] | None:
    return [entry for entry in step if isinstance(entry, ToBuild)] or None


# --------------------------------------------------------------------------- worker side


@dataclass
class Unchanged:
    record_id: str


@dataclass
class Built:
    outcome: Outcome
    state: RecordState | None = None  # None when the record failed
    staged: dict[Path, str] = field(default_factory=dict)  # page file -> its temporary file, written by the worker


class PageWorker:
    """Makes the pages of the records a step needs built. One per worker process."""

    def __init__(self, maker: PageMaker, plan: Plan, web: Web, store: Store):
        self.maker, self.plan, self.web, self.store = maker, plan, web, store

    def run(self, entries: list[ToBuild]) -> list[Unchanged | Built]:
        results: list[Unchanged | Built | None] = [None] * len(entries)
        work: list[tuple[int, ToBuild, Trial, str, RecordState | None]] = []
        for index, entry in enumerate(entries):
            try:
                trial = extract(entry.raw)
            except RecordError as exc:
                results[index] = Built(Outcome(source=exc.source, record=exc.record, ok=False, error=exc.reason))
                continue
            if trial.id in self.web.trials and trial.source_format != "webpage":
                trial = merge_trials(trial, self.web.trials[trial.id][1])
            record_hash = self.web.record_hash(entry.raw_hash, trial.id)
            prior = self.store.record(trial.id)
            if prior is not None and self.plan.is_current(prior, record_hash):
                results[index] = Unchanged(trial.id)
            else:
                work.append((index, entry, trial, record_hash, prior))
        for batch in _batches(iter(work), getattr(self.maker.drafter, "batch_records", 1)):
            drafts = _drafts(self.maker, [trial for _i, _e, trial, _h, _p in batch])
            for (index, entry, trial, record_hash, prior), draft in zip(batch, drafts):
                results[index] = self._page(entry, trial, record_hash, prior, draft)
        return [r for r in results if r is not None]

    def _page(self, entry: ToBuild, trial: Trial, record_hash: str, prior: RecordState | None, draft) -> Built:
        raw, today = entry.raw, self.plan.today
        outcome = Outcome(source=raw.source, record=raw.key, ok=False, id=trial.id, title=trial.title,
                          status=trial.overall_status)
        changed = self._changed(prior, raw, record_hash, trial.id)
        history = History(first_seen=prior.first_seen if prior else today,
                          updated=today if changed or prior is None else prior.updated,
                          versions=(prior.versions if prior else 0) + changed)
        related = prior.related if prior else []
        staged: dict[Path, str] = {}
        try:
            page = self.maker.page(trial, draft)
            for name, text in self.maker.files(page, history, related).items():
                path = self.plan.out / name
                staged[path] = write_staged(path, text)
        except (SummarizerError, OSError, ValueError) as exc:
            discard_staged(staged)
            outcome.error = f"{type(exc).__name__}: {exc}"
            return Built(outcome)
        live = [f for f in page.findings if not f.suppressed]
        outcome.ok = True
        outcome.grade = round(page.readability.fk_grade, 1) if page.readability else None
        outcome.errors = sum(f.severity == "error" for f in live)
        outcome.warnings = sum(f.severity == "warning" for f in live)
        outcome.fallbacks = {s.id: s.variant.split(":", 1)[1] for s in page.sections
                             if s.variant.startswith("fallback:")}
        state = RecordState(
            id=trial.id, source=raw.source, record_key=raw.key, unit=entry.unit.name, input_hash=record_hash,
            page_hash=self.plan.page_hash(trial.id), first_seen=history.first_seen, last_seen=today,
            updated=history.updated, record_updated=trial.last_update.date if trial.last_update else None,
            versions=history.versions, seen_run=self.plan.run, title=trial.title, status=trial.overall_status,
            grade=outcome.grade, errors=outcome.errors, warnings=outcome.warnings, conditions=list(trial.conditions),
            terms=related_terms(trial), related=related, linked_terms=prior.linked_terms if prior else [])
        return Built(outcome, state, staged)

    def _changed(self, prior: RecordState | None, raw: RawRecord, record_hash: str, record_id: str) -> bool:
        """Whether the record is not the version ``prior`` describes. A row stored before migration 4
        is compared by the hash it was stored with: upgrading summarizer is no update of a record."""
        if prior is None:
            return True
        if prior.input_hash.startswith(LEGACY_HASH):
            return prior.input_hash != LEGACY_HASH + self.web.record_hash(legacy_input_hash(raw), record_id)
        return prior.input_hash != record_hash


def related_terms(trial: Trial) -> list[str]:
    """What related trials share: conditions, MeSH terms (conditions and interventions), interventions."""
    terms = {f"c:{c.strip().lower()}" for c in trial.conditions if c.strip()}
    terms |= {f"m:{m.strip().lower()}" for m in (*trial.condition_mesh, *trial.intervention_mesh) if m.strip()}
    terms |= {f"i:{i.name.strip().lower()}" for i in trial.interventions if i.name.strip()}
    return sorted(terms)


_WORKER: PageWorker | None = None


def start_worker(maker: PageMaker, plan: Plan, web: Web, store_path: Path) -> None:
    """Pool initializer: the worker reads the store, never writes it."""
    global _WORKER
    _WORKER = PageWorker(maker, plan, web, Store(store_path, readonly=True))


def run_step(entries: list[ToBuild]) -> list[Unchanged | Built]:
    assert _WORKER is not None, "start_worker was not called"
    return _WORKER.run(entries)


def stop_worker() -> None:
    """Close the store of the worker that ran in this process (``jobs`` 0), if any: its open read
    connection would keep the ``-wal`` and ``-shm`` files beside the state file after the build."""
    global _WORKER
    if _WORKER is not None:
        _WORKER.store.close()
        _WORKER = None


# --------------------------------------------------------------------------- main side


class Applier:
    """Applies the steps' results in input order: duplicates, page files, then the store."""

    def __init__(self, store: Store, plan: Plan, emit: Callable[[Outcome], None]):
        self.store, self.plan, self.emit = store, plan, emit
        self.unit_clean: dict[str, bool] = {}
        self.unit_records: dict[str, int] = {}
        self.made = 0  # pages made

    def apply(self, step: list[Entry], results: list[Unchanged | Built] | None) -> None:
        pending = iter(results or [])
        self.store.begin()
        skipped: list[SkippedUnit] = []  # consecutive ones from one source are marked seen at once
        for entry in step:
            if isinstance(entry, SkippedUnit):
                if skipped and skipped[-1].unit.label != entry.unit.label:
                    self._skipped(skipped)
                    skipped = []
                skipped.append(entry)
                continue
            if skipped:
                self._skipped(skipped)
                skipped = []
            if isinstance(entry, ReadFailure):
                self._fail(entry.unit, Outcome(source=entry.error.source, record=entry.error.record, ok=False,
                                               error=entry.error.reason))
            elif isinstance(entry, KnownRecord):
                self._known(entry.unit, entry.raw, entry.row)
            elif isinstance(entry, ToBuild):
                self._result(entry, next(pending))
            else:
                clean = self.unit_clean.pop(entry.unit.name, True)
                self.store.remember_unit(entry.unit.name, entry.unit.fingerprint if clean else None,
                                         self.unit_records.pop(entry.unit.name, 0))
        if skipped:
            self._skipped(skipped)
        self.store.commit()

    def _fail(self, unit: SourceUnit, outcome: Outcome) -> None:
        log.error("%s %s: %s", outcome.source, outcome.record, outcome.error)
        self.unit_clean[unit.name] = False
        self.emit(outcome)

    def _duplicate(self, unit: SourceUnit, source: str, key: str, record_id: str) -> bool:
        """Whether an earlier input of this build already had ``record_id`` (the first one wins)."""
        row = self.store.record(record_id)
        if row is None or row.seen_run != self.plan.run:
            return False
        self._fail(unit, Outcome(source=source, record=key, ok=False, id=record_id, title=row.title,
                                 status=row.status, error=f"duplicate study {record_id}: already built from "
                                 f"{row.source}{' ' + row.record_key if row.record_key else ''}"))
        return True

    def _done(self, unit: SourceUnit) -> None:
        self.unit_records[unit.name] = self.unit_records.get(unit.name, 0) + 1

    def _unchanged(self, unit: SourceUnit, row: RecordState | StoredRecord, source: str, key: str) -> None:
        self._done(unit)
        self.emit(Outcome(source=source, record=key, ok=True, id=row.id, title=row.title, status=row.status,
                          grade=row.grade, errors=row.errors, warnings=row.warnings, unchanged=True))

    def _skipped(self, entries: list[SkippedUnit]) -> None:
        """Units skipped unread, consecutive and from one source."""
        label = entries[0].unit.label
        marked = self.store.mark_units_seen([entry.unit.name for entry in entries], label, self.plan.today)
        for entry in entries:
            for row in entry.rows:
                if row.id in marked:
                    self._unchanged(entry.unit, row, label, row.record_key)
                else:  # an earlier input of this build has the same study
                    self._duplicate(entry.unit, label, row.record_key, row.id)
            if any(row.id not in marked for row in entry.rows):
                self.store.remember_unit(entry.unit.name, None)

    def _known(self, unit: SourceUnit, raw: RawRecord, row: RecordState) -> None:
        if self._duplicate(unit, raw.source, raw.key, row.id):
            return
        self.store.mark_seen(row.id, raw.source, raw.key, unit.name, self.plan.today)
        self._unchanged(unit, row, raw.source, raw.key)

    def _result(self, entry: ToBuild, result: Unchanged | Built) -> None:
        if isinstance(result, Unchanged):
            row = self.store.record(result.record_id)
            if row is not None:
                self._known(entry.unit, entry.raw, row)
            return
        outcome, state = result.outcome, result.state
        if state is None:
            self._fail(entry.unit, outcome)
            return
        if self._duplicate(entry.unit, entry.raw.source, entry.raw.key, state.id):
            discard_staged(result.staged)
            return
        try:
            publish_staged(result.staged)
        except OSError as exc:
            discard_staged(result.staged)
            outcome.ok, outcome.error = False, f"{type(exc).__name__}: {exc}"
            self._fail(entry.unit, outcome)
            return
        self.store.save(state)
        self.made += 1
        self._done(entry.unit)
        self.emit(outcome)
