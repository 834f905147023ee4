"""Disclaimers: the policy's required and conditional ones, on real records and a web page."""
from pathlib import Path

import pytest

from summarizer.disclaimers import REQUIRED_IDS, DisclaimerPolicy, DisclaimerWriter
from summarizer.errors import ConfigError
from summarizer.extract import extract
from summarizer.readers import read_paths

HERE = Path(__file__).parent
RECORDS = HERE / "fixtures" / "records"
SEEDS = HERE.parent / "seeds"


@pytest.fixture(scope="module")
def writer():
    return DisclaimerWriter(DisclaimerPolicy.load())


def trial(path: Path):
    (raw,) = read_paths([path])
    return extract(raw)


def ids(disclaimers):
    return [d.id for d in disclaimers]


def test_every_page_gets_the_required_disclaimers_with_the_registry_link(writer):
    t = trial(RECORDS / "NCT04207047.json")
    out = {d.id: d for d in writer.attach(t, "18 November 2026", "5 May 2020")}
    assert set(REQUIRED_IDS) <= set(out)
    assert out["may_miss_details"].link == "https://clinicaltrials.gov/study/NCT04207047"
    assert "https://clinicaltrials.gov/study/NCT04207047" in out["may_miss_details"].text
    assert "18 November 2026" in out["automated"].text and "NCT04207047" in out["automated"].text
    assert "5 May 2020" in out["automated"].text


def test_conditional_disclaimers_follow_status_and_results(writer):
    terminated = trial(RECORDS / "NCT00460551.xml")  # terminated, with results
    found = ids(writer.attach(terminated, "18 November 2026", None))
    assert {"not_recruiting", "stopped", "has_results"} <= set(found)
    recruiting = trial(RECORDS / "NCT00491010.xml").model_copy(update={"overall_status": "RECRUITING", "has_results": False})
    assert not {"not_recruiting", "stopped", "has_results"} & set(ids(writer.attach(recruiting, "x", None)))


def test_a_page_from_a_web_page_says_so_and_names_what_was_missing(writer):
    t = trial(SEEDS / "001_e39d1c6d6697f6e5.txt")
    out = {d.id: d for d in writer.attach(t, "18 November 2026", None)}
    assert "from a web page about the study, not from the registry record" in out["automated"].text
    assert "NCT ID" in out["automated"].text  # among the fields the page did not give
    assert out["may_miss_details"].link is None and "could not find" in out["may_miss_details"].text


def test_a_policy_without_a_required_disclaimer_is_a_config_error(tmp_path):
    (tmp_path / "prompts").mkdir()
    (tmp_path / "prompts" / "disclaimers.yaml").write_text(
        "required:\n  - id: not_medical_advice\n    text: Not advice.\nconditional:\n  - id: x\n    when: sometimes\n    text: y\n")
    with pytest.raises(ConfigError) as caught:
        DisclaimerPolicy.load(tmp_path)
    text = " ".join(caught.value.problems)
    assert "may_miss_details" in text and "when" in text  # every problem at once


def test_a_workspace_policy_overrides_the_bundled_one(tmp_path):
    (tmp_path / "prompts").mkdir()
    bundled = (HERE.parent / "prompts" / "disclaimers.yaml").read_text()
    (tmp_path / "prompts" / "disclaimers.yaml").write_text(
        bundled.replace("It is not medical advice.", "It is not medical advice, says our site."))
    out = DisclaimerWriter(DisclaimerPolicy.load(tmp_path)).attach(trial(RECORDS / "NCT04207047.json"), "x", None)
    assert "says our site" in next(d.text for d in out if d.id == "not_medical_advice")
