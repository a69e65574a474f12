"""The JSON records of DESIGN.md: one per input item, scored or not."""

from __future__ import annotations

import math
from typing import Any

from sourcecheck.features.base import FamilyResult
from sourcecheck.scoring.articles import Article, LoadError, valid_unicode

# The field order of DESIGN.md's record; fields a record lacks are skipped.
FIELD_ORDER = (
    "id",
    "input",
    "status",
    "error",
    "warnings",
    "score",
    "band",
    "features",
    "intercept",
    "contributions",
    "reasons",
    "evidence",
    "text",
)


def put_in_order(record: dict[str, Any]) -> None:
    """Reorder ``record``'s fields in place as DESIGN.md lists them (others go last)."""
    items = sorted(
        record.items(),
        key=lambda item: FIELD_ORDER.index(item[0]) if item[0] in FIELD_ORDER else len(FIELD_ORDER),
    )
    record.clear()
    record.update(items)


def finite_or_none(value: float) -> float | None:
    """A feature value for JSON: NaN (nothing to measure) becomes null."""
    return None if math.isnan(value) else value


def article_record(
    article: Article, result: FamilyResult, *, evidence: bool, with_article: bool = False
) -> dict[str, Any]:
    """An ``ok`` record with the article's features, and its evidence when asked for.

    ``with_article`` adds the text, title and source, for reports that show the evidence
    in place and group articles by outlet.
    """
    record: dict[str, Any] = {
        "id": record_id(article),
        "input": valid_unicode(article.input),
        "status": "ok",
        "error": None,
    }
    warnings = [*article.warnings, *_name_warning(article)]
    if warnings:
        record["warnings"] = warnings
    record["features"] = {name: finite_or_none(value) for name, value in result.features.items()}
    if evidence:
        record["evidence"] = [ev.to_record(article.text) for ev in result.evidence]
        if article.derived:
            # Offsets index a text that is not the input as stored: the record carries it.
            record["text"] = article.text
    if with_article:
        record["text"] = article.text
        about = {"title": article.title, "source": article.source}
        record.update({key: value for key, value in about.items() if value})
    return record


def record_id(item: LoadError | Article) -> str:
    """The id a record carries: the item's own, else where it came from (valid Unicode,
    so a file name with bytes that are not UTF-8 can be written)."""
    return valid_unicode(item.id if item.id is not None else item.input)


#: Why an item's name differs from its file's: its undecodable bytes had to be repaired.
UNDECODABLE_NAME = (
    "the file name or id is not valid Unicode: its undecodable bytes are shown as U+FFFD"
)


def _name_warning(item: LoadError | Article) -> list[str]:
    """A warning when the item's id or path had to be repaired to be written (so a user
    looking for the file by its record's name knows why it is not found as written)."""
    names = (item.input, item.id or "")
    if all(valid_unicode(name) == name for name in names):
        return []
    return [UNDECODABLE_NAME]


def error_record(item: LoadError | Article, error: str) -> dict[str, Any]:
    """An ``error`` record: the item could not be scored, for a one-line reason."""
    return {
        "id": record_id(item),
        "input": valid_unicode(item.input),
        "status": "error",
        "error": error,
        **({"warnings": warnings} if (warnings := _name_warning(item)) else {}),
    }
