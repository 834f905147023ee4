"""Print how much of what the records in a folder name the glossary explains (issue 4 target: 90%).

    .venv/bin/python scripts/glossary_coverage.py [PATH ...]   (default: the registry records in ../shared/data)
"""
from __future__ import annotations

import argparse
from pathlib import Path

from summarizer.glossary import Glossary
from summarizer.glossary_coverage import measure, trials_in

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    data = ROOT.parent / "shared" / "data"
    parser.add_argument("paths", nargs="*", default=[str(data / "ctgov-v2"), str(data / "ctgov-xml")])
    parser.add_argument("--workspace", type=Path, default=None, help="workspace with prompts/glossary overrides")
    parser.add_argument("--missed", type=int, default=20, help="how many unexplained names to list")
    args = parser.parse_args()

    coverage = measure(Glossary.load(args.workspace), trials_in(args.paths))
    print(f"records: {coverage.records}")
    for label, tally in (("conditions", coverage.conditions), ("interventions", coverage.interventions)):
        how = ", ".join(f"{kind} {count}" for kind, count in tally.how.most_common())
        print(f"{label}: {tally.explained}/{tally.named} explained ({tally.share:.1%}; {how})")
        for name, count in tally.missed.most_common(args.missed):
            print(f"    missed {count:>3}  {name}")
    print(f"overall: {coverage.share:.1%} of named conditions and interventions explained")


if __name__ == "__main__":
    main()
