"""What every model drafter shares: facts per section, prompts, the cache, guardrails and the fallback.

The model may draft a section; it never decides what is true. For each section with a prompt
(``prompts/model/<id>.yaml``) the model gets only the facts that section needs, as the rules
drafter words them (never contact details), plus glossary entries and the reading target. Its
answer is kept only when it passes the same checks as ``summarizer check`` and the drafter's own
guards (:data:`MODEL_CHECKS`); otherwise the rules text of that section is used and the Section
records why (see :class:`~summarizer.models.Section`).

Subclasses implement :attr:`ModelDrafter.model_id` and :meth:`ModelDrafter.generate` (many
prompts in, one :class:`Generation` per prompt out, in order), which lets them batch the sections
of many records at once: :meth:`ModelDrafter.draft_many` is the unit of work.
"""
from __future__ import annotations

import logging
import os
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ..checks import CheckDocument, run_checks
from ..checks.config import CheckConfig
from ..checks.jargon import zipf
from ..errors import ConfigError
from ..models import Draft, Section, Trial
from ..readability import split_sentences, words
from .facts import TrialFacts, build_facts
from .model_log import LoggedResponse, ModelLog, facts_hash
from .prompts import PromptTemplate, RenderedPrompt, load_prompts
from .rules import RulesDrafter, tidy
from .wording import join_words

log = logging.getLogger(__name__)

LOG_ENV = "SUMMARIZER_MODEL_LOG"
PROMPT_VARIABLES = ("section_title", "facts", "glossary", "target_grade", "max_words")
NOT_STATED = "not stated in the record"
SUMMARY_CHARS = 700
MIN_WORDS = 3
MAX_UNKNOWN_SHARE = 0.2
SEX = {"ALL": "people of any sex", "FEMALE": "women and girls only", "MALE": "men and boys only"}

FactValue = str | int | list[str] | None
# Every fact a prompt may ask for, worded as the rules drafter words it. Contact details are
# deliberately absent: no prompt can ask for them.
FACTS: dict[str, Callable[[TrialFacts], FactValue]] = {
    "title": lambda f: f.trial.title,
    "record_summary": lambda f: _first_sentences(f.trial.brief_summary, SUMMARY_CHARS),
    "tested": lambda f: [n.name for n in f.tested],
    "conditions": lambda f: [n.name for n in f.conditions],
    "study_type": lambda f: f.study_type,
    "status": lambda f: f.status,
    "why_stopped": lambda f: f.trial.why_stopped,
    "phase": lambda f: f.phase,
    "participants": lambda f: f"{f.count} people ({'actual' if f.count_actual else 'planned'})" if f.count else None,
    "aim": lambda f: f.aim,
    "checked_within": lambda f: f.checked_within,
    "outlook": lambda f: f.outlook,
    "risks": lambda f: f.risks,
    "groups": lambda f: [f"{g.label}: {g.role}" + (f", gets {join_words(g.gets)}" if g.gets else "") for g in f.groups],
    "allocation": lambda f: f.allocation,
    "masking": lambda f: f.masking,
    "ages": lambda f: f.ages,
    "sex": lambda f: SEX.get(f.sex or ""),
    "healthy_volunteers": lambda f: None if f.healthy is None else ("can join" if f.healthy else "cannot join"),
    "main_rules_to_join": lambda f: f.include_rules,
    "main_rules_against_joining": lambda f: f.exclude_rules,
    "other_rules_in_record": lambda f: f.unmatched_criteria or None,
    "start": lambda f: f.start,
    "end": lambda f: f.end,
    "sites": lambda f: f.sites,
    "more_sites": lambda f: f.more_sites or None,
    "countries": lambda f: f.countries,
    "sponsor": lambda f: f.trial.sponsor,
    "sponsor_kind": lambda f: f.sponsor_kind,
    "collaborators": lambda f: f.trial.collaborators,
    "lead_researchers": lambda f: f.investigators,
}

