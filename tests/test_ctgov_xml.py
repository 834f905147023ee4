"""The legacy CT.gov XML reader: one study per file, parsed safely."""
from __future__ import annotations

import io
from functools import partial

from summarizer.errors import RecordError
from summarizer.models import RawRecord
from summarizer.readers.ctgov_xml import read_xml


def _read(path):
    return list(read_xml(str(path), partial(open, path, "rb")))


def _read_bytes(data: bytes):
    return list(read_xml("study.xml", partial(io.BytesIO, data)))


def test_a_study_file_gives_its_text(fixtures_dir):
    path = fixtures_dir / "records" / "NCT00460057.xml"
    [record] = _read(path)
    assert isinstance(record, RawRecord)
    assert (record.source, record.key, record.format) == (str(path), "", "ctgov-xml")
    assert record.payload == path.read_text(encoding="utf-8")
    assert "<nct_id>NCT00460057</nct_id>" in record.payload


def test_well_formed_xml_that_is_not_a_study(fixtures_dir):
    [error] = _read(fixtures_dir / "bad" / "not-a-study.xml")
    assert isinstance(error, RecordError)
    assert error.reason == "not a ClinicalTrials.gov study: root element is <search_results>"


def test_entity_bomb_is_refused_without_expanding(fixtures_dir):
    [error] = _read(fixtures_dir / "bad" / "billion-laughs.xml")
    assert isinstance(error, RecordError)
    assert error.reason.startswith("XML with a DTD (<!DOCTYPE clinical_study>) refused")


def test_external_entity_is_refused(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("do not read me")
    data = (f'<?xml version="1.0"?>\n<!DOCTYPE clinical_study [<!ENTITY x SYSTEM "file://{secret}">]>\n'
            "<clinical_study><brief_title>&x;</brief_title></clinical_study>").encode()
    [error] = _read_bytes(data)
    assert isinstance(error, RecordError)
    assert "refused" in error.reason


def test_malformed_prolog_is_an_error_with_its_place():
    [error] = _read_bytes(b"<?xml version='1.0'?>\n<clinical_study <nct_id>")
    assert isinstance(error, RecordError)
    assert error.reason.startswith("invalid XML at line 2 column ")


def test_declared_encoding_is_honoured(fixtures_dir):
    text = (fixtures_dir / "records" / "NCT00460980.xml").read_text(encoding="utf-8")
    assert "Göteborg" in text
    data = ('<?xml version="1.0" encoding="ISO-8859-1"?>\n' + text).encode("iso-8859-1")
    [record] = _read_bytes(data)
    assert "Göteborg" in record.payload


def test_oversized_file_is_refused(monkeypatch):
    from summarizer.readers import ctgov_xml
    monkeypatch.setattr(ctgov_xml, "MAX_BYTES", 100)
    [error] = _read_bytes(b"<clinical_study>" + b" " * 200 + b"</clinical_study>")
    assert isinstance(error, RecordError)
    assert "larger than" in error.reason
