"""Reading level per prose section and per page, with the trial's own names scored fairly."""
from __future__ import annotations

from pathlib import Path

from summarizer.checks import CheckConfig, CheckDocument, check_paths, run_checks
from summarizer.checks.document import DocSection
from summarizer.checks.readability import _shown
from summarizer.extract import extract
from summarizer.models import Intervention, Section, Trial
from summarizer.readers import read_paths

PAGES = Path(__file__).parent / "fixtures" / "pages"
REGISTRY_SUMMARY = (
    "The purpose of this study is to look at the safety and efficacy of a combination of 3 new antiretroviral drugs "
    "in patients who have multi-resistant viruses and limited treatment options. Patients will undergo treatment for "
    "48 weeks and virological efficacy will be evaluated at week 24.")
NAMED = ("Tofacitinib, a medicine for the immune system, is a pill. Hidradenitis suppurativa, a skin disease, "
         "causes lumps. The study gives tofacitinib to people with hidradenitis suppurativa. They take it each day "
         "for a year.")


def readability_findings(sections: dict[str, str], facts: Trial | None = None, **config):
    doc = CheckDocument(file="page.md", sections=tuple(DocSection(k, k, v, line=i + 1) for i, (k, v) in enumerate(sections.items())),
                        facts=facts)
    return [f for f in run_checks(doc, CheckConfig(**config)) if f.check.startswith("readability")]


def test_registry_prose_fails_the_grade_in_its_section_and_for_the_page():
    findings = readability_findings({"summary": REGISTRY_SUMMARY})
    grade = [f for f in findings if f.check == "readability.grade"]
    assert sorted((f.section or "", f.severity) for f in grade) == [("", "error"), ("summary", "error")]
    grade = [f for f in grade if f.section]
    assert grade[0].value > 14 and grade[0].threshold == 8
    assert "(raw " in grade[0].message and "Longest sentence (" in grade[0].message
    assert {f.check for f in findings} == {"readability.grade", "readability.smog", "readability.ease", "readability.dale_chall"}


def test_plain_prose_passes():
    text = ("The study tests a new pill. You take it once a day for a year. The team checks how you feel at each "
            "visit. You can stop at any time.")
    assert readability_findings({"summary": text, "what_happens": text}) == []


def test_short_sections_are_scored_only_with_the_page():
    findings = readability_findings({"summary": "Pharmacokinetics of subcutaneous immunoglobulin.",
                                     "what_happens": "You take a pill each day. " * 6})
    assert all(f.section is None for f in findings)


def test_fact_sections_are_not_held_to_prose_targets():
    assert readability_findings({"where": "Universitätsklinikum Hamburg-Eppendorf, Hamburg, Germany. " * 5}) == []


def test_the_trials_own_names_explained_on_the_page_count_as_familiar():
    facts = Trial(id="NCT01234567", conditions=["Hidradenitis Suppurativa"], interventions=[Intervention(name="Tofacitinib")])
    [plain] = [f for f in readability_findings({"summary": NAMED}, max_grade=4) if f.check == "readability.grade" and f.section]
    [named] = [f for f in readability_findings({"summary": NAMED}, facts=facts, max_grade=4)
               if f.check == "readability.grade" and f.section]
    assert named.value < plain.value - 3
    assert f"raw {plain.value:.1f}" in named.message
    unexplained = "The study gives tofacitinib to people with hidradenitis suppurativa. They take it each day for a year."
    [still] = [f for f in readability_findings({"summary": unexplained}, facts=facts, max_grade=4, min_words_to_score=1)
               if f.check == "readability.grade" and f.section]
    assert f"grade {still.value:.1f} (raw {still.value:.1f})" in still.message


def test_grade16_fixture():
    result = check_paths([PAGES / "grade16.md"], CheckConfig())
    [section_grade] = [f for f in result.findings if f.check == "readability.grade" and f.section]
    assert section_grade.section == "summary" and section_grade.line == 8 and section_grade.value > 16


