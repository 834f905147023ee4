"""The rules drafter's phrase bank: validated at load, all problems together."""
import pytest
import yaml

from summarizer.drafting.phrases import SECTION_IDS, PhraseBank
from summarizer.errors import ConfigError
from summarizer.workspace import bundled_dir


def test_bundled_bank_loads_with_every_section_title():
    bank = PhraseBank.load()
    assert set(SECTION_IDS) <= set(bank.sections)
    assert bank.compiled_criteria["exclude"][0][0].search("Pregnant or breastfeeding women")


def test_a_broken_workspace_bank_reports_every_problem(tmp_path):
    data = yaml.safe_load((bundled_dir("prompts") / "phrases.yaml").read_text())
    del data["sections"]["where"]
    del data["purpose_outlook"]["SHORT"]
    data["criteria_rules"]["include"][0]["pattern"] = "(unclosed"
    (tmp_path / "prompts").mkdir()
    (tmp_path / "prompts" / "phrases.yaml").write_text(yaml.safe_dump(data))
    with pytest.raises(ConfigError) as caught:
        PhraseBank.load(tmp_path)
    joined = " ".join(caught.value.problems)
    assert "where" in joined and "SHORT" in joined and "pattern" in joined
