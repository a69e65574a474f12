import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from sourcecheck.features.document import Document
from sourcecheck.scoring import analysis
from sourcecheck.scoring.analysis import AnalysisOptions, RepeatedIds, analyze_article
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


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")
def test_workers_end_when_their_parent_is_killed(
    tmp_path: Path,
    children: Callable[[int], list[int]],
    running: Callable[[Iterable[int]], list[int]],
) -> None:
    # SIGKILL runs no cleanup: the --jobs workers waited for chunks forever, adopted by init.
    rows = tmp_path / "rows.jsonl"
    row = "Mayor Jane Ortiz said on Monday that {} homes may be built, officials said."
    rows.write_text("".join(json.dumps({"text": row.format(i)}) + "\n" for i in range(20000)))
    cli = "from sourcecheck.scoring.cli import main; main()"
    args = [sys.executable, "-c", cli, "score", str(rows), "-f", "jsonl", "-j", "2"]
    with subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as process:
        deadline = time.monotonic() + 60
        while len(workers := children(process.pid)) < 2:
            assert process.poll() is None and time.monotonic() < deadline
            time.sleep(0.02)
        time.sleep(0.5)  # the workers started, measuring
        process.kill()
    deadline = time.monotonic() + 5
    try:
        while running(workers):
            assert time.monotonic() < deadline, f"workers {running(workers)} left running"
            time.sleep(0.05)
    finally:
        for pid in running(workers):  # not left behind by a failure
            os.kill(pid, signal.SIGKILL)


def test_where_prctl_is_missing_a_worker_polls_for_its_parents_death(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sent: list[tuple[int, int]] = []
    monkeypatch.setattr(analysis.os, "kill", lambda pid, sig: sent.append((pid, sig)))
    monkeypatch.setattr(analysis.os, "getppid", iter([41, 41, 1]).__next__)
    analysis._watch_parent(41, every=0)
    assert sent == [(os.getpid(), signal.SIGTERM)]


def test_text_that_splits_words_is_measured_as_read_with_warnings() -> None:
    text = "Mayor Hans Mu\u0308ller said on Monday that the infor\u00admation was wrong."
    record = analyze_article(Article(id="a", text=text, input="a"), AnalysisOptions(evidence=True))
    assert record["status"] == "ok"
    said = " | ".join(record["warnings"])
    assert "not Unicode NFC (1 accent mark" in said and "1 invisible character" in said
    assert "text" not in record  # not normalised: the offsets index the text as read
    for item in record["evidence"]:
        assert item["text"] == text[item["start"] : item["end"]]


def test_repeated_ids_are_named_once_in_order(caplog: pytest.LogCaptureFixture) -> None:
    repeated = RepeatedIds()
    for ident in ["x", "y", "x", "x", "z"]:
        repeated.note({"id": ident})
    repeated.finish()
    assert caplog.messages == [
        "1 id(s) are carried by more than one record ('x'): a join on id would match them "
        "all; give those rows distinct ids"
    ]
