"""Corroboration: do independent outlets report the same claims?

Unlike the other families this one needs a reference corpus: an index built by
:mod:`sourcecheck.scoring.reference_index`. Each check-worthy claim of the article is
matched against the claims of other articles there; only independent outlets count (not
the article itself, not its own outlet, and a syndicated group of copies once, as its
origin).

Features:

- ``claim_count``: check-worthy claims in the article;
- ``corroborated_claim_share``: share of them with at least one independent match
  (NaN without claims: the model imputes it);
- ``independent_outlets``: distinct outlets corroborating any claim;
- ``mean_best_similarity``: mean over claims of the best match's similarity (0 unmatched).

Evidence: one ``corroboration`` record per claim sentence, with ``matches``:
``[{"id", "source", "similarity"}]`` (empty when nothing independent matched).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from sourcecheck.features.base import FamilyResult, share
from sourcecheck.features.document import Document, as_document
from sourcecheck.features.evidence import Evidence

if TYPE_CHECKING:
    from sourcecheck.scoring.reference_index import MatchParams, ReferenceIndex

FEATURE_NAMES = (
    "claim_count",
    "corroborated_claim_share",
    "independent_outlets",
    "mean_best_similarity",
)


def extract(
    doc: Document | str,
    index: ReferenceIndex,
    *,
    article_id: str | None = None,
    source: str | None = None,
    url: str | None = None,
    published: str | None = None,
    params: MatchParams | None = None,
) -> FamilyResult:
    """The corroboration features and evidence of one article against ``index``.

    ``article_id`` and ``source`` (or ``url``) identify the article and its outlet, so that
    it never corroborates itself and its own outlet does not count; ``published`` limits
    matches to reports of the same period when both dates are known.
    """
    doc = as_document(doc)
    results = index.match(
        doc, article_id=article_id, source=source, url=url, published=published, params=params
    )
    outlets: set[str] = set()
    evidence = []
    for entry in results:
        for match in entry.matches:
            outlets.add(index.outlet_of(match["id"]))
        evidence.append(
            Evidence(
                "corroboration", entry.claim.start, entry.claim.end, {"matches": entry.matches}
            )
        )
    n_claims = len(results)
    corroborated = sum(1 for entry in results if entry.matches)
    best = sum(entry.best_similarity for entry in results)
    features = {
        "claim_count": float(n_claims),
        "corroborated_claim_share": share(corroborated, n_claims),
        "independent_outlets": float(len(outlets)),
        "mean_best_similarity": share(best, n_claims),
    }
    return FamilyResult(features, evidence)


def corroborate(
    items: Iterable[Any],
    index: ReferenceIndex | str,
    params: MatchParams | None = None,
) -> list[FamilyResult]:
    """Corroboration of many articles against an index (an opened one, or a path to an
    index folder or a corpus): one result per item, in order.

    Items are Article-like objects (``text`` and optional ``id``, ``source``, ``url``,
    ``published``), Documents or plain strings.
    """
    from sourcecheck.scoring.reference_index import index_or_corpus

    opened = index_or_corpus(index)
    results = []
    for item in items:
        if isinstance(item, str | Document):
            results.append(extract(item, opened, params=params))
            continue
        results.append(
            extract(
                item.text,
                opened,
                article_id=getattr(item, "id", None),
                source=getattr(item, "source", None),
                url=getattr(item, "url", None),
                published=getattr(item, "published", None),
                params=params,
            )
        )
    return results
