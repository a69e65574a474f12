import errno
import json
import logging
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from importlib.metadata import version
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from sourcecheck.scoring.cli import app
from sourcecheck.scoring.cli.edge import Failures, edge, set_verbose

runner = CliRunner()
CLI = "from sourcecheck.scoring.cli import main; main()"


def test_a_reader_that_stops_early_is_not_an_internal_error(tmp_path: Path) -> None:
    rows = tmp_path / "rows.jsonl"
    row = {"text": "The minister said on Monday that the road will reopen."}
    rows.write_text("".join(json.dumps(row) + "\n" for _ in range(300)), encoding="utf-8")
    command = [sys.executable, "-c", CLI, "score", str(rows), "-f", "jsonl", "-j", "1"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.readline()
        process.stdout.close()  # like `| head -1`
        stderr = process.stderr.read().decode()
    assert process.returncode == 141
    assert "internal error" not in stderr and "Exception ignored" not in stderr


@pytest.mark.parametrize("command", [["score", "--explain"], ["features"]])
def test_a_reader_that_stops_a_table_early_gets_141_too(tmp_path: Path, command: list) -> None:
    # The tables printed as records arrive (score --explain, features) exited 1 (rich's
    # own answer to a closed pipe), the code of a failed check.
    rows = tmp_path / "rows.jsonl"
    row = {"text": "The minister said on Monday that the road will reopen."}
    rows.write_text("".join(json.dumps(row) + "\n" for _ in range(300)), encoding="utf-8")
    args = [sys.executable, "-c", CLI, command[0], str(rows), *command[1:], "-j", "1"]
    with subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.readline()
        process.stdout.close()
        stderr = process.stderr.read().decode()
    assert process.returncode == 141
    assert "internal error" not in stderr and "Exception ignored" not in stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize(
    "command", [["score", "-f", "jsonl"], ["score", "--explain"], ["features", "-f", "csv"]]
)
def test_a_full_disk_is_an_output_error_not_an_internal_one(tmp_path: Path, command: list) -> None:
    # Exit 3, "internal error ... please report it". /dev/full is only written to here
    # (an open file descriptor), never replaced.
    rows = tmp_path / "rows.jsonl"
    row = {"text": "The minister said on Monday that the road will reopen."}
    rows.write_text("".join(json.dumps(row) + "\n" for _ in range(40)), encoding="utf-8")
    args = [sys.executable, "-c", CLI, command[0], str(rows), *command[1:], "-j", "1"]
    with open("/dev/full", "w") as full:
        process = subprocess.run(args, stdout=full, stderr=subprocess.PIPE, text=True)
    assert process.returncode == 5
    assert process.stderr.splitlines() == [
        "sourcecheck: error: cannot write standard output: No space left on device"
    ]


def _mayor_rows(folder: Path, n: int) -> Path:
    """A JSON Lines file of ``n`` short articles, ids r0, r1, ...: a run long enough to stop."""
    rows = folder / "rows.jsonl"
    text = "Mayor Jane Ortiz said on Monday that {} homes may be built."
    lines = (json.dumps({"id": f"r{i}", "text": text.format(i)}) + "\n" for i in range(n))
    rows.write_text("".join(lines), encoding="utf-8")
    return rows


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_sigterm_stops_a_run_as_ctrl_c_does(
    tmp_path: Path, jobs: str, children: Callable[[int], list[int]]
) -> None:
    # SIGTERM left the hidden temporary file and no .partial, and with --jobs 2 both
    # workers waiting forever for chunks, adopted by init.
    rows = _mayor_rows(tmp_path, 4000)
    out = tmp_path / "out.jsonl"
    args = [sys.executable, "-c", CLI, "score", str(rows), "-o", str(out), "-j", jobs]
    with subprocess.Popen(args, stderr=subprocess.PIPE, text=True) as process:
        deadline = time.monotonic() + 60
        while not any(p.stat().st_size for p in tmp_path.glob("*out.jsonl*")):
            assert process.poll() is None and time.monotonic() < deadline
            time.sleep(0.02)
        workers = children(process.pid)
        assert len(workers) == (2 if jobs == "2" else 0)
        process.terminate()
        _, stderr = process.communicate(timeout=30)
    assert process.returncode == 143
    assert stderr.splitlines() == [
        f"sourcecheck: stopped; what was written is in {out}.partial: run the same command "
        "with --resume to go on"
    ]
    assert [p.name for p in tmp_path.iterdir() if p != rows] == ["out.jsonl.partial"]
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()]
    resumed = subprocess.run([*args, "--resume"], capture_output=True, text=True)
    assert resumed.returncode == 0, resumed.stderr
    ids = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert ids == [f"r{i}" for i in range(4000)]


