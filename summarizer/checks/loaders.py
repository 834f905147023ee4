"""Read a page file into a ``CheckDocument``: our page JSON, Markdown with front matter, or HTML.

Pages written by ``build`` carry markers (``<!-- section: id -->``/``<!-- disclaimer: id -->`` in
Markdown, ``<section id>``/``<aside class="disclaimer" id="disclaimer-<id>">`` in HTML); a
hand-written page falls back to its ``##``/``<h2>`` headings, whose text names the section
(``section_id``). Only the JSON carries the record's facts.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson
from pydantic import ValidationError

from ..errors import RecordError
from ..models import Trial
from .document import CheckDocument, DocDisclaimer, DocSection, inline_suppressions
from ..yamlio import load_yaml

if TYPE_CHECKING:
    from bs4 import Tag

LOADERS_BY_SUFFIX = {".json": "json", ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}

_NCT_ID = re.compile(r"\bNCT\d{8}\b")
_SECTION_MARKER = re.compile(r"<!--\s*section:\s*([\w-]+)\s*-->")
_DISCLAIMER_MARKER = re.compile(r"<!--\s*disclaimer:\s*([\w-]+)\s*-->")
# A link's target, never its text: "[text](target)" matches from its "[", before any URL in the text.
_MD_LINK = re.compile(r"\[[^\]\n]*\]\((\S+?)\)|<(https?://[^>]+)>|(https?://[^\s)>\]]+[^\s)>\].,;:!?])")
_NON_WORD = re.compile(r"[^a-z0-9]+")
# Heading slugs of hand-written pages that mean one of our section ids (after "the_", "this_" are dropped).
DISCLAIMERS = "disclaimers"  # the heading under which pages carry their disclaimers: not a section
_SECTION_ALIASES = {
    "what_this_could_mean": "what_it_could_mean", "what_could_this_mean": "what_it_could_mean",
    "what_it_means": "what_it_could_mean", "risks": "what_could_go_wrong", "who_can_take_part": "who_can_join",
    "who_can_join_the_study": "who_can_join", "what_taking_part_involves": "what_happens",
    "what_happens_if_you_join": "what_happens", "where_is_the_study": "where", "locations": "where",
    "who_is_running_the_study": "who_runs", "who_runs_the_study": "who_runs", "study_at_a_glance": "at_a_glance",
    "please_read": DISCLAIMERS, "disclaimer": DISCLAIMERS, "important": DISCLAIMERS, "important_information": DISCLAIMERS,
    "about_this_page": DISCLAIMERS, "about_this_summary": DISCLAIMERS,
}
_SECTION_IDS = ("summary", "what_it_could_mean", "what_could_go_wrong", "who_can_join", "what_happens",
                "where", "who_runs", "at_a_glance")
_HTML_BLOCKS = frozenset({"p", "li", "h3", "h4", "h5", "h6", "dt", "dd", "tr", "blockquote", "div", "ul", "ol", "table"})


def section_id(heading: str) -> str:
    """Our section id for a hand-written heading ("Who can take part?" -> ``who_can_join``), else its slug."""
    slug = _NON_WORD.sub("_", heading.lower()).strip("_")
    for article in ("the_", "this_"):
        slug = slug.replace(article, "") if slug.startswith(article) else slug
    slug = _SECTION_ALIASES.get(slug, slug)
    return next((known for known in _SECTION_IDS if slug == known or slug.startswith(known + "_")), slug)


def _split_off_disclaimers(sections: list[DocSection], disclaimers: list[DocDisclaimer]) -> tuple[tuple[DocSection, ...], tuple[DocDisclaimer, ...]]:
    """The disclaimers block is not prose to score: its paragraphs become disclaimers without an id
    (the disclaimer check recognises their wording)."""
    unmarked = [DocDisclaimer("", paragraph, _first_link(paragraph), section.line)
                for section in sections if section.id == DISCLAIMERS
                for paragraph in section.text.split("\n\n") if paragraph.strip()]
    return tuple(s for s in sections if s.id != DISCLAIMERS), tuple(disclaimers + unmarked)


def load_document(path: Path) -> CheckDocument:
    """The document of one page file; ``RecordError`` (or OSError/ValueError) when it is not a page."""
    kind = LOADERS_BY_SUFFIX.get(path.suffix.lower())
    if kind is None:
        raise RecordError(str(path), "page", f"unsupported file type {path.suffix!r} (use .json, .md or .html)")
    with open(path, "rb") as file:  # bytes, then decoded: read_text's text layer costs 20 µs more a page
        text = file.read().decode("utf-8")
    if "\r" in text:  # the newlines read_text would give
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return {"json": load_json, "markdown": load_markdown, "html": load_html}[kind](text, str(path))


def _with_end_lines(sections: list[DocSection], last_line: int) -> list[DocSection]:
    """Each section ends where the next one starts (the last one at ``last_line``)."""
    ended = []
    for index, section in enumerate(sections):
        following = next((s.line for s in sections[index + 1:] if s.line), None)
        end = following - 1 if following else max(last_line, section.line or 0) or None
        ended.append(DocSection(section.id, section.title, section.text, section.line, end, section.disabled, section.text_line))
    return ended


# --------------------------------------------------------------------------- JSON


def _strings(value: Any, where: str, file: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RecordError(file, where, "must be a list of check ids")
    return tuple(value)


class _LineFinder:
    """Lines of strings in a JSON text, found left to right without splitting the text into lines."""

    def __init__(self, text: str):
        self.text, self.offset, self.line = text, 0, 1

    def find(self, value: str) -> int | None:
        position = self.text.find(value, self.offset)
        if position == -1:
            return None
        self.line += self.text.count("\n", self.offset, position)
        self.offset = position
        return self.line


def _quoted(value: str) -> str:
    """``value`` as a JSON string literal (ids are plain slugs: skip json.dumps unless they are not)."""
    return f'"{value}"' if value.isascii() and '"' not in value and "\\" not in value else json.dumps(value)


def _parse_json(text: str) -> Any:
    """``json.loads(text)``, through orjson (about twice as fast) when it can read the text; the
    standard library reads what orjson refuses (NaN, lone surrogates) and words the errors, as before."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


