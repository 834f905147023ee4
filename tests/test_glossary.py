"""The project's glossary: bundled data, lookups, explanations of what records name, and coverage."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from summarizer.errors import ConfigError
from summarizer.glossary import Glossary, GlossaryEntry, kind_of, load_plain_words, normalise
from summarizer.glossary_coverage import (
    explain_condition,
    explain_intervention,
    measure,
    mesh_for,
    trials_in,
)
from summarizer.models import Intervention, Trial

# MeSH strings copied from real v2 records (derivedSection.*BrowseModule).
DAPAGLIFLOZIN_ANCESTORS = [  # NCT record in studies-mixed.json, intervention "Dapagliflozin"
    "Sodium-Glucose Transporter 2 Inhibitors",
    "Molecular Mechanisms of Pharmacological Action",
    "Hypoglycemic Agents",
    "Physiological Effects of Drugs",
]
CERTOLIZUMAB_ANCESTORS = [  # NCT02552212, intervention "Certolizumab Pegol"
    "Tumor Necrosis Factor Inhibitors",
    "Anti-Inflammatory Agents",
    "Immunosuppressive Agents",
    "Immunologic Factors",
    "Physiological Effects of Drugs",
    "Antirheumatic Agents",
]
AXIAL_SPA_MESH = ["Spondylitis", "Spondylarthritis", "Axial Spondyloarthritis",
                  "Non-Radiographic Axial Spondyloarthritis"]  # NCT02552212 conditions
AXIAL_SPA_ANCESTORS = ["Bone Diseases, Infectious", "Infections", "Bone Diseases", "Musculoskeletal Diseases",
                       "Spinal Diseases", "Spondylarthropathies"]


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return Glossary.load()


def write_glossary(workspace: Path, name: str, entries: list) -> None:
    folder = workspace / "prompts" / "glossary"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(yaml.safe_dump(entries), encoding="utf-8")


# --------------------------------------------------------------------------- bundled data


def test_bundled_glossary_loads_with_every_topic(glossary):
    kinds = {entry.kind for entry in glossary.entries}
    assert {"research", "route", "drug_class", "condition", "body", "measure", "intervention_type"} <= kinds
    assert len(glossary) > 500


def test_bundled_plain_texts_are_short_noun_phrases_without_numbers(glossary):
    for entry in glossary.entries:
        for text in filter(None, (entry.plain, entry.aim, entry.simpler)):
            assert len(text.split()) <= 15, entry.term
            assert not text.endswith((".", "!", "?")), entry.term
            assert not any(c.isdigit() for c in text), entry.term
        assert (entry.aim is not None) == (entry.kind == "measure"), entry.term


def test_drug_classes_read_after_a_kind_of(glossary):
    for entry in glossary.entries:
        if entry.kind == "drug_class":
            assert entry.plain.startswith(("a ", "an ")), entry.term
            assert kind_of(entry).startswith("a kind of ") and " a " not in kind_of(entry)[:12]


def test_no_term_or_mesh_heading_is_claimed_by_two_entries(glossary):
    owners: dict[tuple[str, str], str] = {}
    for entry in glossary.entries:
        if entry.kind == "intervention_type":
            continue
        keys = [("term", normalise(k)) for k in (entry.term, *entry.aliases)]
        keys += [("mesh", m.casefold()) for m in entry.mesh]
        for key in keys:
            assert owners.setdefault(key, entry.term) == entry.term, key


# --------------------------------------------------------------------------- lookups


@pytest.mark.parametrize("text, term", [
    ("placebo", "placebo"),
    ("Placebos", "placebo"),
    ("RANDOMISED", "randomized"),
    ("randomized", "randomized"),
    ("Double Blind", "double-blind"),
    ("double-masked", "double-blind"),
    ("enrolment", "enrollment"),
    ("Tumor", "tumour"),
    ("Alzheimer's Disease", "Alzheimer disease"),
    ("injection under the skin", "subcutaneous"),
    ("PASI 75", "PASI"),
    ("hemoglobin A1c", "HbA1c"),
])
def test_lookup_by_term_alias_case_and_spelling(glossary, text, term):
    assert glossary.lookup(text).term == term


def test_lookup_misses_unknown_words(glossary):
    assert glossary.lookup("tofacitinib citrate tablets 5 mg") is None
    assert glossary.lookup("") is None


def test_by_mesh_takes_the_first_term_in_the_given_order(glossary):
    assert glossary.by_mesh(DAPAGLIFLOZIN_ANCESTORS).term == "SGLT2 inhibitor"
    assert glossary.by_mesh(list(reversed(DAPAGLIFLOZIN_ANCESTORS))).term == "diabetes medicine"
    assert glossary.by_mesh(["Physiological Effects of Drugs"]) is None


def test_by_type_falls_back_on_the_intervention_type(glossary):
    assert glossary.by_type("DRUG").plain == "a medicine"
    assert glossary.by_type("Dietary Supplement").term == "DIETARY_SUPPLEMENT"
    assert glossary.by_type("OTHER") is None and glossary.by_type(None) is None


# --------------------------------------------------------------------------- explain


def test_explain_prefers_the_name_then_a_part_then_mesh_then_ancestors(glossary):
    assert glossary.explain("Atopic Dermatitis")[1] == "term"
    entry, how = glossary.explain("Breast Cancer Survivors", ["Breast Neoplasms"])
    assert (entry.term, how) == ("breast cancer", "part")
    entry, how = glossary.explain("LY3009104", ["Baricitinib"], ["Janus Kinase Inhibitors"])
    assert (entry.term, how) == ("JAK inhibitor", "mesh")
    entry, how = glossary.explain("Certolizumab", [], CERTOLIZUMAB_ANCESTORS)
    assert (entry.term, how) == ("TNF inhibitor", "ancestor")  # the most specific group wins
    assert kind_of(entry) == "a kind of medicine that blocks a protein that causes swelling in the body"
    assert glossary.explain("XYZ-123") is None


def test_explain_skips_acronyms_inside_a_name(glossary):
    assert glossary.lookup("MS").term == "multiple sclerosis"
    assert glossary.explain("Quality Improvement Project (MS)") is None


def test_mesh_for_keeps_only_the_headings_of_that_name():
    mesh, ancestors = mesh_for("Obesity", ["Obesity", "Type 2 Diabetes"],
                               ["Obesity", "Diabetes Mellitus, Type 2"], ["Metabolic Diseases"])
    assert (mesh, ancestors) == (["Obesity"], [])
    mesh, ancestors = mesh_for("Axial Spondyloarthritis", ["Axial Spondyloarthritis"], AXIAL_SPA_MESH,
                               AXIAL_SPA_ANCESTORS)
    assert mesh[0] == "Axial Spondyloarthritis" and ancestors == ["Spondylarthropathies"]


def test_explain_condition_and_intervention_on_a_trial(glossary):
    trial = Trial(
        id="NCT00000000",
        conditions=["Obesity", "Prediabetes Progressing"],
        condition_mesh=["Obesity", "Prediabetic State"],
        interventions=[
            Intervention(type="DRUG", name="Dapagliflozin"),
            Intervention(type="DRUG", name="ABC-123 tablets"),
            Intervention(type="DRUG", name="XYZ-9"),
            Intervention(type="BEHAVIORAL", name="Weekly coaching calls"),
            Intervention(type="OTHER", name="Vehicle", other_names=["placebo"]),
        ],
        intervention_mesh=["Dapagliflozin"],
        intervention_mesh_ancestors=DAPAGLIFLOZIN_ANCESTORS,
    )
    assert explain_condition(glossary, "Obesity", trial)[0].term == "obesity"
    assert explain_condition(glossary, "Prediabetes Progressing", trial)[0].term == "prediabetes"
    found = [explain_intervention(glossary, i, trial) for i in trial.interventions]
    assert [(e.term, how) for e, how in found] == [
        ("SGLT2 inhibitor", "mesh"),
        ("tablet", "part"),
        ("DRUG", "type"),
        ("health education", "part"),
        ("placebo", "term"),
    ]


# --------------------------------------------------------------------------- find_terms


def test_find_terms_gives_longest_non_overlapping_spans_in_order(glossary):
    text = ("A randomised, double-blind, placebo-controlled study of a cream. "
            "The primary outcome measure is the IGA score; IgA levels are checked at follow up.")
    found = [(entry.term, text[start:end]) for entry, start, end in glossary.find_terms(text)]
    assert found == [
        ("randomized", "randomised"),
        ("double-blind", "double-blind"),
        ("placebo-controlled", "placebo-controlled"),
        ("cream", "cream"),
        ("primary outcome", "primary outcome measure"),
        ("IGA", "IGA score"),
        ("follow-up", "follow up"),
    ]


@pytest.mark.parametrize("text", ["hemoglobin A1c (HbA1c)", "Hemoglobin A1C", "Change in HbA1c", "HBA1c levels"])
def test_find_terms_knows_every_spelling_of_an_acronym(glossary, text):
    assert [entry.term for entry, *_ in glossary.find_terms(text)][:1] == ["HbA1c"]


@pytest.mark.parametrize("text, term", [
    ("Pulse Wave Velocity (PWV) Changes From Baseline", None),  # not the heart rate
    ("Pulse rate at rest", "heart rate"),
    ("Weeks Retained in Substance Use Treatment", None),  # not how much people use drugs
    ("Change in Number of Substance Use Occasions", "substance use"),
    ("MADRS Total Score", "MADRS"),  # an acronym is a name of its own
])
def test_a_measure_is_found_only_where_its_name_ends(glossary, text, term):
    found = [entry.term for entry, *_ in glossary.find_terms(text) if entry.kind == "measure"]
    assert found[:1] == ([term] if term else [])


def test_an_inverted_condition_name_is_looked_up_in_natural_order_first(glossary):
    trial = Trial(id="NCT00462956", conditions=["Neoplasms, Breast"])
    assert explain_condition(glossary, "Neoplasms, Breast", trial)[0].term == "breast cancer"  # not just "cancer"
    assert explain_condition(glossary, "Suicide, Attempted", trial)[0].term == "suicide risk"  # no natural-order term


def test_rehabilitation_is_not_taken_for_physical_therapy(glossary):
    assert glossary.lookup("rehabilitation") is None
    assert glossary.explain("Individual placement and support (vocational rehabilitation)") is None or \
        glossary.explain("Individual placement and support (vocational rehabilitation)")[0].term != "physical therapy"
    assert glossary.lookup("physiotherapy").term == "physical therapy"


def test_find_terms_leaves_conditions_and_drug_classes_out_by_default(glossary):
    assert glossary.find_terms("people with asthma who take a statin") == []
    found = glossary.find_terms("people with asthma who take a statin", kinds=("condition", "drug_class"))
    assert [entry.term for entry, _, _ in found] == ["asthma", "statin"]


# --------------------------------------------------------------------------- workspace


def test_invalid_workspace_file_reports_every_problem_at_once(tmp_path):
    write_glossary(tmp_path, "extra.yaml", [
        {"term": "widget", "kind": "route", "plain": "a widget."},
        {"term": "gadget", "plain": "a gadget"},
        {"term": "thing", "kind": "route", "plain": "a " + "very " * 20 + "long thing", "colour": "red"},
        {"term": "dummy pill", "kind": "research", "plain": "a pill"},
    ])
    with pytest.raises(ConfigError) as caught:
        Glossary.load(tmp_path)
    problems = caught.value.problems
    assert any("extra.yaml [0] 'widget'" in p and "sentence-final" in p for p in problems)
    assert any("extra.yaml [1] 'gadget'" in p and "kind" in p for p in problems)
    assert any("extra.yaml [2] 'thing'" in p and "15 words" in p for p in problems)
    assert any("extra.yaml [2] 'thing'" in p and "colour" in p for p in problems)
    assert any("'dummy pill'" in p and "'placebo'" in p and "already used" in p for p in problems)


def test_workspace_file_overrides_the_bundled_file_and_adds_new_ones(tmp_path):
    write_glossary(tmp_path, "research.yaml", [
        {"term": "placebo", "kind": "research", "plain": "a pretend treatment with no medicine in it"},
    ])
    write_glossary(tmp_path, "local.yaml", [
        {"term": "widget therapy", "kind": "route", "plain": "a treatment made up for this test"},
    ])
    glossary = Glossary.load(tmp_path)
    assert glossary.lookup("placebo").plain == "a pretend treatment with no medicine in it"
    assert glossary.lookup("double-blind") is None  # the bundled research.yaml is hidden
    assert glossary.lookup("widget therapy").kind == "route"
    assert glossary.lookup("cream") is not None  # other bundled files still load


def test_with_entries_returns_a_new_glossary(glossary):
    override = GlossaryEntry(term="placebo", kind="research", plain="a look-alike treatment without medicine")
    changed = glossary.with_entries([override])
    assert changed.lookup("placebos").plain == override.plain
    assert glossary.lookup("placebo").plain != override.plain
    assert len(changed) == len(glossary)
    with pytest.raises(Exception):
        glossary.entries[0].plain = "changed"  # entries are frozen


def test_plain_words_are_lower_case_and_load_from_the_workspace(tmp_path):
    words = load_plain_words()
    assert words["participants"] == "people" and words["administered"] == "given"
    assert words["upon"] == "on"  # not YAML's boolean
    assert all(key == key.lower() for key in words)
    (tmp_path / "prompts").mkdir()
    (tmp_path / "prompts" / "plain_words.yaml").write_text("Utilise: use\nassess: [check]\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_plain_words(tmp_path)
    assert len(caught.value.problems) == 2


# --------------------------------------------------------------------------- real records


@pytest.mark.shared
def test_real_record_mesh_headings_are_explained(shared_dir, glossary):
    (trial,) = trials_in(shared_dir / "data" / "ctgov-v2" / "single" / "NCT02552212.json")
    assert glossary.by_mesh(trial.intervention_mesh_ancestors).term == "TNF inhibitor"
    entry, how = explain_intervention(glossary, trial.interventions[0], trial)
    assert how in ("term", "mesh", "ancestor") and entry.kind == "drug_class"
    for name in trial.conditions:
        assert explain_condition(glossary, name, trial) is not None


@pytest.mark.shared
def test_coverage_on_shared_records_is_at_least_ninety_percent(shared_dir, glossary):
    data = shared_dir / "data"
    coverage = measure(glossary, trials_in([data / "ctgov-v2", data / "ctgov-xml"]))
    assert coverage.records > 1000
    assert coverage.share >= 0.90
    assert coverage.conditions.share >= 0.85 and coverage.interventions.share >= 0.90


def test_plain_texts_name_no_condition_or_proper_noun():
    """An explanation is reused on every record that names the term; naming a disease or a place in
    it would put a fact on the page that the record may not hold (the faithfulness check fails it)."""
    import re

    offenders = [(e.term, text) for e in Glossary.load().entries for text in (e.plain, e.aim)
                 if text and re.search(r"(?<!^)\b[A-Z][A-Za-z]+", text)]
    assert offenders == []