@pytest.mark.parametrize("suffix", ["jsonl", "csv"])
def test_a_killed_run_leaves_a_partial_file_that_resume_completes(
    tmp_path: Path, suffix: str
) -> None:
    # SIGKILL (or the OOM killer) left only the hidden temporary file, which --resume never
    # reads: the whole run was lost.
    rows = _mayor_rows(tmp_path, 1500)
    out = tmp_path / f"out.{suffix}"
    args = [sys.executable, "-c", CLI, "score", str(rows), "-o", str(out), "-j", "1"]
    with subprocess.Popen(args, stderr=subprocess.DEVNULL) as process:
        deadline = time.monotonic() + 60
        while not any(p.stat().st_size > 2000 for p in tmp_path.glob("*out.*")):
            assert process.poll() is None and time.monotonic() < deadline
            time.sleep(0.02)
        process.kill()
    # And the lock file, which the kernel unlocked: the resumed run takes and removes it.
    left = sorted(p.name for p in tmp_path.iterdir() if p != rows)
    assert left == [f".out.{suffix}.lock", f"out.{suffix}.partial"]
    resumed = subprocess.run([*args, "--resume"], capture_output=True, text=True)
    assert resumed.returncode == 0, resumed.stderr
    assert "left by a stopped run" not in resumed.stderr
    assert [p.name for p in tmp_path.iterdir() if p != rows] == [f"out.{suffix}"]
    killed_and_resumed = out.read_bytes()
    assert subprocess.run(args, capture_output=True).returncode == 0
    assert killed_and_resumed == out.read_bytes()


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")
@pytest.mark.parametrize(
    ("command", "left"),
    [
        (["train", "-o", "m.skops"], ["labelled.jsonl"]),
        (["evaluate", "--plots", "plots"], ["labelled.jsonl", "plots"]),
    ],
    ids=["train", "evaluate"],
)
def test_sigterm_stops_training_and_evaluation_leaving_nothing(
    tmp_path: Path, command: list[str], left: list[str], children: Callable[[int], list[int]]
) -> None:
    # Both write nothing until the end: a stopped run leaves no model, card, plot or
    # temporary file (only the plot folder, made before the work to refuse a bad one), and
    # no worker behind (joblib's workers and resource trackers see their parent go and
    # exit within a second or two).
    rows = tmp_path / "labelled.jsonl"
    lines = (
        json.dumps(
            {
                "text": f"Mayor Jane Ortiz said on Monday that {i} homes may be built."
                if i % 2
                else f"Some say {i} homes could perhaps be built one day.",
                "label": i % 2,
                "source": f"outlet{i % 7}",
            }
        )
        + "\n"
        for i in range(8000)
    )
    rows.write_text("".join(lines), encoding="utf-8")
    args = [sys.executable, "-c", CLI, command[0], str(rows), *command[1:], "-j", "2"]
    with subprocess.Popen(args, cwd=tmp_path, stderr=subprocess.PIPE, text=True) as process:
        deadline = time.monotonic() + 60
        while len(children(process.pid)) < 2:
            assert process.poll() is None and time.monotonic() < deadline
            time.sleep(0.02)
        time.sleep(1)  # the workers started, extracting
        workers = children(process.pid)
        process.terminate()
        _, stderr = process.communicate(timeout=30)
    assert process.returncode == 143, stderr
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == left
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() for pid in workers):
        assert time.monotonic() < deadline, "workers left running"
        time.sleep(0.05)


def test_a_full_disk_anywhere_is_an_output_error(capsys: pytest.CaptureFixture[str]) -> None:
    # A write no writer guards (a model file, a card): the error can only come from writing.
    @edge
    def command() -> None:
        raise OSError(errno.ENOSPC, "No space left on device", "m.skops")

    with pytest.raises(typer.Exit) as stopped:
        command()
    assert stopped.value.exit_code == 5
    assert capsys.readouterr().err == (
        "sourcecheck: error: cannot write 'm.skops': No space left on device\n"
    )


