"""The build state store: schema and migrations, rows, runs, hashes, the build lock."""
import json
import sqlite3

import pytest

from summarizer.config import Settings
from summarizer.errors import UsageError
from summarizer.models import RawRecord
from summarizer.state import (MIGRATIONS, BuildLock, RecordState, StateError, Store, digest, input_hash,
                              legacy_input_hash, override_hashes, page_hash, shape_hash)


def state(record_id: str, unit: str = "u1", **changes) -> RecordState:
    values = dict(id=record_id, source="in.zip", record_key=f"{record_id}.json", unit=unit, input_hash="i",
                  page_hash="p", first_seen="2026-01-01", last_seen="2026-01-01", updated="2026-01-01",
                  record_updated="2025-12-01", versions=1, seen_run=1, title=f"Study {record_id}", status="RECRUITING",
                  grade=6.5, errors=0, warnings=2, conditions=["Asthma"], terms=["c:asthma"], related=[],
                  linked_terms=[])
    return RecordState(**{**values, **changes})


@pytest.fixture
def store(tmp_path):
    store = Store(tmp_path / "state.sqlite")
    store.start_run()
    yield store
    store.close()


def test_a_new_store_has_the_latest_schema_and_reopens_unchanged(tmp_path):
    Store(tmp_path / "s.sqlite").close()
    store = Store(tmp_path / "s.sqlite")
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert store.run == 0
    store.close()


def test_a_store_from_a_newer_summarizer_is_refused(tmp_path):
    db = sqlite3.connect(tmp_path / "s.sqlite")
    db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    db.close()
    with pytest.raises(StateError, match="newer"):
        Store(tmp_path / "s.sqlite")


def test_a_file_that_is_not_a_store_is_a_clear_error(tmp_path):
    (tmp_path / "s.sqlite").write_text("not a database, but long enough to look like one " * 20)
    with pytest.raises(StateError, match="delete it"):
        Store(tmp_path / "s.sqlite")


def test_records_of_many_units_at_once(store):
    store.save(state("NCT1", unit="a"))
    store.save(state("NCT2", unit="b"))
    store.save(state("NCT3", unit="a"))
    found = store.unit_records(["a", "b", "z"])
    assert {unit: [r.id for r in rows] for unit, rows in found.items()} == {"a": ["NCT1", "NCT3"], "b": ["NCT2"]}
    assert found["a"][0].title == "Study NCT1" and found["a"][0].input_hash == "i"


def test_rows_round_trip_by_id_and_by_label(store):
    row = state("NCT1", related=[["NCT2", "Two"]], conditions=["Asthma", "Ünïcode"])
    store.save(row)
    assert store.record("NCT1") == row
    assert store.record_at("in.zip", "NCT1.json") == row
    assert store.record("NCT9") is None and store.record_at("in.zip", "x") is None


def test_runs_tell_removed_records_and_units_mark_only_unseen_records(store):
    store.save(state("NCT1", unit="a"))
    store.save(state("NCT2", unit="a"))
    store.save(state("NCT3", unit="b"))
    store.start_run()  # run 2
    assert store.mark_units_seen(["a"], "moved.zip", "2026-02-01") == {"NCT1", "NCT2"}
    assert store.mark_units_seen(["a", "c"], "moved.zip", "2026-02-01") == set()  # seen already: a duplicate
    assert (store.record("NCT1").last_seen, store.record("NCT1").source) == ("2026-02-01", "moved.zip")
    assert store.removed() == ["NCT3"]
    assert store.count_current() == 2
    assert store.seen("NCT1") and not store.seen("NCT3") and not store.seen("NCT9")
    store.delete("NCT3")
    assert store.removed() == []


def test_related_bookkeeping(store):
    store.save(state("NCT1", terms=["c:asthma", "i:drug"]))
    store.set_related("NCT1", [["NCT2", "Two"]])
    row = store.record("NCT1")
    assert row.related == [["NCT2", "Two"]] and row.linked_terms == ["c:asthma", "i:drug"]
    store.start_run()
    assert list(store.removed_links()) == [["c:asthma", "i:drug"]]
    store.unlink_removed()
    assert list(store.removed_links()) == []


def test_units_are_remembered_and_forgotten(store):
    store.remember_unit("a", "crc:12", 3)
    store.remember_unit("b", "crc:13", 1)
    assert store.units(["a", "b", "c"]) == {"a": ("crc:12", 3), "b": ("crc:13", 1)}
    store.remember_unit("a", None)
    assert store.units(["a"]) == {}


def test_input_hash_ignores_json_key_order_but_not_content():
    one = RawRecord(source="a", format="ctgov-v2", payload={"a": 1, "b": [1, 2]})
    same = RawRecord(source="b", key="#3", format="ctgov-v2", payload={"b": [1, 2], "a": 1})
    other = RawRecord(source="a", format="ctgov-v2", payload={"a": 1, "b": [2, 1]})
    assert input_hash(one) == input_hash(same) != input_hash(other)
    assert input_hash(RawRecord(source="x", format="ctgov-xml", payload="<a/>")) != input_hash(
        RawRecord(source="x", format="ctgov-xml", payload="<b/>"))
    # The hash rows stored before migration 4 are compared with must not change (it would count as an update).
    assert legacy_input_hash(RawRecord(source="a", format="ctgov-v2", payload={"b": 1e-7, "a": "é"})) == \
        "d9d1b62880888c5cbc4b60f8a76e9846"  # as session 1 stored it


