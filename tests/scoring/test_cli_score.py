import csv
import json
import math
import os
import pickle
import stat
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sourcecheck.scoring.cli import app

runner = CliRunner()
EXAMPLES = Path(__file__).resolve().parents[2] / "data" / "examples"


def jsonl(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def scores_by_name(records: list[dict]) -> dict[str, float]:
    return {Path(r["id"]).name: r["score"] for r in records}


def test_score_ranks_the_seed_pair() -> None:
    result = runner.invoke(app, ["score", str(EXAMPLES), "-f", "jsonl"])
    assert result.exit_code == 0, result.output
    scores = scores_by_name(jsonl(result.stdout))
    assert scores["attributed_002.txt"] - scores["unsourced_000.txt"] >= 0.5


def test_score_record_layout_with_explain() -> None:
    result = runner.invoke(
        app, ["score", str(EXAMPLES / "attributed_002.txt"), "-f", "jsonl", "--explain"]
    )
    (record,) = jsonl(result.stdout)
    assert list(record)[:8] == [
        "id",
        "input",
        "status",
        "error",
        "score",
        "band",
        "features",
        "intercept",
    ]
    assert record["band"] in ("low", "medium", "high")
    assert 0 <= record["score"] <= 1
    logit = record["intercept"] + sum(c["effect"] for c in record["contributions"])
    assert math.isclose(1 / (1 + math.exp(-logit)), record["score"], abs_tol=1e-4)
    assert len(record["reasons"]) == 3
    assert {"attribution", "quote", "date"} <= {ev["kind"] for ev in record["evidence"]}


def test_score_error_rows_keep_their_place_with_null_score(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        '{"id": "a", "text": "The minister said the road will reopen on Friday."}\n'
        "{not json\n"
        '{"id": "c", "text": ""}\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["score", str(path), "-f", "jsonl"])
    assert result.exit_code == 4
    records = jsonl(result.stdout)
    assert [r["status"] for r in records] == ["ok", "error", "error"]
    assert [r["score"] for r in records[1:]] == [None, None]
    assert records[1]["input"].endswith("mixed.jsonl:2")


def test_score_refuses_a_pickle_model(tmp_path: Path) -> None:
    model = tmp_path / "model.pkl"
    model.write_bytes(pickle.dumps({"not": "a model"}))
    result = runner.invoke(app, ["score", str(EXAMPLES), "--model", str(model)])
    assert result.exit_code != 0
    assert "pickle" in result.stderr


def test_score_table_shows_score_band_and_reasons() -> None:
    result = runner.invoke(app, ["score", str(EXAMPLES)])
    assert result.exit_code == 0
    assert "high" in result.stdout or "medium" in result.stdout
    assert "the score" in result.stdout


def test_score_table_with_explain_shows_each_sentence_and_its_evidence(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    text = (
        "Experts say the [b]plan[/b] may fail. "
        "The bridge is the oldest in the region and carries most of the traffic. "
        '"We will rebuild," Mayor Jane Ortiz said on Monday.'
    )
    path.write_text(json.dumps({"id": "a", "text": text}) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["score", str(path), "--explain"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    lines = [line.strip() for line in result.stdout.splitlines()]
    assert lines[0].startswith("a: ") and lines[0].split()[2] in ("low", "medium", "high")
    assert lines[1 : lines.index("")] == [
        "1 Experts say the [b]plan[/b] may fail.",  # the text as written, not markup
        "↳ unattributed claim: an assertion with no source that can be identified"
        " and nothing specific to check it by (no date, number or link)",
        "↳ attribution, source: “Experts” (vague) · cue: “say”",
        "↳ authorial hedges: “Experts say”, “may”",
        "2 The bridge is the oldest in the region and carries most of the traffic.",
        "↳ unattributed claim: an assertion with no source"
        " and nothing specific to check it by (no date, number or link)",
        '3 "We will rebuild," Mayor Jane Ortiz said on Monday.',
        "↳ attribution, source: “Mayor Jane Ortiz” (named) · cue: “said”",
        "↳ date · direct quotation · named entity",
    ]
    assert "top reasons" in result.stdout.split("\n\n", 1)[1]  # the summary table comes last


def test_score_csv_has_score_and_band_columns(tmp_path: Path) -> None:
    out = tmp_path / "scores.csv"
    result = runner.invoke(app, ["score", str(EXAMPLES), "-o", str(out)])
    assert result.exit_code == 0
    header = out.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header[:6] == ["id", "input", "status", "error", "score", "band"]


def test_score_csv_with_explain_carries_intercept_and_reasons(tmp_path: Path) -> None:
    out = tmp_path / "scores.csv"
    result = runner.invoke(app, ["score", str(EXAMPLES), "--explain", "-o", str(out)])
    assert result.exit_code == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    for row in rows:
        reasons = json.loads(row["reasons"])
        assert reasons and all(isinstance(reason, str) for reason in reasons)
        contributions = json.loads(row["contributions"])
        logit = float(row["intercept"]) + sum(item["effect"] for item in contributions)
        assert 1 / (1 + math.exp(-logit)) == pytest.approx(float(row["score"]), abs=1e-4)


def test_score_stdin() -> None:
    result = runner.invoke(
        app, ["score", "-", "-f", "jsonl"], input="The mayor said on Monday the bridge is closed.\n"
    )
    assert result.exit_code == 0, result.output
    (record,) = jsonl(result.stdout)
    assert record["id"] == "-" and record["status"] == "ok"


def test_score_stdin_html_page_carries_its_extracted_text() -> None:
    # An HTML page on stdin was scored as prose, its tags counted as words.
    body = " ".join(
        f"<p>The mayor, Jane Ortiz, said on Monday that {n} homes were flooded.</p>"
        for n in range(1, 6)
    )
    page = f"<!DOCTYPE html><html><head><title>Flood</title></head><body>{body}</body></html>"
    result = runner.invoke(app, ["score", "-", "-f", "jsonl", "--explain"], input=page)
    assert result.exit_code == 0, result.output
    (record,) = jsonl(result.stdout)
    text = record["text"]
    assert "<p>" not in text and text.startswith("The mayor")
    assert all(item["text"] == text[item["start"] : item["end"]] for item in record["evidence"])


def test_score_against_a_reference_corpus_adds_corroboration(
    tmp_path: Path, flood_reference: tuple[str, Path]
) -> None:
    story, reference = flood_reference
    article = tmp_path / "article.jsonl"
    article.write_text(
        json.dumps({"id": "own", "source": "herald", "text": story}), encoding="utf-8"
    )
    result = runner.invoke(
        app, ["score", str(article), "--against", str(reference), "-f", "jsonl", "--explain"]
    )
    assert result.exit_code == 0, result.output
    (record,) = jsonl(result.stdout)
    assert record["features"]["corroboration__independent_outlets"] == 1
    matches = [
        m for ev in record["evidence"] if ev["kind"] == "corroboration" for m in ev["matches"]
    ]
    assert matches and {m["id"] for m in matches} == {"other"}  # not itself, not unrelated


def test_score_against_a_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["score", str(EXAMPLES), "--against", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert "nope" in result.stderr


def test_score_against_an_empty_path_is_a_usage_error() -> None:
    result = runner.invoke(app, ["score", str(EXAMPLES), "--against", " "])
    assert result.exit_code == 2
    assert "--against is empty" in result.stderr


def test_score_table_shows_an_id_that_looks_like_markup(tmp_path: Path) -> None:
    path = tmp_path / "ids.jsonl"
    path.write_text('{"id": "[/x]", "text": "The minister said so on Monday."}\n', "utf-8")
    result = runner.invoke(app, ["score", str(path)])
    assert result.exit_code == 0, result.output
    assert "[/x]" in result.stdout


def test_score_folder_with_a_non_article_csv_scores_the_rest(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("The minister said so on Monday.", encoding="utf-8")
    (tmp_path / "pairs.csv").write_text("attributed_id,unsourced_id\na,b\n", encoding="utf-8")
    result = runner.invoke(app, ["score", str(tmp_path), "-f", "jsonl"])
    assert result.exit_code == 4, result.output
    assert [r["status"] for r in jsonl(result.stdout)] == ["ok", "error"]
    assert "pairs.csv: no 'text' column" in result.stderr


def test_score_writes_files_whose_names_are_not_utf8(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "caf\udce9.txt").write_text("The mayor said so on Monday.", encoding="utf-8")
    for name in ("out.jsonl", "out.csv", "out.parquet", "out.html"):
        result = runner.invoke(app, ["score", str(folder), "-o", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
    (record,) = jsonl((tmp_path / "out.jsonl").read_text(encoding="utf-8"))
    assert record["id"].endswith("caf\ufffd.txt")


def test_score_table_without_text_stops_before_against_is_indexed(tmp_path: Path) -> None:
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("id,body\n1,x\n", encoding="utf-8")
    result = runner.invoke(app, ["score", str(wrong), "--against", str(EXAMPLES)])
    assert result.exit_code == 2
    assert "no 'text' column" in result.stderr and "indexing" not in result.stderr


def test_score_a_text_file_with_a_byte_order_mark_carries_the_text(tmp_path: Path) -> None:
    # The BOM is dropped, so offsets index the text after it; the record did not say so,
    # and every span read from the file as UTF-8 was one character early.
    path = tmp_path / "notepad.txt"
    path.write_bytes(
        b"\xef\xbb\xbfThe mayor, Jane Ortiz, said on Monday that 30 homes were flooded.\r\n"
    )
    result = runner.invoke(app, ["score", str(path), "-f", "jsonl", "--explain"])
    assert result.exit_code == 0, result.output
    (record,) = jsonl(result.stdout)
    text = record["text"]
    assert text == path.read_bytes()[3:].decode("utf-8")
    assert all(item["text"] == text[item["start"] : item["end"]] for item in record["evidence"])
    plain = tmp_path / "plain.txt"
    plain.write_bytes(path.read_bytes()[3:])
    (record,) = jsonl(runner.invoke(app, ["score", str(plain), "-f", "jsonl", "--explain"]).stdout)
    assert "text" not in record  # offsets index the file as stored


def test_score_output_dash_is_standard_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `-o -` wrote a file named "-".
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["score", str(EXAMPLES), "-f", "jsonl", "-o", "-"])
    assert result.exit_code == 0, result.output
    assert len(jsonl(result.stdout)) == 2
    result = runner.invoke(app, ["score", str(EXAMPLES), "-o", "-"])  # a table, as without -o
    assert result.exit_code == 0, result.output
    # (the table folds a long path anywhere: look for its header and a band)
    assert "article" in result.stdout and "high" in result.stdout
    assert list(tmp_path.iterdir()) == []


def test_score_output_through_a_symlink_replaces_its_target(tmp_path: Path) -> None:
    target = tmp_path / "scores-0412.jsonl"
    target.write_text("", encoding="utf-8")
    link = tmp_path / "latest.jsonl"
    link.symlink_to(target.name)
    result = runner.invoke(app, ["score", str(EXAMPLES), "-o", str(link)])
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and len(jsonl(target.read_text(encoding="utf-8"))) == 2
    # A link to an input is still refused.
    source = tmp_path / "in.jsonl"
    source.write_text('{"text": "The mayor said on Monday that the road will reopen."}\n')
    (tmp_path / "to-input.jsonl").symlink_to(source.name)
    result = runner.invoke(app, ["score", str(source), "-o", str(tmp_path / "to-input.jsonl")])
    assert result.exit_code == 2 and "is also an input" in result.output


def test_score_output_replacing_a_private_file_keeps_it_private(tmp_path: Path) -> None:
    output = tmp_path / "o.jsonl"
    output.write_text("", encoding="utf-8")
    output.chmod(0o600)
    result = runner.invoke(app, ["score", str(EXAMPLES), "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(output.stat().st_mode) == 0o600
    assert len(jsonl(output.read_text(encoding="utf-8"))) == 2


def test_score_against_a_folder_with_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    # Indexing the folder crashed in SQLite on the name's undecodable byte (exit 3).
    reference = tmp_path / "reference"
    reference.mkdir()
    name = os.path.join(os.fsencode(reference), b"caf\xe9.txt")
    with open(name, "wb") as handle:
        handle.write(b"Flood waters covered 300 homes in Riverside on Monday, the mayor said.")
    article = tmp_path / "article.txt"
    article.write_text("Mayor Jane Ortiz said on Monday that 300 homes were flooded.\n")
    result = runner.invoke(app, ["score", str(article), "--against", str(reference), "-f", "jsonl"])
    assert result.exit_code == 0, result.output
    assert jsonl(result.stdout)[0]["status"] == "ok"
    assert "caf\ufffd.txt: the file name or id is not valid Unicode" in result.stderr


def test_scheduler_without_the_dask_engine_is_a_usage_error() -> None:
    # It was ignored: the run went local, and the user believed it ran on their cluster.
    args = ["score", str(EXAMPLES / "attributed_002.txt"), "--scheduler", "tcp://x:1"]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert "add --engine dask" in " ".join(result.output.replace("│", " ").split())


def test_a_semicolon_csv_is_said_to_be_one_and_a_tsv_is_scored(tmp_path: Path) -> None:
    # The error named the columns found, 'id;text', and said to add a 'text' column; a
    # .tsv was "unsupported file type".
    text = "Mayor Jane Ortiz said on Monday that the bridge will close."
    semi = tmp_path / "rows.csv"
    semi.write_text(f"id;text\na;{text}\n", encoding="utf-8")
    refused = runner.invoke(app, ["score", str(semi)])
    assert refused.exit_code == 2
    assert refused.stderr == (
        f"sourcecheck: error: {semi}: no 'text' column (columns found: 'id;text'); the header "
        "seems to be semicolon-separated, not comma-separated: re-save it with commas (.csv) "
        "or tabs (.tsv)\n"
    )
    tsv = tmp_path / "rows.tsv"
    tsv.write_text(f"id\ttext\na\t{text}\n", encoding="utf-8")
    scored = runner.invoke(app, ["score", str(tsv), "-f", "jsonl"])
    assert scored.exit_code == 0, scored.output
    (record,) = [json.loads(line) for line in scored.stdout.splitlines()]
    assert (record["id"], record["input"], record["status"]) == ("a", f"{tsv}:1", "ok")


def test_a_json_array_is_scored_element_by_element(tmp_path: Path) -> None:
    # It was one error record: "unsupported file type '.json'".
    text = "Mayor Jane Ortiz said on Monday that the bridge will close."
    path = tmp_path / "articles.json"
    path.write_text(json.dumps([{"id": "a", "text": text}, {"text": 7}]), encoding="utf-8")
    result = runner.invoke(app, ["score", str(path), "-f", "jsonl"])
    assert result.exit_code == 4, result.output
    first, second = jsonl(result.stdout)
    assert (first["id"], first["input"], first["status"]) == ("a", f"{path}:0", "ok")
    assert (second["input"], second["status"]) == (f"{path}:1", "error")
    assert second["error"] == "item 1: text is not a string (got int)"


@pytest.mark.parametrize("suffix", ["jsonl", "csv", "parquet"])
@pytest.mark.parametrize(("first", "then"), [([], ["--explain"]), (["--explain"], [])])
def test_resume_refuses_rows_made_with_other_options(
    tmp_path: Path, suffix: str, first: list[str], then: list[str]
) -> None:
    # Rows written without --explain were kept beside rows with contributions and
    # evidence (or the reverse), without a word.
    source = tmp_path / "rows.jsonl"
    rows = [
        {"id": str(i), "text": f"The council said {i} roads close on Monday."} for i in range(3)
    ]
    source.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    out = tmp_path / f"out.{suffix}"
    command = ["score", str(source), "-o", str(out), "-j", "1"]
    assert runner.invoke(app, [*command, *first]).exit_code == 0
    before = out.read_bytes()
    resumed = runner.invoke(app, [*command, *then, "--resume"])
    assert resumed.exit_code == 2, resumed.output
    message = resumed.stderr.strip()
    assert message.startswith(
        f"sourcecheck: error: --resume: the rows already written to {str(out)!r} were made "
        "with other options (they "
    )
    assert ("have contributions" if first else "lack contributions") in message
    assert message.endswith("rerun without --resume, or with the options of the earlier run")
    assert out.read_bytes() == before
    same = runner.invoke(app, [*command, *first, "--resume"])
    assert same.exit_code == 0, same.output


def test_resume_refuses_the_rows_of_features_and_keeps_error_rows(tmp_path: Path) -> None:
    # An error row has neither features nor evidence, whatever the options: not a mismatch.
    source = tmp_path / "rows.jsonl"
    source.write_text(
        '{"id": "a", "text": "The council said roads close."}\n{"id": "b", "text": "--"}\n',
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    measured = runner.invoke(app, ["features", str(source), "-o", str(out), "-j", "1"])
    assert measured.exit_code == 4, measured.output
    scored = runner.invoke(app, ["score", str(source), "-o", str(out), "--resume"])
    assert scored.exit_code == 2
    assert "(they lack band, score, which this run writes)" in scored.stderr
    out.write_text(out.read_text(encoding="utf-8").splitlines()[1] + "\n", encoding="utf-8")
    assert runner.invoke(app, ["score", str(source), "-o", str(out), "--resume"]).exit_code == 0


def test_score_keeps_ids_two_rows_share_and_warns_once(tmp_path: Path) -> None:
    # Both records said "a" without a word: a join on id downstream paired them unseen.
    source = tmp_path / "rows.jsonl"
    ids = ["a", "b", "a", "c", "b", "a", "d", "d", "e", "e"]
    source.write_text(
        "".join(json.dumps({"id": i, "text": "The council said roads close."}) + "\n" for i in ids),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["score", str(source), "-f", "jsonl", "-j", "1"])
    assert result.exit_code == 0, result.output
    assert [record["id"] for record in jsonl(result.stdout)] == ids
    assert result.stderr.splitlines() == [
        "sourcecheck: WARNING: 4 id(s) are carried by more than one record ('a', 'b', 'd', "
        "...): a join on id would match them all; give those rows distinct ids"
    ]
    alone = runner.invoke(app, ["score", str(EXAMPLES / "attributed_002.txt"), "-f", "jsonl"])
    assert alone.exit_code == 0 and alone.stderr == ""


def test_resume_counts_ids_the_kept_rows_share_with_the_new_ones(tmp_path: Path) -> None:
    # Only the new rows were counted: an id in both the kept and the new rows went unsaid.
    first, then = tmp_path / "first.jsonl", tmp_path / "then.jsonl"
    first.write_text('{"id": "a", "text": "The council said roads close."}\n', encoding="utf-8")
    then.write_text(
        '{"id": "a", "text": "The mayor said bridges close."}\n'
        '{"id": "b", "text": "The mayor said parks close."}\n',
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    assert runner.invoke(app, ["score", str(first), "-o", str(out), "-j", "1"]).exit_code == 0
    resumed = runner.invoke(
        app, ["score", str(first), str(then), "-o", str(out), "--resume", "-j", "1"]
    )
    assert resumed.exit_code == 0, resumed.output
    assert [record["id"] for record in jsonl(out.read_text(encoding="utf-8"))] == ["a", "a", "b"]
    assert resumed.stderr.splitlines() == [
        "sourcecheck: WARNING: 1 id(s) are carried by more than one record ('a'): a join on "
        "id would match them all; give those rows distinct ids"
    ]


def _council_rows(tmp_path: Path, count: int = 3) -> Path:
    source = tmp_path / "rows.jsonl"
    rows = [{"id": str(i), "text": f"The council said {i} roads close."} for i in range(count)]
    source.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return source


@pytest.mark.parametrize("suffix", ["jsonl", "csv", "parquet"])
def test_resume_refuses_rows_made_with_another_model(tmp_path: Path, suffix: str) -> None:
    # Rows scored by the shipped model were kept beside another model's, without a word.
    from sourcecheck.scoring import modelio

    model = modelio.load_default()
    same = modelio.save(model, tmp_path / "same.skops")  # the shipped model's bytes again
    model.versions_ = {**model.versions_, "retrained": "yes"}
    other = modelio.save(model, tmp_path / "other.skops")
    out = tmp_path / f"out.{suffix}"
    command = ["score", str(_council_rows(tmp_path)), "-o", str(out), "-j", "1"]
    assert runner.invoke(app, command).exit_code == 0
    before = out.read_bytes()
    refused = runner.invoke(app, [*command, "--resume", "-m", str(other)])
    assert refused.exit_code == 2, refused.output
    assert refused.stderr == (
        f"sourcecheck: error: --resume: the rows already written to {str(out)!r} were made "
        f"with another model (earlier sha256 {modelio.model_sha256(None)[:12]}, this run "
        f"sha256 {modelio.model_sha256(str(other))[:12]}): rerun without --resume, or with "
        "the --model of the earlier run\n"
    )
    assert out.read_bytes() == before
    assert runner.invoke(app, [*command, "--resume", "-m", str(same)]).exit_code == 0


def test_resume_refuses_rows_made_with_other_lexicons(tmp_path: Path) -> None:
    lexicons = tmp_path / "lexicons"
    lexicons.mkdir()
    (lexicons / "hedge_cues.add.txt").write_text("roads\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    command = ["score", str(_council_rows(tmp_path)), "-o", str(out), "-j", "1"]
    assert runner.invoke(app, [*command, "--lexicon-dir", str(lexicons)]).exit_code == 0
    refused = runner.invoke(app, [*command, "--resume"])
    assert refused.exit_code == 2, refused.output
    assert "were made with other lexicons (earlier sha256 " in refused.stderr
    assert ", this run the shipped ones): rerun without --resume, or with the lexicon folder " in (
        refused.stderr
    )
    resumed = runner.invoke(app, [*command, "--resume", "--lexicon-dir", str(lexicons)])
    assert resumed.exit_code == 0, resumed.output


def test_resume_refuses_rows_corroborated_against_another_reference(
    tmp_path: Path, flood_reference: tuple[str, Path]
) -> None:
    _, reference = flood_reference
    index = tmp_path / "index"
    assert runner.invoke(app, ["index", "build", str(reference), "-o", str(index)]).exit_code == 0
    out = tmp_path / "out.jsonl"
    command = ["score", str(_council_rows(tmp_path)), "-o", str(out), "-j", "1", "--against"]
    assert runner.invoke(app, [*command, str(index)]).exit_code == 0
    smaller = tmp_path / "smaller.jsonl"
    smaller.write_text(reference.read_text(encoding="utf-8").splitlines()[0] + "\n")
    refused = runner.invoke(app, [*command, str(smaller), "--resume"])
    assert refused.exit_code == 2, refused.output
    assert "were made with another --against index or corpus" in refused.stderr
    # The corpus the index was built from holds what the index holds.
    resumed = runner.invoke(app, [*command, str(reference), "--resume"])
    assert resumed.exit_code == 0, resumed.output


def test_a_second_run_writing_the_same_output_is_a_usage_error(
    tmp_path: Path, claimed_elsewhere: Callable[[Path], subprocess.Popen[bytes]]
) -> None:
    # The second run deleted the first's OUTPUT.partial as it finished, and the first then
    # failed at its end (internal error, FileNotFoundError), its rows lost.
    out = tmp_path / "out.jsonl"
    partial = tmp_path / "out.jsonl.partial"
    partial.write_text('{"id": "0"}\n', encoding="utf-8")  # the first run's rows so far
    command = ["score", str(_council_rows(tmp_path)), "-o", str(out), "-j", "1"]
    first = claimed_elsewhere(out)
    second = runner.invoke(app, command)
    assert second.exit_code == 2
    assert second.stderr == (
        f"sourcecheck: error: another sourcecheck run is writing {str(out)!r}: wait for it to "
        "finish, or name another --output\n"
    )
    assert partial.read_text(encoding="utf-8") == '{"id": "0"}\n'
    assert not out.exists()
    first.communicate()  # it ends: its standard input is closed
    assert runner.invoke(app, command).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl", "rows.jsonl"]
