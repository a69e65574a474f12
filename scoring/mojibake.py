"""Mojibake repair: UTF-8 text that was decoded as Latin-1 or cp1252 somewhere upstream
("â€œ" for "“", "itâ€™s" for "it’s", "Â" before a no-break space).

Web pages and corpora carry it (80 of buzzfeed_webis_2016's articles, stored as XML
character references). It hides every curly quote and apostrophe from the parser, so
quotations go uncounted and words split. ftfy repairs it; a cheap pattern first looks for
the signature of a UTF-8 lead byte read as a character of its own, so that clean text,
nearly all of it, is never handed to ftfy (nor ftfy imported).
"""

from __future__ import annotations

import re

# A lead byte of a multi-byte UTF-8 sequence read as Latin-1 or cp1252 (Â to ô), then a
# continuation byte read the same way: U+0080 to U+00BF, or cp1252's reading of 0x80 to
# 0x9F (€ ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ). Clean text matches rarely
# ("José’s"), and ftfy then leaves it as it is.
_SIGNATURE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6"
    "\u02dc\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a"
    "\u20ac\u2122]"
)

WARNING = "repaired mojibake: UTF-8 text that had been decoded as Latin-1 or cp1252"


def repaired(text: str) -> str | None:
    """``text`` with its mojibake repaired, or None when it has none."""
    if not _SIGNATURE.search(text):
        return None
    import ftfy  # lazily: only text with the signature needs it

    fixed = ftfy.fix_encoding(text)
    return None if fixed == text else fixed
