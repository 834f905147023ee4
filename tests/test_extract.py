"""The extract stage entry: dispatch by format, malformed records as RecordError, the whole corpus."""
from __future__ import annotations

import json
import sys
import time
import types

import pytest

from summarizer.errors import RecordError
from summarizer.extract import extract
from summarizer.models import RawRecord, Trial
from summarizer.normalize import age_groups
from summarizer.readers import read_paths


def test_dispatches_on_format(fixtures_dir):
    trials = [extract(raw) for raw in read_paths([fixtures_dir / "records"])]
    assert len(trials) == 19
    assert {t.source_format for t in trials} == {"ctgov-v2", "ctgov-xml"}
    suffix = {"ctgov-v2": ".json", "ctgov-xml": ".xml"}
    assert all(t.id == t.nct_id and t.source.endswith(t.id + suffix[t.source_format]) for t in trials)


def test_webpage_records_go_to_the_webpage_extractor(monkeypatch):
    seen = []

    def extract_webpage(raw):
        seen.append(raw)
        return Trial(id="page", source=raw.label, source_format="webpage")

    monkeypatch.setitem(sys.modules, "summarizer.extract_webpage",
                        types.SimpleNamespace(extract_webpage=extract_webpage))
    raw = RawRecord(source="seeds/page.txt", format="webpage", payload={"text": "A trial"})
    assert extract(raw).id == "page"
    assert seen == [raw]


def test_malformed_record_is_a_record_error_naming_it(fixtures_dir):
    payload = json.loads((fixtures_dir / "records" / "NCT00973089.json").read_text())
    payload["protocolSection"]["armsInterventionsModule"]["interventions"] = {"name": "not a list"}
    with pytest.raises(RecordError) as caught:
        extract(RawRecord(source="batch.json", key="#4", format="ctgov-v2", payload=payload))
    assert (caught.value.source, caught.value.record) == ("batch.json", "#4")
    assert caught.value.reason.startswith("malformed record: ")


def test_wrong_value_type_is_a_record_error(fixtures_dir):
    payload = json.loads((fixtures_dir / "records" / "NCT00973089.json").read_text())
    payload["protocolSection"]["statusModule"]["overallStatus"] = ["COMPLETED"]
    with pytest.raises(RecordError, match=r"malformed record: overall_status: Input should be a valid string"):
        extract(RawRecord(source="x.json", format="ctgov-v2", payload=payload))


def _texts(value, path=""):
    """Every string in a dumped Trial, with where it is."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, f"{path}[{index}]")


@pytest.mark.shared
def test_every_shared_record_extracts(shared_dir):
    data = shared_dir / "data"
    started = time.perf_counter()
    trials, errors = [], []
    for item in read_paths([data / "ctgov-v2", data / "ctgov-xml"]):
        if isinstance(item, RecordError):
            errors.append(str(item))
            continue
        try:
            trials.append(extract(item))
        except RecordError as exc:
            errors.append(str(exc))
    elapsed = time.perf_counter() - started
    assert errors == []
    assert len(trials) == 1267  # 100 + 128 lists, 8 single studies, 1,031 XML files
    assert sum(t.source_format == "ctgov-xml" for t in trials) == 1031
    assert len({t.nct_id for t in trials}) == 1267
    placeholders = [(t.id, where, text) for t in trials for where, text in _texts(t.model_dump())
                    if text.strip() in {"None", "none", "null", "NULL", "nan", "NaN", ""}]  # "NONE" is a masking value
    assert placeholders == []
    for trial in trials:
        assert trial.nct_id and trial.nct_id.startswith("NCT") and trial.id == trial.nct_id
        assert trial.title != trial.id  # every record has a title
        assert set(trial.provenance) >= {"id", "nct_id", "overall_status"}
        if trial.source_format == "ctgov-v2":  # our age bands for XML use the registry's own rule
            assert age_groups(trial.eligibility.min_age_years, trial.eligibility.max_age_years) == \
                trial.eligibility.age_groups, trial.id
    assert elapsed < 20, f"{elapsed:.1f} s for {len(trials)} records"
