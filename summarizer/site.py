"""The site around the pages: listings by condition and by status, Atom feeds, sitemaps.

Everything here comes from the state store, not from the records, so a build that skipped every
unchanged record still has complete listings and feeds. Listings are paginated (never one page
with every study) and streamed from SQLite in order, so memory holds one condition's studies at
a time. A file whose content is unchanged is not rewritten, and site files an earlier build wrote
that this one did not (a condition no study has any more) are deleted. When nothing the site
pages show has changed since the last build (a digest of it says so), none is made again.

Layout (links are relative, so the folder can be served from anywhere)::

    index.html, all/2.html ...               every study, PAGE_SIZE per page, with the totals
    status/index.html                        the statuses, each with its count
    status/<slug>/index.html, 2.html ...     the studies of one status
    conditions/index.html, 2.html ...        the conditions, GROUPS_PAGE_SIZE per page
    conditions/<slug>/index.html, 2.html ... the studies of one condition, and its feed.xml
    feed.xml                                 new and updated studies, site-wide
    sitemap.xml                              every page; an index over sitemaps/N.xml above 50,000 URLs
                                             (with the site URL only: sitemaps take absolute URLs)
"""
from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .fsutil import write_atomic
from .render import Renderer
from .state import Store, digest

log = logging.getLogger(__name__)

PAGE_SIZE = 100  # studies per listing page
GROUPS_PAGE_SIZE = 500  # conditions per page of the conditions index
FEED_ENTRIES = 50
SITEMAP_URLS = 50_000  # the sitemaps.org limit per file
ENTRY_COLUMNS = "id, title, status, grade, errors, warnings, first_seen, updated, versions"
ID_NAMESPACE = uuid.UUID("5b0e6c2a-6f0e-4c35-9d8e-6d1c3b9f2a47")  # Atom ids: urn:uuid, stable across builds


