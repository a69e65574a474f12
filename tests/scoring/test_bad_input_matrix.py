"""The bad-input matrix, end to end through the CLI: a score or a one-line error per item,
never a traceback, never a lost row, bounded time."""

import json
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sourcecheck.scoring.cli import app

runner = CliRunner()
NEWS = "The mayor said on Monday that 300 homes were flooded. “It is bad,” she told reporters. "

PAGE = """<html><head><title>Flood hits town</title></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/sport">Sport</a></li>
<li>Weather menu</li></ul></nav>
<article><h1>Flood hits town</h1>
<p>The mayor said on Monday that 300 homes in the river district were flooded overnight.</p>
<p>“It is the worst flood in forty years,” Mayor Jane Ortiz told reporters at the town hall.</p>
<p>The national weather service said more rain may fall on Tuesday, according to its bulletin.</p>
</article>
<footer>Copyright 2024 Town Herald. Privacy policy. Footer links.</footer></body></html>"""


def score(path: Path) -> tuple[int, list[dict], str, float]:
    # CPU seconds, not wall clock: a hang guard that a busy machine does not trip (--jobs 1
    # runs in this process).
    started = time.process_time()
    result = runner.invoke(app, ["score", str(path), "-f", "jsonl", "--explain", "--jobs", "1"])
    elapsed = time.process_time() - started
    assert "Traceback" not in result.output
    records = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    return result.exit_code, records, result.stderr, elapsed


def one_error(path: Path, reason: str) -> None:
    code, records, stderr, _ = score(path)
    assert code == 4
    (record,) = records
    assert record["status"] == "error" and record["score"] is None
    assert reason in record["error"] and "\n" not in record["error"]
    assert str(path) in stderr  # the message names the input


def one_score(path: Path) -> dict:
    code, records, _, elapsed = score(path)
    assert code == 0, records
    (record,) = records
    assert record["status"] == "ok" and 0 <= record["score"] <= 1
    assert elapsed < 30
    return record


@pytest.mark.parametrize("content", [b"", b"   \n\t\n"])
def test_empty_and_whitespace_files(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    one_error(path, "empty")


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(bytes(range(256)) * 20)
    one_error(path, "binary")


def test_invalid_utf8_and_latin1_are_decoded(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes(
        ("Le maire a déclaré lundi que 300 maisons étaient inondées. " + NEWS).encode("cp1252")
    )
    record = one_score(path)
    assert any("decoded as" in warning for warning in record["warnings"])


def test_html_without_main_text(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>", encoding="utf-8")
    one_error(path, "main text")


def test_html_page_keeps_the_article_and_drops_the_menus(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    record = one_score(path)
    assert "worst flood in forty years" in record["text"]
    assert "Weather menu" not in record["text"] and "Privacy policy" not in record["text"]
    for ev in record["evidence"]:
        assert record["text"][ev["start"] : ev["end"]] == ev["text"]


def test_non_english_text_is_scored_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "de.txt"
    path.write_text(
        "Die Regierung hat am Montag erklärt, dass die Truppen abgezogen werden. Nach Angaben "
        "des Ministeriums sollen bis zu dreitausend Soldaten betroffen sein, sagte ein Sprecher.",
        encoding="utf-8",
    )
    record = one_score(path)
    assert any("not look English" in warning for warning in record["warnings"])


def test_five_megabyte_single_line(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text((NEWS.replace("\n", " ") * 60_000)[:5_000_000], encoding="utf-8")
    one_score(path)


@pytest.mark.parametrize(
    "piece",
    ['"' * 1000 + " ", "(" * 500 + ")" * 500 + " ", "said, " * 200, "“" * 700 + "”" * 300 + " "],
)
def test_pathological_punctuation(tmp_path: Path, piece: str) -> None:
    path = tmp_path / "odd.txt"
    path.write_text(NEWS + piece * 200 + NEWS, encoding="utf-8")
    one_score(path)


def test_jsonl_mixing_good_malformed_and_textless_rows(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    lines = [
        json.dumps({"id": "good-1", "text": NEWS}),
        '{"id": "broken", "text": ',
        json.dumps({"id": "no-text", "title": "x"}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "good-2", "text": NEWS}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, records, stderr, _ = score(path)
    assert code == 4
    assert [r["status"] for r in records] == ["ok", "error", "error", "error", "ok"]
    assert [r["input"] for r in records] == [f"{path}:{n}" for n in range(1, 6)]
    assert records[2]["id"] == "no-text"
    assert f"{path} line 2: invalid JSON" in stderr


def test_csv_mixing_good_ragged_binary_and_unclosed_rows(tmp_path: Path) -> None:
    # One bad row used to cost the whole file (or, with extra fields, shift it silently).
    path = tmp_path / "mixed.csv"
    path.write_bytes(
        b"id,text\n"
        + f'good-1,"{NEWS}"\n'.encode()
        + b"ragged,The mayor, Jane Ortiz, said so.\n"
        + b"nul,bad\x00cell\n"
        + f'good-2,"{NEWS}"\n'.encode()
        + b'open,"unterminated\n'
    )
    code, records, stderr, _ = score(path)
    assert code == 4
    assert [r["status"] for r in records] == ["ok", "error", "error", "ok", "error"]
    assert [r["input"] for r in records] == [f"{path}:{n}" for n in range(1, 6)]
    assert [r["id"] for r in records if r["status"] == "ok"] == ["good-1", "good-2"]
    assert f"{path} row 2: 4 fields, the header has 2" in stderr
    assert all("\n" not in r["error"] for r in records if r["error"])


def test_csv_without_text_column_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("id,headline,body\n1,a,b\n", encoding="utf-8")
    result = runner.invoke(app, ["score", str(path)])
    assert result.exit_code == 2
    assert "'headline'" in result.stderr and "'body'" in result.stderr
    assert "Traceback" not in result.output


def test_same_bytes_across_runs_and_jobs(tmp_path: Path) -> None:
    path = tmp_path / "rows.jsonl"
    path.write_text(
        "\n".join(json.dumps({"id": str(i), "text": f"{NEWS} Row {i}."}) for i in range(70)),
        encoding="utf-8",
    )
    outputs = [
        runner.invoke(app, ["score", str(path), "-f", "jsonl", "--explain", "--jobs", jobs]).stdout
        for jobs in ("1", "2", "1")
    ]
    assert outputs[0] == outputs[1] == outputs[2]
