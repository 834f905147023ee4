"""Groups and what the study tests, on real records: labels that are only numbers, control groups
the record files as OTHER."""
from pathlib import Path

import pytest

from summarizer.drafting import get_drafter
from summarizer.drafting import arms
from summarizer.drafting.arms import arm_type, groups, has_comparison
from summarizer.drafting.phrases import PhraseBank
from summarizer.extract import extract
from summarizer.models import Trial
from summarizer.readers import read_paths

RECORDS = Path(__file__).parent / "fixtures" / "records"


@pytest.fixture(scope="module")
def bank():
    return PhraseBank.load()


def trial(name: str) -> Trial:
    (raw,) = read_paths([RECORDS / name])
    return extract(raw)


def with_usual_care_arm() -> Trial:
    """NCT05144685 (two apps, both EXPERIMENTAL) with its second arm as records such as NCT05266625
    file theirs: OTHER, "Standard of Care", getting a "Control App"."""
    t = trial("NCT05144685.json")
    tested, other = t.arms
    control = other.model_copy(update={"type": "OTHER", "label": "Standard of Care",
                                       "intervention_names": ["Device: Control App"]})
    app = t.interventions[1].model_copy(update={"name": "Control App", "arm_labels": ["Standard of Care"]})
    return t.model_copy(update={"arms": [tested, control], "interventions": [t.interventions[0], app]})


def test_an_other_arm_called_usual_care_is_a_comparison_and_its_intervention_is_not_tested(bank):
    t = with_usual_care_arm()
    assert [arm_type(arm) for arm in t.arms] == ["EXPERIMENTAL", "CONTROL"] and has_comparison(t)
    assert [item.name for item in arms.tested_interventions(t)] == ["OTX-202"]
    assert groups(bank, t.arms)[1].role == bank.arm_type["CONTROL"]
    text = {s.id: s.text for s in get_drafter("rules").draft(t).sections}
    assert "This study tests OTX-202." in text["summary"] and "Control App" not in text["what_it_could_mean"]
    assert bank.risk["no_control"] not in text["what_could_go_wrong"]
    assert "- Standard of Care: is a group to compare with (Control App)." in text["what_happens"]


def test_what_only_a_control_group_gets_is_never_tested():
    t = with_usual_care_arm()
    # the tested arm is filed as an active comparator (as NCT00490672 does): still not the control app
    compared = t.arms[0].model_copy(update={"type": "ACTIVE_COMPARATOR"})
    assert [i.name for i in arms.tested_interventions(t.model_copy(update={"arms": [compared, t.arms[1]]}))] == [
        "OTX-202"]


def test_an_other_arm_the_record_does_not_call_a_control_stays_tested():
    t = trial("NCT00973089.json")  # "Incomplete caries removal", OTHER, described as the "Test group"
    assert [arm_type(arm) for arm in t.arms] == ["NO_INTERVENTION", "OTHER"]
    assert [item.name for item in arms.tested_interventions(t)] == ["Incomplete caries removal in primary teeth"]


def test_a_label_that_is_only_a_number_is_named_group_n(bank):
    t = trial("NCT00763412.json")  # "1 Placebo", "2. repaglinide"
    assert [g.label for g in groups(bank, t.arms)] == ["Placebo", "repaglinide"]
    numbered = [arm.model_copy(update={"label": label}) for arm, label in zip(t.arms, ["1:", "2"])]
    assert [g.label for g in groups(bank, numbered)] == ["Group 1", "Group 2"]


def test_an_observational_studys_groups_are_groups_the_researchers_watch(bank):
    t = trial("NCT00973089.json")
    watched = groups(bank, t.arms, observational=True)
    assert [g.role for g in watched] == [bank.arm_type["NO_INTERVENTION"], bank.arm_type["OBSERVED"]]
    assert groups(bank, t.arms)[1].role == bank.arm_type["EXPERIMENTAL"]  # interventional OTHER: tested
