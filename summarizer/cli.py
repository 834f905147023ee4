"""The command line. Thin: parse options, call the library, print, and choose the exit code.

Exit codes: 0 clean; 1 record failures or error-level findings; 2 usage or configuration errors.
This is the only module that prints or exits (``run``, the command, exits without Python's
slow freeing of every object).
"""
from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import click
from rich.console import Console
from rich.logging import RichHandler

from . import __version__
from .config import Settings, load_settings
from .errors import ConfigError, RecordError, SummarizerError, TemplateError, UsageError

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

T = TypeVar("T")
err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)

INPUTS_HELP = (
    "Registry records: ClinicalTrials.gov API v2 JSON (a study, a list, an API page, JSON Lines), "
    "legacy XML, trial web pages (.txt/.html), or folders and .zip archives of these."
)


def _settings(config: Path | None, **overrides) -> Settings:
    return load_settings(config, folder=Path.cwd(), **overrides)


def _workspace(workspace: Path | None) -> Path:
    return (workspace or Path.cwd()).resolve()


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="summarizer")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
def cli(verbose: int) -> None:
    """Turn clinical-trial registry records into plain-language pages for patients, and check them.

    \b
    summarizer build records/ --out site     write a page per record, plus index and report
    summarizer check site/                   gate readability, safety and disclaimers in CI
    summarizer draft NCT01234567.json        one record's page as Markdown, on stdout
    summarizer extract records/              the key fields each record yields, as JSON
    summarizer fetch --cond asthma -o a.jsonl  records from the ClinicalTrials.gov API, to build
    summarizer preview records/              serve the pages with their problems shown; rebuild on edits
    """
    level = logging.DEBUG if verbose > 1 else logging.INFO if verbose else logging.WARNING
    logging.basicConfig(level=level, format="%(message)s",
                        handlers=[RichHandler(console=err, show_time=False, show_path=False)])


common_options = [
    click.option("--config", "config", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                 help="Settings file (summarizer.yaml or pyproject.toml). Default: the one in the current folder."),
    click.option("--workspace", type=click.Path(exists=True, file_okay=False, path_type=Path),
                 help="Folder whose templates/ and prompts/ override the bundled ones. Default: the current folder."),
]


def with_common(func):
    for option in reversed(common_options):
        func = option(func)
    return func


@cli.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Output folder: trials/<ID>.html|.md|.json, index.html and listings, feeds, sitemap.xml "
                   "(with --site-url), build-report.json, and the build's state (.summarizer-state.sqlite).")
@click.option("--drafter", help="Drafter to use (default: rules).")
@click.option("--model", help="For --drafter transformers: a model folder or a model id in the local Hugging Face "
                              "cache; for --drafter openai: the served model's name.")
@click.option("--show-contacts/--no-show-contacts", default=None, help="Publish the record's central contacts.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar or summary; errors only.")
@click.option("-j", "--jobs", type=click.IntRange(0), help="Worker processes (0: none, all in this process). "
                                                           "Default: one per CPU core.")
@click.option("--full", is_flag=True, help="Make every page again, even those the last build made from the same input.")
@click.option("--prune", is_flag=True, help="Delete the pages of records that no input holds any more.")
@click.option("--site-url", help="The site's public address (https://...): makes feed links absolute and writes "
                                "sitemap.xml, which search engines read only with absolute URLs.")
