"""Zip archives (and the directory walk's ordering) through ``read_paths``."""
from __future__ import annotations

import io
import json
import zipfile

from summarizer.errors import RecordError
from summarizer.models import RawRecord
from summarizer.readers import read_paths
from summarizer.readers.archive import walk_directory


def _zip(path, members: dict[str, bytes]):
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_zip_members_are_read_in_sorted_order_with_member_keys(fixtures_dir, tmp_path):
    records = fixtures_dir / "records"
    studies = [json.loads((records / f"{n}.json").read_text()) for n in ("NCT01165944", "NCT05144685")]
    archive = _zip(tmp_path / "batch.zip", {
        "z/NCT00460057.xml": (records / "NCT00460057.xml").read_bytes(),
        "a/list.json": json.dumps(studies).encode(),
        "a/day.jsonl": b"\n".join(json.dumps(s).encode() for s in studies),
        "NCT00973089.json": (records / "NCT00973089.json").read_bytes(),
        "__MACOSX/._NCT00973089.json": b"\x00\x05\x16\x07",
        ".DS_Store": b"\x00",
        "readme.txt": b"not a record",
    })
    items = list(read_paths([archive]))
    assert all(isinstance(item, RawRecord) for item in items)
    pages = [item for item in items if item.format == "webpage"]  # .txt is a trial web page format
    assert [page.key for page in pages] == ["readme.txt"]
    items = [item for item in items if item.format != "webpage"]
    assert {item.source for item in items} == {str(archive)}
    assert [item.key for item in items] == [
        "NCT00973089.json", "a/day.jsonl line 1", "a/day.jsonl line 2", "a/list.json#0", "a/list.json#1",
        "z/NCT00460057.xml"]
    assert items[3].payload == studies[0]
    assert items[3].label == f"{archive} a/list.json#0"
    assert "<nct_id>NCT00460057</nct_id>" in items[5].payload


def test_bad_members_are_errors_named_by_member(fixtures_dir, tmp_path):
    archive = _zip(tmp_path / "mixed.zip", {
        "bad/truncated.json": (fixtures_dir / "bad" / "truncated.json").read_bytes(),
        "bad/bomb.xml": (fixtures_dir / "bad" / "billion-laughs.xml").read_bytes(),
        "good.xml": (fixtures_dir / "records" / "NCT00491010.xml").read_bytes(),
    })
    items = list(read_paths([archive]))
    assert [(type(i).__name__, i.record if isinstance(i, RecordError) else i.key) for i in items] == [
        ("RecordError", "bad/bomb.xml"), ("RecordError", "bad/truncated.json"), ("RawRecord", "good.xml")]
    assert items[0].source == str(archive)
    assert items[1].reason.startswith("invalid JSON at line 97 column 36")


def test_corrupt_zip_is_one_error_and_the_batch_goes_on(fixtures_dir, tmp_path):
    good = _zip(tmp_path / "good.zip", {"NCT00460044.xml": (fixtures_dir / "records" / "NCT00460044.xml").read_bytes()})
    corrupt = tmp_path / "corrupt.zip"
    corrupt.write_bytes(good.read_bytes()[:40])
    items = list(read_paths([tmp_path]))
    assert isinstance(items[0], RecordError)
    assert (items[0].source, items[0].reason) == (str(corrupt), "corrupt zip archive: File is not a zip file")
    assert isinstance(items[1], RawRecord) and items[1].key == "NCT00460044.xml"


def test_zip_inside_a_zip(fixtures_dir, tmp_path):
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as archive:
        archive.writestr("NCT00460980.xml", (fixtures_dir / "records" / "NCT00460980.xml").read_bytes())
    outer = _zip(tmp_path / "outer.zip", {"inner.zip": inner.getvalue()})
    [record] = read_paths([outer])
    assert (record.source, record.key, record.format) == (str(outer), "inner.zip NCT00460980.xml", "ctgov-xml")


def test_zip_members_are_opened_one_at_a_time(fixtures_dir, tmp_path, monkeypatch):
    archive = _zip(tmp_path / "two.zip", {
        "a.xml": (fixtures_dir / "records" / "NCT00460005.xml").read_bytes(),
        "b.xml": (fixtures_dir / "records" / "NCT00460044.xml").read_bytes(),
    })
    opened = []
    real_open = zipfile.ZipFile.open
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda self, info, *a, **k: opened.append(info.filename)
                        or real_open(self, info, *a, **k))
    items = read_paths([archive])
    next(items)
    assert opened == ["a.xml"]
    next(items)
    assert opened == ["a.xml", "b.xml"]


def test_walk_directory_sorts_each_level_and_skips_hidden(tmp_path):
    for name in ("b/2.json", "b/1.json", "a.json", "c/.git/x.json", ".env", "__MACOSX/y.json"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("{}")
    assert [p.relative_to(tmp_path).as_posix() for p in walk_directory(tmp_path)] == ["a.json", "b/1.json", "b/2.json"]
