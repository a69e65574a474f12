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
# Counted only against a Latin letter, with a Latin letter or a space on its other side
# (inside a word, or gluing one to a phrase's next word: "experts\u200b say"): a lone soft
# hyphen splits nothing, the zero-width joiner binds emoji sequences, and the non-joiner and
# the zero-width space are spelling in Persian, Urdu, Hindi or Thai.
_LATIN_LETTER = re.compile("[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]")
_LATIN_OR_SPACE = re.compile("[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\\s]")


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
        if _inside_latin_word(text, match.start())
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


def _inside_latin_word(text: str, at: int) -> bool:
    """Whether ``text[at]`` splits Latin text: a Latin letter on one side, a Latin letter or
    white space on the other."""
    before, after = at - 1, at + 1
    return bool(
        (_LATIN_LETTER.match(text, before) and _LATIN_OR_SPACE.match(text, after))
        or (_LATIN_OR_SPACE.match(text, before) and _LATIN_LETTER.match(text, after))
    )
