"""The web page reader: one RawRecord per page, HTML flattened to the same line text as a text page."""
from __future__ import annotations

import io
from pathlib import Path

import pytest

from summarizer.errors import RecordError
from summarizer.models import RawRecord
from summarizer.readers.webpage import SUFFIXES, html_to_lines, read_webpage, webpage_reader

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("00[0-4]_*.txt"))


def only(records: list) -> RawRecord | RecordError:
    assert len(records) == 1
    return records[0]


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_text_seed_becomes_one_record_with_the_page_text(path: Path) -> None:
    record = only(list(read_webpage(path)))
    assert isinstance(record, RawRecord)
    assert record.format == "webpage"
    assert record.source == str(path)
    assert record.payload == {"text": path.read_text(encoding="utf-8"), "kind": "text", "stem": path.stem}


def test_seeds_are_the_five_shared_documents() -> None:
    assert [p.stem for p in SEEDS] == [
        "000_bc9bf6b80e76d006", "001_e39d1c6d6697f6e5", "002_6bd8e17ebe70c371",
        "003_b6732c64129c1061", "004_3e1d26111182de4f",
    ]


def test_bytes_given_by_the_caller_are_read_instead_of_the_disk() -> None:
    record = only(list(read_webpage("archive/member.txt", "Title line\r\nNCT ID NCT01234567\r\n".encode())))
    assert record.payload == {"text": "Title line\nNCT ID NCT01234567\n", "kind": "text", "stem": "member"}


def test_a_byte_order_mark_is_dropped() -> None:
    record = only(list(read_webpage("page.txt", "\ufeffTitle".encode())))
    assert record.payload["text"] == "Title"


def test_undecodable_bytes_give_a_record_error_naming_the_byte() -> None:
    error = only(list(read_webpage("bad.txt", b"Trial \xff\xfe title")))
    assert isinstance(error, RecordError)
    assert error.source == "bad.txt"
    assert "0xff" in error.reason and "offset 6" in error.reason


def test_html_with_a_declared_charset_is_decoded_with_it() -> None:
    page = '<html><head><meta charset="iso-8859-1"></head><body><h1>Étude clinique</h1></body></html>'
    record = only(list(read_webpage("page.html", page.encode("iso-8859-1"))))
    assert record.payload["text"] == "Étude clinique"


def test_an_empty_page_and_a_missing_file_are_record_errors(tmp_path: Path) -> None:
    empty = only(list(read_webpage("empty.html", b"<html><body><script>x()</script></body></html>")))
    assert isinstance(empty, RecordError) and "no text" in empty.reason
    missing = only(list(read_webpage(tmp_path / "nope.txt")))
    assert isinstance(missing, RecordError) and "cannot read" in missing.reason


def test_registry_shaped_reader_reads_through_the_opener() -> None:
    record = only(list(webpage_reader("dir/page.htm", lambda: io.BytesIO(b"<p>Hello</p><p>World</p>"))))
    assert record.payload == {"text": "Hello\nWorld", "kind": "html", "stem": "page"}
    assert ".txt" in SUFFIXES and ".html" in SUFFIXES and ".htm" in SUFFIXES


def test_html_furniture_is_dropped_before_any_text_is_read() -> None:
    page = """<!doctype html><html><head><title>Site title</title><style>p{}</style></head><body>
      <header><nav><a href="/">Home</a></nav><img alt="logo"></header>
      <main><h1>Trial of <em>Drug X</em></h1>
      <div class="ad-slot">Advertisement</div><aside class="ads">Fake Ad Placeholder</aside>
      <iframe src="https://ads.example"></iframe><form><label>Email</label><button>Sign up</button></form>
      <p hidden>secret</p><p style="display: none">also hidden</p><p aria-hidden="true">decor</p>
      <!-- a comment --><script>track()</script><noscript>enable js</noscript>
      <p>Kept paragraph.</p></main><footer>Footer text</footer></body></html>"""
    assert html_to_lines(page) == "Trial of Drug X\nKept paragraph."


def test_a_header_holding_the_pages_h1_is_content() -> None:
    assert html_to_lines("<header><nav>Menu</nav><h1>The title</h1></header><p>Body</p>") == "The title\nBody"


def test_blocks_become_lines_and_list_items_keep_markers_and_nesting() -> None:
    page = """<h2>Inclusion Criteria</h2><ol start="3"><li>Age 18<br>or older</li>
      <li>Methods include:<ul><li>Condom</li><li><p>IUD</p><p>or IUS</p></li></ul></li></ol>
      <table><tr><th>Total Enrollment</th><td>10 participants</td></tr></table>
      <dl><dt>Phase</dt><dd>NA</dd></dl><p>Inline <b>bold</b> and <a href="#">link</a> text</p>"""
    assert html_to_lines(page).split("\n") == [
        "Inclusion Criteria",
        "3. Age 18",
        "  or older",
        "4. Methods include:",
        "  - Condom",
        "  - IUD",
        "    or IUS",
        "Total Enrollment",
        "10 participants",
        "Phase",
        "NA",
        "Inline bold and link text",
    ]


def test_html_fixture_renders_without_furniture(fixtures_dir: Path) -> None:
    record = only(list(read_webpage(fixtures_dir / "webpages" / "004_registry_mirror.html")))
    text = record.payload["text"]
    assert record.payload["kind"] == "html"
    assert text.splitlines()[0] == "Lenalidomide in the Treatment of Refractory Cutaneous Dermatomyositis"
    for furniture in ("dataLayer", "Search trials", "Advertisement", "Fake Ad", "Privacy policy", "querySelectorAll"):
        assert furniture not in text