def slug(text: str) -> str:
    """A file-name-safe, case-folded name: ``Covid-19`` and ``COVID 19`` share ``covid-19``."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    base = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
    if base and len(base) <= 80:
        return base
    return f"{base[:60].strip('-') or 'x'}-{digest(text.casefold())[:8]}"  # too long, or no Latin letters


def status_words(status: str | None) -> str:
    return (status or "unknown").replace("_", " ").lower()


def atom_id(name: str) -> str:
    return f"urn:uuid:{uuid.uuid5(ID_NAMESPACE, name)}"


@dataclass
class Entry:
    """One study as listings and feeds show it."""

    id: str
    title: str
    status: str
    grade: float | None
    errors: int
    warnings: int
    first_seen: str
    updated: str
    versions: int

    @classmethod
    def of(cls, row: tuple) -> Entry:
        record_id, title, status, grade, errors, warnings, first_seen, updated, versions = row[:9]
        return cls(record_id, title, status_words(status), grade, errors, warnings, first_seen, updated, versions)


def _pages(entries: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """``entries`` in pages of ``size``; one empty page when there are none."""
    page: list[Any] = []
    empty = True
    for entry in entries:
        page.append(entry)
        if len(page) == size:
            yield page
            page, empty = [], False
    if page or empty:
        yield page


def _nav(number: int, pages: int, first: str = "index.html") -> dict[str, Any]:
    def href(n: int) -> str:
        return first if n == 1 else f"{n}.html"
    return {"page": number, "pages": pages, "previous": href(number - 1) if number > 1 else None,
            "next": href(number + 1) if number < pages else None}


def _count_pages(total: int, size: int) -> int:
    return max(1, -(-total // size))


@dataclass
class SiteWriter:
    """Writes the site files of one build and remembers which, with a key of what each shows: a file
    whose key is the one the last build wrote it with is not even rendered again."""

    out: Path
    renderer: Renderer
    site_url: str | None = None
    shape: str = ""  # templates and settings: part of every key
    previous: dict[str, str] = field(default_factory=dict)  # path -> key, as the last build wrote them
    keys: dict[str, str] = field(default_factory=dict)  # path -> key, this build
    changed: int = 0

    @property
    def written(self) -> list[str]:
        return list(self.keys)

    def page(self, relative: str, template: str, **context: Any) -> None:
        """``relative`` from ``templates/<template>``."""
        self._emit(relative, (template, context), lambda: self.renderer.site_page(template, **context))

    def home(self, entries: list[Entry], totals: dict[str, Any], generated: str, nav: dict[str, Any]) -> None:
        """``index.html``: the totals and the first page of studies (the workspace's ``index.html.j2``)."""
        self._emit("index.html", ("index", entries, totals, generated, nav),
                   lambda: self.renderer.index_page([vars(e) for e in entries], totals, generated, nav=nav))

    def _emit(self, relative: str, shown: object, render: Callable[[], str]) -> None:
        key = digest(self.shape, repr(shown))
        self.keys[relative] = key
        path = self.out / relative
        if self.previous.get(relative) == key and path.is_file():
            return
        text = render()
        try:
            if path.read_text(encoding="utf-8") == text:
                return
        except (OSError, UnicodeDecodeError):
            pass
        write_atomic(path, text)
        self.changed += 1

    def url(self, relative: str) -> str:
        """The absolute address of ``relative`` (a path from the site root), with the site URL."""
        return f"{self.site_url.rstrip('/')}/{relative}"

    def link(self, relative: str, origin: str) -> str:
        """A link to ``relative`` from the file ``origin`` (both paths from the site root): absolute
        with the site URL, else relative to ``origin``'s folder."""
        return self.url(relative) if self.site_url else "../" * origin.count("/") + relative

    def listing(self, folder: str, title: str, entries: Iterable[Entry], total: int, **context: Any) -> None:
        """``folder/index.html``, ``folder/2.html`` ...: the studies, PAGE_SIZE per page."""
        pages = _count_pages(total, PAGE_SIZE)
        for number, page in enumerate(_pages(entries, PAGE_SIZE), start=1):
            name = "index.html" if number == 1 else f"{number}.html"
            self.page(f"{folder}/{name}", "list.html.j2", title=title, entries=page, nav=_nav(number, pages),
                      root="../" * (folder.count("/") + 1), **{"intro": "", "feed": None, **context})

    def feed(self, relative: str, title: str, entries: list[Entry], alternate: str, generated: str) -> None:
        """An Atom feed of the latest new and updated studies of ``entries`` (newest first)."""
        self.page(relative, "feed.xml.j2", id=atom_id(f"feed:{relative}"), title=title,
                  self_href=self.link(relative, relative), alternate=self.link(alternate, relative),
                  updated=max((e.updated for e in entries), default=generated),
                  entries=[(e, atom_id(f"trial:{e.id}"), self.link(f"trials/{e.id}.html", relative)) for e in entries])


def write_site(store: Store, renderer: Renderer, out: Path, *, generated: str, totals: dict[str, Any],
               site_url: str | None = None, shape: str = "") -> SiteWriter:
    """Every site file of this build, from the store; site files of earlier builds not made again go.
    ``shape`` is a hash of the templates and settings the pages are made with."""
    previous = store.site_files()
    site = SiteWriter(out, renderer, site_url, shape, previous)
    shown = _shown_digest(store, shape, generated, totals, site_url)
    if store.meta("site_digest") == shown and all((out / path).is_file() for path in previous):
        site.keys = previous
        return site
    total = store.count_current()
    pages = _count_pages(total, PAGE_SIZE)
    for number, page in enumerate(_pages(_entries(store.current(columns=ENTRY_COLUMNS)), PAGE_SIZE), start=1):
        nav = _nav(number, pages, first="../index.html")
        if number == 1:
            site.home(page, totals, generated, {**_nav(1, pages), "next": "all/2.html" if pages > 1 else None})
        else:
            site.page(f"all/{number}.html", "list.html.j2", title="All studies", intro="", entries=page, nav=nav,
                      root="../", feed=None)
    _by_status(store, site)
    _by_condition(store, site, generated)
    site.feed("feed.xml", "New and updated studies", _latest(store, FEED_ENTRIES), "index.html", generated)
    _sitemaps(store, site)
    for stale in sorted(previous.keys() - site.keys.keys()):
        (out / stale).unlink(missing_ok=True)
        if "/" in stale and not any((out / stale).parent.iterdir()):  # a condition's, sitemaps/
            (out / stale).parent.rmdir()
    store.set_site_files(site.keys)
    store.set_meta("site_digest", shown)
    return site


def _shown_digest(store: Store, shape: str, generated: str, totals: dict[str, Any], site_url: str | None) -> str:
    """A hash of everything the site files show: the records' listed fields, totals, date, address, layout."""
    h = hashlib.blake2b(digest_size=16)
    h.update(repr((shape, generated, sorted(totals.items()), site_url, PAGE_SIZE, GROUPS_PAGE_SIZE, FEED_ENTRIES,
                   SITEMAP_URLS)).encode())
    for row in store.current(columns=ENTRY_COLUMNS + ", conditions"):
        h.update(repr(row).encode())
    return h.hexdigest()


def _entries(rows: Iterable[tuple]) -> Iterator[Entry]:
    return (Entry.of(row) for row in rows)


def _latest(store: Store, limit: int) -> list[Entry]:
    rows = store.db.execute(f"SELECT {ENTRY_COLUMNS} FROM records WHERE seen_run = ? ORDER BY updated DESC, id "
                            "LIMIT ?", (store.run, limit))
    return list(_entries(rows))


def _by_status(store: Store, site: SiteWriter) -> None:
    counts = store.db.execute("SELECT coalesce(status, ''), count(*) FROM records WHERE seen_run = ? "
                              "GROUP BY coalesce(status, '') ORDER BY 1", (store.run,)).fetchall()
    groups = [(slug(status_words(status)), status_words(status), count) for status, count in counts]
    site.page("status/index.html", "groups.html.j2", title="Studies by status", groups=groups, nav=_nav(1, 1),
              root="../")
    for (status, count), (folder, words, _count) in zip(counts, groups):
        rows = store.db.execute(f"SELECT {ENTRY_COLUMNS} FROM records WHERE seen_run = ? AND coalesce(status, '') = ? "
                                "ORDER BY id", (store.run, status))
        site.listing(f"status/{folder}", f"Studies: {words}", _entries(rows), count)


def _by_condition(store: Store, site: SiteWriter, generated: str) -> None:
    """One listing and one feed per condition, streamed in slug order; then the conditions index."""
    store.db.create_function("slug", 1, slug, deterministic=True)
    rows = store.db.execute(
        f"SELECT slug(c.value) AS s, c.value, {', '.join('r.' + c.strip() for c in ENTRY_COLUMNS.split(','))} "
        "FROM records AS r, json_each(r.conditions) AS c WHERE r.seen_run = ? ORDER BY s, r.id", (store.run,))
    groups: list[tuple[str, str, int]] = []
    current: str | None = None
    names: Counter[str] = Counter()
    members: list[Entry] = []
    for row in chain(rows, [(None,)]):  # streamed: a list of every (study, condition) row grew with the registry
        if row[0] != current and current is not None:
            name = min(names, key=lambda n: (-names[n], n))
            groups.append((current, name, len(members)))
            folder = f"conditions/{current}"
            site.listing(folder, f"Studies of {name}", members, len(members), feed="feed.xml",
                         intro=f"{len(members)} studies list {name} among their conditions.")
            latest = sorted(members, key=lambda e: e.updated, reverse=True)[:FEED_ENTRIES]  # stable: ties by ID
            site.feed(f"{folder}/feed.xml", f"New and updated studies of {name}", latest, f"{folder}/index.html",
                      generated)
            names, members = Counter(), []
        if row[0] is None:
            break
        current = row[0]
        names[row[1]] += 1
        if not members or members[-1].id != row[2]:
            members.append(Entry.of(row[2:]))
    pages = _count_pages(len(groups), GROUPS_PAGE_SIZE)
    for number, page in enumerate(_pages(groups, GROUPS_PAGE_SIZE), start=1):
        site.page("conditions/index.html" if number == 1 else f"conditions/{number}.html", "groups.html.j2",
                  title="Studies by condition", groups=page, nav=_nav(number, pages), root="../")


def _sitemaps(store: Store, site: SiteWriter) -> None:
    """``sitemap.xml``; above SITEMAP_URLS URLs it is an index of ``sitemaps/N.xml``. Only with the
    site URL: the sitemaps.org protocol takes absolute URLs only (as sphinx-sitemap, which needs
    ``html_baseurl``), and a sitemap an earlier build wrote goes with the other stale files."""
    if not site.site_url:
        log.info("no sitemap written: a sitemap needs absolute URLs (build with --site-url https://...)")
        return
    listings = [(site.url(p), None) for p in site.written if p.endswith(".html")]
    trials = ((site.url(f"trials/{record_id}.html"), updated)
              for record_id, updated in store.current(columns="id, updated"))
    urls = chain(listings, trials)
    files = _count_pages(len(listings) + store.count_current(), SITEMAP_URLS)
    if files == 1:
        site.page("sitemap.xml", "sitemap.xml.j2", urls=list(urls))
        return
    for number, page in enumerate(_pages(urls, SITEMAP_URLS), start=1):
        site.page(f"sitemaps/{number}.xml", "sitemap.xml.j2", urls=page)
    site.page("sitemap.xml", "sitemap-index.xml.j2",
              sitemaps=[site.url(f"sitemaps/{n}.xml") for n in range(1, files + 1)])
