import re

from sourcecheck.features import attribution, verifiability
from sourcecheck.features.document import Document, matches_at
from sourcecheck.features.hedging import lexicon_matches
from sourcecheck.features.openings import phrase_openings

TEXT = (
    "Said the mayor: officials said it may rain. A well-known, court-ordered claim "
    "reportedly—according to two experts—says it all; “Experts believe,” she added. "
    "Three sources told reporters last week (http://example.com/said) that 2,000 people "
    "could've left.\nIt is believed that some analysts think so, said Doe's aide, earlier "
    "this month; x_said 5said o'said U.S.said it."
)


def test_each_family_finds_at_the_openings_what_its_own_scan_finds() -> None:
    doc = Document(TEXT)
    lowered, openings = doc.lowered, phrase_openings(doc)
    hedges = lexicon_matches(TEXT)
    assert len(hedges) > 5
    assert lexicon_matches(TEXT, lowered=lowered, openings=openings) == hedges
    cues = attribution._lexicons(None).cue_lower
    tried = [m.span() for m in matches_at(cues.plain, lowered, openings)]
    assert tried == [m.span() for m in cues.plain.finditer(lowered)]
    assert len(tried) > 5


def test_word_stems_are_the_openings_where_a_stem_starts() -> None:
    doc = Document(TEXT)
    lowered = doc.lowered
    stem = re.compile(verifiability._WORD_STEM.pattern)
    every = [
        at
        for at in range(len(lowered))
        if (at == 0 or re.match(r"[^a-z0-9_]", lowered[at - 1])) and stem.match(lowered, at)
    ]
    assert verifiability._word_stem_positions(doc) == every
