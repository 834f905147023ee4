"""Self-checking drafts: the variant chosen, and plain-word swaps that never touch the trial's names."""
from pathlib import Path

from summarizer.drafting import get_drafter
from summarizer.drafting.simplify import PlainWords, grade, simplest
from summarizer.extract import extract
from summarizer.readers import read_paths

RECORDS = Path(__file__).parent / "fixtures" / "records"
HARD = ("Participants administered investigational subcutaneous formulations demonstrated "
        "approximately equivalent pharmacokinetic characteristics notwithstanding considerable variability.")
EASY = "People got the new shot. It worked about the same for all of them."


def test_plain_words_swap_whole_words_keep_case_and_spare_names():
    plain = PlainWords({"participants": "people", "administered": "given", "efficacy": "how well it works"})
    assert plain.apply("Participants were administered it.") == "People were given it."
    assert plain.apply("The Participants Trial enrolled participants.", ["The Participants Trial"]) == \
        "The Participants Trial enrolled people."
    assert plain.apply("efficacy of the drug") == "efficacy of the drug"  # "how well it works of" is not English
    assert plain.apply("to measure efficacy.") == "to measure how well it works."
    # Names are spared in any case and at every occurrence, also where the text has a letter whose
    # lowercase is longer (offsets then come from a case-insensitive regex).
    assert plain.apply("PARTICIPANTS study: the Participants study enrolled participants.", ["participants study"]) == \
        "PARTICIPANTS study: the Participants study enrolled people."
    assert plain.apply("İ Participants study enrolled participants.", ["participants study"]) == \
        "İ Participants study enrolled people."


def test_simplest_keeps_default_when_it_meets_the_target():
    calls = []
    text, variant = simplest(lambda v: calls.append(v) or EASY, PlainWords({}), [], 8.0)
    assert (text, variant, calls) == (EASY, "default", ["default"])


def test_simplest_falls_back_to_the_short_variant():
    text, variant = simplest(lambda v: HARD if v == "default" else EASY, PlainWords({}), [], 8.0)
    assert variant == "short" and text == EASY


def test_simplest_tries_plain_words_and_else_keeps_the_easiest():
    plain = PlainWords({"participants": "people"})
    text, variant = simplest(lambda v: HARD, plain, [], 8.0)
    assert variant == "default+plain-words" and text.startswith("People administered")
    assert grade(text) <= grade(HARD)


def test_the_drafter_records_the_variant_it_chose_on_real_records():
    drafter = get_drafter("rules", target_grade=4.0)  # a strict target forces the simpler variants
    variants = set()
    for path in sorted(RECORDS.glob("NCT*")):
        (raw,) = read_paths([path])
        for section in drafter.draft(extract(raw)).sections:
            variants.add(section.variant)
            if section.id in ("where", "who_runs", "at_a_glance"):
                assert section.variant == "default"  # lists of names are not rephrased
    assert {"default", "short"} <= {v.split("+")[0] for v in variants}
    assert len(variants) > 2
