"""Warnings for text that silently defeats extraction: characters that split words.

The extractors' words are runs of letters and digits, so a combining accent written as a
character of its own ("Mu\u0308ller", not NFC) or an invisible character inside a word
("infor\u00admation", a soft hyphen) splits it, and the lexicons and name finders miss it.
The text is not changed: evidence offsets index it exactly as read; the record says why
its measurements may be low instead. Both checks cost one quick pass over clean text.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

# Zero-width space, non-joiner and joiner, word joiner, a byte-order mark past the start,
# and the soft hyphen. One character class: clean text costs one fast scan.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")
# Counted only inside a word: a lone soft hyphen splits nothing, and the zero-width joiner
# also binds emoji sequences, which hold no words.
_INSIDE_WORDS_ONLY = frozenset("\u00ad\u200d")
_WORD = re.compile(r"\w")


def decomposed_warning(text: str) -> str | None:
    """A warning when NFC would compose some of ``text``'s letters with their accents."""
    if unicodedata.is_normalized("NFC", text):
        return None
    # Only composition shortens the text; a singleton such as the Ångström sign, which NFC
    # replaces one for one, is a letter already and splits nothing.
    marks = len(text) - len(unicodedata.normalize("NFC", text))
    if marks <= 0:
        return None
    marked = "mark" if marks == 1 else "marks"
    return (
        f"the text is not Unicode NFC ({marks} accent {marked} apart from their letters, as "
        "in 'u' + U+0308 for 'ü'): words with them are split and not recognised; normalise "
        "the text to NFC"
    )


def invisible_warning(text: str) -> str | None:
    """A warning naming the invisible characters that split words in ``text``, and how
    many of each (one at the very start, a byte-order mark, splits nothing)."""
    found = Counter(
        match[0]
        for match in _INVISIBLE.finditer(text, 1)
        if match[0] not in _INSIDE_WORDS_ONLY or _inside_word(text, match.start())
    )
    if not found:
        return None
    kinds = ", ".join(
        f"{n} {unicodedata.name(char).lower()} (U+{ord(char):04X})"
        for char, n in found.most_common()
    )
    characters = "character" if found.total() == 1 else "characters"
    return (
        f"{found.total()} invisible {characters} inside the text ({kinds}): words they split "
        "are not recognised; remove them"
    )


def _inside_word(text: str, at: int) -> bool:
    """Whether word characters stand on both sides of ``text[at]``."""
    return bool(_WORD.match(text, at - 1) and _WORD.match(text, at + 1))
