"""The read stage's entry point: the reader registry and ``read_paths`` over files and directories."""
from __future__ import annotations

import logging
import shutil

import pytest

import summarizer.readers as readers
from summarizer.errors import RecordError, UsageError
from summarizer.models import RawRecord
from summarizer.readers import read_paths, reader_for, register_reader

RECORD_FILES = 19  # 9 API v2 studies + 10 legacy XML studies in tests/fixtures/records


@pytest.fixture
def registry(monkeypatch):
    """A private copy of the registry, so a test can register readers without leaking them."""
    monkeypatch.setattr(readers, "_READERS", dict(readers._READERS))


def _nct_ids(items) -> list[str]:
    ids = []
    for item in items:
        if item.format == "ctgov-v2":
            ids.append(item.payload["protocolSection"]["identificationModule"]["nctId"])
        else:
            ids.append(item.payload.split("<nct_id>")[1].split("<")[0])
    return ids


def test_builtin_suffixes():
    assert readers.registered_suffixes() == [".htm", ".html", ".json", ".jsonl", ".ndjson", ".txt", ".xml", ".zip"]
    assert reader_for("x/NCT1.JSON") is reader_for("a.json")
    assert reader_for("page.html") is reader_for("page.txt")  # trial web pages
    assert reader_for("scan.pdf") is None


def test_directory_is_walked_in_sorted_order(fixtures_dir):
    items = list(read_paths([fixtures_dir / "records"]))
    assert all(isinstance(item, RawRecord) for item in items)
    assert len(items) == RECORD_FILES
    assert [item.source for item in items] == sorted(str(p) for p in (fixtures_dir / "records").iterdir()
                                                      if p.suffix in (".json", ".xml"))
    assert _nct_ids(items) == sorted(_nct_ids(items))  # the files are named by NCT ID
    assert {item.format for item in items} == {"ctgov-v2", "ctgov-xml"}


def test_nested_directories_hidden_entries_and_unknown_suffixes(fixtures_dir, tmp_path, caplog):
    records = fixtures_dir / "records"
    (tmp_path / "b" / "deeper").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    shutil.copy(records / "NCT00460057.xml", tmp_path / "b" / "deeper")
    shutil.copy(records / "NCT00973089.json", tmp_path / "b")
    shutil.copy(records / "NCT00763412.json", tmp_path / "a.json")
    shutil.copy(records / "NCT00460005.xml", tmp_path / ".hidden")
    shutil.copy(records / "NCT00460083.xml", tmp_path / ".NCT00460083.xml")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    with caplog.at_level(logging.DEBUG, logger="summarizer.readers"):
        items = list(read_paths(str(tmp_path)))  # a lone path is fine too
    assert _nct_ids(items) == ["NCT00763412", "NCT00973089", "NCT00460057"]  # a.json, b/..., b/deeper/...
    assert any("notes.pdf" in message for message in caplog.messages)


def test_a_file_named_directly_with_an_unknown_suffix_is_an_error(tmp_path):
    page = tmp_path / "trial.pdf"
    page.write_bytes(b"%PDF-1.4")
    [error] = read_paths([page])
    assert isinstance(error, RecordError)
    assert error.source == str(page)
    assert error.reason.startswith("unsupported file type '.pdf'; known: .htm, .html, .json, .jsonl")


def test_missing_paths_are_a_usage_error_before_anything_is_read(fixtures_dir, tmp_path):
    with pytest.raises(UsageError) as caught:
        read_paths([fixtures_dir / "records", tmp_path / "nope.json", tmp_path / "gone"])
    assert str(caught.value) == f"no such file or directory: {tmp_path / 'nope.json'}, {tmp_path / 'gone'}"


def test_bad_inputs_each_give_one_error_and_the_batch_goes_on(fixtures_dir):
    items = list(read_paths([fixtures_dir / "bad", fixtures_dir / "records"]))
    errors = [item for item in items if isinstance(item, RecordError)]
    assert {error.source.rsplit("/", 1)[1]: error.reason.split(":")[0] for error in errors} == {
        "billion-laughs.xml": "XML with a DTD (<!DOCTYPE clinical_study>) refused",
        "corrupt.json": "not UTF-8 text (invalid start byte)",
        "not-a-study.xml": "not a ClinicalTrials.gov study",
        "truncated.json": "invalid JSON at line 97 column 36",
    }
    # no-nct-id.json reads fine: it is a study; extraction rejects it (see test_extract.py)
    assert len(items) - len(errors) == RECORD_FILES + 1


def test_register_reader_adds_a_format(registry, tmp_path):
    def read_page(name, open_data):
        with open_data() as data:
            yield RawRecord(source=name, format="webpage", payload={"text": data.read().decode()})

    assert register_reader((".txt", ".HTML"), read_page) is read_page
    (tmp_path / "page.html").write_text("<p>A trial</p>")
    (tmp_path / "page.txt").write_text("A trial page")
    items = list(read_paths([tmp_path]))
    assert [(item.source.rsplit("/", 1)[1], item.payload["text"]) for item in items] == [
        ("page.html", "<p>A trial</p>"), ("page.txt", "A trial page")]


def test_register_reader_as_a_decorator_and_bad_suffix(registry):
    @register_reader(".md")
    def read_markdown(name, open_data):
        yield from ()

    assert reader_for("notes.md") is read_markdown
    with pytest.raises(ValueError):
        register_reader("txt", read_markdown)


def test_a_failing_reader_costs_its_file_only(registry, fixtures_dir, tmp_path, caplog):
    def broken(name, open_data):
        raise KeyError("bug")
        yield

    register_reader(".txt", broken)
    (tmp_path / "a.txt").write_text("x")
    shutil.copy(fixtures_dir / "records" / "NCT00460057.xml", tmp_path / "b.xml")
    with caplog.at_level(logging.ERROR):
        items = list(read_paths([tmp_path]))
    assert isinstance(items[0], RecordError) and items[0].reason == "reader failed: KeyError: 'bug'"
    assert isinstance(items[1], RawRecord)
    assert "reader broken failed" in caplog.text


def test_unreadable_file_is_an_error(fixtures_dir, tmp_path):
    target = tmp_path / "dangling.json"
    target.symlink_to(tmp_path / "missing-target.json")
    (tmp_path / "ok.xml").write_bytes((fixtures_dir / "records" / "NCT00460057.xml").read_bytes())
    items = list(read_paths([tmp_path]))
    assert isinstance(items[0], RecordError)
    assert items[0].reason == "cannot read file: No such file or directory"
    assert isinstance(items[1], RawRecord)
