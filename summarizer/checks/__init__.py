"""The checks behind ``summarizer check`` and every ``build``: readability, jargon, faithfulness,
placeholders, claims, disclaimers and sections, as findings with stable ids (``catalog.CHECKS``).

The CLI needs four calls::

    result = check_paths(paths, config)            # CheckResult: .files, .findings, .counts()
    print(render_report(result, fmt, color=isatty))  # text | json | github | junit
    return exit_code(result, strict)               # 0 clean, 1 error findings (or warnings with strict)

``build`` calls ``run_checks(CheckDocument.from_page(trial, sections, disclaimers), config)``.
"""
from .catalog import CHECKS
from .config import CheckConfig, parse_check_config, validation_problems
from .document import CheckDocument
from .engine import CheckResult, check_paths, run_checks
from .report import FORMATS, exit_code, render_report

__all__ = [
    "CHECKS", "FORMATS", "CheckConfig", "CheckDocument", "CheckResult", "check_paths", "exit_code",
    "parse_check_config", "render_report", "run_checks", "validation_problems",
]
