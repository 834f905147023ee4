"""Plain-language quality across real registry records: writes QUALITY.md (``make quality``).

Builds every record under the given folders in memory with the default settings, then measures
each section with textstat's own scores (raw: the scoring anyone can reproduce), the share of
named conditions and interventions explained at first use, and the faithfulness findings; and,
measured the same way in the same run, the registry's own brief summaries of the same records
and the lay summary of seed 000.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from summarizer.config import Settings
from summarizer.drafting.facts import build_facts
from summarizer.errors import RecordError
from summarizer.extract import extract
from summarizer.pipeline import PageMaker
from summarizer.readability import textstat_scores
from summarizer.readers import read_paths

PROSE = ("summary", "what_it_could_mean", "what_could_go_wrong")
MEASURED = PROSE + ("who_can_join", "what_happens", "where", "who_runs")
TARGET_GRADE = 8.0
SEED_SUMMARY_HEADING = "Summary"


@dataclass
class Tally:
    grades: dict[str, list[float]] = field(default_factory=lambda: {s: [] for s in MEASURED})
    smogs: dict[str, list[float]] = field(default_factory=lambda: {s: [] for s in MEASURED})
    page_grades: list[tuple[float, str, str]] = field(default_factory=list)
    page_smogs: list[float] = field(default_factory=list)
    named: Counter = field(default_factory=Counter)
    explained: Counter = field(default_factory=Counter)
    unexplained: Counter = field(default_factory=Counter)
    findings: Counter = field(default_factory=Counter)
    variants: Counter = field(default_factory=Counter)
    registry_grades: list[float] = field(default_factory=list)
    registry_smogs: list[float] = field(default_factory=list)
    failures: int = 0
    pages: int = 0


def spread(values: list[float]) -> tuple[float, float, float]:
    ordered = sorted(values)
    if not ordered:
        return (float("nan"),) * 3
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))], ordered[-1]


def seed_summary(seeds: Path) -> str | None:
    """The "Summary" paragraph of seed 000, the human-written lay summary we compare with."""
    found = sorted(seeds.glob("000_*.txt"))
    if not found:
        return None
    lines = [line.strip() for line in found[0].read_text(encoding="utf-8").splitlines()]
    if SEED_SUMMARY_HEADING not in lines:
        return None
    start = lines.index(SEED_SUMMARY_HEADING) + 1
    body = [line for line in lines[start:start + 4] if line]
    return body[0] if body else None


def measure(inputs: list[Path]) -> Tally:
    maker = PageMaker(Settings())
    drafter = maker.drafter
    tally = Tally()
    for item in read_paths(inputs):
        try:
            if isinstance(item, RecordError):
                raise item
            trial = extract(item)
            page = maker.page(trial)
        except RecordError:
            tally.failures += 1
            continue
        tally.pages += 1
        facts = build_facts(trial, drafter.phrases, drafter.glossary)
        for kind, items in (("conditions", facts.conditions), ("interventions", facts.tested)):
            for named in items:
                tally.named[kind] += 1
                if named.plain:
                    tally.explained[kind] += 1
                else:
                    tally.unexplained[named.name.lower()] += 1
        worst_section, worst_grade = "", -1.0
        for section in page.sections:
            tally.variants[section.variant] += 1
            if section.id not in MEASURED:
                continue
            raw = textstat_scores(section.text)
            tally.grades[section.id].append(raw["flesch_kincaid_grade"])
            tally.smogs[section.id].append(raw["smog_index"])
            if section.id in PROSE and raw["flesch_kincaid_grade"] > worst_grade:
                worst_section, worst_grade = section.id, raw["flesch_kincaid_grade"]
        prose = "\n\n".join(s.text for s in page.sections if s.id in PROSE)
        raw_page = textstat_scores(prose)
        tally.page_grades.append((raw_page["flesch_kincaid_grade"], trial.id, f"{worst_section} at grade {worst_grade:.1f}"))
        tally.page_smogs.append(raw_page["smog_index"])
        for finding in page.findings:
            if not finding.suppressed:
                tally.findings[(finding.check, finding.severity)] += 1
        if trial.brief_summary:
            registry = textstat_scores(trial.brief_summary)
            tally.registry_grades.append(registry["flesch_kincaid_grade"])
            tally.registry_smogs.append(registry["smog_index"])
    return tally


def report(tally: Tally, seed_text: str | None, seconds: float, inputs: list[Path]) -> str:
    out = [
        "# Plain-language quality",
        "",
        f"Measured {date.today().isoformat()} by `make quality` (scripts/quality.py) over "
        f"{tally.pages} pages built from {', '.join(str(p) for p in inputs)} ({tally.failures} records failed) "
        f"in {seconds:.0f} s. Scores are textstat's own (raw) Flesch-Kincaid grade and SMOG on each section's text.",
        "",
        "## Per section",
        "",
        "| section | FK median | FK p90 | FK worst | share at grade <= 8 | SMOG median | SMOG p90 |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for sid in MEASURED:
        grades, smogs = tally.grades[sid], tally.smogs[sid]
        med, p90, worst = spread(grades)
        share = sum(g <= TARGET_GRADE for g in grades) / len(grades) if grades else 0
        smed, sp90, _ = spread(smogs)
        out.append(f"| `{sid}` | {med:.1f} | {p90:.1f} | {worst:.1f} | {share:.1%} | {smed:.1f} | {sp90:.1f} |")
    page_med, page_p90, page_worst = spread([g for g, _, _ in tally.page_grades])
    smog_med, _, _ = spread(tally.page_smogs)
    reg_med, reg_p90, _ = spread(tally.registry_grades)
    reg_smog, _, _ = spread(tally.registry_smogs)
    out += [
        "",
        "## Whole pages and comparisons",
        "",
        "| text | FK median | FK p90 | SMOG median |",
        "| --- | --- | --- | --- |",
        f"| our pages (summary + what it could mean + what could go wrong) | {page_med:.1f} | {page_p90:.1f} | {smog_med:.1f} |",
        f"| the registry's own brief summaries of the same records ({len(tally.registry_grades)}) | {reg_med:.1f} | {reg_p90:.1f} | {reg_smog:.1f} |",
    ]
    if seed_text:
        seed = textstat_scores(seed_text)
        out.append(f"| the lay summary of seed 000 (human-written) | {seed['flesch_kincaid_grade']:.1f} | | {seed['smog_index']:.1f} |")
    out += ["", "## Explained at first use", "", "| named on pages | count | explained | share |", "| --- | --- | --- | --- |"]
    for kind in ("conditions", "interventions"):
        named, explained = tally.named[kind], tally.explained[kind]
        out.append(f"| {kind} | {named} | {explained} | {explained / named if named else 1:.1%} |")
    total_named, total_explained = sum(tally.named.values()), sum(tally.explained.values())
    out.append(f"| all | {total_named} | {total_explained} | {total_explained / total_named if total_named else 1:.1%} |")
    common = ", ".join(f"{name} ({n})" for name, n in tally.unexplained.most_common(10))
    out += ["", f"Most frequent names left unexplained (named, never guessed): {common or 'none'}."]
    out += ["", "## The 10 hardest pages", "", "| page | FK grade | hardest prose section |", "| --- | --- | --- |"]
    for grade, page_id, reason in sorted(tally.page_grades, reverse=True)[:10]:
        out.append(f"| {page_id} | {grade:.1f} | {reason} |")
    faithful = sum(n for (check, _), n in tally.findings.items() if check.startswith("faithfulness."))
    out += ["", "## Findings of the checks on these pages", "",
            f"Faithfulness findings (facts not in the record): **{faithful}**.", "",
            "| check | severity | count |", "| --- | --- | --- |"]
    for (check, severity), count in sorted(tally.findings.items()):
        out.append(f"| `{check}` | {severity} | {count} |")
    out += ["", "Phrasing variants chosen by the self-checking drafter: "
            + ", ".join(f"`{v}` {n}" for v, n in sorted(tally.variants.items())) + "."]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("inputs", nargs="*", type=Path)
    parser.add_argument("--seeds", type=Path, default=Path("seeds"))
    parser.add_argument("--out", type=Path, default=Path("QUALITY.md"))
    args = parser.parse_args(argv)
    inputs = [p for p in args.inputs if p.exists()]
    if not inputs:
        print("quality: no input folder found (../shared/data is absent?)", file=sys.stderr)
        return 2
    started = time.perf_counter()
    tally = measure(inputs)
    text = report(tally, seed_summary(args.seeds), time.perf_counter() - started, inputs)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
