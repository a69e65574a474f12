"""The notebook API: texts and DataFrames in, DataFrames out, same scores as the CLI."""

from __future__ import annotations

import inspect
import math
from pathlib import Path

import pandas as pd
import pytest

from sourcecheck.features.families import feature_names
from sourcecheck.scoring.api import score_frame, score_texts
from sourcecheck.scoring.errors import UsageError


@pytest.fixture(scope="module")
def scored(attributed_text: str, unsourced_text: str):
    return score_texts([attributed_text, unsourced_text, "  "], ids=["att", "uns", "empty"])


def test_table_keeps_every_input_in_order_with_errors(scored) -> None:
    table = scored.table()
    assert list(table["id"]) == ["att", "uns", "empty"]
    assert list(table["status"]) == ["ok", "ok", "error"]
    assert table.loc[0, "score"] > table.loc[1, "score"] + 0.3
    assert math.isnan(table.loc[2, "score"])


def test_no_texts_give_an_empty_table_with_its_columns() -> None:
    # It had no columns at all, so table()["score"] raised KeyError on an empty batch.
    assert list(score_texts([]).table().columns) == ["id", "status", "error", "score", "band"]


def test_features_and_contributions_add_up_to_the_score(scored) -> None:
    features = scored.features()
    assert list(features.columns) == feature_names()
    assert features.loc["empty"].isna().all()
    contributions = scored.contributions()
    # They were ordered by the first article's largest effect: compare frames column-wise.
    assert list(contributions.columns) == list(features.columns)
    record = scored.record("att")
    logit = record["intercept"] + contributions.loc["att"].sum()
    assert 1 / (1 + math.exp(-logit)) == pytest.approx(record["score"], abs=1e-4)


def test_evidence_and_sentences_index_the_text(scored, attributed_text: str) -> None:
    evidence = scored.evidence()
    quotes = evidence[(evidence["id"] == "att") & (evidence["kind"] == "quote")]
    start, end = int(quotes.iloc[0]["start"]), int(quotes.iloc[0]["end"])
    assert quotes.iloc[0]["text"] == attributed_text[start:end]
    sentences = scored.sentences("uns")
    assert sentences["evidence"].str.contains("hedge:authorial").any()
    assert not sentences["evidence"].str.contains("quote").any()
    hedged = sentences[sentences["evidence"].str.contains("hedge:authorial")]
    assert hedged["notes"].str.contains("authorial hedge").all()


def test_sentences_of_an_article_that_could_not_be_scored_say_why(scored) -> None:
    # It said "score with explain=True", which the caller had done.
    why = "empty: not scored, so no text: text 2: empty text"  # texts[2]
    with pytest.raises(ValueError, match=why) as caught:
        scored.sentences("empty")
    assert "explain" not in str(caught.value)


def test_html_escapes_the_text_and_marks_evidence(scored) -> None:
    html = scored.html("att")
    assert '<span class="ev quote"' in html and "<style>" in html


def test_score_frame_keeps_row_ids_and_source() -> None:
    frame = pd.DataFrame(
        {"id": ["x"], "text": ["The minister said on Monday that the bridge will reopen."],
         "source": ["wire"]}
    )  # fmt: skip
    scored = score_frame(frame, explain=False)
    assert scored.table().to_dict("records")[0]["id"] == "x"
    with pytest.raises(ValueError, match="explain=True"):
        scored.evidence()


def test_score_frame_takes_ids_from_the_index_without_an_id_column() -> None:
    text = "The mayor said on Monday that the bridge would close for repairs next week."
    frame = pd.DataFrame({"text": [text, text]}, index=["first", "second"])
    assert [r["id"] for r in score_frame(frame, explain=False).records] == ["first", "second"]


def test_score_texts_takes_a_lone_string_as_one_text() -> None:
    table = score_texts("The minister said on Monday that the road will reopen.").table()
    assert table["id"].tolist() == ["0"] and table["status"].tolist() == ["ok"]


def test_score_texts_needs_one_id_per_text() -> None:
    with pytest.raises(ValueError, match="2 texts but 1 ids"):
        score_texts(["One said so.", "Two said so."], ids=["a"])


def test_score_texts_says_it_wants_a_list_of_strings() -> None:
    # None gave a bare "'NoneType' object is not iterable".
    with pytest.raises(TypeError, match=r"takes a list of strings .* not NoneType"):
        score_texts(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="use score_frame"):
        score_texts(pd.DataFrame({"text": ["The mayor said so."]}))  # type: ignore[arg-type]


def test_score_texts_says_what_to_call_for_a_dict_or_bytes() -> None:
    # A dict was scored as its keys, bytes as one error per byte.
    with pytest.raises(TypeError, match=r"not dict; .*score_texts\(list\(texts.values\(\)\)"):
        score_texts({"a": "The mayor said so."})  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"not bytes; decode bytes first"):
        score_texts(b"The mayor said so.")  # type: ignore[arg-type]


