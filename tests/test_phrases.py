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
    data["purpose_outlook"]["TREATMENT"] = "It could help people with {conditions}."  # a misspelt placeholder
    data["criteria_rules"]["include"][0]["pattern"] = "(unclosed"
    (tmp_path / "prompts").mkdir()
    (tmp_path / "prompts" / "phrases.yaml").write_text(yaml.safe_dump(data))
    with pytest.raises(ConfigError) as caught:
        PhraseBank.load(tmp_path)
    joined = " ".join(caught.value.problems)
    assert "where" in joined and "SHORT" in joined and "pattern" in joined and "{conditions}" in joined


def plain_rule(bank, kind, item):
    return next((rule.text for rule in bank.compiled_criteria[kind] if rule.matches(item)), None)


@pytest.mark.parametrize("kind, item, text", [
    ("include", "Confirmed diagnosis of Crohn's disease", "You must have a confirmed diagnosis."),
    ("include", "Subject has a diagnosis of migraine with/without aura", "You must have a confirmed diagnosis."),
    ("include", "Have had no diagnosis of cancer", None),
    ("include", "without a prior diagnosis of DM", None),
    ("include", "Provisional or possible asthma diagnosis", None),
    ("exclude", "Allergy to lidocaine", "You cannot join if you have certain allergies."),
    ("exclude", "Known hypersensitivity to the study drug or its excipients",
     "You cannot join if you are allergic to what the study tests."),
    ("exclude", "Malignant hypertension", None),
    ("exclude", "History of neuroleptic malignant syndrome", None),
    ("exclude", "History of another malignancy", "You cannot join if you have had certain cancers."),
    ("exclude", "Prior gastrointestinal surgery", "You cannot join if you have had certain surgeries."),
    ("exclude", "Major surgery within 4 weeks", "You cannot join if you had surgery recently."),
    ("exclude", "Major surgery planned during the next 6 months", "You cannot join if you plan to have surgery."),
    ("exclude", "Prior vaccination with any pneumococcal vaccine", "You cannot join if you have had certain vaccines."),
    ("exclude", "Febrile illness in the 72 hours before vaccine administration", None),
])
def test_criteria_rules_say_only_what_the_item_says(kind, item, text):
    assert plain_rule(PhraseBank.load(), kind, item) == text
