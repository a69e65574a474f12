"""What loading produces: one :class:`Article` or one :class:`LoadError` per input item."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Texts shorter than this are stubs and scrape failures: the training corpora leave them out.
MIN_WORDS = 50
_SURROGATE = re.compile("[\ud800-\udfff]")


def valid_unicode(text: str) -> str:
    """``text`` with each lone surrogate replaced by U+FFFD, one character for one, so
    offsets into it do not move. JSON's "\\ud800" escapes and file names with bytes that
    are not UTF-8 make them, and no output (UTF-8 JSON, CSV, Parquet, HTML) can write them."""
    return _SURROGATE.sub("\ufffd", text)


def escaped_surrogates(text: str) -> str:
    """``text`` with each lone surrogate as an escape: an undecodable byte of a file name
    (U+DC80..U+DCFF, as ``os.fsdecode`` keeps it) as ``\\xNN``, any other as ``\\uNNNN``.
    Unlike :func:`valid_unicode`, two names that differ only in those bytes stay apart."""
    return _SURROGATE.sub(_escape, text)


def _escape(surrogate: re.Match[str]) -> str:
    code = ord(surrogate[0])
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


@dataclass(frozen=True, slots=True)
class Article:
    """One article to score.

    ``text`` is exactly what was read (after decoding), so evidence offsets index into it.
    ``input`` says where it came from: ``path`` for a whole file, ``path:line`` for a JSONL
    line, ``path:row`` for a CSV or Parquet data row (1-based, header not counted).
    ``warnings`` are one-line notes that did not stop loading, e.g. ``decoded as cp1252``.
    ``derived`` says ``text`` is not the input's characters as stored (the main text of an
    HTML page, a text file after its byte-order mark was dropped, text whose mojibake was
    repaired), so a record with evidence carries it for its offsets.
    """

    id: str
    text: str
    input: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None
    label: int | None = None
    author: str | None = None
    warnings: tuple[str, ...] = ()
    derived: bool = False


@dataclass(frozen=True, slots=True)
class LoadError:
    """An input item that could not be loaded: where, why (one line), and its id if known."""

    input: str
    error: str
    id: str | None = None