# The drafter's own guards, on top of the check engine's: ids as the fallback reasons use them.
MODEL_CHECKS = {
    "model.failed": "the model gave no answer (an error or a timeout)",
    "model.form": "not plain prose (a garbled or runaway answer): under three words, headings or code, a run of "
                  "punctuation, words neither English nor in the facts, no closing full stop, a word repeated, "
                  "a sentence in lower case",
    "model.disclaimer": "a disclaimer or notice the page adds itself",
    "model.advice": "medical advice",
    "model.contact": "contact details (an email address or a phone number)",
}
_DISCLAIMER = re.compile(
    r"\b(?:not (?:intended as |meant as |a substitute for |)(?:medical|professional) advice|disclaimer"
    r"|(?:talk|speak|check) (?:to|with) (?:your|a) (?:doctor|health ?care|physician)|consult (?:your|a) "
    r"|for (?:informational|information) purposes|(?:generated|written|created) (?:automatically|by (?:an? )?(?:ai|model|computer))"
    r"|may (?:miss|leave out|not include) (?:some )?(?:details|information))", re.I)
_ADVICE = re.compile(
    r"\b(?:you should (?:take|stop|start|try|use|join|avoid|not)|(?:we|i) (?:recommend|advise|suggest)"
    r"|(?:do not|don't) (?:take|stop|start) |(?:stop|start) taking|this (?:treatment|medicine|drug) is right for you)", re.I)
_CONTACT = re.compile(r"[\w.+-]+@[\w-]+\.\w[\w.]*|\+?\(?\d(?:[ .()-]*\d){8,}")
_MARKUP = re.compile(r"^\s*(?:#|```|~~~)", re.M)
_LOWER_START = re.compile(r"(?:^|[.!?][\"')]?\s+)[\"'(]?([a-z])")
_PUNCTUATION_RUN = re.compile(r"(?:[^\w\s]\s*){4,}")
_REPEATED_WORD = re.compile(r"\b(\w+)(?:\W+\1\b){2,}", re.I)


def _first_sentences(text: str | None, limit: int) -> str | None:
    """Whole sentences of ``text`` up to ``limit`` characters (a record summary can run for pages)."""
    if not text:
        return None
    kept, size = [], 0
    for sentence in split_sentences(" ".join(text.split())):
        if kept and size + len(sentence) > limit:
            break
        kept.append(sentence)
        size += len(sentence) + 1
    return " ".join(kept)


def _fact_lines(facts: dict[str, FactValue]) -> str:
    lines = []
    for name, value in facts.items():
        if isinstance(value, list):
            value = "; ".join(value) if value else None
        lines.append(f"- {name.replace('_', ' ')}: {NOT_STATED if value in (None, '') else value}")
    return "\n".join(lines)


def _is_word(token: str, source_words: set[str]) -> bool:
    """An English word (by wordfreq), or a word of the prompt (names, numbers); each part of a compound."""
    return token.lower() in source_words or all(
        part in source_words or zipf(part) > 0 for part in re.split(r"[-'’]", token.lower()) if part)


def form_problem(text: str, source: str = "") -> str | None:
    """Why ``text`` is not the plain prose a section needs (a garbled or runaway answer), or None.
    ``source`` is the prompt: its words count as known however rare they are in English."""
    stripped = text.strip()
    tokens = [token for token in words(stripped) if any(c.isalpha() for c in token)]
    if len(tokens) < MIN_WORDS:
        return f"the answer has fewer than {MIN_WORDS} words"
    if _MARKUP.search(stripped):
        return "the answer has headings or code"
    if _PUNCTUATION_RUN.search(stripped):
        return f"a run of punctuation: {_PUNCTUATION_RUN.search(stripped).group(0)!r}"
    source_words = {token.lower() for token in words(source)}
    unknown = [token for token in tokens if not _is_word(token, source_words)]
    if len(unknown) > MAX_UNKNOWN_SHARE * len(tokens):
        return f"{len(unknown)} of {len(tokens)} words are neither English nor in the facts: {', '.join(unknown[:3])}"
    if not stripped.splitlines()[-1].startswith("- ") and stripped[-1] not in ".!?":
        return "the answer does not end with a full stop"
    repeated = _REPEATED_WORD.search(stripped)
    if repeated:
        return f"the word {repeated.group(1)!r} repeats"
    for line in stripped.splitlines():
        lower = None if line.startswith("- ") else _LOWER_START.search(line)
        if lower:
            return f"a sentence starts in lower case: {line[lower.start(1):][:60]!r}"
    return None


