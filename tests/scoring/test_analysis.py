import pytest

from sourcecheck.scoring import analysis
from sourcecheck.scoring.analysis import AnalysisOptions, analyze_article
from sourcecheck.scoring.articles import Article


def test_an_extractor_failure_is_a_one_line_error_record(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> None:
        raise ValueError("first line\nsecond line")

    monkeypatch.setattr(analysis, "extract_all", broken)
    record = analyze_article(Article(id="a", text="Said so.", input="a"), AnalysisOptions())
    assert record["status"] == "error"
    assert record["error"] == "could not analyse the text: ValueError: first line second line"
