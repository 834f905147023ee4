"""Probable duplicates: flagged with evidence, never merged, never found by comparing all pairs."""
from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from summarizer.duplicates import THRESHOLD, DuplicateGroup, candidate_pairs, find_probable_duplicates
from summarizer.extract_webpage import extract_webpage
from summarizer.models import Intervention, Location, Trial
from summarizer.readers.webpage import read_webpage

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="module")
def seed_trials() -> dict[str, Trial]:
    return {path.name[:3]: extract_webpage(next(read_webpage(path))) for path in sorted(SEEDS.glob("00[0-4]_*.txt"))}


def trial(id: str, *, nct: bool = True, web: bool = False, drug: str = "Ruxolitinib cream",
          condition: str = "Dermatomyositis", site: str | None = "Cleveland Clinic", **fields) -> Trial:
    return Trial(
        id=id, nct_id=id if nct else None, source_format="webpage" if web else "ctgov-v2",
        interventions=[Intervention(name=drug)], conditions=[condition],
        locations=[Location(facility=site)] if site else [], **fields,
    )


def test_seed_001_and_000_are_one_probable_duplicate_with_evidence(seed_trials) -> None:
    groups = find_probable_duplicates(seed_trials.values())
    assert groups == [DuplicateGroup(
        ids=["001_e39d1c6d6697f6e5", "NCT06857240"],
        evidence=[
            "same condition: dermatomyositis",
            "same intervention: ruxolitinib",
            "same organisation: Cleveland Clinic (site / sponsor)",
            "same strength: 1.5%",
        ],
    )]


def test_same_drug_other_condition_or_same_condition_other_drug_do_not_pair(seed_trials) -> None:
    pairs = {(seed_trials[a].id, seed_trials[b].id) for a, b in (("000", "002"), ("000", "004"), ("001", "003"))}
    for a, b in pairs:
        assert not find_probable_duplicates([t for t in seed_trials.values() if t.id in (a, b)])


def test_flagging_does_not_merge_anything(seed_trials) -> None:
    before = [t.model_dump() for t in seed_trials.values()]
    find_probable_duplicates(seed_trials.values())
    assert [t.model_dump() for t in seed_trials.values()] == before
    with pytest.raises(ValidationError):
        DuplicateGroup(ids=["a"], evidence=[]).ids = ["b"]  # type: ignore[misc]


def test_two_registry_records_with_different_nct_ids_are_never_compared() -> None:
    records = [trial("NCT00000001"), trial("NCT00000002")]
    assert candidate_pairs(records) == set()
    assert find_probable_duplicates(records) == []


def test_a_registry_record_and_a_page_without_an_nct_id_pair_up() -> None:
    groups = find_probable_duplicates([trial("NCT00000001", enrollment=15), trial("page", nct=False, web=True,
                                                                                  enrollment=15, site=None)])
    assert groups[0].ids == ["NCT00000001", "page"]
    assert "same enrollment: 15" in groups[0].evidence


def test_two_pages_naming_the_same_nct_id_pair_up_and_different_ones_do_not() -> None:
    same = find_probable_duplicates([trial("NCT00000001", web=True), trial("NCT00000001", web=True, drug="Other")])
    assert same == [DuplicateGroup(ids=["NCT00000001", "NCT00000001"], evidence=["same NCT ID: NCT00000001"])]
    assert find_probable_duplicates([trial("NCT00000001", web=True), trial("NCT00000002", web=True)]) == []


def test_drug_and_condition_alone_are_below_the_threshold() -> None:
    assert THRESHOLD == 5
    assert find_probable_duplicates([trial("a", nct=False, site=None), trial("b", nct=False, site=None)]) == []


@pytest.mark.parametrize("contradiction", [
    {"a": {"enrollment": 15}, "b": {"enrollment": 30}},
    {"a": {"phases": ["PHASE2"]}, "b": {"phases": ["PHASE3"]}},
])
def test_a_contradiction_rules_a_pair_out(contradiction: dict) -> None:
    pair = [trial("a", nct=False, **contradiction["a"]), trial("b", nct=False, **contradiction["b"])]
    assert find_probable_duplicates(pair) == []


def test_conditions_match_when_one_term_ends_the_other_and_qualifiers_are_ignored() -> None:
    groups = find_probable_duplicates([
        trial("a", nct=False, condition="Refractory Cutaneous Dermatomyositis", drug="ruxolitinib topical cream (1.5%)"),
        trial("b", nct=False, condition="dermatomyositis", drug="Ruxolitinib"),
    ])
    assert "same condition: dermatomyositis" in groups[0].evidence
    assert find_probable_duplicates([trial("a", nct=False, condition="Atopic dermatitis"),
                                     trial("b", nct=False, condition="Contact dermatitis")]) == []


def test_placebo_is_not_a_shared_intervention() -> None:
    assert find_probable_duplicates([trial("a", nct=False, drug="Placebo cream"),
                                     trial("b", nct=False, drug="Placebo")]) == []


def test_three_descriptions_of_one_study_form_one_group() -> None:
    groups = find_probable_duplicates([trial("NCT00000001"), trial("p1", nct=False, web=True),
                                       trial("p2", nct=False, web=True)])
    assert [g.ids for g in groups] == [["NCT00000001", "p1", "p2"]]


def test_blocking_scales_with_open_records_not_with_all_pairs() -> None:
    registry = [trial(f"NCT{n:08d}", condition=f"Examplitis{n % 50}", drug=f"Drug{n % 40}mab") for n in range(4000)]
    pages = [trial("page-a", nct=False, web=True, condition="Examplitis7", drug="Drug7mab"),
             trial("page-b", nct=False, web=True, condition="Examplitis7", drug="Drug7mab")]
    everyone = registry + pages
    pairs = candidate_pairs(everyone)
    same_block = sum(1 for t in registry if t.conditions == pages[0].conditions
                     and t.interventions[0].name == pages[0].interventions[0].name)
    assert all(everyone[a].nct_id is None or everyone[b].nct_id is None for a, b in pairs)
    assert same_block == 20
    assert len(pairs) == 2 * same_block + 1  # each page against its block, and the two pages