class Guardrails:
    """Decides whether a model's section may stand in for the rules draft."""

    def __init__(self, config: CheckConfig, drafted_sections: Iterable[str]):
        # A model-drafted section is held to the reading targets even where the rules text (a list
        # of sites or names) is not.
        scored = sorted(set(config.prose_sections) | set(drafted_sections))
        self.config = config.model_copy(update={"prose_sections": scored})

    def reasons(self, trial: Trial, section: Section, prompt: str) -> list[str]:
        """``"<check id>: <message>"`` for each failed check; empty when the section may be kept."""
        problem = form_problem(section.text, prompt)
        found = [f"model.form: {problem}"] if problem else []
        for check_id, pattern in (("model.disclaimer", _DISCLAIMER), ("model.advice", _ADVICE),
                                  ("model.contact", _CONTACT)):
            match = pattern.search(section.text)
            if match:
                found.append(f"{check_id}: {match.group(0).strip()!r}")
        findings = run_checks(CheckDocument.from_page(trial, [section], ()), self.config)
        found += [f"{f.check}: {f.message}" for f in findings
                  if f.section == section.id and f.severity == "error" and not f.suppressed]
        return found


@dataclass(frozen=True)
class Generation:
    """A model's answer to one prompt: ``text``, or ``error`` when there is none."""

    text: str | None
    error: str | None = None
    seconds: float = 0.0


@dataclass(frozen=True)
class SectionJob:
    """One section of one record to ask the model for."""

    record: int  # index into the batch
    trial: Trial
    rules: Section
    prompt: RenderedPrompt
    key: str  # facts hash


def default_log_path(workspace: Path | None) -> Path:
    return Path(os.environ.get(LOG_ENV) or (workspace or Path.cwd()) / ".summarizer" / "model-log.db")