@with_common
def build(inputs, out, drafter, model, show_contacts, quiet, jobs, full, prune, site_url, config, workspace) -> None:
    """Build a plain-language page for every record in INPUTS, and the site around them.

    Incremental: the state file in OUT remembers every page, so a rebuild remakes only records whose
    input, templates, prompts or settings changed (--full: all of them). Besides the pages it writes
    listings by condition and by status, Atom feeds, build-report.json and, with --site-url, a sitemap.

    A record that cannot be read or drafted gets one error line (file, record, reason) and the rest of
    the batch goes on. Exit 1 if any record failed or a page has an error-level finding.
    """
    from .pipeline import build as run_build

    settings = _settings(config, drafter=drafter, model=model, show_contacts=show_contacts)
    with _bar("building", "records", shown=not quiet and err.is_terminal, redirect=True) as progress:
        advance = _Advance(progress, progress.add_task("build", total=None)) if progress else None
        result = run_build(list(inputs), out, settings, _workspace(workspace),
                           progress=(lambda _outcome: advance()) if advance else None,
                           jobs=jobs, full=full, prune=prune, site_url=site_url)
    for failed in result.failures:
        err.print(f"[red]error[/red]: {failed.source}{' ' + failed.record if failed.record else ''}: {failed.error}",
                  markup=True, highlight=False)
    if not quiet:
        spread = result.grade_spread()
        grades = f"; reading grade median {spread['median']}, 90th percentile {spread['p90']}, worst {spread['max']}" if spread else ""
        err.print(f"{len(result.pages)} pages written to {out}, {result.unchanged} unchanged, "
                  f"{len(result.failures)} failed, {result.error_findings} error findings{grades} "
                  f"({result.seconds:.1f}s).")
        if result.removed:
            fate = "their pages deleted" if result.pruned else "pages kept (--prune deletes them)"
            err.print(f"{len(result.removed)} records of earlier builds are in no input any more, {fate}: "
                      f"{', '.join(result.removed[:10])}{' ...' if len(result.removed) > 10 else ''}")
        if not site_url and result.pages:
            err.print("No sitemap.xml: search engines need absolute URLs; build with --site-url https://... for one.")
        for group in result.duplicates:
            err.print(f"[yellow]probable duplicate[/yellow]: {', '.join(group.ids)} ({'; '.join(group.evidence)})")
    sys.exit(result.exit_code)


@cli.command()
@click.option("-o", "--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="JSON Lines file to write (one study a line); replaced only when the fetch completes.")
@click.option("--id", "ids", multiple=True, metavar="NCT", help="An NCT ID to fetch (repeat for more).")
@click.option("--ids-file", type=click.File("r"), help="A file of NCT IDs, one a line.")
@click.option("--cond", "condition", help="Condition or disease (query.cond).")
@click.option("--term", help="Any other words (query.term).")
@click.option("--status", "statuses", multiple=True, help="Overall status, e.g. RECRUITING (repeat for more).")
@click.option("--updated-since", type=click.DateTime(["%Y-%m-%d"]), help="Only studies updated on or after YYYY-MM-DD.")
@click.option("--limit", type=click.IntRange(1), help="Stop after this many studies.")
@click.option("--page-size", type=click.IntRange(1, 1000), default=1000, show_default=True)
@click.option("--min-interval", type=click.FloatRange(0), default=1.2, show_default=True,
              help="Seconds between requests (the registry allows about 50 a minute).")
@click.option("--base-url", default="https://clinicaltrials.gov/api/v2/studies", show_default=True,
              help="The API's studies endpoint (a mirror, or a local test server).")
def fetch(out, ids, ids_file, condition, term, statuses, updated_since, limit, page_size, min_interval,
          base_url) -> None:
    """Fetch studies from the ClinicalTrials.gov API v2 into a JSON Lines file that `build` reads.

    Follows the result pages to the end, waits between requests, and retries rate limits (429,
    honouring Retry-After), server errors and timeouts with backoff. Exit 1 when the registry could
    not be read; nothing is written then.
    """
    from .fetch import Politeness, Query
    from .fetch import fetch as run_fetch

    wanted = [*ids, *(line.strip() for line in ids_file or () if line.strip())]
    query = Query(condition=condition, term=term, statuses=tuple(statuses), ids=tuple(wanted),
                  updated_since=updated_since.date() if updated_since else None)
    result = run_fetch(out, query, base_url=base_url, page_size=page_size, limit=limit,
                       politeness=Politeness(min_interval=min_interval))
    err.print(f"{result.studies} studies from {result.pages} pages written to {out}"
              f"{f' ({len(result.retries)} retries)' if result.retries else ''}.")


@cli.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
def extract(inputs) -> None:
    """Print the key fields each record in INPUTS yields (with provenance), as a JSON list."""
    from .extract import extract as extract_record
    from .readers import read_paths

    failures = 0
    out.file.write("[")
    first = True
    for item in read_paths(list(inputs)):
        try:
            if isinstance(item, RecordError):
                raise item
            trial = extract_record(item)
        except RecordError as exc:
            failures += 1
            err.print(f"[red]error[/red]: {exc}", highlight=False)
            continue
        out.file.write(("\n" if first else ",\n") + trial.model_dump_json(indent=2))
        first = False
    out.file.write("\n]\n")
    sys.exit(1 if failures else 0)


@cli.command()
@click.argument("input_", metavar="INPUT", type=click.Path(exists=True, path_type=Path))
@click.option("--record", help="NCT ID (or key) of the record to draft when INPUT holds several. Default: the first.")
@click.option("--drafter", help="Drafter to use (default: rules).")
@click.option("--model", help="For --drafter transformers: a model folder or a model id in the local Hugging Face "
                              "cache; for --drafter openai: the served model's name.")
@with_common
def draft(input_, record, drafter, model, config, workspace) -> None:
    """Print one record's page as Markdown on stdout."""
    from .extract import extract as extract_record
    from .pipeline import PageMaker
    from .readers import read_paths

    maker = PageMaker(_settings(config, drafter=drafter, model=model), _workspace(workspace))
    for item in read_paths([input_]):
        if isinstance(item, RecordError):
            err.print(f"[red]error[/red]: {item}", highlight=False)
            continue
        trial = extract_record(item)
        if record and record not in (trial.id, item.key):
            continue
        page = maker.page(trial)
        out.file.write(maker.renderer.page_files(page)[f"trials/{page.id}.md"])
        sys.exit(0)
    raise UsageError(f"no record {record!r} in {input_}" if record else f"no readable record in {input_}")


@contextmanager
def _bar(label: str, unit: str, *, shown: bool, redirect: bool) -> Iterator[Progress | None]:
    """A progress bar on stderr while the block runs, or None when it is not ``shown`` (rich.progress
    is imported only then: 8 ms of every start in CI). Redrawn by ``_Advance``, not by rich's refresh
    thread: worker pools are forked while the bar is up, and must not inherit a lock that a drawing
    thread holds. ``redirect``: other output to stdout and stderr is printed above the bar."""
    if not shown:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn(f"[bold]{label}"), BarColumn(), MofNCompleteColumn(), TextColumn(unit), TimeElapsedColumn(),
                  console=err, transient=True, auto_refresh=False, redirect_stdout=redirect,
                  redirect_stderr=redirect) as progress:
        yield progress


