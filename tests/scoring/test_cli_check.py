"""``sourcecheck check`` end to end, on the curated corpus and on tmp_path copies."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path
from xml.etree import ElementTree

import pytest
from typer.testing import CliRunner

from sourcecheck.scoring.cli import app

runner = CliRunner()
CURATED = Path(__file__).resolve().parents[2] / "data" / "curated"
EXAMPLES = Path(__file__).resolve().parents[2] / "data" / "examples"


def seed_row(name: str, ident: str, label: int | None, **extra: object) -> dict:
    text = (EXAMPLES / name).read_text(encoding="utf-8")
    return {"id": ident, "text": text, "label": label, **extra}


def write_corpus(folder: Path, rows: list[dict], pairs: list[tuple[str, str]] = ()) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    lines = "".join(json.dumps(row) + "\n" for row in rows)
    (folder / "articles.jsonl").write_text(lines, encoding="utf-8")
    if pairs:
        body = "".join(f"{a},{b}\n" for a, b in pairs)
        (folder / "pairs.csv").write_text("attributed_id,unsourced_id\n" + body)
    return folder


@pytest.fixture()
def seed_corpus(tmp_path: Path) -> Path:
    rows = [
        seed_row("attributed_002.txt", "seed-002", 1),
        seed_row("unsourced_000.txt", "seed-000", 0),
    ]
    return write_corpus(tmp_path / "seeds", rows, [("seed-002", "seed-000")])


def test_curated_corpus_passes() -> None:
    # Its speed (target: under 20 s) is measured with `time sourcecheck check data/curated`,
    # not asserted here: a loaded CI machine would make a timed test flaky.
    result = runner.invoke(app, ["check", str(CURATED)])
    assert result.exit_code == 0, result.output
    assert f"sourcecheck check {CURATED}: passed" in result.stdout


def test_swapped_seed_labels_are_a_usage_error_naming_the_pair(tmp_path: Path) -> None:
    copy = Path(shutil.copytree(CURATED, tmp_path / "curated"))
    path = copy / "articles.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    swap = {"seed-002": 0, "seed-000": 1}
    for row in rows:
        row["label"] = swap.get(row["id"], row["label"])
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    # They failed the gate (exit 1), checked as seed-000 above seed-002: the labels
    # contradict the pairs file, so one of them is wrong, and the check cannot tell which.
    result = runner.invoke(app, ["check", str(copy)])
    assert result.exit_code == 2, result.output
    assert "pair 1 (seed-002, seed-000): the attributed_id item is labelled 0" in result.stderr
    assert "the columns look swapped" in result.stderr


def test_pairs_from_the_folder_and_the_seed_pair_passes(seed_corpus: Path) -> None:
    result = runner.invoke(app, ["check", str(seed_corpus), "--min-auc", "0.9"])
    assert result.exit_code == 0, result.output
    assert "pairs       ok" in result.stdout
    assert runner.invoke(app, ["check", str(seed_corpus), "--min-auc", "1.5"]).exit_code == 2


def test_out_of_range_config_values_are_usage_errors(seed_corpus: Path) -> None:
    (seed_corpus / "pyproject.toml").write_text("[tool.sourcecheck.check]\nmin-auc = 1.5\n")
    result = runner.invoke(app, ["check", str(seed_corpus)])
    assert result.exit_code == 2
    assert "min-auc must be a number from 0 to 1" in result.stderr


@pytest.fixture()
def draft_corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "drafts", [seed_row("unsourced_000.txt", "draft", None)])


def test_thresholds_from_the_corpus_pyproject_and_the_command_line_wins(
    draft_corpus: Path,
) -> None:
    (draft_corpus / "pyproject.toml").write_text("[tool.sourcecheck.check]\nfail-under = 0.5\n")
    assert runner.invoke(app, ["check", str(draft_corpus)]).exit_code == 1
    assert runner.invoke(app, ["check", str(draft_corpus), "--fail-under", "0.1"]).exit_code == 0


def test_expected_band_failure_names_the_item(tmp_path: Path) -> None:
    rows = [seed_row("unsourced_000.txt", "seed-000", 0, expected_band="high")]
    result = runner.invoke(app, ["check", str(write_corpus(tmp_path / "c", rows))])
    assert result.exit_code == 1
    assert "item seed-000 left its expected band" in result.stderr


def test_fail_under_blocks_an_unsourced_draft(draft_corpus: Path) -> None:
    result = runner.invoke(app, ["check", str(draft_corpus), "--fail-under", "0.5"])
    assert result.exit_code == 1
    assert "item draft scores" in result.stderr
    assert "fail_under  FAIL" in result.stdout


def test_unscorable_items_are_reported_and_fail(tmp_path: Path) -> None:
    rows = [seed_row("attributed_002.txt", "ok", 1), {"id": "empty", "text": ""}]
    result = runner.invoke(app, ["check", str(write_corpus(tmp_path / "c", rows))])
    assert result.exit_code == 1
    assert "item empty" in result.stderr and "was not scored" in result.stderr


def test_ids_with_newlines_or_controls_stay_on_one_line(tmp_path: Path) -> None:
    # A newline in an id split a stderr line: its second half could be a GitHub Actions
    # workflow command ("::warning::..."); an ESC would drive the terminal.
    rows = [
        seed_row("unsourced_000.txt", "draft\n::warning::injected", None),
        {"id": "gone\x1b[2J", "text": ""},
    ]
    corpus = write_corpus(tmp_path / "c", rows)
    result = runner.invoke(app, ["check", str(corpus), "--fail-under", "0.5"])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 2 and all(line.startswith("sourcecheck check: ") for line in lines)
    assert "item draft␊::warning::injected scores" in result.stderr
    assert "item gone␛[2J" in result.stderr
    assert "\x1b" not in result.stdout
    assert not any(line.startswith("::") for line in result.stdout.splitlines())
    assert "draft␊::warning::injected" in result.stdout


def test_duplicate_ids_named_by_a_pair_are_a_usage_error(tmp_path: Path) -> None:
    rows = [
        seed_row("attributed_002.txt", "x", 1),
        seed_row("unsourced_000.txt", "x", 1),
        seed_row("unsourced_000.txt", "y", 0),
    ]
    corpus = write_corpus(tmp_path / "c", rows, [("x", "y")])
    result = runner.invoke(app, ["check", str(corpus)])
    assert result.exit_code == 2, result.output
    assert "the pairs name ids that more than one corpus item has: x (" in result.stderr


def test_an_ignored_label_is_warned_about_and_the_auc_says_what_it_used(tmp_path: Path) -> None:
    # "yes" made a labelled item a draft without a word, in the text or the JSON report.
    rows = [
        seed_row("attributed_002.txt", "a", "yes"),
        seed_row("attributed_002.txt", "b", 1),
        seed_row("unsourced_000.txt", "c", 0),
    ]
    corpus = write_corpus(tmp_path / "c", rows)
    result = runner.invoke(app, ["check", str(corpus), "--min-auc", "0.5"])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        f"sourcecheck: WARNING: item a ({corpus / 'articles.jsonl'}:1): label 'yes' ignored: "
        "expected 0/1 or true/false"
    ]
    assert "3 items, ROC AUC on 2 labelled items 1.000" in result.stdout
    report = json.loads(runner.invoke(app, ["check", str(corpus), "-f", "json"]).stdout)
    assert report["roc_auc_items"] == 2
    assert report["items"][0]["warnings"] == ["label 'yes' ignored: expected 0/1 or true/false"]


def test_junit_output_file_parses(seed_corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "check.xml"
    args = ["check", str(seed_corpus), "-f", "junit", "-o", str(out)]
    assert runner.invoke(app, args).exit_code == 0
    suite = ElementTree.parse(out).getroot()
    names = [case.get("name") for case in suite.iter("testcase")]
    assert names[:2] == ["seed-002", "seed-000"] and "pairs" in names


def test_output_suffix_picks_the_report_format(seed_corpus: Path, tmp_path: Path) -> None:
    # --output's help says the format follows the suffix; a check.xml used to get text.
    for name in ("check.xml", "check.json"):
        assert (
            runner.invoke(app, ["check", str(seed_corpus), "-o", str(tmp_path / name)]).exit_code
            == 0
        )
    assert ElementTree.parse(tmp_path / "check.xml").getroot().tag in ("testsuite", "testsuites")
    assert json.loads((tmp_path / "check.json").read_text(encoding="utf-8"))


def test_github_format_writes_annotations(draft_corpus: Path) -> None:
    args = ["check", str(draft_corpus), "-f", "github", "--fail-under", "0.5"]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert result.stdout.startswith("::error title=sourcecheck check%3A fail_under::item draft")


def test_json_format_and_usage_errors(seed_corpus: Path) -> None:
    result = runner.invoke(app, ["check", str(seed_corpus), "-f", "json"])
    report = json.loads(result.stdout)
    assert report["passed"] and [i["id"] for i in report["items"]] == ["seed-002", "seed-000"]
    assert runner.invoke(app, ["check", str(seed_corpus), "-f", "xml"]).exit_code == 2
    assert runner.invoke(app, ["check", str(seed_corpus / "missing")]).exit_code == 2


def test_a_report_is_never_written_over_the_corpus_or_into_its_folder(seed_corpus: Path) -> None:
    # `check corpus.jsonl -o corpus.jsonl` replaced the check corpus with the report, and
    # `check corpus/ -o corpus/result.txt` left a .txt that the next run scored as a draft
    # (failing --fail-under on the gate's own report).
    articles = seed_corpus / "articles.jsonl"
    before = articles.read_bytes()
    for corpus, output in (
        (articles, articles),
        (seed_corpus, seed_corpus / "result.txt"),
        (seed_corpus, seed_corpus / "pairs.csv"),
    ):
        result = runner.invoke(app, ["check", str(corpus), "-o", str(output), "-f", "json"])
        assert result.exit_code == 2, result.output
        assert "--output" in result.output
    assert articles.read_bytes() == before
    assert not (seed_corpus / "result.txt").exists()
    assert (seed_corpus / "pairs.csv").read_text().startswith("attributed_id,unsourced_id")
    outside = seed_corpus.parent / "result.json"
    result = runner.invoke(app, ["check", str(seed_corpus), "-o", str(outside)])
    assert result.exit_code == 0, result.output
    assert json.loads(outside.read_text())["passed"] is True


def test_a_check_that_gates_nothing_but_scoring_passes_with_a_warning(tmp_path: Path) -> None:
    # The seed folder (articles, no labels in them) passed without a word: nothing was gated.
    corpus = tmp_path / "drafts"
    corpus.mkdir()
    shutil.copy(EXAMPLES / "unsourced_000.txt", corpus)
    (corpus / "notes.tsv").write_text("unsourced_000.txt\tto rewrite\n", encoding="utf-8")
    (corpus / "pyproject.toml").write_text("[tool.other]\n", encoding="utf-8")  # check's own
    result = runner.invoke(app, ["check", str(corpus)])
    assert result.exit_code == 0, result.output
    assert "no gate but scoring tested anything" in result.stderr
    assert "skipped 1 .tsv (not article files" in result.stderr and ".toml" not in result.stderr
    gated = runner.invoke(app, ["check", str(corpus), "--fail-under", "0.1"])
    assert gated.exit_code == 0 and "no gate but scoring" not in gated.stderr


def test_a_report_that_cannot_be_written_is_refused_before_scoring(seed_corpus: Path) -> None:
    result = runner.invoke(app, ["check", str(seed_corpus), "-o", "/proc/report.json"])
    assert result.exit_code == 2
    assert result.stdout == "" and "cannot write '/proc/report.json'" in result.stderr


def test_a_report_on_a_full_device_is_an_output_error(seed_corpus: Path, tmp_path: Path) -> None:
    full = tmp_path / "full"
    try:
        os.mknod(full, 0o666 | stat.S_IFCHR, os.makedev(1, 7))  # /dev/full's numbers
    except (PermissionError, AttributeError):
        pytest.skip("making a device file needs root on Linux")
    result = runner.invoke(app, ["check", str(seed_corpus), "-o", str(full)])
    assert result.exit_code == 5, result.output
    assert f"sourcecheck: error: cannot write '{full}': No space left on device" in result.stderr


def test_the_seed_folder_is_checked_with_its_labels_tsv() -> None:
    # It said "ROC AUC on 0 labelled items n/a": the labels were in labels.tsv.
    result = runner.invoke(app, ["check", str(EXAMPLES), "--min-auc", "0.9"])
    assert result.exit_code == 0, result.output
    assert "2 items, ROC AUC on 2 labelled items 1.000" in result.stdout
    assert "skipped" not in result.stderr  # labels.tsv is the folder's, not a stray file


def test_a_bad_labels_tsv_is_a_usage_error(tmp_path: Path) -> None:
    corpus = Path(shutil.copytree(EXAMPLES, tmp_path / "seeds"))
    (corpus / "labels.tsv").write_text("path\tlabel\nunsourced_001.txt\t0\n")
    result = runner.invoke(app, ["check", str(corpus)])
    assert result.exit_code == 2, result.output
    assert "'unsourced_001.txt' is not a .txt, .md or .html article file in" in result.stderr


def test_a_pair_naming_an_unknown_id_is_a_usage_error_not_a_failed_gate(tmp_path: Path) -> None:
    # Exit 1, as for a regression, when the pairs file only had a typo.
    rows = [seed_row("attributed_002.txt", "x", 1), seed_row("unsourced_000.txt", "y", 0)]
    corpus = write_corpus(tmp_path / "c", rows, [("x", "yy")])
    result = runner.invoke(app, ["check", str(corpus)])
    assert result.exit_code == 2, result.output
    assert "the pairs name ids that no corpus item has: yy (pair 1)" in result.stderr
