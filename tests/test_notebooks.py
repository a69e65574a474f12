"""The notebooks run: each py:percent file is converted with jupytext and executed with
nbclient, from the repository root, within a time bound."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from sourcecheck.scoring.corpora import corpora_root

jupytext = pytest.importorskip("jupytext", reason="notebook tests need jupytext (.[notebooks])")
nbclient = pytest.importorskip("nbclient", reason="notebook tests need nbclient (.[notebooks])")

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = REPO / "notebooks"
# All three together must run in 5 minutes on a 2-core machine (features cached).
TOTAL_SECONDS = 300
NEEDS_CORPORA = {"02_train_and_evaluate.py", "03_error_analysis.py"}
_elapsed: dict[str, float] = {}


def notebook_params() -> list:
    corpora_found = corpora_root(must_exist=False).is_dir()
    params = []
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.py")):
        skip = path.name in NEEDS_CORPORA and not corpora_found
        reason = f"{path.name} needs the shared corpora (set SOURCECHECK_CORPORA)"
        params.append(
            pytest.param(path, id=path.stem, marks=pytest.mark.skipif(skip, reason=reason))
        )
    return params


def test_there_are_three_notebooks() -> None:
    assert [p.name for p in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.py"))] == [
        "01_features_on_the_seed_pair.py",
        "02_train_and_evaluate.py",
        "03_error_analysis.py",
    ]


@pytest.mark.parametrize("path", notebook_params())
def test_notebook_runs(path: Path) -> None:
    notebook = jupytext.read(path)
    tags = [cell.metadata.get("tags", []) for cell in notebook.cells]
    assert ["parameters"] in tags, f"{path.name} has no cell tagged 'parameters'"
    client = nbclient.NotebookClient(
        notebook,
        timeout=TOTAL_SECONDS,
        kernel_name="python3",
        resources={"metadata": {"path": str(REPO)}},
    )
    started = time.perf_counter()
    client.execute()
    _elapsed[path.name] = time.perf_counter() - started
    assert sum(_elapsed.values()) < TOTAL_SECONDS, f"notebooks took {_elapsed}"
