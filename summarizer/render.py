"""Page -> HTML, Markdown and JSON; and the site's own pages. Jinja2 with autoescape and StrictUndefined.

A page's related trials depend on every other record of the build, which is known only at its
end, so they sit in one delimited block of each file (between ``<!-- related -->`` markers in
HTML, as the last key of the Markdown front matter) that :meth:`Renderer.with_related` replaces
in place without drafting the page again. Replacing gives byte for byte what rendering with the
final list gives.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
import orjson
from markupsafe import Markup, escape

from .checks.config import CheckConfig
from .errors import TemplateError
from .drafting.wording import full_date
from .models import DateInfo, Page, Section
from .workspace import search_path

if TYPE_CHECKING:
    from .state import History

RELATED_START, RELATED_END = "<!-- related -->\n", "<!-- /related -->"
RELATED_IN = (".html", ".md")  # the page files that show related trials
_URL_WORD = re.compile(r"(?<![^ ])(https?://[^ ]*?)([.,)]*)(?= |\Z)")


def blocks(text: str) -> list[tuple[str, list[str]]]:
    """Split our Markdown subset into ("p", [text]) and ("ul", [items]) blocks, in order."""
    out: list[tuple[str, list[str]]] = []
    for chunk in text.split("\n\n"):
        current: tuple[str, list[str]] | None = None
        for line in (raw.strip() for raw in chunk.splitlines()):
            if not line:
                continue
            kind, body = ("ul", line[2:]) if line.startswith("- ") else ("p", line)
            if current is not None and current[0] == kind:
                if kind == "ul":
                    current[1].append(body)
                else:
                    current[1][0] += " " + body
            else:
                current = (kind, [body])
                out.append(current)
    return out


def text_to_html(text: str) -> Markup:
    """Our Markdown subset as escaped HTML: paragraphs and bullet lists, URLs linked."""
    parts = []
    for kind, items in blocks(text):
        if kind == "ul":
            parts.append("<ul>" + "".join(f"<li>{_link(i)}</li>" for i in items) + "</ul>")
        else:
            parts.append(f"<p>{_link(items[0])}</p>")
    return Markup("\n".join(parts))


def _link(text: str) -> Markup:
    """Escape ``text`` and link each space-separated word that is a URL (trailing ``.,)`` left outside).

    One regex pass over the escaped text: this runs for every paragraph of every page."""
    return Markup(_URL_WORD.sub(r'<a href="\1">\1</a>\2', str(escape(text))))


def json_ld(page: Page) -> Markup:
    """schema.org MedicalTrial, safe inside a <script> element."""
    trial = page.trial
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "MedicalTrial",
        "name": trial.title,
        "identifier": trial.nct_id or trial.id,
        "healthCondition": [{"@type": "MedicalCondition", "name": c} for c in trial.conditions],
    }
    if trial.registry_url:
        data["url"] = trial.registry_url
    if trial.sponsor:
        data["sponsor"] = {"@type": "Organization", "name": trial.sponsor}
    if trial.overall_status:
        data["status"] = trial.overall_status
    if trial.phases:
        data["phase"] = ", ".join(trial.phases)
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


@lru_cache(maxsize=4096)
def date_words(iso: str) -> str:
    """``2026-11-18`` as ``18 November 2026`` (cached: listings show the same few dates thousands of times)."""
    return full_date(DateInfo(date=iso)) or iso


def history_json(history: History | None) -> dict[str, Any] | None:
    if history is None:
        return None
    return {"first_seen": history.first_seen, "last_updated": history.updated, "updates": history.updates}


def page_json(page: Page, history: History | None = None) -> dict[str, Any]:
    """The JSON page contract of DESIGN.md."""
    trial = page.trial
    facts = trial.model_dump(mode="json", exclude={"provenance", "source"})
    return {
        "nct_id": trial.nct_id,
        "id": trial.id,
        "title": trial.title,
        "generated": page.generated,
        "history": history_json(history),
        "source": trial.source,
        "sections": [_section_json(s) for s in page.sections],
        "disclaimers": [d.model_dump(mode="json") for d in page.disclaimers],
        "readability": page.readability.model_dump(mode="json") if page.readability else None,
        "facts": facts,
        "provenance": trial.provenance,
        "findings": [f.model_dump(mode="json", exclude_none=True) for f in page.findings],
        "override": page.override.model_dump(mode="json") if page.override else None,
        # A section the editor hid on purpose must not fail `summarizer check` on the built page.
        **({"suppress": ["section.missing"]} if page.override and page.override.hidden else {}),
    }


def page_json_text(page: Page, history: History | None = None) -> str:
    """The page's JSON file: ``json.dumps(..., ensure_ascii=False, indent=2)`` byte for byte, written by
    orjson, which is about ten times faster (the standard library's C encoder cannot indent)."""
    return orjson.dumps(page_json(page, history), option=orjson.OPT_INDENT_2).decode() + "\n"


def _section_json(section: Section) -> dict[str, Any]:
    data = section.model_dump(mode="json", exclude={"readability"})
    data["readability"] = section.readability.model_dump(mode="json") if section.readability else None
    return data


class Renderer:
    """Loads the page templates once (workspace first, bundled defaults after) and renders pages.

    With ``preview`` the templates also get the editor's diagnostics layer (``diagnostics.py``,
    ``_diagnostics.html.j2``), judged against the ``check`` targets; published pages never do."""

    def __init__(self, workspace: Path | None = None, preview: bool = False, check: CheckConfig | None = None):
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(p) for p in search_path("templates", workspace)]),
            undefined=jinja2.StrictUndefined,
            autoescape=jinja2.select_autoescape(["html", "html.j2", "xml", "xml.j2"], default_for_string=True),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters["html"] = text_to_html
        self.env.filters["blocks"] = blocks
        self.env.filters["date_words"] = date_words
        self.env.globals["json_ld"] = json_ld
        self.env.globals["preview"] = preview
        if preview:
            from .diagnostics import add_diagnostics

            add_diagnostics(self.env, check or CheckConfig(), workspace)
        try:
            self.html = self.env.get_template("page.html.j2")
            self.markdown = self.env.get_template("page.md.j2")
            self.index = self.env.get_template("index.html.j2")
            self.related_html = self.env.get_template("_related.html.j2")
        except jinja2.TemplateError as exc:
            raise TemplateError(f"page template: {exc}") from exc

    def _render(self, template: jinja2.Template, **context: Any) -> str:
        try:
            return template.render(**context)
        except jinja2.TemplateError as exc:
            raise TemplateError(f"{template.name}: {exc}") from exc

    def page_files(self, page: Page, history: History | None = None,
                   related: list[list[str]] | None = None) -> dict[str, str]:
        """File name (relative to the output folder) -> content, for one page. ``history`` is what the
        build's state says about the record; ``related`` lists ``[id, title]`` of related trials."""
        stem = f"trials/{page.id}"
        context = {"page": page, "trial": page.trial, "history": history, "related": related or []}
        front_matter = _front_matter(page, history) + "\n" + _related_yaml(related or [])
        return {
            f"{stem}.html": self._render(self.html, **context),
            f"{stem}.md": self._render(self.markdown, **context, front_matter=front_matter),
            f"{stem}.json": page_json_text(page, history),
        }

    def with_related(self, name: str, text: str, related: list[list[str]]) -> str | None:
        """``text`` of page file ``name`` with its related-trials block showing ``related``; None
        when the file has no such block (JSON, or a workspace template without the markers)."""
        if name.endswith(".html"):
            start, end = text.find(RELATED_START), text.find(RELATED_END)
            if start < 0 or end < start:
                return None
            start += len(RELATED_START)
            return text[:start] + self._render(self.related_html, related=related) + text[end:]
        if name.endswith(".md"):
            close = text.find("\n---\n", 4)
            start = text.rfind("\nrelated:", 0, close)
            if not text.startswith("---\n") or start < 0:
                return None
            return text[:start + 1] + _related_yaml(related) + text[close:]
        return None

    def site_page(self, template: str, **context: Any) -> str:
        """One of the site's own pages (listings, feeds, sitemaps) from ``templates/<template>``."""
        try:
            loaded = self.env.get_template(template)
        except jinja2.TemplateError as exc:
            raise TemplateError(f"site template {template}: {exc}") from exc
        return self._render(loaded, **context)

    def index_page(self, entries: list[dict[str, Any]], totals: dict[str, Any], generated: str,
                   nav: dict[str, Any] | None = None) -> str:
        """The site's home page: the totals and the first page of studies (``nav`` links the others)."""
        return self._render(self.index, entries=entries, totals=totals, generated=generated, nav=nav)


