"""How trial pages are worded: furniture and boilerplate, section headings, labels, names.

The values under labels are normalised by :mod:`.values`.
"""
from __future__ import annotations

import re

_I = re.IGNORECASE

# --------------------------------------------------------------------------- page furniture

# A whole line that is page furniture: alt text, buttons, form fields, ad slots, badges.
JUNK_LINE = re.compile(
    r"(?:image|photo|picture|logo|icon|(?:\w+ )?avatar|advertisement|ad|sponsored content|"
    r"read more|show (?:more|less)|see more|sign ?up|log ?in|sign ?in|share|print|menu|"
    r"skip to (?:main )?content|back to (?:top|search|results)|powered by .{1,40}|contact|send|submit|"
    r"close|(?:first |last )?name\*?|e-?mail(?: address)?\*?|phone(?: number)?\*?|"
    r"other languages?(?: supported)?:?|find a (?:clinic|site|location|study center) near you)",
    _I,
)
# A line containing any of these is site copy, never a fact about the trial.
BOILERPLATE = re.compile(
    r"\{\{|\{%|fake ad|ad slot|by submitting|terms of (?:use|service)|privacy policy|"
    r"sign up (?:to|for)|get notified|get updates|subscribe|newsletter|be notified|notified about|"
    r"get in touch|private note|notes visible only|passcode|select a piece of text|"
    r"takes no responsibility|informational only|not medical advice|our safety recommendation|"
    r"enter your contact details|all rights reserved|©",
    _I,
)
# Site copy that explains a section to the reader ("Review the sponsor-provided synopsis ...").
EXPLAINER = re.compile(
    r"^(?:review|get|dive|see|understand|learn|check|meet|identify|explore|reach|find|discover|browse|view)"
    r"\s+(?:the|a|an|how|where|what|who|whether|about|into|out|each|these|this|all|more|additional|our)\b.*[.!]$"
    r"|\bregistrant\b|\bthis trial relates to\b|\bas listed by\b",
    _I,
)
# Sentences that quote or name someone: nothing in them may reach a Trial.
ATTRIBUTED = re.compile(
    r"[\"“”]|\b(?:Dr|Prof|Mr|Mrs|Ms)\.?\s+[A-Z]|\baccording to\b|\b(?:said|says|stated|commented|told|"
    r"emphasi[sz]e[sd]?)\b|\b[A-Z][a-z]+\s+[A-Z][a-z]+,\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:researcher|professor|doctor|physician|scientist|director|author|[a-z]+olog(?:ist|ists))\b",
)
QUESTION_HEADING = re.compile(
    r"^(?:What|Why|How|Who|Where|When|Which|Is|Are|Do|Does|Can|Will|Should|Could)\b[^.]*$|^[^.]*\?$",
)


def is_furniture(text: str) -> bool:
    return bool(JUNK_LINE.fullmatch(text) or BOILERPLATE.search(text) or EXPLAINER.search(text))


def is_prose(text: str) -> bool:
    """Sentences rather than a name or a heading (a long line may end by introducing a list)."""
    words = len(text.split())
    ending = text[-1:] in ".!?;)]" or (text[-1:] == ":" and words >= 12)
    return words >= 6 and ending and not QUESTION_HEADING.match(text)


# --------------------------------------------------------------------------- section headings

