"""The default drafter: deterministic, jinja2 section templates over facts from the record.

Templates live in ``prompts/sections/<section id>.md.j2`` (workspace first, then the bundled
defaults) and receive ``f`` (:class:`TrialFacts`), ``t`` (the :class:`Trial`) and a few wording
helpers. They write a Markdown subset: paragraphs and ``- `` bullets.
"""
from __future__ import annotations

import re
from pathlib import Path

import jinja2

from ..errors import TemplateError
from ..glossary import Glossary, load_plain_words
from ..models import Draft, Section, Trial
from ..workspace import search_path
from .facts import TrialFacts, build_facts
from .phrases import SECTION_IDS, PhraseBank
from .simplify import SCORED_SECTIONS, PlainWords, simplest
from .wording import join_words, people, sentence

# Which Trial fields each section draws on (shown beside the section in preview).
SECTION_FIELDS: dict[str, tuple[str, ...]] = {
    "summary": ("interventions", "conditions", "enrollment", "primary_outcomes", "study_type"),
    "what_it_could_mean": ("interventions", "intervention_mesh", "design.primary_purpose", "conditions"),
    "what_could_go_wrong": ("overall_status", "why_stopped", "enrollment", "arms", "design.masking", "phases", "has_results", "primary_outcomes"),
    "who_can_join": ("eligibility.min_age_years", "eligibility.max_age_years", "eligibility.sex", "eligibility.healthy_volunteers", "eligibility.inclusion", "eligibility.exclusion"),
    "what_happens": ("design.allocation", "design.masking", "arms", "start_date", "completion_date"),
    "where": ("locations", "central_contacts"),
    "who_runs": ("sponsor", "collaborators", "officials"),
    "at_a_glance": ("overall_status", "phases", "study_type", "enrollment", "start_date", "completion_date", "last_update", "nct_id"),
}
_BLANK_RUNS = re.compile(r"\n\s*\n\s*(?:\n\s*)*")
_SPACES = re.compile(r"[ \t]+")


def tidy(text: str) -> str:
    """Normalise template output: a paragraph's lines joined, bullets kept, one blank line between blocks."""
    blocks = []
    for block in _BLANK_RUNS.sub("\n\n", text).split("\n\n"):
        lines: list[str] = []
        for line in (_SPACES.sub(" ", raw).strip() for raw in block.splitlines()):
            if not line:
                continue
            if lines and not line.startswith("- ") and not lines[-1].startswith("- "):
                lines[-1] = f"{lines[-1]} {line}"
            else:
                lines.append(line)
        if lines:
            blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _details(section_id: str, trial: Trial, facts: TrialFacts, variant: str) -> str | None:
    """The record's own words kept one click away: full criteria, and the names the summary
    refers to by their kind (too long for a sentence, or all of them in the minimal variant)."""
    if section_id == "who_can_join":
        return trial.eligibility.criteria
    if section_id == "summary":
        names = [n.name for n in facts.tested + facts.conditions] if variant.startswith("minimal") else facts.long_names
        return "\n".join(names) or None
    if section_id == "what_could_go_wrong" and not variant.startswith("default") and facts.risks_brief != facts.risks:
        return trial.why_stopped
    return None


def protected_words(facts: TrialFacts) -> list[str]:
    """What plain-word swaps leave alone: the record's names and the glossary's own explanations,
    already plain ("kills germs called bacteria" must not become "kills germs called germs")."""
    return facts.names + [n.plain for n in facts.tested + facts.conditions if n.plain]


class RulesDrafter:
    name = "rules"

    def __init__(self, workspace: Path | None = None, *, show_contacts: bool = False, target_grade: float = 8.0,
                 phrases: PhraseBank | None = None, glossary: Glossary | None = None):
        self.phrases = phrases or PhraseBank.load(workspace)
        self.glossary = glossary or Glossary.load(workspace)
        self.plain_words = PlainWords(load_plain_words(workspace))
        self.show_contacts = show_contacts
        self.target_grade = target_grade
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(p) for p in search_path("prompts", workspace)]),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            autoescape=False,  # Markdown text; the HTML renderer escapes it
        )
        self.env.globals.update(join=join_words, people=people, sentence=sentence)
        self.env.filters["capitalize_first"] = lambda text: text[:1].upper() + text[1:]
        try:
            self.templates = {sid: self.env.get_template(f"sections/{sid}.md.j2") for sid in SECTION_IDS}
        except jinja2.TemplateError as exc:
            raise TemplateError(f"section template: {exc}") from exc

    def draft(self, trial: Trial) -> Draft:
        facts = build_facts(trial, self.phrases, self.glossary)
        sections = []
        for sid in SECTION_IDS:
            def render(variant: str, sid: str = sid) -> str:
                try:
                    return tidy(self.templates[sid].render(
                        f=facts, t=trial, show_contacts=self.show_contacts, variant=variant))
                except jinja2.TemplateError as exc:
                    raise TemplateError(f"sections/{sid}.md.j2: {exc}") from exc

            if sid in SCORED_SECTIONS:
                text, variant = simplest(render, self.plain_words, protected_words(facts), self.target_grade)
            else:
                text, variant = render("default"), "default"
            sections.append(Section(
                id=sid,
                title=self.phrases.sections[sid],
                text=text,
                details=_details(sid, trial, facts, variant),
                used_fields=[f for f in SECTION_FIELDS[sid] if f in trial.provenance],
                variant=variant,
                drafter=self.name,
            ))
        return Draft(trial=trial, sections=sections, names=facts.names)
