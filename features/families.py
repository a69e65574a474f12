"""The per-article feature families, and running them all on one Document.

Plain functions only (no scikit-learn): scoring runs them and must start fast. Their
scikit-learn transformers are in :mod:`sourcecheck.features.transformers`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter

from sourcecheck.features import attribution, hedging, verifiability
from sourcecheck.features.base import FamilyResult
from sourcecheck.features.corroboration import FEATURE_NAMES as CORROBORATION_NAMES
from sourcecheck.features.document import Document


@dataclass(frozen=True)
class Family:
    """A feature family: its columns and the function that measures one Document."""

    name: str
    feature_names: tuple[str, ...]
    extract: Callable[[Document, str | None], FamilyResult]

    @property
    def prefix(self) -> str:
        return f"{self.name}__"


FAMILIES: dict[str, Family] = {
    family.name: family
    for family in (
        Family("hedging", hedging.FEATURE_NAMES, hedging.extract),
        Family("attribution", attribution.FEATURE_NAMES, attribution.extract),
        Family("verifiability", verifiability.FEATURE_NAMES, verifiability.extract),
    )
}


def feature_names(
    families: tuple[str, ...] = tuple(FAMILIES), *, corroboration: bool = False
) -> list[str]:
    """Column names ``family__name`` of the feature frame, in a fixed order; with
    ``corroboration``, the reference-corpus family's columns last."""
    names = [
        FAMILIES[family].prefix + name
        for family in families
        for name in FAMILIES[family].feature_names
    ]
    if corroboration:
        names += [f"corroboration__{name}" for name in CORROBORATION_NAMES]
    return names


_EVIDENCE_ORDER = attrgetter("start", "end", "kind")


def extract_all(
    doc: Document, lexicon_dir: str | None = None, families: tuple[str, ...] = tuple(FAMILIES)
) -> FamilyResult:
    """Every family's features (named ``family__name``) and evidence for one Document."""
    merged = FamilyResult({})
    for name in families:
        family = FAMILIES[name]
        result = family.extract(doc, lexicon_dir)
        prefix = family.prefix
        merged.features.update({prefix + k: v for k, v in result.features.items()})
        merged.evidence.extend(result.evidence)
    merged.evidence.sort(key=_EVIDENCE_ORDER)
    return merged