class ModelDrafter(ABC):
    """A drafter backed by a language model, guarded by the checks, falling back to :class:`RulesDrafter`."""

    name: str
    batch_records = 16  # how many records a caller should hand to draft_many at once

    def __init__(self, *, workspace: Path | None = None, show_contacts: bool = False,
                 check: CheckConfig | None = None, log_path: Path | str | None = None,
                 rules: RulesDrafter | None = None):
        self.rules = rules or RulesDrafter(workspace, show_contacts=show_contacts)
        self.check_config = check or CheckConfig()
        self.templates = self._checked(load_prompts(workspace))
        if self.rules.show_contacts and self.templates.pop("where", None):
            log.info("show_contacts is on: the 'where' section keeps the rules draft, which prints the contacts")
        self.guardrails = Guardrails(self.check_config, self.templates)
        self.log = ModelLog(log_path or default_log_path(workspace))

    @staticmethod
    def _checked(templates: dict[str, PromptTemplate]) -> dict[str, PromptTemplate]:
        problems = [f"{t.id}.yaml: unknown fact {name!r}" for t in templates.values() for name in t.facts if name not in FACTS]
        if problems:
            raise ConfigError(problems + [f"known facts: {', '.join(FACTS)}"], source="model prompts")
        for template in templates.values():
            template.require_only(PROMPT_VARIABLES)
        return templates

    @property
    @abstractmethod
    def model_id(self) -> str:
        """Names the model and where it came from; part of the cache key and of the page JSON."""

    @abstractmethod
    def generate(self, prompts: list[RenderedPrompt]) -> list[Generation]:
        """One answer per prompt, in order. Failures are Generations with ``error``, never exceptions."""

    def draft(self, trial: Trial) -> Draft:
        return self.draft_many([trial])[0]

    def draft_many(self, trials: list[Trial]) -> list[Draft]:
        """Draft every trial; all their model sections go to :meth:`generate` together."""
        drafts = [self.rules.draft(trial) for trial in trials]
        jobs = [job for index, (trial, draft) in enumerate(zip(trials, drafts)) for job in self._jobs(index, trial, draft)]
        decided: dict[tuple[int, str], Section] = {}
        verdicts = []
        for job, (response_id, generation) in zip(jobs, self._answers(jobs)):
            section, reasons = self._decide(job, generation)
            verdicts.append((response_id, job.trial.id, job.rules.id, reasons))
            decided[(job.record, job.rules.id)] = section
        self.log.record_verdicts(verdicts)
        return [draft.model_copy(update={"sections": [decided.get((index, s.id), s) for s in draft.sections]})
                for index, draft in enumerate(drafts)]

    def _jobs(self, index: int, trial: Trial, draft: Draft) -> list[SectionJob]:
        facts = build_facts(trial, self.rules.phrases, self.rules.glossary)
        jobs = []
        for section in draft.sections:
            template = self.templates.get(section.id)
            if template is None:
                continue
            variables = self.variables(facts, template, section.title)
            jobs.append(SectionJob(index, trial, section, template.render(variables), facts_hash(variables)))
        return jobs

    def variables(self, facts: TrialFacts, template: PromptTemplate, title: str) -> dict[str, str | int | float]:
        """What a section's prompt is filled with; its hash is the cache key's facts hash."""
        listed = _fact_lines({name: FACTS[name](facts) for name in template.facts})
        explained: dict[str, str] = {}
        for named in facts.tested + facts.conditions:
            if named.name in listed and named.explanation:
                explained.setdefault(named.name, named.explanation)
        for entry, _start, _end in self.rules.glossary.find_terms(listed):
            explained.setdefault(entry.term, f"{entry.term} means {entry.plain}.")
        return {
            "section_title": title,
            "facts": listed,
            "glossary": "\n".join(f"- {text}" for text in explained.values()) or "- (none needed)",
            "target_grade": f"{self.check_config.max_grade:g}",
            "max_words": template.max_words,
        }

    def _answers(self, jobs: list[SectionJob]) -> list[tuple[int, Generation]]:
        """(log id, answer) per job: from the log when this exact prompt was answered before, else
        from one :meth:`generate` call for all the rest (identical prompts asked once)."""
        answers: dict[tuple[str, str, str], tuple[int, Generation]] = {}
        missing: dict[tuple[str, str, str], SectionJob] = {}
        for job in jobs:
            key = (job.prompt.version, job.key, job.prompt.text)
            if key in answers or key in missing:
                continue
            hit = self.log.cached(self.model_id, job.prompt.version, job.key, job.prompt.system, job.prompt.user)
            if hit:
                answers[key] = (hit[0], Generation(hit[1]))
            else:
                missing[key] = job
        if missing:
            log.info("%s: asking %s for %d section(s), %d cached", self.name, self.model_id, len(missing), len(answers))
            generations = self.generate([job.prompt for job in missing.values()])
            ids = self.log.record([
                LoggedResponse(self.model_id, job.prompt.version, job.key, job.trial.id, job.rules.id,
                               job.prompt.system, job.prompt.user, g.text, g.error, g.seconds)
                for job, g in zip(missing.values(), generations)])
            answers.update(zip(missing, zip(ids, generations)))
        return [answers[(job.prompt.version, job.key, job.prompt.text)] for job in jobs]

    def _decide(self, job: SectionJob, generation: Generation) -> tuple[Section, list[str]]:
        provenance = {"model": self.model_id, "prompt_version": job.prompt.version}
        if generation.text is None:
            reasons = [f"model.failed: {generation.error}"]
        else:
            candidate = job.rules.model_copy(update={"text": tidy(generation.text), "drafter": self.name,
                                                     "variant": "model", **provenance})
            reasons = self.guardrails.reasons(job.trial, candidate, job.prompt.text)
            if not reasons:
                return candidate, reasons
        log.info("%s %s: the model's draft fell back to rules (%s)", job.trial.id, job.rules.id, reasons[0])
        return job.rules.model_copy(update={"variant": f"fallback:{reasons[0].split(':', 1)[0]}",
                                            "fallback_reasons": reasons, **provenance}), reasons
