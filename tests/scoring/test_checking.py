"""The check gates, settings and report formats (small hand-made items; one real run)."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path
from xml.etree import ElementTree

import pandas as pd
import pytest

from sourcecheck.scoring import checking
from sourcecheck.scoring.checking import ItemResult, Settings
from sourcecheck.scoring.errors import UsageError

CURATED = Path(__file__).resolve().parents[2] / "data" / "curated"


def item(ident: str, score: float | None, label: int | None = None, **extra) -> ItemResult:
    band = None if score is None else "low" if score < 0.3 else "high" if score >= 0.8 else "medium"
    status = "ok" if score is not None else "error"
    return ItemResult(ident, f"c.jsonl:{ident}", status, score, band, label, **extra)


def test_auc_gate_fails_under_the_threshold_and_says_by_how_much() -> None:
    items = [item("a", 0.9, 1), item("b", 0.2, 0), item("c", 0.5, 1), item("d", 0.6, 0)]
    gate, auc = checking.auc_check(items, min_auc=0.8)
    assert auc == pytest.approx(0.75)
    assert gate.failures == ["ROC AUC 0.750 on 4 labelled items is under 0.8"]
    assert checking.auc_check(items, min_auc=0.7)[0].passed


def test_auc_gate_needs_both_labels_only_when_asked_for() -> None:
    items = [item("a", 0.9, 1), item("b", 0.2, None)]
    assert checking.auc_check(items, None)[0].tested == 0
    gate, auc = checking.auc_check(items, 0.5)
    assert auc is None and "both labels" in gate.failures[0]


def test_labelled_pairs_name_the_pair_the_labels_and_both_scores() -> None:
    items = [item("good", 0.3, 1), item("bad", 0.9, 0)]
    (failure,) = checking.pairs_check(items, [("good", "bad")]).failures
    assert failure == (
        "pair 1 (good, bad) ordered wrongly: good should score above bad (good is labelled 1 "
        "and bad 0), but scores 0.300 vs 0.900"
    )


def test_a_pair_whose_labels_contradict_its_columns_is_a_usage_error_naming_it() -> None:
    # The file lists "good" as attributed but it is labelled 0: the pair was silently
    # checked the other way round, so a pairs file written backwards went unnoticed.
    items = [item("good", 0.9, 0), item("bad", 0.3, 1), item("x", 0.5, 1), item("y", 0.4)]
    with pytest.raises(UsageError) as raised:
        checking.pairs_check(items, [("x", "y"), ("good", "bad")])
    assert raised.value.message == (
        "pair 2 (good, bad): the attributed_id item is labelled 0 and the unsourced_id item "
        "1, so the columns look swapped: attributed_id names the item labelled 1"
    )
    # One label only, or none, says nothing about the columns: the file's order holds.
    assert checking.pairs_check(items, [("good", "y"), ("y", "bad")]).tested == 2


def test_pairs_without_labels_keep_the_file_order() -> None:
    items = [item("a", 0.8), item("b", 0.4)]
    assert checking.pairs_check(items, [("a", "b")]).passed
    assert "ordered wrongly" in checking.pairs_check(items, [("b", "a")]).failures[0]


def test_a_pair_naming_an_id_not_in_the_corpus_is_a_usage_error_naming_it() -> None:
    # It failed the gate (exit 1, "not in the corpus"): a typo looked like a regression.
    items = [item("a", 0.8), item("b", 0.4)]
    with pytest.raises(UsageError) as raised:
        checking.pairs_check(items, [("a", "b"), ("a", "zzz"), ("bb", "b")])
    assert raised.value.message == (
        "the pairs name ids that no corpus item has: zzz (pair 2), bb (pair 3); a pair names "
        "a row's id, or a file's path inside the corpus folder"
    )


def test_a_pair_naming_an_id_two_items_share_is_a_usage_error_naming_it() -> None:
    # The gate compared against whichever item with the id came last, silently.
    items = [item("x", 0.9, 1), item("x", 0.2, 1), item("y", 0.3, 0), item("z", 0.1, 0)]
    items[1].input = "c.jsonl:2"
    with pytest.raises(
        UsageError, match=r"more than one corpus item has: x \(c.jsonl:x, c.jsonl:2\)"
    ):
        checking.pairs_check(items, [("x", "y")])
    assert checking.pairs_check(items, [("y", "z")]).tested == 1  # unpaired duplicates: fine


def test_pairs_name_whole_files_by_their_path_inside_the_corpus_folder(tmp_path: Path) -> None:
    # A file's id is its path as given: the pairs.csv beside the articles matched them from
    # `check .` inside the folder, but not from `check drafts` ("not in the corpus").
    folder = tmp_path / "drafts"
    folder.mkdir()
    for name, text in (("good.txt", "Mayor Jane Doe said on Monday."), ("bad.txt", "It may.")):
        (folder / name).write_text(text)
    (folder / "pairs.csv").write_text("attributed_id,unsourced_id\ngood.txt,bad.txt\n")
    report = checking.run_check(folder, checking.resolve_settings(folder, Settings()))
    pairs = next(gate for gate in report.gates if gate.name == "pairs")
    assert pairs.tested == 1 and pairs.passed, pairs.failures


def test_bands_accept_one_band_or_a_list_and_say_which_item_left() -> None:
    inside = item("in", 0.5, expected_band=["medium", "high"])
    outside = item("out", 0.1, expected_band=["medium", "high"])
    gate = checking.bands_check([inside, outside])
    assert gate.tested == 2
    assert gate.failures == [
        "item out left its expected band: low (score 0.100), expected medium or high"
    ]
    assert outside.failures == gate.failures and not inside.failures
    assert checking.allowed_bands("high", "x") == ["high"]
    with pytest.raises(UsageError, match="expected_band"):
        checking.allowed_bands("excellent", "x")


def test_csv_and_parquet_rows_carry_expected_bands(tmp_path: Path) -> None:
    # Only JSON Lines rows were read: a CSV's expected_band column was silently ignored
    # and the bands gate skipped.
    text = "It is believed that things may change, some say."
    rows = pd.DataFrame({"id": ["a", "b"], "text": [text, text], "label": ["0", ""]})
    csv = tmp_path / "drafts.csv"
    rows.assign(expected_band=["high", "medium | high"]).to_csv(csv, index=False)
    tsv = tmp_path / "drafts.tsv"  # a named .tsv is read as a tab-separated CSV
    rows.assign(expected_band=["high", "medium | high"]).to_csv(tsv, sep="\t", index=False)
    parquet = tmp_path / "drafts.parquet"
    rows.assign(expected_band=[["high"], None]).to_parquet(parquet)
    array = tmp_path / "drafts.json"  # a named .json array of rows
    rows.assign(expected_band=[["high"], None]).to_json(array, orient="records")
    for path, tested in ((csv, 2), (tsv, 2), (parquet, 1), (array, 1)):
        report = checking.run_check(path, Settings())
        bands = next(gate for gate in report.gates if gate.name == "bands")
        assert bands.tested == tested, path
        assert "item a left its expected band" in bands.failures[0]


def test_fail_under_checks_unlabelled_drafts_only_and_says_what_lowered_them() -> None:
    # The message was always "too few named sources", also for a draft naming four officials.
    reasons = [
        "3.2 boosters per 100 words (lowers the score)",
        "2 distinct named sources (raises the score)",
        "0 dates per 100 words (lowers the score)",
    ]
    items = [
        item("draft", 0.2, reasons=reasons),
        item("labelled", 0.1, 0),
        item("fine", 0.7),
        item("bare", 0.25),
    ]
    gate = checking.fail_under_check(items, 0.3)
    assert gate.tested == 3
    assert gate.failures == [
        "item draft scores 0.200, under 0.3: 3.2 boosters per 100 words; 0 dates per 100 words",
        "item bare scores 0.250, under 0.3",
    ]


def test_unscored_items_fail_the_scoring_gate() -> None:
    broken = item("x", None, error="empty text")
    gate = checking.scoring_check([broken, item("y", 0.5)])
    assert gate.failures == ["item x (c.jsonl:x) was not scored: empty text"]
    in_rows = ItemResult("r", "c.jsonl:3", "error", None, None, None, error="line 3: empty text")
    assert checking.scoring_check([in_rows]).failures == [
        "item r (c.jsonl line 3) was not scored: empty text"
    ]


EXAMPLES = CURATED.parent / "examples"


def test_a_folders_labels_tsv_labels_its_files_for_the_auc_and_pairs_gates(
    tmp_path: Path,
) -> None:
    # "check data/examples" said "0 labelled items", though its labels.tsv labels both
    # files and `train seeds` reads it; the pairs gate could not see the labels either.
    folder = Path(shutil.copytree(EXAMPLES, tmp_path / "examples"))
    (folder / "pairs.csv").write_text(
        "attributed_id,unsourced_id\nunsourced_000.txt,attributed_002.txt\n"
    )
    settings = checking.resolve_settings(folder, Settings(min_auc=0.9))
    with pytest.raises(UsageError, match=r"pair 1 \(unsourced_000.txt, attributed_002.txt\)"):
        checking.run_check(folder, settings)
    (folder / "pairs.csv").write_text(
        "attributed_id,unsourced_id\nattributed_002.txt,unsourced_000.txt\n"
    )
    report = checking.run_check(folder, settings)
    labels = {Path(item.input).name: item.label for item in report.items}
    assert labels == {"attributed_002.txt": 1, "unsourced_000.txt": 0}
    assert report.passed and report.auc == 1.0 and report.auc_items == 2
    assert all(gate.tested for gate in report.gates if gate.name in ("auc", "pairs"))


def test_a_labels_tsv_gives_its_files_their_ids(tmp_path: Path) -> None:
    # Its id column, "optional id" in the help, was read and dropped: the items kept
    # their paths as ids, and a pairs.csv could not name them by it.
    folder = Path(shutil.copytree(EXAMPLES, tmp_path / "examples"))
    for attributed, unsourced in [("seed-002", "seed-000"), ("attributed_002.txt", "seed-000")]:
        (folder / "pairs.csv").write_text(f"attributed_id,unsourced_id\n{attributed},{unsourced}\n")
        report = checking.run_check(folder, checking.resolve_settings(folder, Settings()))
        ids = {Path(item.input).name: item.id for item in report.items}
        assert ids == {"attributed_002.txt": "seed-002", "unsourced_000.txt": "seed-000"}
        assert report.passed and next(g for g in report.gates if g.name == "pairs").tested


def test_an_id_a_labels_tsv_gives_must_be_the_items_own(tmp_path: Path) -> None:
    folder = Path(shutil.copytree(EXAMPLES, tmp_path / "examples"))
    labels = folder / "labels.tsv"
    labels.write_text("id\tpath\tlabel\ns\tunsourced_000.txt\t0\ns\tattributed_002.txt\t1\n")
    with pytest.raises(UsageError, match=f"{labels}: the id 's' is given twice"):
        checking.run_check(folder, Settings())
    labels.write_text("id\tpath\tlabel\nr1\tunsourced_000.txt\t0\n")
    (folder / "rows.jsonl").write_text('{"id": "r1", "text": "Mayor Jane Doe said so."}\n')
    with pytest.raises(UsageError, match=r"labels.tsv gives ids that other corpus items have"):
        checking.run_check(folder, Settings())


@pytest.mark.parametrize(
    ("rows", "said"),
    [
        ("gone.txt\t1\n", "'gone.txt' is not a .txt, .md or .html article file in"),
        ("rows.jsonl\t1\n", "'rows.jsonl' is not a .txt, .md or .html article file in"),
        ("a.txt\tyes\n", "line 2: label 'yes' of 'a.txt' is not 0 or 1 (or true/false)"),
        ("a.txt\t1\na.txt\t0\n", "'a.txt' is named twice"),
    ],
)
def test_a_labels_tsv_row_that_labels_nothing_is_a_usage_error_naming_it(
    tmp_path: Path, rows: str, said: str
) -> None:
    (tmp_path / "a.txt").write_text("Mayor Jane Doe said on Monday.")
    (tmp_path / "rows.jsonl").write_text('{"text": "It may.", "label": 0}\n')
    (tmp_path / "labels.tsv").write_text("path\tlabel\n" + rows)
    with pytest.raises(UsageError) as raised:
        checking.file_labels(tmp_path, checking.article_files(tmp_path))
    assert raised.value.message.startswith(f"{tmp_path / 'labels.tsv'}: ")
    assert said in raised.value.message


def test_settings_command_line_beats_corpus_beats_project(tmp_path: Path) -> None:
    project, corpus = tmp_path / "project", tmp_path / "corpus"
    project.mkdir()
    corpus.mkdir()
    (project / "pyproject.toml").write_text(
        "[tool.sourcecheck.check]\nmin-auc = 0.6\nfail-under = 0.2\n"
    )
    (corpus / "pyproject.toml").write_text("[tool.sourcecheck.check]\nmin-auc = 0.7\n")
    (corpus / "pairs.csv").write_text("attributed_id,unsourced_id\n")
    resolved = checking.resolve_settings(corpus, Settings(), project)
    assert resolved == Settings(min_auc=0.7, fail_under=0.2, pairs=str(corpus / "pairs.csv"))
    given = Settings(min_auc=0.9)
    assert checking.resolve_settings(corpus, given, project).min_auc == 0.9


def test_unknown_config_keys_are_refused(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.sourcecheck.check]\nmin_auc = 0.7\n")
    with pytest.raises(UsageError, match="unknown key"):
        checking.config_table(tmp_path)


def test_folder_articles_skip_the_pairs_labels_readme_and_config(tmp_path: Path) -> None:
    for name in ("articles.jsonl", "pairs.csv", "labels.tsv", "README.md", "pyproject.toml"):
        (tmp_path / name).write_text("x")
    assert checking.article_files(tmp_path) == [str(tmp_path / "articles.jsonl")]


def test_junit_parses_with_a_control_character_in_an_id() -> None:
    # An id from a scraped corpus held "\x0b": ElementTree wrote it as is, and no JUnit
    # reader could parse the report.
    items = [item("a\x0bb", 0.2, 1), item("c", 0.9, 0)]
    gates = [checking.auc_check(items, 0.9)[0]]
    report = checking.CheckReport("c\x01", Settings(min_auc=0.9), items, gates, 0.0)
    suite = ElementTree.fromstring(checking.format_junit(report))
    assert next(case.get("name") for case in suite.iter("testcase")) == "a\ufffdb"


def test_reports_junit_parses_and_github_escapes() -> None:
    items = [item("a", 0.9, 1), item("b", 0.95, 0, expected_band=["low"])]
    report = checking.CheckReport(
        "c",
        Settings(min_auc=0.9),
        items,
        [
            checking.scoring_check(items),
            checking.auc_check(items, 0.9)[0],
            checking.bands_check(items),
        ],
        0.0,
    )
    suite = ElementTree.fromstring(checking.format_junit(report))
    assert suite.get("tests") == "5" and suite.get("failures") == "3"
    failed = {
        case.get("name") for case in suite.iter("testcase") if case.find("failure") is not None
    }
    assert failed == {"b", "auc", "bands"}
    github = checking.format_github(report)
    assert "::error title=sourcecheck check%3A auc::ROC AUC 0.000" in github
    assert json.loads(checking.format_json(report))["passed"] is False
    assert "FAILED" in checking.format_text(report)


def test_the_curated_corpus_notes_cite_no_model_but_the_shipped_one() -> None:
    # They named the model measured by its sha256, which went stale with each retraining.
    model = CURATED.parents[1] / "data" / "models" / "sourcecheck.skops"
    shipped = hashlib.sha256(model.read_bytes()).hexdigest()
    for name in ("README.md", "pyproject.toml"):
        cited = re.findall(r"sha256\W+([0-9a-f]{8,64})\b", (CURATED / name).read_text())
        assert all(shipped.startswith(digest) for digest in cited), (name, cited)


def test_the_curated_corpus_passes_its_own_gate() -> None:
    settings = checking.resolve_settings(CURATED, Settings())
    assert settings.min_auc is not None and settings.pairs
    report = checking.run_check(CURATED, settings)
    assert report.passed, report.failures()
    assert 40 <= len(report.items) <= 102
    assert report.items[0].id == "seed-002" and report.items[1].id == "seed-000"