HEADINGS: tuple[tuple[str, str], ...] = (
    ("skip", r"faqs?|frequently asked questions|learn more about clinical trials|disclaimer(?: read more)?|"
             r"get updates|get notified about this (?:study|trial)|sign up.*|send a message|add a private note|"
             r"share(?: this (?:page|study|trial))?|tags|(?:more )?(?:related|similar|recommended) (?:trials|studies)|"
             r"you (?:may|might) also (?:like|be interested in).*|study results|results(?: pending)?|"
             r"no results (?:posted|available)|references|citations|publications|comments"),
    ("facts", r"(?:basic|key|general|study|trial) (?:information|info|details|facts)|at a glance|quick facts"),
    ("summary", r"(?:brief |study |trial |lay |plain[- ]language )?summary|(?:study |trial )?overview|"
                r"(?:study |trial )?purpose|purpose of (?:the|this) (?:study|trial)|"
                r"what is the purpose of (?:the|this) (?:study|trial)|what is (?:the|this) (?:study|trial) about|"
                r"about (?:the|this) (?:study|trial)"),
    ("description", r"(?:detailed |study |trial )?description|background"),
    ("conditions", r"conditions?|conditions? (?:or|and) diseases?|diseases?|conditions? studied|health conditions?"),
    ("interventions", r"interventions?|interventions?/treatments?|study (?:treatments?|drugs?|medications?)|"
                      r"active (?:substances?|ingredients?)|"
                      r"what (?:are|is) the treatments? (?:being )?tested in (?:the|this) (?:study|trial)"),
    ("arms", r"(?:study |trial |participant |treatment )?(?:groups|arms|cohorts)|arms? (?:and|&) interventions|"
             r"arm groups?"),
    ("design", r"(?:study |trial )?design(?: details)?"),
    ("inclusion", r"(?:[\w-]+ ){0,3}inclusion criteria(?: \([^)]*\))?|you (?:may|might|can) (?:be able to )?(?:join|take part) if.*"),
    ("exclusion", r"(?:[\w-]+ ){0,3}exclusion criteria(?: \([^)]*\))?|who can(?:not|'t) join|"
                  r"you (?:may|might|can)(?:not|'t) (?:join|take part) if.*"),
    ("eligibility", r"eligibility(?: criteria)?|participation (?:criteria|requirements)|"
                    r"who can (?:join|participate|take part)(?: in (?:the|this) (?:study|trial))?|"
                    r"are you a good fit for (?:the|this) (?:study|trial)|who is eligible|(?:study )?criteria"),
    ("primary_outcomes", r"primary (?:outcomes?|end ?points?)(?: measures?)?"),
    ("secondary_outcomes", r"secondary (?:outcomes?|end ?points?)(?: measures?)?"),
    ("outcomes", r"(?:study )?(?:outcomes?|end ?points?)(?: measures?)?|what (?:is|are) being measured"),
    ("sponsor", r"(?:lead )?sponsors?(?: and collaborators)?|sponsored by|collaborators?|funders?|funding|"
                r"who is (?:running|sponsoring|funding|conducting) (?:the|this) (?:clinical )?(?:study|trial)"),
    ("officials", r"(?:principal |lead |study )?investigators?|study officials?|overall officials?|"
                  r"(?:the )?research team|who is on the research team|responsible party|study team"),
    ("contacts", r"(?:study |central |primary |trial )?contacts?(?: information| details)?"),
    ("locations", r"(?:study |trial )?locations?|(?:study |trial |participating )?(?:sites|centers|centres)|"
                  r"contacts? and locations?|where (?:is|does) (?:the|this) (?:study|trial) (?:take place|run|happen)"),
    ("countries", r"countries|country"),
    ("other_ids", r"other (?:study )?(?:identifiers|ids?)|secondary ids?|org(?:anization)? study ids?|identifiers"),
)
_HEADING_PATTERNS = tuple((kind, re.compile(pattern, _I)) for kind, pattern in HEADINGS)
_HEADING_TRIM = re.compile(r"[\s:?!.]+$")


def heading_kind(text: str) -> str | None:
    """The section kind a line announces, if it is one of the headings trial pages use."""
    heading = _HEADING_TRIM.sub("", text.replace("&", "and")).strip()
    if not heading or len(heading) > 80:
        return None
    return next((kind for kind, pattern in _HEADING_PATTERNS if pattern.fullmatch(heading)), None)


# --------------------------------------------------------------------------- labelled values

