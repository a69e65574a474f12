"""Where a word of the lower-cased text opens with a phrase of the families' lexicons.

Attribution's cues, hedging's lexicons and verifiability's word stems were each found by
a scan of their own trie, led by the character before a word: the engine tries the trie
at every word, three times over. One scan of all their phrases (a look-ahead: it
consumes only the character before the word) finds every place where any of them opens
a word; each family then tries its own pattern there alone (see
:func:`document.matches_at`), which finds what its own scan found.
"""

from __future__ import annotations

import re
from functools import lru_cache

from sourcecheck.features import lexicon
from sourcecheck.features.document import Document


def phrase_openings(doc: Document, lexicon_dir: str | None = None) -> list[int]:
    """The offsets of ``doc.lowered`` where one of the phrases may open a word: 0, and each
    place after a character that is no ASCII word character where a phrase of attribution,
    hedging or verifiability's stems starts (sorted). A family's pattern that asserts a word
    break before its phrase can match at no other place."""
    return doc.memo(
        f"openings:{lexicon_dir}", lambda d: _scan(_opening_pattern(lexicon_dir), d.lowered)
    )


def _scan(pattern: re.Pattern[str], lowered: str) -> list[int]:
    return [0] + [match.end() for match in pattern.finditer(lowered)]


@lru_cache(maxsize=8)
def _opening_pattern(lexicon_dir: str | None) -> re.Pattern[str]:
    # Imported here: the families import this module.
    from sourcecheck.features import attribution, hedging, verifiability

    phrases = (
        attribution.cue_phrases(lexicon_dir)
        + hedging.scanned_phrases(lexicon_dir)
        + verifiability.WORD_STEMS
    )
    return re.compile(r"[^a-z0-9_](?=" + lexicon.trie_pattern(tuple(dict.fromkeys(phrases))) + ")")
