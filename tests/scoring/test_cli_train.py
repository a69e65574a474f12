"""``sourcecheck train`` and ``sourcecheck evaluate`` on a small labelled JSONL corpus."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from sourcecheck.features.families import feature_names
from sourcecheck.scoring import modelio, training
from sourcecheck.scoring.api import score_texts
from sourcecheck.scoring.cli import app
from sourcecheck.scoring.errors import DataError, UsageError

GOOD = (
    'The minister, Anna Berg, said on 3 March 2024 that "the plan is funded", according to '
    "a statement from the Finance Ministry. Police spokesman John Reyes told Reuters that 12 "
    "people were arrested on Tuesday."
)
CLI = "from sourcecheck.scoring.cli import main; main()"
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
    card = json.loads(out.with_suffix(".card.json").read_text())
    assert card["features"] == model.feature_names_
    assert card["training_files"][0]["sha256"]
    assert card["versions"]["scikit-learn"]
    assert list(card["band_thresholds"])[:2] == ["low_below", "high_from"]
    assert "sourcecheck train" in out.with_suffix(".card.md").read_text()


def test_a_second_run_training_into_the_same_out_is_a_usage_error(
    corpus: Path, tmp_path: Path, claimed_elsewhere: Callable[[Path], subprocess.Popen[bytes]]
) -> None:
    # Both wrote the model and then the card: one run's model could end beside the other's card.
    out = tmp_path / "m.skops"
    claimed_elsewhere(out)
    result = CliRunner().invoke(
        app, ["train", str(corpus), "--out", str(out), "--no-evaluate", "--jobs", "1"]
    )
    assert result.exit_code == 2
    assert result.stderr.endswith(
        f"sourcecheck: error: another sourcecheck run is writing {str(out)!r}: wait for it to "
        "finish, or name another --out\n"
    )
    assert "features:" not in result.stderr  # told before any feature is extracted
    assert not out.exists()


def test_replacing_the_default_model_is_said(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    default = tmp_path / "shipped" / "sourcecheck.skops"
    monkeypatch.setattr(modelio, "default_model_path", lambda: default)
    args = ["train", str(corpus), "--no-evaluate", "--jobs", "1", "--out"]
    result = CliRunner().invoke(app, [*args, str(tmp_path / "other.skops")])
    assert result.exit_code == 0 and "default model" not in result.stderr
    result = CliRunner().invoke(app, [*args, str(default)])
    assert result.exit_code == 0, result.output
    assert "is the default model that `sourcecheck score` uses" in result.stderr


def test_two_models_in_one_folder_keep_a_card_each(corpus: Path, tmp_path: Path) -> None:
    # The card had fixed names, so a second model overwrote the first one's card.
    for name, seed in (("a.skops", "1"), ("b.skops", "2")):
        args = ["train", str(corpus), "--out", str(tmp_path / name), "--seed", seed]
        result = CliRunner().invoke(app, [*args, "--no-evaluate", "--jobs", "1"])
        assert result.exit_code == 0, result.output
    cards = {n: json.loads((tmp_path / f"{n}.card.json").read_text()) for n in ("a", "b")}
    assert "--seed 1" in cards["a"]["rebuild_command"]
    assert "--seed 2" in cards["b"]["rebuild_command"]


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


def test_a_plots_folder_that_cannot_be_made_is_refused_before_any_work(
    corpus: Path, tmp_path: Path
) -> None:
    # A file named like the folder failed with FileExistsError (exit 3) after the whole
    # cross-validation.
    taken = tmp_path / "plots"
    taken.write_text("not a folder")
    result = CliRunner().invoke(app, ["evaluate", str(corpus), "--plots", str(taken)])
    assert result.exit_code == 2, result.output
    assert "cannot make that folder" in result.output and "features:" not in result.output


def test_unknown_corpus_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["evaluate", str(tmp_path / "nope.jsonl")])
    assert result.exit_code == 2
    assert "not found" in result.output


def _write(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    return path


def test_data_a_model_cannot_be_fitted_on_is_a_usage_error(corpus: Path, tmp_path: Path) -> None:
    # One label, one publisher or two articles ended in an internal error (exit 3), the
    # one-label case only after every article's features had been extracted.
    rows = [json.loads(line) for line in corpus.read_text().splitlines()]
    one_label = _write(tmp_path / "one.jsonl", [r for r in rows if r["label"] == 1])
    pair = [next(r for r in rows if r["label"] == label) for label in (0, 1)]
    two = _write(tmp_path / "two.jsonl", pair)
    runner = CliRunner()
    out = str(tmp_path / "m.skops")
    result = runner.invoke(app, ["train", str(one_label), "--out", out, "--jobs", "1"])
    assert result.exit_code == 2, result.output
    assert "must include both 0 and 1" in result.output
    assert "features:" not in result.output  # refused before extraction
    result = runner.invoke(app, ["train", str(two), "--out", out, "--jobs", "1"])
    assert result.exit_code == 2, result.output
    assert "training part holds only label" in result.output
    result = runner.invoke(app, ["evaluate", str(corpus), "--group-by", "corpus"])
    assert result.exit_code == 2, result.output
    assert "at least two corpus values" in result.output
    for command in (["train", "--out", out], ["evaluate"]):
        result = runner.invoke(app, [*command, str(corpus), "--folds", "1"])
        assert result.exit_code == 2, result.output
        assert "Invalid value" in result.output  # typer's usage error, before any work


def refused_before_work(corpus: Path, tmp_path: Path, message: str, *options: str) -> None:
    """``train`` on ``corpus`` (with ``options``) is a usage error saying ``message``,
    before any feature is extracted and before the --out folder is made."""
    out = tmp_path / "new" / "m.skops"
    args = ["train", str(corpus), "--out", str(out), "--jobs", "1", *options]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "features:" not in result.stderr
    assert not (tmp_path / "new").exists()


def test_data_no_fold_can_be_fitted_on_is_refused_before_extraction_and_the_folder(
    corpus: Path, tmp_path: Path
) -> None:
    # Two publishers, one article each (as the seeds): every calibration fold trains on
    # one label. It was found only after the folder was made and every feature extracted.
    rows = [json.loads(line) for line in corpus.read_text().splitlines()]
    pair = [next(r for r in rows if r["label"] == label) for label in (0, 1)]
    two = _write(tmp_path / "two.jsonl", pair)
    refused_before_work(two, tmp_path, "a cross-validation fold's training part holds only label")


def test_data_the_cards_cross_validation_cannot_run_on_is_refused_before_extraction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two publishers with both labels: the fit can calibrate, but a 2-fold cross-validation
    # trains each fold on one publisher. Found after extraction and the fit.
    monkeypatch.setenv("SOURCECHECK_CACHE", str(tmp_path / "cache"))
    rows = [
        {"id": str(i), "text": GOOD if i % 2 else BAD, "label": i % 2, "source": f"s{i // 4}"}
        for i in range(8)
    ]
    path = _write(tmp_path / "tiny.jsonl", rows)
    refused_before_work(path, tmp_path, "at least three source values (it has 2)")


def test_a_fold_whose_training_part_holds_one_label_is_refused_before_extraction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Four publishers of one label each: with --folds 2 a fold trains on label 0 alone.
    # Found only after extraction and the fit.
    monkeypatch.setenv("SOURCECHECK_CACHE", str(tmp_path / "cache"))
    rows = [
        {"id": f"{p}{i}", "text": GOOD if label else BAD, "label": label, "source": p}
        for p, label in (("a", 0), ("b", 0), ("c", 1), ("d", 1))
        for i in range(4)
    ]
    path = _write(tmp_path / "one_label_each.jsonl", rows)
    message = "a cross-validation fold's training part holds only label"
    refused_before_work(path, tmp_path, message, "--folds", "2")


def test_a_fold_training_on_one_label_says_what_else_would_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # evaluate --folds 2 said only "give each label articles from more publishers", and
    # train did not say that --no-evaluate would write the model.
    monkeypatch.setenv("SOURCECHECK_CACHE", str(tmp_path / "cache"))
    kinds = {"a": (0, 0), "b": (1, 1), "c": (0, 1), "d": (0, 1)}
    rows = [
        {"text": GOOD if label else BAD, "label": label, "source": p}
        for p, labels in kinds.items()
        for label in labels
    ]
    path = _write(tmp_path / "mixed.jsonl", rows)
    result = CliRunner().invoke(app, ["evaluate", str(path), "--folds", "2", "--jobs", "1"])
    assert result.exit_code == 2, result.output
    assert result.stderr.rstrip().endswith(
        "or use more --folds (0 leaves one source value out at a time): every fold can then "
        "be fitted"
    )
    message = "be fitted; or write a card without metrics: --no-evaluate"
    refused_before_work(path, tmp_path, message, "--folds", "2")


def test_an_output_no_model_can_be_written_to_is_refused_before_any_work(
    corpus: Path, tmp_path: Path
) -> None:
    # A folder failed with IsADirectoryError (exit 3), a folder that cannot be made with
    # FileNotFoundError (exit 3) and a .pkl name with a usage error, all only after every
    # feature had been extracted and the model fitted.
    blocked = tmp_path / "a file" / "m.skops"  # its folder cannot be made
    (tmp_path / "a file").write_text("")
    # A folder no file can be made in (even by root) failed after the fit (exit 3).
    unwritable = Path("/proc/m.skops")
    for out in (tmp_path, tmp_path / "model.pkl", blocked, unwritable):
        result = CliRunner().invoke(app, ["train", str(corpus), "--out", str(out)])
        assert result.exit_code == 2, result.output
        assert "train: loading" not in result.output
    assert "cannot write '/proc/m.skops'" in result.output


def test_a_failed_evaluation_writes_no_model(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The model was written before the card's cross-validation: when that failed, a new
    # model sat beside the previous model's card (or none).
    def fail(*args: object, **kwargs: object) -> None:
        raise DataError("a fold holds one label")

    monkeypatch.setattr(training, "cross_validated_metrics", fail)
    out = tmp_path / "m.skops"
    result = CliRunner().invoke(app, ["train", str(corpus), "--out", str(out), "--jobs", "1"])
    assert result.exit_code == 2, result.output
    assert not out.exists()
    assert not out.with_suffix(".card.json").exists()


STORY = (
    "The city council voted 7 to 2 on Tuesday to close the Riverside bridge for repairs "
    "costing $4 million, Mayor Jane Doe said. Construction will start in March 2024."
)
RETOLD = (
    "Mayor Jane Doe said the city council voted 7 to 2 on Tuesday to close the Riverside "
    "bridge for $4 million of repairs. Work begins in March 2024, officials said."
)
LOTTERY = (
    "The state lottery paid a record $90 million jackpot to a retired teacher from Dayton "
    "on Friday, lottery director Tom Hill said."
)


def test_corroboration_against_the_training_corpus_keeps_the_exclusions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sourcecheck.scoring import training

    monkeypatch.setenv("SOURCECHECK_CACHE", str(tmp_path / "cache"))
    rows = [
        ("a", STORY, "herald"),
        ("b", RETOLD, "gazette"),  # an independent outlet, same story
        ("c", LOTTERY, "herald"),
        ("d", LOTTERY.replace("Friday", "Friday night"), "herald"),  # same outlet only
        ("e", STORY, "wire"),  # a syndicated copy of a
    ]
    data = pd.DataFrame(rows, columns=["id", "text", "source"])
    data["label"], data["corpus"] = [1, 1, 0, 0, 1], "t"
    frame = training.corroboration_features(data)
    outlets = dict(zip(data["id"], frame["corroboration__independent_outlets"], strict=True))
    # a: only the gazette (not itself, not its copy e); c and d: their own outlet only.
    assert outlets == {"a": 1.0, "b": 1.0, "c": 0.0, "d": 0.0, "e": 1.0}
    assert frame.loc[2:3, "corroboration__corroborated_claim_share"].tolist() == [0.0, 0.0]
    assert list(frame.index) == list(data.index)
    # Cached: the second call reads the same frame back.
    assert list((tmp_path / "cache").glob("corroboration-*.parquet"))
    pd.testing.assert_frame_equal(training.corroboration_features(data), frame)
    both = training.corpus_features(data, corroboration=True)
    assert list(both.columns) == feature_names(corroboration=True)


def test_evaluate_says_why_the_label_or_an_absent_column_cannot_group_folds(
    corpus: Path,
) -> None:
    # Both asked for "at least three label values" or "two url values", which the corpus
    # could never be given: a label has two values, and its files have no url column.
    args = ["evaluate", str(corpus), "--group-by"]
    label = CliRunner().invoke(app, [*args, "label"])
    assert label.exit_code == 2
    assert "folds grouped by the label would each train on one label" in label.stderr
    url = CliRunner().invoke(app, [*args, "url"])
    assert url.exit_code == 2
    assert url.stderr == (
        "sourcecheck: error: --group-by 'url': no article has a url (the corpus has no url "
        "column, or it is empty); try source or corpus\n"
    )


def test_train_with_corroboration(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "models" / "m.skops"
    result = CliRunner().invoke(
        app,
        [
            "train",
            str(corpus),
            "--out",
            str(out),
            "--no-evaluate",
            "--corroboration",
            "--jobs",
            "1",
        ],
    )
    assert result.exit_code == 0, result.output
    model = modelio.load(out)
    assert model.feature_names_ == feature_names(corroboration=True)
    card = json.loads(out.with_suffix(".card.json").read_text())
    assert "--corroboration" in card["rebuild_command"]
    # Scored without a reference (no --against): the family's columns are missing.
    plain = pd.DataFrame([dict.fromkeys(feature_names(), 0.0)])
    assert np.isfinite(model.predict_proba(plain)).all()
    # Which the commands refuse: "no claims" would lower every score, a false reason.
    needs = f"model {out} was trained with --corroboration and weighs it: give "
    for command in (
        ["score", str(corpus)],
        ["report", str(corpus), "-o", str(tmp_path / "r.html")],
    ):
        result = CliRunner().invoke(app, [*command, "--model", str(out)])
        assert result.exit_code == 2
        assert result.stderr == f"sourcecheck: error: {needs}--against INDEX (a reference corpus)\n"
    result = CliRunner().invoke(app, ["check", str(corpus), "--model", str(out)])
    assert result.exit_code == 2 and "check scores with no reference corpus" in result.stderr
    with pytest.raises(UsageError, match=f"{needs}against=INDEX"):
        score_texts([GOOD], model=str(out))
    scored = CliRunner().invoke(
        app, ["score", str(corpus), "-m", str(out), "--against", str(corpus)]
    )
    assert scored.exit_code == 0, scored.output


def test_evaluate_with_corroboration(corpus: Path) -> None:
    args = ["evaluate", str(corpus), "--folds", "2", "--format", "json", "--no-baseline"]
    result = CliRunner().invoke(app, [*args, "--corroboration", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["n_publishers"] == 6


def test_train_never_overwrites_a_file_that_is_not_a_model(corpus: Path, tmp_path: Path) -> None:
    # `train corpus.jsonl --out corpus.jsonl` replaced the training corpus with the model,
    # and `--out notes.txt` any other file, with exit 0.
    notes = tmp_path / "notes"
    notes.write_text("keep me", encoding="utf-8")
    for out in (corpus, tmp_path / "scores.csv", notes):
        before = out.read_bytes() if out.exists() else None
        result = CliRunner().invoke(app, ["train", str(corpus), "--out", str(out)])
        assert result.exit_code == 2, result.output
        assert "train: loading" not in result.output
        assert (out.read_bytes() if out.exists() else None) == before


def test_evaluate_with_two_publishers_names_the_fold_cause_before_extracting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each fold trains on one publisher: the message blamed "at least two source values".
    monkeypatch.setenv("SOURCECHECK_CACHE", str(tmp_path / "cache"))
    rows = [
        {"id": str(i), "text": GOOD if i % 2 else BAD, "label": i % 2, "source": f"s{i // 2}"}
        for i in range(4)
    ]
    path = tmp_path / "tiny.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    result = CliRunner().invoke(app, ["evaluate", str(path), "--jobs", "1"])
    assert result.exit_code == 2, result.output
    assert "trains on articles from one source value only" in result.stderr
    assert "at least three source values (it has 2)" in result.stderr
    assert "features:" not in result.stderr


def test_a_user_lexicon_folder_is_measured_with_not_read_from_the_cache(
    corpus: Path, tmp_path: Path
) -> None:
    # The second run read the first run's cached frame and wrote a byte-identical model.
    # Subprocesses: a process loads each lexicon once.
    lexicons = tmp_path / "lex"
    lexicons.mkdir()
    (lexicons / "hedge_cues.txt").write_text("# no hedge cues at all\n")
    models = []
    for name, lexicon_dir in (("a", None), ("b", lexicons)):
        env = {k: v for k, v in os.environ.items() if k != "SOURCECHECK_LEXICON_DIR"}
        if lexicon_dir is not None:
            env["SOURCECHECK_LEXICON_DIR"] = str(lexicon_dir)
        out = tmp_path / name / "m.skops"
        args = ["train", str(corpus), "--out", str(out), "--no-evaluate", "--jobs", "1"]
        done = subprocess.run([sys.executable, "-c", CLI, *args], env=env, capture_output=True)
        assert done.returncode == 0, done.stderr
        card = json.loads(out.with_suffix(".card.json").read_text())
        models.append((training.sha256_file(out), card.get("user_lexicon_sha256", "n/a")))
    assert models[0][0] != models[1][0]
    assert models[0][1] is None
    assert models[1][1] == training.user_lexicon_version(str(lexicons))


@pytest.fixture()
def backwards(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Labels with no signal across publishers: four label GOOD 1 and BAD 0, the fifth the
    other way round four times over, so any model fitted without one publisher ranks that
    publisher backwards."""
    monkeypatch.setenv("SOURCECHECK_CACHE", str(tmp_path / "cache"))
    pairs = [(f"p{p}", GOOD, BAD) for p in range(4)] + [("p4", BAD, GOOD)] * 4
    rows = [
        {"text": text, "label": label, "source": source}
        for source, one, zero in pairs
        for text, label in ((one, 1), (zero, 0))
    ]
    path = tmp_path / "backwards.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def test_train_refuses_a_model_that_ranks_its_labels_backwards(
    backwards: Path, tmp_path: Path
) -> None:
    # It only warned, wrote the model and exited 0: the model scored its own training data
    # backwards.
    out = tmp_path / "m.skops"
    result = CliRunner().invoke(app, ["train", str(backwards), "--out", str(out), "--jobs", "1"])
    assert result.exit_code == 2, result.output
    error = result.stderr.splitlines()[-1]
    assert error.startswith("sourcecheck: error: the labels carry no learnable signal")
    assert "out-of-fold ROC AUC 0.000" in error
    assert "WARNING" not in result.stderr  # said once, as the error
    assert not out.exists() and not out.with_suffix(".card.json").exists()


def test_train_warns_when_the_labels_look_swapped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Consistently swapped 0/1 labels fit well (no refusal) and gave no word at all.
    monkeypatch.setenv("SOURCECHECK_CACHE", str(tmp_path / "cache"))
    rows = [
        {"text": text, "label": label, "source": f"p{p}"}
        for p in range(5)
        for text, label in ((BAD, 1), (GOOD, 0))
    ]
    path = tmp_path / "swapped.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    out = tmp_path / "m.skops"
    args = ["train", str(path), "--out", str(out), "--jobs", "1", "--no-evaluate"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "scores the labelled seed pair backwards" in result.stderr
    assert training.seed_pair_backwards(modelio.load(out)) is not None


def test_evaluate_keeps_a_backwards_result(backwards: Path) -> None:
    args = ["evaluate", str(backwards), "--format", "json", "--no-baseline", "--jobs", "1"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["model"]["roc_auc"] < 0.5
