"""Model files: skops round trip, foreign types and pickles refused, the shipped model."""

from __future__ import annotations

import pickle
import warnings
from pathlib import Path

import numpy as np
import pytest
import skops.io
from sklearn.ensemble import RandomForestClassifier
from test_model import synthetic

from sourcecheck.scoring import modelio
from sourcecheck.scoring.errors import SourcecheckError
from sourcecheck.scoring.model import SourcingModel


@pytest.fixture(scope="module")
def model() -> SourcingModel:
    frame, y, groups = synthetic(n=120)
    return SourcingModel(Cs=(0.3,)).fit(frame, y, groups=groups)


def test_round_trip(model: SourcingModel, tmp_path: Path) -> None:
    frame, _, _ = synthetic(n=120)
    path = modelio.save(model, tmp_path / "m.skops")
    with warnings.catch_warnings():
        warnings.simplefilter("error", modelio.ModelVersionWarning)
        loaded = modelio.load(path)
    assert np.array_equal(loaded.predict_proba(frame), model.predict_proba(frame))
    assert loaded.band_thresholds_ == model.band_thresholds_
    assert loaded.feature_names_ == model.feature_names_


def test_foreign_type_is_refused_and_named(tmp_path: Path) -> None:
    frame, y, _ = synthetic(n=60)
    path = tmp_path / "forest.skops"
    skops.io.dump(
        {
            "model": RandomForestClassifier(n_estimators=2).fit(frame.fillna(0), y),
            "fn": np.random.default_rng,
        },
        path,
    )
    with pytest.raises(SourcecheckError, match="allow-list") as info:
        modelio.load(path)
    assert "sklearn.tree._tree.Tree" in str(info.value)


def test_pickle_is_refused_never_loaded(model: SourcingModel, tmp_path: Path) -> None:
    for name in ("m.pkl", "m.joblib", "m.skops"):  # the bytes decide, not just the name
        path = tmp_path / name
        path.write_bytes(pickle.dumps(model, protocol=5))
        with pytest.raises(SourcecheckError, match="pickle") as info:
            modelio.load(path)
        assert "skops.io.dump" in str(info.value)


def test_not_a_model_file(tmp_path: Path) -> None:
    path = tmp_path / "m.skops"
    path.write_text("hello")
    with pytest.raises(SourcecheckError, match="not a skops"):
        modelio.load(path)
    with pytest.raises(SourcecheckError, match="not found"):
        modelio.load(tmp_path / "missing.skops")


def test_other_sklearn_version_warns(model: SourcingModel, tmp_path: Path) -> None:
    model.versions_ = {"scikit-learn": "0.0.1"}
    path = modelio.save(model, tmp_path / "old.skops")
    with pytest.warns(modelio.ModelVersionWarning, match="0.0.1"):
        modelio.load(path)


def test_shipped_model_loads() -> None:
    model = modelio.load_default()
    assert isinstance(model, SourcingModel)
    assert model.feature_names_
    low, high = model.band_thresholds_
    assert low <= high


def test_shipped_model_ranks_the_seed_pair() -> None:
    from sourcecheck.scoring import corpora, training

    seeds = corpora.load_seeds()
    frame = training.extract_features(seeds["text"].tolist(), cache=False)
    scores = dict(zip(seeds["id"], modelio.load_default().predict_proba(frame), strict=True))
    assert scores["seed-002"] > scores["seed-000"]
