"""Self-checking drafts: when a section reads above the target, try the simpler phrasings.

The rules drafter renders each prose section once (variant ``default``). When its grade is above
the target (the unadjusted Flesch-Kincaid grade, the same scoring textstat reproduces), it
renders the section's ``short`` and then ``minimal`` variants (the templates name fewer things
per sentence and drop optional sentences), each also with hard words swapped for the plain words of
``prompts/plain_words.yaml`` (``+plain-words``), and keeps the first variant that meets the
target, or else the easiest one. Swaps never touch the trial's own names, so facts stay as the
record has them.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from ..readability import score

SCORED_SECTIONS = frozenset({"summary", "what_it_could_mean", "what_could_go_wrong", "who_can_join", "what_happens"})
VARIANTS = ("default", "short", "minimal")


_WORD_RUN = re.compile(r"\w+")


class PlainWords:
    """Whole-word, case-keeping replacement of hard words (``\\b(key|...)\\b``, longest key first,
    ignoring case), found by looking each word of the text up by the first word of the keys: one
    regex of 381 alternatives scanned every position of every candidate text before."""

    def __init__(self, mapping: dict[str, str]):
        self.mapping = {key.lower(): plain for key, plain in mapping.items()}
        self.by_first: dict[str, list[str]] = {}
        for key in sorted(self.mapping, key=len, reverse=True):
            first = _WORD_RUN.match(key)
            if first:
                self.by_first.setdefault(first.group(0), []).append(key)

    def _matches(self, text: str) -> list[tuple[int, int]]:
        found, lowered, after = [], text.lower(), 0
        if len(lowered) != len(text):
            lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
        for word in _WORD_RUN.finditer(lowered):
            start = word.start()
            keys = self.by_first.get(word.group(0)) if start >= after else None
            for key in keys or ():
                end = start + len(key)
                if lowered.startswith(key, start) and (end == len(text) or not _WORD_RUN.match(text, end)):
                    found.append((start, end))
                    after = end
                    break
        return found

    def apply(self, text: str, protected: Iterable[str] = ()) -> str:
        """``text`` with hard words replaced, except inside the protected names."""
        matches = self._matches(text) if self.by_first else []
        if not matches:
            return text
        spans = _spans(text, protected)
        pieces, last = [], 0
        for start, end in matches:
            written = text[start:end]
            plain = self.mapping[written.lower()]
            if any(a <= start < b for a, b in spans) or (" " in plain and text.startswith(" of ", end)):
                continue  # a name, or "efficacy of X" that "how well it works" cannot replace
            pieces += [text[last:start], plain[:1].upper() + plain[1:] if written[:1].isupper() else plain]
            last = end
        return "".join(pieces) + text[last:] if pieces else text


def _spans(text: str, names: Iterable[str]) -> list[tuple[int, int]]:
    """(start, end) of every case-insensitive occurrence of each name in ``text``."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a letter whose lowercase is longer: offsets would drift
        return [(m.start(), m.end()) for name in names if name
                for m in re.finditer(re.escape(name), text, re.IGNORECASE)]
    spans = []
    for name in names:
        needle, start = name.lower(), 0
        while needle and (at := lowered.find(needle, start)) >= 0:
            spans.append((at, at + len(needle)))
            start = at + len(needle)
    return spans


def grade(text: str) -> float:
    return score(text).raw_fk_grade


def simplest(
    render: Callable[[str], str],
    plain: PlainWords,
    names: list[str],
    target: float,
) -> tuple[str, str]:
    """The first variant of a section at or below ``target``, else the easiest: (text, variant)."""
    first = render("default")
    if grade(first) <= target:
        return first, "default"
    best: tuple[float, str, str] | None = None
    for variant in VARIANTS:
        text = first if variant == "default" else render(variant)
        for candidate, name in ((text, variant), (plain.apply(text, names), f"{variant}+plain-words")):
            if name.endswith("plain-words") and candidate == text:
                continue
            value = grade(candidate)
            if value <= target:
                return candidate, name
            if best is None or value < best[0]:
                best = (value, candidate, name)
    assert best is not None
    return best[1], best[2]