def load_json(text: str, file: str) -> CheckDocument:
    """Our page JSON (DESIGN.md's page contract): sections, disclaimers, facts, optional ``suppress``.

    A section's line is the line of its id; findings inside its text point at the line of its "text".
    """
    data = _parse_json(text)
    if not isinstance(data, dict) or not isinstance(data.get("sections"), list):
        raise RecordError(file, "page", "not a summarizer page JSON (no 'sections' list)")
    facts = None
    if data.get("facts"):
        try:
            facts = Trial.model_validate(data["facts"])
        except ValidationError as error:
            raise RecordError(file, "facts", f"{error.error_count()} invalid field(s), first: {error.errors()[0]['loc']}") from error
    finder = _LineFinder(text)
    sections = []
    for entry in data["sections"]:
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str) or not isinstance(entry.get("text", ""), str):
            raise RecordError(file, "sections", "each section needs a string 'id' and 'text'")
        line = finder.find(_quoted(entry["id"]))
        text_line = finder.find('"text"') if line else None
        sections.append(DocSection(entry["id"], str(entry.get("title") or ""), entry.get("text") or "", line, text_line=text_line))
    disclaimers = []
    for entry in data.get("disclaimers") or []:
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            raise RecordError(file, "disclaimers", "each disclaimer needs a string 'id'")
        disclaimers.append(DocDisclaimer(entry["id"], str(entry.get("text") or ""), entry.get("link") or None,
                                         finder.find(_quoted(entry["id"]))))
    return CheckDocument(
        file=file, sections=tuple(sections), disclaimers=tuple(disclaimers), facts=facts,
        nct_id=data.get("nct_id") or (facts.nct_id if facts else None), title=data.get("title"),
        disabled=_strings(data.get("suppress"), "suppress", file),
    )


# --------------------------------------------------------------------------- Markdown


