"""``build-report.json``: every input record's fate, written as the build goes so memory stays flat.

Each record's line goes to a temporary file beside the report as soon as it is decided; at the
end the report is put together (head, records, duplicates) and renamed into place.
"""
from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .fsutil import open_atomic

if TYPE_CHECKING:
    from .pipeline import BuildResult, Outcome


class ReportWriter:
    """``build-report.json``, streamed: each record's line goes to a temporary file as it is decided,
    and the report is put together (and renamed into place) at the end. Memory stays flat."""

    def __init__(self, out: Path):
        self.out = out

    def __enter__(self) -> ReportWriter:
        self.out.mkdir(parents=True, exist_ok=True)
        self.lines = tempfile.NamedTemporaryFile("w+", encoding="utf-8", dir=self.out, prefix=".build-report.",
                                                 suffix=".tmp", delete=False)
        self.count = 0
        return self

    def add(self, outcome: Outcome) -> None:
        """One record on one line (the C encoder: this runs for every record of a no-change rebuild)."""
        text = json.dumps({name: getattr(outcome, name) for name in outcome.__slots__}, ensure_ascii=False)
        self.lines.write(("," if self.count else "") + "\n    " + text)
        self.count += 1

    def finish(self, result: BuildResult, generated: str) -> None:
        totals = {
            "records": result.records,
            "pages": len(result.pages) + result.unchanged,
            "built": len(result.pages),
            "unchanged": result.unchanged,
            "failed": len(result.failures),
            "error_findings": result.error_findings,
            "grade": result.grade_spread(),
            "removed": result.removed,
            "pruned": result.pruned,
            "unmatched_overrides": result.unmatched_overrides,
        }
        head = {"version": 1, "generator": f"summarizer {__version__}", "generated": generated, "totals": totals}
        tail = {"duplicates": [group.model_dump(mode="json") for group in result.duplicates]}
        self.lines.flush()
        self.lines.seek(0)
        with open_atomic(self.out / "build-report.json") as report:
            report.write(json.dumps(head, indent=2, ensure_ascii=False)[:-2] + ',\n  "records": [')
            shutil.copyfileobj(self.lines, report)
            closing = "\n  ]" if self.count else "]"
            report.write(closing + ",\n" + json.dumps(tail, indent=2, ensure_ascii=False)[2:] + "\n")

    def __exit__(self, *exc: object) -> None:
        self.lines.close()
        Path(self.lines.name).unlink(missing_ok=True)