class _Advance:
    """Advance a progress task by one, redrawing at most every ``every`` seconds (no refresh thread)."""

    def __init__(self, progress: Progress, task: TaskID, every: float = 0.2):
        self.progress, self.task, self.every, self.drawn = progress, task, every, 0.0

    def __call__(self) -> None:
        self.progress.advance(self.task)
        if time.monotonic() - self.drawn >= self.every:
            self.progress.refresh()
            self.drawn = time.monotonic()


def _with_progress(items: Iterator[T], progress: Progress, task: TaskID) -> Iterator[T]:
    """``items``, counted on ``task`` as they pass."""
    advance = _Advance(progress, task)
    for item in items:
        advance()
        yield item


def _in_colour(fmt: str, terminal: bool) -> bool:
    """Colour for the text report on a terminal, unless ``NO_COLOR`` is set to anything but "" (no-color.org)."""
    return fmt == "text" and terminal and not os.environ.get("NO_COLOR")


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github", "junit"]), default="text",
              show_default=True, help="text for people, json for tools, github for workflow annotations, junit for CI dashboards.")
@click.option("--strict", is_flag=True, help="Warnings count as failures too.")
@click.option("-j", "--jobs", type=click.IntRange(0), help="Worker processes (0 or 1: all in this process). "
                                                           "Default: one per CPU core from 500 files, else none.")
@click.option("--config", "config", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Settings file with a `check:` section: summarizer.yaml, or pyproject.toml with [tool.summarizer]. "
                   "Default: summarizer.yaml in the current folder, else [tool.summarizer] in its pyproject.toml.")
