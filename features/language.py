"""Whether a text looks English: the features and the model are built for English news."""

from __future__ import annotations

import re
from functools import lru_cache

from sourcecheck.features import lexicon
from sourcecheck.features.document import Document

MIN_WORDS = 20
MIN_ENGLISH_SHARE = 0.12


@lru_cache(maxsize=16)
def _lowered_pattern(lexicon_dir: str | None) -> re.Pattern[str] | None:
    """The function-word pattern without IGNORECASE, for the lower-cased text (faster), or
    None when a phrase is not ASCII: lower-casing and the engine fold some letters apart."""
    phrases = lexicon.load("english_function_words", lexicon_dir)
    if not all(phrase.isascii() for phrase in phrases):
        return None
    return re.compile(lexicon.compile_phrases(phrases).pattern)


def english_share(doc: Document, lexicon_dir: str | None = None) -> float:
    """Share of the words that are common English function words (0 for no words)."""
    if not doc.n_words:
        return 0.0
    text, lowered = doc.text, doc.lowered
    lowered_pattern = _lowered_pattern(lexicon_dir)
    # Same matches on the lower-cased text unless lower-casing moves offsets ("İ") or the
    # text holds "ı"/"ſ", which the engine matches as "i"/"s" but lower() keeps.
    if lowered_pattern and len(lowered) == len(text) and "ı" not in text and "ſ" not in text:
        found = lowered_pattern.findall(lowered)
    else:
        found = lexicon.pattern("english_function_words", lexicon_dir).findall(text)
    return len(found) / doc.n_words


def language_warning(doc: Document, lexicon_dir: str | None = None) -> str | None:
    """A one-line warning when a text of some length does not look English, else None."""
    if doc.n_words < MIN_WORDS:
        return None
    found = english_share(doc, lexicon_dir)
    if found >= MIN_ENGLISH_SHARE:
        return None
    return (
        f"the text does not look English ({found:.0%} common English words, English news has "
        "about 40%): it was scored, but the model is built for English news"
    )
