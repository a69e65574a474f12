import io
from pathlib import Path

import pytest

from sourcecheck.scoring.errors import UsageError
from sourcecheck.scoring.writers import JsonArrayWriter, atomic_path, flat_row, resolve_format


def test_resolve_format_from_suffix_or_default() -> None:
    assert resolve_format(None, None) == "table"
    assert resolve_format(None, "out.jsonl") == "jsonl"
    assert resolve_format("csv", "out.jsonl") == "csv"
    with pytest.raises(UsageError, match="--format"):
        resolve_format(None, "out.xyz")


def test_flat_row_spreads_features_and_encodes_nested_fields() -> None:
    record = {
        "id": "a",
        "input": "a",
        "status": "ok",
        "error": None,
        "features": {"f": 1.0},
        "evidence": [{"k": 1}],
    }
    row = flat_row(record, ["f", "g"])
    assert row["f"] == 1.0 and row["g"] is None
    assert row["evidence"] == '[{"k": 1}]'


def test_json_array_writer_empty_and_full() -> None:
    stream = io.StringIO()
    writer = JsonArrayWriter(stream)
    writer.close()
    assert stream.getvalue() == "[]\n"
    stream = io.StringIO()
    writer = JsonArrayWriter(stream)
    writer.write({"a": 1})
    writer.write({"a": 2})
    writer.close()
    assert stream.getvalue() == '[\n{"a": 1},\n{"a": 2}\n]\n'


def test_atomic_path_leaves_nothing_when_interrupted(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    with pytest.raises(KeyboardInterrupt), atomic_path(str(target)) as path:
        Path(path).write_text("half", encoding="utf-8")
        raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []
    with atomic_path(str(target)) as path:
        Path(path).write_text("whole", encoding="utf-8")
    assert target.read_text(encoding="utf-8") == "whole"


def test_atomic_path_refuses_a_missing_folder(tmp_path: Path) -> None:
    with (
        pytest.raises(UsageError, match="does not exist"),
        atomic_path(str(tmp_path / "no" / "x.csv")),
    ):
        pass