def _front_matter(page: Page, history: History | None = None) -> str:
    trial = page.trial
    data = {
        "id": trial.id,
        "nct_id": trial.nct_id,
        "title": trial.title,
        "status": trial.overall_status,
        "generated": page.generated,
        "source": trial.source,
        "grade": round(page.readability.fk_grade, 1) if page.readability else None,
    }
    if history is not None:
        data.update(first_seen=history.first_seen, last_updated=history.updated, updates=history.updates)
    return "\n".join(f"{key}: {yaml_scalar(value)}" for key, value in data.items())


def _related_yaml(related: list[list[str]]) -> str:
    """The front matter's last key, ``related``: the block :meth:`Renderer.with_related` replaces."""
    if not related:
        return "related: []"
    return "related:\n" + "\n".join(f"- id: {yaml_scalar(record_id)}\n  title: {yaml_scalar(title)}"
                                     for record_id, title in related)


# Characters YAML does not allow raw in a double-quoted scalar (non-printable ones) or reads as line
# breaks (NEL, LS, PS): written as \u escapes, which YAML's double-quoted style shares with JSON.
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


_YAML_PLAIN = re.compile(r"[A-Za-z][\w .,()/'+-]*(?<! )")
_YAML_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})


def yaml_scalar(value: str | int | float | None) -> str:
    """One front-matter value as YAML. A string is written plain when it is letters, digits and
    simple punctuation that YAML reads back as that string ("Clinical Study Of Migraine"), else
    double-quoted with JSON's escapes (YAML's double-quoted style is a superset), so no title can
    turn into a number, a date, a list or a second key. PyYAML's representer does the same at a
    tenth of the speed."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if _YAML_PLAIN.fullmatch(value) and value.lower() not in _YAML_WORDS:
        return value
    text = json.dumps(value, ensure_ascii=False)
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)
