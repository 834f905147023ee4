"""CheckConfig: defaults, every validation problem at once, severity overrides."""
from __future__ import annotations

import pytest
import yaml
from pydantic import ValidationError

from summarizer.checks.config import CheckConfig, parse_check_config, validation_problems
from summarizer.errors import ConfigError


def test_defaults_follow_health_literacy_guidance():
    config = CheckConfig()
    assert config.max_grade == 8 and config.max_sentence_words == 25
    assert config.required_sections[0] == "summary" and len(config.required_sections) == 8
    assert config.required_disclaimers == ["not_medical_advice", "may_miss_details", "talk_to_doctor", "automated"]


def test_every_problem_is_reported_together():
    with pytest.raises(ConfigError) as caught:
        parse_check_config({"max_grade": "eight", "max_sentence_words": 2, "colour": True,
                            "severity": {"readability.grade": "warning", "no.such.check": "off", "jargon": "loud"},
                            "registry_url": "https://example.org/"}, source="summarizer.yaml")
    problems = caught.value.problems
    assert len(problems) == 6
    joined = "\n".join(problems)
    assert "check.max_grade: Input should be a valid number" in joined and "'eight'" in joined
    assert "check.max_sentence_words:" in joined
    assert "check.colour: Extra inputs are not permitted" in joined
    assert "check.severity.jargon:" in joined
    assert "check.severity.no.such.check.[key]: unknown check id 'no.such.check'" in joined
    assert "check.registry_url: must contain {nct_id}" in joined
    assert str(caught.value).startswith("summarizer.yaml: ")


def test_validation_problems_without_prefix():
    with pytest.raises(ValidationError) as caught:
        CheckConfig.model_validate({"min_words_to_score": 0})
    assert validation_problems(caught.value) == ["min_words_to_score: Input should be greater than or equal to 1 (got 0)"]


def test_the_most_specific_severity_wins():
    config = CheckConfig(severity={"all": "info", "readability": "warning", "readability.grade": "error", "passive": "off"})
    assert config.severity_of("readability.grade") == "error"
    assert config.severity_of("readability.smog") == "warning"
    assert config.severity_of("claims.promotional") == "info"
    assert config.severity_of("passive.voice") is None
    assert CheckConfig().severity_of("passive.voice") == "warning"


def test_a_bare_yaml_off_turns_a_check_off():
    config = parse_check_config(yaml.safe_load("severity: {passive: off}"))
    assert config.severity_of("passive.voice") is None


def test_config_is_immutable():
    with pytest.raises(ValidationError):
        CheckConfig().max_grade = 12  # type: ignore[misc]
