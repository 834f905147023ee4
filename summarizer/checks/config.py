"""Thresholds and severities of the checks (the ``check:`` key of ``summarizer.yaml``).

Defaults follow health-literacy guidance for patient material: reading grade 8 or below (the
target is 6-8), sentences of at most 25 words (about 15 on average), short paragraphs, everyday
words. Loading the file is ``summarizer/config.py``'s job; this module owns the model and turns
a validation error into one line per problem, all of them at once.
"""
from __future__ import annotations

from typing import Annotated, Any, Literal, Mapping

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator

from ..errors import ConfigError
from ..models import Severity
from .catalog import CHECKS, is_known

# YAML 1.1 reads a bare `off` as false: take it as "off", which is what the editor wrote.
SeverityOverride = Annotated[Literal["error", "warning", "info", "off"], BeforeValidator(lambda v: "off" if v is False else v)]


def _known(check_id: str) -> str:
    if not is_known(check_id):
        raise ValueError(f"unknown check id {check_id!r} (ids look like 'readability.grade'; a family like 'readability' or 'all' also works)")
    return check_id


CheckSelector = Annotated[str, AfterValidator(_known)]

REQUIRED_SECTIONS = ["summary", "what_it_could_mean", "what_could_go_wrong", "who_can_join", "what_happens",
                     "where", "who_runs", "at_a_glance"]
PROSE_SECTIONS = ["summary", "what_it_could_mean", "what_could_go_wrong", "who_can_join", "what_happens"]
REQUIRED_DISCLAIMERS = ["not_medical_advice", "may_miss_details", "talk_to_doctor", "automated"]


class CheckConfig(BaseModel):
    """What ``summarizer check`` (and ``build``, on every draft) holds a page to."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    max_grade: float = Field(8.0, gt=0, description="highest Flesch-Kincaid grade of a prose section and of the page")
    max_smog: float = Field(9.0, gt=0, description="highest SMOG grade (SMOG reads about a grade above Flesch-Kincaid)")
    min_reading_ease: float = Field(60.0, description="lowest Flesch reading ease (60-70 is plain English)")
    max_dale_chall: float = Field(6.9, gt=0, description="highest Dale-Chall score (6.0-6.9 is grades 7-8)")
    min_words_to_score: int = Field(20, ge=1, description="a shorter section is scored only as part of the page")
    max_sentence_words: int = Field(25, ge=5)
    max_paragraph_sentences: int = Field(5, ge=1)
    jargon_zipf: float = Field(3.0, ge=0, le=8, description="words rarer than this wordfreq Zipf frequency are jargon")
    prose_sections: list[str] = Field(default_factory=lambda: list(PROSE_SECTIONS))
    required_sections: list[str] = Field(default_factory=lambda: list(REQUIRED_SECTIONS))
    required_disclaimers: list[str] = Field(default_factory=lambda: list(REQUIRED_DISCLAIMERS))
    name_sections: list[str] = Field(default_factory=lambda: ["where", "who_runs"],
                                     description="sections that list places, organisations and people: no jargon check")
    registry_url: str = Field("https://clinicaltrials.gov/study/{nct_id}",
                              description="where the may_miss_details link must point; {nct_id} is filled in")
    severity: dict[CheckSelector, SeverityOverride] = Field(
        default_factory=dict, description="check id, family or 'all' -> error, warning, info or off")

    @field_validator("registry_url")
    @classmethod
    def _has_placeholder(cls, value: str) -> str:
        if "{nct_id}" not in value:
            raise ValueError("must contain {nct_id}")
        return value

    def severity_of(self, check_id: str) -> Severity | None:
        """The configured severity of ``check_id`` (the most specific override wins); None when off."""
        chosen: str = CHECKS[check_id].severity
        for selector in ("all", check_id.split(".")[0], check_id):
            chosen = self.severity.get(selector, chosen)
        return None if chosen == "off" else chosen  # type: ignore[return-value]


def validation_problems(error: ValidationError, prefix: str = "") -> list[str]:
    """One readable line per problem: ``check.max_grade: Input should be a valid number (got 'eight')``."""
    problems = []
    for item in error.errors():
        location = ".".join(str(part) for part in (prefix, *item["loc"]) if part != "")
        message = item["msg"].removeprefix("Value error, ")
        got = f" (got {item['input']!r})" if item["type"] not in ("extra_forbidden", "missing") and not isinstance(item["input"], (dict, list)) else ""
        problems.append(f"{location or '(top level)'}: {message}{got}")
    return problems


def parse_check_config(data: Mapping[str, Any] | None, source: str = "configuration") -> CheckConfig:
    """A validated ``CheckConfig`` from the ``check:`` mapping; ``ConfigError`` lists every problem."""
    try:
        return CheckConfig.model_validate(dict(data or {}))
    except ValidationError as error:
        raise ConfigError(validation_problems(error, "check"), source=source) from error
