"""Scoring a corpus past one machine: the same chunk function over Dask partitions.

``dask.dataframe`` reads a Parquet corpus (or a JSONL one as raw lines) in partitions, each
worker turns its partition into Articles (keeping each row's or line's number in the whole
file, so inputs read ``path:row`` or ``path:line`` as with the local engine), runs
:func:`~sourcecheck.scoring.analysis.analyze_chunk` with the same hook, and the flat rows go
to a Parquet folder. Dask is an optional extra:
``pip install 'sourcecheck[dask]'``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sourcecheck.scoring.analysis import AnalysisOptions, ChunkHook, analyze_chunk
from sourcecheck.scoring.errors import UsageError, one_line
from sourcecheck.scoring.loading import Item, iter_frame_articles, iter_jsonl_lines
from sourcecheck.scoring.writers import flat_nested, flat_row, share_like_mkdir

INSTALL_HINT = "--engine dask needs Dask: pip install 'sourcecheck[dask]'"
_READERS = {".parquet": "parquet", ".jsonl": "jsonl"}
_LINE = "line"
# How long to try to reach --scheduler: Dask's own default (30 s) waits for one still
# starting; a running scheduler answers at once, and a wrong address should fail soon.
CONNECT_TIMEOUT = "10s"


def _require_dask() -> Any:
    try:
        import dask.dataframe as dd
        import distributed  # noqa: F401  (the scheduler the engine connects to)
    except ImportError:
        raise UsageError(INSTALL_HINT) from None
    return dd


def input_kind(path: str) -> str:
    """``parquet`` or ``jsonl``: the corpus formats Dask reads in partitions."""
    suffix = Path(path).suffix.lower()
    if Path(path).is_dir() and any(Path(path).glob("*.parquet")):
        return "parquet"
    if suffix not in _READERS:
        raise UsageError(f"{path}: --engine dask reads .parquet (files or folders) and .jsonl")
    return _READERS[suffix]


def output_columns(
    feature_columns: Sequence[str], nested: Sequence[str], scored: bool
) -> dict[str, str]:
    """Column name -> dtype of the output rows (the local Parquet writer's schema)."""
    columns = {name: "string" for name in ("id", "input", "status", "error")}
    if scored:
        columns.update(score="float64", band="string")
    columns.update({name: "float64" for name in feature_columns})
    columns.update({name: "string" for name in flat_nested(nested)})
    return columns


def partition_items(frame: pd.DataFrame, kind: str, name: str, first: int) -> list[Item]:
    """A partition's articles: table rows, or (JSONL) one item per physical line, each
    parsed alone so that a malformed line is its own error, as with the local engine."""
    if kind == "parquet":
        return list(iter_frame_articles(frame, name=name, first_row=first))
    # Lines were read as Latin-1 (one character per byte): back to their bytes, which the
    # loader decodes as UTF-8, else cp1252 with a warning, like a local run.
    lines = (line.encode("latin-1") for line in frame[_LINE])
    return list(iter_jsonl_lines(name, lines, first_line=first))


def score_partition(
    frame: pd.DataFrame,
    partition_info: dict[str, Any] | None = None,
    *,
    kind: str,
    name: str,
    offsets: Sequence[int],
    options: AnalysisOptions,
    hook: ChunkHook | None,
    columns: dict[str, str],
) -> pd.DataFrame:
    """One partition's flat rows, its articles numbered as rows (lines) of the whole file."""
    number = partition_info["number"] if partition_info else 0
    items = partition_items(frame, kind, name, offsets[number] + 1)
    records = analyze_chunk(items, options, hook)
    feature_columns = [c for c, dtype in columns.items() if dtype == "float64" and c != "score"]
    rows = [flat_row(record, feature_columns) for record in records]
    out = pd.DataFrame(rows, columns=list(columns))
    return out.astype(columns)


def _read(dd: Any, path: str, kind: str, blocksize: str | int) -> Any:
    """The corpus as a dask DataFrame: Parquet rows, or JSONL as raw lines (column
    ``_LINE``), since reading JSON per block would fail the whole block on one bad line."""
    if kind == "parquet":
        return dd.read_parquet(path)
    import dask.bag as db

    lines = db.read_text(path, blocksize=blocksize, encoding="latin-1")
    return lines.map(lambda line: {_LINE: line}).to_dataframe(meta={_LINE: "object"})


@contextlib.contextmanager
def _client(scheduler: str | None, workers: int) -> Iterator[Any]:
    """A client of the scheduler at ``scheduler``, or of a LocalCluster of ``workers``."""
    from distributed import Client, LocalCluster

    if scheduler:
        with _connected(scheduler) as client:
            yield client
        return
    with (
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def _connected(scheduler: str) -> Any:
    """A client of the scheduler at ``scheduler``; one that cannot be reached (or a
    malformed address) is the user's setup to fix, not a bug: a usage error naming it."""
    from distributed import Client

    try:
        return Client(scheduler, timeout=CONNECT_TIMEOUT)
    except (OSError, ValueError) as error:  # a timeout, a refused connection, a bad address
        raise UsageError(
            f"cannot reach the Dask scheduler at {scheduler}: {one_line(str(error))} "
            "(is it running, and is the address right?)"
        ) from None


def run(
    path: str,
    *,
    output: str,
    options: AnalysisOptions,
    hook: ChunkHook | None,
    feature_columns: Sequence[str],
    nested: Sequence[str],
    scored: bool,
    scheduler: str | None,
    workers: int,
    blocksize: str | int = "32MB",
) -> tuple[int, int]:
    """Score ``path`` into the Parquet folder ``output``; returns (rows, rows in error)."""
    dd = _require_dask()
    if Path(output).suffix.lower() != ".parquet":
        raise UsageError("--engine dask writes a Parquet folder: give --output NAME.parquet")
    kind = input_kind(path)
    columns = output_columns(feature_columns, nested, scored)
    with _client(scheduler, workers):
        frame = _read(dd, path, kind, blocksize)
        lengths = frame.map_partitions(len).compute()
        offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(int).tolist()
        meta = pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in columns.items()})
        scored_frame = frame.map_partitions(
            score_partition,
            kind=kind,
            name=path,
            offsets=offsets,
            options=options,
            hook=hook,
            columns=columns,
            meta=meta,
        )
        staging = tempfile.mkdtemp(prefix=f".{Path(output).name}.", dir=Path(output).parent or ".")
        try:
            scored_frame.to_parquet(staging, write_index=False)
            statuses = dd.read_parquet(staging, columns=["status"])["status"].compute()
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    share_like_mkdir(staging)
    if os.path.isdir(output):
        shutil.rmtree(output)
    os.replace(staging, output)
    return len(statuses), int((statuses != "ok").sum())