def v2(version_holder: str, **misc) -> RawRecord:
    derived = {"miscInfoModule": {"versionHolder": version_holder, **misc}, "conditionBrowseModule": {"meshes": []}}
    return RawRecord(source="a", format="ctgov-v2", payload={"protocolSection": {"a": 1}, "derivedSection": derived})


def xml(download_date: str, url: str = "https://clinicaltrials.gov/show/NCT1") -> RawRecord:
    return RawRecord(source="a", format="ctgov-xml", payload=(
        f"<clinical_study><required_header><download_date>{download_date}</download_date><url>{url}</url>"
        "</required_header><brief_title>T</brief_title></clinical_study>"))


def test_input_hash_ignores_only_the_fields_every_download_rewrites():
    first = v2("2024-01-03", modelPredictions={"bmiLimits": {"minBmi": 0}})
    assert input_hash(first) == input_hash(v2("2024-07-01", modelPredictions={"bmiLimits": {"minBmi": 0}}))
    assert input_hash(first) != input_hash(v2("2024-01-03", modelPredictions={"bmiLimits": {"minBmi": 1}}))
    assert input_hash(first) != legacy_input_hash(first)
    assert first.payload["derivedSection"]["miscInfoModule"]["versionHolder"] == "2024-01-03"  # not changed in place
    no_holder = RawRecord(source="a", format="ctgov-v2", payload={"protocolSection": {"a": 1}})
    assert input_hash(no_holder) == legacy_input_hash(no_holder)

    on = "ClinicalTrials.gov processed this data on February 03, 2023"
    assert input_hash(xml(on)) == input_hash(xml(on.replace("February 03, 2023", "July 01, 2024")))
    assert input_hash(xml(on)) != input_hash(xml(on, url="https://clinicaltrials.gov/show/NCT2"))
    assert input_hash(xml(on)) != legacy_input_hash(xml(on))
    assert input_hash(xml(on)) == digest("ctgov-xml", xml("").payload.replace("<download_date></download_date>", ""))
    no_date = RawRecord(source="a", format="ctgov-xml", payload="<clinical_study><url>é</url></clinical_study>")
    assert input_hash(no_date) == legacy_input_hash(no_date)


def test_rows_from_before_the_stable_hash_are_tagged_by_the_migration(tmp_path):
    db = sqlite3.connect(tmp_path / "s.sqlite", isolation_level=None)
    for number, script in enumerate(MIGRATIONS[:3], start=1):
        db.executescript(f"BEGIN; {script}; PRAGMA user_version = {number}; COMMIT;")
    db.execute(f"INSERT INTO records VALUES ({', '.join('?' * 21)})", state("NCT1", input_hash="abc").as_row())
    db.close()
    store = Store(tmp_path / "s.sqlite")
    assert store.record("NCT1").input_hash == "legacy:abc"
    store.save(state("NCT2", input_hash="def"))
    store.close()
    store = Store(tmp_path / "s.sqlite")  # reopened: migrated once, new rows as they were saved
    assert [store.record(i).input_hash for i in ("NCT1", "NCT2")] == ["legacy:abc", "def"]
    store.close()


def test_shape_hash_follows_templates_prompts_settings_and_variant(tmp_path):
    base = shape_hash(Settings(), tmp_path)
    assert shape_hash(Settings(), tmp_path) == base
    assert shape_hash(Settings(show_contacts=True), tmp_path) != base
    assert shape_hash(Settings(), tmp_path, "preview=True") != base
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "page.md.j2").write_text("{{ trial.title }}\n")
    with_template = shape_hash(Settings(), tmp_path)
    assert with_template != base
    (tmp_path / "prompts" / "glossary").mkdir(parents=True)
    (tmp_path / "prompts" / "glossary" / "extra.yaml").write_text("[]\n")
    assert shape_hash(Settings(), tmp_path) != with_template


def test_settings_the_drafter_never_reads_shape_no_page(tmp_path):
    base = shape_hash(Settings(), tmp_path)
    assert shape_hash(Settings(model="some/model", openai={"model": "gpt-x"}), tmp_path) == base  # rules drafter
    transformers = shape_hash(Settings(drafter="transformers", model="a"), tmp_path)
    assert shape_hash(Settings(drafter="transformers", model="a", openai={"model": "gpt-x"}), tmp_path) == transformers
    assert shape_hash(Settings(drafter="transformers", model="b"), tmp_path) != transformers
    openai = shape_hash(Settings(drafter="openai", openai={"model": "gpt-x"}), tmp_path)
    assert shape_hash(Settings(drafter="openai", openai={"model": "gpt-y"}), tmp_path) != openai


def test_overrides_shape_only_their_own_page(tmp_path):
    assert override_hashes(tmp_path) == {}
    (tmp_path / "overrides").mkdir()
    (tmp_path / "overrides" / "NCT1.yaml").write_text("record_last_update: 2020-01-01\n")
    hashes = override_hashes(tmp_path)
    assert list(hashes) == ["NCT1"]
    assert page_hash("s", hashes.get("NCT1")) != page_hash("s", hashes.get("NCT2")) == page_hash("s", None)


def test_one_build_at_a_time_per_output_folder(tmp_path):
    with BuildLock(tmp_path):
        with pytest.raises(UsageError, match="another build"):
            with BuildLock(tmp_path):
                pass
    with BuildLock(tmp_path):  # released
        pass


def test_rows_keep_json_columns_compact(store):
    store.save(state("NCT1", conditions=["A", "B"]))
    raw = store.db.execute("SELECT conditions FROM records").fetchone()[0]
    assert json.loads(raw) == ["A", "B"] and " " not in raw
