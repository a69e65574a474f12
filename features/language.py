"""Whether a text looks English: the features and the model are built for English news."""

from __future__ import annotations

from sourcecheck.features import lexicon
from sourcecheck.features.document import Document

MIN_WORDS = 20
MIN_ENGLISH_SHARE = 0.12


def english_share(doc: Document, lexicon_dir: str | None = None) -> float:
    """Share of the words that are common English function words (0 for no words)."""
    if not doc.n_words:
        return 0.0
    found = lexicon.pattern("english_function_words", lexicon_dir).findall(doc.text)
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
