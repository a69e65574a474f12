import json
from pathlib import Path

import pandas as pd
import typer
from typer.testing import CliRunner

from sourcecheck.features.families import feature_names
from sourcecheck.scoring.cli import app

runner = CliRunner()
EXAMPLES = Path(__file__).resolve().parents[2] / "data" / "examples"


def jsonl(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_features_jsonl_one_record_per_article_in_order() -> None:
    result = runner.invoke(app, ["features", str(EXAMPLES), "-f", "jsonl"])
    assert result.exit_code == 0, result.output
    records = jsonl(result.stdout)
    assert [Path(r["id"]).name for r in records] == ["attributed_002.txt", "unsourced_000.txt"]
    assert all(r["status"] == "ok" and r["error"] is None for r in records)
    assert list(records[0]["features"]) == feature_names()
    assert "score" not in records[0] and "evidence" not in records[0]


def test_features_evidence_offsets_index_the_text(tmp_path: Path) -> None:
    text = "Officials said on Monday that 300 troops “may leave soon,” Gen. Ray Smith said.\n"
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["features", str(path), "-f", "jsonl", "--evidence"])
    (record,) = jsonl(result.stdout)
    kinds = {ev["kind"] for ev in record["evidence"]}
    assert {"date", "number", "quote", "attribution"} <= kinds
    for ev in record["evidence"]:
        assert text[ev["start"] : ev["end"]] == ev["text"]


