"""Shared model-drafter logic with a scripted model (llm's MockModel habit): facts per section,
guardrails and the rules fallback, batching across records, and the cache."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from summarizer.drafting.model_base import Generation, ModelDrafter, form_problem
from summarizer.drafting.rules import RulesDrafter
from summarizer.errors import ConfigError, PromptVariableError
from summarizer.extract import extract
from summarizer.readers import read_paths

RECORD = "NCT04027062.json"  # a diabetes-education trial with two central contacts and no sites
GOOD_SUMMARY = ("This study tests the Diabetes Continuing Education Intervention. It is a course for family doctors. "
                "The study plans to include 65 people. It checks what the doctors know and do after 4 months.")
GRADE_16 = ("The educational program considerably emphasizes the comparative effectiveness of continuing education "
            "for physicians, additionally evaluating institutional communication, professional responsibilities, "
            "and organizational accountability throughout participating primary healthcare communities.")


class ScriptedDrafter(ModelDrafter):
    """Answers each section from ``script`` (section id -> text or None) and counts what it is asked."""

    name = "scripted"
    model_id = "scripted-model"

    def __init__(self, script: dict[str, str | None], **options):
        super().__init__(**options)
        self.script = script
        self.calls: list[list[str]] = []

    def generate(self, prompts):
        self.calls.append([p.section_id for p in prompts])
        return [Generation(self.script.get(p.section_id, GOOD_SUMMARY)) if self.script.get(p.section_id, "") is not None
                else Generation(None, "TimeoutError: timed out") for p in prompts]


def trials(fixtures_dir: Path, *names: str):
    return [extract(raw) for raw in read_paths([fixtures_dir / "records" / name for name in names])]


@pytest.fixture(scope="module")
def rules():
    return RulesDrafter()


@pytest.fixture
def drafter_for(tmp_path, rules):
    made = []

    def make(script, show_contacts=False):
        drafter = ScriptedDrafter(script, log_path=tmp_path / "log.db",
                                  rules=RulesDrafter(show_contacts=True) if show_contacts else rules)
        made.append(drafter)
        return drafter

    yield make
    for drafter in made:
        drafter.log.close()


def test_a_faithful_plain_section_is_kept_with_model_and_prompt_version(fixtures_dir, drafter_for):
    [trial] = trials(fixtures_dir, RECORD)
    section = next(s for s in drafter_for({"summary": GOOD_SUMMARY}).draft(trial).sections if s.id == "summary")
    assert (section.text, section.drafter, section.variant) == (GOOD_SUMMARY, "scripted", "model")
    assert (section.model, section.prompt_version, section.fallback_reasons) == ("scripted-model", "summary@2", [])


@pytest.mark.parametrize("answer, check", [
    ("This study tests a course for doctors. It plans to include 412 people.", "faithfulness.number"),
    ("Dr. Alan Grant leads this study. He wants to help doctors.", "faithfulness.person"),
    (GRADE_16, "readability.grade"),
    ("This study tests a course for doctors. This page is not medical advice.", "model.disclaimer"),
    ("This study tests a course for doctors. You should join it.", "model.advice"),
    ("This study tests a course for doctors. Write to almetahr11@gmail.com to join.", "model.contact"),
    ("This revolutionary course will cure diabetes.", "claims.promotional"),
    ("This study tests {{ drug }} in people.", "placeholder.template"),
    ("study the doctors 65 with of", "model.form"),
    ("", "model.form"),
    (None, "model.failed"),
])
def test_a_failing_section_falls_back_to_the_rules_text_saying_which_check_failed(
        fixtures_dir, drafter_for, rules, answer, check):
    [trial] = trials(fixtures_dir, RECORD)
    rules_text = next(s.text for s in rules.draft(trial).sections if s.id == "summary")
    section = next(s for s in drafter_for({"summary": answer}).draft(trial).sections if s.id == "summary")
    assert section.text == rules_text
    assert section.drafter == "rules"
    assert section.variant.startswith("fallback:")
    assert any(reason.startswith(check + ":") for reason in section.fallback_reasons), section.fallback_reasons
    assert section.variant == "fallback:" + section.fallback_reasons[0].split(":")[0]
    assert section.prompt_version == "summary@2"


@pytest.mark.parametrize("text, problem", [
    ("A sentence. And another one!", None),
    ("- a list item\n- another item", None),
    ("Zolbetuximab is tested in an open-label study.", None),  # a rare name the prompt gave
    ("Runs on and on without an end", "does not end with a full stop"),
    ("It is good. it is bad.", "lower case"),
    ("The the the study.", "repeats"),
    ("## Summary\n\nText is here.", "headings"),
    ("Ok.", "fewer than 3 words"),
    ('The egegegegeg trial ... . ". ".', "punctuation"),
    ("Participtxz wqrtl the blorfen study.", "neither English nor in the facts"),
])
def test_form_problem_spots_garbled_answers(text, problem):
    found = form_problem(text, "- tested: Zolbetuximab")
    assert (found is None) if problem is None else (problem in found)


def test_sections_of_many_records_go_to_the_model_in_one_call(fixtures_dir, drafter_for):
    batch = trials(fixtures_dir, RECORD, "NCT00460005.xml", "NCT05144685.json")
    drafter = drafter_for({})
    drafts = drafter.draft_many(batch)
    assert [d.trial.id for d in drafts] == [t.id for t in batch]
    assert len(drafter.calls) == 1
    assert len(drafter.calls[0]) == 3 * len(drafter.templates)
    assert all(s.id == "at_a_glance" or s.prompt_version for d in drafts for s in d.sections)


def test_a_second_run_asks_the_model_nothing(fixtures_dir, drafter_for):
    batch = trials(fixtures_dir, RECORD, "NCT00460005.xml")
    first = drafter_for({"summary": GOOD_SUMMARY}).draft_many(batch)
    again = drafter_for({"summary": "A different answer that must not be asked for."})
    assert again.draft_many(batch) == first
    assert again.calls == []


def test_prompts_carry_the_section_facts_but_never_contact_details(fixtures_dir, drafter_for):
    [trial] = trials(fixtures_dir, RECORD)
    drafter = drafter_for({})
    drafter.draft(trial)
    prompts = drafter.log.db.execute("SELECT section, system || prompt FROM responses").fetchall()
    assert {section for section, _ in prompts} == set(drafter.templates)
    summary = dict(prompts)["summary"]
    assert "65 people (planned)" in summary and "Diabetes Continuing Education Intervention" in summary
    for contact in trial.central_contacts:
        for detail in (contact.name, contact.phone, contact.email):
            assert all(detail not in text for _, text in prompts), detail


def test_with_contacts_shown_the_where_section_keeps_the_rules_draft(fixtures_dir, drafter_for):
    [trial] = trials(fixtures_dir, RECORD)
    drafter = drafter_for({}, show_contacts=True)
    where = next(s for s in drafter.draft(trial).sections if s.id == "where")
    assert "where" not in drafter.templates
    assert where.drafter == "rules" and where.prompt_version is None


@pytest.mark.parametrize("change, error", [
    ({"user": "Facts for {audience}: {facts}"}, PromptVariableError),
    ({"facts": ["title", "central_contacts"]}, ConfigError),
])
def test_a_workspace_prompt_with_an_unknown_variable_or_fact_stops_the_drafter_at_once(tmp_path, rules, change, error):
    folder = tmp_path / "prompts" / "model"
    folder.mkdir(parents=True)
    data = {"id": "summary", "version": 1, "facts": ["title"], "system": "Grade {target_grade}.", "user": "{facts}", **change}
    (folder / "summary.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(error):
        ScriptedDrafter({}, workspace=tmp_path, rules=rules, log_path=":memory:")


def test_importing_the_package_never_imports_torch():
    code = ("import sys, summarizer.cli, summarizer.pipeline, summarizer.drafting; "
            "from summarizer.drafting import get_drafter, drafter_names; "
            "assert {'transformers', 'openai'} <= set(drafter_names()); "
            "assert 'torch' not in sys.modules and 'transformers' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)
