"""The per-article feature families, and running them all on one Document."""

from __future__ import annotations

from functools import cache
from operator import attrgetter

from sourcecheck.features.attribution import AttributionFeatures
from sourcecheck.features.base import FamilyResult, FamilyTransformer
from sourcecheck.features.corroboration import FEATURE_NAMES as CORROBORATION_NAMES
from sourcecheck.features.document import Document
from sourcecheck.features.hedging import HedgingFeatures
from sourcecheck.features.verifiability import VerifiabilityFeatures

FAMILIES: dict[str, type[FamilyTransformer]] = {
    "hedging": HedgingFeatures,
    "attribution": AttributionFeatures,
    "verifiability": VerifiabilityFeatures,
}


def feature_names(
    families: tuple[str, ...] = tuple(FAMILIES), *, corroboration: bool = False
) -> list[str]:
    """Column names ``family__name`` of the feature frame, in a fixed order; with
    ``corroboration``, the reference-corpus family's columns last."""
    names = [f"{family}__{name}" for family in families for name in FAMILIES[family].feature_names]
    if corroboration:
        names += [f"corroboration__{name}" for name in CORROBORATION_NAMES]
    return names


_EVIDENCE_ORDER = attrgetter("start", "end", "kind")


@cache
def _family(family: str, lexicon_dir: str | None) -> tuple[FamilyTransformer, str]:
    """The family's transformer and column prefix, built once: extract_all runs per article."""
    return FAMILIES[family](lexicon_dir), f"{family}__"


def extract_all(
    doc: Document, lexicon_dir: str | None = None, families: tuple[str, ...] = tuple(FAMILIES)
) -> FamilyResult:
    """Every family's features (named ``family__name``) and evidence for one Document."""
    merged = FamilyResult({})
    for family in families:
        transformer, prefix = _family(family, lexicon_dir)
        result = transformer.extract(doc)
        merged.features.update({prefix + k: v for k, v in result.features.items()})
        merged.evidence.extend(result.evidence)
    merged.evidence.sort(key=_EVIDENCE_ORDER)
    return merged
