import errno
import io
import json
import os
import stat
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from sourcecheck.scoring import writers
from sourcecheck.scoring.errors import OutputError, UsageError
from sourcecheck.scoring.writers import (
    FORMATS,
    JsonArrayWriter,
    JsonlWriter,
    check_writable,
    claimed,
    done_ids,
    flat_row,
    open_writer,
    partial_path,
    previous_rows,
    resolve_format,
    staged_output,
)


def test_resolve_format_from_suffix_or_default() -> None:
    assert resolve_format(None, None) == "table"
    assert resolve_format(None, "out.jsonl") == "jsonl"
    assert resolve_format("csv", "out.jsonl") == "csv"
    with pytest.raises(UsageError, match="--format"):
        resolve_format(None, "out.xyz")


def test_resolve_format_takes_any_case_and_warns_of_a_suffix_it_contradicts(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # "-f JSONL" was refused; "-f jsonl -o x.csv" wrote JSON Lines into a .csv unremarked.
    assert resolve_format("JSONL", None) == "jsonl"
    assert resolve_format("jsonl", "out.jsonl") == "jsonl" and not caplog.records
    assert resolve_format("jsonl", "out.csv") == "jsonl"
    assert caplog.messages == ["writing jsonl into 'out.csv', whose suffix says csv"]
    assert resolve_format("jsonl", "scores.txt") == "jsonl"  # a suffix of no format: no word
    assert len(caplog.messages) == 1


def test_resolve_format_refuses_formats_the_command_does_not_write() -> None:
    assert resolve_format(None, "report.html", (*FORMATS, "html")) == "html"
    with pytest.raises(UsageError, match=r"--format 'html': this command writes table, json"):
        resolve_format("html", None)
    with pytest.raises(UsageError, match=r"--output 'out\.htm' \(html\)"):
        resolve_format(None, "out.htm")
    with pytest.raises(UsageError, match="--format 'yaml'"):
        resolve_format("yaml", None)


def test_flat_row_spreads_features_and_encodes_nested_fields() -> None:
    record = {
        "id": "a",
        "input": "a",
        "status": "ok",
        "error": None,
        "features": {"f": 1.0},
        "evidence": [{"k": 1}],
    }
    row = flat_row(record, ["f", "g"])
    assert row["f"] == 1.0 and row["g"] is None
    assert row["evidence"] == '[{"k": 1}]'


def test_flat_formats_keep_the_warnings(tmp_path: Path) -> None:
    record = {"id": "a", "input": "a", "status": "ok", "error": None, "warnings": ["w [1]"]}
    for name in ("out.csv", "out.parquet"):
        out = tmp_path / name
        with open_writer(out.suffix[1:], str(out), feature_columns=["f"]) as writer:
            writer.write({**record, "features": {"f": 1.0}})
        frame = pd.read_csv(out) if name.endswith(".csv") else pd.read_parquet(out)
        assert frame.columns.tolist() == ["id", "input", "status", "error", "f", "warnings"]
        assert frame["warnings"].tolist() == ['["w [1]"]']


def test_json_array_writer_empty_and_full() -> None:
    stream = io.StringIO()
    writer = JsonArrayWriter(stream)
    writer.close()
    assert stream.getvalue() == "[]\n"
    stream = io.StringIO()
    writer = JsonArrayWriter(stream)
    writer.write({"a": 1})
    writer.write({"a": 2})
    writer.close()
    assert stream.getvalue() == '[\n{"a": 1},\n{"a": 2}\n]\n'


def test_staged_output_keeps_an_interrupted_run_as_partial(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    with pytest.raises(KeyboardInterrupt), staged_output(str(target), resumable=True) as path:
        Path(path).write_text('{"id": "a"}\n', encoding="utf-8")
        raise KeyboardInterrupt
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl.partial"]
    with staged_output(str(target)) as path:
        Path(path).write_text("whole", encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


def test_staged_output_gives_the_partial_file_the_permissions_of_the_output(
    tmp_path: Path,
) -> None:
    """A kept partial file is the user's output so far: readable like the finished one."""
    umask = os.umask(0o022)
    try:
        target = tmp_path / "out.jsonl"
        with pytest.raises(KeyboardInterrupt), staged_output(str(target), resumable=True) as path:
            Path(path).write_text('{"id": "a"}\n', encoding="utf-8")
            raise KeyboardInterrupt
        partial = tmp_path / "out.jsonl.partial"
        assert stat.S_IMODE(partial.stat().st_mode) == 0o644
        with staged_output(str(target)) as path:
            Path(path).write_text("whole", encoding="utf-8")
        assert stat.S_IMODE(target.stat().st_mode) == 0o644
    finally:
        os.umask(umask)


def test_staged_output_keeps_the_permissions_of_the_file_it_replaces(tmp_path: Path) -> None:
    # A private output (chmod 600) was replaced by a 0644 one that anyone could read.
    target = tmp_path / "out.jsonl"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o600)
    with pytest.raises(KeyboardInterrupt), staged_output(str(target), resumable=True) as path:
        Path(path).write_text('{"id": "a"}\n', encoding="utf-8")
        raise KeyboardInterrupt
    assert stat.S_IMODE(partial_path(str(target)).stat().st_mode) == 0o600
    with staged_output(str(target)) as path:
        Path(path).write_text("new\n", encoding="utf-8")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text(encoding="utf-8") == "new\n"


def test_staged_output_gives_a_read_only_mode_only_once_written(tmp_path: Path) -> None:
    # The kept 0444 was given before the writing, which it then refused (exit 5) for any
    # user but root.
    target = tmp_path / "out.jsonl"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o444)
    with staged_output(str(target)) as path:
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600  # writable while written
        Path(path).write_text("new\n", encoding="utf-8")
    assert stat.S_IMODE(target.stat().st_mode) == 0o444
    assert target.read_text(encoding="utf-8") == "new\n"


def test_staged_output_says_a_partial_file_will_go_unless_resuming(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    partial = tmp_path / "out.jsonl.partial"
    for resumable, resuming, said in [
        (True, True, None),
        (True, False, "will be replaced when this run finishes; to go on from it instead"),
        (False, False, "will be removed when this run finishes"),
    ]:
        partial.write_text('{"id": "a"}\n', encoding="utf-8")
        caplog.clear()
        with staged_output(str(tmp_path / "out.jsonl"), resumable=resumable, resuming=resuming):
            at_the_start = caplog.text
        if said is None:
            assert "stopped run" not in at_the_start
        else:
            assert f"{partial}, left by a stopped run, {said}" in at_the_start
        assert not partial.exists()


def test_staged_output_leaves_nothing_of_an_output_no_run_can_resume(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(KeyboardInterrupt), staged_output(str(tmp_path / "r.html")) as path:
        Path(path).write_text("<html>half", encoding="utf-8")
        raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []
    assert "--resume" not in capsys.readouterr().err


def test_staged_output_makes_a_missing_folder_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # It was made without a word: a mistyped folder name went unseen.
    output = tmp_path / "new" / "sub" / "x.csv"
    with staged_output(str(output)) as path:
        Path(path).write_text("id\n", encoding="utf-8")
    assert output.read_text(encoding="utf-8") == "id\n"
    folder = tmp_path / "new" / "sub"
    assert capsys.readouterr().err == (
        f"sourcecheck: made the folder {str(folder)!r} for {str(output)!r}\n"
    )
    with staged_output(str(output)) as path:  # a folder that exists is not mentioned
        Path(path).write_text("id\n", encoding="utf-8")
    assert capsys.readouterr().err == ""


def test_staged_output_refuses_a_folder_under_a_file(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("", encoding="utf-8")
    for output in (tmp_path / "file" / "x.csv", tmp_path / "file" / "sub" / "x.csv"):
        with (
            pytest.raises(UsageError, match=r"'.*file' is a file, not a folder"),
            staged_output(str(output)),
        ):
            pass


def test_staged_output_refuses_a_folder_or_a_folder_it_cannot_write(tmp_path: Path) -> None:
    (tmp_path / "out.jsonl").mkdir()
    with (
        pytest.raises(UsageError, match="it is a folder"),
        staged_output(str(tmp_path / "out.jsonl")),
    ):
        pass
    with pytest.raises(UsageError, match="cannot write"), staged_output("/proc/out.jsonl"):
        pass


def test_previous_rows_stop_at_a_line_cut_short(tmp_path: Path) -> None:
    output = tmp_path / "out.jsonl"
    partial_path(str(output)).write_text('{"id": "a"}\n{"id": "b"}\n{"id": "c', encoding="utf-8")
    assert [row["id"] for row in previous_rows(str(output), "jsonl")] == ["a", "b"]
    assert done_ids(str(output), "jsonl") == {"a": 1, "b": 1}


@pytest.mark.parametrize("cut", ['"b,', '"b,\r\n'])
def test_previous_rows_drop_a_csv_row_cut_short(tmp_path: Path, cut: str) -> None:
    # A CSV partial file killed mid-row gave its cut last row back as a row done, so
    # --resume never scored it again (cut after a line end inside a quoted field too).
    output = tmp_path / "out.csv"
    partial_path(str(output)).write_text(f"id,error\r\na,\r\nb,{cut}", encoding="utf-8")
    assert [row["id"] for row in previous_rows(str(output), "csv")] == ["a"]


def test_open_writer_streams_into_the_partial_file(tmp_path: Path) -> None:
    # What a run wrote was in a hidden temporary file until it stopped: a SIGKILL left
    # nothing --resume reads. Parquet, unreadable before its footer, is still staged.
    for fmt in ("jsonl", "csv", "parquet"):
        output = tmp_path / f"out.{fmt}"
        with open_writer(fmt, str(output), feature_columns=["f"]) as writer:
            writer.write(RECORD)
            streamed = [row["id"] for row in previous_rows(str(output), fmt)]
            assert streamed == ([] if fmt == "parquet" else ["a"])
        assert [row["id"] for row in previous_rows(str(output), fmt)] == ["a"]
        assert not partial_path(str(output)).exists()


def test_resuming_streams_into_the_partial_file_after_its_rows(tmp_path: Path) -> None:
    output = tmp_path / "out.jsonl"
    partial_path(str(output)).write_text('{"id": "a"}\n{"id": "b"}\n{"id": "c', encoding="utf-8")
    with open_writer("jsonl", str(output), feature_columns=[], resume=True) as writer:
        assert done_ids(str(output), "jsonl") == {"a": 1, "b": 1}
        writer.write({"id": "c"})
        assert done_ids(str(output), "jsonl") == {"a": 1, "b": 1, "c": 1}
    assert output.read_text(encoding="utf-8") == '{"id": "a"}\n{"id": "b"}\n{"id": "c"}\n'
    assert not partial_path(str(output)).exists()


def test_done_ids_needs_a_resumable_output() -> None:
    with pytest.raises(UsageError, match="--output"):
        done_ids(None, "jsonl")
    with pytest.raises(UsageError, match="json"):
        done_ids("x.json", "json")


def test_staged_output_follows_a_symlink_and_keeps_it(tmp_path: Path) -> None:
    # The rename replaced the link with a plain file, and the file it named kept its
    # old contents.
    target = tmp_path / "scores-0412.jsonl"
    target.write_text("old\n", encoding="utf-8")
    link = tmp_path / "latest.jsonl"
    link.symlink_to(target.name)
    with staged_output(str(link), resumable=True) as path:
        assert Path(path).parent == tmp_path
        Path(path).write_text("new\n", encoding="utf-8")
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "new\n"
    # Stopped: the partial file is beside the target, where --resume reads it.
    with pytest.raises(KeyboardInterrupt), staged_output(str(link), resumable=True) as path:
        Path(path).write_text('{"id": "a"}\n', encoding="utf-8")
        raise KeyboardInterrupt
    assert partial_path(str(link)) == tmp_path / "scores-0412.jsonl.partial"
    assert done_ids(str(link), "jsonl") == {"a": 1}
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "new\n"


def test_staged_output_writes_the_file_a_dangling_symlink_names(tmp_path: Path) -> None:
    link = tmp_path / "latest.jsonl"
    link.symlink_to(Path("runs") / "new.jsonl")
    with staged_output(str(link)) as path:
        Path(path).write_text("x\n", encoding="utf-8")
    assert link.is_symlink() and (tmp_path / "runs" / "new.jsonl").read_text() == "x\n"


def test_staged_output_refuses_a_symlink_to_a_folder(tmp_path: Path) -> None:
    (tmp_path / "folder").mkdir()
    (tmp_path / "out.jsonl").symlink_to("folder")
    with (
        pytest.raises(UsageError, match="it is a folder"),
        staged_output(str(tmp_path / "out.jsonl")),
    ):
        pass


def read_in_a_thread(path: Path) -> Callable[[], bytes]:
    """Start reading ``path`` (a FIFO) in a thread; the returned function waits for what
    it read."""
    got: list[bytes] = []

    def read() -> None:
        with open(path, "rb") as stream:
            got.append(stream.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()

    def result() -> bytes:
        reader.join(timeout=30)
        return got[0]

    return result


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_open_writer_writes_through_a_fifo(fmt: str, tmp_path: Path) -> None:
    # The FIFO was replaced by a plain file that its reader never saw.
    path = tmp_path / "pipe"
    os.mkfifo(path)
    received = read_in_a_thread(path)
    record = {"id": "a", "input": "a", "status": "ok", "error": None, "features": {"f": 1.0}}
    with open_writer(fmt, str(path), feature_columns=["f"]) as writer:
        writer.write(record)
    got = received()
    assert path.is_fifo()
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]  # no temporary or partial file
    if fmt == "jsonl":
        assert got.decode() == json.dumps(record) + "\n"
    else:
        (tmp_path / "copy.parquet").write_bytes(got)
        assert pd.read_parquet(tmp_path / "copy.parquet")["id"].tolist() == ["a"]


def own_device(path: Path, minor: int) -> Path:
    """A character device of the test's own with the numbers of /dev/null (3) or /dev/full
    (7): the machine's own devices are never at risk of being replaced."""
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
    except (PermissionError, AttributeError):
        pytest.skip("making a device file needs root on Linux")
    return path


def test_staged_output_writes_through_a_device_and_a_link_to_it(tmp_path: Path) -> None:
    device = own_device(tmp_path / "null", 3)
    (tmp_path / "link").symlink_to(device)
    for output in (device, tmp_path / "link"):
        with staged_output(str(output), resumable=True) as path:
            assert path == str(output)
            Path(path).write_text("gone", encoding="utf-8")
    assert device.is_char_device() and (tmp_path / "link").is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link", "null"]


RECORD = {"id": "a", "input": "a", "status": "ok", "error": None, "features": {"f": 1.0}}


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_a_full_output_is_an_output_error(tmp_path: Path, fmt: str) -> None:
    # OSError (exit 3, "internal error"); Parquet then failed again closing its file.
    full = own_device(tmp_path / "full", 7)
    with (
        pytest.raises(OutputError, match=r"cannot write '.*full': No space left on device"),
        open_writer(fmt, str(full), feature_columns=["f"]) as writer,
    ):
        for _ in range(10_000):
            writer.write(RECORD)
    assert OutputError("x").exit_code == 5


def test_a_disk_that_fills_up_keeps_the_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    written: list[str] = []

    def write(self: JsonlWriter, record: dict) -> None:
        if written:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        written.append(record["id"])
        self.stream.write(json.dumps(record) + "\n")

    monkeypatch.setattr(JsonlWriter, "write", write)
    out = tmp_path / "out.jsonl"
    with (
        pytest.raises(OutputError, match="No space left on device"),
        open_writer("jsonl", str(out), feature_columns=[]) as writer,
    ):
        writer.write(RECORD)
        writer.write({**RECORD, "id": "b"})
    assert done_ids(str(out), "jsonl") == {"a": 1}  # --resume goes on after "a"


def test_check_writable_refuses_what_staged_output_refuses(tmp_path: Path) -> None:
    check_writable(tmp_path / "new" / "m.skops")
    assert [p.name for p in tmp_path.iterdir()] == ["new"]
    assert list((tmp_path / "new").iterdir()) == []  # nothing left but the folder
    with pytest.raises(UsageError, match=r"cannot write '/proc/m\.skops'"):
        check_writable("/proc/m.skops")
    with pytest.raises(UsageError, match="it is a folder"):
        check_writable(tmp_path)


def test_check_writable_without_making_the_folder_leaves_nothing(tmp_path: Path) -> None:
    check_writable(tmp_path / "new" / "deeper" / "m.skops", make_folder=False)
    assert list(tmp_path.iterdir()) == []
    (tmp_path / "a file").write_text("")
    with pytest.raises(UsageError, match=r"a file' is a file, not a folder"):
        check_writable(tmp_path / "a file" / "m.skops", make_folder=False)
    with pytest.raises(UsageError, match=r"cannot write '/proc/new/m\.skops'"):
        check_writable("/proc/new/m.skops", make_folder=False)


@pytest.mark.parametrize(
    ("fmt", "written", "wrong"),
    [
        ("csv", '{"id": "a", "b": 1}\n{"id": "b", "b": [1, 2]}\n', "line 2 has more fields"),
        ("csv", "id,b\n1,2,3\n", "line 2 has more fields than its header"),
        ("csv", "b,c\n1,2\n", "line 2 has no id"),
        ("csv", b"id\n\xe9\n", "is not UTF-8 text"),
        ("jsonl", '{"id": "a"}\n{"score": 1}\n', "line 2 has no id"),
        ("jsonl", '["a"]\n', "line 1 is not a JSON object"),
        ("jsonl", '"a"\n', "line 1 is not a JSON object"),
        ("parquet", "id\na\n", "is not a whole Parquet file"),
    ],
)
def test_resuming_refuses_an_output_it_did_not_write(
    tmp_path: Path, fmt: str, written: str | bytes, wrong: str
) -> None:
    # Each was an internal error (exit 3): a TypeError sorting a None key, a KeyError,
    # an AttributeError, an ArrowInvalid.
    output = tmp_path / f"out.{fmt}"
    if isinstance(written, bytes):
        output.write_bytes(written)
    else:
        output.write_text(written, encoding="utf-8")
    with pytest.raises(UsageError, match=f"{output}'? {wrong}.*rerun without --resume"):
        done_ids(str(output), fmt, frozenset({"id"}))


def test_resuming_refuses_a_parquet_file_cut_short(tmp_path: Path) -> None:
    output = tmp_path / "out.parquet"
    with open_writer("parquet", str(output), feature_columns=["f"]) as writer:
        writer.write(RECORD)
    output.write_bytes(output.read_bytes()[:-10])
    with pytest.raises(UsageError, match="is not a whole Parquet file"):
        done_ids(str(output), "parquet")


@pytest.mark.parametrize(
    ("fmt", "written", "wrong"),
    [
        ("jsonl", "hello world\nnot json\n", "line 1 is not a JSON record"),
        ("jsonl", '{"id": "a"}\n{"id": "b\n{"id": "c"}\n', "line 2 is not a JSON record"),
        ("jsonl", '{"id": "a"}\n{"id": "b"\n', "line 2 is not a JSON record"),
        ("csv", 'id,error\na,"x"y\nb,\n', "line 2 is not CSV"),
    ],
)
def test_resuming_takes_only_a_last_line_without_its_end_for_one_cut_off(
    tmp_path: Path, fmt: str, written: str, wrong: str
) -> None:
    # The first bad line was taken for the last one, cut off: the rows after it were
    # dropped, and a file that was not an output at all was replaced without a word.
    output = tmp_path / f"out.{fmt}"
    output.write_text(written, encoding="utf-8")
    with pytest.raises(UsageError, match=f"{output}'? {wrong}.*rerun without --resume"):
        done_ids(str(output), fmt)


def test_the_partial_file_streamed_into_has_the_output_mode_at_once(tmp_path: Path) -> None:
    # It kept mkstemp's 0600 until the end: after a kill -9 it stayed private, and the
    # output resumed from it took that mode.
    umask = os.umask(0o022)
    try:
        output = tmp_path / "out.jsonl"
        partial = partial_path(str(output))
        for mode in (0o644, 0o640):  # a new output's, then that of the output it replaces
            with open_writer("jsonl", str(output), feature_columns=[]) as writer:
                writer.write({"id": "a"})
                assert stat.S_IMODE(partial.stat().st_mode) == mode
            output.chmod(0o640)
    finally:
        os.umask(umask)


def test_a_claimed_output_is_free_again_when_its_holder_is_killed(
    tmp_path: Path, claimed_elsewhere: Callable[[Path], subprocess.Popen[bytes]]
) -> None:
    # A kernel lock: SIGKILL, which no handler sees, lets it go with the process.
    out = tmp_path / "out.jsonl"
    holder = claimed_elsewhere(out)
    with pytest.raises(UsageError, match="another sourcecheck run is writing"), claimed(str(out)):
        pass
    holder.kill()
    assert holder.wait() == -9
    with open_writer("jsonl", str(out), feature_columns=[]) as writer:
        writer.write({"id": "a"})
    # The lock file the killed run left is taken and removed; the output is written.
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]
    assert out.read_text(encoding="utf-8") == '{"id": "a"}\n'


def test_an_output_where_files_cannot_be_locked_is_written_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # NFS without its lock service: no lock to take, and no reason to refuse the output.
    def no_locks(handle: int, operation: int) -> None:
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(writers.fcntl, "flock", no_locks)
    out = tmp_path / "out.jsonl"
    with open_writer("jsonl", str(out), feature_columns=[]) as writer:
        writer.write({"id": "a"})
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


def test_resume_refuses_a_partial_file_made_with_another_model(tmp_path: Path) -> None:
    # What the rows were made with follows the stage through its rename into OUTPUT.partial.
    out = tmp_path / "out.jsonl"
    made = {"model_sha256": "a" * 64, "user_lexicon_sha256": None}
    with (
        pytest.raises(KeyboardInterrupt),
        open_writer("jsonl", str(out), feature_columns=[], made_with=made) as writer,
    ):
        writer.write({"id": "a", "status": "error"})
        raise KeyboardInterrupt
    assert partial_path(str(out)).is_file()
    assert done_ids(str(out), "jsonl", made_with=made) == {"a": 1}
    with pytest.raises(UsageError, match="made with another model"):
        done_ids(str(out), "jsonl", made_with={**made, "model_sha256": "b" * 64})