def test_score_texts_ids_are_read_as_a_frames_ids() -> None:
    # 1.0 was "1.0", None "None", and a boolean "True", where a frame and the CLI differ.
    texts = ["The mayor said so on Monday."] * 3
    records = score_texts(texts, ids=[1.0, None, True], explain=False).records
    assert [(r["id"], r["status"]) for r in records] == [
        ("1", "ok"),
        ("1", "ok"),
        ("<texts>:2", "error"),
    ]
    assert records[2]["error"] == "text 2: id is not a string or number (got a boolean)"
    assert score_texts(texts[:1], ids=[float("nan")], explain=False).records[0]["id"] == "0"


def test_score_texts_errors_name_a_text_by_its_id() -> None:
    # Ids count from 0 but the error said "row 2" of the text whose id is "1".
    (_, empty) = score_texts(["The mayor said so on Monday.", " "], explain=False).records
    assert (empty["id"], empty["input"], empty["error"]) == ("1", "<texts>:1", "text 1: empty text")


def test_record_finds_an_id_given_as_the_frame_held_it() -> None:
    # Integer ids are records' text ids: record(1) raised KeyError 'no article with id 1'.
    frame = pd.DataFrame({"id": [1, 2], "text": ["The mayor said so.", "Reports suggest it."]})
    scored = score_frame(frame, explain=False)
    assert scored.record(1)["id"] == "1" and scored.record("2")["id"] == "2"


def test_jobs_zero_or_minus_one_means_one_per_core() -> None:
    # The CLI's --jobs 0, and scikit-learn's n_jobs=-1, used to fail in the process pool.
    texts = [f"The minister said on Monday that {i} roads will reopen." for i in range(70)]
    one = score_texts(texts, explain=False).table()
    for jobs in (0, -1):
        assert score_texts(texts, explain=False, jobs=jobs).table().equals(one)


def test_table_shows_the_warnings_a_record_carries() -> None:
    # table() dropped them: a one-word text scored "medium" with no hint that the score
    # means little, though the CLI's table and CSV show the warning.
    table = score_texts(["Officials said.", "  "], explain=False).table()
    assert "only 2 words" in table.loc[0, "warnings"][0]
    assert list(score_texts([]).table().columns) == ["id", "status", "error", "score", "band"]


def test_contributions_and_evidence_without_explain_say_so() -> None:
    # They were empty frames, as if the model had found nothing.
    plain = score_texts(["Officials said on Monday that the plan passed."], explain=False)
    with pytest.raises(ValueError, match="explain=True"):
        plain.contributions()
    with pytest.raises(ValueError, match="explain=True"):
        plain.evidence()
    # html() rendered a page saying "sourcecheck score --format html adds it".
    with pytest.raises(ValueError, match="explain=True"):
        plain.html("0")
    # Nothing scored, nothing to explain: still the empty frames.
    assert score_texts(["  "], explain=False).evidence().empty


def test_score_frame_errors_name_what_the_user_gave() -> None:
    # Without a text column the error listed an 'id' column the API had added itself;
    # a list gave AttributeError: 'list' object has no attribute 'columns'.
    with pytest.raises(UsageError, match=r"columns found: 'body'\)"):
        score_frame(pd.DataFrame({"body": ["x"]}))
    with pytest.raises(TypeError, match="use score_texts"):
        score_frame(["The mayor said so."])  # type: ignore[arg-type]


def test_record_refuses_an_id_two_articles_share() -> None:
    # It returned the first silently, so sentences() and html() showed one of them.
    scored = score_texts(["The mayor said so.", "Reports suggest it."], ids=["a", "a"])
    with pytest.raises(KeyError, match="2 articles have id 'a'"):
        scored.sentences("a")
    with pytest.raises(KeyError, match="no article"):
        scored.record("b")


def test_score_texts_shows_its_options() -> None:
    # They hid behind **options: help(score_texts) and tab completion showed none.
    parameters = inspect.signature(score_texts).parameters
    assert {"explain", "model", "jobs", "lexicon_dir"} <= set(parameters)
    assert "explain" in (score_texts.__doc__ or "")


def test_against_a_reference_corpus_adds_corroboration(
    flood_reference: tuple[str, Path], tmp_path: Path
) -> None:
    story, reference = flood_reference
    frame = pd.DataFrame({"id": ["own"], "source": ["herald"], "text": [story]})
    scored = score_frame(frame, against=str(reference))
    assert scored.features().loc["own", "corroboration__independent_outlets"] == 1
    evidence = scored.evidence()
    matches = evidence.loc[evidence["kind"] == "corroboration", "matches"]
    assert {m["id"] for found in matches for m in found} == {"other"}
    with pytest.raises(UsageError, match="no index or corpus"):
        score_texts([story], against=tmp_path / "nope")
