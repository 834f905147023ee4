"""The CT.gov API v2 JSON readers: one study, a list, an API page, JSON Lines; streamed."""
from __future__ import annotations

import io
import json
from functools import partial

import pytest

from summarizer.errors import RecordError
from summarizer.models import RawRecord
from summarizer.readers.ctgov_json import read_json, read_jsonl

LIST_IDS = ["NCT00763412", "NCT00973089", "NCT01165944"]


def _study(fixtures_dir, nct_id: str) -> dict:
    return json.loads((fixtures_dir / "records" / f"{nct_id}.json").read_text(encoding="utf-8"))


def _opener(data: bytes):
    return partial(io.BytesIO, data)


def _ids(items) -> list[str]:
    return [item.payload["protocolSection"]["identificationModule"]["nctId"] for item in items]


@pytest.fixture
def studies(fixtures_dir) -> list[dict]:
    return [_study(fixtures_dir, nct_id) for nct_id in LIST_IDS]


def test_single_study_file(fixtures_dir):
    path = fixtures_dir / "records" / "NCT00763412.json"
    [record] = read_json(str(path), partial(open, path, "rb"))
    assert isinstance(record, RawRecord)
    assert (record.source, record.key, record.format) == (str(path), "", "ctgov-v2")
    assert record.payload == json.loads(path.read_text())
    assert record.payload["protocolSection"]["designModule"]["enrollmentInfo"]["count"] == 31


def test_list_of_studies(studies):
    data = json.dumps(studies, indent=2).encode()
    records = list(read_json("list.json", _opener(data)))
    assert [r.key for r in records] == ["#0", "#1", "#2"]
    assert _ids(records) == LIST_IDS
    assert records[1].payload == studies[1]
    assert records[2].label == "list.json #2"


def test_api_page(studies):
    page = {"studies": studies, "nextPageToken": "x"}
    records = list(read_json("page.json", _opener(json.dumps(page).encode())))
    assert [r.key for r in records] == ["#0", "#1", "#2"]
    assert _ids(records) == LIST_IDS


def test_api_page_with_the_token_first_and_other_members(studies):
    text = json.dumps({"totalCount": 1234567, "nextPageToken": "NF0g5JOBmPQ", "studies": studies[:1]})
    assert _ids(read_json("page.json", _opener(text.encode()))) == LIST_IDS[:1]


@pytest.mark.parametrize("chunk_chars", [1, 7, 4096])
def test_chunk_boundaries_do_not_change_the_result(studies, chunk_chars):
    text = json.dumps({"totalCount": 1234567, "studies": studies, "nextPageToken": "x"}, indent=1, ensure_ascii=False)
    records = list(read_json("page.json", _opener(text.encode()), chunk_chars=chunk_chars))
    assert [r.payload for r in records] == studies


def test_a_big_list_is_streamed_not_loaded(studies):
    data = json.dumps(studies * 40).encode()  # 120 studies, about 2.4 MB

    class CountingStream(io.BytesIO):
        def read(self, size=-1):
            assert size != -1, "the reader asked for the whole file"
            return super().read(size)

    stream = CountingStream(data)
    records = read_json("big.json", lambda: stream, chunk_chars=64 * 1024)
    first = next(records)
    assert _ids([first]) == LIST_IDS[:1]
    assert stream.tell() < len(data) / 4  # one study and a chunk or so, not the file
    assert len(list(records)) == 119


def test_truncated_list_yields_the_complete_studies_then_one_error(studies):
    data = json.dumps(studies, indent=2).encode()
    cut = data[: len(data) - len(json.dumps(studies[-1], indent=2)) // 2]
    items = list(read_json("cut.json", _opener(cut)))
    assert _ids(items[:2]) == LIST_IDS[:2]
    assert len(items) == 3 and isinstance(items[2], RecordError)
    assert items[2].source == "cut.json"
    assert items[2].reason.startswith("invalid JSON at line ")
    assert "truncated" in items[2].reason


def test_truncated_fixture_gives_line_and_column(fixtures_dir):
    path = fixtures_dir / "bad" / "truncated.json"
    [error] = read_json(str(path), partial(open, path, "rb"))
    assert isinstance(error, RecordError)
    # line 97 of the file is `                    "description": "the physicians will be assessed before an`
    assert error.reason == ("invalid JSON at line 97 column 36: Unterminated string (the file ends inside it: "
                            "truncated?)")


@pytest.mark.parametrize(("text", "reason"), [
    (b'[{"protocolSection": {}} {"x": 1}]', "invalid JSON at line 1 column 26: Expecting ',' or ']', found '{'"),
    (b'{"protocolSection": {}} trailing', "invalid JSON at line 1 column 25: extra data after the top-level value"),
    (b"", "empty file"),
    (b"\n  42\n", "invalid JSON at line 2 column 3: expected a study object, a list of studies or an API page"),
    (b'{"a": tru', "invalid JSON at line 1 column 7: Expecting value"),
    (b'{"a": 1', "invalid JSON at line 1 column 8: Expecting ',' or '}' (the file ends here: truncated?)"),
    (b'{"a": [1, 2}', "invalid JSON at line 1 column 12: Expecting ',' delimiter"),
    (b"\xff\xfe\x00garbage", "not UTF-8 text (invalid start byte)"),
])
def test_bad_json_is_one_error_with_a_reason(text, reason):
    items = list(read_json("bad.json", _opener(text)))
    assert isinstance(items[-1], RecordError)
    assert items[-1].reason == reason
    assert all(isinstance(item, RawRecord) for item in items[:-1])


def test_objects_that_are_not_studies(fixtures_dir):
    [error] = read_json("x.json", _opener(b'{"name": "diabetes", "count": 3}'))
    assert error.reason == "not a ClinicalTrials.gov study: no protocolSection (keys: count, name)"
    items = list(read_json("l.json", _opener(json.dumps([_study(fixtures_dir, "NCT00973089"), 7]).encode())))
    assert isinstance(items[0], RawRecord)
    assert (items[1].record, items[1].reason) == ("#1", "not a ClinicalTrials.gov study: a JSON int, not an object")


def test_byte_order_mark_is_accepted(fixtures_dir):
    data = b"\xef\xbb\xbf" + (fixtures_dir / "records" / "NCT00973089.json").read_bytes()
    assert _ids(read_json("bom.json", _opener(data))) == ["NCT00973089"]


def test_jsonl_streams_line_by_line_and_a_bad_line_costs_only_itself(studies):
    data = b"\n".join([
        json.dumps(studies[0]).encode(),  # line 1
        b"",  # line 2: blank, skipped
        json.dumps(studies[1]).encode()[:500],  # line 3: cut off
        b"\xff",  # line 4: not UTF-8
        json.dumps(studies[2]).encode(),  # line 5
        b'{"not": "a study"}',  # line 6
    ]) + b"\n"
    items = list(read_jsonl("day.jsonl", _opener(data)))
    assert [type(i).__name__ for i in items] == ["RawRecord", "RecordError", "RecordError", "RawRecord", "RecordError"]
    assert [items[0].key, items[3].key] == ["line 1", "line 5"]
    assert _ids([items[0], items[3]]) == [LIST_IDS[0], LIST_IDS[2]]
    assert items[1].record == "line 3" and items[1].reason.startswith("invalid JSON at column ")
    assert items[2].record == "line 4" and items[2].reason.startswith("not UTF-8 text")
    assert items[4].record == "line 6" and items[4].reason.startswith("not a ClinicalTrials.gov study")
