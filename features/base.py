"""What every feature family shares: its result type and its scikit-learn transformer."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from sourcecheck.features.document import Document, as_document
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


def as_documents(X: Any) -> list[Document]:
    """Documents from texts, Documents, a Series, or a DataFrame with a ``text`` column."""
    if hasattr(X, "columns"):
        if "document" in X.columns:
            X = X["document"]
        elif "text" in X.columns:
            X = X["text"]
        else:
            raise ValueError(f"expected a 'text' column, found: {', '.join(map(str, X.columns))}")
    if isinstance(X, str | Document):
        raise TypeError("expected a collection of texts, got a single one: wrap it in a list")
    return [as_document(item) for item in X]


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
        raise NotImplementedError

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
