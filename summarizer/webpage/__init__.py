"""Pieces of the web-page extractor (see :mod:`summarizer.extract_webpage` for the entry point).

- :mod:`.text`: the page as numbered lines, each with a cleaned copy (no template placeholders,
  masked contact details, footnote digits or Markdown escapes) that maps back to the page text,
  so every value carries a provenance span.
- :mod:`.vocab`: what page furniture, boilerplate, headings, labels and names look like;
  :mod:`.values`: registry values as pages word them, normalised to the API v2 spelling.
- :mod:`.layout`: headings split the page into sections; labelled values ("Label" then value,
  "Label: value", "Label value") are found wherever they sit.
- :mod:`.entries` and :mod:`.people`: the list-like sections (eligibility, interventions, arms,
  outcomes; sponsors, investigators, contacts, locations).
- :mod:`.prose`: facts stated in sentences about the study itself ("15 adults with ...",
  "As a Phase 2 trial", "open-label, single-arm study") and in the page's title.
"""
