"""The site around the pages, built from real records: paginated listings by status and condition,
valid Atom feeds, sitemaps (with an index above the limit), related trials, stale files removed."""
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin

import pytest

from summarizer import site as site_module
from summarizer.config import Settings
from summarizer.pipeline import build
from summarizer.site import slug

RECORDS = Path(__file__).parent / "fixtures" / "records"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SITE_URL = "https://trials.example.org/"


def build_site(root: Path, site_url: str | None) -> tuple[Path, dict]:
    """The fixtures built with 5 studies per listing page and 12 URLs per sitemap file."""
    shutil.copytree(RECORDS, root / "in", ignore=shutil.ignore_patterns("*.md"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1795000000")
        patch.setattr(site_module, "PAGE_SIZE", 5)
        patch.setattr(site_module, "SITEMAP_URLS", 12)
        build([root / "in"], root / "out", Settings(), jobs=0, site_url=site_url)
    out = root / "out"
    pages = {p.stem: json.loads(p.read_text()) for p in (out / "trials").glob("*.json")}
    return out, pages


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_site(tmp_path_factory.mktemp("site"), SITE_URL)


@pytest.fixture(scope="module")
def plain_site(tmp_path_factory):
    """Built without --site-url."""
    return build_site(tmp_path_factory.mktemp("plain"), None)


def links(html: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', html)


def study_links(path: Path) -> list[str]:
    return [Path(h).stem for h in links(path.read_text()) if "trials/" in h]


def test_every_study_is_listed_once_across_pages_of_five_and_page_links_resolve(site):
    out, pages = site
    listing = [out / "index.html", *sorted((out / "all").glob("*.html"), key=lambda p: int(p.stem))]
    assert [p.name for p in listing] == ["index.html", "2.html", "3.html", "4.html"]
    ids = [study for path in listing for study in study_links(path)]
    assert sorted(ids) == sorted(pages) and all(len(study_links(p)) <= 5 for p in listing)
    assert 'href="all/2.html" rel="next"' in (out / "index.html").read_text()
    assert 'href="../index.html" rel="prev"' in (out / "all" / "2.html").read_text()
    for path in out.rglob("*.html"):
        if path.parent.name != "trials":
            for href in links(path.read_text()):
                if not href.startswith(("http", "#")):
                    assert (path.parent / href).resolve().is_file(), f"{path.relative_to(out)} links {href}"


def test_listings_by_status_hold_each_study_under_its_status(site):
    out, pages = site
    for record_id, page in pages.items():
        status = slug((page["facts"]["overall_status"] or "unknown").replace("_", " ").lower())
        folder = out / "status" / status
        assert record_id in [s for p in folder.glob("*.html") for s in study_links(p)]
    counts = re.findall(r"(\d+) stud(?:y|ies)</span>", (out / "status" / "index.html").read_text())
    assert sum(int(c) for c in counts) == len(pages)


def test_listings_by_condition_hold_each_study_under_each_of_its_conditions(site):
    out, pages = site
    for record_id, page in pages.items():
        for condition in page["facts"]["conditions"]:
            folder = out / "conditions" / slug(condition)
            assert record_id in [s for p in folder.glob("*.html") for s in study_links(p)], condition
            assert (folder / "feed.xml").is_file()
    index = (out / "conditions" / "index.html").read_text()
    assert len(re.findall(r'<li><a href="[^"]+/index.html">', index)) == len(list((out / "conditions").glob("*/")))


@pytest.mark.parametrize("built, site_url", [("site", SITE_URL), ("plain_site", None)])
def test_feeds_are_valid_atom_and_every_link_resolves_from_the_feed(built, site_url, request):
    out, pages = request.getfixturevalue(built)
    root_url = site_url or "https://relative.invalid/"  # relative links are resolved as a reader would

    def target(path: Path, href: str) -> Path:
        assert href.startswith(SITE_URL) == bool(site_url), href
        resolved = urljoin(root_url + path.relative_to(out).as_posix(), href)
        assert resolved.startswith(root_url), (path, href)
        return out / resolved.removeprefix(root_url)

    feeds = [out / "feed.xml", *(out / "conditions").glob("*/feed.xml")]
    assert len(feeds) > 10
    for path in feeds:
        root = ET.parse(path).getroot()
        assert root.tag == f"{ATOM}feed"
        for element in ("id", "title", "updated", "author"):
            assert root.find(f"{ATOM}{element}") is not None, (path, element)
        assert root.find(f"{ATOM}id").text.startswith("urn:uuid:")
        assert target(path, root.find(f"{ATOM}link[@rel='self']").get("href")) == path
        assert target(path, root.find(f"{ATOM}link[@rel='alternate']").get("href")) == path.parent / "index.html"
        entries = root.findall(f"{ATOM}entry")
        assert entries and len(entries) <= site_module.FEED_ENTRIES
        assert len({e.find(f"{ATOM}id").text for e in entries}) == len(entries)
        for entry in entries:
            for element in ("id", "title", "updated", "link", "summary"):
                assert entry.find(f"{ATOM}{element}") is not None, (path, element)
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00Z", entry.find(f"{ATOM}updated").text)
            page = target(path, entry.find(f"{ATOM}link").get("href"))
            assert page.parent == out / "trials" and page.stem in pages and page.is_file()
    site_feed = ET.parse(out / "feed.xml").getroot()
    assert len(site_feed.findall(f"{ATOM}entry")) == len(pages)
    assert "New study" in site_feed.find(f"{ATOM}entry/{ATOM}summary").text


def test_the_sitemap_is_an_index_over_files_within_the_limit(site):
    out, pages = site
    root = ET.parse(out / "sitemap.xml").getroot()
    assert root.tag == f"{SITEMAP}sitemapindex"
    urls = []
    for loc in root.iter(f"{SITEMAP}loc"):
        part = ET.parse(out / loc.text.removeprefix(SITE_URL)).getroot()
        found = [u.find(f"{SITEMAP}loc").text for u in part.findall(f"{SITEMAP}url")]
        assert part.tag == f"{SITEMAP}urlset" and 0 < len(found) <= 12
        urls += found
    assert len(urls) == len(set(urls))
    assert {SITE_URL + f"trials/{record_id}.html" for record_id in pages} <= set(urls)
    assert SITE_URL + "index.html" in urls and SITE_URL + "conditions/index.html" in urls
    assert all((out / url.removeprefix(SITE_URL)).is_file() for url in urls)


def test_no_sitemap_without_the_site_url_and_an_earlier_one_goes(plain_site, tmp_path, monkeypatch, caplog):
    """Sitemaps take absolute URLs only: without --site-url none is written, and a build without it
    removes what a build with it wrote (sitemaps/ too)."""
    out, _pages = plain_site
    assert not (out / "sitemap.xml").exists() and not (out / "sitemaps").exists()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    monkeypatch.setattr(site_module, "SITEMAP_URLS", 12)
    shutil.copytree(RECORDS, tmp_path / "in", ignore=shutil.ignore_patterns("*.md"))
    build([tmp_path / "in"], tmp_path / "out", Settings(), jobs=0, site_url=SITE_URL)
    assert (tmp_path / "out" / "sitemap.xml").is_file() and (tmp_path / "out" / "sitemaps" / "2.xml").is_file()
    with caplog.at_level("INFO", logger="summarizer.site"):
        build([tmp_path / "in"], tmp_path / "out", Settings(), jobs=0)
    assert not (tmp_path / "out" / "sitemap.xml").exists() and not (tmp_path / "out" / "sitemaps").exists()
    assert [r.message for r in caplog.records if "sitemap" in r.message] == [
        "no sitemap written: a sitemap needs absolute URLs (build with --site-url https://...)"]


def test_pages_show_up_to_five_related_studies_that_exist(site):
    out, pages = site
    shown = 0
    for record_id in pages:
        html = (out / "trials" / f"{record_id}.html").read_text()
        block = html.split("<!-- related -->")[1].split("<!-- /related -->")[0]
        related = [Path(h).stem for h in links(block)]
        assert len(related) <= 5 and record_id not in related and all(r in pages for r in related)
        front = (out / "trials" / f"{record_id}.md").read_text().split("---\n")[1]
        assert front.count("\n- id: ") == len(related)
        shown += bool(related)
    assert shown >= 4  # the fixtures are varied: few share a condition, MeSH term or intervention


def test_site_files_of_a_condition_no_study_has_any_more_are_removed(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    (tmp_path / "in").mkdir()
    for name in ("NCT04207047.json", "NCT00460057.xml"):
        shutil.copy(RECORDS / name, tmp_path / "in")
    out = tmp_path / "out"
    build([tmp_path / "in"], out, Settings(), jobs=0)
    page = json.loads((out / "trials" / "NCT00460057.json").read_text())
    gone = out / "conditions" / slug(page["facts"]["conditions"][0])
    assert (gone / "index.html").is_file()
    (tmp_path / "in" / "NCT00460057.xml").unlink()
    build([tmp_path / "in"], out, Settings(), jobs=0)
    assert not gone.exists()


@pytest.mark.parametrize("text, expected", [
    ("Covid-19", "covid-19"), ("COVID 19", "covid-19"), ("Müller's disease", "muller-s-disease"),
    ("  Breast Cancer  ", "breast-cancer"),
])
def test_condition_slugs(text, expected):
    assert slug(text) == expected


def test_slugs_of_long_or_non_latin_names_stay_short_and_distinct():
    long_name = "A very long condition name " * 5
    assert len(slug(long_name)) <= 80 and slug(long_name) != slug(long_name + "x")
    assert slug("糖尿病") != slug("高血圧") and re.fullmatch(r"[a-z0-9-]+", slug("糖尿病"))


def test_a_changed_title_rewrites_only_the_site_files_that_show_it(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    shutil.copytree(RECORDS, tmp_path / "in", ignore=shutil.ignore_patterns("*.md"))
    out = tmp_path / "out"
    build([tmp_path / "in"], out, Settings(), jobs=0)
    site_files = [p for p in out.rglob("*") if p.is_file() and "trials" not in p.parts and not p.name.startswith(".")]
    before = {p: (p.stat().st_mtime_ns, p.read_text()) for p in site_files}
    record = tmp_path / "in" / "NCT00460057.xml"
    record.write_text(record.read_text().replace("<brief_title>", "<brief_title>Revised: ", 1))
    build([tmp_path / "in"], out, Settings(), jobs=0)
    rewritten = {p for p, (mtime, _text) in before.items() if p.stat().st_mtime_ns != mtime}
    assert rewritten and out / "build-report.json" in rewritten
    assert all("NCT00460057" in before[p][1] for p in rewritten if p.name != "build-report.json")
    assert len(rewritten) < len(site_files) // 2
