"""The check ids: stable family.name ids, families and "all" as selectors."""
from __future__ import annotations

from summarizer.checks.catalog import CHECKS, FAMILIES, is_known, matches


def test_ids_are_family_dot_name_with_a_severity():
    for check_id, info in CHECKS.items():
        family, _, name = check_id.partition(".")
        assert family and name and info.severity in ("error", "warning", "info") and info.summary


def test_selectors():
    assert {"readability", "faithfulness", "placeholder", "claims"} <= FAMILIES
    assert is_known("readability") and is_known("readability.grade") and is_known("all")
    assert not is_known("readability.gradee") and not is_known("read")
    assert matches("readability.grade", "readability") and matches("readability.grade", "all")
    assert not matches("readability.grade", "readability.smog") and not matches("readability.grade", "read")
