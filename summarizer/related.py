"""Related trials: up to five per page, from the same build, by shared conditions, MeSH terms and
interventions.

An inverted index (term -> the records that have it) finds the candidates, so the work grows with
the records that share a term, never with all pairs. A rare shared term says more than a common
one (weight ``1 / log2(1 + df)``). A record looks at its rarest terms first and at no more than
``CANDIDATE_BUDGET`` postings in all; of a term too common to take whole it takes the postings
nearest its own ID (studies registered about the same time). Ties go to the lower ID: the choice
is deterministic.

Incremental: a record's choice depends only on the postings of its own terms, so after a build
only records having a term that some record gained or lost (new, changed or removed records) are
chosen again. The others keep their choice, with the titles refreshed.
"""
from __future__ import annotations

import heapq
import json
import math
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .fsutil import write_atomic
from .parallel import ordered_map
from .render import RELATED_IN, Renderer
from .state import Store

MAX_RELATED = 5
CANDIDATE_BUDGET = 200
SPLICE_STEP = 64  # pages per worker task when showing new choices


@dataclass
class RelatedChange:
    """A record whose related trials were chosen again, or whose titles changed."""

    record_id: str
    related: list[list[str]]  # [id, title] of each related trial, best first
    files_change: bool  # False when the page files already show this list


class RelatedIndex:
    """The current records' terms as integer postings: a few bytes per record and term."""

    def __init__(self) -> None:
        self.ids: list[str] = []
        self.titles: list[str] = []
        self.terms: list[array] = []
        self.term_ids: dict[str, int] = {}
        self.postings: list[array] = []

    def add(self, record_id: str, title: str, terms: list[str]) -> int:
        """Add a record; records must come in ID order (postings stay sorted)."""
        index = len(self.ids)
        self.ids.append(record_id)
        self.titles.append(title)
        codes = array("i")
        for term in terms:
            code = self.term_ids.setdefault(term, len(self.term_ids))
            if code == len(self.postings):
                self.postings.append(array("i"))
            self.postings[code].append(index)
            codes.append(code)
        self.terms.append(codes)
        return index

    def find(self, record_id: str) -> int | None:
        """The index of ``record_id`` (records are added in ID order), or None."""
        at = bisect_left(self.ids, record_id)
        return at if at < len(self.ids) and self.ids[at] == record_id else None

    def choose(self, index: int) -> list[int]:
        """Indexes of up to MAX_RELATED records most related to record ``index``."""
        scores: dict[int, float] = {}
        budget = CANDIDATE_BUDGET
        for code in sorted(self.terms[index], key=lambda c: (len(self.postings[c]), c)):
            postings = self.postings[code]
            if len(postings) < 2:
                continue
            weight = 1.0 / math.log2(1 + len(postings))
            if len(postings) > budget:
                middle = bisect_left(postings, index)
                start = max(0, min(middle - budget // 2, len(postings) - budget))
                postings = postings[start:start + budget]
            for other in postings:
                if other != index:
                    scores[other] = scores.get(other, 0.0) + weight
            budget -= len(postings)
            if budget <= 0:
                break
        best = heapq.nsmallest(MAX_RELATED, scores.items(), key=lambda item: (-item[1], item[0]))
        return [other for other, _score in best]


def related_changes(store: Store, remade: bool) -> Iterator[RelatedChange]:
    """Every current record whose related trials were chosen again or show other titles, after a build
    that made pages (``remade``: their titles may have changed) or not. The caller records each with
    ``Store.set_related`` (and then ``Store.unlink_removed``). Two passes over the store in ID
    order; memory holds the index, not the records."""
    removed = [set(linked) for linked in store.removed_links()]
    if not remade and not removed:
        return  # nothing was made or removed: every choice and every title shown still holds
    index = RelatedIndex()
    dirty: set[str] = set().union(*removed)
    for record_id, title, terms_json, linked_json in store.current(columns="id, title, terms, linked_terms"):
        terms = json.loads(terms_json)
        index.add(record_id, title, terms)
        if terms_json != linked_json:
            dirty.update(set(terms).symmetric_difference(json.loads(linked_json)))
    dirty_codes = {index.term_ids[t] for t in dirty if t in index.term_ids}
    rows = store.current(columns="id, terms, linked_terms, related")
    for i, (record_id, terms_json, linked_json, related_json) in enumerate(rows):
        shown, terms_changed = json.loads(related_json), terms_json != linked_json
        if terms_changed or any(code in dirty_codes for code in index.terms[i]):
            chosen = [[index.ids[j], index.titles[j]] for j in index.choose(i)]
        else:
            chosen = [[other, index.titles[at]] for other, _title in shown if (at := index.find(other)) is not None]
        if chosen != shown or terms_changed:
            yield RelatedChange(record_id, chosen, chosen != shown)


def show_related(store: Store, renderer: Renderer, out: Path, suffixes: Iterable[str], remade: bool,
                 jobs: int) -> int:
    """Choose related trials again where needed, put them on the pages (in ``jobs`` workers: a full
    build changes every page), and note each in the store once its files are written. Returns how
    many pages changed."""
    snapshot = Store(store.path, readonly=True)  # what the records' steps committed; ``store`` writes
    shown = [s for s in suffixes if s in RELATED_IN]
    changed = 0
    try:
        steps = _chunks(related_changes(snapshot, remade), SPLICE_STEP)
        for step, _done in ordered_map(steps, _page_changes, _splice, jobs, _start_splicing,
                                       lambda: (renderer, out, shown)):
            for change in step:
                store.set_related(change.record_id, change.related)
                changed += change.files_change
    finally:
        snapshot.close()
    return changed


def _chunks(items: Iterable[RelatedChange], size: int) -> Iterator[list[RelatedChange]]:
    chunk: list[RelatedChange] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _page_changes(step: list[RelatedChange]) -> list[tuple[str, list[list[str]]]] | None:
    return [(c.record_id, c.related) for c in step if c.files_change] or None


_SPLICING: tuple[Renderer, Path, list[str]] | None = None


def _start_splicing(renderer: Renderer, out: Path, suffixes: list[str]) -> None:
    global _SPLICING
    _SPLICING = (renderer, out, suffixes)


def _splice(pages: list[tuple[str, list[list[str]]]]) -> None:
    """Replace the related-trials block of each page's files (a worker task)."""
    assert _SPLICING is not None, "_start_splicing was not called"
    renderer, out, suffixes = _SPLICING
    for record_id, related in pages:
        for suffix in suffixes:
            path = out / "trials" / f"{record_id}{suffix}"
            text = renderer.with_related(path.name, path.read_text(encoding="utf-8"), related)
            if text is not None:
                write_atomic(path, text)