def test_features_bad_items_become_error_records_and_exit_4(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")
    (tmp_path / "good.txt").write_text("The mayor said the bridge will close.", encoding="utf-8")
    result = runner.invoke(
        app, ["features", str(tmp_path), str(tmp_path / "missing.txt"), "-f", "jsonl"]
    )
    assert result.exit_code == 4
    records = jsonl(result.stdout)
    assert [r["status"] for r in records] == ["error", "ok", "error"]
    assert all(r["error"] and "\n" not in r["error"] for r in records if r["status"] == "error")


def test_features_csv_without_text_column_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("id,body\n1,hello\n", encoding="utf-8")
    result = runner.invoke(app, ["features", str(path), "-f", "jsonl"])
    assert result.exit_code == 2
    assert "body" in result.stderr


def test_features_parquet_output_is_written_atomically(tmp_path: Path) -> None:
    out = tmp_path / "features.parquet"
    result = runner.invoke(app, ["features", str(EXAMPLES), "-o", str(out)])
    assert result.exit_code == 0, result.output
    frame = pd.read_parquet(out)
    assert list(frame.columns[:4]) == ["id", "input", "status", "error"]
    assert list(frame.columns[4:]) == [*feature_names(), "warnings"]
    assert not list(tmp_path.glob("*.part"))


def test_features_parquet_to_stdout_is_a_usage_error() -> None:
    result = runner.invoke(app, ["features", str(EXAMPLES), "-f", "parquet"])
    assert result.exit_code == 2
    assert "--output" in result.stderr


def test_features_html_is_a_usage_error_not_a_table(tmp_path: Path) -> None:
    # Only `score` writes the HTML report; features used to print its table instead.
    for options in (["-f", "html"], ["-o", str(tmp_path / "out.html")]):
        result = runner.invoke(app, ["features", str(EXAMPLES), *options])
        assert result.exit_code == 2, result.output
        assert "this command writes table, json, jsonl, csv, parquet" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_features_jobs_give_identical_records(tmp_path: Path) -> None:
    rows = [
        {"id": str(i), "text": f"Officials said {i} people may leave on Monday."} for i in range(80)
    ]
    path = tmp_path / "rows.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    one = runner.invoke(app, ["features", str(path), "-f", "jsonl", "--jobs", "1", "--evidence"])
    two = runner.invoke(app, ["features", str(path), "-f", "jsonl", "--jobs", "2", "--evidence"])
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout
    assert [r["id"] for r in jsonl(one.stdout)] == [str(i) for i in range(80)]


def test_features_table_format_for_people() -> None:
    result = runner.invoke(app, ["features", str(EXAMPLES / "attributed_002.txt")])
    assert result.exit_code == 0
    assert "attribution__named_source_ratio" in result.stdout


def test_features_resume_skips_ids_already_written(tmp_path: Path) -> None:
    rows = [
        {"id": str(i), "text": f"The council said {i} roads close on Monday."} for i in range(6)
    ]
    source = tmp_path / "rows.jsonl"
    source.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    full = runner.invoke(app, ["features", str(source), "-o", str(out), "--jobs", "1"])
    assert full.exit_code == 0
    expected = out.read_text(encoding="utf-8")
    # A stopped run: three rows written, the fourth cut off mid-line, left as the partial file.
    lines = expected.splitlines(keepends=True)
    out.unlink()
    (tmp_path / "out.jsonl.partial").write_text(
        "".join(lines[:3]) + lines[3][:20], encoding="utf-8"
    )
    resumed = runner.invoke(
        app, ["features", str(source), "-o", str(out), "--resume", "--jobs", "1"]
    )
    assert resumed.exit_code == 0, resumed.output
    assert out.read_text(encoding="utf-8") == expected
    assert not (tmp_path / "out.jsonl.partial").exists()
    assert "left by a stopped run" not in resumed.output  # the partial file is used


def test_a_stale_partial_file_is_named_before_a_fresh_run_replaces_it(tmp_path: Path) -> None:
    # It was deleted without a word when the run finished.
    source = tmp_path / "rows.jsonl"
    source.write_text('{"id": "a", "text": "The council said roads close."}\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    (tmp_path / "out.jsonl.partial").write_text('{"id": "old"}\n', encoding="utf-8")
    result = runner.invoke(app, ["features", str(source), "-o", str(out), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        f"sourcecheck: WARNING: {out}.partial, left by a stopped run, will be replaced when "
        "this run finishes; to go on from it instead, stop this run and add --resume"
    ]
    assert not (tmp_path / "out.jsonl.partial").exists()


def test_features_resume_with_csv_and_parquet(tmp_path: Path) -> None:
    source = tmp_path / "rows.jsonl"
    source.write_text(
        "\n".join(json.dumps({"id": str(i), "text": f"Row {i} said."}) for i in range(4)),
        encoding="utf-8",
    )
    for suffix in ("csv", "parquet"):
        out = tmp_path / f"out.{suffix}"
        first = runner.invoke(app, ["features", str(source), "-o", str(out)])
        assert first.exit_code == 0
        again = runner.invoke(app, ["features", str(source), "-o", str(out), "--resume"])
        assert again.exit_code == 0, again.output
        frame = pd.read_csv(out) if suffix == "csv" else pd.read_parquet(out)
        assert list(frame["id"].astype(str)) == ["0", "1", "2", "3"]


def test_resume_scores_the_later_article_of_an_id_two_inputs_share(tmp_path: Path) -> None:
    # Ids need not be unique across inputs; --resume used to skip every article whose id
    # was in the partial output, so the second "same" (line 5) was silently dropped.
    ids = ["r0", "same", "r2", "r3", "same", "r5"]
    rows = [
        {"id": i, "text": f"The council said {n} roads close on Monday."} for n, i in enumerate(ids)
    ]
    source = tmp_path / "rows.jsonl"
    source.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    for command in ("features", "score"):
        assert runner.invoke(app, [command, str(source), "-o", str(out), "-j", "1"]).exit_code == 0
        expected = out.read_text(encoding="utf-8")
        out.unlink()
        lines = expected.splitlines(keepends=True)
        (tmp_path / "out.jsonl.partial").write_text("".join(lines[:2]), encoding="utf-8")
        resumed = runner.invoke(app, [command, str(source), "-o", str(out), "--resume", "-j", "1"])
        assert resumed.exit_code == 0, resumed.output
        assert [r["input"] for r in jsonl(out.read_text(encoding="utf-8"))] == [
            f"{source}:{n}" for n in range(1, 7)
        ]
        assert out.read_text(encoding="utf-8") == expected


def test_resume_keeps_rows_of_other_inputs_and_says_how_many(tmp_path: Path) -> None:
    # Rows of an earlier run over other inputs were kept without a word.
    source = tmp_path / "rows.jsonl"
    source.write_text('{"id": "a", "text": "The council said roads close."}\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    first = runner.invoke(app, ["features", str(source), "-o", str(out), "-j", "1"])
    assert first.exit_code == 0, first.output
    old = json.loads(out.read_text(encoding="utf-8")) | {"id": "old", "input": "old.txt"}
    out.write_text(json.dumps(old) + "\n", encoding="utf-8")
    resumed = runner.invoke(app, ["features", str(source), "-o", str(out), "--resume", "-j", "1"])
    assert resumed.exit_code == 0, resumed.output
    assert [r["id"] for r in jsonl(out.read_text(encoding="utf-8"))] == ["old", "a"]
    assert resumed.stderr.splitlines() == [
        "sourcecheck: WARNING: --resume kept 1 row(s) of the earlier output whose ids are not "
        "among these inputs ('old'); run without --resume to write only these inputs"
    ]


def test_format_help_says_the_default_as_it_is() -> None:
    # It said "table (default on a terminal)", as if piped output were another format.
    command = typer.main.get_command(app).commands["features"]  # type: ignore[attr-defined]
    (option,) = [p for p in command.params if p.name == "fmt"]
    assert "on a terminal" not in option.help and "else table (piped output too)" in option.help
    piped = runner.invoke(app, ["features", str(EXAMPLES / "unsourced_000.txt")])
    assert ["feature", "value"] in [line.split() for line in piped.stdout.splitlines()]


def test_features_evidence_in_the_table_shows_each_sentence_and_its_evidence(
    tmp_path: Path,
) -> None:
    # The table dropped --evidence without a word.
    path = tmp_path / "a.txt"
    path.write_text(
        "The mayor, Jane Ortiz, said on Monday that taxes will rise. It is believed that "
        "rents may follow.\n",
        encoding="utf-8",
    )
    plain = runner.invoke(app, ["features", str(path)], env={"COLUMNS": "200"})
    result = runner.invoke(app, ["features", str(path), "--evidence"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(plain.stdout)  # the measurements, then the evidence
    assert f"{path}: evidence" in result.stdout
    assert "1 The mayor, Jane Ortiz, said on Monday that taxes will rise." in result.stdout
    assert "↳ attribution, source: “The mayor, Jane Ortiz” (named) · cue: “said”" in result.stdout
    assert "2 It is believed that rents may follow." in result.stdout


def test_features_resume_refuses_rows_made_without_evidence(tmp_path: Path) -> None:
    source = tmp_path / "rows.jsonl"
    source.write_text('{"id": "a", "text": "The council said roads close."}\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert runner.invoke(app, ["features", str(source), "-o", str(out)]).exit_code == 0
    resumed = runner.invoke(
        app, ["features", str(source), "-o", str(out), "--evidence", "--resume"]
    )
    assert resumed.exit_code == 2
    assert "(they lack evidence, which this run writes)" in resumed.stderr


def test_features_resume_refuses_rows_made_with_other_lexicons(tmp_path: Path) -> None:
    # $SOURCECHECK_LEXICON_DIR set for one run and not the next: their rows were mixed.
    lexicons = tmp_path / "lexicons"
    lexicons.mkdir()
    (lexicons / "hedge_cues.add.txt").write_text("council\n", encoding="utf-8")
    source = tmp_path / "rows.jsonl"
    source.write_text('{"id": "a", "text": "The council said roads close."}\n', encoding="utf-8")
    out = tmp_path / "out.csv"
    command = ["features", str(source), "-o", str(out), "-j", "1"]
    env = {"SOURCECHECK_LEXICON_DIR": str(lexicons)}
    assert runner.invoke(app, command, env=env).exit_code == 0
    refused = runner.invoke(app, [*command, "--resume"])
    assert refused.exit_code == 2
    assert "were made with other lexicons" in refused.stderr
    assert runner.invoke(app, [*command, "--resume"], env=env).exit_code == 0


def test_features_resume_refuses_rows_corroborated_against_another_reference(
    tmp_path: Path, flood_reference: tuple[str, Path]
) -> None:
    # The kept rows' corroboration counted another corpus's outlets than the new rows'.
    story, reference = flood_reference
    source = tmp_path / "rows.jsonl"
    source.write_text(json.dumps({"id": "a", "text": story}) + "\n", encoding="utf-8")
    smaller = tmp_path / "smaller.jsonl"
    smaller.write_text(reference.read_text(encoding="utf-8").splitlines()[0] + "\n")
    out = tmp_path / "out.jsonl"
    command = ["features", str(source), "-o", str(out), "-j", "1", "--against"]
    assert runner.invoke(app, [*command, str(reference)]).exit_code == 0
    refused = runner.invoke(app, [*command, str(smaller), "--resume"])
    assert refused.exit_code == 2, refused.output
    assert "were made with another --against index or corpus (earlier sha256 " in refused.stderr
    assert "rerun without --resume, or with the --against of the earlier run" in refused.stderr
    # The same corpus, indexed again for this run, is the same reference.
    resumed = runner.invoke(app, [*command, str(reference), "--resume"])
    assert resumed.exit_code == 0, resumed.output