LABELS: tuple[tuple[str, str], ...] = (
    ("official_title", r"official title"),
    ("acronym", r"acronym"),
    ("overall_status", r"(?:overall |recruitment |recruiting |study |trial )?status"),
    ("phases", r"(?:clinical |study |trial )?phases?"),
    ("study_type", r"study (?:type|classification)|type of (?:study|trial)"),
    ("enrollment", r"(?:total |target |estimated |anticipated |actual |planned )?enrol?lment(?: \((?:estimated|actual)\))?|"
                   r"number of (?:participants|subjects|patients)|sample size"),
    ("start_date", r"(?:study |actual |estimated |anticipated )?start(?: date)?"),
    ("primary_completion_date", r"(?:estimated |actual |anticipated )?primary completion(?: date)?"),
    ("completion_date", r"(?:study |estimated |actual |anticipated )?completion(?: date)?"),
    ("first_posted", r"first posted|(?:study )?first posted(?: date)?"),
    ("last_update", r"last updated?(?: posted)?(?: date)?|last update posted"),
    ("design.allocation", r"allocation(?: method)?"),
    ("design.intervention_model", r"intervention(?:al)? model|study model|design model"),
    ("design.primary_purpose", r"(?:primary )?(?:study )?purpose"),
    ("design.masking", r"masking|blinding(?: strategy)?"),
    ("eligibility.min_age", r"min(?:imum)?\.? (?:eligible )?age"),
    ("eligibility.max_age", r"max(?:imum)?\.? (?:eligible )?age"),
    ("eligibility.ages", r"ages?(?: eligible(?: for study)?)?|age range|eligible ages?"),
    ("eligibility.sex", r"(?:eligible )?(?:sex(?:es)?|genders?)(?: eligible(?: for study)?)?"),
    ("eligibility.healthy_volunteers", r"(?:accepts )?healthy volunteers"),
)
LABEL_PATTERNS = tuple(
    (field, re.compile(rf"(?P<label>{pattern})(?:\s*[:：]\s*|\s+|$)(?P<value>.*)", _I)) for field, pattern in LABELS
)

# --------------------------------------------------------------------------- names of things

ORG_WORDS = re.compile(
    r"\b(?:hospitals?|h[oô]pital|clinics?|universit\w*|institut\w*|cent(?:er|re)s?|college|foundation|department|"
    r"school|inc|ltd|llc|gmbh|corp\w*|company|pharma\w*|therapeutics|biosciences?|biotech\w*|laborator\w*|"
    r"association|society|network|ministry|council|trust|health|medical|research|agency|nhs|infirmary)\b",
    _I,
)
PERSON_NAME = re.compile(
    r"(?:(?:Dr|Prof|Professor)\.?\s+)?(?P<name>[A-Z][A-Za-z'’-]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][A-Za-z'’-]+){1,3})"
    r"(?P<degrees>(?:\s*,\s*(?:M\.?D\.?|Ph\.?D\.?|M\.?P\.?H\.?|M\.?S\.?c?|R\.?N\.?|D\.?O\.?|MBBS|FRCP|PharmD|BSc|MSc|Dr))*)"
)
NOT_NAME_WORDS = re.compile(
    r"\b(?:investigators?|avatar|contacts?|principal|role|study|trial|team|sponsor|lead|primary|site|status|"
    r"phone|email|name|language|information|details|criteria|group|type|unknown)\b",
    _I,
)
TITLES_AND_DEGREES = re.compile(r"(?:Dr|Prof|Professor|MD|PhD|M\.D\.|Ph\.D\.)\.?", _I)


def person_name(text: str) -> str | None:
    """The line as a person's name ("Anthony Fernandez, MD"), or None when it is not one."""
    match = PERSON_NAME.fullmatch(text.strip())
    if not match or ORG_WORDS.search(text) or NOT_NAME_WORDS.search(match["name"]):
        return None
    return text.strip()


def is_organisation(text: str) -> bool:
    return bool(ORG_WORDS.search(text)) and len(text.split()) <= 14 and text[-1:] not in ".!?"
