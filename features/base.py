"""What every feature family shares: its result type and its rate helpers.

No scikit-learn here: scoring imports the families, and must start fast. The
transformers live in :mod:`sourcecheck.features.transformers`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sourcecheck.features.evidence import Evidence


@dataclass(slots=True)
class FamilyResult:
    """A family's measurements of one Document: named numbers and their evidence."""

    features: dict[str, float]
    evidence: list[Evidence] = field(default_factory=list)


def per_100_words(count: float, n_words: int) -> float:
    """A count as a rate per 100 words (0 for an empty text)."""
    return 100.0 * count / n_words if n_words else 0.0


def share(part: float, whole: float) -> float:
    """``part / whole``, or NaN when there is nothing to share (the model imputes it)."""
    return part / whole if whole else float("nan")