def _front_matter(lines: list[str], file: str) -> tuple[dict[str, Any], int]:
    """The YAML front matter mapping and the index of the first body line."""
    if not lines or lines[0].strip() != "---":
        return {}, 0
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        raise RecordError(file, "front matter", "no closing '---'")
    data = load_yaml("\n".join(lines[1:end])) or {}
    if not isinstance(data, dict):
        raise RecordError(file, "front matter", "must be a mapping")
    return data, end + 1


def _first_link(text: str) -> str | None:
    match = _MD_LINK.search(text)
    return next((group for group in match.groups() if group), None) if match else None


def load_markdown(text: str, file: str) -> CheckDocument:
    """Markdown with YAML front matter; ``## `` headings start sections, text before them is ``intro``."""
    lines = text.splitlines()
    front, start = _front_matter(lines, file)
    options = front.get("summarizer") or {}
    if not isinstance(options, dict):
        raise RecordError(file, "front matter", "'summarizer' must be a mapping such as {disable: [ids]}")
    title = front.get("title")
    sections: list[DocSection] = []
    section_starts: dict[int, int] = {}
    disclaimers: list[DocDisclaimer] = []
    current = {"id": "intro", "title": "", "line": start + 1, "body": []}
    pending_id: str | None = None
    disclaimer: dict[str, Any] | None = None
    in_code = h1_seen = False

    def close_section(end_line: int) -> None:
        body = "\n".join(current["body"]).strip()
        if current["id"] != "intro" or body:
            sections.append(DocSection(current["id"], current["title"], body, current["line"], end_line))

    def close_disclaimer() -> None:
        nonlocal disclaimer
        if disclaimer is not None:
            body = " ".join(disclaimer["body"]).strip()
            disclaimers.append(DocDisclaimer(disclaimer["id"], body, _first_link(body), disclaimer["line"]))
            disclaimer = None

    for index in range(start, len(lines)):
        number, line = index + 1, lines[index]
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            in_code = not in_code
        if disclaimer is not None and not in_code:
            if stripped and not stripped.startswith("#"):
                disclaimer["body"].append(stripped)
                continue
            if disclaimer["body"] or stripped.startswith("#"):
                close_disclaimer()
        marker = None if in_code else (_SECTION_MARKER.fullmatch(stripped) or _DISCLAIMER_MARKER.fullmatch(stripped))
        if marker and marker.re is _SECTION_MARKER:
            pending_id = marker.group(1)
        elif marker:
            disclaimer = {"id": marker.group(1), "line": number, "body": []}
        elif not in_code and stripped.startswith("# ") and not h1_seen and not sections and not "".join(current["body"]).strip():
            h1_seen = True
            title = title or stripped[2:].strip()
        elif not in_code and stripped.startswith("## "):
            close_section(number - 1)
            heading = stripped[3:].strip().rstrip("#").strip()
            current = {"id": pending_id or section_id(heading), "title": heading, "line": number, "body": []}
            section_starts[number] = len(sections)
            pending_id = None
        else:
            current["body"].append(line)
    close_disclaimer()
    close_section(len(lines))
    sections, by_line = inline_suppressions(tuple(lines), sections, section_starts)
    nct_id = front.get("nct_id") or next(iter(_NCT_ID.findall(text)), None)
    kept, all_disclaimers = _split_off_disclaimers(sections, disclaimers)
    return CheckDocument(
        file=file, sections=kept, disclaimers=all_disclaimers, nct_id=nct_id,
        title=title, disabled=_strings(options.get("disable"), "front matter summarizer.disable", file),
        line_disabled=by_line, lines=tuple(lines),
        links=tuple(next(group for group in match.groups() if group) for match in _MD_LINK.finditer(text)),
    )


# --------------------------------------------------------------------------- HTML


