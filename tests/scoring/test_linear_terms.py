"""Linear terms: the model's arithmetic as plain arrays, equal to the fitted pipeline's."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from test_model import synthetic

from sourcecheck.scoring.linear_terms import LinearTerms, prepared, sigmoid, signed_log1p
from sourcecheck.scoring.model import SourcingModel


@pytest.fixture(scope="module")
def fitted() -> tuple[SourcingModel, pd.DataFrame]:
    frame, y, groups = synthetic(n=150)
    return SourcingModel(Cs=(0.3,)).fit(frame, y, groups=groups), frame


def test_signed_log1p_keeps_sign_zero_and_nan() -> None:
    out = signed_log1p(np.array([-math.e + 1, 0.0, math.e - 1, np.nan]))
    np.testing.assert_allclose(out[:3], [-1.0, 0.0, 1.0])
    assert np.isnan(out[3])


def test_sigmoid() -> None:
    np.testing.assert_allclose(sigmoid(np.array([0.0, 100.0, -100.0])), [0.5, 1.0, 0.0], atol=1e-12)


def test_prepared_turns_non_finite_into_missing() -> None:
    out = prepared(np.array([[np.inf, -np.inf, 1.0]]))
    assert np.isnan(out[0, :2]).all()
    assert out[0, 2] == pytest.approx(math.log(2.0))


def test_standardised_equals_the_pipeline(fitted: tuple[SourcingModel, pd.DataFrame]) -> None:
    model, frame = fitted
    X = model._matrix(frame)
    assert np.isnan(X).any()  # the indicator columns are exercised
    np.testing.assert_allclose(
        model.linear_terms().standardised(X), model.pipeline_[:-1].transform(X), rtol=1e-12
    )


def test_matrix_from_records_equals_the_frame(fitted: tuple[SourcingModel, pd.DataFrame]) -> None:
    model, frame = fitted
    terms = model.linear_terms()
    rows = [
        {k: (None if pd.isna(v) else v) for k, v in row.items()} for row in frame.to_dict("records")
    ]
    rows[0].pop("hedging__cues")  # a feature left out is missing, like None
    expected = model._matrix(frame)
    expected[0, list(terms.feature_names).index("hedging__cues")] = np.nan
    np.testing.assert_array_equal(terms.matrix(rows), expected)


def test_medians_are_the_training_medians(fitted: tuple[SourcingModel, pd.DataFrame]) -> None:
    model, frame = fitted
    medians = model.linear_terms().medians()
    assert list(medians) == list(frame.columns)
    for name, value in medians.items():
        middle = frame[name].dropna().sort_values().to_numpy()
        n = len(middle)  # even: a median between the two middle values (taken on log scale)
        assert middle[(n - 1) // 2] - 1e-9 <= value <= middle[n // 2] + 1e-9


def test_contributions_sum_to_the_logit(fitted: tuple[SourcingModel, pd.DataFrame]) -> None:
    model, frame = fitted
    terms = model.linear_terms()
    X = model._matrix(frame)
    np.testing.assert_allclose(
        terms.intercept + terms.contributions(X).sum(axis=1), terms.logits(X)
    )
    np.testing.assert_allclose(terms.scores(X), sigmoid(terms.logits(X)))


def test_band_edges() -> None:
    terms = LinearTerms(
        feature_names=("a",),
        fill=np.zeros(1),
        indicated=np.zeros(0, dtype=int),
        mean=np.zeros(1),
        scale=np.ones(1),
        weights=np.ones(1),
        owner=np.zeros(1, dtype=int),
        intercept=0.0,
        band_thresholds=(0.2, 0.8),
    )
    assert [terms.band(s) for s in (0.1, 0.2, 0.79, 0.8)] == ["low", "medium", "medium", "high"]
    with pytest.raises(ValueError, match="no score"):
        terms.band(float("nan"))
