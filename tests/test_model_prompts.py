"""Model prompt templates: validated YAML, versioned, a named error for an unknown variable."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from summarizer.drafting.model_base import FACTS, PROMPT_VARIABLES
from summarizer.drafting.phrases import SECTION_IDS
from summarizer.drafting.prompts import PromptTemplate, load_prompts
from summarizer.errors import ConfigError, PromptVariableError, TemplateError

GOOD = {
    "id": "summary", "version": 2, "facts": ["title"], "max_words": 50, "max_new_tokens": 64,
    "system": "Write for grade {target_grade}. Keep {{braces}}.", "user": "Facts:\n{facts}",
}


def write_prompt(workspace: Path, name: str, data: dict) -> None:
    folder = workspace / "prompts" / "model"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")


def test_bundled_prompts_cover_every_prose_section_and_ask_only_for_known_facts():
    templates = load_prompts()
    assert set(templates) == set(SECTION_IDS) - {"at_a_glance"}
    for template in templates.values():
        assert template.version >= 1
        assert set(template.facts) <= set(FACTS)
        template.require_only(PROMPT_VARIABLES)
        assert "use only the facts" in template.system.lower()
        assert "{target_grade}" in template.system + template.user


def test_render_fills_variables_keeps_literal_braces_and_carries_the_version():
    rendered = PromptTemplate.model_validate(GOOD).render({"target_grade": "8", "facts": "- title: X"})
    assert rendered.version == "summary@2"
    assert rendered.system == "Write for grade 8. Keep {braces}."
    assert rendered.user == "Facts:\n- title: X"
    assert rendered.max_new_tokens == 64


def test_a_missing_variable_is_a_named_error():
    template = PromptTemplate.model_validate({**GOOD, "user": "Facts: {facts} for {audience}"})
    with pytest.raises(PromptVariableError) as caught:
        template.render({"target_grade": "8", "facts": "x"})
    assert caught.value.names == ["audience"]
    assert "summary@2" in str(caught.value)
    assert isinstance(caught.value, TemplateError)  # the CLI reports it as a usage error, exit 2


@pytest.mark.parametrize("change, problem", [
    ({"temperature": 0.7}, "Extra inputs are not permitted"),
    ({"id": "summmary"}, "not a section id"),
    ({"version": 0}, "greater than or equal to 1"),
    ({"facts": []}, "at least 1 item"),
    ({"user": "{facts.name}"}, "plain {name}"),
])
def test_invalid_templates_are_refused(tmp_path, change, problem):
    write_prompt(tmp_path, change.get("id", "summary"), {**GOOD, **change})
    with pytest.raises(ConfigError) as caught:
        load_prompts(tmp_path)
    assert problem in str(caught.value)


def test_a_workspace_prompt_overrides_the_bundled_one_file_by_file(tmp_path):
    write_prompt(tmp_path, "summary", GOOD)
    templates = load_prompts(tmp_path)
    assert templates["summary"].version_id == "summary@2"
    assert templates["who_runs"] == load_prompts()["who_runs"]


def test_the_file_name_must_match_the_section_id(tmp_path):
    write_prompt(tmp_path, "where", GOOD)
    with pytest.raises(ConfigError, match="does not match the file name"):
        load_prompts(tmp_path)
