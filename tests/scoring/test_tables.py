import io

import pytest

from sourcecheck.scoring.tables import FeatureTable, ScoreTable

# Ids, paths and error messages come from the input: rich must print them as they are.
MARKUP_ID = "[/x] a [b]bold[/b] id"


def printed(table: FeatureTable | ScoreTable, record: dict) -> str:
    table.write(record)
    table.close()
    return table.console.file.getvalue()  # type: ignore[attr-defined]


def ok_record(**extra: object) -> dict:
    record = {"id": MARKUP_ID, "input": "in[1].jsonl:1", "status": "ok", "error": None}
    return {**record, "features": {"hedging__cues_per_100_words": 1.0}, **extra}


def error_record() -> dict:
    return {"id": MARKUP_ID, "input": "in.jsonl:2", "status": "error", "error": "bad [/y] row"}


def test_score_table_prints_markup_in_ids_and_errors_literally() -> None:
    table = ScoreTable(io.StringIO())
    table.write(ok_record(score=0.5, band="medium", reasons=["[i]x[/i] reason"]))
    text = printed(table, error_record())
    assert text.count(MARKUP_ID) == 2
    assert "bad [/y] row" in text and "[i]x[/i] reason" in text


def test_feature_table_prints_markup_in_ids_and_errors_literally() -> None:
    ok_text = printed(FeatureTable(io.StringIO()), ok_record())
    assert MARKUP_ID in ok_text and "(in[1].jsonl:1)" in ok_text
    error_text = printed(FeatureTable(io.StringIO()), error_record())
    assert MARKUP_ID in error_text and "bad [/y] row" in error_text


def test_both_tables_show_the_warnings() -> None:
    record = ok_record(score=0.5, band="medium", reasons=[], warnings=["only 8 [words]"])
    for table in (ScoreTable(io.StringIO()), FeatureTable(io.StringIO())):
        assert "warning: only 8 [words]" in printed(table, record)


def test_score_table_says_what_against_found() -> None:
    # With --against the table showed the same three reasons as without: the shipped
    # model does not weigh corroboration, so nothing said what the reference corpus found.
    features = {
        "corroboration__corroborated_claim_share": 0.25,
        "corroboration__independent_outlets": 2.0,
        "corroboration__claim_count": 8.0,
    }
    record = ok_record(score=0.5, band="medium", reasons=["a reason"], features=features)
    text = " ".join(printed(ScoreTable(io.StringIO()), record).replace("│", " ").split())
    expected = (
        "a reason 25% of check-worthy claims also in independent outlets "
        "(2 of 8, 2 outlets; not in this model's score)"
    )
    assert expected in text
    contributions = [{"feature": "corroboration__independent_outlets", "value": 2.0, "effect": 0.1}]
    weighed = {**record, "contributions": contributions}
    text = " ".join(printed(ScoreTable(io.StringIO()), weighed).replace("│", " ").split())
    assert "(2 of 8, 2 outlets)" in text and "not in this model" not in text
    plain = printed(ScoreTable(io.StringIO()), ok_record(score=0.5, band="medium"))
    assert "outlets" not in plain


def test_tables_print_backslashes_and_emoji_codes_as_they_are() -> None:
    # Escaped markup doubled a trailing backslash ("back\" printed "back\\"), and rich
    # turned ":smile:" in an id or an article into an emoji.
    ident, text = "back\\", "Officials said :smile: on Monday it may rise \\"
    record = {
        "id": ident,
        "input": "in.jsonl:1",
        "status": "ok",
        "error": None,
        "features": {"hedging__cues_per_100_words": 1.0},
        "score": 0.5,
        "band": "medium",
        "reasons": ["a reason \\", ":x: reason"],
        "warnings": ["odd \\"],
        "text": text,
        "evidence": [{"kind": "hedge", "start": 38, "end": 41, "scope": "authorial"}],
    }
    out = printed(ScoreTable(io.StringIO(), explain=True), record)
    assert f"{ident}: 0.50 medium" in out and f"│ {ident} " in out
    assert text in out and "a reason \\ " in out and ":x: reason" in out
    assert "warning: odd \\ " in out and "\\\\" not in out and "😄" not in out
    features = printed(FeatureTable(io.StringIO()), record)
    assert f"{ident}  (in.jsonl:1)" in features and "warning: odd \\" in features
    error = {**record, "status": "error", "error": "bad :x: row \\"}
    assert "bad :x: row \\" in printed(FeatureTable(io.StringIO()), error)
    assert "bad :x: row \\ " in printed(ScoreTable(io.StringIO()), error)


def test_narrow_tables_fold_long_words_instead_of_cutting_them() -> None:
    # At 40 columns a URL in a sentence, and a long word in a reason, ended in "…".
    url = "https://example.org/a/very/long/path/that/goes/on/and/on/index.html"
    record = {
        **ok_record(score=0.5, band="medium", reasons=["3 organisationsorganisations here"]),
        "text": f"Officials said the report is at {url} today.",
        "evidence": [],
    }
    table = ScoreTable(io.StringIO(), explain=True)
    table.console.width = 40
    out = printed(table, record)
    assert "…" not in out
    sentences, summary = out.split("┏")
    assert url in "".join(sentences.split())
    reasons = [line.split("│")[4].strip() for line in summary.splitlines() if "│" in line]
    assert "organisationsorganisations" in "".join(reasons)


def test_tables_show_control_characters_instead_of_sending_them() -> None:
    # An ESC in an article or an id reached the terminal raw ("\x1b[2J" cleared it), and
    # rich dropped a "\b" unseen.
    record = {
        **ok_record(score=0.5, band="medium", reasons=["a\x1b[31m reason"]),
        "id": "id\x1b[2J",
        "text": "Officials said \x1b[31mred\x1b[0m on Monday it\x08 rose\x7f\x9b.",
        "evidence": [],
    }
    out = printed(ScoreTable(io.StringIO(), explain=True), record)
    assert "\x1b" not in out and "\x08" not in out and "\x9b" not in out
    assert "Officials said ␛[31mred␛[0m on Monday it␈ rose␡\ufffd." in out
    assert "id␛[2J: 0.50" in out and "a␛[31m reason" in out
    error = {**record, "status": "error", "error": "bad\x1b[2J"}
    assert "id␛[2J  (in[1].jsonl:1): bad␛[2J" in printed(FeatureTable(io.StringIO()), error)


class ClosedPipe(io.StringIO):
    def write(self, text: str) -> int:
        raise BrokenPipeError


def test_a_closed_pipe_raises_broken_pipe_not_rich_exit_1() -> None:
    # rich answers a BrokenPipeError with SystemExit(1), the exit code of a failed check;
    # the CLI turns BrokenPipeError into 141, as for `| head` on any other format.
    record = {**ok_record(score=0.5, band="medium"), "text": "Officials said so.", "evidence": []}
    with pytest.raises(BrokenPipeError):
        ScoreTable(ClosedPipe(), explain=True).write(record)
    with pytest.raises(BrokenPipeError):
        FeatureTable(ClosedPipe()).write(ok_record())


def test_feature_table_names_a_file_once() -> None:
    # A file's id is its path: the title said "a.txt  (a.txt)".
    record = {**ok_record(), "id": "a.txt", "input": "a.txt"}
    assert printed(FeatureTable(io.StringIO()), record).splitlines()[0].strip() == "a.txt"
