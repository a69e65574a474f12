"""The feature families as scikit-learn transformers (Pipeline, FeatureUnion, clone).

Each wraps a family of :mod:`sourcecheck.features.families` (hedging, attribution,
verifiability) or corroboration: stateless, ``get_feature_names_out`` gives
``family__name``, and ``set_output(transform="pandas")`` gives a DataFrame. Kept apart
from the families so that scoring never imports scikit-learn.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from sourcecheck.features import corroboration
from sourcecheck.features.base import FamilyResult
from sourcecheck.features.document import Document, as_document
from sourcecheck.features.families import FAMILIES

if TYPE_CHECKING:
    from sourcecheck.scoring.reference_index import ReferenceIndex


def _text_column(frame: Any) -> str:
    """A frame's parsed ``document`` column, else its ``text`` column."""
    column = next((c for c in ("document", "text") if c in frame.columns), None)
    if column is None:
        raise ValueError(f"expected a 'text' column, found: {', '.join(map(str, frame.columns))}")
    return column


def _refuse_single_text(X: Any) -> None:
    if isinstance(X, str | Document):
        raise TypeError("expected a collection of texts, got a single one: wrap it in a list")


def as_documents(X: Any) -> list[Document]:
    """Documents from texts, Documents, a Series, or a DataFrame with a ``text`` column."""
    if hasattr(X, "columns"):
        X = X[_text_column(X)]
    _refuse_single_text(X)
    documents = []
    for position, item in enumerate(X):
        try:
            documents.append(as_document(item))
        except TypeError as error:
            raise TypeError(f"item {position}: {error}") from None
    return documents


class FamilyTransformer(TransformerMixin, BaseEstimator):
    """A feature family as a stateless scikit-learn transformer.

    Input: texts, Documents (parse once, then share them between families), a Series or
    a DataFrame with a ``text`` column. Output: one row per article, one column per
    feature, named ``family__name``; ``set_output(transform="pandas")`` gives a DataFrame.
    """

    family: ClassVar[str]
    feature_names: ClassVar[tuple[str, ...]]

    def __init__(self, lexicon_dir: str | None = None) -> None:
        self.lexicon_dir = lexicon_dir

    def extract(self, doc: Document) -> FamilyResult:
        """The family's features and evidence for one Document."""
        return FAMILIES[self.family].extract(doc, self.lexicon_dir)

    def fit(self, X: Any = None, y: Any = None) -> FamilyTransformer:
        self.feature_names_out_ = np.array(
            [f"{self.family}__{name}" for name in self.feature_names], dtype=object
        )
        return self

    def transform(self, X: Any) -> np.ndarray:
        check_is_fitted(self, "feature_names_out_")
        rows = [self.extract(doc).features for doc in as_documents(X)]
        return feature_matrix(rows, self.feature_names)

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        check_is_fitted(self, "feature_names_out_")
        names: np.ndarray = self.feature_names_out_.copy()
        return names

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        tags.requires_fit = False
        return tags


def feature_matrix(rows: Iterable[Mapping[str, float]], names: Iterable[str]) -> np.ndarray:
    """A float matrix from per-article feature dicts, columns in ``names`` order."""
    names = list(names)
    matrix = np.array([[row[name] for name in names] for row in rows], dtype=float)
    return matrix.reshape(-1, len(names))


class HedgingFeatures(FamilyTransformer):
    """Hedge cues per 100 words, split by scope (authorial vs attributed), and weasels."""

    family = "hedging"
    feature_names = FAMILIES[family].feature_names


class AttributionFeatures(FamilyTransformer):
    """Attribution relations: attributed claims, named, vague and anonymous sources, quotes."""

    family = "attribution"
    feature_names = FAMILIES[family].feature_names


class VerifiabilityFeatures(FamilyTransformer):
    """Dates, numbers, links, named entities and unattributed claims, as features."""

    family = "verifiability"
    feature_names = FAMILIES[family].feature_names


TRANSFORMERS: dict[str, type[FamilyTransformer]] = {
    cls.family: cls for cls in (HedgingFeatures, AttributionFeatures, VerifiabilityFeatures)
}


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


def _rows(X: Any) -> list[_Row]:
    """Article rows from texts, Documents, a Series, or a DataFrame with a ``document`` or
    ``text`` column (and optionally ``id``, ``source``, ``url``, ``published``, used for
    exclusions)."""
    if hasattr(X, "columns"):
        column = _text_column(X)
        present = [c for c in _META_COLUMNS if c in X.columns]
        rows = []
        for i, record in enumerate(X[[column, *present]].itertuples(index=False, name=None)):
            meta = dict(zip(present, record[1:], strict=True))
            meta = {k: (None if _missing(v) else str(v)) for k, v in meta.items()}
            doc = as_document(record[0])
            rows.append(_Row(id=meta.pop("id", None) or f"row:{i}", text=doc.text, doc=doc, **meta))
        return rows
    return [_Row(id=f"row:{i}", text=doc.text, doc=doc) for i, doc in enumerate(as_documents(X))]


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
    feature_names = corroboration.FEATURE_NAMES

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
        return corroboration.extract(
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
