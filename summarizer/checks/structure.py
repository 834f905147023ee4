"""Required sections and disclaimers: ``section.missing``, ``section.empty``, ``disclaimer.missing``, ``disclaimer.link``.

Pages from ``build`` mark each disclaimer with its id. A hand-written page has no ids, so a
required disclaimer also counts as present when the page's text says it in the usual words
(``_SAYS``): "not medical advice", "may miss details", "talk to your doctor", "written by a
computer program". The ``may_miss_details`` link must point at the record's registry page
(``registry_url`` of the config), ignoring ``www.``, ``http``/``https``, a trailing slash, a query or a fragment.
What counts is the link's target (``DocDisclaimer.link``: the ``href``, the Markdown target, the
JSON ``link``), never a URL in its visible text: ``[the record](https://elsewhere)`` fails. A
hand-written page without marked disclaimers passes when any link target on it (``CheckDocument.links``) is the record.
"""
from __future__ import annotations

import re

from .base import CheckRun

_SAYS = {
    "not_medical_advice": re.compile(r"\bnot (?:a substitute for )?(?:professional |personal )?medical advice|\bfor information only|\binformational only", re.I),
    "may_miss_details": re.compile(r"\b(?:may|might|can|could) (?:miss|leave out|not (?:capture|include|cover|show))|\bdoes not (?:capture|cover) everything", re.I),
    "talk_to_doctor": re.compile(r"\b(?:talk|speak) (?:to|with) (?:your|a) (?:doctor|health ?care|care team|nurse)|\bask your doctor", re.I),
    "automated": re.compile(r"\b(?:computer|program|software|automatically|automated)\b[^.]{0,60}?\b(?:wrote|written|generated|created|made)\b"
                            r"|\b(?:wrote|written|generated|created|made) (?:automatically|by (?:a )?(?:computer|program|software))", re.I),
}
_URL_PARTS = re.compile(r"^(?:https?://)?(?:www\.)?([^?#]*?)/*(?:[?#].*)?$", re.I)


def _same_page(url: str, expected: str) -> bool:
    def canonical(value: str) -> str:
        match = _URL_PARTS.match(value.strip())
        return (match.group(1) if match else value).lower()
    return canonical(url) == canonical(expected)


def run(page: CheckRun) -> None:
    doc, config = page.doc, page.config
    for section_id in config.required_sections:
        section = doc.section(section_id)
        if section is None:
            page.report("section.missing", f"The page has no '{section_id}' section. Add it; when the record lacks "
                        "the data, say so plainly (\"The study record does not say ...\").", value=section_id)
    for prose in page.prose:
        if prose.section.id in config.required_sections and prose.word_count == 0:
            page.report("section.empty", f"The '{prose.section.id}' section has no text. Write it, or say plainly "
                        "that the study record does not give this information.", section=prose.section)

    marked = {d.id: d for d in doc.disclaimers}
    page_text = None
    for disclaimer_id in config.required_disclaimers:
        disclaimer = marked.get(disclaimer_id)
        if disclaimer is not None and disclaimer.text.strip():
            continue
        if disclaimer is None and disclaimer_id in _SAYS:
            page_text = page_text or "\n".join([page.page_text, *(d.text for d in doc.disclaimers)])
            if _SAYS[disclaimer_id].search(page_text):
                continue
        what = "is empty" if disclaimer is not None else "is missing"
        page.report("disclaimer.missing", f"The required disclaimer '{disclaimer_id}' {what}. Every page must carry "
                    f"it: {', '.join(config.required_disclaimers)}.", line=disclaimer.line if disclaimer else None,
                    value=disclaimer_id)

    if doc.nct_id and "may_miss_details" in config.required_disclaimers:
        expected = config.registry_url.format(nct_id=doc.nct_id)
        disclaimer = marked.get("may_miss_details")
        if disclaimer is not None:
            links = [disclaimer.link] if disclaimer.link else []
            line = disclaimer.line
        else:  # a hand-written page: a link to the record anywhere on it will do
            links = list(doc.links)
            line = None
        if not any(_same_page(link, expected) for link in links):
            found = f" (it links {links[0]})" if links else ""
            page.report("disclaimer.link", f"The 'may_miss_details' disclaimer must link the study record, "
                        f"{expected}{found}.", line=line, value=links[0] if links else None, threshold=expected)