def test_a_whole_trial_name_explained_in_the_next_sentence_is_scored_as_familiar():
    (raw,) = read_paths([Path(__file__).parent / "fixtures" / "records" / "NCT00460057.xml"])
    trial = extract(raw).model_copy(update={"conditions": ["Postmenopausal Osteoporosis"],
                                            "interventions": [extract(raw).interventions[0].model_copy(
                                                update={"name": "Alendronate sodium trihydrate"})]})
    text = ("This study tests Alendronate sodium trihydrate. It is for women with Postmenopausal Osteoporosis. "
            "Alendronate sodium trihydrate is a medicine that helps keep bones strong. Postmenopausal Osteoporosis "
            "is a disease that makes bones thin. Sixty-three women took part. They took it for a year.")
    sections = [Section(id="summary", title="Summary", text=text)]
    doc = CheckDocument.from_page(trial, sections, [])
    [finding] = [f for f in run_checks(doc, CheckConfig(max_grade=1)) if f.check == "readability.grade" and f.section]
    raw_grade = float(finding.message.split("(raw ")[1].split(")")[0])
    assert finding.value < raw_grade  # the explained names count as familiar words


def test_a_sentence_recounted_with_only_the_names_it_holds_counts_as_with_all_names():
    from summarizer.readability import _stats_with_names, read_sentence, word_stats

    sentence = read_sentence("Tofacitinib, a medicine for hidradenitis suppurativa, is a pill.")
    names = frozenset({"tofacitinib", "hidradenitis", "suppurativa", "ruxolitinib", "dermatomyositis"})
    held = frozenset(names.intersection(sentence.lowered))
    assert held == {"tofacitinib", "hidradenitis", "suppurativa"}
    assert _stats_with_names(sentence.words, held) == word_stats((sentence.words,), names) != sentence.stats


def test_a_failing_score_never_reads_as_its_threshold():
    # REGISTRY_SUMMARY scores grade 15.42, Dale-Chall 10.51: one decimal would read "15.4; aim for 15.4 or below".
    findings = {f.check: f for f in readability_findings({"summary": REGISTRY_SUMMARY}, max_grade=15.4, max_dale_chall=10.5)
                if f.section}
    assert "reads at grade 15.42 (raw 15.42); aim for 15.4 or below" in findings["readability.grade"].message
    assert "Dale-Chall score of 10.51 (raw 10.51); aim for 10.5 or below" in findings["readability.dale_chall"].message
    assert findings["readability.grade"].value == 15.42 and findings["readability.dale_chall"].value == 10.51


def test_shown_adds_decimals_only_where_the_rounded_score_would_meet_its_threshold():
    assert _shown(6.92, 6.9, 1, above=True) == "6.92"
    assert _shown(7.34, 6.9, 1, above=True) == "7.3"
    assert _shown(59.6, 60, 0, above=False) == "59.6"
    assert _shown(59.96, 60, 0, above=False) == "59.96"
    assert _shown(41.2, 60, 0, above=False) == "41"


def test_every_score_gives_its_raw_value_beside_the_adjusted_one():
    facts = Trial(id="NCT01234567", conditions=["Hidradenitis Suppurativa"], interventions=[Intervention(name="Tofacitinib")])
    findings = {f.check: f for f in readability_findings({"summary": NAMED}, facts=facts, max_grade=4, max_smog=5,
                                                         min_reading_ease=90, max_dale_chall=5) if f.section}
    assert set(findings) == {"readability.grade", "readability.smog", "readability.ease", "readability.dale_chall"}
    assert "reads at grade 4.4 (raw 10.6)" in findings["readability.grade"].message
    assert "SMOG grade of 6.0 (raw 10.7)" in findings["readability.smog"].message
    assert "reading ease of 79 (raw 34)" in findings["readability.ease"].message
    assert "Dale-Chall score of 5.5 (raw 8.2)" in findings["readability.dale_chall"].message
