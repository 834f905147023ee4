"""wordfreq's list as a table: the mapped file answers as the dict does, is made once, and is never required."""
from __future__ import annotations

import random

import pytest

from summarizer.checks import wordfreq_table
from summarizer.checks.wordfreq_table import MappedTable, bucket_table, read_buckets, table_path, write_table


@pytest.fixture(scope="module")
def listed() -> dict[str, int]:
    return read_buckets()


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "cache"))
    bucket_table.cache_clear()
    yield tmp_path / "cache"
    bucket_table.cache_clear()


def test_the_mapped_table_answers_every_word_as_the_dict_does(listed, tmp_path):
    write_table(listed, tmp_path / "words.table")
    mapped = MappedTable(tmp_path / "words.table")
    assert all(mapped.get(word) == bucket for word, bucket in listed.items())  # all 321,000, accents and all
    random.seed(3)
    absent = [word + suffix for word in random.sample(sorted(listed), 2000) for suffix in ("qx", "-", "é")]
    absent += ["", "zzzzqqq", "ruxolitinibqx"]
    assert [mapped.get(word) for word in absent] == [listed.get(word) for word in absent]
    assert mapped.get("the") == listed["the"] and listed["the"] < 200 and mapped.get("ruxolitinib") is None


def test_the_first_process_writes_the_file_and_the_next_maps_it(cache):
    first = bucket_table()
    assert isinstance(first, dict)
    path = table_path(wordfreq_table.wordfreq_file())
    assert path.parent == cache and path.is_file()
    bucket_table.cache_clear()
    second = bucket_table()
    assert isinstance(second, MappedTable)
    assert second.get("placebo") == first["placebo"] and second.get("nosuchwordqx") is None


def test_a_damaged_file_is_made_again(cache):
    bucket_table()
    path = table_path(wordfreq_table.wordfreq_file())
    path.write_bytes(path.read_bytes()[:1000])  # cut short, as by a full disk
    bucket_table.cache_clear()
    assert isinstance(bucket_table(), dict)
    bucket_table.cache_clear()
    assert isinstance(bucket_table(), MappedTable)
    odd_slots = wordfreq_table.MAGIC + (len(wordfreq_table.MAGIC) + 16 + 12).to_bytes(8, "little") + (3).to_bytes(8, "little")
    for damaged in (b"something else entirely", odd_slots + bytes(12)):
        (cache / "other.table").write_bytes(damaged)
        with pytest.raises(ValueError, match="not a complete word table"):
            MappedTable(cache / "other.table")


def test_without_a_writable_cache_folder_each_process_reads_wordfreqs_list(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(blocker / "cache"))
    bucket_table.cache_clear()
    try:
        table = bucket_table()
        assert isinstance(table, dict) and table.get("placebo") is not None
    finally:
        bucket_table.cache_clear()


def test_another_wordfreq_list_gets_another_file(tmp_path, monkeypatch):
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path))
    source = tmp_path / "large_en.msgpack.gz"
    source.write_bytes(wordfreq_table.wordfreq_file().read_bytes())
    before = table_path(source)
    source.write_bytes(source.read_bytes() + b"\0")
    assert table_path(source) != before and table_path(source).parent == tmp_path
