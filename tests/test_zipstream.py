"""The zip directory read as a stream: same members as zipfile, name order, zip64, checked reads."""
import zipfile

import pytest

from summarizer.zipstream import MemberReader, ZipError, members

RECORDS = ["NCT00000003.json", "NCT00000001.json", "folder/", "folder/NCT00000002.xml", "ünïcode.json"]


def make(path, names=RECORDS, compression=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name in names:
            if name.endswith("/"):
                archive.mkdir(name.rstrip("/"))
            else:
                archive.writestr(name, f'{{"record": "{name}", "padding": "{"x" * 500}"}}')
    return path


def same_as_zipfile(path):
    found = list(members(path))
    with zipfile.ZipFile(path) as archive:
        infos = sorted(archive.infolist(), key=lambda info: info.filename)
        assert [m.name for m in found] == [info.filename for info in infos]
        assert [(m.crc, m.file_size, m.compress_size, m.offset, m.is_dir) for m in found] == [
            (info.CRC, info.file_size, info.compress_size, info.header_offset, info.is_dir()) for info in infos]
        reader = MemberReader(path)
        assert all(reader.read(m) == archive.read(m.name) for m in found if not m.is_dir)
        reader.close()
    return found


def test_members_come_in_name_order_whatever_the_archive_order(tmp_path):
    unsorted = same_as_zipfile(make(tmp_path / "unsorted.zip"))
    in_order = same_as_zipfile(make(tmp_path / "sorted.zip", sorted(RECORDS)))
    assert [m.name for m in unsorted] == [m.name for m in in_order] == sorted(RECORDS)


def test_stored_members_and_zip64_end_records_and_extra_fields(tmp_path, monkeypatch):
    same_as_zipfile(make(tmp_path / "stored.zip", compression=zipfile.ZIP_STORED))
    # Over 65,535 members or 4 GiB, zipfile writes zip64 records; make it do so for a small archive.
    monkeypatch.setattr(zipfile, "ZIP_FILECOUNT_LIMIT", 2)
    monkeypatch.setattr(zipfile, "ZIP64_LIMIT", 64)
    path = make(tmp_path / "zip64.zip")
    assert b"PK\x06\x06" in path.read_bytes() and b"PK\x06\x07" in path.read_bytes()
    found = same_as_zipfile(path)
    assert len(found) == len(RECORDS) and found[-1].offset > 64


def test_a_damaged_member_is_an_error_for_that_member_only(tmp_path):
    path = make(tmp_path / "bulk.zip", compression=zipfile.ZIP_STORED)
    first, second, *_ = [m for m in members(path) if not m.is_dir]
    data = bytearray(path.read_bytes())
    at = data.index(b"padding", first.offset)
    data[at] = ord("P")
    path.write_bytes(bytes(data))
    reader = MemberReader(path)
    with pytest.raises(ZipError, match="CRC-32"):
        reader.read(first)
    assert b"NCT00000003" in reader.read(second)
    reader.close()


def test_what_is_not_a_zip_is_a_clear_error(tmp_path):
    path = tmp_path / "broken.zip"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ZipError, match="not a zip archive"):
        list(members(path))
