import json
import subprocess
import sys
from pathlib import Path

CLI = "from sourcecheck.scoring.cli import main; main()"


def test_a_reader_that_stops_early_is_not_an_internal_error(tmp_path: Path) -> None:
    rows = tmp_path / "rows.jsonl"
    row = {"text": "The minister said on Monday that the road will reopen."}
    rows.write_text("".join(json.dumps(row) + "\n" for _ in range(300)), encoding="utf-8")
    command = [sys.executable, "-c", CLI, "score", str(rows), "-f", "jsonl", "-j", "1"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.readline()
        process.stdout.close()  # like `| head -1`
        stderr = process.stderr.read().decode()
    assert process.returncode == 141
    assert "internal error" not in stderr and "Exception ignored" not in stderr
