"""Fuzzing the loaders: any bytes under any supported name give Articles or per-item
errors (or, for a table without a text column, the one usage error), never a crash."""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sourcecheck.scoring.articles import Article, LoadError
from sourcecheck.scoring.errors import UsageError
from sourcecheck.scoring.loading import iter_articles

SUFFIXES = [".txt", ".md", ".html", ".jsonl", ".csv", ".parquet"]
# Bytes that look like the formats, so the fuzzer reaches past the first check.
FRAGMENTS = st.sampled_from(
    [
        b"{",
        b"}",
        b'"text"',
        b":",
        b",",
        b"\n",
        b"\r\n",
        b'"',
        b"<p>",
        b"</p>",
        b"<html>",
        b"text",
        b"id",
        b"\x00",
        b"\xff\xfe",
        b"\xe9",
        b"PAR1",
        b"said",
        b" ",
        b"label",
        b"1",
        b"null",
    ]
)
CONTENT = st.one_of(st.binary(max_size=300), st.lists(FRAGMENTS, max_size=40).map(b"".join))


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(content=CONTENT, suffix=st.sampled_from(SUFFIXES))
def test_any_bytes_load_as_items(tmp_path: Path, content: bytes, suffix: str) -> None:
    path = tmp_path / f"input{suffix}"
    path.write_bytes(content)
    try:
        items = list(iter_articles([str(path)]))
    except UsageError as error:
        assert suffix in (".csv", ".parquet") and "text" in error.message
        return
    assert items, "every input gives at least one item"
    for item in items:
        assert isinstance(item, Article | LoadError)
        if isinstance(item, LoadError):
            assert item.error and "\n" not in item.error
        else:
            assert item.text.strip()


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_empty_file_of_each_kind_is_one_error(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"empty{suffix}"
    path.write_bytes(b"")
    (item,) = list(iter_articles([str(path)]))
    assert isinstance(item, LoadError)
