"""Source units: the same records, labels and order as read_paths, with cheap fingerprints."""
import shutil
import zipfile
from pathlib import Path

import pytest

from summarizer.errors import RecordError, UsageError
from summarizer.readers import read_paths
from summarizer import sources
from summarizer.sources import UnitReader, source_units, webpage_inputs

HERE = Path(__file__).parent
RECORDS = HERE / "fixtures" / "records"
BAD = HERE / "fixtures" / "bad"
WEBPAGES = HERE / "fixtures" / "webpages"


def summary(item):
    if isinstance(item, RecordError):
        return ("error", item.source, item.record)
    return (item.source, item.key, item.format, item.payload)


@pytest.fixture
def inputs(tmp_path):
    folder = tmp_path / "folder"
    shutil.copytree(RECORDS, folder, ignore=shutil.ignore_patterns("*.md"))
    for bad in BAD.iterdir():
        shutil.copy(bad, folder)
    archive = tmp_path / "bulk.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for path in sorted(RECORDS.glob("NCT*"))[:5]:
            zipped.write(path, f"studies/{path.name}")
        zipped.writestr("__MACOSX/._junk.json", "{}")
        zipped.writestr("notes.csv", "not a record")
    return [folder, archive, RECORDS / "NCT04207047.json"]


@pytest.mark.parametrize("stream_over", [sources.STREAM_MEMBERS_OVER, 0])  # 0: every member streamed by zipfile
def test_units_read_exactly_what_read_paths_reads(inputs, stream_over, monkeypatch):
    monkeypatch.setattr(sources, "STREAM_MEMBERS_OVER", stream_over)
    reader = UnitReader()
    by_units = [summary(item) for unit in source_units(inputs) for item in reader.read(unit)]
    reader.close()
    assert by_units == [summary(item) for item in read_paths(inputs)]


def test_zip_members_are_units_fingerprinted_by_crc_and_size(inputs, tmp_path):
    units = [u for u in source_units([inputs[1]])]
    assert [u.member for u in units] == [f"studies/{p.name}" for p in sorted(RECORDS.glob("NCT*"))[:5]]
    assert all(u.label == str(inputs[1]) and u.name == "zip:" + u.member for u in units)
    with zipfile.ZipFile(inputs[1]) as archive:
        info = archive.getinfo(units[0].member)
        assert units[0].fingerprint == f"{info.CRC:08x}:{info.file_size}"
    rebuilt = tmp_path / "rebuilt.zip"
    with zipfile.ZipFile(inputs[1]) as old, zipfile.ZipFile(rebuilt, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            new.writestr(info.filename, data.replace(b"<brief_title>", b"<brief_title>Changed ", 1)
                         if info.filename == units[0].member else data)
    again = {u.member: u.fingerprint for u in source_units([rebuilt])}
    assert again[units[0].member] != units[0].fingerprint
    assert all(again[u.member] == u.fingerprint for u in units[1:])  # recompressed, same content: same print


def test_files_are_fingerprinted_by_size_and_mtime(tmp_path):
    path = tmp_path / "NCT04207047.json"
    shutil.copy(RECORDS / path.name, path)
    first = next(iter(source_units([path])))
    assert first.top_level and first.member is None
    path.write_text(path.read_text() + " ")
    assert next(iter(source_units([path]))).fingerprint != first.fingerprint


def test_missing_inputs_are_reported_before_anything_is_read(tmp_path):
    with pytest.raises(UsageError, match="nope"):
        source_units([RECORDS, tmp_path / "nope"])


def test_web_pages_are_read_apart(tmp_path):
    shutil.copytree(WEBPAGES, tmp_path / "pages")
    shutil.copy(RECORDS / "NCT04207047.json", tmp_path / "pages")
    units = list(source_units([tmp_path / "pages"]))
    assert [Path(u.path).name for u in units] == ["NCT04207047.json"]
    assert webpage_inputs([tmp_path / "pages"]) and all(
        p.suffix in (".txt", ".html", ".htm") for p in webpage_inputs([tmp_path / "pages"]))


def test_a_corrupt_zip_is_one_unit_whose_reading_reports_it(tmp_path):
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    units = list(source_units([broken]))
    assert len(units) == 1
    items = list(UnitReader().read(units[0]))
    assert len(items) == 1 and isinstance(items[0], RecordError) and "zip" in items[0].reason
