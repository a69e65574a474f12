"""Model files: skops round trip, foreign types and pickles refused, the shipped model."""

from __future__ import annotations

import copy
import pickle
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
import skops.io
from sklearn.ensemble import RandomForestClassifier
from test_model import synthetic

from sourcecheck.scoring import modelio
from sourcecheck.scoring.errors import SourcecheckError
from sourcecheck.scoring.linear_terms import LinearTerms
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


def test_the_same_model_is_saved_as_the_same_bytes(model: SourcingModel, tmp_path: Path) -> None:
    # skops names nodes and arrays by id() and stamps the time: training twice with one
    # seed gave two different files, and two model_sha256 in the card.
    first = modelio.save(model, tmp_path / "a.skops").read_bytes()
    second = modelio.save(copy.deepcopy(model), tmp_path / "b.skops").read_bytes()
    assert first == second
    frame, _, _ = synthetic(n=20)
    loaded = modelio.load(tmp_path / "b.skops")
    assert np.array_equal(loaded.predict_proba(frame), model.predict_proba(frame))


def test_a_save_that_fails_leaves_the_old_model_whole(
    model: SourcingModel, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # It was written in place: a full disk, or a `score` reading it meanwhile, met half a file.
    path = modelio.save(model, tmp_path / "m.skops")
    before = path.read_bytes()

    def disk_full(self: Path, data: bytes) -> int:
        Path.write_text(self, "half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", disk_full)
    with pytest.raises(OSError, match="No space left"):
        modelio.save(model, path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["m.skops"]


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
        # The conversion it suggests never writes over the file it refused.
        assert f", '{path}')" not in str(info.value)


def test_not_a_model_file(tmp_path: Path) -> None:
    path = tmp_path / "m.skops"
    path.write_text("hello")
    with pytest.raises(SourcecheckError, match="not a skops"):
        modelio.load(path)
    with pytest.raises(SourcecheckError, match="not found"):
        modelio.load(tmp_path / "missing.skops")
    # A folder was "not found", which sends the user looking for a missing path.
    with pytest.raises(SourcecheckError, match="is a folder, not a model file"):
        modelio.load(tmp_path)


def test_other_sklearn_version_warns(model: SourcingModel, tmp_path: Path) -> None:
    path = modelio.save(_trained_with(model, "0.0.1"), tmp_path / "old.skops")
    with pytest.warns(modelio.ModelVersionWarning, match="0.0.1"):
        modelio.load(path)


def _trained_with(model: SourcingModel, sklearn_version: str) -> SourcingModel:
    """A copy of ``model`` that says it was trained with another scikit-learn."""
    older = copy.deepcopy(model)
    older.versions_ = {"scikit-learn": sklearn_version}
    return older


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


def _same_terms(a: LinearTerms, b: LinearTerms) -> None:
    assert a.feature_names == b.feature_names
    assert a.intercept == b.intercept
    assert a.band_thresholds == b.band_thresholds
    for name in ("fill", "indicated", "mean", "scale", "weights", "owner"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name))


def test_terms_read_without_skops_equal_the_loaded_model(
    model: SourcingModel, tmp_path: Path
) -> None:
    path = modelio.save(model, tmp_path / "m.skops")
    _same_terms(modelio.load_terms(path), modelio.load(path).linear_terms())
    _same_terms(modelio.load_default_terms(), modelio.load_default().linear_terms())


def test_terms_refuse_what_load_refuses(model: SourcingModel, tmp_path: Path) -> None:
    forest = tmp_path / "forest.skops"
    frame, y, _ = synthetic(n=60)
    skops.io.dump(RandomForestClassifier(n_estimators=2).fit(frame.fillna(0), y), forest)
    with pytest.raises(SourcecheckError, match="allow-list"):
        modelio.load_terms(forest)
    pickled = tmp_path / "m.pkl"
    pickled.write_bytes(pickle.dumps(model, protocol=5))
    with pytest.raises(SourcecheckError, match="pickle"):
        modelio.load_terms(pickled)


def test_terms_warn_about_another_sklearn_version(model: SourcingModel, tmp_path: Path) -> None:
    path = modelio.save(_trained_with(model, "0.0.1"), tmp_path / "old.skops")
    with pytest.warns(modelio.ModelVersionWarning, match="0.0.1"):
        modelio.load_terms(path)


def test_scoring_imports_neither_sklearn_nor_skops(tmp_path: Path) -> None:
    # Start-up time: `sourcecheck score` must not pay for scikit-learn, skops, scipy or pandas.
    article = tmp_path / "a.txt"
    article.write_text("Officials said on Monday that the plan was approved.", encoding="utf-8")
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from sourcecheck.scoring.cli import app\n"
        f"result = CliRunner().invoke(app, ['score', {str(article)!r}, '--explain'])\n"
        "assert result.exit_code == 0, result.output\n"
        "heavy = {m.split('.')[0] for m in sys.modules} & {'sklearn', 'skops', 'scipy', 'pandas'}\n"
        "print(sorted(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stderr