def words(output: str) -> str:
    """Typer's usage-error box without its frame and line breaks."""
    return " ".join(output.replace("│", " ").split())


def test_lexicon_dir_must_be_a_folder_of_utf8_lexicons(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("The minister said so on Monday.", encoding="utf-8")
    missing = runner.invoke(app, ["score", str(article), "--lexicon-dir", str(tmp_path / "no")])
    assert missing.exit_code == 2 and "is not a folder" in words(missing.output)
    lexicons = tmp_path / "lexicons"
    lexicons.mkdir()
    (lexicons / "hedge_modals.txt").write_bytes(b"\xff\xfemay\n")
    unreadable = runner.invoke(app, ["score", str(article), "--lexicon-dir", str(lexicons)])
    assert unreadable.exit_code == 2 and "as UTF-8 text" in words(unreadable.output)


@pytest.mark.parametrize("command", [["score"], ["check"], ["index", "build", "--out", "i"]])
def test_the_lexicon_folder_variable_is_checked_as_the_option_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    # A typo in it measured with the shipped lexicons, unsaid, in every command.
    article = tmp_path / "a.txt"
    article.write_text("The minister said so on Monday.", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCECHECK_LEXICON_DIR", str(tmp_path / "no"))
    result = runner.invoke(app, [*command, str(article)])
    assert result.exit_code == 2
    assert "$SOURCECHECK_LEXICON_DIR" in words(result.output)
    assert "is not a folder" in words(result.output)


def test_lexicon_dir_cue_weights_that_do_not_parse_are_a_usage_error(tmp_path: Path) -> None:
    # Found only when an article was measured, it failed every article as an internal error.
    article = tmp_path / "a.txt"
    article.write_text("The minister said so on Monday.", encoding="utf-8")
    lexicons = tmp_path / "lexicons"
    lexicons.mkdir()
    (lexicons / "attribution_cue_weights.txt").write_text("foo 1.0 bar\n", encoding="utf-8")
    result = runner.invoke(app, ["score", str(article), "--lexicon-dir", str(lexicons)])
    assert result.exit_code == 2, result.output
    assert "is no cue-weights file" in words(result.output)


def test_lexicon_dir_file_that_names_no_lexicon_is_warned_about(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("The minister said so on Monday.", encoding="utf-8")
    (tmp_path / "hedge_cue.add.txt").write_text("perchance\n", encoding="utf-8")
    result = runner.invoke(app, ["score", str(article), "--lexicon-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "hedge_cue.add.txt replaces or extends no lexicon" in result.stderr


def test_an_internal_error_is_reported_on_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("first line\nsecond line")

    # The command module (the package exports the command function under the same name).
    monkeypatch.setattr(sys.modules["sourcecheck.scoring.cli.score"], "iter_articles", broken)
    result = runner.invoke(app, ["score", str(tmp_path)])
    assert result.exit_code == 3
    assert result.stderr.splitlines() == [
        "sourcecheck: internal error: ValueError: first line second line "
        "(run with --verbose for the traceback, and please report it)"
    ]


@pytest.mark.usefixtures("root_logging")
@pytest.mark.parametrize("where", ["before", "after"])
def test_verbose_is_taken_before_or_after_the_command(
    where: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # After it ("score x --verbose", where a user adds it) was "No such option".
    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("broken")

    monkeypatch.setattr(sys.modules["sourcecheck.scoring.cli.score"], "iter_articles", broken)
    command = ["score", str(tmp_path)]
    args = ["--verbose", *command] if where == "before" else [*command, "--verbose"]
    result = runner.invoke(app, args)
    assert result.exit_code == 3
    assert "Traceback" in result.stderr


@pytest.fixture
def root_logging() -> Iterator[None]:
    """The root logger's handlers and level, put back after the test."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:], root.level = handlers, level


@pytest.mark.usefixtures("root_logging")
def test_library_info_logs_stay_quiet_without_verbose(capsys: pytest.CaptureFixture[str]) -> None:
    chatty = logging.getLogger("distributed.scheduler")
    chatty.setLevel(logging.INFO)  # what Dask's configuration does
    set_verbose(False)
    chatty.info("Scheduler closing all comms")
    logging.getLogger("sourcecheck").warning("a real warning")
    assert capsys.readouterr().err == "sourcecheck: WARNING: a real warning\n"
    set_verbose(True)
    chatty.info("now shown")
    assert "now shown" in capsys.readouterr().err


@pytest.mark.usefixtures("root_logging")
def test_html_extraction_warnings_stay_quiet_without_verbose(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # An empty page printed "sourcecheck: WARNING: discarding data: None" (trafilatura).
    set_verbose(False)
    for name in ("trafilatura.core", "htmldate", "courlan.filters", "justext"):
        logging.getLogger(name).warning("discarding data: None")
    logging.getLogger("trafilatura").error("a real failure")
    assert capsys.readouterr().err == "sourcecheck: ERROR: a real failure\n"
    set_verbose(True)
    logging.getLogger("trafilatura.core").warning("discarding data: None")
    assert "discarding data: None" in capsys.readouterr().err


def test_an_empty_html_page_is_one_error_line(tmp_path: Path) -> None:
    page = tmp_path / "empty.html"
    page.write_text("<html><body></body></html>", encoding="utf-8")
    command = [sys.executable, "-c", CLI, "score", str(page), "-f", "jsonl"]
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 4
    assert "discarding data" not in done.stderr
    assert f"sourcecheck: {page}: HTML with no main text" in done.stderr


def test_a_model_trained_with_another_sklearn_warns_in_one_line(tmp_path: Path) -> None:
    # The warning printed the caller's file and line, then its source code on a second line.
    from sourcecheck.scoring import modelio

    model = modelio.load_default()
    model.versions_ = {"scikit-learn": "0.0.1"}
    path = modelio.save(model, tmp_path / "old.skops")
    article = tmp_path / "a.txt"
    article.write_text("The minister said so on Monday.", encoding="utf-8")
    command = [sys.executable, "-c", CLI, "score", str(article), "-m", str(path), "-f", "jsonl"]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    assert done.stderr.splitlines() == [
        f"sourcecheck: WARNING: {path} was trained with scikit-learn 0.0.1, this is "
        f"{version('scikit-learn')}: scores may differ; retrain with `sourcecheck train`."
    ]


def test_against_a_corpus_names_the_inputs_it_could_not_index(tmp_path: Path) -> None:
    # Indexed for the run, a reference corpus lost its unreadable files without a word.
    reference = tmp_path / "reference"
    reference.mkdir()
    examples = Path(__file__).resolve().parents[2] / "data" / "examples"
    for path in examples.glob("*.txt"):
        (reference / path.name).write_bytes(path.read_bytes())
    (reference / "broken.txt").write_bytes(b"\x00\x01\x02 binary")
    article = examples / "attributed_002.txt"
    result = runner.invoke(app, ["score", str(article), "--against", str(reference)])
    assert result.exit_code == 0, result.output
    assert f"sourcecheck: skipped {reference / 'broken.txt'}: binary file" in result.stderr


def test_output_that_is_also_an_input_is_refused(tmp_path: Path) -> None:
    # `score rows.jsonl -o rows.jsonl` replaced the corpus with its scores, exit 0.
    rows = tmp_path / "rows.jsonl"
    rows.write_text(json.dumps({"id": "a", "text": "The mayor said so."}) + "\n", "utf-8")
    before = rows.read_bytes()
    page = tmp_path / "page.html"
    page.write_text("<html><body><p>The mayor said so.</p></body></html>", "utf-8")
    for command in (
        ["score", str(rows), "-o", str(rows)],
        ["features", str(rows), "-o", str(tmp_path / "." / "rows.jsonl")],
        ["report", str(page), "-o", str(page)],
    ):
        result = runner.invoke(app, command)
        assert result.exit_code == 2, (command, result.output)
        assert "is also an input" in result.output
    assert rows.read_bytes() == before


def test_output_inside_an_input_folder_is_refused(tmp_path: Path) -> None:
    # Run twice, `score corpus -o corpus/out.jsonl` scored its own previous records.
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "a.txt").write_text("The mayor said so on Monday.", "utf-8")
    for output in (corpus / "out.jsonl", corpus / "sub" / "out.csv"):
        result = runner.invoke(app, ["score", str(corpus), "-o", str(output)])
        assert result.exit_code == 2, result.output
        assert "is inside the input folder" in result.output
        assert not output.exists()
    unread = corpus / "scores.json"  # a suffix the folder walk does not read: allowed
    result = runner.invoke(app, ["score", str(corpus), "-o", str(unread)])
    assert result.exit_code == 0, result.output
    assert json.loads(unread.read_text("utf-8"))[0]["id"].endswith("a.txt")


def test_an_item_error_line_shows_control_characters_as_symbols(tmp_path: Path) -> None:
    (tmp_path / "a\x1b[2Jb.txt").write_text("", encoding="utf-8")  # empty: an error record
    result = CliRunner().invoke(app, ["score", str(tmp_path), "-f", "jsonl"])
    assert result.exit_code == 4
    assert "a␛[2Jb.txt: empty text" in result.stderr and "\x1b" not in result.stderr


def test_item_and_usage_error_lines_stay_one_line_with_a_newline_in_a_name(
    tmp_path: Path,
) -> None:
    (tmp_path / "a\n::warning::b.txt").write_text("", encoding="utf-8")  # an error record
    result = CliRunner().invoke(app, ["score", str(tmp_path), "-f", "jsonl"])
    assert result.exit_code == 4
    assert "a␊::warning::b.txt: empty text" in result.stderr
    missing = CliRunner().invoke(app, ["check", str(tmp_path / "no\nsuch")])
    assert missing.exit_code == 2
    assert len(missing.stderr.splitlines()) == 1 and "no␊such" in missing.stderr


def test_an_item_error_line_says_its_place_once(tmp_path: Path) -> None:
    # "adv.jsonl:2: line 2: empty text": the input, then the place again in the error.
    rows = tmp_path / "adv.jsonl"
    rows.write_text('{"id": "a", "text": "The mayor said so."}\n{"text": ""}\n', "utf-8")
    table = tmp_path / "t.csv"
    table.write_text('text\n""\n', "utf-8")
    empty = tmp_path / "e.txt"
    empty.write_text("", "utf-8")
    result = CliRunner().invoke(app, ["score", str(rows), str(table), str(empty), "-f", "jsonl"])
    assert result.exit_code == 4
    assert result.stderr.splitlines()[:3] == [
        f"sourcecheck: {rows} line 2: empty text",
        f"sourcecheck: {table} row 1: empty text",
        f"sourcecheck: {empty}: empty text: the file is empty or whitespace only",
    ]
    record = json.loads(result.stdout.splitlines()[1])  # the records keep both, as before
    assert (record["input"], record["error"]) == (f"{rows}:2", "line 2: empty text")


@pytest.mark.parametrize(
    ("statuses", "summary"),
    [
        (["error"], "the one input could not be scored"),
        (["error", "error"], "none of the 2 inputs could be scored"),
        (["ok", "error"], "1 of 2 inputs could not be scored; the other one was written"),
        (["error", "ok", "ok"], "1 of 3 inputs could not be scored; the other 2 were written"),
    ],
)
def test_failures_say_how_many_of_how_many_failed(
    statuses: list[str], summary: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # "1 input(s) could not be scored; the others were written" was said of a lone input.
    failures = Failures()
    for n, status in enumerate(statuses):
        failures.note({"input": f"a{n}.txt", "status": status, "error": "empty text"})
    with pytest.raises(typer.Exit) as stopped:
        failures.finish("scored")
    assert stopped.value.exit_code == 4
    assert capsys.readouterr().err.splitlines()[-1] == f"sourcecheck: {summary}"


def test_failures_past_the_shown_ones_are_counted(capsys: pytest.CaptureFixture[str]) -> None:
    failures = Failures(shown=1)
    for n, status in enumerate(["error", "error", "ok"]):
        failures.note({"input": f"a{n}.txt", "status": status, "error": "empty text"})
    with pytest.raises(typer.Exit):
        failures.finish("analysed")
    assert capsys.readouterr().err.splitlines() == [
        "sourcecheck: a0.txt: empty text",
        "sourcecheck: 2 of 3 inputs could not be analysed (1 not shown); the other one was written",
    ]


def test_score_of_one_input_that_fails_says_so(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("", encoding="utf-8")
    result = runner.invoke(app, ["score", str(path), "-f", "jsonl"])
    assert result.exit_code == 4
    assert result.stderr.splitlines()[-1] == "sourcecheck: the one input could not be scored"