def check(paths, fmt, strict, jobs, config) -> None:
    """Check built pages (.json/.md/.html or their folder) and hand-written lay summaries.

    Exit 0 when no error-level finding (with --strict: no warning either), 1 otherwise, 2 on usage or
    configuration errors. The text report is in colour on a terminal, unless NO_COLOR is set.

    \b
    Check ids, their severities and the JSON report: docs/check-json-schema.md
    """
    from .checks import check_each, expand_paths, write_report

    settings = _settings(config)
    files = expand_paths(list(paths))
    checked = check_each(files, settings.check, workers=jobs)
    stream = sys.stdout  # the report is written as the files are checked
    # A bar on stderr while the report goes to a file or a pipe; on a terminal the report shows the
    # progress. Nothing is redirected: the report goes to stdout while the bar is up.
    with _bar("checking", "files", shown=err.is_terminal and not out.is_terminal, redirect=False) as progress:
        if progress:
            checked = _with_progress(checked, progress, progress.add_task("check", total=len(files)))
        tally = write_report(stream, checked, fmt, color=_in_colour(fmt, out.is_terminal), strict=strict)
    if fmt != "github" or sum(tally.totals.values()):  # a report ends with a newline, like any text file
        stream.write("\n")
    sys.exit(tally.exit_code)


@cli.command()
@click.argument("inputs", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but loopback shares your drafts with the network.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="0 picks a free port.")
@click.option("--open", "open_browser", is_flag=True, help="Open the preview in the default web browser.")
@click.option("--drafter", help="Drafter to use (default: rules).")
@click.option("--model", help="For --drafter transformers: a model folder or a model id in the local Hugging Face "
                              "cache; for --drafter openai: the served model's name.")
@with_common
def preview(inputs, host, port, open_browser, drafter, model, config, workspace) -> None:
    """Build INPUTS (default: seeds/) with the editor's diagnostics, serve them, and rebuild on every edit.

    Watches the inputs, the workspace's templates/, prompts/ and overrides/, and the config; open
    pages reload after each rebuild. A failed rebuild keeps the last good pages and shows the error.
    Stop with Ctrl-C.
    """
    import webbrowser

    from .preview import PreviewServer, config_files, watched_paths

    if not inputs:
        if not Path("seeds").is_dir():
            raise UsageError("no INPUTS given and no seeds/ folder here")
        inputs = (Path("seeds"),)
    folder = _workspace(workspace)
    logging.getLogger("summarizer.preview").setLevel(logging.INFO)
    watch = watched_paths(inputs, folder, config_files(config, Path.cwd()))
    with PreviewServer(list(inputs), folder, lambda: _settings(config, drafter=drafter, model=model), watch,
                       host=host, port=port) as server:
        out.print(f"Preview: {server.url}")
        out.file.flush()
        err.print("Watching for changes. Stop with Ctrl-C.")
        if open_browser:
            webbrowser.open(server.url)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            err.print("Preview stopped.")


def main(argv: list[str] | None = None) -> None:
    """Entry point: one error-to-message handler for the whole CLI (as pypa/build does)."""
    try:
        cli.main(args=argv, prog_name="summarizer", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2)
    except click.Abort:
        err.print("aborted")
        sys.exit(2)
    except ConfigError as exc:
        err.print(f"[red]configuration error[/red] in {exc.source}:", highlight=False)
        for problem in exc.problems:
            err.print(f"  - {problem}", highlight=False, markup=False)
        err.print("Fix these settings and run again.")
        sys.exit(2)
    except (UsageError, TemplateError) as exc:
        err.print(f"[red]error[/red]: {exc}", highlight=False)
        sys.exit(2)
    except SummarizerError as exc:
        err.print(f"[red]error[/red]: {exc}", highlight=False)
        sys.exit(1)
    sys.exit(0)


def run() -> None:
    """The ``summarizer`` command (and ``python -m summarizer.cli``): ``main``, then an exit that
    skips freeing every object one by one, as mypy exits: the word tables alone took 65 ms of a
    1.5 s ``check``. Log handlers and the standard streams are flushed first; the status is main's."""
    try:
        main()
        status: object = 0
    except SystemExit as exc:
        status = exc.code
    if not isinstance(status, int):  # sys.exit(None) or sys.exit("message"), as Python reads them
        if status is not None:
            print(status, file=sys.stderr)
        status = 0 if status is None else 1
    logging.shutdown()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # the reader went away ("| head"): Python's own exit says 120
        status = 120
    os._exit(status)


if __name__ == "__main__":
    run()
