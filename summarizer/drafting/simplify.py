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


class PlainWords:
    """Whole-word, case-keeping replacement of hard words, compiled once."""

    def __init__(self, mapping: dict[str, str]):
        self.mapping = mapping
        keys = sorted(mapping, key=len, reverse=True)
        self.pattern = re.compile(r"\b(" + "|".join(re.escape(k) for k in keys) + r")\b", re.IGNORECASE) if keys else None

    def apply(self, text: str, protected: Iterable[str] = ()) -> str:
        """``text`` with hard words replaced, except inside the protected names."""
        if self.pattern is None:
            return text
        spans = [(m.start(), m.end()) for name in protected if name
                 for m in re.finditer(re.escape(name), text, re.IGNORECASE)]

        def swap(match: re.Match[str]) -> str:
            plain = self.mapping[match.group(0).lower()]
            if any(start <= match.start() < end for start, end in spans) or (
                    " " in plain and text.startswith(" of ", match.end())):
                return match.group(0)  # a name, or "efficacy of X" that "how well it works" cannot replace
            return plain[:1].upper() + plain[1:] if match.group(0)[:1].isupper() else plain

        return self.pattern.sub(swap, text)


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
