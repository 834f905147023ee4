"""Page -> HTML, Markdown and JSON; and the site index. Jinja2 with autoescape and StrictUndefined."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jinja2
import yaml
from markupsafe import Markup, escape

from .checks.config import CheckConfig
from .errors import TemplateError
from .models import Page, Section
from .workspace import search_path

JSON_INDENT = 2


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
    words = []
    for word in text.split(" "):
        if word.startswith(("https://", "http://")):
            url = word.rstrip(".,)")
            tail = word[len(url):]
            words.append(Markup('<a href="{0}">{0}</a>{1}').format(url, tail))
        else:
            words.append(escape(word))
    return Markup(" ").join(words)


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


def page_json(page: Page) -> dict[str, Any]:
    """The JSON page contract of DESIGN.md."""
    trial = page.trial
    facts = trial.model_dump(mode="json", exclude={"provenance", "source"})
    return {
        "nct_id": trial.nct_id,
        "id": trial.id,
        "title": trial.title,
        "generated": page.generated,
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
            autoescape=jinja2.select_autoescape(["html", "html.j2"], default_for_string=True),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters["html"] = text_to_html
        self.env.filters["blocks"] = blocks
        self.env.globals["json_ld"] = json_ld
        self.env.globals["preview"] = preview
        if preview:
            from .diagnostics import add_diagnostics

            add_diagnostics(self.env, check or CheckConfig(), workspace)
        try:
            self.html = self.env.get_template("page.html.j2")
            self.markdown = self.env.get_template("page.md.j2")
            self.index = self.env.get_template("index.html.j2")
        except jinja2.TemplateError as exc:
            raise TemplateError(f"page template: {exc}") from exc

    def _render(self, template: jinja2.Template, **context: Any) -> str:
        try:
            return template.render(**context)
        except jinja2.TemplateError as exc:
            raise TemplateError(f"{template.name}: {exc}") from exc

    def page_files(self, page: Page) -> dict[str, str]:
        """File name (relative to the output folder) -> content, for one page."""
        stem = f"trials/{page.id}"
        return {
            f"{stem}.html": self._render(self.html, page=page, trial=page.trial),
            f"{stem}.md": self._render(self.markdown, page=page, trial=page.trial, front_matter=_front_matter(page)),
            f"{stem}.json": json.dumps(page_json(page), ensure_ascii=False, indent=JSON_INDENT, sort_keys=False) + "\n",
        }

    def index_page(self, entries: list[dict[str, Any]], totals: dict[str, Any], generated: str) -> str:
        return self._render(self.index, entries=entries, totals=totals, generated=generated)


def _front_matter(page: Page) -> str:
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
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True).strip()
