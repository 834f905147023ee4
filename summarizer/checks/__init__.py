"""The checks behind ``summarizer check`` and every ``build``: readability, jargon, faithfulness,
placeholders, claims, disclaimers and sections, as findings with stable ids (``catalog.CHECKS``).

The CLI writes the report while the files are checked, so memory stays flat at registry scale::

    files = expand_paths(paths)                                # the pages under files and folders
    tally = write_report(stdout, check_each(files, config), fmt)  # text | json | github | junit
    return tally.exit_code                                     # 0 clean, 1 error findings (or warnings with strict)

With everything in memory: ``result = check_paths(paths, config)``, then ``render_report(result,
fmt)``, ``tally(result).counts()`` and ``exit_code(result, strict)``.

``build`` calls ``run_checks(CheckDocument.from_page(trial, sections, disclaimers), config)``.
"""
from .catalog import CHECKS
from .config import CheckConfig, parse_check_config, validation_problems
from .document import CheckDocument
from .engine import CheckResult, check_each, check_paths, expand_paths, run_checks
from .report import FORMATS, Tally, exit_code, render_report, tally, write_report

__all__ = [
    "CHECKS", "FORMATS", "CheckConfig", "CheckDocument", "CheckResult", "Tally", "check_each", "check_paths",
    "exit_code", "expand_paths", "parse_check_config", "render_report", "run_checks", "tally", "validation_problems",
    "write_report",
]
