import json
import os
import stat
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from sourcecheck.features.families import feature_names
from sourcecheck.scoring import dask_engine
from sourcecheck.scoring.analysis import AnalysisOptions
from sourcecheck.scoring.cli import app
from sourcecheck.scoring.scorer import ModelScorer

pytest.importorskip(
    "distributed", reason="the dask extra is not installed: pip install 'sourcecheck[dask]'"
)
runner = CliRunner()


def corpus(tmp_path: Path) -> Path:
    rows = [
        {
            "id": f"a{i}",
            "text": f"The mayor said on Monday that {i} roads may close. “It is bad,” she said.",
        }
        for i in range(40)
    ]
    rows.insert(7, {"id": "empty", "text": ""})
    path = tmp_path / "corpus.parquet"
    pd.DataFrame(rows).to_parquet(path)
    return path


def test_dask_local_cluster_matches_local_engine(tmp_path: Path) -> None:
    source = corpus(tmp_path)
    dask_out, local_out = tmp_path / "dask.parquet", tmp_path / "local.parquet"
    dask_run = runner.invoke(
        app, ["score", str(source), "--engine", "dask", "-o", str(dask_out), "-j", "2"]
    )
    local_run = runner.invoke(app, ["score", str(source), "-o", str(local_out), "-j", "1"])
    assert dask_run.exit_code == local_run.exit_code == 4  # the empty row is an error in both
    named = f"sourcecheck: {source} row 8: empty text"  # it said only "(1 errors)"
    assert named in dask_run.stderr and named in local_run.stderr
    dask_frame, local_frame = pd.read_parquet(dask_out), pd.read_parquet(local_out)
    assert list(dask_frame.columns) == list(local_frame.columns)
    assert list(dask_frame["input"]) == list(local_frame["input"])
    assert dask_frame["score"].equals(local_frame["score"])
    assert list(dask_frame["status"]) == list(local_frame["status"])


def test_dask_engine_needs_a_parquet_output(tmp_path: Path) -> None:
    source = tmp_path / "c.jsonl"
    source.write_text(json.dumps({"id": "1", "text": "x said y."}), encoding="utf-8")
    result = runner.invoke(
        app, ["score", str(source), "--engine", "dask", "-o", str(tmp_path / "o.csv")]
    )
    assert result.exit_code == 2
    assert "Parquet" in result.stderr


def test_dask_jsonl_bad_lines_are_row_errors_like_the_local_engine(tmp_path: Path) -> None:
    good = {"text": "The mayor said on Monday that roads may close."}
    lines = [json.dumps({"id": f"a{i}", **good}).encode() for i in range(6)]
    lines[1:1] = [
        b"{not json",
        b"",
        b"[1, 2]",
        '{"text": "d\xe9j\xe0, the mayor said."}'.encode("cp1252"),
    ]
    source = tmp_path / "mixed.jsonl"
    source.write_bytes(b"\n".join(lines) + b"\n")
    dask_out, local_out = tmp_path / "dask.parquet", tmp_path / "local.parquet"
    umask = os.umask(0o002)  # the Parquet folder is staged with mkdtemp (0700)
    try:
        rows, failed = dask_engine.run(
            str(source),
            output=str(dask_out),
            options=AnalysisOptions(),
            hook=ModelScorer(),
            feature_columns=feature_names(),
            nested=(),
            scored=True,
            scheduler=None,
            workers=1,
            blocksize=150,  # several partitions: line numbers must run on across them
        )
    finally:
        os.umask(umask)
    assert stat.S_IMODE(dask_out.stat().st_mode) == 0o775
    local_run = runner.invoke(app, ["score", str(source), "-o", str(local_out), "-j", "1"])
    assert local_run.exit_code == 4 and (rows, failed) == (9, 2)
    dask_frame, local_frame = pd.read_parquet(dask_out), pd.read_parquet(local_out)
    assert dask_frame.astype(str).equals(local_frame.astype(str))
    assert dask_frame["input"].tolist()[1:4] == [f"{source}:{n}" for n in (2, 4, 5)]


def test_an_unreachable_scheduler_is_a_usage_error_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # It ended as an internal error (exit 3) after Dask's 30 s connect timeout.
    monkeypatch.setattr(dask_engine, "CONNECT_TIMEOUT", "1s")
    out = tmp_path / "o.parquet"
    args = ["score", str(corpus(tmp_path)), "--engine", "dask", "-o", str(out)]
    result = runner.invoke(app, [*args, "--scheduler", "tcp://127.0.0.1:1"])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "cannot reach the Dask scheduler at tcp://127.0.0.1:1" in lines[0]
    assert "internal error" not in result.stderr and not out.exists()
