"""What loading produces: one :class:`Article` or one :class:`LoadError` per input item."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Article:
    """One article to score.

    ``text`` is exactly what was read (after decoding), so evidence offsets index into it.
    ``input`` says where it came from: ``path`` for a whole file, ``path:line`` for a JSONL
    line, ``path:row`` for a CSV or Parquet data row (1-based, header not counted).
    ``warnings`` are one-line notes that did not stop loading, e.g. ``decoded as cp1252``.
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


@dataclass(frozen=True, slots=True)
class LoadError:
    """An input item that could not be loaded: where, why (one line), and its id if known."""

    input: str
    error: str
    id: str | None = None
