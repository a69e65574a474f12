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
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from sourcecheck.features.base import FamilyResult, FamilyTransformer, feature_matrix, share
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
_META_COLUMNS = ("id", "source", "url", "published")


@dataclass(frozen=True, slots=True)
class _Row:
    """An article-like row (what indexing reads) built from a frame or a bare text."""

    id: str
    text: str
    source: str | None = None
    url: str | None = None
    published: str | None = None
    doc: Document | None = None  # already parsed (a frame's ``document`` column): reused


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


def _rows(X: Any) -> list[_Row]:
    """Article rows from texts, Documents, a Series, or a DataFrame with a ``document`` or
    ``text`` column (and optionally ``id``, ``source``, ``url``, ``published``, used for
    exclusions)."""
    if hasattr(X, "columns"):
        column = next((c for c in ("document", "text") if c in X.columns), None)
        if column is None:
            raise ValueError(f"expected a 'text' column, found: {', '.join(map(str, X.columns))}")
        present = [c for c in _META_COLUMNS if c in X.columns]
        rows = []
        for i, record in enumerate(X[[column, *present]].itertuples(index=False, name=None)):
            meta = dict(zip(present, record[1:], strict=True))
            meta = {k: (None if _missing(v) else str(v)) for k, v in meta.items()}
            doc = as_document(record[0])
            rows.append(_Row(id=meta.pop("id", None) or f"row:{i}", text=doc.text, doc=doc, **meta))
        return rows
    if isinstance(X, str | Document):
        raise TypeError("expected a collection of texts, got a single one: wrap it in a list")
    docs = [as_document(item) for item in X]
    return [_Row(id=f"row:{i}", text=doc.text, doc=doc) for i, doc in enumerate(docs)]


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value))


class CorroborationFeatures(FamilyTransformer):
    """Corroboration as a scikit-learn transformer.

    ``index``: an opened :class:`~sourcecheck.scoring.reference_index.ReferenceIndex`, or
    the path of an index folder or of a corpus (indexed on the fly at ``fit``). Without
    one, ``fit(X)`` indexes ``X`` itself, so each article is checked against the others.
    A DataFrame's ``id``/``source``/``url``/``published`` columns drive the exclusions.
    ``lexicon_dir`` is kept for the family interface, but claims are always found with the
    shipped claim lexicons: a query must cut claims the way its index did.
    """

    family = "corroboration"
    feature_names = FEATURE_NAMES

    def __init__(self, index: Any = None, lexicon_dir: str | None = None) -> None:
        self.index = index
        self.lexicon_dir = lexicon_dir

    def fit(self, X: Any = None, y: Any = None) -> CorroborationFeatures:
        from sourcecheck.scoring.errors import UsageError
        from sourcecheck.scoring.reference_index import build_temporary_index, index_or_corpus

        super().fit(X, y)
        if self.index is not None:
            self.index_ = index_or_corpus(self.index)
        elif X is None:
            raise UsageError("corroboration needs a reference: pass index=... or fit on texts")
        else:
            self.index_ = build_temporary_index(_rows(X))
        return self

    def _reference(self) -> ReferenceIndex:
        index = getattr(self, "index_", None)
        if index is None:  # used unfitted, as the other families may be: open it now
            from sourcecheck.scoring.errors import UsageError
            from sourcecheck.scoring.reference_index import index_or_corpus

            if self.index is None:
                raise UsageError("corroboration needs a reference index: pass index=...")
            index = self.index_ = index_or_corpus(self.index)
        return index

    def extract(
        self,
        doc: Document,
        *,
        article_id: str | None = None,
        source: str | None = None,
        url: str | None = None,
        published: str | None = None,
    ) -> FamilyResult:
        return extract(
            doc,
            self._reference(),
            article_id=article_id,
            source=source,
            url=url,
            published=published,
        )

    def transform(self, X: Any) -> np.ndarray:
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(self, "feature_names_out_")
        features = [
            self.extract(
                row.doc or as_document(row.text),
                article_id=row.id,
                source=row.source,
                url=row.url,
                published=row.published,
            ).features
            for row in _rows(X)
        ]
        return feature_matrix(features, self.feature_names)

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.requires_fit = True
        return tags
