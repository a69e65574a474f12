"""``sourcecheck train`` and ``sourcecheck evaluate`` on a small labelled JSONL corpus."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from sourcecheck.scoring import modelio
from sourcecheck.scoring.cli import app

GOOD = (
    'The minister, Anna Berg, said on 3 March 2024 that "the plan is funded", according to '
    "a statement from the Finance Ministry. Police spokesman John Reyes told Reuters that 12 "
    "people were arrested on Tuesday."
)
BAD = (
    "It is believed that the plan may collapse. Some say things could get worse, and many "
    "people reportedly think the truth is being hidden from everyone."
)


@pytest.fixture()
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCECHECK_CACHE", str(tmp_path / "cache"))
    rng = np.random.default_rng(0)
    rows = []
    for i in range(48):
        label = int(i % 2 == 0 if i % 7 else i % 2 == 1)  # a little label noise
        text = GOOD if label else BAD
        rows.append(
            {
                "id": f"r{i}",
                "text": f"{text} Story {i}: {rng.integers(1000)}.",
                "label": label,
                "source": f"outlet{i % 6}",
            }
        )
    path = tmp_path / "mine.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    return path


def test_train_writes_model_and_card(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "models" / "m.skops"
    result = CliRunner().invoke(
        app, ["train", str(corpus), "--out", str(out), "--no-evaluate", "--jobs", "1"]
    )
    assert result.exit_code == 0, result.output
    model = modelio.load(out)
    card = json.loads((out.parent / "model_card.json").read_text())
    assert card["features"] == model.feature_names_
    assert card["training_files"][0]["sha256"]
    assert card["versions"]["scikit-learn"]
    assert list(card["band_thresholds"])[:2] == ["low_below", "high_from"]
    assert "sourcecheck train" in (out.parent / "MODEL_CARD.md").read_text()


def test_evaluate_json(corpus: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "evaluate",
            str(corpus),
            "--folds",
            "2",
            "--format",
            "json",
            "--no-baseline",
            "--plots",
            str(tmp_path / "plots"),
            "--jobs",
            "1",
        ],
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["n_publishers"] == 6
    assert summary["model"]["roc_auc"] > 0.7
    assert (tmp_path / "plots" / "roc.png").exists()


def test_unknown_corpus_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["evaluate", str(tmp_path / "nope.jsonl")])
    assert result.exit_code == 2
    assert "not found" in result.output