def _markdown_of(nodes: list[Any]) -> str:
    """The text of ``nodes`` (tags and strings) in our Markdown subset: blocks apart, ``- `` items, ``### `` headings."""
    from bs4 import Tag  # see load_html

    parts = []
    for node in nodes:
        if not isinstance(node, Tag):
            parts.append(str(node))
            continue
        for tag in [node, *node.find_all(True)]:
            if tag.name == "li":
                tag.insert(0, "- ")
            elif tag.name in ("h3", "h4", "h5", "h6"):
                tag.insert(0, "### ")
            elif tag.name in ("td", "th"):
                tag.append(", ")
            elif tag.name == "br":
                tag.replace_with("\n\n")
                continue
            if tag is not node and tag.name in _HTML_BLOCKS:
                tag.insert_before("\n\n")
                tag.insert_after("\n\n")
        parts.append(f"\n\n{node.get_text()}\n\n" if node.name in _HTML_BLOCKS else node.get_text())
    blocks = (" ".join(block.split()) for block in re.split(r"\n\s*\n", "".join(parts)))
    return "\n\n".join(block for block in blocks if block)


def _section_by_heading(heading: Tag) -> list[Tag]:
    from bs4 import Tag  # see load_html

    nodes = []
    for sibling in heading.next_siblings:
        if isinstance(sibling, Tag) and (sibling.name == "h2" or sibling.find("h2")):
            break
        nodes.append(sibling)
    return nodes


def load_html(text: str, file: str) -> CheckDocument:
    """HTML: ``<section id>`` elements when present (ours), else one section per ``<h2>``."""
    from bs4 import BeautifulSoup, Tag  # here, not at the top: 45 ms that a check of JSON pages never needs

    soup = BeautifulSoup(text, "html.parser")
    for hidden in soup.find_all(["script", "style", "template", "details", "noscript"]):
        hidden.decompose()
    links = tuple(str(anchor["href"]) for anchor in soup.find_all("a", href=True))
    disclaimers = []
    for aside in soup.select("aside.disclaimer"):
        aside_id = str(aside.get("id") or "").removeprefix("disclaimer-")
        anchor = aside.find("a", href=True)
        disclaimers.append(DocDisclaimer(aside_id, " ".join(aside.get_text(" ").split()),
                                         str(anchor["href"]) if anchor else None, aside.sourceline))
        aside.decompose()
    heading_tag = soup.find("h1") or soup.find("title")
    title = " ".join(heading_tag.get_text(" ").split()) if heading_tag else None
    sections: list[DocSection] = []
    section_starts: dict[int, int] = {}
    marked = [s for s in soup.find_all("section", id=True) if not s.find_parent("section")]
    if marked:
        for element in marked:
            heading = element.find("h2")
            title_text = " ".join(heading.get_text(" ").split()) if heading else ""
            if heading:
                section_starts[heading.sourceline] = len(sections)
                heading.decompose()
            section_starts[element.sourceline] = len(sections)
            sections.append(DocSection(str(element["id"]), title_text, _markdown_of([element]), element.sourceline))
    else:
        headings = soup.find_all("h2")
        if headings:
            intro = [n for n in reversed(list(headings[0].previous_siblings)) if not (isinstance(n, Tag) and n.name in ("h1", "header", "nav"))]
            intro_text = _markdown_of(intro)
            if intro_text:
                first = next((n.sourceline for n in intro if isinstance(n, Tag)), headings[0].sourceline)
                sections.append(DocSection("intro", "", intro_text, first))
        for heading in headings:
            title_text = " ".join(heading.get_text(" ").split())
            section_starts[heading.sourceline] = len(sections)
            sections.append(DocSection(section_id(title_text), title_text, _markdown_of(_section_by_heading(heading)), heading.sourceline))
    lines = tuple(text.splitlines())
    sections = _with_end_lines(sections, len(lines))
    sections, by_line = inline_suppressions(lines, sections, section_starts)
    nct_ids = _NCT_ID.findall(text)
    kept, all_disclaimers = _split_off_disclaimers(sections, disclaimers)
    return CheckDocument(
        file=file, sections=kept, disclaimers=all_disclaimers, nct_id=nct_ids[0] if nct_ids else None,
        title=title, line_disabled=by_line, lines=lines, links=links,
    )
