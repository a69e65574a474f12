"""Whether a text looks English: the features and the model are built for English news."""

from __future__ import annotations

import re
from functools import lru_cache

from sourcecheck.features import lexicon
from sourcecheck.features.document import Document

MIN_WORDS = 20
MIN_ENGLISH_SHARE = 0.12
# A text in a script written without spaces (Chinese, Japanese, Thai) has few "words": it
# is judged by its letters instead, once it has this many.
MIN_LETTERS = 60
MIN_LATIN_SHARE = 0.5
_LETTER = re.compile(r"[^\W\d_]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


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


def latin_share(text: str) -> tuple[int, float]:
    """How many letters ``text`` has, and the share of them in the Latin script."""
    letters = len(_LETTER.findall(text))
    return letters, len(_LATIN.findall(text)) / letters if letters else 0.0


def language_warning(doc: Document, lexicon_dir: str | None = None) -> str | None:
    """A one-line warning when a text of some length does not look English, else None."""
    if doc.n_words < MIN_WORDS:
        letters, latin = latin_share(doc.text)  # cheap: a short text
        if letters < MIN_LETTERS or latin >= MIN_LATIN_SHARE:
            return None
        return (
            f"the text is not in the Latin alphabet ({latin:.0%} of its letters): it was "
            "scored, but the model is built for English news"
        )
    found = english_share(doc, lexicon_dir)
    if found >= MIN_ENGLISH_SHARE:
        return None
    return (
        f"the text does not look English ({found:.0%} common English words, English news has "
        "about 40%): it was scored, but the model is built for English news"
    )
