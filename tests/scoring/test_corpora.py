"""Training data adapters: the shared corpora (skipped when absent), seeds, a user's file."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from sourcecheck.scoring import corpora
from sourcecheck.scoring.errors import SourcecheckError, UsageError

ROOT = corpora.corpora_root(must_exist=False)
needs_corpora = pytest.mark.skipif(
    not ROOT.is_dir(),
    reason=f"corpora not found at {ROOT} (set SOURCECHECK_CORPORA to their folder)",
)


def test_missing_root_names_the_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SOURCECHECK_CORPORA", str(tmp_path / "nowhere"))
    with pytest.raises(SourcecheckError, match="nowhere"):
        corpora.corpora_root()


def test_seeds() -> None:
    seeds = corpora.load_corpus("seeds")
    assert list(seeds.columns) == corpora.COLUMNS
    assert dict(zip(seeds["id"], seeds["label"], strict=True)) == {"seed-000": 0, "seed-002": 1}
    assert seeds["source"].nunique() == 2


def test_a_labels_tsv_needs_its_columns_and_labels_of_0_or_1(tmp_path: Path) -> None:
    # int(label) of pandas' cell: a "yes" was a ValueError traceback, a missing column a
    # KeyError; check reads the same file now, so it must say what is wrong.
    path = tmp_path / "labels.tsv"
    path.write_text("id\tpath\tlabel\ns-1\ta.txt\ttrue\n\tb.txt\t0\n", encoding="utf-8")
    assert corpora.read_labels(path) == [("s-1", "a.txt", 1), ("b.txt", "b.txt", 0)]
    path.write_text("a.txt\t1\n", encoding="utf-8")
    with pytest.raises(UsageError, match="needs a header with the columns path and label"):
        corpora.read_labels(path)
    path.write_text("path\tlabel\na.txt\t2\n", encoding="utf-8")
    with pytest.raises(UsageError, match=r"line 2: label '2' of 'a.txt' is not 0 or 1"):
        corpora.read_labels(path)


@pytest.mark.parametrize(
    "written",
    [
        "path\tlabel\nJos\u00e9.txt\t1\n".encode("cp1252"),
        "path\tlabel\na.txt\t1\n".encode("utf-16"),  # a spreadsheet's "Unicode Text"
    ],
)
def test_a_labels_tsv_that_is_not_utf8_is_a_usage_error(tmp_path: Path, written: bytes) -> None:
    # A UnicodeDecodeError traceback: an internal error (exit 3).
    path = tmp_path / "labels.tsv"
    path.write_bytes(written)
    with pytest.raises(UsageError, match=f"{path}: not UTF-8 text; save it as UTF-8"):
        corpora.read_labels(path)


@pytest.mark.parametrize("row", ["a.txt\n", "a.txt\t\n", "a.txt\t \n"])
def test_a_labels_tsv_row_without_a_label_says_so(tmp_path: Path, row: str) -> None:
    # It said "label None of 'a.txt' is not 0 or 1".
    path = tmp_path / "labels.tsv"
    path.write_text("path\tlabel\nb.txt\t0\n" + row, encoding="utf-8")
    with pytest.raises(UsageError, match=f"{path}: line 3: 'a.txt' has no label$"):
        corpora.read_labels(path)


def test_publisher_from_url() -> None:
    assert corpora.publisher_from_url("http://politi.co/2cZ") == "politico"
    assert corpora.publisher_from_url("https://www.cnn.com/2016/x") == "cnn"
    assert corpora.publisher_from_url("http://author.addictinginfo.org/a") == "addicting-info"
    assert corpora.publisher_from_url("http://news.example.co.uk/a") == "example.co.uk"
    assert corpora.publisher_from_url("https://goo.gl/xyz") == ""


def test_user_corpus_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "mine.jsonl"
    rows = [
        {"id": "a", "text": "One.", "label": 1, "source": "x"},
        {"id": "b", "text": "Two.", "label": "0", "url": "https://www.cnn.com/b"},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    frame = corpora.load_corpus(str(path))
    assert frame["label"].tolist() == [1, 0]
    assert frame["source"].tolist() == ["x", "cnn"]


def test_user_corpus_without_publishers_warns(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # Each article then is its own group: "GroupKFold by publisher" was printed over what
    # were random splits, with no word that the figures are optimistic.
    path = tmp_path / "mine.jsonl"
    rows = [
        {"id": "a", "text": "One.", "label": 1, "source": "x"},
        {"id": "b", "text": "Two.", "label": 0},
        {"id": "c", "text": "Three.", "label": 0, "url": "https://www.cnn.com/c"},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    with caplog.at_level("WARNING"):
        frame = corpora.load_corpus(str(path))
    assert frame["source"].tolist() == ["x", "b", "cnn"]
    assert "1 of 3 articles have no source or url" in caplog.text
    (tmp_path / "grouped.jsonl").write_text(json.dumps(rows[0]) + "\n")
    caplog.clear()
    with caplog.at_level("WARNING"):
        corpora.load_corpus(str(tmp_path / "grouped.jsonl"))
    assert "no source" not in caplog.text


def test_user_corpus_needs_labels(tmp_path: Path) -> None:
    path = tmp_path / "mine.csv"
    pd.DataFrame({"text": ["a b c"], "label": ["maybe"]}).to_csv(path, index=False)
    # It said "row 1 has no label" for a label that was there but not 0 or 1, then "label
    # 'maybe' ignored: ..." for a label that stopped the run.
    with pytest.raises(SourcecheckError) as refused:
        corpora.load_corpus(str(path))
    assert refused.value.message == (
        f"{path}:1: label 'maybe' is not 0/1 or true/false; every training article needs "
        "label 0 or 1"
    )
    path.write_text("text,label\na b c,\n")
    with pytest.raises(SourcecheckError, match=r"mine.csv:1: no label; every training"):
        corpora.load_corpus(str(path))
    with pytest.raises(SourcecheckError, match="not found"):
        corpora.load_corpus(str(tmp_path / "absent.jsonl"))


def test_an_id_shared_by_different_articles_is_refused(tmp_path: Path) -> None:
    # Two files numbering their rows 0, 1, ...: the second file's articles were dropped
    # silently (training on half the data). The same article given twice counts once.
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_text(json.dumps({"id": "0", "text": "One.", "label": 1, "source": "x"}) + "\n")
    second.write_text(json.dumps({"id": "0", "text": "Two.", "label": 0, "source": "y"}) + "\n")
    with pytest.raises(SourcecheckError, match=r"id '0' names 2 different articles \(in a.jsonl"):
        corpora.load_corpora([str(first), str(second)])
    assert len(corpora.load_corpora([str(first), str(first)])) == 1


@needs_corpora
def test_buzzfeed() -> None:
    frame = corpora.load_corpus("buzzfeed_webis_2016")
    assert set(frame["label"]) == {0, 1}
    assert frame["source"].nunique() == 9
    assert frame["text"].map(corpora.n_words).min() >= corpora.MIN_WORDS
    assert frame["text"].str.contains("\n").mean() > 0.5  # paragraphs restored
    assert frame["id"].is_unique


@needs_corpora
def test_fakenewsnet_is_deduplicated_against_buzzfeed() -> None:
    fnn = corpora.load_corpus("fakenewsnet_v1")
    urls, titles = corpora.load_buzzfeed_keys()
    assert not set(fnn["url"].map(corpora.normalise_url)) & urls
    long_titles = {t for t in fnn["title"].map(corpora.normalise_title) if t.count(" ") >= 3}
    assert not long_titles & titles
    assert set(fnn["label"]) == {0, 1}


@needs_corpora
def test_what_the_built_in_corpora_leave_out_is_counted_by_reason() -> None:
    # evaluate reported 1524 BuzzFeed articles of 1627 files without a word on the rest.
    frame = corpora.load_corpora(["buzzfeed_webis_2016", "fakenewsnet_v1", "seeds"])
    left_out = frame.attrs[corpora.LEFT_OUT]
    assert set(left_out) == {"buzzfeed_webis_2016", "fakenewsnet_v1"}  # the seeds lose none
    files = len(corpora.buzzfeed_files())
    kept = (frame["corpus"] == "buzzfeed_webis_2016").sum()
    assert kept + sum(left_out["buzzfeed_webis_2016"].values()) == files
    assert left_out["buzzfeed_webis_2016"][corpora.SHORT] > 0


def test_left_out_lines_name_each_reason() -> None:
    frame = pd.DataFrame()
    frame.attrs[corpora.LEFT_OUT] = {"c": {"no factual content": 2, "under 50 words": 1}}
    assert corpora.left_out_lines(frame) == [
        "c: left out 3 article(s): 2 no factual content, 1 under 50 words"
    ]
    assert corpora.left_out_lines(pd.DataFrame()) == []


@needs_corpora
def test_golbeck_reads_cp1252_and_publishers() -> None:
    frame = corpora.load_corpus("golbeck_fake_vs_satire")
    assert set(frame["label"]) == {0}
    assert not frame["text"].str.contains("\ufffd").all()
    assert (~frame["source"].str.startswith("golbeck:")).mean() > 0.5


def test_checkout_root_is_the_source_checkout_and_repo_root_falls_back_to_it() -> None:
    checkout = corpora.checkout_root()
    repo = Path(__file__).resolve().parents[2]
    # an editable install runs the checkout's own file; a regular one runs a copy, which a
    # virtualenv inside the checkout (the README's .venv) also keeps under the repository
    if Path(corpora.__file__).resolve() == repo / "scoring" / "corpora.py":
        assert checkout == repo and (checkout / "pyproject.toml").is_file()
        assert corpora.repo_root() == checkout
    else:  # a regular one (the README's, compiled): a copy in site-packages
        assert checkout is None
        assert corpora.repo_root() == Path.cwd()
