from collections import Counter

import pytest

from sourcecheck.features.document import Document
from sourcecheck.scoring import analysis
from sourcecheck.scoring.analysis import AnalysisOptions, analyze_article
from sourcecheck.scoring.articles import Article


def test_an_extractor_failure_is_a_one_line_error_record(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> None:
        raise ValueError("first line\nsecond line")

    monkeypatch.setattr(analysis, "extract_all", broken)
    record = analyze_article(Article(id="a", text="Said so.", input="a"), AnalysisOptions())
    assert record["status"] == "error"
    assert record["error"].startswith("internal error in sourcecheck, not in the text")
    assert record["error"].endswith("ValueError: first line second line")


def test_a_short_text_is_measured_with_a_warning() -> None:
    record = analyze_article(
        Article(id="a", text="Officials said on Monday the plan would work.", input="a"),
        AnalysisOptions(),
    )
    assert record["status"] == "ok"
    assert record["warnings"][0].startswith("only 8 words:")


def test_length_warning_is_none_from_fifty_words() -> None:
    assert analysis.length_warning(Document("word " * 50)) is None


def test_length_warning_of_one_word_is_singular() -> None:
    # "only 1 words".
    record = analyze_article(Article(id="a", text="Said.", input="a"), AnalysisOptions())
    assert record["warnings"][0].startswith("only 1 word:")


@pytest.mark.parametrize("text", ['"""“”', "— ... !?"])
def test_a_text_with_no_words_is_an_error_record(text: str) -> None:
    # Every rate would be 0/0, and the model would score the zeros.
    record = analyze_article(Article(id="a", text=text, input="a"), AnalysisOptions())
    assert (record["status"], record["error"]) == ("error", analysis.NO_WORDS)


def test_resume_warns_of_kept_rows_whose_ids_no_input_has(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # --resume kept an earlier run's rows for inputs no longer given, without a word.
    items = [Article(id=ident, text="Said so.", input=ident) for ident in ("a", "b")]
    done = Counter({"a": 1, "gone": 2, "old": 1})
    assert [item.id for item in analysis.skipping(items, done)] == ["b"]
    (warning,) = [record.getMessage() for record in caplog.records]
    assert warning.startswith("--resume kept 3 row(s) of the earlier output whose ids are not")
    assert "('gone', 'old')" in warning


def test_resume_says_nothing_when_every_kept_row_is_an_input(
    caplog: pytest.LogCaptureFixture,
) -> None:
    items = [Article(id=ident, text="Said so.", input=ident) for ident in ("a", "b")]
    assert list(analysis.skipping(items, Counter({"a": 1}))) == items[1:]
    assert not caplog.records
